// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest'
import { prAuc, rocAuc } from './metrics.js'
import { seededRandom } from '@yibao/domain'

/** ROC-AUC by definition: over all (positive, negative) pairs, a win is 1 and a tie ½. */
function pairwiseAuc(scores: number[], labels: boolean[]): number {
  let sum = 0
  let pairs = 0
  scores.forEach((p, i) => {
    if (!labels[i]) return
    scores.forEach((n, j) => {
      if (labels[j]) return
      pairs++
      sum += p > n ? 1 : p === n ? 0.5 : 0
    })
  })
  return sum / pairs
}

describe('rocAuc', () => {
  it('gives 0.75 on the textbook example', () => {
    // Positives 0.35 and 0.8; negatives 0.1 and 0.4: 3 of 4 pairs ordered correctly.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75)
  })
  it('is 1 for a perfect ranking and 0 for an inverted one', () => {
    const labels = [false, false, true, true, true]
    expect(rocAuc([1, 2, 3, 4, 5], labels)).toBe(1)
    expect(rocAuc([5, 4, 3, 2, 1], labels)).toBe(0)
  })
  it('counts a tie between a positive and a negative as one half', () => {
    // Positive 1 vs negatives 1 (tie, ½) and 0 (win, 1): (½ + 1) / 2.
    expect(rocAuc([1, 1, 0], [true, false, false])).toBe(0.75)
    expect(rocAuc([7, 7, 7, 7], [true, false, true, false])).toBe(0.5)
    // Ties within one class do not matter.
    expect(rocAuc([3, 3, 1, 1], [true, true, false, false])).toBe(1)
  })
  it('matches the pairwise definition on a small sample full of ties', () => {
    const random = seededRandom(7)
    const scores = Array.from({ length: 200 }, () => Math.floor(random() * 6))
    const labels = scores.map((s) => random() < 0.2 + 0.1 * s)
    expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels), 12)
  })
  it('is about 0.5 for random scores on a large seeded sample', () => {
    const random = seededRandom(42)
    const scores = Array.from({ length: 20_000 }, () => random())
    const labels = scores.map(() => random() < 0.1)
    expect(Math.abs(rocAuc(scores, labels) - 0.5)).toBeLessThan(0.02)
  })
  it('does not depend on the order of the items', () => {
    const scores = [0.3, 0.9, 0.3, 0.1, 0.5, 0.9]
    const labels = [true, false, false, false, true, true]
    const order = [5, 2, 0, 4, 1, 3]
    expect(
      rocAuc(
        order.map((i) => scores[i]!),
        order.map((i) => labels[i]!)
      )
    ).toBe(rocAuc(scores, labels))
  })
})

describe('prAuc (average precision)', () => {
  it('gives 5/6 on the textbook example', () => {
    // Ranked: 0.8 (P) → precision 1, recall ½; 0.4 (N); 0.35 (P) → precision ⅔, recall 1.
    // AP = ½·1 + ½·⅔ = 5/6.
    expect(prAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBeCloseTo(5 / 6, 12)
  })
  it('is 1 for a perfect ranking', () => {
    expect(prAuc([1, 2, 3, 4, 5], [false, false, true, true, true])).toBe(1)
  })
  it('is low for an inverted ranking', () => {
    // The only positive comes last of four: precision ¼ at recall 1.
    expect(prAuc([4, 3, 2, 1], [false, false, false, true])).toBe(0.25)
  })
  it('treats equal scores as one threshold', () => {
    // One positive tied with one negative: precision ½ at recall 1.
    expect(prAuc([1, 1, 0], [true, false, false])).toBe(0.5)
    // All tied: the precision of the whole set, i.e. the share of positives.
    expect(prAuc([2, 2, 2, 2, 2], [true, false, false, true, false])).toBeCloseTo(0.4, 12)
    // Top group {P, N} at recall ½ with precision ½, then {P} at recall 1 with precision ⅔.
    expect(prAuc([5, 5, 3, 1], [true, false, true, false])).toBeCloseTo(
      0.5 * 0.5 + 0.5 * (2 / 3),
      12
    )
  })
  it('is about the share of positives for random scores on a large seeded sample', () => {
    const random = seededRandom(43)
    const scores = Array.from({ length: 20_000 }, () => random())
    const labels = scores.map(() => random() < 0.1)
    const share = labels.filter(Boolean).length / labels.length
    expect(Math.abs(prAuc(scores, labels) - share)).toBeLessThan(0.02)
  })
})

describe('input checks', () => {
  for (const [name, metric] of [
    ['rocAuc', rocAuc],
    ['prAuc', prAuc],
  ] as const) {
    it(`${name} throws RangeError on a length mismatch, a missing class or a NaN`, () => {
      expect(() => metric([1, 2], [true])).toThrow(RangeError)
      expect(() => metric([1, 2, 3], [true, true, true])).toThrow(RangeError)
      expect(() => metric([1, 2, 3], [false, false, false])).toThrow(RangeError)
      expect(() => metric([], [])).toThrow(RangeError)
      expect(() => metric([1, Number.NaN], [true, false])).toThrow(RangeError)
    })
  }
})
