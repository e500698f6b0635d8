// SPDX-License-Identifier: Apache-2.0
import type { Fen, InstitutionLevel, InstitutionType } from '@yibao/domain'

/** How an institution is paid. */
export type PaymentMethod = 'DIP' | 'DRG' | 'FFS' | 'GLOBAL'

export const PAYMENT_METHOD_LABELS: Record<PaymentMethod, string> = {
  DIP: '按病种分值付费（DIP）',
  DRG: 'DRG 点数法',
  FFS: '按项目付费',
  GLOBAL: '总额预付',
}

/** Which institutions a method applies to; the first matching rule wins, FFS when none does. */
export interface MethodRule {
  readonly method: PaymentMethod
  /** Institution codes; absent = any. */
  readonly institutions?: readonly string[]
  readonly types?: readonly InstitutionType[]
  readonly levels?: readonly InstitutionLevel[]
  /** 总额预付: the institution's annual quota in fen. */
  readonly annualQuota?: Fen
}

/** Coefficients by institution level (0 未定级 … 3 三级). */
export type LevelCoefficients = Readonly<Record<'0' | '1' | '2' | '3', number>>

/** Mean cost of a DIP group at one institution level in the reference year. */
export interface DipMeanCost {
  readonly group: string
  readonly level: InstitutionLevel
  readonly meanCost: Fen
}

/** DIP parameters (domain.md §6.2). */
export interface DipParameters {
  readonly levelCoefficients: LevelCoefficients
  /** 基层病种 are paid alike at every level (同病同分): their coefficient. */
  readonly primaryCareCoefficient: number
  /** ratio ≤ this is a low-cost case (低倍率). */
  readonly lowRatio: number
  /** ratio ≥ this is a high-cost case (高倍率). */
  readonly highRatio: number
  /** Whether a low-cost case keeps the level coefficient (local rule). */
  readonly lowRatioKeepsLevelCoefficient: boolean
  /** Mean cost per point of the reference year (M / K), in yuan, for expected costs. */
  readonly costPerPoint: number
  /** Mean costs by group and level, when known; they override `costPerPoint`. */
  readonly meanCosts: readonly DipMeanCost[]
  /** Score of a comprehensive group (综合病种) relative to the median of its neighbours. */
  readonly comprehensiveFactor: number
  /** 特例单议 quota in ‰ of DIP cases. */
  readonly specialCasePermille: number
  /** Only cases at least this many times their expected cost are proposed for 特例单议. */
  readonly specialCaseMinRatio: number
}

/** A priced DRG: base points, regional mean cost, and daily points for per-diem groups. */
export interface DrgWeight {
  readonly code: string
  readonly basePoints: number
  readonly meanCost: Fen
  /** 床日付费: points per bed-day; the group is paid per day when set. */
  readonly dailyPoints?: number
}

/** A high-outlier band: groups with base points ≤ `upToBasePoints` use `ratio`. */
export interface HighOutlierBand {
  readonly upToBasePoints: number | null
  readonly ratio: number
}

/** DRG point-method parameters (domain.md §6.3). */
export interface DrgParameters {
  /** 差异系数 by level; per-institution values in `institutionCoefficients` win. */
  readonly levelCoefficients: LevelCoefficients
  readonly institutionCoefficients: Readonly<Record<string, number>>
  readonly highBands: readonly HighOutlierBand[]
  readonly lowRatio: number
  /** 离院方式 codes that make a stay incomplete (住院过程不完整). */
  readonly incompleteDischargeWays: readonly string[]
  readonly weights: readonly DrgWeight[]
}

/** 总额预付 indicators checked at clearing; each one missed takes `penaltyBp` off. */
export interface GlobalIndicators {
  /** 次均费用 limit in fen, or null. */
  readonly maxCostPerVisit: Fen | null
  /** 个人负担比 limit in basis points, or null. */
  readonly maxOwnShareBp: number | null
  /** 目录外（全自费）费用占比 limit in basis points, or null. */
  readonly maxOutOfListShareBp: number | null
  readonly penaltyBp: number
}

/** One year's payment plan of a 统筹区: budget, point method, deposits, due dates. */
export interface PaymentPlan {
  readonly id: string
  readonly name: string
  readonly admdvs: string
  readonly year: number
  /** The point method of the region's inpatient hospitals. */
  readonly pointMethod: 'DIP' | 'DRG'
  /** Annual fund budget of the point method, fen. */
  readonly annualFund: Fen
  /** Reserve (调剂金) kept back from the point budget, basis points. */
  readonly reserveBp: number
  /** 预算点值: yuan of total cost per point, for the monthly pre-payment. */
  readonly budgetPointValue: number
  /** Share of the budgeted value pre-paid each month, basis points. */
  readonly prepayBp: number
  /** 结算点值 variant: cost-based adds the patients' and other funds' payments. */
  readonly clearingVariant: 'COST' | 'FUND'
  /** 预留保证金 rate, basis points. */
  readonly depositBp: number
  /** Credit levels whose deposit rate is halved. */
  readonly depositHalvedFor: readonly string[]
  /** Credit level of each institution, until the supervision module rates them. */
  readonly creditLevels: Readonly<Record<string, string>>
  /** Assessment coefficient of each institution (default 1). */
  readonly assessment: Readonly<Record<string, number>>
  /** Day of the next month a statement is due. */
  readonly dueDay: number
  readonly methods: readonly MethodRule[]
  readonly dip: DipParameters
  readonly drg: DrgParameters
  readonly global: GlobalIndicators
}

/** An institution as payment sees it. */
export interface PayeeInstitution {
  readonly code: string
  readonly name: string
  readonly type: InstitutionType
  readonly level: InstitutionLevel
}

/**
 * The method that pays an institution under a plan: the first rule that matches, else FFS.
 *
 * @returns the method and, for 总额预付, the rule with its quota
 */
export function methodOf(
  plan: PaymentPlan,
  institution: PayeeInstitution
): { method: PaymentMethod; rule: MethodRule | null } {
  for (const rule of plan.methods) {
    if (rule.institutions && !rule.institutions.includes(institution.code)) continue
    if (rule.types && !rule.types.includes(institution.type)) continue
    if (rule.levels && !rule.levels.includes(institution.level)) continue
    return { method: rule.method, rule }
  }
  return { method: 'FFS', rule: null }
}

/** The deposit rate of an institution, halved (half-up) for the listed credit levels. */
export function depositRateBp(plan: PaymentPlan, institutionCode: string): number {
  const level = plan.creditLevels[institutionCode]
  const halved = level !== undefined && plan.depositHalvedFor.includes(level)
  return halved ? Math.round(plan.depositBp / 2) : plan.depositBp
}

/** Default DIP parameters (domain.md §6.2; [K] values). */
export const DEFAULT_DIP: DipParameters = {
  levelCoefficients: { '0': 0.8, '1': 0.85, '2': 0.9, '3': 1 },
  primaryCareCoefficient: 1,
  lowRatio: 0.5,
  highRatio: 2,
  lowRatioKeepsLevelCoefficient: false,
  costPerPoint: 10,
  meanCosts: [],
  comprehensiveFactor: 1,
  specialCasePermille: 5,
  specialCaseMinRatio: 3,
}

/** Default DRG point-method parameters (domain.md §6.3, Zhejiang-style [K]). */
export const DEFAULT_DRG: DrgParameters = {
  levelCoefficients: { '0': 0.8, '1': 0.85, '2': 0.95, '3': 1 },
  institutionCoefficients: {},
  highBands: [
    { upToBasePoints: 100, ratio: 3 },
    { upToBasePoints: 300, ratio: 2 },
    { upToBasePoints: null, ratio: 1.5 },
  ],
  lowRatio: 0.4,
  incompleteDischargeWays: ['4'],
  weights: [],
}

/** Default 总额预付 indicators: none checked. */
export const DEFAULT_GLOBAL: GlobalIndicators = {
  maxCostPerVisit: null,
  maxOwnShareBp: null,
  maxOutOfListShareBp: null,
  penaltyBp: 500,
}
