// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { OutcomeError, outcomeStatus } from '@yibao/domain'
import type { FindingState, ReviewAction } from './finding-state.js'
import { FINDING_STATES, nextState, TRANSITIONS } from './finding-state.js'
import { DEFAULT_REVIEW_POLICY, validateReviewPolicy } from './review-policy.js'

const policy = DEFAULT_REVIEW_POLICY
const actions = Object.keys(TRANSITIONS) as ReviewAction[]

describe('the review state machine', () => {
  test.each(actions.flatMap((a) => FINDING_STATES.map((s) => [a, s] as const)))(
    '%s from %s is allowed exactly when the table lists it',
    (action, state) => {
      const run = (): FindingState =>
        nextState('F1', state, action, policy, { severity: 'SUSPECT' })
      if (TRANSITIONS[action].from.includes(state)) {
        expect(TRANSITIONS[action].to).toContain(run())
      } else {
        let caught: unknown
        try {
          run()
        } catch (err) {
          caught = err
        }
        expect(caught).toBeInstanceOf(OutcomeError)
        const outcome = (caught as OutcomeError).outcome
        expect(outcomeStatus(outcome)).toBe(409)
        expect(outcome.issues[0]!.message).toContain(`当前状态为 ${state}`)
        expect(outcome.issues[0]!.message).toContain(TRANSITIONS[action].from[0]!)
      }
    }
  )

  test('silence upholds a clear violation and sends a suspect one to review', () => {
    expect(nextState('F', 'DISPATCHED', 'expire', policy, { severity: 'CLEAR' })).toBe('UPHELD')
    expect(nextState('F', 'DISPATCHED', 'expire', policy, { severity: 'SUSPECT' })).toBe(
      'REVIEWING'
    )
    const strict = { ...policy, noAppeal: { ...policy.noAppeal, SUSPECT: 'UPHELD' as const } }
    expect(nextState('F', 'DISPATCHED', 'expire', strict, { severity: 'SUSPECT' })).toBe('UPHELD')
  })

  test('an upheld amount above the four-eyes threshold waits for approval', () => {
    const ctx = (amount: number) => ({ severity: 'SUSPECT' as const, amount })
    expect(nextState('F', 'APPEALED', 'uphold', policy, ctx(policy.fourEyesAmount))).toBe('UPHELD')
    expect(nextState('F', 'APPEALED', 'uphold', policy, ctx(policy.fourEyesAmount + 1))).toBe(
      'PENDING_APPROVAL'
    )
  })

  test('a policy with bad values is refused field by field', () => {
    const issues = validateReviewPolicy({
      ...policy,
      appealDays: 0,
      sampleRate: 1.5,
      holidays: ['2025-13-01'],
    })
    expect(issues.map((i) => i.path)).toEqual(['appealDays', 'sampleRate', 'holidays[0]'])
    expect(validateReviewPolicy(policy)).toEqual([])
  })
})
