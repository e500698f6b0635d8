// SPDX-License-Identifier: Apache-2.0
import { seededRandom } from '@yibao/domain'

/**
 * A small seeded pseudo-random generator (mulberry32). Every random choice of the demo region
 * goes through one of these, so the same seed always gives the same data; `Math.random` is never
 * used.
 */
export class Random {
  readonly #next: () => number

  /** @param seed - any 32-bit integer */
  constructor(seed: number) {
    this.#next = seededRandom(seed)
  }

  /**
   * A generator for a sub-stream, e.g. one per batch, so that a batch does not depend on how
   * many numbers earlier batches drew.
   *
   * @param seed - the region seed
   * @param stream - the sub-stream number
   * @returns a new generator
   */
  static derive(seed: number, stream: number): Random {
    let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0
    h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0
    return new Random((h ^ (h >>> 16)) >>> 0)
  }

  /** A float in [0, 1). */
  next(): number {
    return this.#next()
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1))
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p
  }

  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)]
    if (item === undefined) throw new Error('pick from an empty list')
    return item
  }

  /** One index chosen with the given non-negative weights. */
  weighted(weights: readonly number[]): number {
    let total = 0
    for (const w of weights) total += w
    let r = this.next() * total
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i] ?? 0
      if (r < 0) return i
    }
    return weights.length - 1
  }

  /** A Poisson-distributed count with mean `lambda` (Knuth for small means, normal above 30). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0
    if (lambda > 30) {
      return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()))
    }
    const limit = Math.exp(-lambda)
    let k = 0
    let p = this.next()
    while (p > limit) {
      k++
      p *= this.next()
    }
    return k
  }

  /** A standard normal deviate (Box–Muller). */
  normal(): number {
    const u = 1 - this.next()
    const v = this.next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** A gamma-distributed value with the given shape and mean 1 × `scale` (Marsaglia–Tsang). */
  gamma(shape: number, scale = 1): number {
    if (shape < 1) return this.gamma(shape + 1, scale) * Math.pow(this.next(), 1 / shape)
    const d = shape - 1 / 3
    const c = 1 / Math.sqrt(9 * d)
    for (;;) {
      const x = this.normal()
      const v0 = 1 + c * x
      if (v0 <= 0) continue
      const v = v0 * v0 * v0
      const u = this.next()
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        return (d * v * scale) / shape
      }
    }
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1))
      const a = items[i] as T
      items[i] = items[j] as T
      items[j] = a
    }
    return items
  }
}

/** A stable 32-bit hash of a string (FNV-1a), for prices and names derived from codes. */
export function hashString(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}
