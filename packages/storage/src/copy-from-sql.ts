// SPDX-License-Identifier: Apache-2.0
import type { CopyOptions } from './database.js'

/**
 * The `COPY … FROM` statement both drivers send.
 *
 * @param table - target table
 * @param columns - target columns in data order
 * @param source - `STDIN` (server) or `'/dev/blob'` (PGlite)
 * @param options - text (default) or CSV, CSV header
 * @returns the SQL text
 */
export function copyFromSql(
  table: string,
  columns: readonly string[],
  source: string,
  options: CopyOptions = {}
): string {
  const { format = 'text', header = false } = options
  const sql = `COPY ${table} (${columns.join(', ')}) FROM ${source}`
  if (format === 'text') return sql
  return `${sql} WITH (FORMAT csv${header ? ', HEADER true' : ''})`
}
