// SPDX-License-Identifier: Apache-2.0
export * from './access.js'
export * from './review/finding-state.js'
export * from './review/review-policy.js'
export * from './review/sampling.js'
export * from './review/funnel-report.js'
export * from './staff/qualification.js'
export * from './inspection/draw.js'
export * from './inspection/plan-document.js'
