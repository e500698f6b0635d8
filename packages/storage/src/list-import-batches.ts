// SPDX-License-Identifier: Apache-2.0
import type { Timestamp } from '@yibao/domain'
import type { Queryable } from './database.js'

/** One import run, as recorded in `import_batch`. */
export interface ImportBatch {
  readonly id: number
  /** Where the data came from: a directory, a file, `api`. */
  readonly source: string
  /** What was imported, e.g. `nhsa-files`, `settlement-api`. */
  readonly kind: string
  readonly startedAt: Timestamp
  readonly finishedAt: Timestamp | null
  readonly status: string
  /** Rows per table or outcome, as the importer recorded them. */
  readonly counts: Record<string, unknown>
}

/**
 * The latest import runs, newest first.
 *
 * @param db - the database
 * @param limit - at most this many (default 50)
 * @returns the import batches
 */
export async function listImportBatches(db: Queryable, limit = 50): Promise<ImportBatch[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, source, kind, started_at, finished_at, status, counts
     FROM import_batch ORDER BY id DESC LIMIT $1`,
    [Math.max(0, Math.floor(limit))]
  )
  return rows.map((r) => ({
    id: Number(r['id']),
    source: r['source'] as string,
    kind: r['kind'] as string,
    startedAt: r['started_at'] as Timestamp,
    finishedAt: (r['finished_at'] as Timestamp | null) ?? null,
    status: r['status'] as string,
    counts: (r['counts'] as Record<string, unknown> | null) ?? {},
  }))
}
