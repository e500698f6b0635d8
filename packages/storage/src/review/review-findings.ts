// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import type { FindingLine } from '@yibao/audit'
import type { FindingSeverity, IsoDate, OutcomeIssue, Timestamp } from '@yibao/domain'
import {
  badRequest,
  conflict,
  forbidden,
  invalid,
  isIsoDate,
  notFound,
  OutcomeError,
  WorkingCalendar,
} from '@yibao/domain'
import type { FindingState, ReviewAction, ReviewPolicy } from '@yibao/supervision'
import { FINDING_STATES, nextState } from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable, SqlValue } from '../database.js'
import { SqlWhere } from '../sql-where.js'
import { readReviewPolicy } from './review-policy-store.js'
import type { Viewer } from './viewer.js'
import { scopeOf } from './viewer.js'
import { newId } from '../new-id.js'

/** One row of the findings workbench. */
export interface ReviewFindingRow {
  readonly id: string
  readonly ruleId: string
  readonly ruleName: string
  readonly violation: string
  readonly severity: FindingSeverity
  readonly psnNo: string
  readonly mdtrtId: string
  readonly institutionCode: string
  readonly institutionName: string | null
  readonly findingDate: IsoDate
  /** Machine amount, fen. */
  readonly amount: number
  readonly message: string
  readonly state: FindingState
  readonly dispatchId: string | null
  readonly appealDeadline: IsoDate | null
  readonly reviewDeadline: IsoDate | null
  /** Amount upheld by the reviewer (or the machine amount on acceptance), fen. */
  readonly decidedAmount: number | null
}

/** Filters of the workbench; every one optional. */
export interface ReviewFilter {
  readonly states?: readonly FindingState[] | undefined
  readonly ruleId?: string | undefined
  readonly institutionCode?: string | undefined
  readonly severity?: FindingSeverity | undefined
  readonly from?: IsoDate | undefined
  readonly to?: IsoDate | undefined
  /** Smallest machine amount, fen. */
  readonly minAmount?: number | undefined
  readonly dispatchId?: string | undefined
  readonly ids?: readonly string[] | undefined
}

/** A page of rows and the total. */
export interface Page<T> {
  readonly items: readonly T[]
  readonly total: number
  readonly page: number
  readonly pageSize: number
}

const SEVERITIES: readonly FindingSeverity[] = ['CLEAR', 'HIGH_SUSPECT', 'SUSPECT', 'INFO']

/**
 * Checks a filter given as text (query string): names the field of the first bad value.
 *
 * @param query - field → text
 */
export function parseReviewFilter(query: Readonly<Record<string, unknown>>): ReviewFilter {
  const issues: OutcomeIssue[] = []
  const bad = (path: string, message: string): undefined => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
    return undefined
  }
  const text = (k: string): string | undefined => {
    const v = query[k]
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined
  }
  const date = (k: string): IsoDate | undefined => {
    const v = text(k)
    if (v === undefined || isIsoDate(v)) return v
    bad(k, `应为 YYYY-MM-DD 日期，收到 ${v}`)
    return undefined
  }
  const stateText = text('state')
  const states = stateText?.split(',').map((s) => s.trim()) as FindingState[] | undefined
  for (const s of states ?? []) {
    if (!FINDING_STATES.includes(s)) bad('state', `未知状态 ${s}`)
  }
  const severity = text('severity') as FindingSeverity | undefined
  if (severity !== undefined && !SEVERITIES.includes(severity)) {
    bad('severity', `未知严重程度 ${severity}`)
  }
  const minText = text('minAmount')
  const minAmount = minText === undefined ? undefined : Number(minText)
  if (minAmount !== undefined && !(Number.isInteger(minAmount) && minAmount >= 0)) {
    bad('minAmount', `应为非负整数（分），收到 ${minText}`)
  }
  const filter: ReviewFilter = {
    states,
    ruleId: text('ruleId'),
    institutionCode: text('institutionCode'),
    severity,
    from: date('from'),
    to: date('to'),
    minAmount,
    dispatchId: text('dispatchId'),
  }
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return filter
}

const ROW_SELECT = `SELECT f.id, f.rule_id AS "ruleId", COALESCE(f.rule_name, '') AS "ruleName",
  COALESCE(f.violation, '') AS violation, f.severity, COALESCE(f.psn_no, '') AS "psnNo",
  COALESCE(f.mdtrt_id, '') AS "mdtrtId", COALESCE(f.institution_code, '') AS "institutionCode",
  i.name AS "institutionName", f.finding_date AS "findingDate", f.amount,
  COALESCE(f.message, '') AS message, COALESCE(r.state, 'GENERATED') AS state,
  r.dispatch_id AS "dispatchId", r.appeal_deadline AS "appealDeadline",
  r.review_deadline AS "reviewDeadline", r.decided_amount AS "decidedAmount"
  FROM finding f
  LEFT JOIN finding_review r ON r.finding_id = f.id
  LEFT JOIN institution i ON i.code = f.institution_code`

/** Orders of the findings list: newest finding day, nearest review deadline, largest amount. */
export type ReviewSort = 'date' | 'reviewDeadline' | 'amount'

const ORDERS: Record<ReviewSort, string> = {
  date: 'f.finding_date DESC',
  reviewDeadline: 'r.review_deadline ASC NULLS LAST, f.finding_date DESC',
  amount: 'f.amount DESC',
}

/** True for a name of an order of the findings list. */
export function isReviewSort(value: unknown): value is ReviewSort {
  return typeof value === 'string' && Object.hasOwn(ORDERS, value)
}

/** The WHERE conditions of a filter seen by a viewer, with their parameters. */
function conditions(filter: ReviewFilter, viewer: Viewer): SqlWhere {
  const where = new SqlWhere()
  const scope = scopeOf(viewer)
  if (scope !== null) where.add('f.institution_code = ?', scope)
  if (filter.states !== undefined && filter.states.length > 0) {
    where.add(`COALESCE(r.state, 'GENERATED') = ANY(?::text[])`, filter.states)
  }
  if (filter.ruleId !== undefined) where.add('f.rule_id = ?', filter.ruleId)
  if (filter.institutionCode !== undefined) {
    where.add('f.institution_code = ?', filter.institutionCode)
  }
  if (filter.severity !== undefined) where.add('f.severity = ?', filter.severity)
  if (filter.from !== undefined) where.add('f.finding_date >= ?::date', filter.from)
  if (filter.to !== undefined) where.add('f.finding_date <= ?::date', filter.to)
  if (filter.minAmount !== undefined) where.add('f.amount >= ?', filter.minAmount)
  if (filter.dispatchId !== undefined) where.add('r.dispatch_id = ?', filter.dispatchId)
  if (filter.ids !== undefined) where.add('f.id = ANY(?::text[])', filter.ids)
  return where
}

function toRow(r: Record<string, unknown>): ReviewFindingRow {
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
  return {
    ...(r as unknown as ReviewFindingRow),
    amount: Number(r['amount']),
    decidedAmount: num(r['decidedAmount']),
  }
}

/**
 * A page of findings with their review state, newest finding day first. An institution user
 * sees only their institution's findings; the total counts only those.
 */
export async function listReviewFindings(
  db: Queryable,
  filter: ReviewFilter,
  viewer: Viewer,
  paging: { page: number; pageSize: number; sort?: ReviewSort | undefined } = {
    page: 1,
    pageSize: 20,
  }
): Promise<Page<ReviewFindingRow>> {
  const page = Math.max(1, Math.floor(paging.page))
  const pageSize = Math.min(500, Math.max(1, Math.floor(paging.pageSize)))
  const c = conditions(filter, viewer)
  const [rows, [count]] = await Promise.all([
    db.query<Record<string, unknown>>(
      `${ROW_SELECT}${c.sql}
       ORDER BY ${ORDERS[paging.sort ?? 'date']}, f.id COLLATE "C"
       LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      c.params
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM finding f
       LEFT JOIN finding_review r ON r.finding_id = f.id${c.sql}`,
      c.params
    ),
  ])
  return { items: rows.map(toRow), total: count?.n ?? 0, page, pageSize }
}

/** Every finding matching a filter (exports), up to `limit`. */
export async function exportReviewFindings(
  db: Queryable,
  filter: ReviewFilter,
  viewer: Viewer,
  limit = 100_000
): Promise<ReviewFindingRow[]> {
  const c = conditions(filter, viewer)
  const rows = await db.query<Record<string, unknown>>(
    `${ROW_SELECT}${c.sql} ORDER BY f.finding_date DESC, f.id COLLATE "C" LIMIT ${limit}`,
    c.params
  )
  return rows.map(toRow)
}

/** A fee line of a finding, as the evidence view shows it. */
export interface FindingLineView {
  readonly feedetlSn: string
  readonly role: 'violating' | 'related'
  readonly code: string | null
  readonly name: string | null
  readonly quantity: number | null
  readonly price: number | null
  readonly amount: number | null
  /** The violation amount this line carries, fen. */
  readonly violationAmount: number
  readonly feeTime: Timestamp | null
}

/** An attachment's description (its content is read on its own). */
export interface AttachmentInfo {
  readonly id: string
  readonly name: string
  readonly contentType: string
  readonly size: number
}

/** One finding in full: the row, the evidence, the appeal, the decision and the history. */
export interface ReviewFindingDetail extends ReviewFindingRow {
  readonly lines: readonly FindingLineView[]
  readonly relatedEncounters: readonly string[]
  readonly evidence: string
  readonly knowledgePointId: string | null
  readonly packVersion: string
  readonly params: Record<string, unknown>
  readonly appeal: {
    readonly action: 'appeal' | 'accept'
    readonly reason: string | null
    readonly at: Timestamp
    readonly by: string
    readonly attachments: readonly AttachmentInfo[]
  } | null
  readonly decision: {
    readonly decision: string
    readonly amount: number | null
    readonly basis: string | null
    readonly by: string
    readonly at: Timestamp
    readonly approvedBy: string | null
    readonly approvedAt: Timestamp | null
  } | null
  readonly history: readonly {
    readonly at: Timestamp
    readonly actor: string
    readonly action: string
    readonly from: string | null
    readonly to: string | null
  }[]
}

/**
 * One finding as a viewer may see it; undefined when it does not exist or belongs to another
 * institution than the viewer's (the two are not told apart).
 */
export async function readReviewFinding(
  db: Queryable,
  id: string,
  viewer: Viewer
): Promise<ReviewFindingDetail | undefined> {
  const c = conditions({ ids: [id] }, viewer)
  const [row] = await db.query<Record<string, unknown>>(
    `${ROW_SELECT.replace(
      'FROM finding f',
      `, f.lines, to_jsonb(f.related_encounters) AS related, COALESCE(f.evidence, '') AS evidence,
         f.knowledge_point_id, COALESCE(f.pack_version, '') AS pack_version, f.params,
         r.appeal_action, r.appeal_reason, r.appealed_by, r.appealed_at, r.decision, r.basis,
         r.decided_by, r.decided_at, r.approved_by, r.approved_at
       FROM finding f`
    )}${c.sql}`,
    c.params
  )
  if (row === undefined) return undefined
  const findingLines = row['lines'] as FindingLine[]
  const sns = findingLines.map((l) => l.feedetlSn)
  const [feeRows, attachments, history] = await Promise.all([
    sns.length === 0
      ? Promise.resolve([])
      : db.query<Record<string, unknown>>(
          `SELECT feedetl_sn, code, name, quantity, price, amount, fee_time
           FROM fee_line WHERE feedetl_sn = ANY($1::text[])`,
          [sns]
        ),
    db.query<Record<string, unknown>>(
      `SELECT id, name, content_type, size FROM appeal_attachment WHERE finding_id = $1
       ORDER BY uploaded_at, id`,
      [id]
    ),
    db.query<Record<string, unknown>>(
      `SELECT at, actor, action, detail->>'from' AS "from", detail->>'to' AS "to"
       FROM audit_log WHERE target = $1 AND action LIKE 'finding.%' ORDER BY id`,
      [id]
    ),
  ])
  const fee = new Map(feeRows.map((f) => [f['feedetl_sn'] as string, f]))
  const lines = findingLines.map((l): FindingLineView => {
    const f = fee.get(l.feedetlSn)
    return {
      feedetlSn: l.feedetlSn,
      role: l.role === 'VIOLATING' ? 'violating' : 'related',
      code: (f?.['code'] as string | undefined) ?? null,
      name: (f?.['name'] as string | undefined) ?? null,
      quantity: f === undefined ? null : Number(f['quantity']),
      price: f === undefined ? null : Number(f['price']),
      amount: f === undefined ? null : Number(f['amount']),
      violationAmount: l.amount,
      feeTime: (f?.['fee_time'] as Timestamp | undefined) ?? null,
    }
  })
  const base = toRow(row)
  return {
    ...base,
    lines,
    relatedEncounters: row['related'] as string[],
    evidence: row['evidence'] as string,
    knowledgePointId: (row['knowledge_point_id'] as string | null) ?? null,
    packVersion: row['pack_version'] as string,
    params: (row['params'] as Record<string, unknown>) ?? {},
    appeal:
      row['appeal_action'] == null
        ? null
        : {
            action: row['appeal_action'] as 'appeal' | 'accept',
            reason: (row['appeal_reason'] as string | null) ?? null,
            at: row['appealed_at'] as Timestamp,
            by: row['appealed_by'] as string,
            attachments: attachments.map((a) => ({
              id: a['id'] as string,
              name: a['name'] as string,
              contentType: a['content_type'] as string,
              size: Number(a['size']),
            })),
          },
    decision:
      row['decision'] == null
        ? null
        : {
            decision: row['decision'] as string,
            amount: base.decidedAmount,
            basis: (row['basis'] as string | null) ?? null,
            by: row['decided_by'] as string,
            at: row['decided_at'] as Timestamp,
            approvedBy: (row['approved_by'] as string | null) ?? null,
            approvedAt: (row['approved_at'] as Timestamp | null) ?? null,
          },
    history: history.map((h) => ({
      at: h['at'] as Timestamp,
      actor: h['actor'] as string,
      action: h['action'] as string,
      from: (h['from'] as string | null) ?? null,
      to: (h['to'] as string | null) ?? null,
    })),
  }
}

/** The locked review state of one finding, inside a transaction. */
interface Locked {
  readonly id: string
  readonly severity: FindingSeverity
  readonly amount: number
  readonly institutionCode: string | null
  readonly admdvs: string | null
  readonly state: FindingState
  readonly appealDeadline: IsoDate | null
  readonly decidedAmount: number | null
  readonly decidedBy: string | null
}

async function lock(tx: Queryable, id: string, viewer: Viewer): Promise<Locked> {
  const [row] = await tx.query<Record<string, unknown>>(
    `SELECT f.id, f.severity, f.amount, f.institution_code, i.admdvs,
            COALESCE(r.state, 'GENERATED') AS state, r.appeal_deadline, r.decided_amount, r.decided_by
     FROM finding f
     LEFT JOIN finding_review r ON r.finding_id = f.id
     LEFT JOIN institution i ON i.code = f.institution_code
     WHERE f.id = $1 FOR UPDATE OF f`,
    [id]
  )
  const scope = scopeOf(viewer)
  if (row === undefined || (scope !== null && row['institution_code'] !== scope)) {
    throw new OutcomeError(notFound(`没有编号为 ${id} 的疑点`))
  }
  return {
    id,
    severity: row['severity'] as FindingSeverity,
    amount: Number(row['amount']),
    institutionCode: (row['institution_code'] as string | null) ?? null,
    admdvs: (row['admdvs'] as string | null) ?? null,
    state: row['state'] as FindingState,
    appealDeadline: (row['appeal_deadline'] as IsoDate | null) ?? null,
    decidedAmount: row['decided_amount'] == null ? null : Number(row['decided_amount']),
    decidedBy: (row['decided_by'] as string | null) ?? null,
  }
}

/**
 * Moves a locked finding by an action: checks the transition, writes the review row (the given
 * columns too) and appends the audit-log entry with the states before and after. Reaching UPHELD
 * writes the deduction and moves on to DEDUCTED in the same transaction; overturning a deducted
 * finding writes the reversing deduction.
 */
async function move(
  tx: Queryable,
  f: Locked,
  action: ReviewAction,
  viewer: Viewer,
  policy: ReviewPolicy,
  today: IsoDate,
  columns: Record<string, SqlValue> = {},
  detail: Record<string, unknown> = {}
): Promise<FindingState> {
  const amount = (columns['decided_amount'] as number | undefined) ?? f.decidedAmount ?? f.amount
  const to = nextState(f.id, f.state, action, policy, { severity: f.severity, amount })
  const names = Object.keys(columns)
  const values = names.map((n) => columns[n]!)
  const insertCols = ['finding_id', 'state', 'institution_code', ...names]
  const placeholders = insertCols.map((_, i) => `$${i + 1}`)
  const updates = ['state', ...names].map((n) => `${n} = EXCLUDED.${n}`)
  await tx.query(
    `INSERT INTO finding_review (${insertCols.join(', ')}) VALUES (${placeholders.join(', ')})
     ON CONFLICT (finding_id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()`,
    [f.id, to, f.institutionCode ?? '', ...values]
  )
  await appendAuditLog(tx, {
    actor: viewer.actor,
    action: `finding.${action}`,
    target: f.id,
    detail: { from: f.state, to, ...detail },
  })
  const moved: Locked = { ...f, state: to, decidedAmount: amount }
  if (to === 'UPHELD') {
    await tx.query(
      `INSERT INTO deduction (id, institution_code, month, finding_id, amount, created_by)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [newId('DK'), f.institutionCode ?? '', today.slice(0, 7), f.id, amount, viewer.actor]
    )
    return move(
      tx,
      moved,
      'deduct',
      viewer,
      policy,
      today,
      {},
      { amount, month: today.slice(0, 7) }
    )
  }
  if (action === 'overturn' && f.state === 'DEDUCTED') {
    const [original] = await tx.query<{ id: string; amount: number }>(
      `SELECT id, amount FROM deduction WHERE finding_id = $1 AND reversal_of IS NULL`,
      [f.id]
    )
    if (original !== undefined) {
      await tx.query(
        `INSERT INTO deduction (id, institution_code, month, finding_id, amount, reversal_of, created_by, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [
          newId('DK'),
          f.institutionCode ?? '',
          today.slice(0, 7),
          f.id,
          -original.amount,
          original.id,
          viewer.actor,
          '撤销认定，冲回扣款',
        ]
      )
    }
  }
  return to
}

/** A dispatch batch (下发批次). */
export interface DispatchBatch {
  readonly id: string
  readonly institutionCode: string
  readonly dispatchDate: IsoDate
  readonly appealDeadline: IsoDate
  readonly reviewDeadline: IsoDate
  readonly count: number
  readonly amount: number
  readonly createdBy: string
}

/**
 * Dispatches GENERATED findings to their institutions: one batch per institution, with the
 * appeal deadline `appealDays` working days after today and the review deadline `reviewDays`
 * working days after that. Findings chosen by id must all be GENERATED (else 409, nothing
 * dispatched); findings chosen by filter are the GENERATED ones matching it.
 *
 * @param db - the database
 * @param selection - finding ids, or a filter
 * @param viewer - the auditor
 * @param today - the dispatch date
 */
export async function dispatchFindings(
  db: Database,
  selection: { findingIds?: readonly string[] | undefined; filter?: ReviewFilter | undefined },
  viewer: Viewer,
  today: IsoDate
): Promise<DispatchBatch[]> {
  const byIds = selection.findingIds !== undefined
  if (byIds && selection.findingIds!.length === 0) {
    throw new OutcomeError(badRequest('findingIds：至少选择一条疑点', 'findingIds'))
  }
  if (!byIds && selection.filter === undefined) {
    throw new OutcomeError(badRequest('应提供 findingIds 或 filter', 'findingIds'))
  }
  return db.transaction(async (tx) => {
    const filter: ReviewFilter = byIds
      ? { ids: [...new Set(selection.findingIds)] }
      : { ...selection.filter, states: ['GENERATED'] }
    const c = conditions(filter, viewer)
    const rows = await tx.query<{ id: string; state: string; institution_code: string | null }>(
      `SELECT f.id, COALESCE(r.state, 'GENERATED') AS state, f.institution_code
       FROM finding f LEFT JOIN finding_review r ON r.finding_id = f.id${c.sql}
       ORDER BY f.institution_code COLLATE "C", f.id COLLATE "C" FOR UPDATE OF f`,
      c.params
    )
    if (byIds) {
      const found = new Set(rows.map((r) => r.id))
      const missing = filter.ids!.find((id) => !found.has(id))
      if (missing !== undefined) {
        throw new OutcomeError(notFound(`没有编号为 ${missing} 的疑点`))
      }
      const taken = rows.find((r) => r.state !== 'GENERATED')
      if (taken !== undefined) {
        throw new OutcomeError(
          conflict(`疑点 ${taken.id} 当前状态为 ${taken.state}，下发需要状态 GENERATED`, 'state')
        )
      }
    }
    const noInstitution = rows.find((r) => (r.institution_code ?? '') === '')
    if (noInstitution !== undefined) {
      throw new OutcomeError(conflict(`疑点 ${noInstitution.id} 没有所属机构，不能下发`))
    }
    if (rows.length === 0) {
      throw new OutcomeError(badRequest('没有符合条件的待下发疑点', 'filter'))
    }
    const groups = new Map<string, string[]>()
    for (const r of rows) {
      const list = groups.get(r.institution_code!)
      if (list) list.push(r.id)
      else groups.set(r.institution_code!, [r.id])
    }
    const batches: DispatchBatch[] = []
    for (const [institutionCode, ids] of groups) {
      const [inst] = await tx.query<{ admdvs: string }>(
        'SELECT admdvs FROM institution WHERE code = $1',
        [institutionCode]
      )
      const policy = await readReviewPolicy(tx, inst?.admdvs)
      const calendar = new WorkingCalendar(policy.holidays, policy.workdays)
      const appealDeadline = calendar.addWorkingDays(today, policy.appealDays)
      const reviewDeadline = calendar.addWorkingDays(appealDeadline, policy.reviewDays)
      const id = newId('XF')
      const [sum] = await tx.query<{ amount: number }>(
        'SELECT COALESCE(sum(amount), 0)::bigint AS amount FROM finding WHERE id = ANY($1::text[])',
        [ids]
      )
      const amount = sum?.amount ?? 0
      await tx.query(
        `INSERT INTO dispatch_batch (id, institution_code, dispatch_date, appeal_deadline,
           review_deadline, findings, amount, filter, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9)`,
        [
          id,
          institutionCode,
          today,
          appealDeadline,
          reviewDeadline,
          ids.length,
          amount,
          JSON.stringify(byIds ? { findingIds: ids } : (selection.filter ?? {})),
          viewer.actor,
        ]
      )
      for (const findingId of ids) {
        const f = await lock(tx, findingId, viewer)
        await move(
          tx,
          f,
          'dispatch',
          viewer,
          policy,
          today,
          {
            dispatch_id: id,
            appeal_deadline: appealDeadline,
            review_deadline: reviewDeadline,
          },
          { dispatchId: id }
        )
      }
      await appendAuditLog(tx, {
        actor: viewer.actor,
        action: 'dispatch.create',
        target: id,
        detail: { institutionCode, findings: ids.length, amount, appealDeadline, reviewDeadline },
      })
      batches.push({
        id,
        institutionCode,
        dispatchDate: today,
        appealDeadline,
        reviewDeadline,
        count: ids.length,
        amount,
        createdBy: viewer.actor,
      })
    }
    return batches
  })
}

/** Dispatch batches, newest first (an institution user sees their own). */
export async function listDispatches(db: Queryable, viewer: Viewer): Promise<DispatchBatch[]> {
  const scope = scopeOf(viewer)
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, institution_code AS "institutionCode", dispatch_date AS "dispatchDate",
            appeal_deadline AS "appealDeadline", review_deadline AS "reviewDeadline",
            findings AS count, amount, created_by AS "createdBy"
     FROM dispatch_batch ${scope === null ? '' : 'WHERE institution_code = $1'}
     ORDER BY created_at DESC, id LIMIT 500`,
    scope === null ? [] : [scope]
  )
  return rows.map((r) => ({ ...(r as unknown as DispatchBatch), amount: Number(r['amount']) }))
}

/** An attachment as uploaded (base64 content). */
export interface AttachmentUpload {
  readonly name: string
  readonly contentType: string
  /** Base64 content. */
  readonly data: string
}

/** Attachment limits. */
export const ATTACHMENT_LIMITS = { maxBytes: 10 * 1024 * 1024, maxFiles: 5 } as const

/** Accepted attachment types: extension → content types and the file's first bytes. */
const ATTACHMENT_TYPES: Record<string, { types: readonly string[]; magic: readonly number[] }> = {
  pdf: { types: ['application/pdf'], magic: [0x25, 0x50, 0x44, 0x46] },
  png: { types: ['image/png'], magic: [0x89, 0x50, 0x4e, 0x47] },
  jpg: { types: ['image/jpeg'], magic: [0xff, 0xd8, 0xff] },
  jpeg: { types: ['image/jpeg'], magic: [0xff, 0xd8, 0xff] },
  doc: { types: ['application/msword'], magic: [0xd0, 0xcf, 0x11, 0xe0] },
  xls: { types: ['application/vnd.ms-excel'], magic: [0xd0, 0xcf, 0x11, 0xe0] },
  docx: {
    types: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
  xlsx: {
    types: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    magic: [0x50, 0x4b, 0x03, 0x04],
  },
}

/** True when the text holds a control character (U+0000–U+001F). */
function hasControlChar(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) < 0x20) return true
  return false
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/** Decodes and checks attachments; every problem names `attachments[i].field`. */
function checkAttachments(
  uploads: readonly AttachmentUpload[]
): { name: string; contentType: string; content: Buffer }[] {
  const issues: OutcomeIssue[] = []
  const bad = (path: string, message: string, code: 'invalid' | 'too-large' = 'invalid'): void => {
    issues.push({ severity: 'error', code, message: `${path}：${message}`, path })
  }
  if (uploads.length > ATTACHMENT_LIMITS.maxFiles) {
    bad('attachments', `最多 ${ATTACHMENT_LIMITS.maxFiles} 个附件，收到 ${uploads.length} 个`)
  }
  const out: { name: string; contentType: string; content: Buffer }[] = []
  uploads.forEach((u, i) => {
    const at = `attachments[${i}]`
    const name = typeof u.name === 'string' ? u.name.trim() : ''
    if (name === '' || name.length > 200 || /[\\/]/.test(name) || hasControlChar(name)) {
      bad(`${at}.name`, '文件名为空、过长或含有路径字符')
      return
    }
    const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : ''
    const kind = ATTACHMENT_TYPES[ext]
    if (kind === undefined) {
      bad(`${at}.name`, `不支持的文件类型 .${ext}（可用 pdf、jpg、png、doc、docx、xls、xlsx）`)
      return
    }
    if (!kind.types.includes(u.contentType)) {
      bad(`${at}.contentType`, `.${ext} 文件的类型应为 ${kind.types[0]}，收到 ${u.contentType}`)
      return
    }
    const data = typeof u.data === 'string' ? u.data.replace(/\s+/g, '') : ''
    if (data === '' || data.length % 4 !== 0 || !BASE64.test(data)) {
      bad(`${at}.data`, '内容应为非空的 base64')
      return
    }
    const content = Buffer.from(data, 'base64')
    if (content.length > ATTACHMENT_LIMITS.maxBytes) {
      bad(
        `${at}.data`,
        `文件过大（${content.length} 字节，上限 ${ATTACHMENT_LIMITS.maxBytes}）`,
        'too-large'
      )
      return
    }
    if (!kind.magic.every((b, k) => content[k] === b)) {
      bad(`${at}.data`, `内容不是 .${ext} 文件`)
      return
    }
    out.push({ name, contentType: u.contentType, content })
  })
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return out
}

/**
 * An institution's answer to a dispatched finding: accept it (upheld at the machine amount,
 * deducted) or appeal it with a reason and attachments. Refused after the appeal deadline (409),
 * for another institution's finding (404), or with a precise error for bad input; nothing is
 * stored unless everything is.
 */
export async function answerFinding(
  db: Database,
  id: string,
  input: {
    action: 'appeal' | 'accept'
    reason?: string | undefined
    attachments?: readonly AttachmentUpload[] | undefined
  },
  viewer: Viewer,
  today: IsoDate
): Promise<FindingState> {
  if (viewer.role !== 'institution') throw new OutcomeError(forbidden)
  if (input.action !== 'appeal' && input.action !== 'accept') {
    throw new OutcomeError(
      badRequest(`action：应为 appeal 或 accept，收到 ${String(input.action)}`, 'action')
    )
  }
  const reason = (input.reason ?? '').trim()
  if (input.action === 'appeal' && reason === '') {
    throw new OutcomeError(badRequest('reason：申诉须写明理由', 'reason'))
  }
  const files = checkAttachments(input.attachments ?? [])
  return db.transaction(async (tx) => {
    const f = await lock(tx, id, viewer)
    if (f.state === 'DISPATCHED' && f.appealDeadline !== null && today > f.appealDeadline) {
      throw new OutcomeError(
        conflict(`疑点 ${id} 的申诉期限已过（截止 ${f.appealDeadline}）`, 'state')
      )
    }
    const policy = await readReviewPolicy(tx, f.admdvs ?? undefined)
    const ids: string[] = []
    for (const file of files) {
      const attachmentId = newId('FJ')
      ids.push(attachmentId)
      await tx.query(
        `INSERT INTO appeal_attachment (id, finding_id, institution_code, name, content_type, size,
           sha256, content, uploaded_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          attachmentId,
          id,
          f.institutionCode ?? '',
          file.name,
          file.contentType,
          file.content.length,
          createHash('sha256').update(file.content).digest('hex'),
          file.content,
          viewer.actor,
        ]
      )
    }
    const columns: Record<string, SqlValue> = {
      appeal_action: input.action,
      appeal_reason: reason === '' ? null : reason,
      appealed_by: viewer.actor,
      appealed_at: new Date().toISOString(),
    }
    if (input.action === 'accept') {
      columns['decision'] = 'accept'
      columns['decided_amount'] = f.amount
      columns['decided_by'] = viewer.actor
      columns['decided_at'] = new Date().toISOString()
    }
    return move(tx, f, input.action, viewer, policy, today, columns, {
      reason: reason === '' ? null : reason,
      attachments: ids,
    })
  })
}

/** A reviewer's decision. */
export interface DecisionInput {
  readonly decision: 'uphold' | 'dismiss' | 'approve' | 'reject' | 'overturn'
  /** Upheld amount, fen (uphold only; default the machine amount). */
  readonly amount?: number | undefined
  /** The written basis (复审依据), required. */
  readonly basis: string
}

const DECISIONS = ['uphold', 'dismiss', 'approve', 'reject', 'overturn'] as const

/**
 * A reviewer's decision on a finding: uphold (optionally at a lower amount; above the four-eyes
 * threshold it waits for a second reviewer), dismiss, approve or reject a pending uphold (only by
 * another reviewer), or overturn an upheld finding (reversing its deduction).
 */
export async function decideFinding(
  db: Database,
  id: string,
  input: DecisionInput,
  viewer: Viewer,
  today: IsoDate
): Promise<FindingState> {
  if (viewer.role !== 'reviewer') throw new OutcomeError(forbidden)
  if (!DECISIONS.includes(input.decision)) {
    throw new OutcomeError(
      badRequest(
        `decision：应为 ${DECISIONS.join('、')} 之一，收到 ${input.decision as string}`,
        'decision'
      )
    )
  }
  const basis = typeof input.basis === 'string' ? input.basis.trim() : ''
  if (basis === '') throw new OutcomeError(badRequest('basis：须写明复审依据', 'basis'))
  if (input.amount !== undefined && input.decision !== 'uphold') {
    throw new OutcomeError(badRequest('amount：只有认定时可调整金额', 'amount'))
  }
  return db.transaction(async (tx) => {
    const f = await lock(tx, id, viewer)
    const policy = await readReviewPolicy(tx, f.admdvs ?? undefined)
    if (input.amount !== undefined) {
      if (!Number.isInteger(input.amount) || input.amount < 1 || input.amount > f.amount) {
        throw new OutcomeError(
          badRequest(
            `amount：认定金额应为 1 至 ${f.amount} 之间的整数（分），收到 ${input.amount}`,
            'amount'
          )
        )
      }
    }
    const detail = { basis, amount: input.amount ?? null }
    switch (input.decision) {
      case 'uphold':
      case 'dismiss':
        return move(
          tx,
          f,
          input.decision,
          viewer,
          policy,
          today,
          {
            decision: input.decision,
            decided_amount: input.decision === 'uphold' ? (input.amount ?? f.amount) : null,
            basis,
            decided_by: viewer.actor,
            decided_at: new Date().toISOString(),
            approved_by: null,
            approved_at: null,
          },
          detail
        )
      case 'approve':
      case 'reject':
        if (f.state === 'PENDING_APPROVAL' && f.decidedBy === viewer.actor) {
          throw new OutcomeError(
            conflict(`疑点 ${id} 须由另一名复审员复核批准（双人复核）`, 'decision')
          )
        }
        return move(
          tx,
          f,
          input.decision,
          viewer,
          policy,
          today,
          input.decision === 'approve'
            ? { approved_by: viewer.actor, approved_at: new Date().toISOString() }
            : { decision: null, decided_amount: null, approved_by: null, approved_at: null },
          detail
        )
      case 'overturn':
        return move(
          tx,
          f,
          'overturn',
          viewer,
          policy,
          today,
          {
            decision: 'overturn',
            basis,
            decided_by: viewer.actor,
            decided_at: new Date().toISOString(),
          },
          detail
        )
    }
  })
}

/**
 * Applies the end of the appeal window: every DISPATCHED finding whose appeal deadline is before
 * `today` is moved by the region's silence rule (CLEAR upheld and deducted, suspect to review).
 * Each finding moves in its own transaction, so a crash loses nothing already moved and a rerun
 * moves only the rest.
 *
 * @returns the number of findings moved
 */
export async function expireOverdueFindings(
  db: Database,
  today: IsoDate,
  viewer: Viewer
): Promise<number> {
  const due = await db.query<{ finding_id: string }>(
    `SELECT finding_id FROM finding_review WHERE state = 'DISPATCHED' AND appeal_deadline < $1::date
     ORDER BY finding_id`,
    [today]
  )
  let moved = 0
  for (const { finding_id: id } of due) {
    moved += await db.transaction(async (tx) => {
      const f = await lock(tx, id, viewer)
      if (f.state !== 'DISPATCHED' || f.appealDeadline === null || f.appealDeadline >= today) {
        return 0
      }
      const policy = await readReviewPolicy(tx, f.admdvs ?? undefined)
      const columns: Record<string, SqlValue> =
        policy.noAppeal[f.severity] === 'UPHELD'
          ? {
              decision: 'expire',
              decided_amount: f.amount,
              decided_by: viewer.actor,
              decided_at: new Date().toISOString(),
            }
          : {}
      await move(tx, f, 'expire', viewer, policy, today, columns, { deadline: f.appealDeadline })
      return 1
    })
  }
  return moved
}

/** An attachment's content, if the viewer may see it. */
export async function readAttachment(
  db: Queryable,
  id: string,
  viewer: Viewer
): Promise<{ name: string; contentType: string; content: Uint8Array } | undefined> {
  const scope = scopeOf(viewer)
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT name, content_type, content, institution_code FROM appeal_attachment WHERE id = $1`,
    [id]
  )
  if (row === undefined || (scope !== null && row['institution_code'] !== scope)) return undefined
  return {
    name: row['name'] as string,
    contentType: row['content_type'] as string,
    content: row['content'] as Uint8Array,
  }
}
