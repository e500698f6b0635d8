// SPDX-License-Identifier: Apache-2.0
import net from 'node:net'
import { Readable } from 'node:stream'
import { finished, pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import type {
  CopyData,
  Database,
  Queryable,
  QueryOptions,
  ReleaseLock,
  Row,
  SqlValue,
} from './database.js'
import { copyFromSql } from './copy-from-sql.js'
import { OID, parseDateText, parseInt8, parseTimestamptz } from './pg-values.js'

type Sql = postgres.Sql | postgres.TransactionSql

function toReadable(data: CopyData): Readable {
  if (data instanceof Readable) return data
  if (typeof data === 'string' || data instanceof Uint8Array) return Readable.from([data])
  return Readable.from(data)
}

/**
 * postgres.js pauses its socket when a COPY stream's buffer is full and resumes it from the
 * stream's `read()`. When the last data and the end of the COPY arrive in the same socket chunk
 * after such a pause, `read()` is never called again and the pooled connection hangs for every
 * later query (porsager/postgres#499). Calling the stream's read hook once it has ended resumes
 * the socket; on a socket that is not paused it does nothing.
 */
function resumeCopySocket(readable: Readable): void {
  ;(readable as unknown as { _read(size: number): void })._read(0)
}

/** The parts of a postgres.js `Query` that `watchCopyCompletion` hooks. */
interface CopyQuery {
  resolve: (result: unknown) => void
  reject: (err: unknown) => void
}

/**
 * The outcome of a `COPY … FROM STDIN` as the server reports it. postgres.js settles the query's
 * promise with the stream as soon as the COPY starts, so the server's final answer is otherwise
 * lost: an error (a duplicate key, a bad value) reported after the stream has ended never
 * reaches the caller and the stream waits forever. Its query object calls `resolve` a second
 * time with the result (`COPY n`) or `reject` with the error; both are observed here.
 */
function watchCopyCompletion(query: CopyQuery): Promise<number> {
  const { resolve, reject } = query
  let started = false
  const completed = new Promise<number>((done, fail) => {
    query.resolve = (result: unknown) => {
      if (!started) {
        started = true
        resolve(result)
        return
      }
      done((result as { count?: number | null }).count ?? 0)
    }
    query.reject = (err: unknown) => {
      reject(err)
      fail(err instanceof Error ? err : new Error('COPY 失败', { cause: err }))
    }
  })
  completed.catch(() => undefined)
  return completed
}

function queryable(sql: Sql): Queryable {
  return {
    async query<T extends Row = Row>(
      text: string,
      params: readonly SqlValue[] = [],
      options: QueryOptions = {}
    ): Promise<T[]> {
      // postgres.js prepares no `unsafe` statement unless asked to.
      const rows = await sql.unsafe(text, params as postgres.ParameterOrJSON<never>[], {
        prepare: options.prepare ?? false,
      })
      return Array.from(rows) as unknown as T[]
    },
    async exec(text: string): Promise<void> {
      await sql.unsafe(text).simple()
    },
    async copyFrom(table, columns, data, options = {}): Promise<number> {
      const query = sql.unsafe(copyFromSql(table, columns, 'STDIN', options))
      const completed = watchCopyCompletion(query as unknown as CopyQuery)
      const writable = await query.writable()
      const piped = pipeline(toReadable(data), writable)
      piped.catch(() => undefined)
      // Whichever fails first; on success the server's `COPY n` row count.
      const [, count] = await Promise.all([piped, completed])
      return count
    },
    async *copyTo(query: string): AsyncIterable<Uint8Array> {
      const readable = await sql.unsafe(`COPY (${query}) TO STDOUT`).readable()
      try {
        for await (const chunk of readable.iterator({ destroyOnReturn: false })) {
          yield chunk as Uint8Array
        }
      } finally {
        // A consumer that stops early: read the rest, so the connection sees the end of COPY.
        if (!readable.readableEnded) {
          readable.resume()
          await finished(readable).catch(() => undefined)
        }
        resumeCopySocket(readable)
      }
    },
  }
}

/** Connection options postgres.js passes to a socket factory. */
interface SocketOptions {
  host: string[]
  port: number[]
  path?: string | false
}

/**
 * Opens the TCP (or Unix) socket of a connection with Nagle's algorithm off. postgres.js writes
 * the end of a `COPY … FROM STDIN` as a small separate packet; with Nagle on, it waits for the
 * server's delayed acknowledgement and every COPY takes 40 ms more.
 */
async function connectSocket(options: SocketOptions): Promise<net.Socket> {
  const targets: net.NetConnectOpts[] = options.path
    ? [{ path: options.path }]
    : options.host.map((host, i) => ({ host, port: options.port[i] ?? options.port[0] ?? 5432 }))
  let lastError: unknown
  for (const target of targets) {
    try {
      return await new Promise<net.Socket>((resolve, reject) => {
        const socket = net.connect(target)
        socket.setNoDelay(true)
        socket.once('connect', () => {
          socket.off('error', reject)
          resolve(socket)
        })
        socket.once('error', reject)
      })
    } catch (err) {
      lastError = err
    }
  }
  throw lastError
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
    // `socket` is supported by postgres.js but missing from its type definitions.
    ...({ socket: connectSocket } as object),
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
  try {
    // Connect now, so that a wrong URL or a server that is down fails here, not at first use.
    await sql.unsafe('SELECT 1')
  } catch (err) {
    await sql.end({ timeout: 1 })
    throw err
  }
  const base = queryable(sql)
  return {
    kind: 'postgres',
    location: redactUrl(url),
    ...base,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      return (await sql.begin((tx) => fn(queryable(tx)))) as T
    },
    async listen(channel, onNotify): Promise<() => Promise<void>> {
      // postgres.js listens on a connection of its own and calls `onlisten` each time that
      // connection is (re)made: notifications sent while it was down are lost.
      const request = await sql.listen(channel, onNotify, () => {
        onNotify(null)
      })
      return () => request.unlisten()
    },
    async tryLock(name: string): Promise<ReleaseLock | undefined> {
      // A session advisory lock belongs to one connection, so the lock keeps a connection of the
      // pool reserved until it is released.
      const conn = await sql.reserve()
      try {
        const [row] = await conn.unsafe<{ ok: boolean }[]>(
          `SELECT pg_try_advisory_lock(hashtext('yibao'), hashtext($1)) AS ok`,
          [name]
        )
        if (row?.ok !== true) {
          conn.release()
          return undefined
        }
      } catch (err) {
        conn.release()
        throw err
      }
      let released = false
      return async () => {
        if (released) return
        released = true
        try {
          await conn.unsafe(`SELECT pg_advisory_unlock(hashtext('yibao'), hashtext($1))`, [name])
        } finally {
          conn.release()
        }
      }
    },
    async close(): Promise<void> {
      await sql.end({ timeout: 5 })
    },
  }
}
