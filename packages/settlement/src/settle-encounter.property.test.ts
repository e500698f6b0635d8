// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import type {
  CatalogClass,
  IdentityType,
  InstitutionLevel,
  InstitutionTier,
  InsuType,
  ListType,
} from '@yibao/domain'
import { checkSettlementIdentities, IDENTITY_TYPES, lineAmount } from '@yibao/domain'
import type { BenefitPolicy } from './benefit-policy.js'
import type { CareType } from './care-type.js'
import { CARE_TYPES } from './care-type.js'
import type { SettlementInput, SettlementLineInput } from './settle-encounter.js'
import { settleEncounter } from './settle-encounter.js'
import { copyYearToDate, startOfYear } from './year-to-date.js'

// Random bills, identities and policies: every settlement must satisfy the accounting identities
// of domain.md §2.6 to the fen, pay no layer more than is left to it, and keep every yearly limit.

const bp = fc.integer({ min: 0, max: 10_000 })
const fen = (max: number) => fc.integer({ min: 0, max })
const someOf = <T>(values: readonly T[]) =>
  fc.option(fc.subarray([...values], { minLength: 1 }), { nil: undefined })
const INSU: readonly InsuType[] = ['310', '390']
const LEVELS: readonly InstitutionLevel[] = [0, 1, 2, 3]
const TIERS: readonly InstitutionTier[] = ['COUNTY', 'CITY', 'PROVINCE']
const LISTS: readonly ListType[] = ['101', '102', '201', '301']

const scope = fc.record({
  insuTypes: someOf(INSU),
  careTypes: someOf(CARE_TYPES),
  levels: someOf(LEVELS),
  tiers: someOf(TIERS),
})
const withIdentities = fc.record({ identities: someOf(IDENTITY_TYPES) })

const policy: fc.Arbitrary<BenefitPolicy> = fc.record({
  id: fc.constant('random'),
  name: fc.constant('随机政策'),
  admdvs: fc.constant('*'),
  year: fc.constant(2025),
  effectiveFrom: fc.constant('2025-01-01'),
  effectiveTo: fc.constant(null),
  lines: fc.record({
    preselfpayBp: bp,
    preselfpayBpByListType: fc.option(fc.dictionary(fc.constantFrom(...LISTS), bp), {
      nil: undefined,
    }),
  }),
  basic: fc.array(
    fc
      .tuple(
        scope,
        fc.record({
          deductible: fen(200_000),
          deductiblePer: fc.constantFrom('STAY' as const, 'YEAR' as const),
          ratioBp: bp,
          annualCap: fc.option(fen(5_000_000), { nil: null }),
          capGroup: fc.option(fc.constantFrom('basic', 'outpatient'), { nil: undefined }),
          fundPayType: fc.constantFrom('310100', '390100'),
        })
      )
      .map(([a, b]) => ({ ...a, ...b })),
    { maxLength: 4 }
  ),
  employeeSupplement: fc.option(
    fc.record({
      ratioBp: bp,
      annualCap: fc.option(fen(3_000_000), { nil: null }),
      fundPayType: fc.constant('330100'),
    }),
    { nil: null }
  ),
  critical: fc.option(
    fc
      .tuple(
        scope,
        fc.record({
          deductible: fen(2_000_000),
          segments: fc
            .array(fc.tuple(fen(10_000_000), bp), { minLength: 1, maxLength: 4 })
            .map((xs) => {
              const froms = [...new Set([0, ...xs.map(([f]) => f)])].sort((a, b) => a - b)
              return froms.map((from, i) => ({ from, ratioBp: xs[i % xs.length]![1] }))
            }),
          annualCap: fc.option(fen(5_000_000), { nil: null }),
          countsPreselfpay: fc.boolean(),
          fundPayType: fc.constant('390200'),
        })
      )
      .map(([a, b]) => ({ ...a, ...b })),
    { nil: null }
  ),
  tilts: fc.array(
    fc
      .tuple(
        scope,
        withIdentities,
        fc.record({
          name: fc.constant('倾斜'),
          basicRatioBonusBp: fc.integer({ min: 0, max: 2_000 }),
          criticalDeductibleBp: bp,
          criticalRatioBonusBp: fc.integer({ min: 0, max: 2_000 }),
          criticalUncapped: fc.boolean(),
        })
      )
      .map(([a, b, c]) => ({ ...a, ...b, ...c })),
    { maxLength: 2 }
  ),
  assistance: fc.array(
    fc
      .tuple(
        scope,
        withIdentities,
        fc.record({
          name: fc.constant('医疗救助'),
          deductible: fen(200_000),
          ratioBp: bp,
          annualLimit: fc.option(fen(3_000_000), { nil: null }),
          countsPreselfpay: fc.boolean(),
          fundPayType: fc.constant('610100'),
        })
      )
      .map(([a, b, c]) => ({ ...a, ...b, ...c })),
    { maxLength: 3 }
  ),
  supplements: fc.array(
    fc
      .tuple(
        scope,
        withIdentities,
        fc.record({
          name: fc.constant('补充保障'),
          ratioBp: bp,
          annualLimit: fc.option(fen(1_000_000), { nil: null }),
          fundPayType: fc.constant('999997'),
        })
      )
      .map(([a, b, c]) => ({ ...a, ...b, ...c })),
    { maxLength: 2 }
  ),
  backstops: fc.array(
    fc
      .tuple(
        scope,
        withIdentities,
        fc.record({
          name: fc.constant('政府兜底'),
          capByTier: fc.dictionary(fc.constantFrom(...TIERS), fen(1_000_000)),
          includeFullSelfPay: fc.boolean(),
          fundPayType: fc.constant('999997'),
        })
      )
      .map(([a, b, c]) => ({ ...a, ...b, ...c })),
    { maxLength: 2 }
  ),
  account: fc.option(fc.constant({ insuTypes: ['310' as const], fundPayType: '310200' }), {
    nil: null,
  }),
})

const billLine: fc.Arbitrary<Omit<SettlementLineInput, 'feedetlSn'>> = fc
  .record({
    listType: fc.constantFrom(...LISTS),
    catalogClass: fc.constantFrom<CatalogClass>('01', '02', '03'),
    quantity: fc.constantFrom(1, 2, 3, 0.5, 2.5, 10),
    price: fc.integer({ min: 1, max: 50_000_000 }),
    capShare: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: null }),
    restricted: fc.boolean(),
  })
  .map(({ capShare, price, quantity, ...rest }) => ({
    ...rest,
    price,
    quantity,
    amount: lineAmount(quantity, price),
    capPrice: capShare === null ? null : Math.max(1, Math.round((price * capShare) / 10_000)),
  }))

const visit = fc.record({
  insuType: fc.constantFrom(...INSU),
  careType: fc.constantFrom<CareType>(...CARE_TYPES),
  level: fc.constantFrom(...LEVELS),
  tier: fc.constantFrom(...TIERS),
  identities: fc.subarray<IdentityType>([...IDENTITY_TYPES], { maxLength: 3 }),
  lines: fc.array(billLine, { minLength: 0, maxLength: 12 }),
})

describe('every settlement, whatever the bill, the person and the policy', () => {
  test('satisfies the accounting identities and pays no layer beyond what is left to it', () => {
    fc.assert(
      fc.property(
        policy,
        fc.array(visit, { minLength: 1, maxLength: 4 }),
        fen(500_000),
        (p, visits, account) => {
          const ytd = startOfYear(2025, account)
          visits.forEach((v, k) => {
            const before = copyYearToDate(ytd)
            const input: SettlementInput = {
              setlId: `S${k}`,
              mdtrtId: `M${k}`,
              psnNo: 'P',
              institutionCode: 'H',
              time: '2025-05-01T09:00:00+08:00',
              medType: '11',
              ...v,
              lines: v.lines.map((l, i) => ({ ...l, feedetlSn: `L${k}-${i}` })),
            }
            const r = settleEncounter(input, p, ytd, { lines: true })
            const s = r.settlement
            expect(checkSettlementIdentities(s)).toEqual([])
            const amounts = [
              s.medfeeSumamt,
              s.fulamtOwnpayAmt,
              s.overlmtSelfpay,
              s.preselfpayAmt,
              s.inscpScpAmt,
              s.actPayDedc,
              s.hifpPay,
              s.hifobPay,
              s.hifmiPay,
              s.mafPay,
              s.othPay,
              s.fundPaySumamt,
              s.psnPartAmt,
              s.acctPay,
              s.psnCashPay,
            ]
            for (const a of amounts) expect(Number.isSafeInteger(a) && a >= 0).toBe(true)
            // The lines add up to the totals.
            const sum = (f: (l: NonNullable<typeof r.lines>[number]) => number): number =>
              r.lines!.reduce((t, l) => t + f(l), 0)
            expect(sum((l) => l.amount)).toBe(s.medfeeSumamt)
            expect(sum((l) => l.fullSelfPay)).toBe(s.fulamtOwnpayAmt)
            expect(sum((l) => l.overPrice)).toBe(s.overlmtSelfpay)
            expect(sum((l) => l.preselfpay)).toBe(s.preselfpayAmt)
            // Basic insurance pays within the scope less the deductible; 全自费 stays with the
            // person unless a backstop takes it all.
            expect(s.hifpPay + s.hifobPay).toBeLessThanOrEqual(s.inscpScpAmt - s.actPayDedc)
            const backstopTakesAll = p.backstops.some((b) => b.includeFullSelfPay)
            if (!backstopTakesAll) {
              expect(s.fundPaySumamt).toBeLessThanOrEqual(s.inscpScpAmt + s.preselfpayAmt)
              expect(s.psnPartAmt).toBeGreaterThanOrEqual(s.fulamtOwnpayAmt + s.overlmtSelfpay)
            }
            // The personal account pays at most its balance, and only the person's part.
            expect(s.acctPay).toBeLessThanOrEqual(Math.max(0, before.account))
            expect(ytd.account).toBe(before.account - s.acctPay)
            // The fund rows are the layers' payments.
            expect(r.details.reduce((t, d) => t + d.amount, 0)).toBe(s.fundPaySumamt + s.acctPay)
            // Totals only grow, and yearly limits hold.
            expect(ytd.criticalPaid - before.criticalPaid).toBe(s.hifmiPay)
            expect(ytd.assistancePaid - before.assistancePaid).toBe(s.mafPay)
            expect(
              ytd.supplementPaid + ytd.backstopPaid - before.supplementPaid - before.backstopPaid
            ).toBe(s.othPay)
            // A cap group whose rules all have caps never pays more in a year than the largest.
            const groups = new Map<string, (number | null)[]>()
            for (const rule of p.basic) {
              const group = rule.capGroup ?? 'basic'
              groups.set(group, [...(groups.get(group) ?? []), rule.annualCap])
            }
            for (const [group, caps] of groups) {
              if (caps.every((c) => c !== null)) {
                expect(ytd.basicPaid[group] ?? 0).toBeLessThanOrEqual(Math.max(...caps))
              }
            }
            if (p.critical?.annualCap !== null && p.critical !== null) {
              const uncapped = p.tilts.some((t) => t.criticalUncapped)
              if (!uncapped) expect(ytd.criticalPaid).toBeLessThanOrEqual(p.critical.annualCap)
            }
            for (const a of p.assistance) {
              if (a.annualLimit !== null && p.assistance.length === 1) {
                expect(ytd.assistancePaid).toBeLessThanOrEqual(a.annualLimit)
              }
            }
          })
        }
      ),
      { numRuns: 10_000 }
    )
  })

  test('without the step texts, the same settlement, fund rows, lines and totals', () => {
    fc.assert(
      fc.property(
        policy,
        fc.array(visit, { minLength: 1, maxLength: 4 }),
        fen(500_000),
        (p, visits, account) => {
          const explained = startOfYear(2025, account)
          const bulk = startOfYear(2025, account)
          visits.forEach((v, k) => {
            const input: SettlementInput = {
              setlId: `S${k}`,
              mdtrtId: `M${k}`,
              psnNo: 'P',
              institutionCode: 'H',
              time: '2025-05-01T09:00:00+08:00',
              medType: '11',
              ...v,
              lines: v.lines.map((l, i) => ({ ...l, feedetlSn: `L${k}-${i}` })),
            }
            const a = settleEncounter(input, p, explained, { lines: true })
            const b = settleEncounter(input, p, bulk, { lines: true, explain: false })
            expect(b.settlement).toEqual(a.settlement)
            expect(b.details).toEqual(a.details.map((d) => ({ ...d, procInfo: '' })))
            expect(b.steps).toEqual(a.steps.map((s) => ({ ...s, text: '' })))
            expect(b.lines).toEqual(a.lines)
            expect(b.tilt).toBe(a.tilt)
            expect(bulk).toEqual(explained)
          })
        }
      ),
      { numRuns: 2_000 }
    )
  })

  test('the same bill, person, totals and policy always give the same settlement', () => {
    fc.assert(
      fc.property(policy, visit, (p, v) => {
        const input: SettlementInput = {
          setlId: 'S',
          mdtrtId: 'M',
          psnNo: 'P',
          institutionCode: 'H',
          time: '2025-05-01T09:00:00+08:00',
          medType: '11',
          ...v,
          lines: v.lines.map((l, i) => ({ ...l, feedetlSn: `L${i}` })),
        }
        const a = settleEncounter(input, p, startOfYear(2025, 10_000))
        const b = settleEncounter(input, p, startOfYear(2025, 10_000))
        expect(b).toEqual(a)
      }),
      { numRuns: 1_000 }
    )
  })
})
