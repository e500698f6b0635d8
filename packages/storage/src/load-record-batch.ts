// SPDX-License-Identifier: Apache-2.0
import { conflict, badRequest, OutcomeError } from '@yibao/domain'
import type { Database, Queryable } from './database.js'
import type { RecordBatch } from './record-batch.js'
import type { RecordKind, RecordTable, RecordTypes } from './record-tables.js'
import { RECORD_KINDS, RECORD_TABLES } from './record-tables.js'
import { recordsToCopyText } from './records-to-copy-text.js'

/** Rows written per record kind. */
export type RecordLoadCounts = Record<RecordKind, number>

/** Progress of `loadRecordBatch`: reported after each table is copied. */
export interface RecordLoadProgress {
  readonly kind: RecordKind
  readonly table: string
  readonly rows: number
}

/** Options of `loadRecordBatch`. */
export interface LoadRecordBatchOptions {
  /** Called after each table of the batch is copied (inside the transaction). */
  onProgress?: ((progress: RecordLoadProgress) => void) | undefined
}

/** The records of one kind in a batch, as an array. */
function recordsOf<K extends RecordKind>(batch: RecordBatch, kind: K): readonly RecordTypes[K][] {
  const value = batch[kind] as RecordTypes[K] | readonly RecordTypes[K][] | undefined
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? (value as readonly RecordTypes[K][]) : [value as RecordTypes[K]]
}

/** PostgreSQL error fields the message needs (both drivers expose them). */
interface PgError {
  code?: string
  detail?: string
  message?: string
}

async function copyKind<K extends RecordKind>(
  tx: Queryable,
  table: RecordTable<K>,
  records: readonly RecordTypes[K][]
): Promise<number> {
  let chunks: Uint8Array[]
  try {
    chunks = recordsToCopyText(table, records)
  } catch (err) {
    throw new OutcomeError(badRequest((err as Error).message, table.table), err)
  }
  try {
    return await tx.copyFrom(
      table.table,
      table.columns.map((c) => c.column),
      chunks.length === 1 ? chunks[0]! : iterate(chunks)
    )
  } catch (err) {
    const e = err as PgError
    const detail = e.detail ?? e.message ?? String(err)
    if (e.code === '23505') {
      throw new OutcomeError(conflict(`${table.label}重复：${detail}`, table.table), err)
    }
    if (e.code?.startsWith('22') || e.code?.startsWith('23')) {
      throw new OutcomeError(
        badRequest(`${table.label}写入 ${table.table} 失败：${e.message ?? detail}`, table.table),
        err
      )
    }
    throw err
  }
}

const EMPTY = new Uint8Array(0)

// eslint-disable-next-line @typescript-eslint/require-await
async function* iterate(chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
  // Releases each chunk once sent, so a large batch is not held twice.
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i]!
    chunks[i] = EMPTY
    yield chunk
  }
}

/**
 * Writes a batch of records with one `COPY` per non-empty kind, all in ONE transaction: a crash
 * or a bad record leaves nothing of the batch behind. Records must be new (a key that exists
 * already is a conflict); referenced records come first in the load order, so one batch may hold
 * an institution and the encounters at it.
 *
 * @param db - the database
 * @param batch - the records
 * @param options - progress callback
 * @returns rows written per kind (0 for kinds absent from the batch); throws an `OutcomeError`
 *   (conflict for a duplicate key, invalid for a value the column refuses)
 * @example
 * ```ts
 * for (const batch of generateRegion(pack, options)) await loadRecordBatch(db, batch)
 * ```
 */
export async function loadRecordBatch(
  db: Database,
  batch: RecordBatch,
  options: LoadRecordBatchOptions = {}
): Promise<RecordLoadCounts> {
  const counts = Object.fromEntries(RECORD_KINDS.map((k) => [k, 0])) as RecordLoadCounts
  const present = RECORD_KINDS.filter((k) => recordsOf(batch, k).length > 0)
  if (present.length === 0) return counts
  await db.transaction(async (tx) => {
    for (const kind of present) {
      const table = RECORD_TABLES[kind] as RecordTable
      const rows = await copyKind(tx, table, recordsOf(batch, kind))
      counts[kind] = rows
      options.onProgress?.({ kind, table: table.table, rows })
    }
  })
  return counts
}
