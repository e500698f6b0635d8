// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import type { Database } from './database.js'
import type { RecordTable } from './record-tables.js'
import { RECORD_KINDS, RECORD_TABLES, recordKeyOrder } from './record-tables.js'
import { sqlLiteral } from './sql-literal.js'

/** Rows per `COPY` on PGlite, which buffers a whole `COPY … TO` result in memory. */
const PGLITE_PAGE_ROWS = 100_000

function keyColumns(table: RecordTable): RecordTable['columns'] {
  return table.key.map((k) => table.columns.find((c) => c.column === k)!)
}

function keyTuple(table: RecordTable, row: Record<string, unknown>): string {
  return `(${keyColumns(table)
    .map((c) => sqlLiteral(row[c.column], c.kind))
    .join(', ')})`
}

/**
 * The canonical `SELECT` of a record table's content: every record column (no bookkeeping such
 * as `import_batch`), in primary-key order with text compared byte-wise.
 */
function contentQuery(table: RecordTable, where = ''): string {
  const columns = table.columns.map((c) => c.column).join(', ')
  return `SELECT ${columns} FROM ${table.table}${where} ORDER BY ${recordKeyOrder(table)}`
}

/** Streams one table's canonical content on PGlite in pages bounded by key (keyset paging). */
async function* pagedContent(db: Database, table: RecordTable): AsyncIterable<Uint8Array> {
  const keys = `(${table.key.join(', ')})`
  let lower = ''
  for (;;) {
    const [boundary] = await db.query(
      `SELECT ${table.key.join(', ')} FROM ${table.table}${lower}` +
        ` ORDER BY ${recordKeyOrder(table)} OFFSET ${PGLITE_PAGE_ROWS - 1} LIMIT 1`
    )
    const upper = boundary === undefined ? '' : `${keys} <= ${keyTuple(table, boundary)}`
    const where = [lower.replace(' WHERE ', ''), upper].filter((w) => w !== '').join(' AND ')
    yield* db.copyTo(contentQuery(table, where === '' ? '' : ` WHERE ${where}`))
    if (boundary === undefined) return
    lower = ` WHERE ${keys} > ${keyTuple(table, boundary)}`
  }
}

/**
 * A sha256 (hex) of the content of every record table: each table's name followed by its rows
 * in COPY text format, in primary-key order (`COLLATE "C"`), without bookkeeping columns. The
 * same records give the same checksum on PGlite and on PostgreSQL, whatever order or batches
 * they were loaded in; any changed value changes it.
 *
 * @param db - the database
 * @returns 64 hex digits
 */
export async function contentChecksum(db: Database): Promise<string> {
  const hash = createHash('sha256')
  for (const kind of RECORD_KINDS) {
    const table = RECORD_TABLES[kind] as RecordTable
    hash.update(`\0${table.table}\n`)
    const content = db.kind === 'pglite' ? pagedContent(db, table) : db.copyTo(contentQuery(table))
    for await (const chunk of content) hash.update(chunk)
  }
  return hash.digest('hex')
}
