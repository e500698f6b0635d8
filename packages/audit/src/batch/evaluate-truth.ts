// SPDX-License-Identifier: Apache-2.0
import type { ViolationTruth } from '@yibao/domain'
import type { Finding } from '../finding.js'

/** How the findings of one violation type compare with the injected truth. */
export interface TypeEvaluation {
  /** True when a rule of the run judges this type (false: left to big-data screening). */
  readonly covered: boolean
  /** Injected cases of the type. */
  readonly truths: number
  /** Cases found: a finding of the type on the case's encounter (or naming it as related). */
  readonly found: number
  /** found / truths, or null when nothing of the type was injected. */
  readonly recall: number | null
  /** Findings of the type. */
  readonly findings: number
  /** Findings of the type on clean encounters: no injected case of any type on them. */
  readonly falsePositives: number
  /** Injected amount and the part of it on found cases, in fen. */
  readonly truthAmount: number
  readonly foundAmount: number
}

/**
 * Compares findings with the truth of a synthetic region, per violation type. A case is found
 * when a finding of its type names its encounter (as the violating or a related encounter); a
 * finding is a false positive when neither its encounter nor any related one carries any
 * injected case (a clean encounter).
 *
 * @param findings - the run's findings
 * @param truths - the injected cases of the same period
 * @param covered - the violation types the run's rules judge
 */
export function evaluateAgainstTruth(
  findings: readonly Finding[],
  truths: readonly ViolationTruth[],
  covered: ReadonlySet<string>
): Record<string, TypeEvaluation> {
  const hit = new Set<string>()
  const count = new Map<string, number>()
  const fp = new Map<string, number>()
  const touched = new Set(truths.map((t) => t.mdtrtId))
  for (const f of findings) {
    count.set(f.violation, (count.get(f.violation) ?? 0) + 1)
    const encounters = [f.mdtrtId, ...f.relatedEncounters]
    for (const e of encounters) hit.add(`${f.violation}\u0001${e}`)
    if (!encounters.some((e) => touched.has(e))) fp.set(f.violation, (fp.get(f.violation) ?? 0) + 1)
  }
  const out: Record<
    string,
    { truths: number; found: number; truthAmount: number; foundAmount: number }
  > = {}
  for (const t of truths) {
    const x = (out[t.type] ??= { truths: 0, found: 0, truthAmount: 0, foundAmount: 0 })
    x.truths++
    x.truthAmount += t.amount
    if (hit.has(`${t.type}\u0001${t.mdtrtId}`)) {
      x.found++
      x.foundAmount += t.amount
    }
  }
  const types = [...new Set([...Object.keys(out), ...count.keys()])].sort()
  return Object.fromEntries(
    types.map((type) => {
      const x = out[type] ?? { truths: 0, found: 0, truthAmount: 0, foundAmount: 0 }
      return [
        type,
        {
          covered: covered.has(type),
          truths: x.truths,
          found: x.found,
          recall: x.truths === 0 ? null : x.found / x.truths,
          findings: count.get(type) ?? 0,
          falsePositives: fp.get(type) ?? 0,
          truthAmount: x.truthAmount,
          foundAmount: x.foundAmount,
        },
      ]
    })
  )
}
