// SPDX-License-Identifier: Apache-2.0
import type { Queryable } from './database.js'
import { parseTimestamptz } from './pg-values.js'
import type { RecordKind, RecordTable, RecordTypes } from './record-tables.js'
import { RECORD_TABLES } from './record-tables.js'
import type { ValueKind } from './copy-text.js'

const ESCAPED = /\\(.)/g
const UNESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', b: '\b', f: '\f', v: '\v' }

function unescapeField(field: string): string {
  return field.includes('\\') ? field.replace(ESCAPED, (_, c: string) => UNESCAPES[c] ?? c) : field
}

/**
 * A field's value from PostgreSQL's text output of it (COPY, or a cast to `text`), converted by
 * its kind exactly as the drivers convert query results.
 */
function fieldFromText(kind: ValueKind, raw: string): unknown {
  switch (kind) {
    case 'text':
    case 'date':
      return raw
    case 'timestamp':
      return parseTimestamptz(raw)
    case 'int':
    case 'fen':
    case 'price':
    case 'quantity':
      return Number(raw)
    case 'bool':
      // COPY writes `t` / `f`, a cast to text `true` / `false`.
      return raw === 't' || raw === 'true'
  }
}

/**
 * Records from rows of text values (null for NULL) in `table.columns` order, as
 * `recordTextArray` selects them.
 *
 * @param table - the record table
 * @param rows - each row's values as text
 */
export function recordsFromTextRows<K extends RecordKind>(
  table: RecordTable<K>,
  rows: readonly (readonly (string | null)[])[]
): RecordTypes[K][] {
  const columns = table.columns
  return rows.map((row) => {
    const record: Record<string, unknown> = {}
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i]!
      const raw = row[i]
      record[c.field] = raw === null || raw === undefined ? null : fieldFromText(c.kind, raw)
    }
    return record as unknown as RecordTypes[K]
  })
}

/**
 * A record table's columns as one text array (`ARRAY[x.a::text, x.b::text, …]`), in
 * `table.columns` order, for `recordsFromTextRows`.
 *
 * @param table - the record table
 * @param alias - table alias
 */
export function recordTextArray(table: RecordTable, alias: string): string {
  return `ARRAY[${table.columns.map((c) => `${alias}.${c.column}::text`).join(', ')}]`
}

/**
 * Parses COPY text output whose columns are `table.columns` in order into records, converting
 * each field by its kind exactly as the drivers do for query results.
 *
 * @param table - the record table
 * @param text - the COPY text output (whole rows)
 * @returns the records
 */
export function recordsFromCopyText<K extends RecordKind>(
  table: RecordTable<K>,
  text: string
): RecordTypes[K][] {
  const columns = table.columns
  const n = columns.length
  const records: RecordTypes[K][] = []
  let pos = 0
  const end = text.length
  while (pos < end) {
    let lineEnd = text.indexOf('\n', pos)
    if (lineEnd < 0) lineEnd = end
    const record: Record<string, unknown> = {}
    for (let i = 0; i < n; i++) {
      let fieldEnd = i === n - 1 ? lineEnd : text.indexOf('\t', pos)
      if (fieldEnd < 0 || fieldEnd > lineEnd) fieldEnd = lineEnd
      const raw = text.slice(pos, fieldEnd)
      pos = fieldEnd + 1
      const c = columns[i]!
      record[c.field] = raw === '\\N' ? null : fieldFromText(c.kind, unescapeField(raw))
    }
    pos = lineEnd + 1
    records.push(record as unknown as RecordTypes[K])
  }
  return records
}

/**
 * Runs a query with `COPY (query) TO` and parses its rows into records: several times faster
 * than row-by-row results for thousands of rows (PGlite decodes each field of a query result in
 * JavaScript). The query must select `table.columns` in order (`recordCopyColumns`) and takes no
 * parameters (inline values with `sqlLiteral`).
 *
 * @param db - the database
 * @param kind - the record kind
 * @param query - the SELECT
 * @returns the records in the query's order
 */
export async function copyRecords<K extends RecordKind>(
  db: Queryable,
  kind: K,
  query: string
): Promise<RecordTypes[K][]> {
  const table = RECORD_TABLES[kind] as RecordTable<K>
  const chunks: Uint8Array[] = []
  for await (const chunk of db.copyTo(query)) chunks.push(chunk)
  return recordsFromCopyText(table, Buffer.concat(chunks).toString('utf8'))
}

/**
 * The select list of a record table's columns in `table.columns` order, for `copyRecords`.
 *
 * @param table - the record table
 * @param alias - table alias
 */
export function recordCopyColumns(table: RecordTable, alias: string): string {
  return table.columns.map((c) => `${alias}.${c.column}`).join(', ')
}
