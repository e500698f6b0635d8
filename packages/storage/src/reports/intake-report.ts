// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import type { ReportIntake } from '@yibao/supervision'
import { acceptDeadline } from '@yibao/supervision'
import type { Database } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import { readReportCalendar, readReportPolicy } from './report-policy-store.js'
import type { ReportView } from './report-reads.js'
import { readReport } from './report-reads.js'
import {
  actionDate,
  claimCodeHash,
  newClaimCode,
  newReportId,
  recordReportEvent,
} from './report-records.js'
import type { ReportVault } from './report-vault.js'

/** Who takes reports from the public web form, for the audit log. */
export const PUBLIC_WEB_FORM: Viewer = {
  actor: 'public:web',
  role: 'system',
  institutionCode: null,
}

/** A report just taken, and the claim code of an anonymous one, shown this once only. */
export interface TakenReport {
  readonly report: ReportView
  readonly claimCode: string | null
}

/**
 * Registers a report (read with `reportIntakeFromDocument` or `publicReportFromDocument`): its
 * 立案 deadline counted in working days from receipt, the reporters' identities encrypted, the
 * claim code of an anonymous report kept only as a hash. Refused (503) when no identity key can
 * be had (production without `YIBAO_REPORT_KEY`), and (400) a receipt date after today.
 *
 * @param vault - encrypts the reporters' identities
 * @param today - the day of intake (the default receipt date)
 */
export async function intakeReport(
  db: Database,
  vault: ReportVault,
  intake: ReportIntake,
  viewer: Viewer,
  today: IsoDate
): Promise<TakenReport> {
  await vault.ready()
  const received = actionDate(intake.receivedDate, today, '2000-01-01', '$.receivedDate')
  const [policy, calendar] = [await readReportPolicy(db), await readReportCalendar(db)]
  const id = newReportId(received)
  const claimCode = intake.kind === 'ANONYMOUS' ? newClaimCode() : null
  const sealed = await Promise.all(
    intake.reporters.map(async (p, i) => {
      const seal = async (value: string | null, field: string): Promise<Buffer | null> =>
        value === null ? null : (await vault.seal(value, `${id}/${i + 1}/${field}`)).sealed
      const name = await vault.seal(p.name, `${id}/${i + 1}/name`)
      return {
        seq: i + 1,
        keyId: name.keyId,
        name: name.sealed,
        phone: await seal(p.phone, 'phone'),
        idNumber: await seal(p.idNumber, 'idNumber'),
      }
    })
  )
  const deadline = acceptDeadline(received, policy, calendar)
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO report (id, channel, kind, claim_code_hash, subject_type, subject_id,
         subject_name, matter, clues, insider, state, received_date, accept_deadline, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'RECEIVED', $11, $12, $13)`,
      [
        id,
        intake.channel,
        intake.kind,
        claimCode === null ? null : claimCodeHash(claimCode),
        intake.subjectType,
        intake.subjectId,
        intake.subjectName,
        intake.matter,
        intake.clues,
        intake.insider,
        received,
        deadline,
        viewer.actor,
      ]
    )
    for (const s of sealed) {
      await tx.query(
        `INSERT INTO report_reporter (report_id, seq, key_id, name_enc, phone_enc, id_number_enc)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [id, s.seq, s.keyId, s.name, s.phone, s.idNumber]
      )
    }
    await recordReportEvent(tx, viewer, {
      reportId: id,
      action: 'intake',
      from: null,
      to: 'RECEIVED',
      detail: {
        channel: intake.channel,
        kind: intake.kind,
        subjectType: intake.subjectType,
        subjectId: intake.subjectId,
        receivedDate: received,
        acceptDeadline: deadline,
        reporters: intake.reporters.length,
      },
    })
  })
  return { report: await readReport(db, vault, id, viewer), claimCode }
}
