// SPDX-License-Identifier: Apache-2.0
import type { Fen } from '@yibao/domain'
import { fenToYuan, toNationalDateTime } from '@yibao/domain'
import type { SettlementResult } from './settle-encounter.js'

/** `fund_pay_type` names of the national dictionary (domain.md §2.6). */
export const FUND_PAY_TYPE_NAMES: Readonly<Record<string, string>> = {
  '310100': '职工基本医疗保险统筹基金',
  '310200': '职工个人账户',
  '320100': '公务员医疗补助',
  '330100': '职工大额医疗费用补助',
  '340100': '离休人员医疗保障',
  '370100': '企业补充医疗保险',
  '390100': '城乡居民基本医疗保险基金',
  '390200': '城乡居民大病医疗保险',
  '510100': '生育基金',
  '610100': '医疗救助基金',
  '999997': '其他',
}

const yuan = (fen: Fen): number => Number(fenToYuan(fen))

/** A settlement in the national 2207 (门诊) / 2304 (住院) output shape, amounts in yuan. */
export interface NationalSettlement {
  readonly setlinfo: Record<string, string | number | null>
  readonly setldetail: readonly {
    readonly fund_pay_type: string
    readonly fund_pay_type_name: string
    readonly inscp_scp_amt: number | null
    /** 本次可支付限额: not tracked by the engine per layer, so null. */
    readonly crt_payb_lmt_amt: number | null
    readonly fund_payamt: number
    readonly setl_proc_info: string | null
  }[]
}

/**
 * A settlement as the national 2207 / 2304 answer carries it: `setlinfo` with every amount field
 * of domain.md §2.6 (yuan with two decimals) and `setldetail` per `fund_pay_type` with its
 * `setl_proc_info`.
 */
export function nationalSettlement(result: SettlementResult): NationalSettlement {
  const s = result.settlement
  return {
    setlinfo: {
      mdtrt_id: s.mdtrtId,
      setl_id: s.setlId,
      psn_no: s.psnNo,
      fixmedins_code: s.institutionCode,
      insutype: s.insuType,
      med_type: s.medType,
      setl_time: toNationalDateTime(s.time),
      medfee_sumamt: yuan(s.medfeeSumamt),
      fulamt_ownpay_amt: yuan(s.fulamtOwnpayAmt),
      overlmt_selfpay: yuan(s.overlmtSelfpay),
      preselfpay_amt: yuan(s.preselfpayAmt),
      inscp_scp_amt: yuan(s.inscpScpAmt),
      act_pay_dedc: yuan(s.actPayDedc),
      hifp_pay: yuan(s.hifpPay),
      pool_prop_selfpay: result.basicRatioBp === null ? null : result.basicRatioBp / 10_000,
      cvlserv_pay: yuan(s.cvlservPay),
      hifes_pay: yuan(s.hifesPay),
      hifmi_pay: yuan(s.hifmiPay),
      hifob_pay: yuan(s.hifobPay),
      hifdm_pay: yuan(s.hifdmPay),
      maf_pay: yuan(s.mafPay),
      oth_pay: yuan(s.othPay),
      fund_pay_sumamt: yuan(s.fundPaySumamt),
      psn_part_amt: yuan(s.psnPartAmt),
      acct_pay: yuan(s.acctPay),
      psn_cash_pay: yuan(s.psnCashPay),
      hosp_part_amt: yuan(s.hospPartAmt),
      balc: yuan(result.accountBalance),
      acct_mulaid_pay: yuan(s.acctMulaidPay),
    },
    setldetail: result.details.map((d) => ({
      fund_pay_type: d.fundPayType,
      fund_pay_type_name: FUND_PAY_TYPE_NAMES[d.fundPayType] ?? d.fundPayType,
      inscp_scp_amt: d.inscpScpAmt === null ? null : yuan(d.inscpScpAmt),
      crt_payb_lmt_amt: null,
      fund_payamt: yuan(d.amount),
      setl_proc_info: d.procInfo,
    })),
  }
}
