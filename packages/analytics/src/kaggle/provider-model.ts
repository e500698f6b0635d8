// SPDX-License-Identifier: Apache-2.0

import { prAuc, rocAuc } from './metrics.js'
import type { FeatureKind, ProviderFeatures } from './provider-features.js'
import { PROVIDER_FEATURE_SPECS } from './provider-features.js'
import { seededRandom } from '@yibao/domain'
import { median } from '../screening/robust.js'

/**
 * A transparent evaluation of provider features against fraud labels: stratified k-fold
 * cross-validation of an L2-regularised logistic regression, next to an unsupervised baseline that
 * uses no labels at all. Every step is deterministic (seeded fold assignment, zero initial weights,
 * a fixed number of full-batch gradient steps), so a run can be repeated exactly.
 */

/** Rows of numeric features with one label per row. */
export interface FeatureMatrix {
  /** Feature names, one per column. */
  readonly names: readonly string[]
  /** How each column is scaled: `COUNT` and `AMOUNT` get `log1p`, `SHARE` is kept. */
  readonly kinds: readonly FeatureKind[]
  /** One row per item, `names.length` finite values each. */
  readonly rows: readonly (readonly number[])[]
  /** `true` for a positive (fraudulent) item. */
  readonly labels: readonly boolean[]
}

/** Settings of {@link evaluateFeatureMatrix}; every field has a default. */
export interface ModelOptions {
  /** Number of folds, default 5. */
  readonly folds?: number
  /** Seed of the fold assignment, default 20_181_122. */
  readonly seed?: number
  /** Gradient-descent steps, default 500. */
  readonly iterations?: number
  /** Step size, default 0.5. */
  readonly learningRate?: number
  /** L2 penalty on the weights (not the intercept), default 0.01. */
  readonly l2?: number
  /** How many features to list in `topFeatures`, default 10. */
  readonly topFeatures?: number
}

/** ROC-AUC and PR-AUC (average precision) of one set of scores. */
export interface AucPair {
  readonly rocAuc: number
  readonly prAuc: number
}

/** A weight of the logistic regression, per standard deviation of the scaled feature. */
export interface FeatureWeight {
  readonly name: string
  readonly weight: number
}

/** What {@link evaluateFeatureMatrix} and {@link evaluateProviderModel} return. */
export interface ProviderModelReport {
  /** Items (providers) evaluated. */
  readonly providers: number
  /** Positive items among them. */
  readonly positives: number
  /** Number of folds. */
  readonly folds: number
  /** Logistic regression, scored out of fold. */
  readonly supervised: AucPair
  /** Sum of robust z-scores; uses no labels. */
  readonly unsupervised: AucPair
  /** Largest weights by absolute value of a model fitted on all rows. */
  readonly topFeatures: readonly FeatureWeight[]
}

const DEFAULTS = {
  folds: 5,
  seed: 20_181_122,
  iterations: 500,
  learningRate: 0.5,
  l2: 0.01,
  topFeatures: 10,
} as const

/** Consistency constant that makes the MAD estimate a standard deviation for normal data. */
const MAD_SCALE = 1.4826
/** The same for the mean absolute deviation, used when the MAD is 0. */
const MEAN_ABSOLUTE_DEVIATION_SCALE = 1.253314

/**
 * Assigns each item to one of `k` folds so that every fold gets (within one) the same number of
 * positives and of negatives. The assignment depends only on the labels' order and the seed.
 *
 * @returns the fold (0 … k−1) of each item
 * @throws RangeError when `k` is not an integer ≥ 2 or exceeds the number of items
 */
export function stratifiedFolds(labels: readonly boolean[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2) throw new RangeError(`folds must be an integer ≥ 2, got ${k}`)
  if (labels.length < k) {
    throw new RangeError(`${labels.length} items cannot be split into ${k} folds`)
  }
  const random = seededRandom(seed)
  const folds = new Array<number>(labels.length).fill(0)
  let next = 0
  for (const positive of [true, false]) {
    const members = labels.flatMap((label, i) => (label === positive ? [i] : []))
    for (let i = members.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[members[i], members[j]] = [members[j]!, members[i]!]
    }
    for (const member of members) folds[member] = next++ % k
  }
  return folds
}

/** Applies `log1p` to counts and amounts. */
function scaleRow(row: readonly number[], kinds: readonly FeatureKind[]): number[] {
  return row.map((value, j) => (kinds[j] === 'SHARE' ? value : Math.log1p(Math.max(0, value))))
}

/** Column means and standard deviations over the given rows (standard deviation 0 stays 0). */
function columnMoments(
  rows: readonly (readonly number[])[],
  width: number
): {
  means: number[]
  deviations: number[]
} {
  const means = new Array<number>(width).fill(0)
  const deviations = new Array<number>(width).fill(0)
  for (const row of rows) for (let j = 0; j < width; j++) means[j]! += row[j]!
  for (let j = 0; j < width; j++) means[j]! /= rows.length
  for (const row of rows) {
    for (let j = 0; j < width; j++) deviations[j]! += (row[j]! - means[j]!) ** 2
  }
  for (let j = 0; j < width; j++) deviations[j] = Math.sqrt(deviations[j]! / rows.length)
  return { means, deviations }
}

/** Centres and scales a row; a constant column becomes 0. */
function standardize(row: readonly number[], means: number[], deviations: number[]): number[] {
  return row.map((value, j) => (deviations[j]! > 1e-12 ? (value - means[j]!) / deviations[j]! : 0))
}

function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z))
  const e = Math.exp(z)
  return e / (1 + e)
}

interface LogisticModel {
  readonly means: number[]
  readonly deviations: number[]
  readonly weights: number[]
  readonly intercept: number
}

/** Full-batch gradient descent on the mean log-loss plus `l2/2 · |w|²`, from zero weights. */
function fitLogistic(
  rows: readonly (readonly number[])[],
  labels: readonly boolean[],
  settings: { iterations: number; learningRate: number; l2: number }
): LogisticModel {
  const width = rows[0]?.length ?? 0
  const { means, deviations } = columnMoments(rows, width)
  const x = rows.map((row) => standardize(row, means, deviations))
  const weights = new Array<number>(width).fill(0)
  let intercept = 0
  const gradient = new Array<number>(width)
  for (let step = 0; step < settings.iterations; step++) {
    gradient.fill(0)
    let interceptGradient = 0
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!
      let z = intercept
      for (let j = 0; j < width; j++) z += weights[j]! * xi[j]!
      const error = sigmoid(z) - (labels[i] ? 1 : 0)
      for (let j = 0; j < width; j++) gradient[j]! += error * xi[j]!
      interceptGradient += error
    }
    for (let j = 0; j < width; j++) {
      weights[j]! -= settings.learningRate * (gradient[j]! / x.length + settings.l2 * weights[j]!)
    }
    intercept -= (settings.learningRate * interceptGradient) / x.length
  }
  return { means, deviations, weights, intercept }
}

/** The linear score (log-odds) of a row; ranking by it equals ranking by probability. */
function logOdds(model: LogisticModel, row: readonly number[]): number {
  const x = standardize(row, model.means, model.deviations)
  let z = model.intercept
  for (let j = 0; j < x.length; j++) z += model.weights[j]! * x[j]!
  return z
}

/**
 * The unsupervised baseline: per row, the sum over features of (x − median) / (1.4826·MAD). When a
 * feature's MAD is 0 the mean absolute deviation (× 1.2533) stands in; a constant feature adds
 * nothing. It uses no labels, so it is computed once over all rows.
 */
function robustZScoreSums(rows: readonly (readonly number[])[], width: number): number[] {
  const sums = new Array<number>(rows.length).fill(0)
  for (let j = 0; j < width; j++) {
    const column = rows.map((row) => row[j]!)
    const centre = median(column)
    const distances = column.map((value) => Math.abs(value - centre))
    let spread = MAD_SCALE * median(distances)
    if (spread <= 1e-12) {
      spread = (MEAN_ABSOLUTE_DEVIATION_SCALE * distances.reduce((a, d) => a + d, 0)) / rows.length
    }
    if (spread <= 1e-12) continue
    for (let i = 0; i < rows.length; i++) sums[i]! += (column[i]! - centre) / spread
  }
  return sums
}

/**
 * Evaluates a feature matrix: out-of-fold log-odds of a logistic regression trained on the other
 * folds (features `log1p`-scaled per kind, then standardised on the training folds), and the
 * label-free robust z-score baseline on the same scaled features.
 *
 * @throws RangeError when the matrix is ragged or not finite, a class is absent, or the options
 *   are out of range
 */
export function evaluateFeatureMatrix(
  matrix: FeatureMatrix,
  options: ModelOptions = {}
): ProviderModelReport {
  const settings = {
    folds: options.folds ?? DEFAULTS.folds,
    seed: options.seed ?? DEFAULTS.seed,
    iterations: options.iterations ?? DEFAULTS.iterations,
    learningRate: options.learningRate ?? DEFAULTS.learningRate,
    l2: options.l2 ?? DEFAULTS.l2,
    topFeatures: options.topFeatures ?? DEFAULTS.topFeatures,
  }
  const { names, kinds, rows, labels } = matrix
  if (kinds.length !== names.length) {
    throw new RangeError(`${names.length} feature names but ${kinds.length} kinds`)
  }
  if (rows.length !== labels.length) {
    throw new RangeError(`${rows.length} rows but ${labels.length} labels`)
  }
  rows.forEach((row, i) => {
    if (row.length !== names.length || !row.every(Number.isFinite)) {
      throw new RangeError(`row ${i} does not have ${names.length} finite values`)
    }
  })
  if (!Number.isInteger(settings.iterations) || settings.iterations < 1) {
    throw new RangeError(`iterations must be a positive integer, got ${settings.iterations}`)
  }
  if (!(settings.learningRate > 0) || !(settings.l2 >= 0)) {
    throw new RangeError(`learningRate must be > 0 and l2 ≥ 0`)
  }
  const positives = labels.filter(Boolean).length
  if (positives === 0 || positives === labels.length) {
    throw new RangeError(`both classes are needed (positives ${positives} of ${labels.length})`)
  }

  const scaled = rows.map((row) => scaleRow(row, kinds))
  const folds = stratifiedFolds(labels, settings.folds, settings.seed)
  const supervisedScores = new Array<number>(rows.length).fill(0)
  for (let fold = 0; fold < settings.folds; fold++) {
    const trainRows: number[][] = []
    const trainLabels: boolean[] = []
    scaled.forEach((row, i) => {
      if (folds[i] !== fold) {
        trainRows.push(row)
        trainLabels.push(labels[i]!)
      }
    })
    const model = fitLogistic(trainRows, trainLabels, settings)
    scaled.forEach((row, i) => {
      if (folds[i] === fold) supervisedScores[i] = logOdds(model, row)
    })
  }
  const unsupervisedScores = robustZScoreSums(scaled, names.length)

  const fullModel = fitLogistic(scaled, labels, settings)
  const topFeatures = fullModel.weights
    .map((weight, j) => ({ name: names[j]!, weight }))
    .sort(
      (a, b) =>
        Math.abs(b.weight) - Math.abs(a.weight) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
    )
    .slice(0, Math.max(0, settings.topFeatures))

  return {
    providers: rows.length,
    positives,
    folds: settings.folds,
    supervised: {
      rocAuc: rocAuc(supervisedScores, labels),
      prAuc: prAuc(supervisedScores, labels),
    },
    unsupervised: {
      rocAuc: rocAuc(unsupervisedScores, labels),
      prAuc: prAuc(unsupervisedScores, labels),
    },
    topFeatures,
  }
}

/**
 * Evaluates {@link ProviderFeatures} against provider labels (`true` = `PotentialFraud` "Yes").
 * Only providers that have both features and a label take part; they are ordered by provider id
 * first, so the result does not depend on the order of `features`.
 *
 * @throws RangeError as {@link evaluateFeatureMatrix}, e.g. when no labelled provider is positive
 */
export function evaluateProviderModel(
  features: readonly ProviderFeatures[],
  labels: ReadonlyMap<string, boolean>,
  options: ModelOptions = {}
): ProviderModelReport {
  const labelled = features
    .filter((entry) => labels.has(entry.provider))
    .sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0))
  return evaluateFeatureMatrix(
    {
      names: PROVIDER_FEATURE_SPECS.map((spec) => spec.name),
      kinds: PROVIDER_FEATURE_SPECS.map((spec) => spec.kind),
      rows: labelled.map((entry) => PROVIDER_FEATURE_SPECS.map((spec) => entry[spec.name])),
      labels: labelled.map((entry) => labels.get(entry.provider)!),
    },
    options
  )
}
