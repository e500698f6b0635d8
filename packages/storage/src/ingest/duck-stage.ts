// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import type { DuckDBConnection } from '@duckdb/node-api'

let shared: Promise<DuckDBInstance> | undefined

// One in-memory DuckDB per process: every import works in its own connection with TEMP tables
// only, so concurrent imports never see each other's staging. Only the built-in extensions are
// used and auto-install is off (an offline box would otherwise wait for a download first).
function instance(): Promise<DuckDBInstance> {
  shared ??= DuckDBInstance.create(':memory:', {
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    temp_directory: path.join(os.tmpdir(), `yibao-duckdb-${process.pid}`),
  })
  return shared
}

const unescapeMacro = String.raw`CREATE OR REPLACE TEMP MACRO yb_unescape(s) AS
  CASE WHEN s IS NULL OR strpos(s, '\') = 0 THEN s
  ELSE array_to_string(list_transform(string_split(s, '\\'), p ->
    replace(replace(replace(replace(replace(replace(p,
      '\t', chr(9)), '\n', chr(10)), '\r', chr(13)), '\b', chr(8)), '\f', chr(12)), '\v', chr(11))
  ), '\') END`

/**
 * The DuckDB side of one import: a connection with TEMP tables and a scratch folder for the files moved between DuckDB and PostgreSQL. Close it when done.
 */
export class DuckStage {
  /** Tail of the statements issued so far: one connection runs one statement at a time. */
  private tail: Promise<unknown> = Promise.resolve()

  private constructor(
    private readonly conn: DuckDBConnection,
    /** Scratch folder, removed by `close`. */
    readonly dir: string
  ) {}

  /** Opens a connection to the shared in-process DuckDB and a scratch folder. */
  static async open(): Promise<DuckStage> {
    const conn = await (await instance()).connect()
    await conn.run(`LOAD parquet; SET enable_progress_bar = true;
      SET enable_progress_bar_print = false`)
    await conn.run(unescapeMacro)
    const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'yibao-ingest-'))
    return new DuckStage(conn, dir)
  }

  /**
   * Runs `fn` after every statement issued before it has finished, so that callers working
   * concurrently (a load exporting pieces while validation runs) share the connection safely.
   */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn, fn)
    this.tail = result.catch(() => undefined)
    return result
  }

  /** A path inside the scratch folder. */
  file(name: string): string {
    return path.join(this.dir, name)
  }

  /** Runs statements. */
  async run(sql: string): Promise<void> {
    await this.serial(() => this.conn.run(sql))
  }

  /** Runs a query and returns its rows as plain objects (BIGINT as number). */
  async rows<T extends Record<string, unknown>>(sql: string): Promise<T[]> {
    const reader = await this.serial(() => this.conn.runAndReadAll(sql))
    return reader.getRowObjectsJS().map((row) => {
      const out: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'bigint' ? Number(v) : v
      return out as T
    })
  }

  /** The first column of the first row as a number. */
  async count(sql: string): Promise<number> {
    const [row] = await this.rows(sql)
    return row ? Number(Object.values(row)[0] ?? 0) : 0
  }

  /**
   * Runs a long statement, reporting DuckDB's progress (`done` of `total`, DuckDB's units) about
   * four times a second; an abort signal interrupts it.
   */
  async runWithProgress(
    sql: string,
    report: (done: number, total: number) => void,
    signal?: AbortSignal
  ): Promise<void> {
    await this.serial(async () => {
      const timer = setInterval(() => {
        const p = this.conn.progress
        if (p.percentage >= 0) report(Number(p.rows_processed), Number(p.total_rows_to_process))
      }, 250)
      const abort = (): void => {
        this.conn.interrupt()
      }
      signal?.addEventListener('abort', abort)
      try {
        await this.conn.run(sql)
      } finally {
        clearInterval(timer)
        signal?.removeEventListener('abort', abort)
      }
    })
  }

  /** Appends rows of strings (null for NULL) to a TEMP table. */
  async append(table: string, rows: readonly (readonly (string | null)[])[]): Promise<void> {
    if (rows.length === 0) return
    await this.serial(async () => {
      const appender = await this.conn.createAppender(table, 'main', 'temp')
      for (const row of rows) {
        for (const v of row) {
          if (v === null) appender.appendNull()
          else appender.appendVarchar(v)
        }
        appender.endRow()
      }
      appender.closeSync()
    })
  }

  /** Closes the connection and removes the scratch folder. */
  async close(): Promise<void> {
    await this.tail
    this.conn.closeSync()
    await fs.promises.rm(this.dir, { recursive: true, force: true })
  }
}
