// SPDX-License-Identifier: Apache-2.0
import type { DipGroup, DrgGroup } from '@yibao/knowledge'
import { DipGrouper } from './dip-grouper.js'
import type { PaymentCase, ScoredCase } from './payment-case.js'
import { roundPoints } from './payment-case.js'
import type { DipParameters, DrgParameters, DrgWeight, PaymentPlan } from './plan.js'

function unscored(c: PaymentCase, note: string): ScoredCase {
  return {
    case: c,
    groupCode: null,
    groupName: null,
    groupKind: 'NONE',
    baseScore: 0,
    coefficient: 0,
    ratio: 0,
    costType: 'UNGROUPED',
    points: 0,
    specialCandidate: false,
    note,
  }
}

/**
 * DIP case scores (domain.md §6.2): RW × level coefficient for a normal case; ratio × RW at or
 * below the low ratio; (ratio − high + 1) × RW at or above the high ratio. The ratio compares the
 * case's cost with its group's mean cost at the institution's level (or RW × coefficient × cost
 * per point when that mean is not known).
 */
export function scoreDipCases(
  cases: readonly PaymentCase[],
  grouper: DipGrouper,
  p: DipParameters
): ScoredCase[] {
  const meanCost = new Map(p.meanCosts.map((m) => [`${m.group}|${m.level}`, m.meanCost]))
  const scored = cases.map((c): ScoredCase => {
    const g = grouper.group(c.mainDiag, c.operations)
    if (g === null) return unscored(c, '无主要诊断，不能入组')
    const coefficient = g.primaryCare ? p.primaryCareCoefficient : p.levelCoefficients[c.level]
    const expected =
      meanCost.get(`${g.code}|${c.level}`) ?? g.score * coefficient * p.costPerPoint * 100
    const ratio = expected > 0 ? c.totalCost / expected : 1
    let costType: ScoredCase['costType'] = 'NORMAL'
    let points = g.score * coefficient
    if (ratio <= p.lowRatio) {
      costType = 'LOW'
      points = ratio * g.score * (p.lowRatioKeepsLevelCoefficient ? coefficient : 1)
    } else if (ratio >= p.highRatio) {
      costType = 'HIGH'
      points = (ratio - p.highRatio + 1) * g.score
    }
    return {
      case: c,
      groupCode: g.code,
      groupName: g.name,
      groupKind: g.kind,
      baseScore: g.score,
      coefficient,
      ratio: roundPoints(ratio),
      costType,
      points: roundPoints(points),
      specialCandidate: false,
      note: null,
    }
  })
  return markSpecialCases(scored, p.specialCasePermille, p.specialCaseMinRatio)
}

/**
 * Proposes 特例单议 cases: high-cost cases at or above `minRatio`, highest ratio first, at most
 * ⌊permille × cases / 1000⌋ of them.
 */
export function markSpecialCases(
  scored: readonly ScoredCase[],
  permille: number,
  minRatio: number
): ScoredCase[] {
  const quota = Math.floor((scored.length * permille) / 1000)
  const chosen = new Set(
    scored
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.costType === 'HIGH' && s.ratio >= minRatio)
      .sort((a, b) => b.s.ratio - a.s.ratio || a.i - b.i)
      .slice(0, quota)
      .map(({ i }) => i)
  )
  return scored.map((s, i) => ({ ...s, specialCandidate: chosen.has(i) }))
}

/** The high-outlier threshold of a DRG by its base points. */
function highThreshold(p: DrgParameters, basePoints: number): number {
  for (const band of p.highBands) {
    if (band.upToBasePoints === null || basePoints <= band.upToBasePoints) return band.ratio
  }
  return Number.POSITIVE_INFINITY
}

/**
 * DRG points (domain.md §6.3): 基准点数 × 差异系数 for a normal case; plus 基准点数 × (ratio −
 * threshold) for a high outlier; 基准点数 × ratio for a low outlier (ratio ≤ low) and
 * 基准点数 × min(1, ratio) for an incomplete stay; daily points × bed-days in per-diem groups.
 * The DRG code comes with the case and must be in the CHS-DRG list and priced by the plan.
 */
export function scoreDrgCases(
  cases: readonly PaymentCase[],
  drgList: readonly DrgGroup[],
  p: DrgParameters
): ScoredCase[] {
  const known = new Map(drgList.map((g) => [g.code, g]))
  const weights = new Map<string, DrgWeight>(p.weights.map((w) => [w.code, w]))
  return cases.map((c): ScoredCase => {
    if (c.drgCode === null || c.drgCode === '') return unscored(c, '结算清单无 DRG 分组编码')
    const group = known.get(c.drgCode)
    if (!group) return unscored(c, `DRG 编码 ${c.drgCode} 不在 CHS-DRG 分组目录中`)
    const w = weights.get(c.drgCode)
    if (!w) return unscored(c, `DRG ${c.drgCode}（${group.name}）在付费方案中没有基准点数`)
    const coefficient = p.institutionCoefficients[c.institutionCode] ?? p.levelCoefficients[c.level]
    const ratio = w.meanCost > 0 ? c.totalCost / w.meanCost : 1
    const base = {
      case: c,
      groupCode: w.code,
      groupName: group.name,
      groupKind: 'CORE' as const,
      baseScore: w.basePoints,
      coefficient,
      ratio: roundPoints(ratio),
      specialCandidate: false,
      note: null,
    }
    if (w.dailyPoints !== undefined) {
      return { ...base, costType: 'PER_DIEM', points: roundPoints(w.dailyPoints * c.bedDays) }
    }
    if (c.dischargeWay !== null && p.incompleteDischargeWays.includes(c.dischargeWay)) {
      return {
        ...base,
        costType: 'INCOMPLETE',
        points: roundPoints(w.basePoints * Math.min(1, ratio)),
      }
    }
    const threshold = highThreshold(p, w.basePoints)
    if (ratio >= threshold) {
      const points = w.basePoints * coefficient + w.basePoints * (ratio - threshold)
      return { ...base, costType: 'HIGH', points: roundPoints(points) }
    }
    if (ratio <= p.lowRatio) {
      return { ...base, costType: 'LOW', points: roundPoints(w.basePoints * ratio) }
    }
    return { ...base, costType: 'NORMAL', points: roundPoints(w.basePoints * coefficient) }
  })
}

/**
 * DRG weights from a reference year's cases: 基准点数 = group mean cost / mean cost of all
 * cases × 100 (domain.md §6.3), rounded to 2 decimals.
 *
 * @param cases - reference cases with their DRG code and cost
 */
export function deriveDrgWeights(
  cases: readonly { drgCode: string; totalCost: number }[]
): DrgWeight[] {
  const sums = new Map<string, { n: number; cost: number }>()
  let total = 0
  for (const c of cases) {
    const s = sums.get(c.drgCode) ?? { n: 0, cost: 0 }
    s.n++
    s.cost += c.totalCost
    sums.set(c.drgCode, s)
    total += c.totalCost
  }
  const mean = cases.length > 0 ? total / cases.length : 0
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, s]) => ({
      code,
      basePoints: mean > 0 ? Math.round((s.cost / s.n / mean) * 100 * 100) / 100 : 0,
      meanCost: Math.round(s.cost / s.n),
    }))
}

/** The catalogue parts of a knowledge pack that the point methods read. */
export interface PointCatalogues {
  readonly dip: readonly DipGroup[]
  readonly drgs: readonly DrgGroup[]
  readonly procedures: readonly { code: string; validOr: boolean }[]
}

/** Scores cases under a plan's point method, with the DIP grouper built once. */
export class PointScorer {
  private readonly grouper: DipGrouper | null
  /** CMI scale: 1000 for DIP scores, 100 for DRG base points. */
  readonly scale: number

  constructor(
    private readonly plan: PaymentPlan,
    private readonly catalogues: PointCatalogues
  ) {
    if (plan.pointMethod === 'DIP') {
      const surgical = new Set(catalogues.procedures.filter((p) => p.validOr).map((p) => p.code))
      this.grouper = new DipGrouper(
        catalogues.dip,
        (c) => surgical.has(c),
        plan.dip.comprehensiveFactor
      )
      this.scale = 1000
    } else {
      this.grouper = null
      this.scale = 100
    }
  }

  /** Scores the cases of one period (特例单议 proposals are drawn within them). */
  score(cases: readonly PaymentCase[]): ScoredCase[] {
    return this.grouper === null
      ? scoreDrgCases(cases, this.catalogues.drgs, this.plan.drg)
      : scoreDipCases(cases, this.grouper, this.plan.dip)
  }
}
