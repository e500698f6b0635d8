// SPDX-License-Identifier: Apache-2.0
import type { Fen, FindingSeverity, IsoDate } from '@yibao/domain'
import type { RuleParams } from './rule.js'

/** 1 违规项 (the offending line) / 2 涉及项 (a related line) as in 3101 `vola_item_type`. */
export type FindingLineRole = 'VIOLATING' | 'RELATED'

/** A fee line a finding points at. */
export interface FindingLine {
  readonly feedetlSn: string
  readonly mdtrtId: string
  readonly role: FindingLineRole
  /** Violation amount carried by this line, in fen (0 for related lines). */
  readonly amount: Fen
}

/**
 * A finding (疑点): one rule's judgement on one encounter — the violating and related lines,
 * the amount by the rule's basis, and the Chinese explanation with its evidence, plus what it was
 * computed with (pack version, knowledge point, parameters) so that it can be re-run.
 */
export interface Finding {
  /** Deterministic id: the same rule on the same lines always gives the same id. */
  readonly id: string
  readonly ruleId: string
  readonly ruleName: string
  /** Violation catalogue code (D1, S12…). */
  readonly violation: string
  readonly severity: FindingSeverity
  readonly psnNo: string
  /** The violating encounter. */
  readonly mdtrtId: string
  readonly institutionCode: string
  /** Day of the violation (the violating line's date, or the encounter's begin). */
  readonly date: IsoDate
  /** Violating and related lines (empty for encounter-level findings without lines). */
  readonly lines: readonly FindingLine[]
  /** Other encounters involved (the first stay of a 分解住院, the stay a visit overlaps…). */
  readonly relatedEncounters: readonly string[]
  /** Violation amount in fen. */
  readonly amount: Fen
  /** `vola_cont`: what is wrong, with the evidence values. */
  readonly message: string
  /** `vola_evid`: the basis (rule, knowledge point, parameters). */
  readonly evidence: string
  /** Knowledge point id (B1-0001…) when the rule read one. */
  readonly knowledgePointId: string | null
  readonly packVersion: string
  readonly params: RuleParams
}
