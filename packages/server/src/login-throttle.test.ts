// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { LoginThrottle } from './login-throttle.js'

describe('LoginThrottle', () => {
  const minute = 60_000

  test('locks a key after the allowed failures until the window has passed', () => {
    let now = 0
    const throttle = new LoginThrottle({ maxFailures: 3, windowMs: 10 * minute, now: () => now })
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('1.2.3.4|auditor')).toBe(0)
      throttle.fail('1.2.3.4|auditor')
      now += minute
    }
    // The third failure was at minute 2: locked until minute 12.
    expect(throttle.retryAfter('1.2.3.4|auditor')).toBe(9 * minute)
    expect(throttle.retryAfter('5.6.7.8|auditor')).toBe(0)
    now = 12 * minute
    expect(throttle.retryAfter('1.2.3.4|auditor')).toBe(0)
  })

  test('failures older than the window do not count, and a success clears the key', () => {
    let now = 0
    const throttle = new LoginThrottle({ maxFailures: 2, windowMs: 5 * minute, now: () => now })
    throttle.fail('k')
    now = 6 * minute
    throttle.fail('k')
    expect(throttle.retryAfter('k')).toBe(0)
    throttle.fail('k')
    expect(throttle.retryAfter('k')).toBe(5 * minute)
    throttle.succeed('k')
    expect(throttle.retryAfter('k')).toBe(0)
  })
})
