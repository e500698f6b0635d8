// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { SampleCandidate } from './sampling.js'
import { drawSample, extrapolate } from './sampling.js'

function claims(): SampleCandidate[] {
  const out: SampleCandidate[] = []
  const sizes: Record<string, number> = { H001: 400, H002: 37, H003: 1 }
  for (const [code, n] of Object.entries(sizes)) {
    for (let i = 0; i < n; i++) {
      out.push({ mdtrtId: `${code}-${i}`, psnNo: `P${i}`, institutionCode: code, amount: 1000 + i })
    }
  }
  return out
}

describe('drawSample', () => {
  test('the same seed redraws the same claims, whatever their order', () => {
    const a = drawSample(claims(), 0.05, 'seed-1')
    const b = drawSample([...claims()].reverse(), 0.05, 'seed-1')
    expect(b.items.map((c) => c.mdtrtId)).toEqual(a.items.map((c) => c.mdtrtId))
    const c = drawSample(claims(), 0.05, 'seed-2')
    expect(c.items.map((x) => x.mdtrtId)).not.toEqual(a.items.map((x) => x.mdtrtId))
  })

  test('each institution gives at least the rate, rounded up', () => {
    const draw = drawSample(claims(), 0.05, 'seed-1')
    expect(draw.strata.map((s) => [s.institutionCode, s.population, s.sampled])).toEqual([
      ['H001', 400, 20],
      ['H002', 37, 2],
      ['H003', 1, 1],
    ])
    for (const s of draw.strata) expect(s.sampled / s.population).toBeGreaterThanOrEqual(0.05)
    const drawn = draw.items.filter((c) => c.institutionCode === 'H001')
    expect(new Set(drawn.map((c) => c.mdtrtId)).size).toBe(20)
    expect(draw.strata[0]!.sampledAmount).toBe(drawn.reduce((s, c) => s + c.amount, 0))
  })

  test('each institution can have its own rate (its region’s policy)', () => {
    const rates: Record<string, number> = { H001: 0.1, H002: 0.5, H003: 0.05 }
    const draw = drawSample(claims(), (code) => rates[code]!, 'seed-1')
    expect(draw.strata.map((s) => [s.institutionCode, s.rate, s.sampled])).toEqual([
      ['H001', 0.1, 40],
      ['H002', 0.5, 19],
      ['H003', 0.05, 1],
    ])
    // An institution's draw depends on its own rate only.
    const same = drawSample(claims(), 0.1, 'seed-1').items.filter(
      (c) => c.institutionCode === 'H001'
    )
    expect(draw.items.filter((c) => c.institutionCode === 'H001')).toEqual(same)
    expect(() => drawSample(claims(), (code) => (code === 'H002' ? 0 : 0.1), 's')).toThrow(/H002/)
  })

  test('a rate outside (0, 1] is refused', () => {
    expect(() => drawSample(claims(), 0, 's')).toThrow(RangeError)
    expect(() => drawSample(claims(), 1.01, 's')).toThrow(RangeError)
  })
})

describe('extrapolate', () => {
  test('projects the checked error rate onto the unsampled amount, half-up to the fen', () => {
    const [r] = extrapolate([
      {
        institutionCode: 'H001',
        populationAmount: 1_000_005,
        sampledAmount: 5,
        checkedAmount: 3,
        errorAmount: 1,
      },
    ])
    // 1/3 × 1,000,000 = 333,333.33… → 333,333
    expect(r).toMatchObject({ unsampledAmount: 1_000_000, projected: 333_333 })
    const [half] = extrapolate([
      {
        institutionCode: 'H',
        populationAmount: 7,
        sampledAmount: 2,
        checkedAmount: 2,
        errorAmount: 1,
      },
    ])
    // 1/2 × 5 = 2.5 → 3
    expect(half!.projected).toBe(3)
    const [none] = extrapolate([
      {
        institutionCode: 'H',
        populationAmount: 9,
        sampledAmount: 2,
        checkedAmount: 0,
        errorAmount: 0,
      },
    ])
    expect(none!.projected).toBe(0)
  })
})
