// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { CatalogClass, Fen } from '@yibao/domain'
import { checkRecordedSettlement } from './check-settlement.js'
import { EXAMPLE_POLICY_2020 as POLICY } from './example-policies.js'
import type { SettlementInput } from './settle-encounter.js'
import { settleEncounter } from './settle-encounter.js'
import { insuredCategory, WhatIfTally } from './what-if.js'
import { copyYearToDate, startOfYear } from './year-to-date.js'

const yuan = (y: number): Fen => Math.round(y * 100)

function stay(
  n: number,
  identities: SettlementInput['identities'],
  ...amounts: [CatalogClass, number][]
): SettlementInput {
  return {
    setlId: `S${n}`,
    mdtrtId: `M${n}`,
    psnNo: 'P1',
    institutionCode: 'H1',
    time: `2020-0${n}-10T10:00:00+08:00`,
    insuType: '390',
    medType: '21',
    careType: 'INPATIENT',
    level: 2,
    tier: 'COUNTY',
    identities,
    lines: amounts.map(([c, y], i) => ({
      feedetlSn: `L${n}-${i}`,
      listType: '101',
      catalogClass: c,
      quantity: 1,
      price: yuan(y) * 100,
      amount: yuan(y),
    })),
  }
}

describe('checking recorded settlements against the engine', () => {
  const first = stay(1, ['DIBAO'], ['01', 40_000], ['02', 10_000])
  const second = stay(2, ['DIBAO'], ['01', 30_000])

  test('a settlement made by the policy is the same', () => {
    const recorded = settleEncounter(first, POLICY, startOfYear(2020)).settlement
    const check = checkRecordedSettlement(first, recorded, POLICY, startOfYear(2020))
    expect(check).toMatchObject({ status: 'SAME', reason: null, differences: [] })
  })

  test('a tilt left out is named, and the next stay is judged on what was recorded', () => {
    // What happened: the first stay was settled as for anybody, the second correctly after it.
    const history = startOfYear(2020)
    const r1 = settleEncounter({ ...first, identities: [] }, POLICY, history).settlement
    const r2 = settleEncounter(second, POLICY, history).settlement
    const ytd = startOfYear(2020)
    const c1 = checkRecordedSettlement(first, r1, POLICY, ytd)
    expect(c1.status).toBe('MISSED_TILT')
    expect(c1.engine.fundPaySumamt).toBeGreaterThan(r1.fundPaySumamt)
    expect(c1.reason).toContain('低保对象')
    expect(c1.reason).toContain(`少支付`)
    expect(c1.differences.map((d) => d.field)).toContain('fund_pay_sumamt')
    expect(checkRecordedSettlement(second, r2, POLICY, ytd).status).toBe('SAME')
    expect(ytd).toEqual(history)
  })

  test('lines a restriction excludes, paid by the fund, are told apart', () => {
    const recorded = settleEncounter(first, POLICY, startOfYear(2020)).settlement
    const check = checkRecordedSettlement(
      first,
      recorded,
      POLICY,
      startOfYear(2020),
      new Set(['L1-1'])
    )
    expect(check.status).toBe('RESTRICTED_PAID')
    expect(check.engine.fulamtOwnpayAmt).toBe(yuan(10_000))
    expect(check.reason).toContain('1 条明细不符合限制性支付规定')
  })

  test('any other difference lists the fields', () => {
    const recorded = settleEncounter(first, POLICY, startOfYear(2020)).settlement
    const wrong = {
      ...recorded,
      hifpPay: recorded.hifpPay - 1,
      psnPartAmt: recorded.psnPartAmt + 1,
      fundPaySumamt: recorded.fundPaySumamt - 1,
    }
    const check = checkRecordedSettlement(first, wrong, POLICY, startOfYear(2020))
    expect(check.status).toBe('DIFFERS')
    expect(check.differences.map((d) => d.field)).toEqual([
      'hifp_pay',
      'fund_pay_sumamt',
      'psn_part_amt',
    ])
  })
})

describe('what-if', () => {
  test('adds the year under two policies per layer, insured category and level', () => {
    const halved = { ...POLICY, critical: { ...POLICY.critical!, deductible: yuan(7_500) } }
    const tally = new WhatIfTally()
    const base = startOfYear(2020)
    const changed = copyYearToDate(base)
    for (const input of [stay(1, [], ['01', 40_000]), stay(2, ['DIBAO'], ['01', 40_000])]) {
      tally.add(
        settleEncounter(input, POLICY, base).settlement,
        settleEncounter(input, halved, changed).settlement,
        insuredCategory(input.insuType, input.identities),
        input.level
      )
    }
    const r = tally.result()
    expect(r.settlements).toBe(2)
    const critical = r.layers.find((l) => l.key === 'hifmi_pay')!
    expect(critical.changed).toBeGreaterThan(critical.base)
    expect(critical.difference).toBe(critical.changed - critical.base)
    expect(r.layers.find((l) => l.key === 'hifp_pay')!.difference).toBe(0)
    expect(r.byCategory.map((c) => c.key).sort()).toEqual(['居民·低保对象', '居民·普通参保人'])
    expect(r.byLevel.map((l) => l.name)).toEqual(['二级'])
    const total = r.layers.find((l) => l.key === 'fund_pay_sumamt')!
    expect(total.deviation).toBeCloseTo(total.difference / total.base)
  })
})
