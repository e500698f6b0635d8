// SPDX-License-Identifier: Apache-2.0
import type { ValueKind } from './copy-text.js'

/**
 * A SQL literal for a value read back from the database, for statements that take no
 * parameters (`COPY (query) TO`). Text is single-quoted with quotes doubled
 * (`standard_conforming_strings` is on in every supported server).
 *
 * @param value - the value as a driver returned it
 * @param kind - the column's value kind
 * @returns the literal, e.g. `'a''b'`, `'2025-01-02'::date`, `42`, `NULL`
 */
export function sqlLiteral(value: unknown, kind: ValueKind): string {
  if (value === null || value === undefined) return 'NULL'
  const quoted = `'${(typeof value === 'string' ? value : JSON.stringify(value)).replaceAll("'", "''")}'`
  switch (kind) {
    case 'text':
      return quoted
    case 'date':
      return `${quoted}::date`
    case 'timestamp':
      return `${quoted}::timestamptz`
    case 'int':
    case 'fen':
    case 'price':
    case 'quantity':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value)
      return `${quoted}::numeric`
    case 'bool':
      return value === true ? 'true' : 'false'
    default:
      kind satisfies never
      throw new Error(`unknown value kind ${String(kind)}`)
  }
}
