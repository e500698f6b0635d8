// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { InstitutionType } from '@yibao/domain'
import type { CallbackCandidate } from './callback-draw.js'
import { CALLBACK_ALGORITHM, drawCallbacks } from './callback-draw.js'

const TYPES: InstitutionType[] = ['HOSPITAL', 'HOSPITAL', 'CLINIC', 'PHARMACY']

/** 300 persons with one to three settlements each, in hospitals, clinics and pharmacies. */
const candidates: CallbackCandidate[] = Array.from({ length: 300 }, (_, p) =>
  Array.from({ length: 1 + (p % 3) }, (_, k): CallbackCandidate => {
    const type = TYPES[(p + k) % TYPES.length]!
    return {
      setlId: `S${String(p).padStart(4, '0')}-${k}`,
      psnNo: `P${String(p).padStart(4, '0')}`,
      institutionCode: `${type[0]}00${p % 2}`,
      institutionType: type,
      inpatient: type === 'HOSPITAL' && p % 5 === 0,
      amount: 10_000 + p,
      flaggedAmount: p % 7 === 0 ? 10_000 : 0,
    }
  })
).flat()

describe('call-back draw', () => {
  test('the same seed gives the same list whatever the order; another seed another list', () => {
    const a = drawCallbacks(candidates, 40, 42)
    const b = drawCallbacks([...candidates].reverse(), 40, 42)
    expect(b).toEqual(a)
    expect(a.algorithm).toBe(CALLBACK_ALGORITHM)
    const c = drawCallbacks(candidates, 40, 43)
    expect(c.items.map((i) => i.setlId)).not.toEqual(a.items.map((i) => i.setlId))
  })

  test('each person once, strata in proportion to their settlements', () => {
    const d = drawCallbacks(candidates, 60, 7)
    expect(d.items).toHaveLength(60)
    expect(new Set(d.items.map((i) => i.psnNo)).size).toBe(60)
    const stratum = (type: InstitutionType, drawn: number): object => {
      const of = candidates.filter((c) => c.institutionType === type)
      return { type, settlements: of.length, persons: new Set(of.map((c) => c.psnNo)).size, drawn }
    }
    expect(d.strata).toEqual([
      stratum('HOSPITAL', 30),
      stratum('CLINIC', 15),
      stratum('PHARMACY', 15),
    ])
    for (const s of d.strata) {
      expect(d.items.filter((i) => i.institutionType === s.type)).toHaveLength(s.drawn)
    }
  })

  test('every type gets its minimum even when the size is small', () => {
    const d = drawCallbacks(candidates, 3, 1)
    expect(d.strata.map((s) => s.drawn)).toEqual([1, 1, 1])
    const two = drawCallbacks(candidates, 2, 1)
    expect(two.strata.map((s) => [s.type, s.drawn])).toEqual([
      ['HOSPITAL', 1],
      ['CLINIC', 1],
      ['PHARMACY', 0],
    ])
  })

  test('no more persons than settled', () => {
    const few = candidates.filter((c) => c.psnNo < 'P0005')
    const d = drawCallbacks(few, 100, 9)
    expect(d.items.map((i) => i.psnNo).sort()).toEqual([
      'P0000',
      'P0001',
      'P0002',
      'P0003',
      'P0004',
    ])
    expect(drawCallbacks([], 5, 9).items).toEqual([])
  })

  test('inpatient stays and flagged settlements are drawn more often', () => {
    const hospital = candidates.filter((c) => c.institutionType === 'HOSPITAL')
    let heavy = 0
    let light = 0
    for (let seed = 0; seed < 200; seed++) {
      for (const i of drawCallbacks(hospital, 20, seed).items) {
        if (i.inpatient || i.flaggedAmount > 0) heavy++
        else light++
      }
    }
    const heavyShare = hospital.filter((c) => c.inpatient || c.flaggedAmount > 0).length
    // Drawn at well above their share of the settlements.
    expect(heavy / (heavy + light)).toBeGreaterThan((1.5 * heavyShare) / hospital.length)
    const weights = drawCallbacks(hospital, 250, 1).items.map((i) => i.weight)
    expect(Math.max(...weights)).toBe(2 * (1 + (4 * 10_000) / 10_000))
  })

  test.each([
    [0, 1, 'size'],
    [5, -1, 'seed'],
    [5, 1.5, 'seed'],
  ])('size %s with seed %s is refused naming %s', (size, seed, path) => {
    expect(() => drawCallbacks(candidates, size, seed)).toThrow(
      expect.objectContaining({ outcome: { issues: [expect.objectContaining({ path })] } })
    )
  })
})
