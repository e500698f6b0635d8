// SPDX-License-Identifier: Apache-2.0

/**
 * Provider-level fraud evaluation on the Kaggle "Healthcare Provider Fraud Detection" data:
 * ranking metrics, a streaming feature builder and a cross-validated model. Pure — reading the
 * files is left to the caller.
 */
export { prAuc, rocAuc } from './metrics.js'
export type {
  AcceptedRows,
  FeatureKind,
  FeatureSpec,
  KaggleClaimKind,
  KaggleRow,
  ProviderFeatureName,
  ProviderFeatures,
} from './provider-features.js'
export {
  kaggleDay,
  kaggleValue,
  PROVIDER_FEATURE_SPECS,
  ProviderFeatureBuilder,
} from './provider-features.js'
export type {
  AucPair,
  FeatureMatrix,
  FeatureWeight,
  ModelOptions,
  ProviderModelReport,
} from './provider-model.js'
export { evaluateFeatureMatrix, evaluateProviderModel, stratifiedFolds } from './provider-model.js'
