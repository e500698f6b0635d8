// SPDX-License-Identifier: Apache-2.0
import { fenToYuan } from '@yibao/domain'

/** What the records say about a called-back settlement. */
export interface CallbackRecordFacts {
  /** Days of care: the length of stay, 1 for a visit. */
  readonly days: number
  /** What the person bore (个人负担: cash and personal account), fen. */
  readonly ownPay: number
  /** What the fund paid, fen. */
  readonly fundPaid: number
}

/** What the person said on the phone; null where they were not asked or did not know. */
export interface CallbackAnswerFacts {
  readonly received: boolean
  readonly days: number | null
  /** Fen. */
  readonly ownPay: number | null
}

/** How far an answer may stray from the records before it counts as a mismatch. */
export interface CallbackTolerance {
  /** Days of care. */
  readonly days: number
  /** The person's own payment: the larger of this amount (fen)… */
  readonly ownPay: number
  /** …and this share of the recorded payment, basis points. */
  readonly ownPayBp: number
}

/** A day either way; ¥50 or 10 % of the person's payment, whichever is larger. */
export const DEFAULT_CALLBACK_TOLERANCE: CallbackTolerance = {
  days: 1,
  ownPay: 5_000,
  ownPayBp: 1_000,
}

/** Whether an answer contradicts the records, why, and the amount the contradiction puts in doubt. */
export interface CallbackJudgement {
  readonly mismatch: boolean
  readonly reasons: readonly string[]
  /** Fen: the fund's payment when no care was received, else the share of it for days not
   * received or the difference in the person's payment, whichever is larger. */
  readonly suspectedAmount: number
}

/**
 * Compares a call-back answer with the records: care not received, days of care or the person's
 * own payment beyond the tolerance are mismatches.
 *
 * @param records - what the settlement says
 * @param answer - what the person said
 * @param tolerance - how far the answer may stray
 */
export function judgeCallbackAnswer(
  records: CallbackRecordFacts,
  answer: CallbackAnswerFacts,
  tolerance: CallbackTolerance = DEFAULT_CALLBACK_TOLERANCE
): CallbackJudgement {
  if (!answer.received) {
    return {
      mismatch: true,
      reasons: [
        `本人称未接受该次诊疗（记录为 ${records.days} 天，基金支付 ${fenToYuan(records.fundPaid)} 元）`,
      ],
      suspectedAmount: records.fundPaid,
    }
  }
  const reasons: string[] = []
  let suspected = 0
  if (answer.days !== null && Math.abs(answer.days - records.days) > tolerance.days) {
    reasons.push(`本人称诊疗 ${answer.days} 天，记录为 ${records.days} 天`)
    if (answer.days < records.days && records.days > 0) {
      const share = (records.days - answer.days) / records.days
      suspected = Math.max(suspected, Math.round(records.fundPaid * share))
    }
  }
  if (answer.ownPay !== null) {
    const diff = Math.abs(answer.ownPay - records.ownPay)
    const allowed = Math.max(
      tolerance.ownPay,
      Math.round((records.ownPay * tolerance.ownPayBp) / 10_000)
    )
    if (diff > allowed) {
      reasons.push(
        `本人称个人支付 ${fenToYuan(answer.ownPay)} 元，记录为 ${fenToYuan(records.ownPay)} 元`
      )
      suspected = Math.max(suspected, diff)
    }
  }
  return { mismatch: reasons.length > 0, reasons, suspectedAmount: suspected }
}
