// SPDX-License-Identifier: Apache-2.0
export * from './load-screening-data.js'
export * from './run-screening.js'
export * from './screening-reads.js'
