// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'

// The randomness of every published draw (双随机 inspections, call-backs): a stream that depends
// only on the recorded seed and the draw's purpose, so that anyone can redo the draw.

/** A deterministic stream of uniform numbers in (0, 1) from a seed and a purpose. */
export class SeededStream {
  private counter = 0
  constructor(
    private readonly seed: number,
    private readonly purpose: string
  ) {}

  /** The next number of the stream: sha256 of seed, purpose and a counter, 48 bits. */
  next(): number {
    const h = createHash('sha256').update(`${this.seed}|${this.purpose}|${this.counter++}`).digest()
    // 48 bits, never 0 or 1.
    return (h.readUIntBE(0, 6) + 0.5) / 2 ** 48
  }
}

/**
 * A pool in weighted random order (keys log(u) ÷ weight, largest first): one number of the
 * stream of `seed` and `purpose` per item, drawn in the pool's order, so the same pool, weights
 * and seed give the same order.
 *
 * @param pool - the items, in a fixed order
 * @param weightOf - an item's weight
 * @param seed - the recorded seed
 * @param purpose - the stream's purpose
 * @returns the items with their weights, in drawn order
 */
export function weightedOrder<T>(
  pool: readonly T[],
  weightOf: (item: T) => number,
  seed: number,
  purpose: string
): { item: T; weight: number }[] {
  const stream = new SeededStream(seed, purpose)
  const keyed = pool.map((item) => {
    const weight = weightOf(item)
    return { item, weight, key: Math.log(stream.next()) / weight }
  })
  keyed.sort((a, b) => b.key - a.key)
  return keyed.map(({ item, weight }) => ({ item, weight }))
}
