// SPDX-License-Identifier: Apache-2.0
import type { Database } from './database.js'
import { openPglite } from './pglite-database.js'
import { openPostgres } from './postgres-database.js'

/** Where the database lives. */
export interface DatabaseOptions {
  /** PostgreSQL server URL. When set, PGlite is not used. */
  url?: string | undefined
  /** PGlite data directory (default `./.yibao`). */
  dir?: string | undefined
}

/**
 * Opens the system of record: PostgreSQL when a URL is given, otherwise PGlite in a data
 * directory. Does not migrate; call `migrate` next.
 *
 * @example
 * ```ts
 * const db = await openDatabase({ dir: './.yibao' })
 * await migrate(db)
 * ```
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.url) return openPostgres(options.url)
  return openPglite(options.dir ?? './.yibao')
}
