// SPDX-License-Identifier: Apache-2.0
import type { KnowledgeCondition, KnowledgePoint } from '@yibao/knowledge'
import { lineAmount } from '@yibao/domain'
import type { DemoCaseType, DemoDrug, DemoItem } from '../demo-catalog.js'
import type { ChargeContext } from '../encounter-builder.js'
import type { InjectContext } from '../injector.js'
import type { DraftEncounter, DraftLine, PersonTimeline } from '../timeline.js'

/** A random encounter of the person matching `pred`, or undefined. */
export function pickEncounter(
  ctx: InjectContext,
  t: PersonTimeline,
  pred: (e: DraftEncounter) => boolean
): DraftEncounter | undefined {
  const list = t.encounters.filter(pred)
  return list.length === 0 ? undefined : ctx.rng.pick(list)
}

/** Removes an encounter added by an injector that could not finish. */
export function removeEncounter(t: PersonTimeline, enc: DraftEncounter): void {
  const i = t.encounters.indexOf(enc)
  if (i >= 0) t.encounters.splice(i, 1)
  for (let d = enc.beginDay; d <= enc.endDay; d++) {
    if (!t.encounters.some((e) => e.beginDay <= d && d <= e.endDay)) t.busy.delete(d)
  }
}

/** True when a point's condition is of `kind` and matches `extra`. */
function hasPoint(
  points: readonly KnowledgePoint[],
  kind: KnowledgeCondition['kind'],
  extra?: (c: KnowledgeCondition, p: KnowledgePoint) => boolean
): boolean {
  return points.some(
    (p) => p.condition.kind === kind && (extra === undefined || extra(p.condition, p))
  )
}

/**
 * A national drug with a point of `kind` that the context breaks, while every other condition
 * holds here (so the line breaks exactly one rule).
 */
export function violatingDrug(
  ctx: InjectContext,
  c: ChargeContext,
  kind: KnowledgeCondition['kind'],
  extra?: (cond: KnowledgeCondition, p: KnowledgePoint) => boolean
): DemoDrug | undefined {
  const list = ctx.catalog.drugs.filter(
    (d) =>
      d.national &&
      hasPoint(d.points, kind, extra) &&
      ctx.catalog.restrictions(d.code).courseDays === null &&
      !ctx.builder.allowed(d.code, c) &&
      ctx.builder.allowed(d.code, c, kind)
  )
  return list.length === 0 ? undefined : ctx.rng.pick(list)
}

/** As `violatingDrug`, for service items. */
export function violatingItem(
  ctx: InjectContext,
  c: ChargeContext,
  kind: KnowledgeCondition['kind'],
  extra?: (cond: KnowledgeCondition, p: KnowledgePoint) => boolean
): DemoItem | undefined {
  const list: DemoItem[] = []
  for (const item of ctx.catalog.items.values()) {
    if (item.listType !== '201' || !hasPoint(item.points, kind, extra)) continue
    const r = ctx.catalog.restrictions(item.code)
    if (r.surgeryGroup !== null || r.periodDays !== null) continue
    if (ctx.builder.conflicts(c.enc, item.code) || c.enc.lines.some((l) => l.code === item.code))
      continue
    if (!ctx.builder.allowed(item.code, c) && ctx.builder.allowed(item.code, c, kind))
      list.push(item)
  }
  return list.length === 0 ? undefined : ctx.rng.pick(list)
}

/** Adds a drug line with an ordinary quantity (at most 7 days) on its own prescription. */
export function addPlainDrug(
  ctx: InjectContext,
  enc: DraftEncounter,
  d: DemoDrug,
  day: number
): DraftLine {
  const second = day === enc.beginDay ? enc.beginSecond + 700 : 9 * 3600
  const rx =
    enc.kind === 'INPATIENT'
      ? ctx.builder.rxNo()
      : (enc.lines.find((l) => l.rxNo !== null)?.rxNo ?? ctx.builder.rxNo())
  if (d.form === 'ORAL') {
    const days = ctx.rng.int(3, 7)
    return ctx.builder.addDrug(
      enc,
      d,
      days * 2,
      day,
      second,
      rx,
      enc.kind === 'INPATIENT' ? null : days
    )
  }
  return ctx.builder.addDrug(
    enc,
    d,
    ctx.rng.int(1, 2),
    day,
    second,
    rx,
    enc.kind === 'INPATIENT' ? null : 1
  )
}

/** Number of distinct drugs on the prescription of a line. */
export function drugsOnRx(enc: DraftEncounter, rx: string | null): number {
  const codes = new Set<string>()
  for (const l of enc.lines)
    if (l.rxNo === rx && (l.listType === '101' || l.listType === '102')) codes.add(l.code)
  return codes.size
}

/** A new clean outpatient visit (普通门诊) on a free day, or undefined. */
export function newOutpatient(
  ctx: InjectContext,
  t: PersonTimeline,
  inst = ctx.ref.countyHospitals[0],
  from = 0,
  to = ctx.factory.lastDay(t)
): DraftEncounter | undefined {
  if (!inst) return undefined
  const day = ctx.factory.freeDay(t, from, to)
  if (day < 0 || !ctx.factory.underMonthlyLimit(t, day, false)) return undefined
  return ctx.factory.add(t, ctx.builder.outpatient(t, inst, day, '11'))
}

/** A new clean stay at `inst` (county hospital by default) that keeps the background gaps. */
export function newStay(
  ctx: InjectContext,
  t: PersonTimeline,
  opts: {
    inst?: DraftEncounter['inst']
    los?: number
    caseType?: DemoCaseType
    surgical?: boolean
    from?: number
    to?: number
    gap?: number
  } = {}
): DraftEncounter | undefined {
  const inst = opts.inst ?? ctx.ref.countyHospitals[0]
  if (!inst) return undefined
  const los = opts.los ?? ctx.rng.int(4, 9)
  const cases = ctx.catalog.caseTypes.filter((c) =>
    opts.surgical === undefined ? true : (c.opCode !== null) === opts.surgical
  )
  const caseType = opts.caseType ?? (cases.length > 0 ? ctx.rng.pick(cases) : undefined)
  if (!caseType) return undefined
  const from = opts.from ?? 0
  const to = Math.min(opts.to ?? ctx.factory.lastDay(t), ctx.factory.lastDay(t)) - los
  for (let i = 0; i < 8; i++) {
    if (to < from) return undefined
    const adm = ctx.rng.int(from, to)
    if (!ctx.factory.stayFits(t, adm, adm + los, opts.gap ?? 31)) continue
    return ctx.factory.add(t, ctx.builder.inpatient(t, inst, adm, los, caseType))
  }
  return undefined
}

/** Re-prices a line (keeping amount = quantity × price). */
export function setQuantity(line: DraftLine, quantity: number): void {
  line.quantity = quantity
  line.amount = lineAmount(quantity, line.price)
}

/** Age in years of the person at the start of the period. */
export function isAdult(t: PersonTimeline): boolean {
  return t.age >= 19
}
