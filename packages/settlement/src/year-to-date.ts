// SPDX-License-Identifier: Apache-2.0
import type { Fen } from '@yibao/domain'

/**
 * One person's running totals of one year, which later settlements of the year depend on
 * (deductibles met, annual caps used, the 大病 base, 救助 used, what counts toward a backstop
 * cap) and the personal-account balance. `settleEncounter` updates it; settle a person's
 * encounters in settlement-time order and start each year afresh.
 */
export interface YearToDate {
  readonly year: number
  /** Deductible met this year, by `<capGroup>:<care type>` (yearly deductibles only). */
  readonly deductibleMet: Record<string, Fen>
  /** Basic pooled fund paid this year, by cap group. */
  readonly basicPaid: Record<string, Fen>
  employeeSupplementPaid: Fen
  /** The yearly 大病 base: in-scope burden left by basic insurance (and 先行自付 where counted). */
  criticalBase: Fen
  criticalPaid: Fen
  assistanceDeductibleMet: Fen
  assistancePaid: Fen
  supplementPaid: Fen
  /** What the person has paid toward the backstop cap this year. */
  backstopKept: Fen
  backstopPaid: Fen
  /** Personal-account balance. */
  account: Fen
}

/**
 * The totals at the start of a year.
 *
 * @param year - the calendar year
 * @param account - the personal-account balance at its start, fen
 */
export function startOfYear(year: number, account: Fen = 0): YearToDate {
  return {
    year,
    deductibleMet: {},
    basicPaid: {},
    employeeSupplementPaid: 0,
    criticalBase: 0,
    criticalPaid: 0,
    assistanceDeductibleMet: 0,
    assistancePaid: 0,
    supplementPaid: 0,
    backstopKept: 0,
    backstopPaid: 0,
    account,
  }
}

/** A deep copy (what-if runs and tests compare before and after). */
export function copyYearToDate(ytd: YearToDate): YearToDate {
  return { ...ytd, deductibleMet: { ...ytd.deductibleMet }, basicPaid: { ...ytd.basicPaid } }
}
