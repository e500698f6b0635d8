// SPDX-License-Identifier: Apache-2.0
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import type { Database, Queryable, Row, SqlValue } from './database.js'
import { OID, parseDateText, parseInt8, parseTimestamptz } from './pg-values.js'

type Sql = postgres.Sql | postgres.TransactionSql

function toReadable(
  data: string | Uint8Array | AsyncIterable<string | Uint8Array> | Readable
): Readable {
  if (data instanceof Readable) return data
  if (typeof data === 'string' || data instanceof Uint8Array) return Readable.from([data])
  return Readable.from(data)
}

function queryable(sql: Sql): Queryable {
  return {
    async query<T extends Row = Row>(text: string, params: readonly SqlValue[] = []): Promise<T[]> {
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[])
      return Array.from(rows) as unknown as T[]
    },
    async exec(text: string): Promise<void> {
      await sql.unsafe(text).simple()
    },
    async copyFrom(table, columns, data): Promise<number> {
      const writable = await sql
        .unsafe(`COPY ${table} (${columns.join(', ')}) FROM STDIN`)
        .writable()
      // postgres.js does not report the COPY row count. In text format every row ends with one
      // newline byte (newlines inside values are escaped), so counting them counts rows.
      let rows = 0
      const counted = toReadable(data).map((chunk: string | Uint8Array) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
        for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) rows++
        return bytes
      })
      await pipeline(counted, writable)
      return rows
    },
    async *copyTo(query: string): AsyncIterable<Uint8Array> {
      const readable = await sql.unsafe(`COPY (${query}) TO STDOUT`).readable()
      for await (const chunk of readable) yield chunk as Uint8Array
    },
  }
}

/** Password-free form of a connection URL, for logs and health output. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url)
    if (u.password) u.password = '***'
    return u.toString()
  } catch {
    return 'postgres://…'
  }
}

/**
 * Connects to a PostgreSQL server.
 *
 * @param url - `postgres://user:password@host:port/db`
 */
export async function openPostgres(url: string): Promise<Database> {
  const sql = postgres(url, {
    max: 4,
    onnotice: () => undefined,
    connection: { TimeZone: 'Asia/Shanghai', DateStyle: 'ISO, YMD' },
    types: {
      int8: {
        to: OID.int8,
        from: [OID.int8],
        serialize: (x: number) => String(x),
        parse: parseInt8,
      },
      dateText: {
        to: OID.date,
        from: [OID.date],
        serialize: (x: string) => x,
        parse: parseDateText,
      },
      tstz: {
        to: OID.timestamptz,
        from: [OID.timestamptz],
        serialize: (x: string) => x,
        parse: parseTimestamptz,
      },
    },
  })
  const base = queryable(sql)
  return {
    kind: 'postgres',
    location: redactUrl(url),
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return (await sql.begin((tx) => fn(queryable(tx)))) as T
    },
    async close(): Promise<void> {
      await sql.end({ timeout: 5 })
    },
  }
}
