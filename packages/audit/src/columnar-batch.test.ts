// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { codeNumber } from './columnar-batch.js'

describe('codeNumber', () => {
  test('is Number(code) || 0 for any text', () => {
    const codes = fc.oneof(
      fc.stringMatching(/^[0-9]{0,6}$/),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('01', '390', '0', '00', ' 1', '1 ', '1e1', '0x1', '+1', '-1', '1.5', '９', '')
    )
    fc.assert(
      fc.property(codes, (code) => {
        expect(codeNumber(code)).toBe(Number(code) || 0)
      }),
      { numRuns: 20_000 }
    )
  })

  test('a null read from storage counts as 0', () => {
    expect(codeNumber(null as unknown as string)).toBe(0)
  })
})
