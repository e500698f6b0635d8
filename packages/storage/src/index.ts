// SPDX-License-Identifier: Apache-2.0
export type * from './database.js'
export * from './migrate.js'
export * from './open-database.js'
export { redactUrl } from './postgres-database.js'
