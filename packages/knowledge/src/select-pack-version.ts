// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'

/** The version data needed to choose a pack for a date. */
export interface PackVersionRef {
  readonly version: string
  readonly effectiveFrom: IsoDate
}

const collator = new Intl.Collator('en', { numeric: true })

/**
 * Chooses the pack that applies on a date: the one with the latest `effectiveFrom` on or before
 * the date (two with the same date: the higher version, compared numerically, `2025.10` > `2025.9`).
 *
 * @param versions - the available packs
 * @param date - the date of the claim or fee line, `YYYY-MM-DD`
 * @returns the pack in force, or undefined when every pack starts after the date
 * @example
 * selectPackVersion([{ version: '2025.1', effectiveFrom: '2025-01-01' }], '2024-12-31') // undefined
 */
export function selectPackVersion<T extends PackVersionRef>(
  versions: readonly T[],
  date: IsoDate
): T | undefined {
  let best: T | undefined
  for (const v of versions) {
    if (v.effectiveFrom > date) continue
    if (
      best === undefined ||
      v.effectiveFrom > best.effectiveFrom ||
      (v.effectiveFrom === best.effectiveFrom && collator.compare(v.version, best.version) > 0)
    ) {
      best = v
    }
  }
  return best
}
