// SPDX-License-Identifier: Apache-2.0
import type {
  Fen,
  IdentityType,
  InstitutionLevel,
  InstitutionTier,
  InsuType,
  IsoDate,
  ListType,
} from '@yibao/domain'
import type { CareType } from './care-type.js'

// A benefit policy (待遇政策) of one 统筹区 and year: every parameter of the one-stop settlement
// (domain.md §7), as data. Amounts are integer fen, ratios integer basis points (7500 = 75 %).
// The settlement engine reads nothing else, so a policy file is the whole of what a settlement
// depends on besides the bill, the person and the year-to-date totals.

/** Who a rule applies to; an absent list means "any". */
export interface RuleScope {
  readonly insuTypes?: readonly InsuType[] | undefined
  readonly careTypes?: readonly CareType[] | undefined
  readonly levels?: readonly InstitutionLevel[] | undefined
  readonly tiers?: readonly InstitutionTier[] | undefined
  /** The rule needs one of these identities valid on the settlement date. */
  readonly identities?: readonly IdentityType[] | undefined
}

/** How fee lines are split into 全自费 / 超限价 / 先行自付 / 政策范围内. */
export interface LinePolicy {
  /** 乙类 先行自付 share, bp (the province's rate; 0 when the province has none). */
  readonly preselfpayBp: number
  /** A different 先行自付 share for some list types (药品 / 饮片 / 项目 / 耗材). */
  readonly preselfpayBpByListType?: Partial<Record<ListType, number>> | undefined
}

/** 基本医保 统筹基金: one row of the basic table; the first row that matches decides. */
export interface BasicRule extends RuleScope {
  /** 起付线, fen. */
  readonly deductible: Fen
  /** Whether the deductible is met per stay or once a year (per care type). */
  readonly deductiblePer: 'STAY' | 'YEAR'
  /** 报销比例, bp. */
  readonly ratioBp: number
  /** 年度最高支付限额 of the pooled fund, fen; null for none. */
  readonly annualCap: Fen | null
  /** Rows with the same cap group share one annual cap (default `basic`). */
  readonly capGroup?: string | undefined
  /** `fund_pay_type` (310100 职工, 390100 居民). */
  readonly fundPayType: string
}

/** 职工大额医疗费用补助: in-scope cost above the basic annual cap. */
export interface EmployeeSupplementPolicy extends RuleScope {
  readonly ratioBp: number
  /** Yearly limit, fen; null for none. */
  readonly annualCap: Fen | null
  readonly fundPayType: string
}

/** One segment of 大病保险: from this yearly base above the deductible on, this ratio. */
export interface CriticalSegment {
  readonly from: Fen
  readonly ratioBp: number
}

/** 居民大病保险 on the yearly in-scope personal burden left by basic insurance. */
export interface CriticalPolicy extends RuleScope {
  /** Yearly 起付线, fen. */
  readonly deductible: Fen
  /** Segments by ascending `from`; the first starts at 0. */
  readonly segments: readonly CriticalSegment[]
  /** Yearly limit, fen; null for none. */
  readonly annualCap: Fen | null
  /** Whether 先行自付 counts in the 大病 base (provinces differ). */
  readonly countsPreselfpay: boolean
  readonly fundPayType: string
}

/** 医疗救助 for holders of the rule's identities; the first matching rule decides. */
export interface AssistanceRule extends RuleScope {
  /** What the settlement explanation calls it (特困人员救助…). */
  readonly name: string
  /** Yearly 起付标准, fen. */
  readonly deductible: Fen
  readonly ratioBp: number
  /** Yearly limit, fen; null for none. */
  readonly annualLimit: Fen | null
  readonly countsPreselfpay: boolean
  readonly fundPayType: string
}

/** A tilt (倾斜) for holders of the rule's identities; the first matching rule decides. */
export interface TiltRule extends RuleScope {
  readonly name: string
  /** Added to the basic ratio, bp (the sum is capped at 100 %). */
  readonly basicRatioBonusBp: number
  /** The 大病 deductible is multiplied by this, bp (5000 halves it). */
  readonly criticalDeductibleBp: number
  /** Added to every 大病 segment ratio, bp. */
  readonly criticalRatioBonusBp: number
  /** No 大病 yearly limit for them. */
  readonly criticalUncapped: boolean
}

/**
 * A supplementary layer after 救助 (e.g. Anhui "180": 80 % of the eligible chronic outpatient
 * cost still left); the first matching rule decides.
 */
export interface SupplementRule extends RuleScope {
  readonly name: string
  readonly ratioBp: number
  /** Yearly limit, fen; null for none. */
  readonly annualLimit: Fen | null
  readonly fundPayType: string
}

/**
 * 政府兜底: a yearly cap on what the person pays (e.g. Anhui "351": ¥3,000 county, ¥5,000 city,
 * ¥10,000 province on in-scope self-payment incl. 先行自付); what is above it the government pays.
 * The first matching rule decides.
 */
export interface BackstopRule extends RuleScope {
  readonly name: string
  /** Yearly cap of the person's payment by tier of the institution, fen (absent: no backstop). */
  readonly capByTier: Partial<Record<InstitutionTier, Fen>>
  /** Whether 全自费 and 超限价 amounts count too (full backstop of 特困 in some counties). */
  readonly includeFullSelfPay: boolean
  readonly fundPayType: string
}

/** The personal account (职工个人账户) pays the person's part up to its balance. */
export interface AccountPolicy {
  readonly insuTypes: readonly InsuType[]
  readonly fundPayType: string
}

/** Draft, active or retired. */
export type PolicyStatus = 'DRAFT' | 'ACTIVE' | 'RETIRED'

/** A benefit policy version of one 统筹区 and year. */
export interface BenefitPolicy {
  /** Stable id of the version, e.g. `431223-2025-1`. */
  readonly id: string
  readonly name: string
  /** 统筹区 code, or `*` for every region without its own. */
  readonly admdvs: string
  readonly year: number
  readonly effectiveFrom: IsoDate
  /** Last day in force, or null while in force. */
  readonly effectiveTo: IsoDate | null
  readonly lines: LinePolicy
  readonly basic: readonly BasicRule[]
  readonly employeeSupplement: EmployeeSupplementPolicy | null
  readonly critical: CriticalPolicy | null
  readonly tilts: readonly TiltRule[]
  readonly assistance: readonly AssistanceRule[]
  readonly supplements: readonly SupplementRule[]
  readonly backstops: readonly BackstopRule[]
  readonly account: AccountPolicy | null
}
