// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { Settlement } from './settlement.js'
import { checkSettlementIdentities } from './settlement.js'

// domain.md §7.4: ¥50,000 stay of a 低保 + 脱贫 resident at a county hospital.
const worked: Settlement = {
  setlId: 'S1',
  mdtrtId: 'M1',
  psnNo: 'P1',
  institutionCode: 'H1',
  time: '2025-05-10T10:00:00+08:00',
  insuType: '390',
  medType: '21',
  medfeeSumamt: 5_000_000,
  fulamtOwnpayAmt: 200_000,
  overlmtSelfpay: 0,
  preselfpayAmt: 300_000,
  inscpScpAmt: 4_500_000,
  actPayDedc: 50_000,
  hifpPay: 3_560_000,
  cvlservPay: 0,
  hifesPay: 0,
  hifmiPay: 123_500,
  hifobPay: 0,
  hifdmPay: 0,
  mafPay: 571_550,
  othPay: 244_950,
  fundPaySumamt: 4_500_000,
  psnPartAmt: 500_000,
  acctPay: 0,
  psnCashPay: 500_000,
  hospPartAmt: 0,
  acctMulaidPay: 0,
  refunded: false,
}

describe('settlement identities', () => {
  test('the worked example of domain.md §7.4 satisfies every identity', () => {
    expect(checkSettlementIdentities(worked)).toEqual([])
  })

  test('each broken identity is named with its field', () => {
    const issues = checkSettlementIdentities({ ...worked, mafPay: 571_551 }, 'setl_d.csv:第 2 行')
    expect(issues.map((i) => i.path)).toEqual(['setl_d.csv:第 2 行:fund_pay_sumamt'])
    const two = checkSettlementIdentities({ ...worked, psnCashPay: 499_999, inscpScpAmt: 1 })
    expect(two.map((i) => i.path)).toEqual(['S1:inscp_scp_amt', 'S1:psn_part_amt'])
    expect(two[1]?.message).toContain('acct_pay + psn_cash_pay')
  })
})
