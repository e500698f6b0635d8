// SPDX-License-Identifier: Apache-2.0
import type { Readable } from 'node:stream'

/** A value that can be bound as a query parameter (arrays bind as PostgreSQL arrays). */
export type SqlValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | Date
  | Uint8Array
  | readonly string[]
  | readonly number[]

/** A row as returned by a query: column name → value. */
export type Row = Record<string, unknown>

/** The data `copyFrom` accepts: one string or buffer, or a stream of them. */
export type CopyData = string | Uint8Array | AsyncIterable<string | Uint8Array> | Readable

/** How `copyFrom` data is written. */
export interface CopyOptions {
  /**
   * `text` (default): PostgreSQL text format, tab-separated, `\N` for null (see `copy-text.ts`).
   * `csv`: comma-separated, double-quoted where needed, empty unquoted field for null.
   */
  format?: 'text' | 'csv'
  /** CSV only: the first line is a header and is skipped. Default false. */
  header?: boolean
}

/** How one statement is run. */
export interface QueryOptions {
  /**
   * The text is one of a few fixed statements run again and again (the real-time path): on
   * PostgreSQL it is prepared once per connection and then bound and executed in one round trip,
   * instead of being parsed, described and planned on every call. Leave it off for text that
   * varies, or each variant stays prepared on every connection. PGlite ignores it.
   */
  readonly prepare?: boolean
}

/** Gives up a lock taken with `Database.tryLock`. */
export type ReleaseLock = () => Promise<void>

/**
 * The narrow database interface every yibao repository uses. Two implementations:
 * PGlite in a data directory (the zero-setup default) and a PostgreSQL server (`DATABASE_URL`).
 * Both speak the PostgreSQL 15 subset of SQL; the same migrations and tests run on both.
 */
export interface Queryable {
  /** Runs one statement with `$1…$n` parameters and returns its rows. */
  query<T extends Row = Row>(
    sql: string,
    params?: readonly SqlValue[],
    options?: QueryOptions
  ): Promise<T[]>
  /** Runs one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>
  /**
   * Bulk-loads rows with `COPY table (columns) FROM STDIN`. `data` is text-format COPY data
   * (tab-separated, `\N` for null, escaped per PostgreSQL rules) unless `options.format` is
   * `csv`.
   *
   * @param table - target table
   * @param columns - the columns, in the order the data has them
   * @param data - the rows
   * @param options - format (`text` by default) and CSV header
   * @returns the number of rows copied
   */
  copyFrom(
    table: string,
    columns: readonly string[],
    data: CopyData,
    options?: CopyOptions
  ): Promise<number>
  /**
   * Streams the text-format COPY output of `COPY (query) TO STDOUT`.
   */
  copyTo(query: string): AsyncIterable<Uint8Array>
}

/** An open database. */
export interface Database extends Queryable {
  /** `pglite` or `postgres`. */
  readonly kind: 'pglite' | 'postgres'
  /** Human-readable location: the data directory or the server URL without password. */
  readonly location: string
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Nothing half-written survives a failure or a crash.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>
  /**
   * Takes the exclusive lock `name` without waiting: a PostgreSQL session advisory lock on a
   * dedicated connection, or an in-process lock on PGlite (whose data directory belongs to one
   * process only). Use `withLock` rather than calling this directly.
   *
   * @returns the release function, or `undefined` when someone else holds the lock
   */
  tryLock(name: string): Promise<ReleaseLock | undefined>
  /**
   * Calls `onNotify` with the payload of every `NOTIFY` on `channel`, from any session, once the
   * notifying transaction commits; and with `null` whenever notifications may have been missed
   * (when listening starts, and each time the listening connection is made again), so that a
   * listener keeping derived state can drop it.
   *
   * @returns a function that stops listening
   */
  listen(channel: string, onNotify: (payload: string | null) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}
