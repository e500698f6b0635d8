// SPDX-License-Identifier: Apache-2.0
import { dayDate, groupBy } from '../data.js'
import type { ScreeningData, ScreeningEncounter } from '../data.js'
import type { ScreeningHit } from '../hit.js'
import type { ScreeningParams } from '../params.js'
import { fundShare, yuan } from './amounts.js'

/**
 * 挂床住院 (F1): a stay with at least `ghostBedDays` consecutive days, between the admission and
 * the discharge day, on which fees were billed but only bed, consultation and nursing fees. The
 * suspected amount is the fund's share of those days' fees.
 */
export function ghostBeds(data: ScreeningData, params: ScreeningParams): ScreeningHit[] {
  const stays = new Map(
    data.encounters.filter((e) => e.kind === 'INPATIENT').map((e) => [e.id, e] as const)
  )
  const hits: ScreeningHit[] = []
  for (const [mdtrtId, days] of groupBy(data.stayDays, (d) => d.mdtrtId)) {
    const stay = stays.get(mdtrtId)
    if (!stay) continue
    const byDay = new Map(days.map((d) => [d.day, d] as const))
    let best: { from: number; to: number; amount: number } | null = null
    let from = -1
    let amount = 0
    for (let day = stay.beginDay + 1; day <= stay.endDay; day++) {
      const d = day < stay.endDay ? byDay.get(day) : undefined
      if (d && !d.active) {
        if (from < 0) {
          from = day
          amount = 0
        }
        amount += d.amount
        continue
      }
      if (from >= 0 && (!best || day - from > best.to - best.from + 1))
        best = { from, to: day - 1, amount }
      from = -1
    }
    if (!best) continue
    const length = best.to - best.from + 1
    if (length < params.ghostBedDays) continue
    const list: string[] = []
    for (let day = best.from; day <= best.to; day++) list.push(dayDate(day))
    hits.push({
      pattern: 'F1',
      subject: 'ENCOUNTER',
      subjectId: stay.id,
      institutionCode: stay.institutionCode,
      psnNo: stay.psnNo,
      mdtrtId: stay.id,
      amount: fundShare(stay, best.amount),
      score: Math.min(1, 0.6 + 0.1 * (length - params.ghostBedDays)),
      clusterId: null,
      explanation: {
        summary: `住院期间连续${length}天（${list[0]}至${list.at(-1)}）只收取床位、诊查、护理费，共${yuan(best.amount)}元`,
        encounters: [stay.id],
        days: list,
      },
    })
  }
  return hits
}

/** Main-diagnosis category (ICD-10 three characters). */
const category = (code: string | null): string => (code ?? '').slice(0, 3)

/**
 * 分解住院 (M14): the next admission of a person at the same institution within
 * `splitAdmissionDays` of a discharge, for the same diagnosis category, not planned and not a
 * planned treatment course. Chains of such stays form one cluster; every later stay is a hit.
 */
export function splitAdmissions(data: ScreeningData, params: ScreeningParams): ScreeningHit[] {
  const hits: ScreeningHit[] = []
  const inpatient = data.encounters.filter((e) => e.kind === 'INPATIENT')
  for (const stays of groupBy(inpatient, (e) => `${e.psnNo}\u0000${e.institutionCode}`).values()) {
    stays.sort((a, b) => a.beginMinute - b.beginMinute)
    let chain: ScreeningEncounter | null = null
    for (let i = 1; i < stays.length; i++) {
      const prev = stays[i - 1] as ScreeningEncounter
      const next = stays[i] as ScreeningEncounter
      const gap = next.beginDay - prev.endDay
      const planned =
        next.readmitPlanned ||
        params.plannedDiagPrefixes.some((p) => (next.mainDiag ?? '').startsWith(p))
      if (
        gap < 0 ||
        gap > params.splitAdmissionDays ||
        planned ||
        category(next.mainDiag) === '' ||
        category(next.mainDiag) !== category(prev.mainDiag)
      ) {
        chain = null
        continue
      }
      chain ??= prev
      hits.push({
        pattern: 'M14',
        subject: 'ENCOUNTER',
        subjectId: next.id,
        institutionCode: next.institutionCode,
        psnNo: next.psnNo,
        mdtrtId: next.id,
        amount: next.fundPaid,
        score: gap <= 7 ? 0.8 : 0.6,
        clusterId: `M14:${chain.id}`,
        explanation: {
          summary: `出院${gap}天后以同类诊断（${category(next.mainDiag)}）再次入住同一机构（上次出院${dayDate(prev.endDay)}，本次入院${dayDate(next.beginDay)}）`,
          encounters: [prev.id, next.id],
          days: [dayDate(prev.endDay), dayDate(next.beginDay)],
        },
      })
    }
  }
  return hits
}
