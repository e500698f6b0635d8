// SPDX-License-Identifier: Apache-2.0

/**
 * Ranking metrics for a binary label: the area under the ROC curve and the average precision
 * (area under the precision–recall curve). Both depend only on the order of the scores, treat
 * equal scores as one threshold, and never shuffle, so the same input always gives the same value.
 */

/** Checks the shared preconditions and returns the number of positives and negatives. */
function classCounts(
  scores: readonly number[],
  labels: readonly boolean[]
): { positives: number; negatives: number } {
  if (scores.length !== labels.length) {
    throw new RangeError(`scores (${scores.length}) and labels (${labels.length}) differ in length`)
  }
  let positives = 0
  for (let i = 0; i < scores.length; i++) {
    if (!Number.isFinite(scores[i])) throw new RangeError(`score ${i} is not a finite number`)
    if (labels[i]) positives++
  }
  const negatives = labels.length - positives
  if (positives === 0 || negatives === 0) {
    throw new RangeError(`both classes are needed (positives ${positives}, negatives ${negatives})`)
  }
  return { positives, negatives }
}

/** Indexes of `scores`, highest score first; equal scores keep their input order. */
function descendingOrder(scores: readonly number[]): number[] {
  return scores.map((_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b)
}

/**
 * Area under the ROC curve, computed as the Mann–Whitney statistic: the probability that a random
 * positive scores higher than a random negative, a tie counting one half (average ranks).
 *
 * @param scores - one score per item, higher meaning "more likely positive"
 * @param labels - `true` for a positive item, same length as `scores`
 * @returns a value in [0, 1]; 0.5 for an uninformative score
 * @throws RangeError when the lengths differ, a score is not finite, or a class is absent
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const { positives, negatives } = classCounts(scores, labels)
  const order = scores.map((_, i) => i).sort((a, b) => scores[a]! - scores[b]!)
  let positiveRankSum = 0
  for (let start = 0; start < order.length;) {
    let end = start + 1
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) end++
    // Ranks start..end-1 (0-based) share the average 1-based rank.
    const averageRank = (start + 1 + end) / 2
    for (let j = start; j < end; j++) if (labels[order[j]!]) positiveRankSum += averageRank
    start = end
  }
  const u = positiveRankSum - (positives * (positives + 1)) / 2
  return u / (positives * negatives)
}

/**
 * Average precision: the precision at each distinct score threshold, weighted by the recall gained
 * at that threshold (Σ (Rₙ − Rₙ₋₁)·Pₙ). Items with equal scores form one threshold, so ties are
 * not broken in anyone's favour.
 *
 * @param scores - one score per item, higher meaning "more likely positive"
 * @param labels - `true` for a positive item, same length as `scores`
 * @returns a value in (0, 1]; about the share of positives for an uninformative score
 * @throws RangeError when the lengths differ, a score is not finite, or a class is absent
 */
export function prAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const { positives } = classCounts(scores, labels)
  const order = descendingOrder(scores)
  let truePositives = 0
  let seen = 0
  let area = 0
  for (let start = 0; start < order.length;) {
    let end = start
    let groupPositives = 0
    while (end < order.length && scores[order[end]!] === scores[order[start]!]) {
      if (labels[order[end]!]) groupPositives++
      end++
    }
    truePositives += groupPositives
    seen = end
    if (groupPositives > 0) area += (groupPositives / positives) * (truePositives / seen)
    start = end
  }
  return area
}
