// SPDX-License-Identifier: Apache-2.0
import { fenToYuan } from '@yibao/domain'
import type { BenefitPolicy } from './benefit-policy.js'
import type { SettleOptions, SettlementInput, SettlementResult } from './settle-encounter.js'
import { settleEncounter } from './settle-encounter.js'
import type { YearToDate } from './year-to-date.js'
import { copyYearToDate } from './year-to-date.js'

/**
 * The settlement of a person on the insured blacklist: they pay the whole bill first (先行全额自付)
 * and claim afterwards, so no fund pays and no year-to-date total moves now. The lines are
 * classified as usual, and the one step says what the policy would pay once the claim is
 * verified.
 *
 * @param reason - why the person is blacklisted
 */
export function settleCashFirst(
  input: SettlementInput,
  policy: BenefitPolicy,
  ytd: YearToDate,
  reason: string,
  options: SettleOptions = {}
): SettlementResult {
  const would = settleEncounter(input, policy, copyYearToDate(ytd), options)
  const s = would.settlement
  const medfee = s.medfeeSumamt
  return {
    ...would,
    settlement: {
      ...s,
      actPayDedc: 0,
      hifpPay: 0,
      hifobPay: 0,
      hifmiPay: 0,
      mafPay: 0,
      othPay: 0,
      fundPaySumamt: 0,
      psnPartAmt: medfee,
      acctPay: 0,
      psnCashPay: medfee,
    },
    details: [],
    steps: [
      {
        layer: 'CASH_FIRST',
        fundPayType: '',
        amount: 0,
        base: medfee,
        text:
          `参保人列入黑名单（${reason}）：本次费用 ${fenToYuan(medfee)} 元先行全额自付，` +
          `核实后按规定报销（按现行政策可由基金支付 ${fenToYuan(s.fundPaySumamt)} 元）`,
      },
    ],
    tilt: null,
    accountBalance: ytd.account,
  }
}
