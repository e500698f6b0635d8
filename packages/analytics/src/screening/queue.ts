// SPDX-License-Identifier: Apache-2.0

/** Something a reviewer may look at: an audit finding or a screening result. */
export interface QueueCandidate {
  readonly kind: 'FINDING' | 'SCREENING'
  readonly id: string
  /** Rule id (findings) or pattern code (screening): decisions are learned per key. */
  readonly key: string
  readonly label: string
  /** Audit severity of findings (CLEAR / HIGH_SUSPECT / SUSPECT), null for screening. */
  readonly severity: string | null
  /** Strength 0–1 of screening results, null for findings. */
  readonly score: number | null
  /** Recoverable amount if upheld (fen). */
  readonly amount: number
  readonly institutionCode: string
  readonly psnNo: string | null
  readonly mdtrtId: string | null
  readonly subject: string
}

/** Upheld and dismissed decisions so far of one key (rule or pattern). */
export interface DecisionStats {
  readonly key: string
  readonly upheld: number
  readonly dismissed: number
}

/** How the queue is built. */
export interface QueueOptions {
  /** Cases a reviewer team can look at per working day. */
  readonly capacityPerDay: number
  /** Decisions a key needs before its own upheld rate is used. */
  readonly minDecisions: number
  /** Weight (in decisions) of the heuristic prior in the learned rate. */
  readonly priorWeight: number
}

export const DEFAULT_QUEUE_OPTIONS: QueueOptions = {
  capacityPerDay: 40,
  minDecisions: 30,
  priorWeight: 10,
}

/** A ranked queue entry. */
export interface QueueItem extends QueueCandidate {
  readonly rank: number
  /** Probability of being upheld. */
  readonly probability: number
  readonly method: 'LEARNED' | 'HEURISTIC'
  /** amount × probability, fen. */
  readonly expected: number
  /** Working day (1, 2 …) at the given capacity. */
  readonly day: number
}

/** The heuristic before enough decisions: by audit severity, or by screening strength. */
export function heuristicProbability(c: Pick<QueueCandidate, 'severity' | 'score'>): number {
  if (c.score !== null) return Math.max(0.05, Math.min(0.95, 0.8 * c.score))
  switch (c.severity) {
    case 'CLEAR':
      return 0.9
    case 'HIGH_SUSPECT':
      return 0.6
    case 'SUSPECT':
    case null:
      return 0.35
    default:
      return 0.35
  }
}

/**
 * Ranks candidates by expected recoverable amount = amount × probability of being upheld. The
 * probability is the heuristic until a key has `minDecisions` upheld or dismissed decisions; from
 * then on it is that key's upheld rate, shrunk towards the heuristic by `priorWeight` decisions
 * (a beta–binomial estimate). Ties go to the larger amount, then the id, so the order is stable.
 */
export function rankQueue(
  candidates: readonly QueueCandidate[],
  stats: readonly DecisionStats[],
  options: QueueOptions = DEFAULT_QUEUE_OPTIONS
): QueueItem[] {
  if (!(options.capacityPerDay >= 1)) throw new RangeError('capacityPerDay must be at least 1')
  const byKey = new Map(stats.map((s) => [s.key, s] as const))
  const scored = candidates.map((c) => {
    const prior = heuristicProbability(c)
    const s = byKey.get(c.key)
    const n = s ? s.upheld + s.dismissed : 0
    const learned = s !== undefined && n >= options.minDecisions
    const probability = learned
      ? (s.upheld + prior * options.priorWeight) / (n + options.priorWeight)
      : prior
    return {
      ...c,
      probability,
      method: learned ? ('LEARNED' as const) : ('HEURISTIC' as const),
      expected: Math.round(c.amount * probability),
    }
  })
  scored.sort(
    (a, b) =>
      b.expected - a.expected || b.amount - a.amount || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
  return scored.map((c, i) => ({
    ...c,
    rank: i + 1,
    day: Math.floor(i / options.capacityPerDay) + 1,
  }))
}
