// SPDX-License-Identifier: Apache-2.0
import type { Queryable, SqlValue } from './database.js'
import type { RecordKind, RecordTable, RecordTypes } from './record-tables.js'
import {
  RECORD_TABLES,
  recordKeyOrder,
  recordSelectList,
  recordsFromRows,
} from './record-tables.js'

/** Options of `readRecords`. */
export interface ReadRecordsOptions {
  /** Extra condition on the table's columns, e.g. `admdvs = $1`. */
  where?: string | undefined
  /** Parameters of `where`. */
  params?: readonly SqlValue[] | undefined
  /** At most this many records. */
  limit?: number | undefined
}

/**
 * Reads records of one kind in canonical (primary-key, byte-wise) order. Meant for reference
 * tables (institutions, staff, price caps) and tests; persons and their claims are read with
 * `streamPersonChunks`, `readPersonHistory` and `readEncounter`.
 *
 * @param db - the database
 * @param kind - the record kind, e.g. `institutions`
 * @param options - condition and limit
 * @returns the records
 */
export async function readRecords<K extends RecordKind>(
  db: Queryable,
  kind: K,
  options: ReadRecordsOptions = {}
): Promise<RecordTypes[K][]> {
  const table = RECORD_TABLES[kind] as RecordTable<K>
  const where = options.where === undefined ? '' : ` WHERE ${options.where}`
  const limit =
    options.limit === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(options.limit))}`
  const rows = await db.query(
    `SELECT ${recordSelectList(table)} FROM ${table.table}${where}` +
      ` ORDER BY ${recordKeyOrder(table)}${limit}`,
    options.params ?? []
  )
  return recordsFromRows(table, rows)
}
