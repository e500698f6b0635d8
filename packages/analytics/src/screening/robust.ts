// SPDX-License-Identifier: Apache-2.0

/** Median of numbers (NaN for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2
}

/** Where a value stands among its peers. */
export interface PeerPosition {
  readonly value: number
  readonly peerMedian: number
  /** Robust z-score: (value − median) / (1.4826 × MAD), with a floor on the spread. */
  readonly z: number
  /** Share of peers at or below the value (0–1). */
  readonly percentile: number
  readonly peers: number
}

/**
 * Robust z-scores of values against their peer group: median and median absolute deviation,
 * scaled to the standard deviation of a normal distribution. The spread is floored at
 * `minSpread(median)` (absolute) so that near-identical peers do not turn small differences
 * into large scores.
 */
export function robustPositions(
  values: readonly number[],
  minSpread: (median: number) => number
): PeerPosition[] {
  const med = median(values)
  const mad = median(values.map((v) => Math.abs(v - med)))
  const spread = Math.max(1.4826 * mad, minSpread(med))
  const sorted = [...values].sort((a, b) => a - b)
  return values.map((value) => {
    // Peers at or below the value: the first index above it, by binary search.
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((sorted[mid] as number) <= value) lo = mid + 1
      else hi = mid
    }
    const atOrBelow = lo
    return {
      value,
      peerMedian: med,
      z: (value - med) / spread,
      percentile: atOrBelow / sorted.length,
      peers: values.length,
    }
  })
}

/** Maps a non-negative excess (z-score above its threshold …) to a 0–1 strength. */
export function squash(excess: number, scale: number): number {
  return excess <= 0 ? 0 : 1 - Math.exp(-excess / scale)
}
