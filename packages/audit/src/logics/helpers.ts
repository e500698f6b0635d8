// SPDX-License-Identifier: Apache-2.0
import { dayNumber, fenToYuan } from '@yibao/domain'
import type { KnowledgeCondition, KnowledgePoint } from '@yibao/knowledge'
import { LIST, NO_DAY } from '../columnar-batch.js'
import type { ColumnarBatch } from '../columnar-batch.js'
import type { CompileKit } from '../logic.js'
import type { ActiveRule, ParamValue } from '../rule.js'

/** A rule parameter as a number (throws when the rule set is inconsistent). */
export function num(rule: ActiveRule, name: string): number {
  const v = rule.params[name]
  if (typeof v !== 'number') throw new Error(`规则 ${rule.def.id} 的参数 ${name} 应为数值`)
  return v
}

/** A rule parameter as a list of strings. */
export function list(rule: ActiveRule, name: string): readonly string[] {
  const v: ParamValue | undefined = rule.params[name]
  if (!Array.isArray(v)) throw new Error(`规则 ${rule.def.id} 的参数 ${name} 应为列表`)
  return v as readonly string[]
}

/** A rule parameter as a string. */
export function str(rule: ActiveRule, name: string): string {
  const v = rule.params[name]
  if (typeof v !== 'string') throw new Error(`规则 ${rule.def.id} 的参数 ${name} 应为文本`)
  return v
}

/** Subject of knowledge points a line list type can carry. */
function subjectOf(listType: string): KnowledgePoint['subject'] {
  return listType === '101' || listType === '102' ? 'DRUG' : 'ITEM'
}

/** A mask over `lList` values (index = LIST code) of the rule's `listTypes` parameter. */
export function listMask(kit: CompileKit, rule: ActiveRule): string {
  const mask = new Uint8Array(8)
  for (const t of list(rule, 'listTypes')) {
    const v = (LIST as Record<string, number>)[t]
    if (v !== undefined) mask[v] = 1
  }
  return kit.constant(mask)
}

/** A per-code table of the rule's knowledge points and their date ranges. */
export interface PointTable {
  /** Identifier of the code → point-index table (−1 = none). */
  readonly table: string
  /** Identifiers of the first and last valid day of each point. */
  readonly from: string
  readonly to: string
  readonly points: readonly KnowledgePoint[]
  /** The point of a code id in force on a day, or undefined (for walkers). */
  inForce(codeId: number, day: number): KnowledgePoint | undefined
  /** Identifier of \`(codeId, day) → point index | −1\` for the kernel. */
  readonly pick: string
}

/**
 * Compiles the knowledge points a rule reads into a table indexed by code id: for each code the
 * first point of `kind` that `accept` keeps and whose subject fits the rule's `listTypes`.
 *
 * @param kit - the compile kit
 * @param rule - the rule (its `listTypes` parameter selects drug or item points)
 * @param kind - condition kind
 * @param accept - further filter on the point
 */
export function pointTable<K extends KnowledgeCondition['kind']>(
  kit: CompileKit,
  rule: ActiveRule,
  kind: K,
  accept: (
    condition: Extract<KnowledgeCondition, { kind: K }>,
    point: KnowledgePoint
  ) => boolean = () => true
): PointTable & { conditions: Extract<KnowledgeCondition, { kind: K }>[] } {
  const subjects = new Set(list(rule, 'listTypes').map(subjectOf))
  const points = kit.knowledge
    .pointsOfKind(kind)
    .filter(
      (p) =>
        subjects.has(p.subject) &&
        accept(p.condition as Extract<KnowledgeCondition, { kind: K }>, p)
    )
  const index = new Map(points.map((p, n) => [p, n]))
  // A code may carry several points of the kind with different dates: the table holds the
  // first; when it is not in force on the line's day, \`pick\` looks through the others.
  const candidates = (code: string): number[] =>
    kit.knowledge
      .pointsOfCode(code)
      .map((p) => index.get(p))
      .filter((n): n is number => n !== undefined)
  const table = kit.codeTable((_, seen) => candidates(seen.code)[0] ?? -1)
  const from = new Int32Array(points.length)
  const to = new Int32Array(points.length)
  points.forEach((p, n) => {
    from[n] = dayNumber(p.effectiveFrom)
    to[n] = p.effectiveTo === null ? NO_DAY : dayNumber(p.effectiveTo)
  })
  const byCodeId = new Map<number, number[]>()
  const pick = (codeId: number, day: number): number => {
    let list = byCodeId.get(codeId)
    if (list === undefined) {
      list = candidates(kit.dict.codes.code(codeId))
      byCodeId.set(codeId, list)
    }
    for (const n of list) if (day >= from[n]! && day <= to[n]!) return n
    return -1
  }
  const tableId = table
  return {
    table,
    from: kit.constant(from),
    to: kit.constant(to),
    points,
    conditions: points.map((p) => p.condition as Extract<KnowledgeCondition, { kind: K }>),
    inForce: (codeId, day) => {
      const n = kit.table(tableId)[codeId]
      if (n === undefined || n < 0) return undefined
      if (day >= from[n]! && day <= to[n]!) return points[n]
      const m = pick(codeId, day)
      return m < 0 ? undefined : points[m]
    },
    pick: kit.function(pick),
  }
}

/** The test fragment "line has a point of this table in force on its day". */
export function pointInForce(t: PointTable, mask: string): string {
  return (
    `${mask}[lList[i]] === 1 && (k = ${t.table}[c]) >= 0 && ` +
    `((d >= ${t.from}[k] && d <= ${t.to}[k]) || (k = ${t.pick}(c, d)) >= 0)`
  )
}

/** True when a knowledge point is in force on a date. */
export function inForce(point: KnowledgePoint, date: string): boolean {
  return point.effectiveFrom <= date && (point.effectiveTo === null || date <= point.effectiveTo)
}

/** `【名称】` of a line. */
export function lineName(b: ColumnarBatch, i: number): string {
  return `【${b.lines[i]!.name || b.lines[i]!.code}】`
}

/** Yuan text of fen. */
export function yuan(fen: number): string {
  return `${fenToYuan(Math.round(fen))}元`
}

/** Sum of line amounts. */
export function sumAmounts(b: ColumnarBatch, lines: readonly number[]): number {
  let s = 0
  for (const i of lines) s += b.lAmount[i]!
  return s
}

/** Lines of an encounter as an index range. */
export function encLines(b: ColumnarBatch, e: number): number[] {
  const out: number[] = []
  for (let i = b.eLine0[e]!; i < b.eLine1[e]!; i++) out.push(i)
  return out
}
