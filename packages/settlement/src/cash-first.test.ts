// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { checkSettlementIdentities } from '@yibao/domain'
import { settleCashFirst } from './cash-first.js'
import { EXAMPLE_POLICY_2020 } from './example-policies.js'
import type { SettlementInput } from './settle-encounter.js'
import { settleEncounter } from './settle-encounter.js'
import { copyYearToDate, startOfYear } from './year-to-date.js'

const input: SettlementInput = {
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
  identities: ['DIBAO'],
  lines: [
    {
      feedetlSn: 'L1',
      listType: '101',
      catalogClass: '02',
      quantity: 1,
      price: 3_000_000_00,
      amount: 3_000_000,
    },
    {
      feedetlSn: 'L2',
      listType: '101',
      catalogClass: '03',
      quantity: 1,
      price: 200_000_00,
      amount: 200_000,
    },
  ],
}

describe('a blacklisted person pays first (先行全额自付)', () => {
  test('no fund pays, the identities hold, the year-to-date totals do not move', () => {
    const ytd = startOfYear(2020)
    const before = copyYearToDate(ytd)
    const r = settleCashFirst(input, EXAMPLE_POLICY_2020, ytd, '冒名就医')
    const s = r.settlement
    expect(s.fundPaySumamt).toBe(0)
    expect(s.psnCashPay).toBe(s.medfeeSumamt)
    expect(s.fulamtOwnpayAmt).toBe(200_000)
    expect(checkSettlementIdentities(s)).toEqual([])
    expect(r.details).toEqual([])
    expect(ytd).toEqual(before)
    const normal = settleEncounter(input, EXAMPLE_POLICY_2020, startOfYear(2020)).settlement
    expect(r.steps).toHaveLength(1)
    expect(r.steps[0]!.text).toContain('冒名就医')
    expect(r.steps[0]!.text).toContain(`可由基金支付 ${(normal.fundPaySumamt / 100).toFixed(2)} 元`)
  })
})
