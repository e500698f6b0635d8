// SPDX-License-Identifier: Apache-2.0
import type { InstitutionType } from '@yibao/domain'
import { badRequest, INSTITUTION_TYPE_LABELS, OutcomeError } from '@yibao/domain'
import { weightedOrder } from '../seeded-stream.js'

// 随机抽查回访 (domain.md §8, Liuzhou seed: “根据医保系统消费数据对参保人员进行随机抽查回访”):
// insured persons are drawn from a period's settlements and called to confirm the care the
// records say they received. The draw depends only on the settlements, the weights and the
// seed, so that it can be reproduced from the recorded seed.

/** Version of the call-back draw, recorded with every draw. */
export const CALLBACK_ALGORITHM =
  'yibao-callback/1 (sha256 counter PRNG; strata by institution type, D’Hondt allocation; ' +
  'Efraimidis–Spirakis weighted by inpatient stay and flagged share; one settlement per person)'

/** A settlement that may be drawn for a call-back. */
export interface CallbackCandidate {
  readonly setlId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly institutionType: InstitutionType
  readonly inpatient: boolean
  /** The settled total (医疗费总额), fen. */
  readonly amount: number
  /** What findings flagged on the settlement's encounter, fen. */
  readonly flaggedAmount: number
}

/** How the draw weighs settlements and spreads over institution types. */
export interface CallbackWeights {
  /** Weight of an inpatient stay against a visit's 1. */
  readonly inpatient: number
  /** weight × (1 + risk × flagged share of the settled total). */
  readonly risk: number
  /** Persons drawn first from every institution type that has any. */
  readonly minPerStratum: number
}

/** Stays count twice, a fully flagged settlement five times, every type at least once. */
export const DEFAULT_CALLBACK_WEIGHTS: CallbackWeights = { inpatient: 2, risk: 4, minPerStratum: 1 }

/** A drawn settlement with its weight. */
export interface CallbackDrawItem extends CallbackCandidate {
  readonly weight: number
}

/** One institution type's share of a draw. */
export interface CallbackStratum {
  readonly type: InstitutionType
  readonly settlements: number
  readonly persons: number
  readonly drawn: number
}

/** A call-back draw. */
export interface CallbackDraw {
  readonly seed: number
  readonly algorithm: string
  /** Persons asked for. */
  readonly size: number
  readonly weights: CallbackWeights
  readonly strata: readonly CallbackStratum[]
  /** The call list, by institution type, institution and person. */
  readonly items: readonly CallbackDrawItem[]
}

const TYPES = Object.keys(INSTITUTION_TYPE_LABELS) as InstitutionType[]

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

function checkInputs(size: number, seed: number, weights: CallbackWeights): void {
  const refuse = (path: string, message: string): never => {
    throw new OutcomeError(badRequest(`${path}：${message}`, path))
  }
  if (!Number.isSafeInteger(seed) || seed < 0) refuse('seed', `应为非负整数，收到 ${seed}`)
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    refuse('size', `应为 1–10000 的整数，收到 ${size}`)
  }
  if (!(weights.inpatient > 0)) refuse('weights.inpatient', '应大于 0')
  if (!(weights.risk >= 0)) refuse('weights.risk', '应不小于 0')
  if (!Number.isInteger(weights.minPerStratum) || weights.minPerStratum < 0) {
    refuse('weights.minPerStratum', '应为非负整数')
  }
}

/** A stratum's settlements in draw order, and how far the draw has gone down them. */
interface Queue {
  readonly type: InstitutionType
  readonly order: CallbackDrawItem[]
  readonly settlements: number
  readonly persons: number
  next: number
  drawn: number
  exhausted: boolean
}

/**
 * Draws persons to call back. The settlements are split by institution type; within a type each
 * is keyed by Efraimidis–Spirakis (ln u / weight, the weight raised for inpatient stays and for
 * the share of the total flagged by findings) and drawn in key order, a person only once. Each
 * type first gets `minPerStratum`, larger types first; the rest goes one at a time to the type
 * with the largest settlements ÷ (drawn + 1) (D’Hondt), skipping types with nobody left. The
 * same candidates, weights and seed give the same list whatever order the candidates come in.
 *
 * @param candidates - the period's settlements
 * @param size - how many persons to draw (fewer when fewer persons settled)
 * @param seed - the recorded seed, a non-negative integer
 * @param weights - the weights (default `DEFAULT_CALLBACK_WEIGHTS`)
 */
export function drawCallbacks(
  candidates: readonly CallbackCandidate[],
  size: number,
  seed: number,
  weights: CallbackWeights = DEFAULT_CALLBACK_WEIGHTS
): CallbackDraw {
  checkInputs(size, seed, weights)
  const sorted = [...candidates].sort((a, b) => byteOrder(a.setlId, b.setlId))
  const queues: Queue[] = []
  for (const type of TYPES) {
    const pool = sorted.filter((c) => c.institutionType === type)
    if (pool.length === 0) continue
    const order = weightedOrder(
      pool,
      (c) => {
        const share = c.amount > 0 ? Math.min(1, Math.max(0, c.flaggedAmount / c.amount)) : 0
        return (c.inpatient ? weights.inpatient : 1) * (1 + weights.risk * share)
      },
      seed,
      `callback:${type}`
    ).map(({ item, weight }) => ({ ...item, weight: Math.round(weight * 10_000) / 10_000 }))
    queues.push({
      type,
      order,
      settlements: pool.length,
      persons: new Set(pool.map((c) => c.psnNo)).size,
      next: 0,
      drawn: 0,
      exhausted: false,
    })
  }
  const chosen = new Set<string>()
  const items: CallbackDrawItem[] = []
  const take = (q: Queue): void => {
    while (q.next < q.order.length) {
      const c = q.order[q.next++]!
      if (chosen.has(c.psnNo)) continue
      chosen.add(c.psnNo)
      items.push(c)
      q.drawn++
      return
    }
    q.exhausted = true
  }
  const bySize = [...queues].sort((a, b) => b.settlements - a.settlements)
  for (let round = 0; round < weights.minPerStratum; round++) {
    for (const q of bySize) if (items.length < size && !q.exhausted) take(q)
  }
  for (;;) {
    const open = bySize.filter((q) => !q.exhausted)
    if (items.length >= size || open.length === 0) break
    const best = open.reduce((a, b) =>
      b.settlements / (b.drawn + 1) > a.settlements / (a.drawn + 1) ? b : a
    )
    take(best)
  }
  const rank = (t: InstitutionType): number => TYPES.indexOf(t)
  items.sort(
    (a, b) =>
      rank(a.institutionType) - rank(b.institutionType) ||
      byteOrder(a.institutionCode, b.institutionCode) ||
      byteOrder(a.psnNo, b.psnNo)
  )
  return {
    seed,
    algorithm: CALLBACK_ALGORITHM,
    size,
    weights,
    strata: queues.map((q) => ({
      type: q.type,
      settlements: q.settlements,
      persons: q.persons,
      drawn: q.drawn,
    })),
    items,
  }
}
