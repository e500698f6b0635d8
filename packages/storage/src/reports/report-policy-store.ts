// SPDX-License-Identifier: Apache-2.0
import { WorkingCalendar } from '@yibao/domain'
import type { ReportPolicy } from '@yibao/supervision'
import {
  DEFAULT_REPORT_POLICY,
  reportPolicyFromDocument,
  reportPolicyToDocument,
} from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import { getMeta, setMeta } from '../meta.js'
import { readReviewPolicy } from '../review/review-policy-store.js'
import type { Viewer } from '../review/viewer.js'

/** The `meta` key of the stored report policy (as a document: yuan and percent). */
export const REPORT_POLICY_META = 'reports.policy'

/** The report policy in force: the stored one, else the defaults. */
export async function readReportPolicy(db: Queryable): Promise<ReportPolicy> {
  const doc = await getMeta(db, REPORT_POLICY_META)
  return doc === undefined ? DEFAULT_REPORT_POLICY : reportPolicyFromDocument(doc)
}

/**
 * The bureau's working-day calendar: the holidays and worked weekend days of the bureau-wide
 * review policy, so that one list serves every deadline.
 */
export async function readReportCalendar(db: Queryable): Promise<WorkingCalendar> {
  const review = await readReviewPolicy(db)
  return new WorkingCalendar(review.holidays, review.workdays)
}

/**
 * Replaces the report policy with a whole document (amounts in yuan, rates in percent), every
 * bad field named and nothing stored then; the change goes to the audit log.
 *
 * @returns the policy now in force
 */
export async function saveReportPolicy(
  db: Database,
  doc: unknown,
  viewer: Viewer
): Promise<ReportPolicy> {
  const policy = reportPolicyFromDocument(doc)
  return db.transaction(async (tx) => {
    const before = await readReportPolicy(tx)
    await setMeta(tx, REPORT_POLICY_META, reportPolicyToDocument(policy))
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'report-policy.update',
      target: REPORT_POLICY_META,
      detail: { before: reportPolicyToDocument(before), after: reportPolicyToDocument(policy) },
    })
    return policy
  })
}
