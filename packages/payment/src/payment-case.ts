// SPDX-License-Identifier: Apache-2.0
import type { Fen, InstitutionLevel, IsoDate } from '@yibao/domain'

/** A discharged inpatient stay as the point methods see it. */
export interface PaymentCase {
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly level: InstitutionLevel
  readonly admitDate: IsoDate
  readonly dischargeDate: IsoDate
  /** Principal diagnosis (ICD-10 医保版), or null. */
  readonly mainDiag: string | null
  /** Operations, the main one first (ICD-9-CM-3 医保版). */
  readonly operations: readonly string[]
  /** DRG code from the settlement list (DRG regions). */
  readonly drgCode: string | null
  /** 离院方式. */
  readonly dischargeWay: string | null
  readonly bedDays: number
  /** 医疗费总额. */
  readonly totalCost: Fen
  /** What the patient paid (个人负担). */
  readonly ownPay: Fen
  /** Funds other than the basic fund (大病, 救助, 兜底…). */
  readonly otherFunds: Fen
}

/** How a case's points were found. */
export type CostType = 'NORMAL' | 'LOW' | 'HIGH' | 'INCOMPLETE' | 'PER_DIEM' | 'UNGROUPED'

export const COST_TYPE_LABELS: Record<CostType, string> = {
  NORMAL: '正常',
  LOW: '低倍率',
  HIGH: '高倍率',
  INCOMPLETE: '住院过程不完整',
  PER_DIEM: '床日付费',
  UNGROUPED: '未入组',
}

/** Whether a group is a catalogue core group, a comprehensive (fallback) group, or none. */
export type GroupKind = 'CORE' | 'COMPREHENSIVE' | 'NONE'

/** A case with its group and points, and how they were found. */
export interface ScoredCase {
  readonly case: PaymentCase
  readonly groupCode: string | null
  readonly groupName: string | null
  readonly groupKind: GroupKind
  /** RW (DIP 病种分值) or 基准点数 (DRG). */
  readonly baseScore: number
  /** Level / difference coefficient applied. */
  readonly coefficient: number
  /** Case cost / expected cost of the group. */
  readonly ratio: number
  readonly costType: CostType
  /** Points of the case, rounded to 4 decimals. */
  readonly points: number
  /** Proposed for 特例单议 (within the quota). */
  readonly specialCandidate: boolean
  /** Why the case has no points, in Chinese. */
  readonly note: string | null
}

/** Points rounded to 4 decimals, so that sums are reproducible. */
export function roundPoints(x: number): number {
  return Math.round(x * 10_000) / 10_000
}
