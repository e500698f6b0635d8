// SPDX-License-Identifier: Apache-2.0
import type {
  DecisionStats,
  Explanation,
  PatternEvaluation,
  QueueCandidate,
  QueueItem,
  QueueOptions,
  QueueShare,
} from '@yibao/analytics'
import { DEFAULT_QUEUE_OPTIONS, evaluatePatterns, queueShare, rankQueue } from '@yibao/analytics'
import type { ScreeningHit } from '@yibao/analytics'
import { notFound, OutcomeError } from '@yibao/domain'
import type { Queryable } from '../database.js'
import { readRecords } from '../read-records.js'
import { SqlWhere } from '../sql-where.js'
import type { ScreeningRunSummary } from './run-screening.js'

/** A screening run as listed. */
export interface ScreeningRunView {
  readonly id: string
  readonly state: 'RUNNING' | 'DONE' | 'FAILED'
  readonly periodFrom: string | null
  readonly periodTo: string | null
  readonly startedBy: string
  readonly startedAt: string
  readonly finishedAt: string | null
  readonly error: string | null
  readonly clueBatchId: string | null
  readonly summary: Partial<ScreeningRunSummary>
}

const RUN_COLUMNS = `id, state, period_from::text AS "periodFrom", period_to::text AS "periodTo",
  started_by AS "startedBy", started_at::text AS "startedAt", finished_at::text AS "finishedAt",
  error, clue_batch_id AS "clueBatchId", summary`

/** The latest runs, newest first. */
export async function listScreeningRuns(db: Queryable, limit = 20): Promise<ScreeningRunView[]> {
  return db.query<ScreeningRunView & Record<string, unknown>>(
    `SELECT ${RUN_COLUMNS} FROM screening_run ORDER BY started_at DESC, id DESC LIMIT $1`,
    [limit]
  )
}

/** One run; `latest` is the newest finished one. Not found (404) when there is none. */
export async function readScreeningRun(db: Queryable, id: string): Promise<ScreeningRunView> {
  const [run] =
    id === 'latest'
      ? await db.query<ScreeningRunView & Record<string, unknown>>(
          `SELECT ${RUN_COLUMNS} FROM screening_run WHERE state = 'DONE'
           ORDER BY started_at DESC, id DESC LIMIT 1`
        )
      : await db.query<ScreeningRunView & Record<string, unknown>>(
          `SELECT ${RUN_COLUMNS} FROM screening_run WHERE id = $1`,
          [id]
        )
  if (!run)
    throw new OutcomeError(notFound(id === 'latest' ? '还没有完成的筛查' : `筛查 ${id} 不存在`))
  return run
}

/** A stored hit, with the clue it raised or points at (null when the run made no clues). */
export interface StoredHit extends ScreeningHit {
  readonly runId: string
  readonly seq: number
  readonly clueId: string | null
}

const HIT_COLUMNS = `run_id AS "runId", seq, pattern, subject, subject_id AS "subjectId",
  institution_code AS "institutionCode", psn_no AS "psnNo", mdtrt_id AS "mdtrtId", amount, score,
  cluster_id AS "clusterId", explanation, clue_id AS "clueId"`

/** Which hits to list. */
export interface HitFilter {
  readonly pattern?: string | undefined
  readonly institutionCode?: string | undefined
  readonly clusterId?: string | undefined
  readonly offset?: number | undefined
  readonly limit?: number | undefined
}

const toHit = (r: Record<string, unknown>): StoredHit => ({
  ...(r as unknown as StoredHit),
  seq: Number(r.seq),
  amount: Number(r.amount),
  score: Number(r.score),
  explanation: r.explanation as Explanation,
})

/** Hits of a run, largest amount first, with the total count. */
export async function listScreeningHits(
  db: Queryable,
  runId: string,
  filter: HitFilter = {}
): Promise<{ total: number; items: StoredHit[] }> {
  const where = new SqlWhere().add('run_id = ?', runId)
  if (filter.pattern) where.add('pattern = ?', filter.pattern)
  if (filter.institutionCode) where.add('institution_code = ?', filter.institutionCode)
  if (filter.clusterId) where.add('cluster_id = ?', filter.clusterId)
  const n = where.params.length
  const [[count], rows] = await Promise.all([
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM screening_hit${where.sql}`,
      where.params
    ),
    db.query(
      `SELECT ${HIT_COLUMNS} FROM screening_hit${where.sql}
       ORDER BY amount DESC, seq LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, Math.min(filter.limit ?? 50, 1000), filter.offset ?? 0]
    ),
  ])
  return { total: count?.n ?? 0, items: rows.map(toHit) }
}

/** A companion cluster for the graph view: persons, co-visit edges and the hits. */
export interface ClusterView {
  readonly id: string
  readonly institutionCode: string
  readonly persons: string[]
  readonly edges: { a: string; b: string; days: number[]; encounters: string[] }[]
  readonly hits: StoredHit[]
}

/** One cluster of a run (404 when unknown). */
export async function readScreeningCluster(
  db: Queryable,
  runId: string,
  clusterId: string
): Promise<ClusterView> {
  const [c] = await db.query<{
    id: string
    institution_code: string
    persons: string[]
    edges: ClusterView['edges']
  }>(
    'SELECT id, institution_code, persons, edges FROM screening_cluster WHERE run_id = $1 AND id = $2',
    [runId, clusterId]
  )
  if (!c) throw new OutcomeError(notFound(`筛查 ${runId} 没有团伙 ${clusterId}`))
  const { items } = await listScreeningHits(db, runId, { clusterId, limit: 1000 })
  return {
    id: c.id,
    institutionCode: c.institution_code,
    persons: c.persons,
    edges: c.edges,
    hits: items,
  }
}

/** A stored risk score with the subject's name where one is known. */
export interface RiskView {
  readonly subject: string
  readonly subjectId: string
  readonly institutionCode: string
  readonly institutionName: string | null
  readonly score: number
  readonly hits: number
  readonly amount: number
  readonly factors: { label: string; points: number }[]
  readonly indicators: {
    name: string
    value: number
    peerMedian: number
    z: number
    percentile: number
    peers: number
  }[]
}

/** Risk scores of one kind of subject, highest first, with the total count. */
export async function listScreeningRisks(
  db: Queryable,
  runId: string,
  subject: 'ENCOUNTER' | 'INSTITUTION' | 'DOCTOR',
  page: { offset?: number | undefined; limit?: number | undefined } = {}
): Promise<{ total: number; items: RiskView[] }> {
  const [[count], items] = await Promise.all([
    db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM screening_risk WHERE run_id = $1 AND subject = $2',
      [runId, subject]
    ),
    db.query<RiskView & Record<string, unknown>>(
      `SELECT r.subject, r.subject_id AS "subjectId", r.institution_code AS "institutionCode",
         i.name AS "institutionName", r.score, r.hits, r.amount, r.factors, r.indicators
       FROM screening_risk r LEFT JOIN institution i ON i.code = r.institution_code
       WHERE r.run_id = $1 AND r.subject = $2
       ORDER BY r.score DESC, r.amount DESC, r.subject_id LIMIT $3 OFFSET $4`,
      [runId, subject, Math.min(page.limit ?? 50, 1000), page.offset ?? 0]
    ),
  ])
  return { total: count?.n ?? 0, items }
}

/** Findings not yet decided, and the run's hits whose clue is not closed. */
async function queueCandidates(db: Queryable, runId: string | null): Promise<QueueCandidate[]> {
  const findings = await db.query<Record<string, unknown>>(
    `SELECT f.id, f.rule_id, coalesce(f.rule_name, f.rule_id) AS rule_name, f.severity, f.amount,
       f.institution_code, f.psn_no, f.mdtrt_id
     FROM finding f LEFT JOIN finding_review r ON r.finding_id = f.id
     WHERE f.institution_code IS NOT NULL
       AND (r.state IS NULL OR r.state NOT IN ('UPHELD', 'DISMISSED', 'DEDUCTED'))`
  )
  const out: QueueCandidate[] = findings.map((f) => ({
    kind: 'FINDING',
    id: f.id as string,
    key: f.rule_id as string,
    label: f.rule_name as string,
    severity: f.severity as string,
    score: null,
    amount: Number(f.amount),
    institutionCode: f.institution_code as string,
    psnNo: (f.psn_no as string | null) ?? null,
    mdtrtId: (f.mdtrt_id as string | null) ?? null,
    subject: 'ENCOUNTER',
  }))
  if (runId === null) return out
  const hits = await db.query<Record<string, unknown>>(
    `SELECT h.seq, h.pattern, h.subject, h.institution_code, h.psn_no, h.mdtrt_id, h.amount, h.score,
       h.explanation->>'summary' AS summary
     FROM screening_hit h LEFT JOIN clue c ON c.id = h.clue_id
     WHERE h.run_id = $1 AND (c.state IS NULL OR c.state <> 'CLOSED')`,
    [runId]
  )
  for (const h of hits)
    out.push({
      kind: 'SCREENING',
      id: `${runId}:${String(h.seq)}`,
      key: h.pattern as string,
      label: h.summary as string,
      severity: null,
      score: Number(h.score),
      amount: Number(h.amount),
      institutionCode: h.institution_code as string,
      psnNo: (h.psn_no as string | null) ?? null,
      mdtrtId: (h.mdtrt_id as string | null) ?? null,
      subject: h.subject as string,
    })
  return out
}

/** Upheld and dismissed decisions per rule (findings) and per pattern (closed screening clues). */
export async function decisionStats(db: Queryable): Promise<DecisionStats[]> {
  const rows = await db.query<{ key: string; upheld: number; dismissed: number }>(
    `SELECT f.rule_id AS key,
       count(*) FILTER (WHERE r.state IN ('UPHELD', 'DEDUCTED'))::int AS upheld,
       count(*) FILTER (WHERE r.state = 'DISMISSED')::int AS dismissed
     FROM finding f JOIN finding_review r ON r.finding_id = f.id GROUP BY 1
     UNION ALL
     SELECT h.pattern AS key,
       count(*) FILTER (WHERE c.outcome = 'CONFIRMED')::int AS upheld,
       count(*) FILTER (WHERE c.outcome = 'UNFOUNDED')::int AS dismissed
     FROM clue c JOIN (SELECT DISTINCT clue_id, pattern FROM screening_hit) h ON h.clue_id = c.id
     WHERE c.state = 'CLOSED' GROUP BY 1`
  )
  return rows
}

/** The review queue and what it adds up to. */
export interface ReviewQueue {
  readonly runId: string | null
  readonly options: QueueOptions
  readonly total: number
  readonly expectedTotal: number
  readonly amountTotal: number
  /** Working days the whole queue takes at the capacity. */
  readonly days: number
  readonly learnedKeys: string[]
  readonly items: QueueItem[]
}

/**
 * Builds the risk-ranked review queue over undecided findings and the open hits of a run (by
 * default the latest finished one).
 */
export async function buildReviewQueue(
  db: Queryable,
  options: Partial<QueueOptions> = {},
  runId?: string
): Promise<{ runId: string | null; options: QueueOptions; items: QueueItem[] }> {
  const [run] =
    runId === undefined
      ? await db.query<{ id: string }>(
          `SELECT id FROM screening_run WHERE state = 'DONE'
           ORDER BY started_at DESC, id DESC LIMIT 1`
        )
      : [{ id: runId }]
  const o = { ...DEFAULT_QUEUE_OPTIONS, ...options }
  const [candidates, stats] = await Promise.all([
    queueCandidates(db, run?.id ?? null),
    decisionStats(db),
  ])
  return { runId: run?.id ?? null, options: o, items: rankQueue(candidates, stats, o) }
}

/** One page of the review queue with its totals. */
export async function reviewQueuePage(
  db: Queryable,
  options: Partial<QueueOptions>,
  page: { offset?: number | undefined; limit?: number | undefined }
): Promise<ReviewQueue> {
  const q = await buildReviewQueue(db, options)
  const offset = page.offset ?? 0
  return {
    runId: q.runId,
    options: q.options,
    total: q.items.length,
    expectedTotal: q.items.reduce((s, i) => s + i.expected, 0),
    amountTotal: q.items.reduce((s, i) => s + i.amount, 0),
    days: q.items.at(-1)?.day ?? 0,
    learnedKeys: [
      ...new Set(q.items.filter((i) => i.method === 'LEARNED').map((i) => i.key)),
    ].sort(),
    items: q.items.slice(offset, offset + Math.min(page.limit ?? 50, 1000)),
  }
}

/** A run measured against the injected truth of a synthetic region. */
export interface ScreeningEvaluation {
  readonly runId: string
  readonly patterns: PatternEvaluation[]
  readonly queue: QueueShare
}

/** Precision and recall per pattern and the top-5 % share of the queue, against `violation_truth`. */
export async function evaluateScreeningRun(
  db: Queryable,
  runId: string
): Promise<ScreeningEvaluation> {
  const [truth, hits, queue] = await Promise.all([
    readRecords(db, 'truth'),
    db.query(`SELECT ${HIT_COLUMNS} FROM screening_hit WHERE run_id = $1`, [runId]),
    buildReviewQueue(db, {}, runId),
  ])
  return {
    runId,
    patterns: evaluatePatterns(hits.map(toHit), truth),
    queue: queueShare(queue.items, truth),
  }
}
