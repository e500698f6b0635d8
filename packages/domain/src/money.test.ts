// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  fenToYuan,
  lineAmount,
  mulFen,
  priceE4ToYuan,
  roundHalfUp,
  yuanToFen,
  yuanToPriceE4,
} from './money.js'

describe('money', () => {
  test.each([
    ['1153.00', 115300],
    ['0.01', 1],
    ['12.5', 1250],
    ['-3.456', -346],
    ['0.005', 1],
    ['0.004', 0],
    ['  7 ', 700],
  ])('yuanToFen(%s) = %d', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen)
  })

  test.each(['', 'abc', '1,000.00', '1e5', '--1'])('rejects %j', (text) => {
    expect(yuanToFen(text)).toBeUndefined()
  })

  test('prices keep four decimals', () => {
    expect(yuanToPriceE4('0.035')).toBe(350)
    expect(priceE4ToYuan(350)).toBe('0.0350')
    expect(lineAmount(30, 350)).toBe(105) // 30 tablets at ¥0.035 = ¥1.05
  })

  test('fen → yuan → fen round-trips for any amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), (fen) => {
        expect(yuanToFen(fenToYuan(fen))).toBe(fen)
      })
    )
  })

  test('rounding is half-up, once', () => {
    expect(roundHalfUp(2.5)).toBe(3)
    expect(roundHalfUp(-2.5)).toBe(-3)
    expect(mulFen(571550 * 2, 0.5)).toBe(571550)
    // 0.7 × 816500 fen = 571550 exactly despite binary floating point
    expect(mulFen(816500, 0.7)).toBe(571550)
  })
})
