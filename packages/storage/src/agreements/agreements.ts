// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import { badRequest, isIsoDate, notFound, OutcomeError } from '@yibao/domain'
import type { Agreement, AgreementAction, BlacklistEntry } from '@yibao/supervision'
import { applyAgreementAction, checkNewAgreement } from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import { newId } from '../new-id.js'
import { SqlWhere } from '../sql-where.js'

function checkDate(value: string, name: string): IsoDate {
  if (!isIsoDate(value))
    throw new OutcomeError(badRequest(`${name}：应为 YYYY-MM-DD，收到「${value}」`, name))
  return value
}

function toAgreement(r: Record<string, unknown>): Agreement {
  return {
    id: r['id'] as string,
    institutionCode: r['institution_code'] as string,
    signedOn: r['signed_on'] as IsoDate,
    status: r['status'] as Agreement['status'],
    statusSince: r['status_since'] as IsoDate,
    reason: (r['reason'] as string | null) ?? null,
    reapplyNotBefore: (r['reapply_not_before'] as IsoDate | null) ?? null,
  }
}

/** The agreements of an institution (all when none is given), newest first. */
export async function listAgreements(
  db: Queryable,
  institutionCode?: string
): Promise<Agreement[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM agreement ${institutionCode === undefined ? '' : 'WHERE institution_code = $1'}
     ORDER BY institution_code, signed_on DESC, id`,
    institutionCode === undefined ? [] : [institutionCode]
  )
  return rows.map(toAgreement)
}

/** The blacklist, or one subject type's part of it, or one subject's entries. */
export async function listBlacklist(
  db: Queryable,
  subjectType?: string,
  subjectId?: string
): Promise<BlacklistEntry[]> {
  const where = new SqlWhere()
  if (subjectType !== undefined) where.add('subject_type = ?', subjectType)
  if (subjectId !== undefined) where.add('subject_id = ?', subjectId)
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM blacklist_entry${where.sql} ORDER BY from_date DESC, id`,
    where.params
  )
  return rows.map((r) => ({
    id: r['id'] as string,
    subjectType: r['subject_type'] as BlacklistEntry['subjectType'],
    subjectId: r['subject_id'] as string,
    from: r['from_date'] as IsoDate,
    to: (r['to_date'] as IsoDate | null) ?? null,
    reason: r['reason'] as string,
  }))
}

/** Signs a new agreement, refused while one is in force, before a termination's bar, or to the blacklisted. */
export async function signAgreement(
  db: Database,
  institutionCode: string,
  signedOn: string,
  viewer: Viewer
): Promise<Agreement> {
  const date = checkDate(signedOn, 'signedOn')
  return db.transaction(async (tx) => {
    const [known] = await tx.query('SELECT 1 FROM institution WHERE code = $1', [institutionCode])
    if (known === undefined)
      throw new OutcomeError(notFound(`没有编码为 ${institutionCode} 的机构`))
    checkNewAgreement(
      institutionCode,
      date,
      await listAgreements(tx, institutionCode),
      await listBlacklist(tx, 'INSTITUTION')
    )
    const id = newId('XY')
    await tx.query(
      `INSERT INTO agreement (id, institution_code, signed_on, status, status_since) VALUES ($1, $2, $3, 'ACTIVE', $3)`,
      [id, institutionCode, date]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'agreement.sign',
      target: id,
      detail: { institutionCode, signedOn: date },
    })
    return (await listAgreements(tx, institutionCode)).find((a) => a.id === id)!
  })
}

/** Suspends, resumes or terminates an agreement. */
export async function changeAgreement(
  db: Database,
  id: string,
  act: AgreementAction,
  viewer: Viewer
): Promise<Agreement> {
  checkDate(act.date, 'date')
  return db.transaction(async (tx) => {
    const [row] = await tx.query<Record<string, unknown>>(
      'SELECT * FROM agreement WHERE id = $1 FOR UPDATE',
      [id]
    )
    if (row === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的协议`))
    const before = toAgreement(row)
    const after = applyAgreementAction(before, act)
    await tx.query(
      `UPDATE agreement SET status = $2, status_since = $3, reason = $4, reapply_not_before = $5, updated_at = now() WHERE id = $1`,
      [id, after.status, after.statusSince, after.reason, after.reapplyNotBefore]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: `agreement.${act.action}`,
      target: id,
      detail: {
        from: before.status,
        to: after.status,
        date: act.date,
        reason: after.reason,
        reapplyNotBefore: after.reapplyNotBefore,
      },
    })
    return after
  })
}

/** Adds a blacklist entry. */
export async function addBlacklistEntry(
  db: Database,
  entry: {
    subjectType: string
    subjectId: string
    from: string
    to?: string | null
    reason: string
  },
  viewer: Viewer
): Promise<BlacklistEntry> {
  if (!['INSTITUTION', 'STAFF', 'INSURED'].includes(entry.subjectType)) {
    throw new OutcomeError(
      badRequest(
        `subjectType：应为 INSTITUTION、STAFF 或 INSURED，收到「${entry.subjectType}」`,
        'subjectType'
      )
    )
  }
  const from = checkDate(entry.from, 'from')
  const to =
    entry.to === undefined || entry.to === null || entry.to === ''
      ? null
      : checkDate(entry.to, 'to')
  if (to !== null && to < from) throw new OutcomeError(badRequest('to：不能早于 from', 'to'))
  if (entry.subjectId.trim() === '')
    throw new OutcomeError(badRequest('subjectId：不能为空', 'subjectId'))
  if (entry.reason.trim() === '') throw new OutcomeError(badRequest('reason：请写明理由', 'reason'))
  const id = newId('HMD')
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO blacklist_entry (id, subject_type, subject_id, from_date, to_date, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [id, entry.subjectType, entry.subjectId.trim(), from, to, entry.reason.trim(), viewer.actor]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'blacklist.add',
      target: id,
      detail: { subjectType: entry.subjectType, subjectId: entry.subjectId, from, to },
    })
  })
  return {
    id,
    subjectType: entry.subjectType as BlacklistEntry['subjectType'],
    subjectId: entry.subjectId.trim(),
    from,
    to,
    reason: entry.reason.trim(),
  }
}
