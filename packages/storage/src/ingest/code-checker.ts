// SPDX-License-Identifier: Apache-2.0
import type { NhsaCodeCheck } from '@yibao/domain'

/**
 * What ingest asks of a knowledge pack: is this code known? Unknown codes are kept and flagged
 * (`ingest_flag`), never rejected. Adapt the `Knowledge` class of `@yibao/knowledge` with
 * `{ isKnown: (kind, code) => knowledge.isKnownCode(code) }`, or use {@link codeCheckerFromSets}.
 */
export interface CodeChecker {
  /** True when `code` of this kind (item, diagnosis, procedure) is in the pack. */
  isKnown(kind: NhsaCodeCheck, code: string): boolean
}

/** Known codes per kind; a kind left out is not checked. */
export interface CodeSets {
  readonly item?: ReadonlySet<string>
  readonly diagnosis?: ReadonlySet<string>
  readonly procedure?: ReadonlySet<string>
  readonly drg?: ReadonlySet<string>
}

/**
 * A {@link CodeChecker} over plain sets of codes.
 *
 * @param sets - known codes per kind; a kind without a set accepts every code
 * @returns the checker
 * @example
 * ```ts
 * const codes = codeCheckerFromSets({ item: new Set(['XA01']), diagnosis: new Set(['J18.900']) })
 * ```
 */
export function codeCheckerFromSets(sets: CodeSets): CodeChecker {
  return {
    isKnown(kind, code) {
      const set = sets[kind]
      return set === undefined || set.has(code)
    },
  }
}
