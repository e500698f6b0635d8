// SPDX-License-Identifier: Apache-2.0
import type { StaffStatusPeriod } from '@yibao/audit'
import type { IsoDate } from '@yibao/domain'
import { badRequest, isIsoDate, notFound, OutcomeError } from '@yibao/domain'
import type { PointEvent, QualificationFile, Responsibility } from '@yibao/supervision'
import type { StaffRules } from '@yibao/supervision'
import {
  checkReregistration,
  DEFAULT_STAFF_RULES,
  pointsOf,
  qualificationFile,
  STAFF_RULES_CODEC,
  statusOn,
} from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { MetaDocument } from '../meta.js'
import { readMetaDocument, saveMetaDocument } from '../meta.js'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import { newId } from '../new-id.js'

const RULES: MetaDocument<StaffRules> = {
  key: 'staff.rules',
  fallback: DEFAULT_STAFF_RULES,
  fromDocument: STAFF_RULES_CODEC.fromDocument,
  toDocument: STAFF_RULES_CODEC.toDocument,
  action: 'staff.rules',
  target: () => 'staff.rules',
  before: 'stored',
}

/** The payment-qualification rules in force: the bureau's own, else the default table. */
export async function readStaffRules(db: Queryable): Promise<StaffRules> {
  return readMetaDocument(db, RULES)
}

/**
 * Replaces the rules (trigger table, suspension months) with a whole document, every bad field
 * named and nothing stored then; audited. Files are recomputed by them from then on.
 */
export async function saveStaffRules(
  db: Database,
  doc: unknown,
  viewer: Viewer
): Promise<StaffRules> {
  return saveMetaDocument(db, RULES, doc, viewer.actor)
}

const RESPONSIBILITIES: readonly Responsibility[] = ['MAIN', 'IMPORTANT', 'GENERAL']

/** What a point event is recorded from. */
export interface PointEventInput {
  readonly staffCode: string
  readonly decisionDate: string
  readonly trigger: string
  readonly responsibility: string
  /** Points other than the table's (1–12). */
  readonly points?: number | null
  readonly suspensionMonths?: number | null
  readonly institutionCode?: string | null
  readonly findingId?: string | null
  readonly note?: string | null
}

/** A staff member's file (一医一档): who, where, the events and what they lead to. */
export interface StaffFile extends QualificationFile {
  readonly name: string
  readonly kind: string
  readonly title: string
  readonly institutions: readonly { institutionCode: string; begin: IsoDate; end: IsoDate | null }[]
  readonly events: readonly (PointEvent & {
    institutionCode: string | null
    findingId: string | null
    note: string | null
    createdBy: string
    createdAt: string
  })[]
  readonly reregistrations: readonly IsoDate[]
  /** Status on the date asked for (default today). */
  readonly status: 'SUSPENDED' | 'TERMINATED' | null
  readonly statusDate: IsoDate
}

async function eventsOf(db: Queryable, staffCode: string): Promise<StaffFile['events']> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, staff_code, decision_date, points, responsibility, trigger, suspension_months,
       institution_code, finding_id, note, created_by, created_at
     FROM staff_point_event WHERE staff_code = $1 ORDER BY decision_date, id`,
    [staffCode]
  )
  return rows.map((r) => ({
    id: r['id'] as string,
    staffCode: r['staff_code'] as string,
    decisionDate: r['decision_date'] as IsoDate,
    points: r['points'] as number,
    responsibility: r['responsibility'] as Responsibility,
    trigger: r['trigger'] as string,
    suspensionMonths: (r['suspension_months'] as number | null) ?? null,
    institutionCode: (r['institution_code'] as string | null) ?? null,
    findingId: (r['finding_id'] as string | null) ?? null,
    note: (r['note'] as string | null) ?? null,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as string,
  }))
}

async function reregistrationsOf(db: Queryable, staffCode: string): Promise<IsoDate[]> {
  const rows = await db.query<{ date: IsoDate }>(
    'SELECT date FROM staff_reregistration WHERE staff_code = $1 ORDER BY date',
    [staffCode]
  )
  return rows.map((r) => r.date)
}

/**
 * A staff member's file with the status on `date`, or refuses (404) an unknown person.
 *
 * @param date - the day the status is asked for
 */
export async function readStaffFile(
  db: Queryable,
  staffCode: string,
  date: IsoDate
): Promise<StaffFile> {
  const [staff] = await db.query<{ name: string; kind: string; title: string }>(
    'SELECT name, kind, title FROM staff WHERE code = $1',
    [staffCode]
  )
  if (staff === undefined) throw new OutcomeError(notFound(`没有编码为 ${staffCode} 的医务人员`))
  const links = await db.query<{
    institution_code: string
    begin_date: IsoDate
    end_date: IsoDate | null
  }>(
    `SELECT institution_code, begin_date, end_date FROM staff_link WHERE staff_code = $1
     ORDER BY begin_date, institution_code`,
    [staffCode]
  )
  const events = await eventsOf(db, staffCode)
  const reregistrations = await reregistrationsOf(db, staffCode)
  const rules = await readStaffRules(db)
  const file = qualificationFile(staffCode, events, reregistrations, rules.suspensionMonths)
  return {
    ...file,
    ...staff,
    institutions: links.map((l) => ({
      institutionCode: l.institution_code,
      begin: l.begin_date,
      end: l.end_date,
    })),
    events,
    reregistrations,
    status: statusOn(file.periods, date),
    statusDate: date,
  }
}

/**
 * Records points given to a person (from the trigger table by responsibility unless `points` is
 * given), in the audit log too, and returns the person's file as of the decision date. Every
 * bad field is named; nothing is stored then.
 */
export async function recordPointEvent(
  db: Database,
  input: PointEventInput,
  viewer: Viewer
): Promise<StaffFile> {
  if (!isIsoDate(input.decisionDate)) {
    throw new OutcomeError(
      badRequest(
        `decisionDate：应为 YYYY-MM-DD 日期，收到 ${JSON.stringify(input.decisionDate)}`,
        'decisionDate'
      )
    )
  }
  if (!RESPONSIBILITIES.includes(input.responsibility as Responsibility)) {
    throw new OutcomeError(
      badRequest(
        `responsibility：应为 MAIN、IMPORTANT 或 GENERAL，收到 ${JSON.stringify(input.responsibility)}`,
        'responsibility'
      )
    )
  }
  const responsibility = input.responsibility as Responsibility
  const tablePoints = pointsOf(input.trigger, responsibility, (await readStaffRules(db)).triggers)
  const points = input.points ?? tablePoints
  if (!Number.isInteger(points) || points < 1 || points > 12) {
    throw new OutcomeError(
      badRequest(`points：应为 1–12 的整数，收到 ${JSON.stringify(input.points)}`, 'points')
    )
  }
  const months = input.suspensionMonths ?? null
  if (months !== null && (!Number.isInteger(months) || months < 1 || months > 6)) {
    throw new OutcomeError(
      badRequest(
        `suspensionMonths：应为 1–6 的整数，收到 ${JSON.stringify(months)}`,
        'suspensionMonths'
      )
    )
  }
  const date = input.decisionDate
  return db.transaction(async (tx) => {
    const before = await readStaffFile(tx, input.staffCode, date)
    const id = newId('JF')
    await tx.query(
      `INSERT INTO staff_point_event (id, staff_code, decision_date, points, responsibility, trigger,
         suspension_months, institution_code, finding_id, note, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        id,
        input.staffCode,
        date,
        points,
        responsibility,
        input.trigger,
        months,
        input.institutionCode ?? null,
        input.findingId ?? null,
        input.note ?? null,
        viewer.actor,
      ]
    )
    const after = await readStaffFile(tx, input.staffCode, date)
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'staff.points',
      target: input.staffCode,
      detail: {
        event: id,
        decisionDate: date,
        points,
        trigger: input.trigger,
        responsibility,
        yearTotal: after.yearTotals[date.slice(0, 4)] ?? 0,
        statusBefore: before.status,
        statusAfter: after.status,
      },
    })
    return after
  })
}

/** Records a re-registration after a termination's bar; refused before the bar (400). */
export async function recordReregistration(
  db: Database,
  staffCode: string,
  date: string,
  viewer: Viewer
): Promise<StaffFile> {
  if (!isIsoDate(date)) {
    throw new OutcomeError(
      badRequest(`date：应为 YYYY-MM-DD 日期，收到 ${JSON.stringify(date)}`, 'date')
    )
  }
  return db.transaction(async (tx) => {
    checkReregistration(await readStaffFile(tx, staffCode, date), date)
    await tx.query(
      'INSERT INTO staff_reregistration (staff_code, date, created_by) VALUES ($1, $2, $3)',
      [staffCode, date, viewer.actor]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'staff.reregister',
      target: staffCode,
      detail: { date },
    })
    return readStaffFile(tx, staffCode, date)
  })
}

/** Every period of suspended or terminated staff, for the audit's qualification rule. */
export async function loadStaffPeriods(db: Queryable): Promise<StaffStatusPeriod[]> {
  const rows = await db.query<{ staff_code: string }>(
    'SELECT DISTINCT staff_code FROM staff_point_event ORDER BY staff_code'
  )
  const out: StaffStatusPeriod[] = []
  const { suspensionMonths } = await readStaffRules(db)
  for (const r of rows) {
    const file = qualificationFile(
      r.staff_code,
      await eventsOf(db, r.staff_code),
      await reregistrationsOf(db, r.staff_code),
      suspensionMonths
    )
    for (const p of file.periods)
      out.push({ staffCode: r.staff_code, status: p.status, from: p.from, to: p.to })
  }
  return out
}

/** Staff with point events: year total, status on `date`, last event. */
export async function listStaffFiles(db: Queryable, date: IsoDate): Promise<StaffFile[]> {
  const rows = await db.query<{ staff_code: string }>(
    'SELECT DISTINCT staff_code FROM staff_point_event ORDER BY staff_code'
  )
  const out: StaffFile[] = []
  for (const r of rows) out.push(await readStaffFile(db, r.staff_code, date))
  return out
}
