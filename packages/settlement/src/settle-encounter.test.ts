// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { CatalogClass, Fen } from '@yibao/domain'
import { checkSettlementIdentities } from '@yibao/domain'
import { EXAMPLE_POLICY_2020 as ANHUI_2020 } from './example-policies.js'
import { nationalSettlement } from './national-settlement.js'
import { reimbursementRates, reimbursementRatesBy } from './reimbursement-rates.js'
import type { SettlementInput, SettlementLineInput } from './settle-encounter.js'
import { settleEncounter } from './settle-encounter.js'
import { startOfYear } from './year-to-date.js'

const yuan = (y: number): Fen => Math.round(y * 100)

/** A line of `amount` fen of one catalogue class (quantity 1 at that price). */
function line(n: number, catalogClass: CatalogClass, amount: Fen): SettlementLineInput {
  return {
    feedetlSn: `L${n}`,
    listType: '101',
    catalogClass,
    quantity: 1,
    price: amount * 100,
    amount,
  }
}

function encounter(overrides: Partial<SettlementInput>): SettlementInput {
  return {
    setlId: 'S1',
    mdtrtId: 'M1',
    psnNo: 'P1',
    institutionCode: 'H1',
    time: '2020-06-10T10:00:00+08:00',
    insuType: '390',
    medType: '21',
    careType: 'INPATIENT',
    level: 2,
    tier: 'COUNTY',
    identities: [],
    lines: [],
    ...overrides,
  }
}

describe('the worked inpatient example of domain.md §7.4', () => {
  // ¥50,000: 目录外 2,000, 乙类 30,000 (10 % 先行自付 = 3,000), 甲类 18,000.
  const input = encounter({
    identities: ['DIBAO', 'TUOPIN'],
    lines: [line(1, '03', yuan(2_000)), line(2, '02', yuan(30_000)), line(3, '01', yuan(18_000))],
  })
  const ytd = startOfYear(2020)
  const r = settleEncounter(input, ANHUI_2020, ytd, { lines: true })
  const s = r.settlement

  test('splits the bill into 目录外, 先行自付 and policy scope', () => {
    expect([s.medfeeSumamt, s.fulamtOwnpayAmt, s.preselfpayAmt, s.inscpScpAmt]).toEqual([
      yuan(50_000),
      yuan(2_000),
      yuan(3_000),
      yuan(45_000),
    ])
    expect(r.lines!.map((l) => [l.fullSelfPay, l.preselfpay, l.inScope])).toEqual([
      [yuan(2_000), 0, 0],
      [0, yuan(3_000), yuan(27_000)],
      [0, 0, yuan(18_000)],
    ])
  })

  test('pays basic 35,600.00, 大病 1,235.00, 救助 5,715.50, 兜底 2,449.50; the patient 5,000.00', () => {
    expect(s.hifpPay).toBe(yuan(35_600))
    expect(s.hifmiPay).toBe(yuan(1_235))
    expect(s.mafPay).toBe(yuan(5_715.5))
    expect(s.othPay).toBe(yuan(2_449.5))
    expect(s.psnPartAmt).toBe(yuan(5_000))
    expect(s.fundPaySumamt).toBe(yuan(45_000))
    expect(checkSettlementIdentities(s)).toEqual([])
    expect(r.details.map((d) => [d.fundPayType, d.amount])).toEqual([
      ['390100', yuan(35_600)],
      ['390200', yuan(1_235)],
      ['610100', yuan(5_715.5)],
      ['999997', yuan(2_449.5)],
    ])
  })

  test('answers in the national 2207 / 2304 shape, in yuan', () => {
    const n = nationalSettlement(r)
    expect(n.setlinfo).toMatchObject({
      medfee_sumamt: 50_000,
      fulamt_ownpay_amt: 2_000,
      preselfpay_amt: 3_000,
      inscp_scp_amt: 45_000,
      act_pay_dedc: 500,
      hifp_pay: 35_600,
      pool_prop_selfpay: 0.8,
      hifmi_pay: 1_235,
      maf_pay: 5_715.5,
      oth_pay: 2_449.5,
      fund_pay_sumamt: 45_000,
      psn_part_amt: 5_000,
      setl_time: '2020-06-10 10:00:00',
    })
    expect(n.setldetail.map((d) => [d.fund_pay_type, d.fund_pay_type_name, d.fund_payamt])).toEqual(
      [
        ['390100', '城乡居民基本医疗保险基金', 35_600],
        ['390200', '城乡居民大病医疗保险', 1_235],
        ['610100', '医疗救助基金', 5_715.5],
        ['999997', '其他', 2_449.5],
      ]
    )
    expect(n.setldetail.every((d) => (d.setl_proc_info ?? '').length > 0)).toBe(true)
  })

  test('explains every step in Chinese with its figures', () => {
    const text = r.details.map((d) => d.procInfo).join('\n')
    expect(text).toContain('起付线 500.00 元，按 80%（75% + 脱贫人口倾斜 5%）支付 35600.00 元')
    expect(text).toContain('起付线 7500.00 元（脱贫人口倾斜，按 50%）')
    expect(text).toContain('按 70% 支付 5715.50 元')
    expect(text).toContain('个人承担 3000.00 元，政府兜底 2449.50 元')
    expect(r.tilt).toBe('脱贫人口倾斜')
  })

  test('gives the example’s reimbursement rates: 90.0 %, 93.75 %, 79.1 % and 74.2 %', () => {
    const rates = reimbursementRates([s])
    expect(rates.actual).toBe(0.9)
    expect(rates.policyScope).toBe(1)
    expect(rates.policyScopeWithPreselfpay).toBe(0.9375)
    expect(rates.basicPolicyScope!.toFixed(3)).toBe('0.791')
    expect(rates.basicPolicyScopeWithPreselfpay!.toFixed(3)).toBe('0.742')
    const byMonth = reimbursementRatesBy([s, { ...s, refunded: true }], (x) => x.time.slice(0, 7))
    expect([...byMonth.keys()]).toEqual(['2020-06'])
    expect(byMonth.get('2020-06')!.settlements).toBe(1)
  })

  test('keeps the year-to-date totals the next stay depends on', () => {
    expect(ytd).toMatchObject({
      criticalBase: yuan(9_400),
      criticalPaid: yuan(1_235),
      assistancePaid: yuan(5_715.5),
      backstopKept: yuan(3_000),
      backstopPaid: yuan(2_449.5),
    })
    expect(ytd.basicPaid).toEqual({ basic: yuan(35_600) })
    // A second stay the same year: the 351 cap is used up, so the backstop takes all in scope.
    const again = settleEncounter(
      { ...input, setlId: 'S2', lines: [line(4, '01', yuan(10_000))] },
      ANHUI_2020,
      ytd
    ).settlement
    expect(again.psnPartAmt).toBe(0)
    expect(checkSettlementIdentities(again)).toEqual([])
  })
})

describe('the "180" chronic outpatient example', () => {
  test('basic 5,880, then 80 % of the 4,120 left: 3,296; the patient 824', () => {
    const r = settleEncounter(
      encounter({
        medType: '14',
        careType: 'CHRONIC',
        level: 1,
        identities: ['TUOPIN'],
        lines: [line(1, '01', yuan(10_000))],
      }),
      ANHUI_2020,
      startOfYear(2020)
    )
    expect(r.settlement).toMatchObject({
      hifpPay: yuan(5_880),
      hifmiPay: 0,
      mafPay: 0,
      othPay: yuan(3_296),
      psnPartAmt: yuan(824),
    })
    expect(r.details.map((d) => d.fundPayType)).toEqual(['390100', '999997'])
  })

  test('without the identity nothing but basic insurance pays', () => {
    const r = settleEncounter(
      encounter({
        medType: '14',
        careType: 'CHRONIC',
        level: 1,
        lines: [line(1, '01', yuan(10_000))],
      }),
      ANHUI_2020,
      startOfYear(2020)
    )
    expect(r.settlement).toMatchObject({ hifpPay: yuan(5_880), othPay: 0, psnPartAmt: yuan(4_120) })
    expect(r.tilt).toBeNull()
  })
})
