// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { Transaction } from '@electric-sql/pglite'
import type { CopyData, Database, Queryable, ReleaseLock, Row, SqlValue } from './database.js'
import { copyFromSql } from './copy-from-sql.js'
import { OID, parseDateText, parseInt8, parseTimestamptz, SESSION_SETTINGS } from './pg-values.js'
import { acquirePgliteDirLock } from './pglite-dir-lock.js'

type PGliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction

async function collect(data: CopyData): Promise<Blob> {
  if (typeof data === 'string' || data instanceof Uint8Array) return new Blob([data])
  const parts: (string | Uint8Array)[] = []
  for await (const chunk of data as AsyncIterable<string | Uint8Array>) parts.push(chunk)
  return new Blob(parts)
}

function queryable(db: PGliteLike): Queryable {
  return {
    async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
      const r = await db.query<T>(sql, params as unknown[])
      return r.rows
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql)
    },
    async copyFrom(table, columns, data, options): Promise<number> {
      const blob = await collect(data)
      const r = await db.query(copyFromSql(table, columns, `'/dev/blob'`, options), [], { blob })
      return r.affectedRows ?? 0
    },
    async *copyTo(query: string): AsyncIterable<Uint8Array> {
      const r = await db.query(`COPY (${query}) TO '/dev/blob'`)
      if (r.blob) yield new Uint8Array(await r.blob.arrayBuffer())
    },
  }
}

/**
 * Opens (creating when needed) a PGlite database in `<dir>/pg`. PGlite runs PostgreSQL in
 * WebAssembly on the calling thread, so long statements block it: batch jobs keep statements
 * short or run in a worker.
 *
 * Only one process may open a data directory at a time: `<dir>/pglite.lock` holds the owner's
 * pid, is removed on `close()` and is taken over when its process is gone. Opening a directory
 * that a live process holds throws an `OutcomeError` (conflict).
 *
 * @param dir - data directory, e.g. `./.yibao`
 */
export async function openPglite(dir: string): Promise<Database> {
  const root = path.resolve(dir)
  const dataDir = path.join(root, 'pg')
  fs.mkdirSync(dataDir, { recursive: true })
  const dirLock = acquirePgliteDirLock(root)
  let pg: PGlite
  try {
    pg = await PGlite.create(dataDir, {
      parsers: {
        [OID.int8]: parseInt8,
        [OID.date]: parseDateText,
        [OID.timestamptz]: parseTimestamptz,
      },
    })
    await pg.exec(SESSION_SETTINGS)
  } catch (err) {
    dirLock.release()
    throw err
  }
  // PGlite is a single connection in a single process, so job locks are held in memory.
  const held = new Set<string>()
  const base = queryable(pg)
  return {
    kind: 'pglite',
    location: dataDir,
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction((tx) => fn(queryable(tx)))
    },
    tryLock(name: string): Promise<ReleaseLock | undefined> {
      if (held.has(name)) return Promise.resolve(undefined)
      held.add(name)
      return Promise.resolve(() => {
        held.delete(name)
        return Promise.resolve()
      })
    },
    async listen(channel, onNotify): Promise<() => Promise<void>> {
      const stop = await pg.listen(channel, onNotify)
      // One connection in this process: nothing can be missed after this point.
      onNotify(null)
      return async () => {
        if (!pg.closed) await stop()
      }
    },
    async close(): Promise<void> {
      try {
        if (!pg.closed) await pg.close()
      } finally {
        dirLock.release()
      }
    },
  }
}
