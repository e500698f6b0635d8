// SPDX-License-Identifier: Apache-2.0

/**
 * A small seeded generator of floats in [0, 1) (mulberry32): the same seed gives the same
 * sequence, so synthetic data, folds and draws are reproducible. Not for anything secret.
 *
 * @param seed - any 32-bit integer
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), state | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
