// SPDX-License-Identifier: Apache-2.0

/**
 * Splits an integer total (fen) in proportion to weights by the largest-remainder method, so
 * that the parts are integers and add up to the total exactly. Ties go to the earlier weight.
 *
 * @param total - integer amount to split
 * @param weights - non-negative weights; all zero gives all zero parts (and total 0 only)
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, w) => a + w, 0)
  if (sum <= 0) {
    if (total !== 0) throw new RangeError(`无法按全零权重分配 ${total}`)
    return weights.map(() => 0)
  }
  const exact = weights.map((w) => (total * w) / sum)
  const parts = exact.map((x) => Math.floor(x))
  let rest = total - parts.reduce((a, x) => a + x, 0)
  const order = exact
    .map((x, i) => ({ i, frac: x - Math.floor(x) }))
    .sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) parts[order[k]!.i]!++
  return parts
}
