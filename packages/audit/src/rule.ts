// SPDX-License-Identifier: Apache-2.0
import type { FindingSeverity, IsoDate } from '@yibao/domain'

/** 事前提醒 / 事中审核 / 事后分析 (domain.md §1.6). */
export type Stage = 'PRE' | 'IN' | 'POST'

/** Chinese names of the stages. */
export const STAGE_LABELS: Record<Stage, string> = {
  PRE: '事前提醒',
  IN: '事中审核',
  POST: '事后分析',
}

/** How a rule computes its violation amount (domain.md §1.4). */
export type AmountBasis =
  /** The whole violating line (限定类). */
  | 'WHOLE_LINE'
  /** Excess quantity × unit price (频次、天数、疗程). */
  | 'EXCESS_QTY'
  /** (charged − cap) × quantity (超限价). */
  | 'PRICE_DIFF'
  /** charged − discounted price (手术折价). */
  | 'DISCOUNT_DIFF'
  /** Every line of the violating encounter (分解住院、死亡后费用…). */
  | 'WHOLE_ENCOUNTER'
  /** A suspicion without an amount (清单信息异常、频繁就医…). */
  | 'NONE'

/** Chinese names of the amount bases. */
export const AMOUNT_BASIS_LABELS: Record<AmountBasis, string> = {
  WHOLE_LINE: '违规明细全额',
  EXCESS_QTY: '超出数量 × 单价',
  PRICE_DIFF: '（单价 − 限价）× 数量',
  DISCOUNT_DIFF: '收费金额 − 应折价金额',
  WHOLE_ENCOUNTER: '整次就诊费用',
  NONE: '不计金额',
}

/** A rule parameter value. */
export type ParamValue = number | string | boolean | readonly string[]

/** The parameters of a rule, by name. */
export type RuleParams = Readonly<Record<string, ParamValue>>

/** A parameter of a rule: its default and what it means. */
export interface ParamSpec {
  readonly default: ParamValue
  /** Chinese label, e.g. `回溯天数`. */
  readonly label: string
  /** Unit shown after the value, e.g. `天`. */
  readonly unit?: string
}

/**
 * A rule (规则): national identity, stages, severity, amount basis, parameters and the knowledge
 * it reads — and the name of the logic the engine compiles it with. Rules are data: the same
 * logic serves many rules (gender rules for drugs and for items), and a new rule is a new row.
 */
export interface RuleDefinition {
  /** National GZ code of domain.md §1.2 where one exists, else a local `YB…` code. */
  readonly id: string
  /** National rule name in Chinese (规则名称). */
  readonly name: string
  /** Violation catalogue code of `VIOLATION_TYPES` (D1, S12, M14…): what truth it is judged by. */
  readonly violation: string
  /** 规则分类, e.g. `药品政策限定类`. */
  readonly category: string
  readonly stages: readonly Stage[]
  readonly severity: FindingSeverity
  readonly amountBasis: AmountBasis
  /** Logic name: one of `LOGICS` (e.g. `pointGender`, `readmission`). */
  readonly logic: string
  /** Parameters with their defaults. */
  readonly params: Readonly<Record<string, ParamSpec>>
  /** What knowledge the rule reads, in Chinese (e.g. `两库第一批 限定性别知识点`). */
  readonly knowledge: readonly string[]
  /** One sentence on what the rule checks. */
  readonly description: string
}

/**
 * A per-统筹区 change to a rule, valid from `from` to `to` (inclusive): new parameter values,
 * another severity, or the rule switched off.
 */
export interface RuleOverride {
  readonly ruleId: string
  /** 统筹区 (医保区划) it applies to; `*` for every region. */
  readonly admdvs: string
  readonly from: IsoDate
  readonly to: IsoDate | null
  readonly params?: RuleParams | undefined
  readonly severity?: FindingSeverity | undefined
  readonly enabled?: boolean | undefined
}

/** A rule as in force for one region and date: parameters resolved. */
export interface ActiveRule {
  readonly def: RuleDefinition
  readonly params: RuleParams
  readonly severity: FindingSeverity
}
