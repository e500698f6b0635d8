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
