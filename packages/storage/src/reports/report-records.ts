// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto'
import type { IsoDate, OutcomeIssue } from '@yibao/domain'
import { badRequest, conflict, isIsoDate, notFound, OutcomeError } from '@yibao/domain'
import type { ReporterIdentity, ReportState } from '@yibao/supervision'
import type { Queryable } from '../database.js'
import { recordEvent } from '../event-log.js'
import { newId } from '../new-id.js'
import type { Viewer } from '../review/viewer.js'
import type { ReportVault } from './report-vault.js'

// What the report modules share: the row as read, locking, the event log, ids and claim codes.

/** The columns of a report row with its handler's names. */
export const REPORT_COLUMNS = `r.id, r.channel, r.kind, r.claim_code_hash, r.subject_type,
  r.subject_id, r.subject_name, r.matter, r.clues, r.insider, r.state, r.handler_id,
  u.username AS handler_username, u.display_name AS handler_name, r.received_date,
  r.accept_deadline, r.decision_date, r.decision_reason, r.forwarded_to, r.notify_deadline,
  r.notified_date, r.close_deadline, r.verified_date, r.case_value, r.handling_decision,
  r.closed_date, r.disclose, r.disclosure_text, r.created_by, r.created_at, r.updated_at`

/** The report table joined to its handler. */
export const REPORT_FROM = 'report r LEFT JOIN app_user u ON u.id = r.handler_id'

/** A report row as read with `REPORT_COLUMNS`. */
export type ReportRow = Record<string, unknown> & {
  readonly id: string
  readonly state: ReportState
  readonly handler_username: string | null
}

/** The report, locked for the rest of the transaction, or 404. */
export async function lockReport(tx: Queryable, id: string): Promise<ReportRow> {
  const [row] = await tx.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.id = $1 FOR UPDATE OF r`,
    [id]
  )
  if (row === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的举报`))
  return row
}

/** One change of a report, for its event log and the audit log. Never a reporter's identity. */
export interface ReportEvent {
  readonly reportId: string
  readonly action: string
  readonly from: string | null
  readonly to: string | null
  readonly detail?: Record<string, unknown>
}

/** Appends a change to the report's event log and to the audit log (`report.<action>`). */
export async function recordReportEvent(
  tx: Queryable,
  viewer: Viewer,
  event: ReportEvent
): Promise<void> {
  const { reportId, ...rest } = event
  await recordEvent(
    tx,
    viewer,
    { table: 'report_event', idColumn: 'report_id', prefix: 'report' },
    { id: reportId, ...rest }
  )
}

/** A 400 naming the field (`$.handler：…`). */
export function fieldError(path: string, message: string): OutcomeError {
  return new OutcomeError(badRequest(`${path}：${message}`, path))
}

/** One issue naming the field, for refusals that list several. */
export function fieldIssue(path: string, message: string): OutcomeIssue {
  return { severity: 'error', code: 'invalid', message: `${path}：${message}`, path }
}

/** A 403 saying why this person may not do this. */
export function refusedTo(message: string): OutcomeError {
  return new OutcomeError({ issues: [{ severity: 'error', code: 'forbidden', message }] })
}

/** Refuses (403) anyone but the report's assigned handler; 409 while nobody is assigned. */
export function checkAssigned(row: ReportRow, viewer: Viewer): void {
  const handler = row.handler_username
  if (handler === null) {
    throw new OutcomeError(conflict(`举报 ${row.id} 尚未指定承办人，请先指派`, 'handler'))
  }
  if (viewer.actor !== `user:${handler}`) {
    throw refusedTo(`举报 ${row.id} 由 ${handler} 承办，只有承办人可以办理`)
  }
}

/** A new report id: JB + the day received + random. */
export function newReportId(receivedDate: IsoDate): string {
  return newId(`JB${receivedDate.replaceAll('-', '')}`, 8)
}

const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** A claim code of 80 random bits: 16 characters of Crockford base32 in four groups. */
export function newClaimCode(): string {
  const bytes = randomBytes(10)
  let bits = 0
  let value = 0
  let out = ''
  for (const b of bytes) {
    value = (value << 8) | b
    bits += 8
    while (bits >= 5) {
      out += CODE_ALPHABET.charAt((value >>> (bits - 5)) & 31)
      bits -= 5
    }
  }
  return out.match(/.{4}/g)!.join('-')
}

/** The stored form of a claim code: sha256 of the code without separators, upper case. */
export function claimCodeHash(code: string): string {
  const normal = code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0')
  return createHash('sha256').update(normal).digest('hex')
}

/**
 * The date of an action: `value` when given (a `YYYY-MM-DD` no later than today and no earlier
 * than `earliest`), else today. Refuses naming `path`.
 */
export function actionDate(
  value: unknown,
  today: IsoDate,
  earliest: IsoDate,
  path: string
): IsoDate {
  if (value === undefined || value === null) value = today
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw fieldError(path, `应为 YYYY-MM-DD 日期，收到 ${JSON.stringify(value)}`)
  }
  if (value > today) throw fieldError(path, `不能晚于今天（${today}）`)
  if (value < earliest) throw fieldError(path, `不能早于 ${earliest}`)
  return value
}

/**
 * The decrypted identities of the reporters of `ids`, by report. Callers show them to report
 * handlers only.
 */
export async function reporterIdentities(
  db: Queryable,
  vault: ReportVault,
  ids: readonly string[]
): Promise<Map<string, ReporterIdentity[]>> {
  const rows = await db.query<{
    report_id: string
    seq: number
    key_id: string
    name_enc: Uint8Array
    phone_enc: Uint8Array | null
    id_number_enc: Uint8Array | null
  }>(
    `SELECT report_id, seq, key_id, name_enc, phone_enc, id_number_enc FROM report_reporter
     WHERE report_id = ANY($1::text[]) ORDER BY report_id, seq`,
    [ids]
  )
  const out = new Map<string, ReporterIdentity[]>()
  for (const r of rows) {
    const open = (value: Uint8Array | null, name: string): Promise<string | null> =>
      value === null
        ? Promise.resolve(null)
        : vault.open(value, r.key_id, `${r.report_id}/${r.seq}/${name}`)
    const person: ReporterIdentity = {
      name: (await open(r.name_enc, 'name'))!,
      phone: await open(r.phone_enc, 'phone'),
      idNumber: await open(r.id_number_enc, 'idNumber'),
    }
    out.set(r.report_id, [...(out.get(r.report_id) ?? []), person])
  }
  return out
}
