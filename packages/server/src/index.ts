// SPDX-License-Identifier: Apache-2.0
export * from './app.js'
export * from './code-checker.js'
export * from './config.js'
export * from './error-handler.js'
export type { Health } from './routes/health.js'
