// SPDX-License-Identifier: Apache-2.0
import { groupBy } from '../data.js'
import type { IndicatorReading } from '../hit.js'
import { robustPositions } from '../robust.js'

/** An indicator computed per subject: its name, its value (or null when too few cases) and its spread floor. */
export interface IndicatorDef<S> {
  readonly name: string
  /** Higher is suspicious (cost, share), so only the high side is an outlier. */
  readonly value: (subject: S) => number | null
  /** Floor of the peers' spread (absolute): 0.02 for shares, a fraction of the median for means. */
  readonly minSpread: (median: number) => number
}

/** A subject with its indicators read against its peer group. */
export interface Profile<S> {
  readonly subject: S
  readonly peerGroup: string
  readonly readings: IndicatorReading[]
}

/**
 * Reads every indicator of every subject against the subjects of the same peer group (robust
 * z-score and percentile). Subjects whose indicator is null are left out of that indicator, and
 * a group with fewer than `minPeers` valued members is not compared.
 */
export function peerProfiles<S>(
  subjects: readonly S[],
  peerGroup: (s: S) => string,
  defs: readonly IndicatorDef<S>[],
  minPeers: number
): Profile<S>[] {
  const profiles = new Map<S, Profile<S>>()
  for (const s of subjects) profiles.set(s, { subject: s, peerGroup: peerGroup(s), readings: [] })
  for (const members of groupBy(subjects, peerGroup).values()) {
    for (const def of defs) {
      const valued = members
        .map((s) => [s, def.value(s)] as const)
        .filter((x): x is readonly [S, number] => x[1] !== null && Number.isFinite(x[1]))
      if (valued.length < minPeers) continue
      const positions = robustPositions(
        valued.map(([, v]) => v),
        def.minSpread
      )
      valued.forEach(([s], i) => {
        const p = positions[i]
        if (p) profiles.get(s)?.readings.push({ name: def.name, ...p })
      })
    }
  }
  return [...profiles.values()]
}

/** Spread floor for shares: two percentage points. */
export const shareSpread = (): number => 0.02
/** Spread floor for means: 10 % of the median. */
export const meanSpread = (median: number): number => Math.max(1, Math.abs(median) * 0.1)
