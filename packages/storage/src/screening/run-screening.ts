// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import type { ScreeningHit, ScreeningParams, ScreeningResult } from '@yibao/analytics'
import { dayDate, DEFAULT_SCREENING_PARAMS, SCREENING_PATTERNS, screen } from '@yibao/analytics'
import { badRequest, isIsoDate, OutcomeError } from '@yibao/domain'
import { appendAuditLog } from '../audit-log.js'
import { insertClueBatch } from '../clues/clue-records.js'
import { escapeCopyText } from '../copy-text.js'
import type { Database, Queryable } from '../database.js'
import { getMeta } from '../meta.js'
import { withLock } from '../with-lock.js'
import { newId } from '../new-id.js'
import type { Viewer } from '../review/viewer.js'
import type { ClueFacts } from '@yibao/supervision'
import type { ScreeningScope } from './load-screening-data.js'
import { loadScreeningData } from './load-screening-data.js'

/** Where a bureau keeps its own screening thresholds (a partial `ScreeningParams`). */
export const SCREENING_PARAMS_META = 'screening.params'

/** How a run is started. */
export interface ScreeningRunOptions extends ScreeningScope {
  /** Overrides of the thresholds, on top of the bureau's (`screening.params`) and the defaults. */
  readonly params?: Partial<ScreeningParams> | undefined
  /** Hand the hits to the clue workflow (线索核查) as one batch of source SCREENING. Default true. */
  readonly clues?: boolean | undefined
  /** Progress 0–1 with what is being done. */
  readonly onProgress?: ((fraction: number, message: string) => void) | undefined
}

/** Per pattern: hits and their suspected amount (fen). */
export interface PatternCount {
  readonly hits: number
  readonly amount: number
}

/** What a finished run reports. */
export interface ScreeningRunSummary {
  readonly runId: string
  readonly encounters: number
  readonly persons: number
  readonly institutions: number
  readonly patterns: Readonly<Record<string, PatternCount>>
  readonly clusters: number
  /** New clues raised by this run. */
  readonly clues: number
  /** Hits whose clue an earlier run raised already. */
  readonly reusedClues: number
  readonly clueBatchId: string | null
  readonly seconds: number
}

/** The thresholds in force: defaults, then the bureau's, then the run's. */
export async function screeningParams(
  db: Queryable,
  overrides?: Partial<ScreeningParams>
): Promise<ScreeningParams> {
  const bureau = (await getMeta<Partial<ScreeningParams>>(db, SCREENING_PARAMS_META)) ?? {}
  return { ...DEFAULT_SCREENING_PARAMS, ...bureau, ...(overrides ?? {}) }
}

const text = (v: string | null): string => (v === null ? '\\N' : escapeCopyText(v))
const json = (v: unknown): string => escapeCopyText(JSON.stringify(v))

async function copyRows(
  tx: Queryable,
  table: string,
  columns: string[],
  rows: string[][]
): Promise<void> {
  if (rows.length === 0) return
  await tx.copyFrom(table, columns, rows.map((r) => `${r.join('\t')}\n`).join(''))
}

/** Clue period and description of a hit. */
function clueOf(h: ScreeningHit, from: string, to: string, name: string): ClueFacts {
  const days = h.explanation.days ?? []
  const first = days[0]
  const last = days.at(-1)
  const periodFrom = h.subject === 'ENCOUNTER' && first ? first : from
  const periodTo = h.subject === 'ENCOUNTER' && last ? last : to
  return {
    institutionCode: h.institutionCode,
    psnNo: h.psnNo,
    period: periodFrom === periodTo ? periodFrom : `${periodFrom}~${periodTo}`,
    periodFrom,
    periodTo,
    description: `【大数据筛查·${name}】${h.explanation.summary}`.slice(0, 2000),
    suspectedAmount: h.amount,
  }
}

/**
 * Runs every screening model over the stored claims and stores the run whole, in one
 * transaction: hits with their explanations, risk scores, companion clusters and — unless told
 * not to — one clue batch (source SCREENING) with a clue per hit that no earlier run raised
 * already, every clue with its `import` event, the run marked DONE and its audit-log entry. A run
 * row is written RUNNING first; a failure or a crash leaves nothing else, and the next run marks
 * it FAILED. One run at a time (the `screening` job lock): another is refused (409).
 */
export async function runScreening(
  db: Database,
  viewer: Viewer,
  options: ScreeningRunOptions = {}
): Promise<ScreeningRunSummary> {
  checkPeriod(options)
  return withLock(db, 'screening', () => screenAndStore(db, viewer, options))
}

function checkPeriod(options: ScreeningRunOptions): void {
  for (const [name, value] of [
    ['from', options.from],
    ['to', options.to],
  ] as const)
    if (value !== undefined && !isIsoDate(value))
      throw new OutcomeError(
        badRequest(`${name}：应为有效日期 YYYY-MM-DD，收到 ${value}`, `$.${name}`)
      )
  if (options.from !== undefined && options.to !== undefined && options.to < options.from)
    throw new OutcomeError(badRequest('to 早于 from', '$.to'))
}

async function screenAndStore(
  db: Database,
  viewer: Viewer,
  options: ScreeningRunOptions
): Promise<ScreeningRunSummary> {
  const started = Date.now()
  const params = await screeningParams(db, options.params)
  const progress = options.onProgress ?? (() => undefined)
  await db.query(
    `UPDATE screening_run SET state = 'FAILED', finished_at = now(), error = '运行中断（进程退出）'
     WHERE state = 'RUNNING'`
  )
  const runId = newId('SC')
  await db.query(
    `INSERT INTO screening_run (id, state, params, period_from, period_to, started_by)
     VALUES ($1, 'RUNNING', $2::text::jsonb, $3, $4, $5)`,
    [runId, JSON.stringify(params), options.from ?? null, options.to ?? null, viewer.actor]
  )
  try {
    const data = await loadScreeningData(db, options, params, (done, of, what) => {
      progress((0.6 * done) / of, `读取${what}`)
    })
    const result = screen(data, params, (what, done, of) => {
      progress(0.6 + (0.25 * done) / of, `筛查：${what}`)
    })
    progress(0.85, '保存筛查结果')
    let lo = Number.POSITIVE_INFINITY
    let hi = Number.NEGATIVE_INFINITY
    for (const e of data.encounters) {
      lo = Math.min(lo, e.beginDay)
      hi = Math.max(hi, e.endDay)
    }
    const today = new Date().toISOString().slice(0, 10)
    const from = options.from ?? (Number.isFinite(lo) ? dayDate(lo) : today)
    const to = options.to ?? (Number.isFinite(hi) ? dayDate(hi) : today)
    const patterns = Object.fromEntries(
      SCREENING_PATTERNS.map((p) => {
        const hits = result.hits.filter((h) => h.pattern === p.code)
        return [p.code, { hits: hits.length, amount: hits.reduce((s, h) => s + h.amount, 0) }]
      })
    )
    const report = await db.transaction(async (tx) => {
      const summary = await storeRun(tx, runId, result, {
        from,
        to,
        clues: options.clues ?? true,
        viewer,
      })
      const report: ScreeningRunSummary = {
        runId,
        encounters: data.encounters.length,
        persons: data.persons.size,
        institutions: data.institutions.length,
        patterns,
        clusters: result.clusters.length,
        clues: summary.clues,
        reusedClues: summary.reusedClues,
        clueBatchId: summary.clueBatchId,
        seconds: Math.round((Date.now() - started) / 100) / 10,
      }
      await tx.query(
        `UPDATE screening_run SET state = 'DONE', finished_at = now(), summary = $2::text::jsonb,
           clue_batch_id = $3, period_from = $4, period_to = $5 WHERE id = $1`,
        [runId, JSON.stringify(report), summary.clueBatchId, from, to]
      )
      await appendAuditLog(tx, {
        actor: viewer.actor,
        action: 'screening.run',
        target: runId,
        detail: { patterns, clues: summary.clues, from, to },
      })
      return report
    })
    progress(1, '完成')
    return report
  } catch (e) {
    await db.query(
      `UPDATE screening_run SET state = 'FAILED', finished_at = now(), error = $2 WHERE id = $1`,
      [runId, e instanceof Error ? e.message : String(e)]
    )
    throw e
  }
}

async function storeRun(
  tx: Queryable,
  runId: string,
  result: ScreeningResult,
  o: { from: string; to: string; clues: boolean; viewer: Viewer }
): Promise<{ clues: number; reusedClues: number; clueBatchId: string | null }> {
  await copyRows(
    tx,
    'screening_hit',
    [
      'run_id',
      'seq',
      'pattern',
      'subject',
      'subject_id',
      'institution_code',
      'psn_no',
      'mdtrt_id',
      'amount',
      'score',
      'cluster_id',
      'explanation',
      'clue_key',
    ],
    result.hits.map((h, i) => [
      runId,
      String(i + 1),
      h.pattern,
      h.subject,
      text(h.subjectId),
      text(h.institutionCode),
      text(h.psnNo),
      text(h.mdtrtId),
      String(h.amount),
      String(h.score),
      text(h.clusterId),
      json(h.explanation),
      text(clueKey(h, o.from, o.to)),
    ])
  )
  await copyRows(
    tx,
    'screening_risk',
    [
      'run_id',
      'subject',
      'subject_id',
      'institution_code',
      'score',
      'hits',
      'amount',
      'factors',
      'indicators',
    ],
    [...result.encounterRisks, ...result.institutionRisks, ...result.doctorRisks].map((r) => [
      runId,
      r.subject,
      text(r.subjectId),
      text(r.institutionCode),
      String(r.score),
      String(r.hits),
      String(r.amount),
      json(r.factors),
      json(r.indicators),
    ])
  )
  await copyRows(
    tx,
    'screening_cluster',
    ['run_id', 'id', 'institution_code', 'persons', 'edges'],
    result.clusters.map((c) => [
      runId,
      text(c.id),
      text(c.institutionCode),
      json(c.persons),
      json(c.edges),
    ])
  )
  if (!o.clues) return { clues: 0, reusedClues: 0, clueBatchId: null }
  // A hit already raised as a clue by an earlier run points at that clue.
  await tx.query(
    `UPDATE screening_hit h SET clue_id = p.clue_id
     FROM (SELECT DISTINCT ON (clue_key) clue_key, clue_id FROM screening_hit
           WHERE clue_id IS NOT NULL AND run_id <> $1 ORDER BY clue_key, run_id) p
     WHERE h.run_id = $1 AND h.clue_key = p.clue_key`,
    [runId]
  )
  const known = new Set(
    (
      await tx.query<{ seq: number }>(
        'SELECT seq FROM screening_hit WHERE run_id = $1 AND clue_id IS NOT NULL',
        [runId]
      )
    ).map((r) => r.seq)
  )
  const fresh = result.hits.map((h, i) => ({ h, line: i + 1 })).filter((x) => !known.has(x.line))
  if (fresh.length === 0) return { clues: 0, reusedClues: known.size, clueBatchId: null }
  const batchId = newId('XP')
  const names = new Map(SCREENING_PATTERNS.map((p) => [p.code, p.name] as const))
  await insertClueBatch(
    tx,
    {
      id: batchId,
      source: 'SCREENING',
      name: `大数据筛查 ${o.from} 至 ${o.to}`,
      receivedDate: new Date().toISOString().slice(0, 10),
      fileName: `screening:${runId}`,
      contentHash: createHash('sha256').update(`screening:${runId}`).digest('hex'),
    },
    fresh.map(({ h, line }) => ({
      ...clueOf(h, o.from, o.to, names.get(h.pattern) ?? h.pattern),
      line,
    })),
    o.viewer,
    { screeningRun: runId }
  )
  await tx.query(
    `UPDATE screening_hit h SET clue_id = c.id FROM clue c
     WHERE h.run_id = $1 AND c.batch_id = $2 AND c.line = h.seq`,
    [runId, batchId]
  )
  return { clues: fresh.length, reusedClues: known.size, clueBatchId: batchId }
}

/**
 * What a hit is about, for not raising the same clue twice: the pattern and the encounter, or
 * the pattern, the person, institution or doctor and the period screened.
 */
function clueKey(h: ScreeningHit, from: string, to: string): string {
  return h.subject === 'ENCOUNTER'
    ? `${h.pattern}|${h.subjectId}`
    : `${h.pattern}|${h.subject}|${h.subjectId}|${from}|${to}`
}
