// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest'
import type { DipGroup } from '@yibao/knowledge'
import { DipGrouper } from './dip-grouper.js'
import type { PaymentCase } from './payment-case.js'
import { DEFAULT_DIP, DEFAULT_DRG } from './plan.js'
import { deriveDrgWeights, markSpecialCases, scoreDipCases, scoreDrgCases } from './score-cases.js'

function stay(over: Partial<PaymentCase>): PaymentCase {
  return {
    mdtrtId: 'M1',
    psnNo: 'P1',
    institutionCode: 'H1',
    level: 2,
    admitDate: '2025-03-01',
    dischargeDate: '2025-03-08',
    mainDiag: 'A00.000',
    operations: [],
    drgCode: null,
    dischargeWay: '1',
    bedDays: 7,
    totalCost: 0,
    ownPay: 0,
    otherFunds: 0,
    ...over,
  }
}

const groupA: DipGroup = {
  code: 'A00.0:nan',
  diagCategory: 'A00.0',
  name: '病种 A',
  mainOps: [],
  otherOps: [],
  kind: '二级核心病种',
  score: 1500,
  primaryCare: false,
}

describe('DIP case scores (domain.md §6.2 worked example)', () => {
  // M = ¥10,000, m_A = ¥15,000 → RW 1,500; 二级 0.90; same-level mean for A ¥14,000.
  const grouper = new DipGrouper([groupA], () => false)
  const params = {
    ...DEFAULT_DIP,
    levelCoefficients: { ...DEFAULT_DIP.levelCoefficients, '2': 0.9 },
    meanCosts: [{ group: 'A00.0:nan', level: 2 as const, meanCost: 1_400_000 }],
  }
  const [normal, low, high] = scoreDipCases(
    [
      stay({ mdtrtId: 'c1', totalCost: 1_300_000 }),
      stay({ mdtrtId: 'c2', totalCost: 560_000 }),
      stay({ mdtrtId: 'c3', totalCost: 4_200_000 }),
    ],
    grouper,
    params
  )

  it('scores a normal case RW × level coefficient', () => {
    expect(normal).toMatchObject({ costType: 'NORMAL', points: 1350, groupCode: 'A00.0:nan' })
  })
  it('scores a low-cost case ratio × RW without the level coefficient', () => {
    expect(low).toMatchObject({ costType: 'LOW', ratio: 0.4, points: 600 })
  })
  it('scores a high-cost case (ratio − 2 + 1) × RW', () => {
    expect(high).toMatchObject({ costType: 'HIGH', ratio: 3, points: 3000 })
  })
  it('values the high case at ¥36,000 with a ¥12 point value', () => {
    expect(high!.points * 12).toBe(36_000)
  })
  it('keeps the level coefficient on low cases when the local rule says so', () => {
    const [c] = scoreDipCases([stay({ totalCost: 560_000 })], grouper, {
      ...params,
      lowRatioKeepsLevelCoefficient: true,
    })
    expect(c!.points).toBe(540)
  })
  it('pays 基层病种 alike at every level', () => {
    const g = new DipGrouper([{ ...groupA, primaryCare: true }], () => false)
    const [c] = scoreDipCases([stay({ level: 3, totalCost: 1_000_000 })], g, DEFAULT_DIP)
    expect(c!.coefficient).toBe(DEFAULT_DIP.primaryCareCoefficient)
  })
  it('gives no points to a stay without a principal diagnosis, and says why', () => {
    const [c] = scoreDipCases([stay({ mainDiag: null, totalCost: 100 })], grouper, params)
    expect(c).toMatchObject({ costType: 'UNGROUPED', points: 0, groupKind: 'NONE' })
    expect(c!.note).toContain('主要诊断')
  })
})

describe('special cases (特例单议)', () => {
  it('proposes the highest-ratio high cases, at most 5 ‰ of the cases', () => {
    const grouper = new DipGrouper([groupA], () => false)
    const cases = Array.from({ length: 1000 }, (_, i) =>
      stay({ mdtrtId: `c${i}`, totalCost: i < 20 ? 1_500_000 * (4 + i) : 1_350_000 })
    )
    const scored = scoreDipCases(cases, grouper, {
      ...DEFAULT_DIP,
      levelCoefficients: { ...DEFAULT_DIP.levelCoefficients, '2': 1 },
      costPerPoint: 10,
    })
    const chosen = scored.filter((s) => s.specialCandidate).map((s) => s.case.mdtrtId)
    expect(chosen).toEqual(['c15', 'c16', 'c17', 'c18', 'c19'])
    expect(
      markSpecialCases(scored.slice(0, 199), 5, 3).filter((s) => s.specialCandidate)
    ).toHaveLength(0)
  })
})

describe('DRG points (domain.md §6.3 worked example)', () => {
  // Region mean ¥10,000; DRG mean ¥30,000 → 300 base points; 差异系数 0.95.
  const weights = deriveDrgWeights([
    { drgCode: 'FM19', totalCost: 3_000_000 },
    { drgCode: 'GZ19', totalCost: 500_000 },
    { drgCode: 'GZ19', totalCost: 500_000 },
    { drgCode: 'GZ19', totalCost: 500_000 },
    { drgCode: 'GZ19', totalCost: 500_000 },
  ])
  const list = [
    { code: 'FM19', name: '经皮心血管操作', adrg: 'FM1', mdc: 'MDCF' },
    { code: 'GZ19', name: '其他消化系统诊断', adrg: 'GZ1', mdc: 'MDCG' },
  ]
  const params = {
    ...DEFAULT_DRG,
    weights,
    levelCoefficients: { ...DEFAULT_DRG.levelCoefficients, '3': 0.95 },
  }
  const score = (over: Partial<PaymentCase>) =>
    scoreDrgCases([stay({ level: 3, drgCode: 'FM19', ...over })], list, params)[0]!

  it('derives 300 base points from the regional means', () => {
    expect(weights.find((w) => w.code === 'FM19')).toEqual({
      code: 'FM19',
      basePoints: 300,
      meanCost: 3_000_000,
    })
  })
  it('gives a normal case 基准点数 × 差异系数 = 285', () => {
    expect(score({ totalCost: 3_000_000 })).toMatchObject({ costType: 'NORMAL', points: 285 })
  })
  it('adds 追加点数 to a high outlier: 285 + 300 × (2.5 − 2.0) = 435', () => {
    expect(score({ totalCost: 7_500_000 })).toMatchObject({ costType: 'HIGH', points: 435 })
  })
  it('pays a low outlier by its cost: 300 × 0.3 = 90', () => {
    expect(score({ totalCost: 900_000 })).toMatchObject({ costType: 'LOW', points: 90 })
  })
  it('values the 435-point case at ¥43,500 with a ¥100 point value', () => {
    expect(score({ totalCost: 7_500_000 }).points * 100).toBe(43_500)
  })
  it('caps an incomplete stay at the base points', () => {
    expect(score({ totalCost: 1_500_000, dischargeWay: '4' })).toMatchObject({
      costType: 'INCOMPLETE',
      points: 150,
    })
  })
  it('pays a per-diem group by bed-days', () => {
    const perDiem = {
      ...params,
      weights: [{ code: 'FM19', basePoints: 300, meanCost: 3_000_000, dailyPoints: 12.5 }],
    }
    const [c] = scoreDrgCases([stay({ drgCode: 'FM19', bedDays: 8 })], list, perDiem)
    expect(c).toMatchObject({ costType: 'PER_DIEM', points: 100 })
  })
  it('refuses a DRG code outside the CHS-DRG list or unpriced by the plan, naming it', () => {
    const [unknown] = scoreDrgCases([stay({ drgCode: 'ZZ99' })], list, params)
    expect(unknown).toMatchObject({ costType: 'UNGROUPED', points: 0 })
    expect(unknown!.note).toContain('ZZ99')
    const [unpriced] = scoreDrgCases([stay({ drgCode: 'GZ19' })], list, { ...params, weights: [] })
    expect(unpriced!.note).toContain('没有基准点数')
  })
})
