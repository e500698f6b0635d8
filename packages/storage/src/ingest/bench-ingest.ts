// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { FEE_LIST_D } from '@yibao/domain'
import type { Database } from '../database.js'
import { codeCheckerFromSets } from './code-checker.js'
import type { ImportProgress, ImportReport } from './import-report.js'
import { importNhsaDir } from './import-nhsa-dir.js'
import { writeSyntheticNhsaFiles } from './write-synthetic-nhsa-files.js'

/** What to measure. */
export interface BenchIngestOptions {
  /** A migrated database; the benchmark adds its records (ids prefixed per run) and keeps them. */
  readonly db: Database
  /**
   * Directory with the extract. Default: a temporary directory with a synthetic extract of
   * `encounters × linesPerEncounter` fee lines, removed afterwards.
   */
  readonly dir?: string
  /** Default 20 000. */
  readonly encounters?: number
  /** Default 50 (so 1 M fee lines by default). */
  readonly linesPerEncounter?: number
  readonly onProgress?: (progress: ImportProgress) => void
}

/** Measured rates. */
export interface BenchIngestResult {
  /** Fee lines imported. */
  readonly rows: number
  /** Seconds `importNhsaDir` took for the whole extract (all tables). */
  readonly seconds: number
  /** Fee lines per second of `importNhsaDir`. */
  readonly rowsPerSecond: number
  /**
   * Rows per second of a plain `COPY … (FORMAT csv, HEADER)` of the same `fee_list_d.csv` into a
   * table with the file's columns (text) and the id as primary key.
   */
  readonly rawCopyRowsPerSecond: number
  readonly rawCopySeconds: number
  /** `rowsPerSecond / rawCopyRowsPerSecond`. */
  readonly ratio: number
  /**
   * Rows per second of a COPY of the imported fee lines (PostgreSQL text) into an empty table
   * like `fee_line` (typed columns, primary key and its two indexes): the write the import
   * cannot avoid.
   */
  readonly targetCopyRowsPerSecond: number
  readonly report: ImportReport
}

function csvHeader(file: string): string[] {
  const fd = fs.openSync(file, 'r')
  try {
    const buf = Buffer.alloc(64 * 1024)
    const n = fs.readSync(fd, buf, 0, buf.length, 0)
    const line = buf.subarray(0, n).toString('utf8').split('\n')[0] ?? ''
    return line.split(',').map((s) => s.trim().replace(/^"|"$/g, ''))
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * Measures `importNhsaDir` against a raw COPY of the same fee-line CSV (the lead's
 * `npm run bench -- ingest`).
 *
 * @returns fee lines per second of the import, of the raw COPY, and their ratio
 * @example
 * ```ts
 * const r = await benchIngest({ db })
 * console.log(`${r.rowsPerSecond.toFixed(0)} lines/s = ${r.ratio.toFixed(2)} × raw COPY`)
 * ```
 */
export async function benchIngest(options: BenchIngestOptions): Promise<BenchIngestResult> {
  const { db } = options
  const ownDir = options.dir === undefined
  const dir = options.dir ?? (await fs.promises.mkdtemp(path.join(os.tmpdir(), 'yibao-bench-')))
  try {
    const feeFile = path.join(dir, `${FEE_LIST_D.name}.csv`)
    if (!fs.existsSync(feeFile)) {
      await writeSyntheticNhsaFiles(dir, {
        encounters: options.encounters ?? 20_000,
        linesPerEncounter: options.linesPerEncounter ?? 50,
        idPrefix: `B${randomBytes(3).toString('hex')}`,
      })
    }
    const columns = csvHeader(feeFile).map((c) => c.toLowerCase())
    const raw = `bench_raw_${randomBytes(4).toString('hex')}`
    await db.exec(
      `CREATE TABLE ${raw} (${columns.map((c) => `${c} text`).join(', ')}, PRIMARY KEY (${FEE_LIST_D.key}))`
    )
    let rawRows = 0
    let rawCopySeconds = 0
    try {
      const rawStart = performance.now()
      rawRows = await db.copyFrom(raw, columns, fs.createReadStream(feeFile), {
        format: 'csv',
        header: true,
      })
      rawCopySeconds = (performance.now() - rawStart) / 1000
    } finally {
      await db.exec(`DROP TABLE ${raw}`)
    }
    const start = performance.now()
    const report = await importNhsaDir(db, dir, {
      codes: codeCheckerFromSets({}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    })
    const seconds = (performance.now() - start) / 1000
    if (report.status !== 'imported') {
      throw new Error(`benchmark import ${report.status}: ${report.issues[0]?.message ?? ''}`)
    }
    const rows = report.tables[FEE_LIST_D.name]?.added ?? 0
    const rowsPerSecond = rows / seconds
    const rawCopyRowsPerSecond = rawRows / rawCopySeconds

    const like = `bench_target_${randomBytes(4).toString('hex')}`
    const textFile = path.join(dir, 'bench-fee-line.txt')
    await pipeline(
      Readable.from(db.copyTo(`SELECT * FROM fee_line WHERE import_batch = ${report.batchId}`)),
      fs.createWriteStream(textFile)
    )
    await db.exec(`CREATE TABLE ${like} (LIKE fee_line INCLUDING ALL)`)
    let targetCopySeconds = 0
    try {
      const columns = (
        await db.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'fee_line'
           ORDER BY ordinal_position`
        )
      ).map((r) => r.column_name)
      const t = performance.now()
      await db.copyFrom(like, columns, fs.createReadStream(textFile))
      targetCopySeconds = (performance.now() - t) / 1000
    } finally {
      await db.exec(`DROP TABLE ${like}`)
      await fs.promises.rm(textFile, { force: true })
    }
    return {
      targetCopyRowsPerSecond: rows / targetCopySeconds,
      rows,
      seconds,
      rowsPerSecond,
      rawCopyRowsPerSecond,
      rawCopySeconds,
      ratio: rowsPerSecond / rawCopyRowsPerSecond,
      report,
    }
  } finally {
    if (ownDir) await fs.promises.rm(dir, { recursive: true, force: true })
  }
}
