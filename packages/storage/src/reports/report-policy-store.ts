// SPDX-License-Identifier: Apache-2.0
import { WorkingCalendar } from '@yibao/domain'
import type { ReportPolicy } from '@yibao/supervision'
import {
  DEFAULT_REPORT_POLICY,
  reportPolicyFromDocument,
  reportPolicyToDocument,
} from '@yibao/supervision'
import type { Database, Queryable } from '../database.js'
import type { MetaDocument } from '../meta.js'
import { readMetaDocument, saveMetaDocument } from '../meta.js'
import { readReviewPolicy } from '../review/review-policy-store.js'
import type { Viewer } from '../review/viewer.js'

/** The `meta` key of the stored report policy (as a document: yuan and percent). */
export const REPORT_POLICY_META = 'reports.policy'

const POLICY: MetaDocument<ReportPolicy> = {
  key: REPORT_POLICY_META,
  fallback: DEFAULT_REPORT_POLICY,
  fromDocument: reportPolicyFromDocument,
  toDocument: reportPolicyToDocument,
  action: 'report-policy.update',
  target: () => REPORT_POLICY_META,
  before: 'effective',
}

/** The report policy in force: the stored one, else the defaults. */
export async function readReportPolicy(db: Queryable): Promise<ReportPolicy> {
  return readMetaDocument(db, POLICY)
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
  return saveMetaDocument(db, POLICY, doc, viewer.actor)
}
