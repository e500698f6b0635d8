// SPDX-License-Identifier: Apache-2.0
import { daysBetween } from '@yibao/domain'
import type { ScoredCase } from './payment-case.js'

/** Point-method indicators of one institution and month, for supervision (domain.md §6.4). */
export interface PaymentIndicators {
  readonly cases: number
  /** 入组率: cases in catalogue core groups / all cases. */
  readonly groupedRate: number
  /** Cases in comprehensive groups (综合病种). */
  readonly comprehensiveCases: number
  /** CMI: mean base score / scale (1000 for DIP scores, 100 for DRG base points). */
  readonly cmi: number
  readonly highShare: number
  readonly lowShare: number
  /** Same-group readmissions within 10 and 15 days of the previous discharge. */
  readonly readmit10: number
  readonly readmit15: number
  readonly specialCases: number
}

const round4 = (x: number): number => Math.round(x * 10_000) / 10_000

/**
 * Indicators of a set of scored cases.
 *
 * @param scored - the month's cases of one institution
 * @param earlier - earlier cases (e.g. the 15 days before the month) for readmissions; the
 *   month's own cases are also compared with each other
 * @param scale - 1000 for DIP, 100 for DRG
 */
export function paymentIndicators(
  scored: readonly ScoredCase[],
  earlier: readonly ScoredCase[],
  scale: number
): PaymentIndicators {
  const n = scored.length
  const core = scored.filter((s) => s.groupKind === 'CORE')
  const grouped = scored.filter((s) => s.groupKind !== 'NONE')
  const byPerson = new Map<string, ScoredCase[]>()
  for (const s of [...earlier, ...scored]) {
    const list = byPerson.get(s.case.psnNo)
    if (list) list.push(s)
    else byPerson.set(s.case.psnNo, [s])
  }
  let readmit10 = 0
  let readmit15 = 0
  const inMonth = new Set(scored)
  for (const list of byPerson.values()) {
    list.sort((a, b) => (a.case.admitDate < b.case.admitDate ? -1 : 1))
    for (let i = 1; i < list.length; i++) {
      const s = list[i]!
      if (!inMonth.has(s) || s.groupCode === null) continue
      const prev = list
        .slice(0, i)
        .reverse()
        .find((p) => p.groupCode === s.groupCode)
      if (!prev) continue
      const gap = daysBetween(prev.case.dischargeDate, s.case.admitDate)
      if (gap >= 0 && gap <= 15) readmit15++
      if (gap >= 0 && gap <= 10) readmit10++
    }
  }
  return {
    cases: n,
    groupedRate: n === 0 ? 0 : round4(core.length / n),
    comprehensiveCases: scored.filter((s) => s.groupKind === 'COMPREHENSIVE').length,
    cmi:
      grouped.length === 0
        ? 0
        : round4(grouped.reduce((a, s) => a + s.baseScore, 0) / grouped.length / scale),
    highShare: n === 0 ? 0 : round4(scored.filter((s) => s.costType === 'HIGH').length / n),
    lowShare: n === 0 ? 0 : round4(scored.filter((s) => s.costType === 'LOW').length / n),
    readmit10,
    readmit15,
    specialCases: scored.filter((s) => s.specialCandidate).length,
  }
}
