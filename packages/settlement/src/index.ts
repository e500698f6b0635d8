// SPDX-License-Identifier: Apache-2.0
export * from './basis-points.js'
export type * from './benefit-policy.js'
export * from './care-type.js'
export * from './settle-encounter.js'
export * from './year-to-date.js'
export * from './example-policies.js'
export * from './policy-document.js'
export * from './reimbursement-rates.js'
