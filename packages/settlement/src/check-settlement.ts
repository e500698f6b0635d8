// SPDX-License-Identifier: Apache-2.0
import type { Fen, Settlement } from '@yibao/domain'
import { fenToYuan, IDENTITY_LABELS } from '@yibao/domain'
import type { BenefitPolicy } from './benefit-policy.js'
import type { SettlementInput } from './settle-encounter.js'
import { settleEncounter } from './settle-encounter.js'
import type { YearToDate } from './year-to-date.js'
import { copyYearToDate } from './year-to-date.js'

/** The settlement amounts a recomputation compares, with their national names. */
export const COMPARED_FIELDS = [
  ['medfeeSumamt', 'medfee_sumamt'],
  ['fulamtOwnpayAmt', 'fulamt_ownpay_amt'],
  ['overlmtSelfpay', 'overlmt_selfpay'],
  ['preselfpayAmt', 'preselfpay_amt'],
  ['inscpScpAmt', 'inscp_scp_amt'],
  ['actPayDedc', 'act_pay_dedc'],
  ['hifpPay', 'hifp_pay'],
  ['hifobPay', 'hifob_pay'],
  ['hifmiPay', 'hifmi_pay'],
  ['mafPay', 'maf_pay'],
  ['othPay', 'oth_pay'],
  ['fundPaySumamt', 'fund_pay_sumamt'],
  ['psnPartAmt', 'psn_part_amt'],
] as const satisfies readonly (readonly [keyof Settlement, string])[]

/** One amount that differs: the national field, what was recorded, what the engine gives. */
export interface SettlementDifference {
  readonly field: string
  readonly recorded: Fen
  readonly engine: Fen
}

/** How a recorded settlement compares with the engine's. */
export type CheckStatus = 'SAME' | 'MISSED_TILT' | 'RESTRICTED_PAID' | 'DIFFERS'

/** The verdict on one recorded settlement. */
export interface SettlementCheck {
  readonly status: CheckStatus
  /** The engine's settlement under the policy, with the person's identities. */
  readonly engine: Settlement
  /** Why it differs, in Chinese; null when the same. */
  readonly reason: string | null
  readonly differences: readonly SettlementDifference[]
}

/** The amounts in which two settlements differ. */
export function settlementDifferences(
  recorded: Settlement,
  engine: Settlement
): SettlementDifference[] {
  const out: SettlementDifference[] = []
  for (const [key, field] of COMPARED_FIELDS) {
    if (recorded[key] !== engine[key]) {
      out.push({ field, recorded: recorded[key], engine: engine[key] })
    }
  }
  return out
}

const yuan = (fen: Fen): string => `${fenToYuan(fen)} 元`

/**
 * Recomputes one recorded settlement and says how it compares: the same as the engine's under the
 * policy; the same as a settlement without the person's identities (a tilt left out, 漏享倾斜);
 * the same but for lines a payment restriction excludes (restricted lines paid by the fund); or
 * different. The year's totals then follow what was recorded where it could be explained, so one
 * error does not make every later settlement of the person differ.
 *
 * @param input - the encounter as settled (lines without restriction flags)
 * @param recorded - the stored settlement
 * @param policy - the policy in force
 * @param ytd - the person's totals of the year before this settlement (changed in place)
 * @param restricted - fee lines that failed a payment restriction (明确违规), if known
 */
export function checkRecordedSettlement(
  input: SettlementInput,
  recorded: Settlement,
  policy: BenefitPolicy,
  ytd: YearToDate,
  restricted: ReadonlySet<string> = new Set()
): SettlementCheck {
  const before = copyYearToDate(ytd)
  // Only amounts are compared: the step texts are not written.
  const quiet = { explain: false }
  const engine = settleEncounter(input, policy, ytd, quiet).settlement
  const differences = settlementDifferences(recorded, engine)
  if (differences.length === 0) {
    const flagged = input.lines.filter((l) => restricted.has(l.feedetlSn))
    if (flagged.length > 0) {
      const strict = settleEncounter(
        {
          ...input,
          lines: input.lines.map((l) => ({ ...l, restricted: restricted.has(l.feedetlSn) })),
        },
        policy,
        copyYearToDate(before),
        quiet
      ).settlement
      const paid = recorded.fundPaySumamt - strict.fundPaySumamt
      if (paid > 0) {
        return {
          status: 'RESTRICTED_PAID',
          engine: strict,
          reason: `${flagged.length} 条明细不符合限制性支付规定（明确违规），基金仍支付了约 ${yuan(paid)}`,
          differences: settlementDifferences(recorded, strict),
        }
      }
    }
    return { status: 'SAME', engine, reason: null, differences: [] }
  }
  if (input.identities.length > 0) {
    const plain = copyYearToDate(before)
    const without = settleEncounter({ ...input, identities: [] }, policy, plain, quiet).settlement
    if (settlementDifferences(recorded, without).length === 0) {
      Object.assign(ytd, plain)
      const names = input.identities.map((i) => IDENTITY_LABELS[i]).join('、')
      return {
        status: 'MISSED_TILT',
        engine,
        reason:
          `漏享倾斜：参保人结算日为${names}，按普通参保人结算；` +
          `按政策基金应支付 ${yuan(engine.fundPaySumamt)}，实际支付 ${yuan(recorded.fundPaySumamt)}，` +
          `少支付 ${yuan(engine.fundPaySumamt - recorded.fundPaySumamt)}`,
        differences,
      }
    }
  }
  return {
    status: 'DIFFERS',
    engine,
    reason: `结算金额与按政策计算不一致：${differences.map((d) => `${d.field} 记录 ${yuan(d.recorded)}，应为 ${yuan(d.engine)}`).join('；')}`,
    differences,
  }
}
