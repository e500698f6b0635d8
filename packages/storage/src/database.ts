// SPDX-License-Identifier: Apache-2.0
import type { Readable } from 'node:stream'

/** A value that can be bound as a query parameter. */
export type SqlValue = string | number | bigint | boolean | null | Date | Uint8Array

/** A row as returned by a query: column name → value. */
export type Row = Record<string, unknown>

/**
 * The narrow database interface every yibao repository uses. Two implementations:
 * PGlite in a data directory (the zero-setup default) and a PostgreSQL server (`DATABASE_URL`).
 * Both speak the PostgreSQL 15 subset of SQL; the same migrations and tests run on both.
 */
export interface Queryable {
  /** Runs one statement with `$1…$n` parameters and returns its rows. */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>
  /** Runs one or more statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>
  /**
   * Bulk-loads rows with `COPY table (columns) FROM STDIN` in PostgreSQL text format.
   * `data` is text-format COPY data (tab-separated, `\N` for null, escaped per PostgreSQL rules).
   *
   * @returns the number of rows copied
   */
  copyFrom(
    table: string,
    columns: readonly string[],
    data: string | Uint8Array | AsyncIterable<string | Uint8Array> | Readable
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
  close(): Promise<void>
}
