// SPDX-License-Identifier: Apache-2.0
export * from './demo-options.js'
export * from './demo-plan.js'
export * from './generate-region.js'
export type * from './injector.js'
export * from './injector-registry.js'
export * from './random.js'
export * from './settle-encounter.js'
export * from './write-nhsa-csv.js'
