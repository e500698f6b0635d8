// SPDX-License-Identifier: Apache-2.0
// The one validation and load pipeline behind file imports and the settlement API. Input is
// staged in DuckDB (raw_<table>: one VARCHAR per national column, in input order); from the NHSA mapping
// it generates the parsing, the checks and the output, looks up in PostgreSQL only keys (and,
// rarely, the stored rows whose ids come again), and COPYs the new rows straight into the
// target tables in one transaction.
import fs from 'node:fs'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { NhsaColumn } from '@yibao/domain'
import type { Database, Queryable } from '../database.js'
import type { CodeChecker } from './code-checker.js'
import { copyFileInto } from './copy-file-into.js'
import type { DuckStage } from './duck-stage.js'
import type { ImportReport, IngestIssue, ImportProgress } from './import-report.js'
import { DERIVED_RECORDS, INGEST_TABLES, ENCOUNTER_TABLE } from './ingest-tables.js'
import type { DerivedRecord, IngestTable, OutColumn } from './ingest-tables.js'
import {
  canonicalDuck,
  canonicalPg,
  copyTextDuck,
  displayCanonical,
  duckType,
  expectedFormat,
  ident,
  lit,
  parseSql,
  PG_TEXT_WRITE,
  readPgText,
  src,
  val,
} from './ingest-sql.js'
import { ROW_RULES } from './row-rules.js'
import type { StagedInput, StagedTable } from './staged-input.js'

/** Options of an ingest run. */
export interface IngestOptions {
  /** Knowledge-pack lookup: unknown codes are kept and flagged. */
  readonly codes: CodeChecker
  /** Called at every step and every loaded piece (≈ 16 MB), often enough for a progress bar. */
  readonly onProgress?: (progress: ImportProgress) => void
  /** Aborts the import; nothing is written. */
  readonly signal?: AbortSignal
  /** Issues listed in the report (default 1000); the count is always complete. */
  readonly maxIssues?: number
}

const CODE_KIND_LABELS = {
  item: '医保目录',
  diagnosis: '诊断编码',
  procedure: '手术操作编码',
  drg: 'CHS-DRG 分组目录',
}

/** Thrown inside the load transaction to roll it back when records are rejected. */
class IngestStop extends Error {
  constructor(readonly status: 'rejected' | 'conflict') {
    super(status)
  }
}

interface Present {
  readonly table: IngestTable
  readonly staged: StagedTable
  readonly ord: number
}

const typed = (t: { name: string }): string => ident(`typed_${t.name}`)
const parsed = (t: { name: string }): string => ident(`parsed_${t.name}`)
const outView = (t: { name: string }): string => ident(`out_${t.name}`)
const outAll = (t: { name: string }): string => ident(`outall_${t.name}`)

function fieldPos(table: IngestTable, c: NhsaColumn): number {
  return table.columns.findIndex((x) => x.name === c.name)
}

// The typed form is a view (`typed_<t>`): the lookups read a few columns of it, parsing only
// those. The whole rows are parsed once, piece by piece, into `parsed_<t>` (see `Pieces`): the
// load exports each piece from there and the validation checks it in the gaps of the load.
async function createTyped(stage: DuckStage, t: IngestTable): Promise<void> {
  const srcCols = t.columns
    .map((c) => `NULLIF(trim(CAST(${ident(c.name)} AS VARCHAR)), '') AS ${src(c)}`)
    .join(',\n')
  const vals = t.columns
    .filter((c) => c.type !== 'text')
    .map((c) => `, ${parseSql(c.type, src(c))} AS ${val(c)}`)
    .join('\n')
  await stage.run(`CREATE OR REPLACE TEMP VIEW ${typed(t)} AS
    SELECT * ${vals} FROM (SELECT rowid + 1 AS __row, ${srcCols} FROM ${ident(`raw_${t.name}`)})`)
  await stage.run(`CREATE OR REPLACE TEMP TABLE ${parsed(t)} AS SELECT * FROM ${typed(t)} LIMIT 0`)
}

/** Fills `parsed_<t>` from `typed_<t>` piece by piece, each piece once, when first needed. */
class Pieces {
  private readonly filled = new Map<number, Promise<void>>()
  constructor(
    private readonly stage: DuckStage,
    private readonly p: Present
  ) {}

  /** How many pieces the table has. */
  get count(): number {
    return Math.ceil(this.p.staged.rows / LOAD_CHUNK_ROWS)
  }

  /** Resolves when piece `k` is in `parsed_<t>`. */
  ensure(k: number): Promise<void> {
    let done = this.filled.get(k)
    if (!done) {
      const t = this.p.table
      done = this.stage.run(
        `INSERT INTO ${parsed(t)} SELECT * FROM ${typed(t)} WHERE ${pieceRange(k)}`
      )
      done.catch(() => undefined)
      this.filled.set(k, done)
    }
    return done
  }

  /** Resolves when every piece is in `parsed_<t>`. */
  async all(): Promise<void> {
    for (let k = 0; k < this.count; k++) await this.ensure(k)
  }
}

/** Builds `view` over a typed table with one column per storage column. */
async function createOut(
  stage: DuckStage,
  owner: string,
  from: string,
  out: readonly OutColumn[],
  key: NhsaColumn,
  view: string,
  where = 'true',
  valuesFrom = from
): Promise<void> {
  const joins: string[] = []
  const exprs: string[] = []
  for (const [i, oc] of out.entries()) {
    const v = oc.value
    switch (v.kind) {
      case 'column':
        exprs.push(
          v.col.default === undefined
            ? val(v.col)
            : `coalesce(${val(v.col)}, ${parseSql(v.col.type, lit(String(v.col.default)))})`
        )
        break
      case 'mapped': {
        const xf = ident(`xf_${owner}_${i}`)
        const values = await stage.rows<{ s: string }>(
          `SELECT DISTINCT coalesce(${src(v.col)}, '') AS s FROM ${valuesFrom}`
        )
        await stage.run(`CREATE OR REPLACE TEMP TABLE ${xf} (src VARCHAR, dst VARCHAR)`)
        await stage.append(
          `xf_${owner}_${i}`,
          values.map(({ s }) => [s, v.fn(s)])
        )
        joins.push(`LEFT JOIN ${xf} x${i} ON x${i}.src = coalesce(${src(v.col)}, '')`)
        exprs.push(`CAST(x${i}.dst AS ${duckType(oc.type)})`)
        break
      }
      case 'coalesce':
        exprs.push(`coalesce(${[...v.cols.map(val), lit(v.fallback)].join(', ')})`)
        break
      case 'seq':
        exprs.push(
          `CAST(row_number() OVER (PARTITION BY ${val(v.partition)} ORDER BY __row) AS INTEGER)`
        )
        break
      case 'const':
        exprs.push(`CAST(${lit(v.value)} AS ${duckType(oc.type)})`)
        break
      default:
        v satisfies never
    }
  }
  const cols = out.map((oc, i) => `${exprs[i]!} AS ${ident(oc.column)}`).join(',\n')
  await stage.run(`CREATE OR REPLACE TEMP VIEW ${view} AS
    SELECT __row, ${val(key)} AS __key, ${cols} FROM ${from} ${joins.join(' ')} WHERE ${where}`)
}

/** Rows per exported piece, and per validation statement run between two pieces. */
const LOAD_CHUNK_ROWS = 200_000

/** `__row` in the `k`-th piece of {@link LOAD_CHUNK_ROWS} rows. */
function pieceRange(k: number): string {
  return `__row > ${k * LOAD_CHUNK_ROWS} AND __row <= ${(k + 1) * LOAD_CHUNK_ROWS}`
}

/**
 * The validation of one table as statements adding to `issues`: the per-row checks, one
 * statement per piece of rows, and the duplicate-id check.
 */
function validationSql(
  stage: DuckStage,
  p: Present,
  pieces: Pieces
): { rows: (() => Promise<void>)[]; duplicates: () => Promise<void> } {
  const t = p.table
  const checks: { cond: string; fpos: number; field: string; detail: string }[] = []
  for (const [i, c] of t.columns.entries()) {
    if (c.required && c.default === undefined) {
      checks.push({ cond: `${src(c)} IS NULL`, fpos: i, field: c.name, detail: `'必填，不能为空'` })
    }
    if (c.type !== 'text') {
      checks.push({
        cond: `${src(c)} IS NOT NULL AND ${val(c)} IS NULL`,
        fpos: i,
        field: c.name,
        detail: `'不是有效的${expectedFormat(c.type)}：“' || left(${src(c)}, 40) || '”'`,
      })
    }
  }
  for (const r of ROW_RULES.filter((x) => x.table === t.name)) {
    checks.push({ cond: r.when, fpos: fieldPos(t, r.field), field: r.field.name, detail: r.detail })
  }
  const items = checks
    .map(
      (k) =>
        `CASE WHEN ${k.cond} THEN {'fpos': ${k.fpos}, 'field': ${lit(k.field)}, 'detail': ${k.detail}} END`
    )
    .join(',\n')
  const any = checks.map((k) => `coalesce(${k.cond}, false)`).join(' OR ')
  const rows: (() => Promise<void>)[] = []
  for (let k = 0; k < pieces.count; k++) {
    rows.push(async () => {
      await pieces.ensure(k)
      await stage.run(`INSERT INTO issues
        SELECT 'rejected', ${p.ord}, ${lit(t.name)}, __row, e.fpos, e.field, e.detail, NULL
        FROM (SELECT __row, unnest(list_filter([${items}], x -> x IS NOT NULL)) AS e
              FROM ${parsed(t)} WHERE ${pieceRange(k)} AND (${any}))`)
    })
  }

  // Duplicate ids inside the input: every later occurrence is rejected, naming the first.
  const group = [t.parent?.column, t.key].filter((c) => c !== undefined).map((c) => src(c))
  const duplicates = (): Promise<void> =>
    stage.run(`INSERT INTO issues
    SELECT 'rejected', ${p.ord}, ${lit(t.name)}, x.__row, ${fieldPos(t, t.key)}, ${lit(t.key.name)},
      ${lit(t.key.label + ' “')} || x.${src(t.key)} || '” 重复，与{ref}相同', d.first
    FROM ${typed(t)} x JOIN (
      SELECT ${group.join(', ')}, min(__row) AS first FROM ${typed(t)}
      WHERE ${group.map((g) => `${g} IS NOT NULL`).join(' AND ')}
      GROUP BY ALL HAVING count(*) > 1
    ) d USING (${group.join(', ')})
    WHERE x.__row <> d.first`)
  return { rows, duplicates }
}

/**
 * DuckDB statements run in the gaps of the load: the load issues one after each exported piece
 * (while PostgreSQL copies the previous one), and {@link finish} issues the rest.
 */
class Deferred {
  private readonly queue: (() => Promise<void>)[] = []
  private readonly issued: Promise<void>[] = []

  add(...steps: (() => Promise<void>)[]): void {
    this.queue.push(...steps)
  }

  /** Issues the next statement, if any. */
  step(): void {
    const next = this.queue.shift()
    if (next === undefined) return
    const run = next()
    run.catch(() => undefined)
    this.issued.push(run)
  }

  /** Issues the remaining statements and waits for all of them. */
  async finish(): Promise<void> {
    while (this.queue.length > 0) this.step()
    await Promise.all(this.issued)
  }
}

/** At most this many stored keys are read to learn that none of the incoming ids is stored. */
const RANGE_PROBE_ROWS = 10_000

/** Per-run helper for PostgreSQL lookups through TEMP tables of keys. */
class KeyLookup {
  private n = 0
  constructor(
    private readonly tx: Queryable,
    private readonly stage: DuckStage,
    private readonly signal?: AbortSignal
  ) {}

  /**
   * COPYs the distinct keys of `keysSql` (DuckDB, one column `k`) into a PostgreSQL TEMP
   * table and brings back, as DuckDB TEMP table `into(k)`, those stored in `target.column`.
   *
   * @returns the PostgreSQL TEMP table holding the keys, for further joins
   */
  async stored(keysSql: string, target: string, column: string, into: string): Promise<string> {
    const pgTable = await this.upload(keysSql)
    await this.fetch(
      `SELECT k.k FROM ${pgTable} k JOIN ${target} t ON t.${column} = k.k`,
      ['k'],
      into
    )
    return pgTable
  }

  /**
   * Brings back, as DuckDB TEMP table `into(k)`, the distinct keys of `keysSql` (one column `k`)
   * that `target.column` does not hold.
   */
  async unstored(keysSql: string, target: string, column: string, into: string): Promise<void> {
    const pgTable = await this.upload(keysSql)
    await this.fetch(
      `SELECT k.k FROM ${pgTable} k
       WHERE NOT EXISTS (SELECT 1 FROM ${target} t WHERE t.${column} = k.k)`,
      ['k'],
      into
    )
  }

  /**
   * Finds the stored keys among those of `keysSql` from the stored keys between their least and
   * greatest (byte order, as PostgreSQL's "C" collation and DuckDB compare): when that range
   * holds at most {@link RANGE_PROBE_ROWS} stored keys and none of them comes again, `into(k)` is
   * created empty and the answer is true, without sending the keys to PostgreSQL. Otherwise the
   * answer is false and nothing is created.
   */
  async noneStoredInRange(
    keysSql: string,
    target: string,
    column: string,
    into: string
  ): Promise<boolean> {
    const [range] = await this.stage.rows<{ lo: string | null; hi: string | null }>(
      `SELECT min(k) AS lo, max(k) AS hi FROM (${keysSql}) WHERE k IS NOT NULL`
    )
    if (range && range.lo !== null && range.hi !== null) {
      const stored = await this.tx.query<{ k: string }>(
        `SELECT ${column} AS k FROM ${target} WHERE ${column} COLLATE "C" BETWEEN $1 AND $2
         LIMIT ${RANGE_PROBE_ROWS + 1}`,
        [range.lo, range.hi]
      )
      if (stored.length > RANGE_PROBE_ROWS) return false
      if (stored.length > 0) {
        const probe = `probe_${++this.n}`
        await this.stage.run(`CREATE OR REPLACE TEMP TABLE ${ident(probe)} (k VARCHAR)`)
        await this.stage.append(
          probe,
          stored.map(({ k }) => [k])
        )
        const again = await this.stage.count(
          `SELECT count(*) FROM (${keysSql}) WHERE k IN (SELECT k FROM ${ident(probe)})`
        )
        if (again > 0) return false
      }
    }
    await this.stage.run(`CREATE OR REPLACE TEMP TABLE ${ident(into)} (k VARCHAR)`)
    return true
  }

  /** COPYs the non-NULL keys of `keysSql` into a new PostgreSQL TEMP table `(k)`. */
  private async upload(keysSql: string): Promise<string> {
    const n = ++this.n
    const keysFile = this.stage.file(`keys-${n}.txt`)
    await this.stage.run(
      `COPY (SELECT ${copyTextDuck('text', 'k')} FROM (${keysSql}) WHERE k IS NOT NULL)
       TO ${lit(keysFile)} ${PG_TEXT_WRITE}`
    )
    const pgTable = `yb_ingest_keys_${n}`
    await this.tx.exec(`CREATE TEMP TABLE ${pgTable} (k text COLLATE "C") ON COMMIT DROP`)
    const rows = await copyFileInto(this.tx, pgTable, ['k'], keysFile, undefined, this.signal)
    if (rows > 10_000) await this.tx.exec(`ANALYZE ${pgTable}`)
    return pgTable
  }

  /** Runs a PostgreSQL query through COPY TO and stores its text columns in DuckDB `into`. */
  async fetch(query: string, columns: readonly string[], into: string): Promise<void> {
    const file = this.stage.file(`fetch-${++this.n}.txt`)
    await pipeline(Readable.from(this.tx.copyTo(query)), fs.createWriteStream(file))
    const defs = columns.map((c) => `${ident(c)} VARCHAR`).join(', ')
    if ((await fs.promises.stat(file)).size === 0) {
      await this.stage.run(`CREATE OR REPLACE TEMP TABLE ${ident(into)} (${defs})`)
      return
    }
    const sel = columns.map((c) => `yb_unescape(${ident(c)}) AS ${ident(c)}`).join(', ')
    await this.stage.run(
      `CREATE OR REPLACE TEMP TABLE ${ident(into)} AS SELECT ${sel} FROM ${readPgText(file, columns)}`
    )
  }
}

/**
 * Looks up in PostgreSQL the encounters, persons and institutions the input names but does not
 * carry; adds to `deferred` the statements reporting those that are not stored either.
 *
 * @returns how many distinct such keys were found (none: no issue will be added)
 */
async function checkReferences(
  stage: DuckStage,
  lookup: KeyLookup,
  present: readonly Present[],
  report: (p: ImportProgress) => void,
  deferred: Deferred
): Promise<number> {
  let unstored = 0
  const mdtrt = present.find((p) => p.table === ENCOUNTER_TABLE)
  const local = mdtrt
    ? `SELECT ${src(mdtrt.table.key)} FROM ${typed(mdtrt.table)} WHERE ${src(mdtrt.table.key)} IS NOT NULL`
    : `SELECT NULL::VARCHAR WHERE false`
  const children = present.filter((p) => p.table.encounterRef !== null)
  if (children.length > 0) {
    report({ stage: 'check', table: ENCOUNTER_TABLE.target })
    const refs = children
      .map((p) => `SELECT ${src(p.table.encounterRef!)} AS k FROM ${typed(p.table)}`)
      .join(' UNION ')
    await stage.run(`CREATE OR REPLACE TEMP TABLE ref_missing AS
      SELECT k FROM (${refs}) WHERE k IS NOT NULL AND k NOT IN (${local})`)
    await lookup.unstored(
      'SELECT k FROM ref_missing',
      ENCOUNTER_TABLE.target,
      ENCOUNTER_TABLE.keyColumn,
      'ref_unstored'
    )
    const n = await stage.count('SELECT count(*) FROM ref_unstored')
    unstored += n
    for (const p of n > 0 ? children : []) {
      const ref = p.table.encounterRef!
      const sql = `INSERT INTO issues
        SELECT 'rejected', ${p.ord}, ${lit(p.table.name)}, __row, ${fieldPos(p.table, ref)},
          ${lit(ref.name)},
          ${lit(ref.label + ' “')} || ${src(ref)} || ${lit(`” 既不在本次导入的 ${ENCOUNTER_TABLE.name} 中，也未存储`)},
          NULL
        FROM ${typed(p.table)}
        WHERE ${src(ref)} IN (SELECT k FROM ref_unstored)`
      deferred.add(() => stage.run(sql))
    }
  }
  if (!mdtrt) return unstored
  // A person or institution named by an encounter must be stored or described in this input.
  for (const rec of DERIVED_RECORDS) {
    report({ stage: 'check', table: rec.target })
    const described = rec.describedBy.map((c) => `${src(c)} IS NOT NULL`).join(' AND ')
    const missing = `missing_${rec.name}`
    await stage.run(`CREATE OR REPLACE TEMP TABLE ${missing} AS
      SELECT DISTINCT ${src(rec.key)} AS k FROM ${typed(mdtrt.table)}
      WHERE ${src(rec.key)} IS NOT NULL AND ${src(rec.key)} NOT IN (
        SELECT ${src(rec.key)} FROM ${typed(mdtrt.table)}
        WHERE ${described} AND ${src(rec.key)} IS NOT NULL)`)
    const notStored = ident(`unstored_${rec.name}`)
    await lookup.unstored(
      `SELECT k FROM ${missing}`,
      rec.target,
      rec.keyColumn,
      `unstored_${rec.name}`
    )
    const n = await stage.count(`SELECT count(*) FROM ${notStored}`)
    unstored += n
    if (n === 0) continue
    const names = rec.describedBy.map((c) => c.name).join('、')
    const sql = `INSERT INTO issues
      SELECT 'rejected', ${mdtrt.ord}, ${lit(mdtrt.table.name)}, __row,
        ${fieldPos(mdtrt.table, rec.key)}, ${lit(rec.key.name)},
        ${lit(rec.key.label + ' “')} || ${src(rec.key)} ||
          ${lit(`” 的${rec.label}未存储，本行也没有提供${rec.label}信息（${names}）`)},
        NULL
      FROM ${typed(mdtrt.table)}
      WHERE ${src(rec.key)} IN (SELECT k FROM ${notStored})`
    deferred.add(() => stage.run(sql))
  }
  return unstored
}

/**
 * Finds stored ids and compares stored rows with the incoming ones; adds issues to `conflicts`
 * (reported only when no record is rejected).
 */
async function checkExisting(
  stage: DuckStage,
  lookup: KeyLookup,
  present: readonly Present[],
  pieces: ReadonlyMap<string, Pieces>,
  report: (p: ImportProgress) => void
): Promise<void> {
  for (const p of present) {
    const t = p.table
    if (t.parent) continue
    report({ stage: 'check', table: t.name, total: p.staged.rows })
    const keys = `SELECT ${src(t.key)} AS k FROM ${typed(t)}`
    const into = `existing_${t.name}`
    if (await lookup.noneStoredInRange(keys, t.target, t.keyColumn, into)) {
      report({ stage: 'check', table: t.name, rows: 0, total: p.staged.rows })
      continue
    }
    const pgKeys = await lookup.stored(keys, t.target, t.keyColumn, into)
    const existing = await stage.count(`SELECT count(*) FROM ${ident(into)}`)
    report({ stage: 'check', table: t.name, rows: existing, total: p.staged.rows })
    if (existing === 0) continue
    await pieces.get(t.name)!.all()
    const compared = t.out.filter((oc) => oc.compare)
    const cols = compared.map((_, i) => `c${i}`)
    await lookup.fetch(
      `SELECT t.${t.keyColumn}, ${compared
        .map((oc) => canonicalPg(oc.type, `t.${oc.column}`))
        .join(', ')}
       FROM ${t.target} t JOIN ${pgKeys} k ON t.${t.keyColumn} = k.k`,
      ['k', ...cols],
      `stored_rows_${t.name}`
    )
    const items = compared
      .map((oc, i) => {
        const incoming = canonicalDuck(oc.type, `o.${ident(oc.column)}`)
        const nat = oc.value.kind === 'column' || oc.value.kind === 'mapped' ? oc.value.col : null
        const field = nat?.name ?? oc.column
        return `CASE WHEN s.c${i} IS DISTINCT FROM ${incoming} THEN {
          'fpos': ${nat ? fieldPos(t, nat) : 999}, 'field': ${lit(field)},
          'detail': '与已存储的记录不同：已存储 ' || ${displayCanonical(oc.type, `s.c${i}`)}
            || '，本次 ' || ${displayCanonical(oc.type, incoming)} } END`
      })
      .join(',\n')
    await stage.run(`INSERT INTO conflicts
      SELECT 'conflict', ${p.ord}, ${lit(t.name)}, __row, e.fpos, e.field, e.detail, NULL
      FROM (SELECT o.__row, unnest(list_filter([${items}], x -> x IS NOT NULL)) AS e
            FROM ${outView(t)} o JOIN ${ident(`stored_rows_${t.name}`)} s ON s.k = o.__key)`)
  }
}

/** SQL condition selecting the rows of `t` that are new (to be written). */
function isNew(t: IngestTable, present: readonly Present[]): string {
  if (t.parent) {
    const parent = present.find((p) => p.table.name === t.parent!.table)
    if (!parent) return 'false'
    return `${ident(t.parent.column.column!)} IN (SELECT __key FROM ${outAll(parent.table)}
      WHERE __key NOT IN (SELECT k FROM ${ident(`existing_${parent.table.name}`)}))`
  }
  return `__key NOT IN (SELECT k FROM ${ident(`existing_${t.name}`)})`
}

function exportSql(out: readonly OutColumn[], from: string, where: string, extra = ''): string {
  const cols = out.map((oc) => copyTextDuck(oc.type, ident(oc.column)))
  return `SELECT ${[...cols, ...(extra ? [extra] : [])].join(', ')} FROM ${from} WHERE ${where}`
}

async function loadDerived(
  tx: Queryable,
  stage: DuckStage,
  rec: DerivedRecord,
  mdtrt: IngestTable,
  signal?: AbortSignal
): Promise<number> {
  const described = rec.describedBy.map((c) => `${src(c)} IS NOT NULL`).join(' AND ')
  const first = `(SELECT * FROM ${typed(mdtrt)} WHERE ${described}
    QUALIFY row_number() OVER (PARTITION BY ${src(rec.key)} ORDER BY __row) = 1)`
  const view = ident(`out_${rec.name}`)
  await createOut(stage, rec.name, first, rec.out, rec.key, view)
  const file = stage.file(`new-${rec.name}.txt`)
  await stage.run(`COPY (${exportSql(rec.out, view, 'true')}) TO ${lit(file)} ${PG_TEXT_WRITE}`)
  const columns = rec.out.map((oc) => oc.column)
  const temp = `yb_ingest_new_${rec.name}`
  await tx.exec(`CREATE TEMP TABLE ${temp} AS SELECT ${columns.join(', ')} FROM ${rec.target}
    WITH NO DATA`)
  await copyFileInto(tx, temp, columns, file, undefined, signal)
  const [row] = await tx.query<{ n: number }>(`WITH ins AS (
      INSERT INTO ${rec.target} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM ${temp}
      ON CONFLICT (${rec.keyColumn}) DO NOTHING RETURNING 1)
    SELECT count(*)::int AS n FROM ins`)
  await tx.exec(`DROP TABLE ${temp}`)
  return row?.n ?? 0
}

/**
 * Writes the new rows of one table, in pieces of {@link LOAD_CHUNK_ROWS} rows, pipelining DuckDB
 * and COPY: while PostgreSQL copies a piece, DuckDB exports the next and runs one deferred
 * statement.
 */
async function loadTable(
  tx: Queryable,
  stage: DuckStage,
  p: Present,
  present: readonly Present[],
  batchId: number,
  report: (p: ImportProgress) => void,
  deferred: Deferred,
  pieces: Pieces,
  signal?: AbortSignal
): Promise<number> {
  const t = p.table
  const where = isNew(t, present)
  const total = await stage.count(`SELECT count(*) FROM ${outAll(t)} WHERE ${where}`)
  report({ stage: 'load', table: t.name, rows: 0, total })
  if (total === 0) return 0
  const columns = [...t.out.map((oc) => oc.column), ...(t.stampBatch ? ['import_batch'] : [])]
  const exportPiece = async (k: number): Promise<string> => {
    await pieces.ensure(k)
    const file = stage.file(`new-${t.name}-${k}.txt`)
    const sql = exportSql(
      t.out,
      outView(t),
      `${where} AND ${pieceRange(k)}`,
      t.stampBatch ? String(batchId) : ''
    )
    await stage.run(`COPY (${sql}) TO ${lit(file)} ${PG_TEXT_WRITE}`)
    return file
  }
  let added = 0
  const start = (k: number): Promise<string> | undefined => {
    if (k >= pieces.count) return undefined
    const piece = exportPiece(k)
    piece.catch(() => undefined)
    return piece
  }
  let next: Promise<string> | undefined = start(0)
  try {
    for (let k = 0; k < pieces.count; k++) {
      const file: string = await next!
      next = start(k + 1)
      deferred.step()
      const before = added
      added += await copyFileInto(
        tx,
        t.target,
        columns,
        file,
        (rows) => {
          report({ stage: 'load', table: t.name, rows: before + rows, total })
        },
        signal
      )
      await fs.promises.rm(file, { force: true })
    }
  } finally {
    // A failed COPY leaves the next export running; wait for it before the stage closes.
    await next?.catch(() => undefined)
  }
  return added
}

async function loadFlags(
  tx: Queryable,
  stage: DuckStage,
  present: readonly Present[],
  codes: CodeChecker,
  batchId: number,
  signal?: AbortSignal
): Promise<number> {
  let flags = 0
  for (const p of present) {
    const t = p.table
    for (const c of t.columns) {
      if (!c.check || c.column === null) continue
      const check = c.check
      const column = ident(c.column)
      const newRows = `${outView(t)} WHERE ${isNew(t, present)} AND ${column} IS NOT NULL`
      const values = await stage.rows<{ v: string }>(
        `SELECT DISTINCT ${column} AS v FROM ${newRows}`
      )
      const unknown = values.filter(({ v }) => !codes.isKnown(check, v)).map(({ v }) => [v])
      if (unknown.length === 0) continue
      const table = `unknown_${t.name}_${c.name}`
      await stage.run(`CREATE OR REPLACE TEMP TABLE ${ident(table)} (code VARCHAR)`)
      await stage.append(table, unknown)
      const message = `'${c.label} “' || ${column} || '” 不在知识库的${CODE_KIND_LABELS[check]}中'`
      const file = stage.file(`flags-${t.name}-${c.name}.txt`)
      await stage.run(`COPY (SELECT ${batchId}, ${lit(t.target)}, ${copyTextDuck('text', '__key')},
          ${lit(c.name)}, ${copyTextDuck('text', column)}, ${copyTextDuck('text', message)}
        FROM ${newRows} AND ${column} IN (SELECT code FROM ${ident(table)}))
        TO ${lit(file)} ${PG_TEXT_WRITE}`)
      flags += await copyFileInto(
        tx,
        'ingest_flag',
        ['import_batch', 'record_table', 'record_id', 'field', 'value', 'message'],
        file,
        undefined,
        signal
      )
    }
  }
  return flags
}

async function collectIssues(
  stage: DuckStage,
  input: StagedInput,
  max: number
): Promise<{ issues: IngestIssue[]; count: number }> {
  const count = await stage.count('SELECT count(*) FROM issues')
  const rows = await stage.rows<{
    kind: 'rejected' | 'conflict'
    tbl: string
    row: number | null
    field: string
    detail: string
    ref: number | null
  }>(`SELECT kind, tbl, row, field, detail, ref FROM issues
      ORDER BY ord, row NULLS FIRST, fpos, field LIMIT ${max}`)
  const issues = rows.map((r): IngestIssue => {
    const staged = input.tables.get(r.tbl)!
    const table = INGEST_TABLES.find((t) => t.name === r.tbl)
    const label = table?.columns.find((c) => c.name === r.field)?.label
    const detail =
      r.ref === null ? r.detail : r.detail.replace('{ref}', staged.locate.rowRef(r.ref))
    const where = staged.locate.where(r.row, r.field)
    return {
      kind: r.kind,
      table: r.tbl,
      source: staged.locate.source,
      row: r.row,
      field: r.field,
      path: staged.locate.path(r.row, r.field),
      message: `${where}${label ? `（${label}）` : ''}: ${detail}`,
    }
  })
  return { issues, count }
}

async function recordBatch(
  db: Database,
  input: StagedInput,
  status: string,
  counts: unknown
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO import_batch (source, kind, status, finished_at, counts)
       VALUES ($1, $2, $3, now(), $4::jsonb) RETURNING id`,
      [input.source, input.kind, status, JSON.stringify(counts)]
    )
    return row!.id
  })
}

/**
 * Validates staged input and, when every record is valid and no stored id has other content,
 * writes it in one transaction: persons and institutions not yet stored, the new rows of each
 * table (stamped with the batch), flags for unknown codes, and the `import_batch` row. Rows
 * whose id is stored with the same content are left alone, so a re-run adds nothing.
 *
 * @returns the report; rejected and conflicting inputs are reported, not thrown
 */
export async function runIngest(
  db: Database,
  stage: DuckStage,
  input: StagedInput,
  options: IngestOptions
): Promise<ImportReport> {
  const started = performance.now()
  const { codes, signal } = options
  const max = options.maxIssues ?? 1000
  const report = (p: ImportProgress): void => options.onProgress?.(p)
  const present: Present[] = []
  for (const [ord, table] of INGEST_TABLES.entries()) {
    const staged = input.tables.get(table.name)
    if (staged) present.push({ table, staged, ord })
  }
  const tables: Record<string, { rows: number; added: number; unchanged: number }> = {}
  for (const p of present) tables[p.table.name] = { rows: p.staged.rows, added: 0, unchanged: 0 }
  const status = (): 'imported' | 'unchanged' =>
    Object.values(tables).some((c) => c.added > 0) ? 'imported' : 'unchanged'
  const seconds = (): number => (performance.now() - started) / 1000

  const fail = async (
    status: 'rejected' | 'conflict',
    issues: readonly IngestIssue[],
    count: number
  ): Promise<ImportReport> => {
    const batchId = await recordBatch(db, input, status, {
      tables,
      issueCount: count,
      issues: issues.slice(0, 20).map((i) => i.message),
    })
    report({ stage: 'done' })
    return {
      status,
      batchId,
      tables,
      personsAdded: 0,
      institutionsAdded: 0,
      flags: 0,
      issues,
      issueCount: count,
      seconds: seconds(),
    }
  }
  if (input.issues.length > 0) {
    return fail('rejected', input.issues.slice(0, max), input.issues.length)
  }

  for (const name of ['issues', 'conflicts']) {
    await stage.run(`CREATE OR REPLACE TEMP TABLE ${name} (kind VARCHAR, ord INTEGER, tbl VARCHAR,
      row BIGINT, fpos INTEGER, field VARCHAR, detail VARCHAR, ref BIGINT)`)
  }
  for (const p of present) {
    signal?.throwIfAborted()
    report({ stage: 'validate', table: p.table.name, rows: 0, total: p.staged.rows })
    await createTyped(stage, p.table)
    const { name, out, key } = p.table
    await createOut(stage, name, typed(p.table), out, key, outAll(p.table))
    await createOut(
      stage,
      name,
      parsed(p.table),
      out,
      key,
      outView(p.table),
      'true',
      typed(p.table)
    )
  }

  let stop: IngestStop | undefined
  let done:
    | {
        batchId: number
        personsAdded: number
        institutionsAdded: number
        flags: number
        status: 'imported' | 'unchanged'
      }
    | undefined
  try {
    done = await db.transaction(async (tx) => {
      const lookup = new KeyLookup(tx, stage, signal)
      signal?.throwIfAborted()
      // The PostgreSQL lookups come first; the validation of the rows (DuckDB only) runs in the
      // gaps of the load, and the transaction commits only after it found nothing.
      const deferred = new Deferred()
      const pieces = new Map(present.map((p) => [p.table.name, new Pieces(stage, p)]))
      const validation = present.map((p) => validationSql(stage, p, pieces.get(p.table.name)!))
      for (const v of validation) deferred.add(...v.rows)
      for (const v of validation) deferred.add(v.duplicates)
      const unstored = await checkReferences(stage, lookup, present, report, deferred)
      await checkExisting(stage, lookup, present, pieces, report)
      const verdict = async (): Promise<void> => {
        await deferred.finish()
        for (const p of present) {
          report({
            stage: 'validate',
            table: p.table.name,
            rows: p.staged.rows,
            total: p.staged.rows,
          })
        }
        if ((await stage.count('SELECT count(*) FROM issues')) > 0) throw new IngestStop('rejected')
        if ((await stage.count('SELECT count(*) FROM conflicts')) > 0) {
          await stage.run('INSERT INTO issues SELECT * FROM conflicts')
          throw new IngestStop('conflict')
        }
      }
      if (unstored > 0 || (await stage.count('SELECT count(*) FROM conflicts')) > 0) {
        await verdict()
      }

      const [seq] = await tx.query<{ id: number }>(
        `SELECT nextval(pg_get_serial_sequence('import_batch', 'id')) AS id`
      )
      const batchId = seq!.id
      let personsAdded = 0
      let institutionsAdded = 0
      const added = new Map<string, number>()
      try {
        const mdtrt = present.find((p) => p.table === ENCOUNTER_TABLE)
        if (mdtrt) {
          for (const rec of DERIVED_RECORDS) {
            report({ stage: 'load', table: rec.target })
            const n = await loadDerived(tx, stage, rec, mdtrt.table, signal)
            if (rec.target === 'person') personsAdded = n
            else institutionsAdded = n
          }
        }
        for (const p of present) {
          signal?.throwIfAborted()
          const part = pieces.get(p.table.name)!
          const n = await loadTable(tx, stage, p, present, batchId, report, deferred, part, signal)
          added.set(p.table.name, n)
        }
      } catch (err) {
        // Rows the validation rejects can make PostgreSQL refuse the load; they are reported as
        // such. Any other failure (or an abort) is passed on.
        if (!signal?.aborted && !(err instanceof IngestStop)) {
          try {
            await verdict()
          } catch (stop) {
            if (stop instanceof IngestStop) throw stop
          }
        }
        throw err
      }
      await verdict()
      for (const p of present) {
        const n = added.get(p.table.name) ?? 0
        tables[p.table.name] = { rows: p.staged.rows, added: n, unchanged: p.staged.rows - n }
      }
      report({ stage: 'load', table: 'ingest_flag' })
      const flags = await loadFlags(tx, stage, present, codes, batchId, signal)
      signal?.throwIfAborted()
      await tx.query(
        `INSERT INTO import_batch (id, source, kind, status, finished_at, counts)
         VALUES ($1, $2, $3, $4, now(), $5::jsonb)`,
        [
          batchId,
          input.source,
          input.kind,
          status(),
          JSON.stringify({ tables, personsAdded, institutionsAdded, flags }),
        ]
      )
      return { batchId, personsAdded, institutionsAdded, flags, status: status() }
    })
  } catch (err) {
    if (!(err instanceof IngestStop)) throw err
    stop = err
  }
  if (stop || !done) {
    const { issues, count } = await collectIssues(stage, input, max)
    return fail(stop?.status ?? 'rejected', issues, count)
  }
  report({ stage: 'done' })
  return {
    ...done,
    tables: tables,
    issues: [],
    issueCount: 0,
    seconds: seconds(),
  }
}
