// SPDX-License-Identifier: Apache-2.0
import type { ScreeningEncounter } from '../data.js'

/** The fund's share of an amount of an encounter's fees, half-up to the fen. */
export function fundShare(e: ScreeningEncounter, amount: number): number {
  if (e.total <= 0) return 0
  return Math.floor((amount * e.fundPaid) / e.total + 0.5)
}

/** Yuan with two decimals, for explanations. */
export function yuan(fen: number): string {
  return (fen / 100).toFixed(2)
}

/** Σ f over encounters. */
export function sum(
  es: readonly ScreeningEncounter[],
  f: (e: ScreeningEncounter) => number
): number {
  return es.reduce((s, e) => s + f(e), 0)
}

/** Σ f over the encounters' total fees, or null with fewer than `min` encounters or no fees. */
export function share(
  es: readonly ScreeningEncounter[],
  f: (e: ScreeningEncounter) => number,
  min = 1
): number | null {
  if (es.length < min) return null
  const total = sum(es, (e) => e.total)
  return total > 0 ? sum(es, f) / total : null
}
