// SPDX-License-Identifier: Apache-2.0
import type { ScreeningHit } from './hit.js'
import { SCREENING_PATTERNS, screeningPattern } from './hit.js'
import type { QueueItem } from './queue.js'

/** One injected violation (synthetic region truth). */
export interface TruthRow {
  readonly type: string
  readonly psnNo: string
  readonly mdtrtId: string
  readonly institutionCode: string
  readonly amount: number
}

/** Precision and recall of one pattern, counted at its subject level. */
export interface PatternEvaluation {
  readonly pattern: string
  readonly name: string
  readonly unit: string
  readonly truthTypes: readonly string[]
  readonly truth: number
  readonly flagged: number
  readonly truePositives: number
  /** null when nothing was flagged or there is no truth to compare with. */
  readonly precision: number | null
  readonly recall: number | null
}

const unitKey = (
  subject: string,
  r: { psnNo: string | null; mdtrtId: string | null; institutionCode: string }
): string | null =>
  subject === 'ENCOUNTER'
    ? r.mdtrtId
    : subject === 'PERSON'
      ? r.psnNo
      : subject === 'INSTITUTION'
        ? r.institutionCode
        : null

const ratio = (a: number, b: number): number | null =>
  b === 0 ? null : Math.round((a / b) * 10_000) / 10_000

/** Precision and recall per pattern: flagged subjects against the subjects of its truth types. */
export function evaluatePatterns(
  hits: readonly ScreeningHit[],
  truth: readonly TruthRow[]
): PatternEvaluation[] {
  return SCREENING_PATTERNS.map((p) => {
    const flagged = new Set(
      hits
        .filter((h) => h.pattern === p.code)
        .map((h) => (p.subject === 'DOCTOR' ? h.subjectId : unitKey(p.subject, h)))
    )
    flagged.delete(null)
    const truthSet = new Set(
      truth.filter((t) => p.truthTypes.includes(t.type)).map((t) => unitKey(p.subject, t))
    )
    truthSet.delete(null)
    let tp = 0
    for (const k of flagged) if (truthSet.has(k)) tp++
    const hasTruth = p.truthTypes.length > 0
    return {
      pattern: p.code,
      name: p.name,
      unit: p.subject,
      truthTypes: p.truthTypes,
      truth: truthSet.size,
      flagged: flagged.size,
      truePositives: hasTruth ? tp : 0,
      precision: hasTruth ? ratio(tp, flagged.size) : null,
      recall: hasTruth ? ratio(tp, truthSet.size) : null,
    }
  })
}

/** How much of the injected violation amount the top of the queue reaches. */
export interface QueueShare {
  readonly fraction: number
  readonly items: number
  readonly topItems: number
  readonly truthAmount: number
  readonly topTruthAmount: number
  /** topTruthAmount / truthAmount. */
  readonly share: number | null
  /** Injected amount reached anywhere in the queue, for comparison. */
  readonly queueTruthAmount: number
}

/** Whether a queue item points at a truth row: same encounter, or same person / institution for a pattern that covers the truth's type. */
function covers(item: QueueItem, t: TruthRow): boolean {
  if (item.mdtrtId !== null && item.mdtrtId === t.mdtrtId && item.subject !== 'INSTITUTION')
    return true
  if (item.kind !== 'SCREENING') return false
  const types = screeningPattern(item.key)?.truthTypes ?? []
  if (!types.includes(t.type)) return false
  if (item.subject === 'PERSON') return item.psnNo === t.psnNo
  if (item.subject === 'INSTITUTION') return item.institutionCode === t.institutionCode
  return false
}

/** Share of the injected violation amount that lies in the first `fraction` of the queue. */
export function queueShare(
  queue: readonly QueueItem[],
  truth: readonly TruthRow[],
  fraction = 0.05
): QueueShare {
  const top = Math.ceil(queue.length * fraction)
  const reached = (items: readonly QueueItem[]): number => {
    const byEncounter = new Map<string, QueueItem[]>()
    const wide: QueueItem[] = []
    for (const item of items) {
      if (item.mdtrtId !== null && item.subject !== 'INSTITUTION') {
        const list = byEncounter.get(item.mdtrtId)
        if (list) list.push(item)
        else byEncounter.set(item.mdtrtId, [item])
      }
      if (
        item.kind === 'SCREENING' &&
        (item.subject === 'PERSON' || item.subject === 'INSTITUTION')
      )
        wide.push(item)
    }
    let amount = 0
    for (const t of truth)
      if (byEncounter.has(t.mdtrtId) || wide.some((i) => covers(i, t))) amount += t.amount
    return amount
  }
  const truthAmount = truth.reduce((s, t) => s + t.amount, 0)
  const topTruthAmount = reached(queue.slice(0, top))
  return {
    fraction,
    items: queue.length,
    topItems: top,
    truthAmount,
    topTruthAmount,
    share: ratio(topTruthAmount, truthAmount),
    queueTruthAmount: reached(queue),
  }
}
