// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest'
import { allocate } from './allocate.js'
import type { ClearingInput } from './clearing.js'
import { clearYear } from './clearing.js'
import { examplePlan } from './example-plan.js'
import { formatPlanText, parsePlanText } from './plan-document.js'
import type { MonthSettlements } from './statement.js'
import { dueDateOf, monthlyQuota, monthlyStatement } from './statement.js'

const none: MonthSettlements = {
  count: 0,
  totalCost: 0,
  basicFund: 0,
  otherFunds: 0,
  ownPay: 0,
  outOfList: 0,
}
const hospital = { code: 'H1', name: '县人民医院', type: 'HOSPITAL' as const, level: 2 as const }
const clinic = { code: 'C1', name: '城关诊所', type: 'CLINIC' as const, level: 0 as const }

describe('allocate', () => {
  it('splits to the fen, adding up exactly, largest remainders first', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33])
    expect(allocate(1_000_001, [0.3, 0.3, 0.4])).toEqual([300_000, 300_000, 400_001])
    const parts = allocate(987_654_321, [3.1, 7.7, 0, 11.3, 2.2])
    expect(parts.reduce((a, x) => a + x, 0)).toBe(987_654_321)
    expect(parts[2]).toBe(0)
  })
  it('refuses to split a non-zero total over zero weights', () => {
    expect(() => allocate(5, [0, 0])).toThrow(RangeError)
  })
})

describe('monthly statement', () => {
  const plan = examplePlan('431224', 2025, {
    creditLevels: { H1: 'A' },
    methods: [
      { method: 'DIP', types: ['HOSPITAL'] },
      { method: 'GLOBAL', institutions: ['C2'], annualQuota: 1_200_007 },
    ],
  })
  const month = (over: Partial<MonthSettlements>): MonthSettlements => ({ ...none, ...over })

  it('pays points × 预算点值 × prepay share less the other payers, then deductions and deposit', () => {
    const s = monthlyStatement({
      plan,
      month: '2025-03',
      institution: hospital,
      settlements: month({ count: 12, basicFund: 2_000_000 + 55_500 }),
      points: 1234.5678,
      pointCases: month({ count: 10, basicFund: 2_000_000, ownPay: 300_000, otherFunds: 120_000 }),
      deductions: [{ id: 'd1', findingId: 'f1', sampleId: null, amount: 45_600 }],
      indicators: null,
    })
    // 1234.5678 × ¥10 × 90 % = ¥11,111.1102 → 1,111,111 fen.
    expect(s.pointAmount).toBe(1_111_111)
    expect(s.payable).toBe(1_111_111 - 300_000 - 120_000 + 55_500)
    expect(s.depositBp).toBe(500)
    expect(s.deposit).toBe(Math.round(s.payable * 0.05))
    expect(s.net).toBe(s.payable - 45_600 - s.deposit)
    expect(s.dueDate).toBe('2025-04-25')
    expect(s.explanation).toContain('预算点值')
  })

  it('pays the basic fund of the settlements of an institution paid by item', () => {
    const s = monthlyStatement({
      plan,
      month: '2025-12',
      institution: clinic,
      settlements: month({ count: 3, basicFund: 12_345 }),
      points: 0,
      pointCases: none,
      deductions: [],
      indicators: null,
    })
    expect(s).toMatchObject({ method: 'FFS', payable: 12_345, depositBp: 1000, deposit: 1235 })
    expect(s.dueDate).toBe('2026-01-25')
  })

  it('pays a twelfth of the quota under 总额预付, the twelve adding up to it', () => {
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`)
    expect(months.reduce((a, m) => a + monthlyQuota(1_200_007, m), 0)).toBe(1_200_007)
    const s = monthlyStatement({
      plan,
      month: '2025-01',
      institution: { ...clinic, code: 'C2' },
      settlements: none,
      points: 0,
      pointCases: none,
      deductions: [],
      indicators: null,
    })
    expect(s).toMatchObject({ method: 'GLOBAL', payable: 100_001 })
  })

  it('uses the configured due day', () => {
    expect(dueDateOf('2025-02', 10)).toBe('2025-03-10')
  })
})

describe('annual clearing', () => {
  const input = (
    code: string,
    points: number,
    over: Partial<ClearingInput> = {}
  ): ClearingInput => ({
    institutionCode: code,
    institutionName: code,
    method: 'DIP',
    points,
    pointCases: { ...none, ownPay: 1_000_000, otherFunds: 200_003, basicFund: 5_000_000 },
    settlements: { ...none, basicFund: 5_000_000 },
    annualQuota: 0,
    prepaid: 4_000_000,
    depositWithheld: 400_000,
    ...over,
  })

  for (const variant of ['COST', 'FUND'] as const) {
    it(`shares the fund to the fen and keeps Σ payments + reserve = fund (${variant})`, () => {
      const plan = examplePlan('431224', 2025, {
        annualFund: 30_000_000_01,
        clearingVariant: variant,
        assessment: { H2: 0.93 },
      })
      const c = clearYear(plan, [
        input('H1', 12_345.678),
        input('H2', 7_654.321),
        input('H3', 333.3333),
        input('C1', 0, { method: 'FFS', pointCases: none }),
      ])
      expect(c.reserve).toBe(Math.round(30_000_000_01 * 0.05))
      const point = c.rows.filter((r) => r.method === 'DIP')
      expect(point.reduce((a, r) => a + r.pointFund, 0)).toBe(c.fundAvailable)
      expect(point.reduce((a, r) => a + r.pointFundPaid, 0) + c.reserveAfter).toBe(plan.annualFund)
      expect(c.identityHolds).toBe(true)
      const h2 = c.rows.find((r) => r.institutionCode === 'H2')!
      expect(h2.pointFundPaid).toBe(Math.round(h2.pointFund * 0.93))
      expect(h2.depositReturned).toBe(Math.round(400_000 * 0.93))
      expect(h2.balance).toBe(h2.fundPaid - h2.prepaid + h2.depositReturned)
      const c1 = c.rows.find((r) => r.institutionCode === 'C1')!
      expect(c1.fundPaid).toBe(5_000_000)
      // Shares follow the points.
      const h1 = point[0]!
      expect(h1.pointValueAmount / h2.pointValueAmount).toBeCloseTo(12_345.678 / 7_654.321, 5)
    })
  }

  it('pays 总额预付 the lower of quota and actual, less the penalty of missed indicators', () => {
    const plan = examplePlan('431224', 2025, { annualFund: 0 })
    const c = clearYear(
      plan,
      [input('C2', 0, { method: 'GLOBAL', annualQuota: 4_000_000, prepaid: 4_000_000 })],
      () => 500
    )
    expect(c.rows[0]).toMatchObject({
      fundPayable: 3_800_000,
      balance: 3_800_000 - 4_000_000 + 400_000,
    })
  })
})

describe('plan documents', () => {
  it('round-trips a plan through YAML', () => {
    const plan = examplePlan('431224', 2025, {
      annualFund: 123_456_789,
      methods: [{ method: 'GLOBAL', institutions: ['C2'], annualQuota: 1_000_000 }],
    })
    expect(parsePlanText(formatPlanText(plan))).toEqual(plan)
    expect(formatPlanText(plan)).toContain('annualFund: 1234567.89')
  })
  it('names every bad field by its path', () => {
    const text = formatPlanText(examplePlan('431224', 2025))
      .replace('reserve: 5', 'reserve: 105')
      .replace('lowRatio: 0.5', 'lowRatio: "x"')
    expect(() => parsePlanText(text)).toThrow(/\$\.reserve：.*\n?[\s\S]*\$\.dip\.lowRatio/)
  })
  it('needs a quota for 总额预付', () => {
    const text = formatPlanText(
      examplePlan('431224', 2025, {
        methods: [{ method: 'GLOBAL', institutions: ['C2'], annualQuota: 1 }],
      })
    ).replace(/\n\s+annualQuota: 0.01/, '')
    expect(() => parsePlanText(text)).toThrow(/methods\[0\]\.annualQuota/)
  })
})
