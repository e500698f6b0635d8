// SPDX-License-Identifier: Apache-2.0
import type { Fen } from '@yibao/domain'

/** 100 % in basis points. */
export const FULL_BP = 10_000

/**
 * `fen × bp / 10000`, rounded half-up (away from zero) to the fen, in exact integer arithmetic:
 * every ratio of a benefit policy is an integer number of basis points (75 % = 7500), so a
 * payment never depends on binary floating point.
 *
 * @param fen - an integer amount
 * @param bp - an integer ratio in basis points
 */
export function mulBp(fen: Fen, bp: number): Fen {
  const product = fen * bp
  if (Number.isSafeInteger(product)) {
    const sign = product < 0 ? -1 : 1
    const r = sign * Math.floor((Math.abs(product) + 5_000) / FULL_BP)
    return r === 0 ? 0 : r
  }
  const p = BigInt(fen) * BigInt(bp)
  const abs = p < 0n ? -p : p
  const r = (abs + 5_000n) / 10_000n
  return Number(p < 0n ? -r : r)
}

/**
 * The largest amount whose payment at `bp` does not exceed `paid`: the cost a capped payment
 * covers (floor of `paid × 10000 / bp`).
 */
export function coveredBy(paid: Fen, bp: number): Fen {
  if (bp <= 0) return 0
  const scaled = paid * FULL_BP
  if (Number.isSafeInteger(scaled)) return Math.floor(scaled / bp)
  return Number((BigInt(paid) * 10_000n) / BigInt(bp))
}

/** A ratio in basis points as a percentage text: 7500 → `75%`, 7250 → `72.5%`. */
export function bpText(bp: number): string {
  const whole = Math.trunc(bp / 100)
  const rest = Math.abs(bp % 100)
  if (rest === 0) return `${whole}%`
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}%`
}
