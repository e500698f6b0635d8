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
