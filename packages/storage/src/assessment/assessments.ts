// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import type { PaymentPlan } from '@yibao/payment'
import type {
  AssessmentResult,
  AssessmentTemplate,
  IndicatorKey,
  ManualDeduction,
} from '@yibao/supervision'
import {
  ASSESSMENT_TEMPLATE_CODEC,
  DEFAULT_ASSESSMENT_TEMPLATE,
  scoreAssessment,
} from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable, SqlValue } from '../database.js'
import type { MetaDocument } from '../meta.js'
import { readMetaDocument, saveMetaDocument } from '../meta.js'
import { readRecords } from '../read-records.js'
import type { Viewer } from '../review/viewer.js'
import { newId } from '../new-id.js'
import { insertRows } from '../sql-where.js'

/** Checks a period: a year (2025) or a quarter (2025-Q2). */
function checkPeriod(period: string): { from: string; to: string; months: string[] } {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(period)
  if (m === null)
    throw new OutcomeError(
      badRequest(`period：应为年度（2025）或季度（2025-Q2），收到「${period}」`, 'period')
    )
  const year = Number(m[1])
  const q = m[2] === undefined ? null : Number(m[2])
  const first = q === null ? 1 : (q - 1) * 3 + 1
  const last = q === null ? 12 : first + 2
  const months = Array.from(
    { length: last - first + 1 },
    (_, k) => `${year}-${String(first + k).padStart(2, '0')}`
  )
  const to = last === 12 ? `${year + 1}-01` : `${year}-${String(last + 1).padStart(2, '0')}`
  return { from: `${months[0]}-01T00:00:00+08:00`, to: `${to}-01T00:00:00+08:00`, months }
}

/** The data indicators of every institution over a period. */
async function indicatorsOf(
  db: Queryable,
  period: string
): Promise<Map<string, Partial<Record<IndicatorKey, number>>>> {
  const { from, to, months } = checkPeriod(period)
  const out = new Map<string, Partial<Record<IndicatorKey, number>>>()
  const set = (code: string, key: IndicatorKey, v: number): void => {
    out.set(code, { ...out.get(code), [key]: v })
  }
  const upheld = await db.query<{ institution_code: string; n: number }>(
    `SELECT d.institution_code, count(*)::int AS n FROM deduction d
     WHERE d.finding_id IS NOT NULL AND d.reversal_of IS NULL AND d.month = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM deduction r WHERE r.reversal_of = d.id)
     GROUP BY 1`,
    [months]
  )
  for (const r of upheld) set(r.institution_code, 'UPHELD_VIOLATIONS', r.n)
  const money = await db.query<{
    institution_code: string
    total: number
    out_of_list: number
    own: number
  }>(
    `SELECT institution_code, sum(medfee_sumamt)::bigint AS total,
       sum(fulamt_ownpay_amt)::bigint AS out_of_list, sum(psn_part_amt)::bigint AS own
     FROM settlement WHERE NOT refunded AND setl_time >= $1::timestamptz AND setl_time < $2::timestamptz
     GROUP BY 1`,
    [from, to]
  )
  const pct = (part: number, total: number): number =>
    total > 0 ? Math.round((part / total) * 10_000) / 100 : 0
  for (const r of money) {
    set(r.institution_code, 'OUT_OF_LIST_SHARE', pct(r.out_of_list, r.total))
    set(r.institution_code, 'OWN_SHARE', pct(r.own, r.total))
  }
  const flags = await db.query<{ institution_code: string; n: number }>(
    `SELECT x.institution_code, count(*)::int AS n FROM ingest_flag f
     JOIN (SELECT feedetl_sn AS id, institution_code, fee_time AS at, 'fee_line' AS t FROM fee_line
           UNION ALL SELECT setl_id, institution_code, setl_time, 'settlement' FROM settlement
           UNION ALL SELECT mdtrt_id, institution_code, begin_time, 'encounter' FROM encounter) x
       ON x.t = f.record_table AND x.id = f.record_id
     WHERE x.at >= $1::timestamptz AND x.at < $2::timestamptz
     GROUP BY 1`,
    [from, to]
  )
  for (const r of flags) set(r.institution_code, 'INGEST_FLAGS', r.n)
  // Reports against an institution or pharmacy verified in the period (查实的投诉举报).
  const complaints = await db.query<{ subject_id: string; n: number }>(
    `SELECT subject_id, count(*)::int AS n FROM report
     WHERE subject_type IN ('INSTITUTION', 'PHARMACY') AND verified_date IS NOT NULL
       AND verified_date >= $1::date AND verified_date < $2::date
     GROUP BY 1`,
    [from.slice(0, 10), to.slice(0, 10)]
  )
  for (const r of complaints) set(r.subject_id, 'COMPLAINTS_UPHELD', r.n)
  return out
}

const TEMPLATE: MetaDocument<AssessmentTemplate> = {
  key: 'assessment.template',
  fallback: DEFAULT_ASSESSMENT_TEMPLATE,
  fromDocument: ASSESSMENT_TEMPLATE_CODEC.fromDocument,
  toDocument: ASSESSMENT_TEMPLATE_CODEC.toDocument,
  action: 'assessment.template',
  target: (template) => template.id,
  before: 'stored',
}

/** The assessment template in force: the bureau's own, else the default. */
export async function readAssessmentTemplate(db: Queryable): Promise<AssessmentTemplate> {
  return readMetaDocument(db, TEMPLATE)
}

/**
 * Replaces the assessment template with a whole document (items adding up to 1000, automatic
 * items with their allowance and marks per unit); every bad field is named and nothing is stored
 * then. The change goes to the audit log; later runs score by it.
 */
export async function saveAssessmentTemplate(
  db: Database,
  doc: unknown,
  viewer: Viewer
): Promise<AssessmentTemplate> {
  return saveMetaDocument(db, TEMPLATE, doc, viewer.actor)
}

/** Records an assessor's deduction (or a veto, item `VETO`) for an institution and period. */
export async function recordAssessmentEntry(
  db: Database,
  entry: { institutionCode: string; period: string; item: string; points: number; reason: string },
  viewer: Viewer
): Promise<void> {
  checkPeriod(entry.period)
  const template = await readAssessmentTemplate(db)
  const items = new Set(
    template.dimensions.flatMap((d) =>
      d.items.filter((i) => i.indicator === undefined).map((i) => i.code)
    )
  )
  if (entry.item !== 'VETO' && !items.has(entry.item)) {
    throw new OutcomeError(
      badRequest(
        `item：${entry.item} 不是人工考核项（可用 ${[...items].join('、')}、VETO）`,
        'item'
      )
    )
  }
  if (!Number.isFinite(entry.points) || entry.points < 0) {
    throw new OutcomeError(
      badRequest(`points：应为不小于 0 的分值，收到 ${entry.points}`, 'points')
    )
  }
  if (entry.reason.trim() === '')
    throw new OutcomeError(badRequest('reason：请写明扣分理由', 'reason'))
  await db.transaction(async (tx) => {
    const [known] = await tx.query('SELECT 1 FROM institution WHERE code = $1', [
      entry.institutionCode,
    ])
    if (known === undefined)
      throw new OutcomeError(notFound(`没有编码为 ${entry.institutionCode} 的机构`))
    await tx.query(
      `INSERT INTO assessment_entry (institution_code, period, item, points, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.institutionCode,
        entry.period,
        entry.item,
        entry.points,
        entry.reason.trim(),
        viewer.actor,
      ]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'assessment.entry',
      target: `${entry.institutionCode}|${entry.period}`,
      detail: entry,
    })
  })
}

/** A stored assessment. */
export interface StoredAssessment extends AssessmentResult {
  readonly id: string
  readonly version: number
  /** The credit level in force: adjusted after an objection or repair, else the scored one. */
  readonly creditLevel: 'A' | 'B' | 'C' | 'D'
  readonly adjustReason: string | null
  readonly createdAt: string
}

function toStored(r: Record<string, unknown>): StoredAssessment {
  const result = r['result'] as AssessmentResult
  const adjusted = (r['credit_adjusted'] as StoredAssessment['creditLevel'] | null) ?? null
  return {
    ...result,
    id: r['id'] as string,
    version: r['version'] as number,
    creditLevel: adjusted ?? result.credit,
    adjustReason: (r['adjust_reason'] as string | null) ?? null,
    createdAt: r['created_at'] as string,
  }
}

/**
 * Scores every institution (or one) for a period from the data and the assessors' entries and
 * stores the results that changed as new versions, in one transaction with an audit-log entry.
 */
export async function runAssessment(
  db: Database,
  period: string,
  viewer: Viewer,
  options: { institutionCode?: string; template?: AssessmentTemplate } = {}
): Promise<{ created: number; unchanged: number; results: StoredAssessment[] }> {
  const template = options.template ?? (await readAssessmentTemplate(db))
  const indicators = await indicatorsOf(db, period)
  const institutions = (await readRecords(db, 'institutions')).filter(
    (i) => options.institutionCode === undefined || i.code === options.institutionCode
  )
  if (options.institutionCode !== undefined && institutions.length === 0) {
    throw new OutcomeError(notFound(`没有编码为 ${options.institutionCode} 的机构`))
  }
  const entries = await db.query<{
    institution_code: string
    item: string
    points: number
    reason: string
  }>(
    'SELECT institution_code, item, points, reason FROM assessment_entry WHERE period = $1 ORDER BY id',
    [period]
  )
  const manual = new Map<string, ManualDeduction[]>()
  for (const e of entries) {
    const list = manual.get(e.institution_code) ?? []
    list.push({ item: e.item, points: e.points, reason: e.reason })
    manual.set(e.institution_code, list)
  }
  let created = 0
  await db.transaction(async (tx) => {
    const currents = await tx.query<{
      institution_code: string
      id: string
      version: number
      content_hash: string
    }>(
      `SELECT institution_code, id, version, content_hash FROM assessment
       WHERE period = $1 AND current AND institution_code = ANY($2::text[])
       ORDER BY institution_code FOR UPDATE`,
      [period, institutions.map((i) => i.code)]
    )
    const currentOf = new Map(currents.map((c) => [c.institution_code, c]))
    const replaced: string[] = []
    const added: SqlValue[][] = []
    for (const inst of institutions) {
      const own = manual.get(inst.code) ?? []
      const veto = own.find((m) => m.item === 'VETO')?.reason ?? null
      const result = scoreAssessment(
        template,
        inst.code,
        period,
        indicators.get(inst.code) ?? {},
        own.filter((m) => m.item !== 'VETO'),
        veto
      )
      const body = JSON.stringify(result)
      const hash = createHash('sha256').update(body).digest('hex')
      const current = currentOf.get(inst.code)
      if (current?.content_hash === hash) continue
      if (current !== undefined) replaced.push(current.id)
      added.push([
        newId('KH'),
        inst.code,
        period,
        (current?.version ?? 0) + 1,
        true,
        template.id,
        result.score,
        result.band,
        result.credit,
        hash,
        body,
        viewer.actor,
      ])
    }
    // The versions replaced stop being current first: one current row per institution and period.
    if (replaced.length > 0) {
      await tx.query('UPDATE assessment SET current = false WHERE id = ANY($1::text[])', [replaced])
    }
    await insertRows(
      tx,
      'assessment',
      [
        'id',
        'institution_code',
        'period',
        'version',
        'current',
        'template_id',
        'score',
        'band',
        'credit',
        'content_hash',
        'result',
        'created_by',
      ],
      added,
      { casts: { result: '::text::jsonb' } }
    )
    created = added.length
    if (created > 0) {
      await appendAuditLog(tx, {
        actor: viewer.actor,
        action: 'assessment.run',
        target: period,
        detail: { created, institutions: institutions.length },
      })
    }
  })
  return {
    created,
    unchanged: institutions.length - created,
    results: await listAssessments(db, period, options.institutionCode),
  }
}

/** The current assessments of a period. */
export async function listAssessments(
  db: Queryable,
  period: string,
  institutionCode?: string
): Promise<StoredAssessment[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, version, result, credit_adjusted, adjust_reason, created_at FROM assessment
     WHERE period = $1 AND current ${institutionCode === undefined ? '' : 'AND institution_code = $2'}
     ORDER BY score, institution_code`,
    institutionCode === undefined ? [period] : [period, institutionCode]
  )
  return rows.map(toStored)
}

/** Changes a current assessment's credit level after an objection or a repair, with the reason. */
export async function adjustCredit(
  db: Database,
  institutionCode: string,
  period: string,
  credit: string,
  reason: string,
  viewer: Viewer
): Promise<StoredAssessment> {
  if (!['A', 'B', 'C', 'D'].includes(credit)) {
    throw new OutcomeError(
      badRequest(`credit：应为 A、B、C 或 D，收到 ${JSON.stringify(credit)}`, 'credit')
    )
  }
  if (reason.trim() === '')
    throw new OutcomeError(badRequest('reason：请写明异议或修复的理由', 'reason'))
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ id: string; credit: string; credit_adjusted: string | null }>(
      'SELECT id, credit, credit_adjusted FROM assessment WHERE institution_code = $1 AND period = $2 AND current FOR UPDATE',
      [institutionCode, period]
    )
    if (row === undefined)
      throw new OutcomeError(notFound(`${institutionCode} 没有 ${period} 的考核结果`))
    await tx.query('UPDATE assessment SET credit_adjusted = $2, adjust_reason = $3 WHERE id = $1', [
      row.id,
      credit,
      reason.trim(),
    ])
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'assessment.credit',
      target: `${institutionCode}|${period}`,
      detail: { from: row.credit_adjusted ?? row.credit, to: credit, reason: reason.trim() },
    })
    return (await listAssessments(tx, period, institutionCode))[0]!
  })
}

/**
 * A payment plan with assessments applied, replacing the plan's configured values for the
 * institutions assessed (the others keep them): the credit levels of the previous year's annual
 * assessment (the deposit of the monthly statements), and for `clearing` the coefficients of the
 * plan year's own assessment (the clearing and the deposit return).
 */
export async function withAssessments(
  db: Queryable,
  plan: PaymentPlan,
  use: 'monthly' | 'clearing'
): Promise<PaymentPlan> {
  const rated = await listAssessments(db, String(plan.year - 1))
  const scored = use === 'clearing' ? await listAssessments(db, String(plan.year)) : []
  return {
    ...plan,
    creditLevels: {
      ...plan.creditLevels,
      ...Object.fromEntries(rated.map((r) => [r.institutionCode, r.creditLevel])),
    },
    assessment: {
      ...plan.assessment,
      ...Object.fromEntries(scored.map((r) => [r.institutionCode, r.coefficient])),
    },
  }
}
