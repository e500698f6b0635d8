// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { createGunzip } from 'node:zlib'
import type { DuckStage } from './duck-stage.js'
import type { IngestIssue, ImportProgress } from './import-report.js'
import { INGEST_TABLES } from './ingest-tables.js'
import { ident, lit } from './ingest-sql.js'
import { fileLocator } from './staged-input.js'
import type { StagedInput, StagedTable } from './staged-input.js'

const EXTENSIONS = ['.csv', '.csv.gz', '.parquet'] as const

function normalize(header: string): string {
  return header
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
}

/** The first line of a (possibly gzipped) text file, without BOM and line end. */
async function firstLine(file: string): Promise<string> {
  const raw = fs.createReadStream(file, { highWaterMark: 64 * 1024 })
  const stream = file.endsWith('.gz') ? raw.pipe(createGunzip()) : raw
  let text = ''
  try {
    for await (const chunk of stream) {
      text += (chunk as Buffer).toString('utf8')
      if (text.includes('\n') || text.length > 1 << 20) break
    }
  } finally {
    raw.destroy()
  }
  return (text.split('\n')[0] ?? '').replace(/^\uFEFF/, '').replace(/\r$/, '')
}

/** Splits a CSV header line: the delimiter is whichever of , tab | ; occurs most. */
function splitHeader(line: string): { delim: string; names: string[] } {
  const delim = [',', '\t', '|', ';']
    .map((d) => ({ d, n: line.split(d).length }))
    .reduce((a, b) => (b.n > a.n ? b : a)).d
  const names: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"'
        i++
      } else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"') quoted = true
    else if (ch === delim) {
      names.push(cur)
      cur = ''
    } else cur += ch
  }
  names.push(cur)
  return { delim, names }
}

/**
 * Reads the NHSA extract files of `dir` (`mdtrt_d`, `setl_d`, `fee_list_d`, `setl_list_diag_d`,
 * `setl_list_oprn_d` with extension `.csv`, `.csv.gz` or `.parquet`) into DuckDB TEMP tables
 * `raw_<table>`: every value as text, row numbers from 1 (data rows, header not counted),
 * columns matched by national name or alias (case-insensitive), extra columns ignored.
 * A missing required column or an unreadable file is reported as an issue of the whole file.
 */
export async function stageNhsaFiles(
  stage: DuckStage,
  dir: string,
  report: (p: ImportProgress) => void = () => undefined,
  signal?: AbortSignal
): Promise<StagedInput> {
  const names = await fs.promises.readdir(dir)
  const tables = new Map<string, StagedTable>()
  const issues: IngestIssue[] = []
  const fileIssue = (table: string, file: string, field: string, message: string): void => {
    const locate = fileLocator(file)
    issues.push({
      kind: 'rejected',
      table,
      source: file,
      row: null,
      field,
      path: locate.path(null, field),
      message,
    })
  }
  for (const t of INGEST_TABLES) {
    if (t.parent) continue
    const files = names.filter((n) => EXTENSIONS.some((e) => n === t.name + e))
    if (files.length === 0) continue
    if (files.length > 1) {
      fileIssue(
        t.name,
        files.join('、'),
        '',
        `${files.join('、')}: 同一张表 ${t.name} 有多个文件，请只保留一个`
      )
      continue
    }
    const file = files[0]!
    const full = path.join(dir, file)
    signal?.throwIfAborted()
    report({ stage: 'read', table: t.name })
    const parquet = file.endsWith('.parquet')
    let reader: string
    let described: { column_name: string; column_type: string }[]
    try {
      if (parquet) {
        reader = `read_parquet(${lit(full)})`
        described = await stage.rows(`DESCRIBE SELECT * FROM ${reader}`)
      } else {
        // The header is read here and the dialect given explicitly, so DuckDB does not sniff
        // (which costs more than reading a small file). Columns are named by position.
        const { delim, names: header } = splitHeader(await firstLine(full))
        described = header.map((h, i) => ({ column_name: h, column_type: `c${i}` }))
        const cols = header.map((_, i) => `'c${i}': 'VARCHAR'`).join(', ')
        reader = `read_csv(${lit(full)}, auto_detect = false, header = true, delim = ${lit(delim)},
          quote = '"', escape = '"', columns = {${cols}})`
      }
    } catch (err) {
      fileIssue(t.name, file, '', `${file}: 无法读取：${(err as Error).message.split('\n')[0]}`)
      continue
    }
    const byName = new Map<string, { column_name: string; column_type: string }>()
    for (const d of described) {
      const n = normalize(d.column_name)
      if (!byName.has(n)) byName.set(n, d)
    }
    const select: string[] = []
    for (const c of t.columns) {
      const found = [c.name, ...(c.aliases ?? [])].map((n) => byName.get(n)).find((d) => d)
      if (!found) {
        if (c.required) {
          fileIssue(t.name, file, c.name, `${file}: 缺少必填列 ${c.name}（${c.label}）`)
        }
        select.push(`NULL::VARCHAR AS ${ident(c.name)}`)
        continue
      }
      const ref = ident(parquet ? found.column_name : found.column_type)
      // Binary floating point from a Parquet writer is shown with 6 decimals, so that an amount
      // like 12.3 reads as 12.300000 (valid) and 12.345 stays invalid as money.
      const text =
        parquet && /^(FLOAT|DOUBLE|REAL)$/.test(found.column_type)
          ? `CAST(CAST(${ref} AS DECIMAL(38, 6)) AS VARCHAR)`
          : `CAST(${ref} AS VARCHAR)`
      select.push(`${text} AS ${ident(c.name)}`)
    }
    const raw = ident(`raw_${t.name}`)
    try {
      // The rowid of a freshly created table follows the file order (insertion order is
      // preserved), which numbers the data rows.
      await stage.runWithProgress(
        `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT ${select.join(', ')} FROM ${reader}`,
        (rows, total) => {
          report({ stage: 'read', table: t.name, rows, total })
        },
        signal
      )
    } catch (err) {
      signal?.throwIfAborted()
      fileIssue(t.name, file, '', `${file}: 无法读取：${(err as Error).message.split('\n')[0]}`)
      continue
    }
    const rows = await stage.count(`SELECT count(*) FROM ${raw}`)
    report({ stage: 'read', table: t.name, rows, total: rows })
    tables.set(t.name, { name: t.name, rows, locate: fileLocator(file) })
  }
  return { kind: 'nhsa-files', source: path.resolve(dir), tables, issues }
}
