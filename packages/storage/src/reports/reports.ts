// SPDX-License-Identifier: Apache-2.0
export * from './report-vault.js'
export * from './report-policy-store.js'
export * from './intake-report.js'
export * from './handle-report.js'
export * from './report-rewards.js'
export * from './report-reads.js'
export * from './report-test-calendar.js'
