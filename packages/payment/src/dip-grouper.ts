// SPDX-License-Identifier: Apache-2.0
import type { DipGroup } from '@yibao/knowledge'

/** A group a case falls into: a catalogue group or a comprehensive group (综合病种). */
export interface DipAssignment {
  readonly code: string
  readonly name: string
  readonly score: number
  readonly kind: 'CORE' | 'COMPREHENSIVE'
  readonly primaryCare: boolean
}

interface Entry {
  readonly group: DipGroup
  readonly order: number
  readonly mainOps: ReadonlySet<string>
  /**
   * 其他手术 as parts that must all be present (`+`), each part met by any of its codes (`/`):
   * `a+b/c` = a and (b or c). Empty when the group lists none.
   */
  readonly otherParts: readonly (readonly string[])[]
}

const CATEGORY_LENGTHS = [7, 5, 3]

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m] : (s[m - 1]! + s[m]!) / 2
}

/**
 * Groups inpatient cases into the DIP catalogue (主要诊断 + 主要手术操作 + 相关手术操作), with the
 * comprehensive groups (综合病种) as fallback:
 *
 * - the diagnosis selects the catalogue categories it starts with, the most specific first
 *   (`K64.800x001` → `K64.800`, `K64.8`, `K64`);
 * - a group with operations needs one of its main operations among the case's operations and,
 *   when it lists 其他手术 (`a+b/c`: a and one of b, c), all of them; the most specific match
 *   wins (more 其他手术 parts, the case's main operation, fewer listed operations, catalogue order);
 * - with no operation match, a case with a surgical operation goes to the comprehensive surgical
 *   group of its 3-character category, one without to the category's conservative group (or the
 *   comprehensive conservative group when the category has none).
 *
 * A comprehensive group scores the median of the catalogue groups of the same 3-character category
 * and treatment (surgical or not), else of the same chapter letter, else of all, times a factor.
 */
export class DipGrouper {
  private readonly byCategory = new Map<string, Entry[]>()
  private readonly comprehensive = new Map<string, number>()
  private readonly chapterMedian = new Map<string, number>()
  private readonly overallMedian: number

  /**
   * @param groups - the DIP catalogue
   * @param isSurgical - whether an operation code is a surgical (valid OR) operation
   * @param comprehensiveFactor - factor on comprehensive-group scores
   */
  constructor(
    groups: readonly DipGroup[],
    private readonly isSurgical: (code: string) => boolean,
    private readonly comprehensiveFactor = 1
  ) {
    const byNeighbour = new Map<string, number[]>()
    groups.forEach((group, order) => {
      const entry: Entry = {
        group,
        order,
        mainOps: new Set(group.mainOps),
        otherParts: otherParts(group.otherOps),
      }
      const list = this.byCategory.get(group.diagCategory)
      if (list) list.push(entry)
      else this.byCategory.set(group.diagCategory, [entry])
      const surgical = group.mainOps.length > 0 ? 'S' : 'C'
      for (const key of [
        `${group.diagCategory.slice(0, 3)}|${surgical}`,
        `${group.diagCategory[0]}|${surgical}`,
      ]) {
        const xs = byNeighbour.get(key)
        if (xs) xs.push(group.score)
        else byNeighbour.set(key, [group.score])
      }
    })
    for (const [key, xs] of byNeighbour) {
      const m = median(xs)!
      if (key.indexOf('|') === 3) this.comprehensive.set(key, m)
      else this.chapterMedian.set(key, m)
    }
    this.overallMedian = median(groups.map((g) => g.score)) ?? 0
  }

  /**
   * The group of a case.
   *
   * @param mainDiag - principal diagnosis code
   * @param operations - the case's operations, main first
   * @returns the assignment, or null when the case has no diagnosis
   */
  group(mainDiag: string | null, operations: readonly string[]): DipAssignment | null {
    if (mainDiag === null || mainDiag.length < 3) return null
    const ops = new Set(operations)
    let conservative: Entry | undefined
    for (const len of CATEGORY_LENGTHS) {
      if (mainDiag.length < len) continue
      const entries = this.byCategory.get(mainDiag.slice(0, len))
      if (!entries) continue
      const best = this.bestOperationMatch(entries, ops, operations[0])
      if (best) return this.core(best)
      conservative ??= entries.find((e) => e.mainOps.size === 0)
    }
    const surgical = operations.some((op) => this.isSurgical(op))
    if (!surgical && conservative) return this.core(conservative)
    return this.comprehensiveGroup(mainDiag.slice(0, 3), surgical)
  }

  private bestOperationMatch(
    entries: readonly Entry[],
    ops: ReadonlySet<string>,
    mainOp: string | undefined
  ): Entry | undefined {
    let best: Entry | undefined
    let bestKey: number[] = []
    for (const e of entries) {
      if (e.mainOps.size === 0) continue
      let mainHit = false
      let anyHit = false
      for (const op of ops) {
        if (e.mainOps.has(op)) {
          anyHit = true
          if (op === mainOp) mainHit = true
        }
      }
      if (!anyHit) continue
      if (!e.otherParts.every((part) => part.some((c) => ops.has(c)))) continue
      // Larger is better, compared element by element.
      const key = [e.otherParts.length, mainHit ? 1 : 0, -e.mainOps.size, -e.order]
      if (!best || compareKeys(key, bestKey) > 0) {
        best = e
        bestKey = key
      }
    }
    return best
  }

  private core(e: Entry): DipAssignment {
    return {
      code: e.group.code,
      name: e.group.name,
      score: e.group.score,
      kind: 'CORE',
      primaryCare: e.group.primaryCare,
    }
  }

  private comprehensiveGroup(category: string, surgical: boolean): DipAssignment {
    const s = surgical ? 'S' : 'C'
    const base =
      this.comprehensive.get(`${category}|${s}`) ??
      this.chapterMedian.get(`${category[0]}|${s}`) ??
      this.overallMedian
    return {
      code: `ZH.${category}.${s}`,
      name: `综合病种（${category} ${surgical ? '手术' : '保守治疗'}）`,
      score: Math.round(base * this.comprehensiveFactor * 100) / 100,
      kind: 'COMPREHENSIVE',
      primaryCare: false,
    }
  }
}

/**
 * 其他手术 parts from the catalogue's list. The catalogue writes `a+b/c` and the pack splits it
 * on `/`, so the list is joined back before reading `+` as the looser operator.
 */
export function otherParts(otherOps: readonly string[]): string[][] {
  if (otherOps.length === 0) return []
  return otherOps
    .join('/')
    .split('+')
    .map((part) =>
      part
        .split('/')
        .map((c) => c.trim())
        .filter((c) => c !== '')
    )
    .filter((part) => part.length > 0)
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!
    if (d !== 0) return d
  }
  return 0
}
