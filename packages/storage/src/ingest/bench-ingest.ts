// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { FEE_LIST_D, NHSA_TABLES } from '@yibao/domain'
import type { Database } from '../database.js'
import { codeCheckerFromSets } from './code-checker.js'
import type { ImportProgress, ImportReport } from './import-report.js'
import { importNhsaDir } from './import-nhsa-dir.js'
import { writeSyntheticNhsaFiles } from './write-synthetic-nhsa-files.js'

/** What to measure. */
export interface BenchIngestOptions {
  /** A migrated database; the benchmark adds its records and keeps them. */
  readonly db: Database
  /**
   * Directory with the extract (all five tables or a subset with `fee_list_d`). Default: a
   * temporary synthetic extract of `encounters × linesPerEncounter` fee lines, removed afterwards.
   */
  readonly dir?: string
  /** Default 20 000. */
  readonly encounters?: number
  /** Default 50 (so 1 M fee lines by default). */
  readonly linesPerEncounter?: number
  readonly onProgress?: (progress: ImportProgress) => void
}

/** Measured rates. All rates are fee lines per second. */
export interface BenchIngestResult {
  /** Fee lines imported. */
  readonly rows: number
  /** Seconds `importNhsaDir` took for the fee-line file (read, validate, check, load). */
  readonly seconds: number
  readonly rowsPerSecond: number
  /**
   * Raw COPY of the same `fee_list_d.csv` (CSV, header) into a table with the file's columns as
   * text and the id as primary key: no conversion, no validation, one index.
   */
  readonly rawCopyRowsPerSecond: number
  readonly rawCopySeconds: number
  /** `rowsPerSecond / rawCopyRowsPerSecond`. */
  readonly ratio: number
  /**
   * Raw COPY of the same rows, already converted, into an empty table like `fee_line` (typed
   * columns, primary key and secondary indexes): the write an import cannot avoid.
   */
  readonly targetCopyRowsPerSecond: number
  /** `rowsPerSecond / targetCopyRowsPerSecond`. */
  readonly targetRatio: number
  /** Seconds spent importing the encounters, settlements and lists the fee lines refer to. */
  readonly setupSeconds: number
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

/** Moves the files of the tables other than `fee_list_d` into their own directory. */
function splitExtract(dir: string, work: string): { setupDir: string; feeDir: string } {
  const setupDir = path.join(work, 'setup')
  const feeDir = path.join(work, 'fee')
  fs.mkdirSync(setupDir, { recursive: true })
  fs.mkdirSync(feeDir, { recursive: true })
  for (const file of fs.readdirSync(dir)) {
    const table = NHSA_TABLES.find((t) => file.startsWith(`${t.name}.`))
    if (!table) continue
    const target = table.name === FEE_LIST_D.name ? feeDir : setupDir
    fs.symlinkSync(path.join(dir, file), path.join(target, file))
  }
  return { setupDir, feeDir }
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000
}

/**
 * Measures fee-line ingest (`npm run bench -- ingest`): the encounters, settlements and lists of
 * the extract are imported first (untimed setup), then the timed import of `fee_list_d` alone is
 * set next to two raw COPY rates of the same rows: as-is into a text table, and converted into a
 * table shaped like `fee_line`.
 *
 * @returns fee lines per second of the import and of both raw COPYs, and the ratios
 * @example
 * ```ts
 * const r = await benchIngest({ db, dir: './extract' })
 * console.log(`${r.rowsPerSecond.toFixed(0)} lines/s = ${r.targetRatio.toFixed(2)} × raw COPY`)
 * ```
 */
export async function benchIngest(options: BenchIngestOptions): Promise<BenchIngestResult> {
  const { db } = options
  const work = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'yibao-bench-'))
  try {
    const source = options.dir ?? path.join(work, 'synthetic')
    if (options.dir === undefined) {
      fs.mkdirSync(source)
      await writeSyntheticNhsaFiles(source, {
        encounters: options.encounters ?? 20_000,
        linesPerEncounter: options.linesPerEncounter ?? 50,
        idPrefix: `B${randomBytes(3).toString('hex')}`,
      })
    }
    const feeFile = path.join(source, `${FEE_LIST_D.name}.csv`)
    if (!fs.existsSync(feeFile)) throw new Error(`${feeFile} 不存在`)
    const { setupDir, feeDir } = splitExtract(source, work)
    const codes = codeCheckerFromSets({})
    const progress = options.onProgress ? { onProgress: options.onProgress } : {}

    const setupStart = performance.now()
    const setup = await importNhsaDir(db, setupDir, { codes, ...progress })
    if (setup.status !== 'imported' && setup.status !== 'unchanged') {
      throw new Error(`benchmark setup ${setup.status}: ${setup.issues[0]?.message ?? ''}`)
    }
    const setupSeconds = seconds(setupStart)

    // Raw COPY 1: the file as it is, into text columns with the id as primary key.
    const columns = csvHeader(feeFile).map((c) => c.toLowerCase())
    const raw = `bench_raw_${randomBytes(4).toString('hex')}`
    await db.exec(
      `CREATE TABLE ${raw} (${columns.map((c) => `${c} text`).join(', ')}, PRIMARY KEY (${FEE_LIST_D.key}))`
    )
    let rawRows = 0
    let rawCopySeconds = 0
    try {
      const t = performance.now()
      rawRows = await db.copyFrom(raw, columns, fs.createReadStream(feeFile), {
        format: 'csv',
        header: true,
      })
      rawCopySeconds = seconds(t)
    } finally {
      await db.exec(`DROP TABLE ${raw}`)
    }

    const start = performance.now()
    const report = await importNhsaDir(db, feeDir, { codes, ...progress })
    const importSeconds = seconds(start)
    if (report.status !== 'imported') {
      throw new Error(`benchmark import ${report.status}: ${report.issues[0]?.message ?? ''}`)
    }
    const rows = report.tables[FEE_LIST_D.name]?.added ?? 0

    // Raw COPY 2: the same rows, converted, into an empty table shaped like fee_line.
    const like = `bench_target_${randomBytes(4).toString('hex')}`
    const textFile = path.join(work, 'bench-fee-line.txt')
    await pipeline(
      Readable.from(db.copyTo(`SELECT * FROM fee_line WHERE import_batch = ${report.batchId}`)),
      fs.createWriteStream(textFile)
    )
    await db.exec(`CREATE TABLE ${like} (LIKE fee_line INCLUDING ALL)`)
    let targetCopySeconds = 0
    try {
      const targetColumns = (
        await db.query<{ column_name: string }>(
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'fee_line'
           ORDER BY ordinal_position`
        )
      ).map((r) => r.column_name)
      const t = performance.now()
      await db.copyFrom(like, targetColumns, fs.createReadStream(textFile))
      targetCopySeconds = seconds(t)
    } finally {
      await db.exec(`DROP TABLE ${like}`)
    }
    const rowsPerSecond = rows / importSeconds
    const rawCopyRowsPerSecond = rawRows / rawCopySeconds
    const targetCopyRowsPerSecond = rows / targetCopySeconds
    return {
      rows,
      seconds: importSeconds,
      rowsPerSecond,
      rawCopyRowsPerSecond,
      rawCopySeconds,
      ratio: rowsPerSecond / rawCopyRowsPerSecond,
      targetCopyRowsPerSecond,
      targetRatio: rowsPerSecond / targetCopyRowsPerSecond,
      setupSeconds,
      report,
    }
  } finally {
    await fs.promises.rm(work, { recursive: true, force: true })
  }
}
