// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { PGlite } from '@electric-sql/pglite'
import type { Transaction } from '@electric-sql/pglite'
import type { Database, Queryable, Row, SqlValue } from './database.js'
import { OID, parseDateText, parseInt8, parseTimestamptz, SESSION_SETTINGS } from './pg-values.js'

type PGliteLike = Pick<PGlite, 'query' | 'exec'> | Transaction

async function collect(
  data: string | Uint8Array | AsyncIterable<string | Uint8Array> | Readable
): Promise<Blob> {
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
    async copyFrom(table, columns, data): Promise<number> {
      const blob = await collect(data)
      const r = await db.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], {
        blob,
      })
      return r.affectedRows ?? 0
    },
    async *copyTo(query: string): AsyncIterable<Uint8Array> {
      const r = await db.query(`COPY (${query}) TO '/dev/blob'`)
      if (r.blob) yield new Uint8Array(await r.blob.arrayBuffer())
    },
  }
}

/**
 * Opens (creating when needed) a PGlite database in `dir`. PGlite runs PostgreSQL in
 * WebAssembly on the calling thread, so long statements block it: batch jobs keep statements
 * short or run in a worker.
 *
 * @param dir - data directory, e.g. `./.yibao`
 */
export async function openPglite(dir: string): Promise<Database> {
  const dataDir = path.resolve(dir, 'pg')
  fs.mkdirSync(dataDir, { recursive: true })
  const pg = await PGlite.create(dataDir, {
    parsers: {
      [OID.int8]: parseInt8,
      [OID.date]: parseDateText,
      [OID.timestamptz]: parseTimestamptz,
    },
  })
  await pg.exec(SESSION_SETTINGS)
  const base = queryable(pg)
  return {
    kind: 'pglite',
    location: dataDir,
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return pg.transaction((tx) => fn(queryable(tx)))
    },
    async close(): Promise<void> {
      await pg.close()
    },
  }
}
