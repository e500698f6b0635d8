// SPDX-License-Identifier: Apache-2.0
import type { InsuType } from './codes.js'
import type { Timestamp } from './dates.js'
import type { Fen } from './money.js'
import { fenToYuan } from './money.js'
import type { OutcomeIssue } from './outcome.js'

/**
 * A settlement (结算, `setl_d` / 2207 / 2304 `setlinfo`). Every amount is integer fen and the
 * accounting identities of domain.md §2.6 hold (see `checkSettlementIdentities`).
 */
export interface Settlement {
  readonly setlId: string
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly time: Timestamp
  readonly insuType: InsuType
  readonly medType: string
  /** 医疗费总额. */
  readonly medfeeSumamt: Fen
  /** 全自费金额. */
  readonly fulamtOwnpayAmt: Fen
  /** 超限价自费. */
  readonly overlmtSelfpay: Fen
  /** 先行自付. */
  readonly preselfpayAmt: Fen
  /** 符合政策范围金额. */
  readonly inscpScpAmt: Fen
  /** 实际支付起付线. */
  readonly actPayDedc: Fen
  /** 统筹基金支付. */
  readonly hifpPay: Fen
  /** 公务员医疗补助. */
  readonly cvlservPay: Fen
  /** 企业补充医疗保险. */
  readonly hifesPay: Fen
  /** 居民大病保险. */
  readonly hifmiPay: Fen
  /** 职工大额医疗费用补助. */
  readonly hifobPay: Fen
  /** 伤残人员医疗保障. */
  readonly hifdmPay: Fen
  /** 医疗救助. */
  readonly mafPay: Fen
  /** 其他基金 (兜底 and local funds). */
  readonly othPay: Fen
  /** 基金支付总额. */
  readonly fundPaySumamt: Fen
  /** 个人负担总额. */
  readonly psnPartAmt: Fen
  /** 个人账户支付. */
  readonly acctPay: Fen
  /** 个人现金支付. */
  readonly psnCashPay: Fen
  /** 医院负担. */
  readonly hospPartAmt: Fen
  /** 家庭共济账户支付. */
  readonly acctMulaidPay: Fen
  /** True for a refund / reversal settlement (`refd_setl_flag`). */
  readonly refunded: boolean
}

/** One fund's part of a settlement (`setldetail`). */
export interface SettlementFundDetail {
  readonly setlId: string
  /** 基金支付类型 `fund_pay_type`, e.g. 390100. */
  readonly fundPayType: string
  readonly amount: Fen
  /** 符合政策范围金额 for this fund, when reported. */
  readonly inscpScpAmt: Fen | null
  /** 结算过程信息 `setl_proc_info`, the step explained in Chinese. */
  readonly procInfo: string | null
}

/**
 * Checks the accounting identities of domain.md §2.6 on a settlement.
 *
 * @param s - the settlement
 * @param path - prefix for issue paths, e.g. `setl_d.csv:row 3`
 * @returns one issue per identity that does not hold (empty when all hold)
 */
export function checkSettlementIdentities(s: Settlement, path = s.setlId): OutcomeIssue[] {
  const issues: OutcomeIssue[] = []
  const check = (field: string, actual: Fen, expected: Fen, formula: string): void => {
    if (actual !== expected) {
      issues.push({
        severity: 'error',
        code: 'invalid',
        message: `${field} = ${fenToYuan(actual)}，应为 ${formula} = ${fenToYuan(expected)}`,
        path: `${path}:${field}`,
      })
    }
  }
  check(
    'inscp_scp_amt',
    s.inscpScpAmt,
    s.medfeeSumamt - s.fulamtOwnpayAmt - s.overlmtSelfpay - s.preselfpayAmt,
    'medfee_sumamt − fulamt_ownpay_amt − overlmt_selfpay − preselfpay_amt'
  )
  check(
    'fund_pay_sumamt',
    s.fundPaySumamt,
    s.hifpPay +
      s.cvlservPay +
      s.hifesPay +
      s.hifmiPay +
      s.hifobPay +
      s.hifdmPay +
      s.mafPay +
      s.othPay,
    'hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + hifdm_pay + maf_pay + oth_pay'
  )
  check(
    'psn_part_amt',
    s.psnPartAmt,
    s.medfeeSumamt - s.fundPaySumamt - s.hospPartAmt,
    'medfee_sumamt − fund_pay_sumamt − hosp_part_amt'
  )
  check(
    'psn_part_amt',
    s.psnPartAmt,
    s.acctPay + s.psnCashPay + s.acctMulaidPay,
    'acct_pay + psn_cash_pay + acct_mulaid_pay'
  )
  return issues
}
