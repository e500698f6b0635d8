// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  exactScaled,
  fenToYuan,
  lineAmount,
  mulFen,
  parseScaled,
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

/** The text route `parseScaled` takes for a number (what it did for every number before). */
function viaText(value: number, scale: number): number | undefined {
  const text = !Number.isFinite(value)
    ? 'NaN'
    : Math.abs(value) >= 1e21
      ? String(value)
      : value.toFixed(8)
  return parseScaled(text, scale)
}

/** `exactScaled` as first written: the `toFixed` test, then the text route. */
function exactViaText(value: number, scale: number): number | undefined {
  if (!Number.isFinite(value) || Number(value.toFixed(scale)) !== value) return undefined
  return viaText(value, scale)
}

describe('numbers scaled without text', () => {
  const scales = fc.integer({ min: 0, max: 8 })
  /** Decimals as JSON numbers carry them: a few digits after the point, any size. */
  const decimals = fc
    .tuple(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), fc.integer({ min: 0, max: 8 }))
    .map(([units, places]) => units / 10 ** places)

  test.each([2, 4])(
    'agree with the text route for decimals and for any double (scale %i)',
    (scale) => {
      fc.assert(
        fc.property(fc.oneof(decimals, fc.double(), fc.double({ min: -1e8, max: 1e8 })), (x) => {
          expect(parseScaled(x, scale)).toBe(viaText(x, scale))
          expect(exactScaled(x, scale)).toBe(exactViaText(x, scale))
        }),
        { numRuns: 20_000 }
      )
    }
  )

  test('agree with the text route at every scale the quick route takes', () => {
    fc.assert(
      fc.property(fc.oneof(decimals, fc.double()), scales, (x, scale) => {
        expect(parseScaled(x, scale)).toBe(viaText(x, scale))
        expect(exactScaled(x, scale)).toBe(exactViaText(x, scale))
      }),
      { numRuns: 20_000 }
    )
  })

  test.each([
    [27.6, 4, 276000],
    [0.489, 4, 4890],
    [0.035, 2, undefined],
    [1.005, 2, undefined],
    [2.675, 2, undefined],
    [-0, 2, 0],
    [-1.47, 2, -147],
    [9999999.99, 2, 999999999],
    [10000000.01, 2, 1000000001],
    [123456789.12, 2, 12345678912],
    [1e21, 2, undefined],
    [NaN, 2, undefined],
    [Infinity, 4, undefined],
  ])('exactScaled(%d, %i) = %j', (x, scale, expected) => {
    expect(exactScaled(x, scale)).toBe(expected)
    expect(exactScaled(x, scale)).toBe(exactViaText(x, scale))
  })

  test('rounding beyond the scale still goes half away from zero', () => {
    expect(parseScaled(0.125, 2)).toBe(13)
    expect(parseScaled(-0.125, 2)).toBe(-13)
    expect(parseScaled(0.0349999, 4)).toBe(350)
    expect(parseScaled(1e-9, 2)).toBe(0)
    // 1.005 and 2.675 lie just below their decimals in binary, but read at 8 places they round up.
    expect(parseScaled(1.005, 2)).toBe(101)
    expect(parseScaled(2.675, 2)).toBe(268)
  })
})
