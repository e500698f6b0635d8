// SPDX-License-Identifier: Apache-2.0
import type { Fen } from '@yibao/domain'
import type { Knowledge, KnowledgePoint } from '@yibao/knowledge'
import type { CodeFiller } from './code-dictionary.js'
import type { BatchDictionaries, ColumnarBatch } from './columnar-batch.js'
import type { ActiveRule } from './rule.js'

/**
 * What a logic reports when a rule is broken; the engine turns it into a `Finding` (id, amounts
 * per line, evidence, pack version, parameters).
 */
export interface FindingDraft {
  /** The violating encounter (batch index). */
  readonly enc: number
  /** Violating lines (batch indexes), with the amount each carries. */
  readonly violating: readonly number[]
  readonly violatingAmounts?: readonly Fen[] | undefined
  /** Related lines (涉及项). */
  readonly related?: readonly number[] | undefined
  /** Other encounters involved (batch indexes). */
  readonly relatedEncounters?: readonly number[] | undefined
  /** Violation amount in fen (by the rule's basis). */
  readonly amount: Fen
  /** `vola_cont`, in Chinese with the evidence values. */
  readonly message: string
  /** The knowledge point read, if any. */
  readonly point?: KnowledgePoint | null | undefined
  /** Day number of the violation; default: first violating line's day, else the encounter's. */
  readonly day?: number | undefined
}

/** Where segment logics put what they find. */
export type FindingSink = (draft: FindingDraft) => void

/**
 * What a logic may use while compiling a rule: the knowledge, the dictionaries, and ways to
 * hand tables to the fused kernel.
 */
export interface CompileKit {
  readonly knowledge: Knowledge
  readonly dict: BatchDictionaries
  /**
   * Registers a per-code table on the fee-code dictionary.
   *
   * @returns the identifier the line test uses for it (an array indexed by code id `c`)
   */
  codeTable(fill: CodeFiller, float?: boolean): string
  /**
   * Hands a constant array to the kernel.
   *
   * @returns the identifier the line test uses for it
   */
  constant(values: ArrayLike<number>): string
  /**
   * Hands a function to the kernel, for the rare paths (called only after a table lookup hit).
   *
   * @returns the identifier the line test uses for it
   */
  function(f: (...args: number[]) => number): string
  /** Reads a code table registered with `codeTable` (current array; for explanations). */
  table(identifier: string): ArrayLike<number>
}

/**
 * A per-line logic: compiled to a JavaScript boolean expression that the engine fuses with every
 * other per-line rule into one loop over the columns. The expression may use the loop's locals
 * `i` (line), `c` (code id), `e` (encounter), `p` (person), `d` (day), `ad` (age in days),
 * `ay` (age in years), the scratch variable `k`, every column of `ColumnarBatch` by name, and
 * the identifiers returned by the kit.
 */
export interface LineLogic {
  readonly kind: 'line'
  compile(rule: ActiveRule, kit: CompileKit): CompiledLineRule
}

/** A compiled per-line rule. */
export interface CompiledLineRule {
  readonly test: string
  /** True when the test can only hold for codes with a knowledge point (it is guarded by that). */
  readonly point?: boolean
  /** Builds the finding for a line that passed the test (null to drop it). */
  explain(b: ColumnarBatch, i: number): FindingDraft | null
}

/**
 * A cross-claim logic: walks one person's segment (encounters `[pEnc0[p], pEnc1[p])` and their
 * lines) and reports what it finds.
 */
export interface SegmentLogic {
  readonly kind: 'segment'
  compile(
    rule: ActiveRule,
    kit: CompileKit
  ): (b: ColumnarBatch, p: number, out: FindingSink) => void
}

/** A logic: how a family of rules is evaluated. Rules name their logic. */
export type Logic = LineLogic | SegmentLogic
