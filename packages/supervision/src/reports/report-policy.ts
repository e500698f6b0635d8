// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Kind, OutcomeIssue, WorkingCalendar } from '@yibao/domain'
import {
  addDays,
  field,
  list,
  object,
  optional,
  percent,
  readDocument,
  renamedField,
  writeDocumentValue,
  yuan,
} from '@yibao/domain'
import type { RewardTable } from './report-reward.js'
import { REPORT_SUBJECT_TYPES } from './report-intake.js'
import { DEFAULT_REWARD_TABLE, REWARD_GRADES } from './report-reward.js'

/**
 * The time limits of report handling and the reward table of a region (domain.md §3; the days
 * are [N]/[K] national figures, the table an [L] example). Working days count in the bureau's
 * `WorkingCalendar`.
 */
export interface ReportPolicy {
  /** Working days from receipt to the 立案 decision (accept, reject or forward). */
  readonly acceptDays: number
  /** Working days after the 立案 decision within which the reporter is told of it. */
  readonly notifyDays: number
  /** Calendar days from 立案 to closing the case. */
  readonly closeDays: number
  readonly reward: RewardTable
}

/** Decision within 15 working days, notice within 5 after it, closing within 90 days. */
export const DEFAULT_REPORT_POLICY: ReportPolicy = {
  acceptDays: 15,
  notifyDays: 5,
  closeDays: 90,
  reward: DEFAULT_REWARD_TABLE,
}

const gradeRule = object(renamedField('rateBp', percent, 'rate'), field('floor', yuan))

const POLICY: Kind = object(
  field('acceptDays', { t: 'int', min: 1, max: 60 }),
  field('notifyDays', { t: 'int', min: 1, max: 30 }),
  field('closeDays', { t: 'int', min: 1, max: 365 }),
  field(
    'reward',
    object(
      field(
        'grades',
        object(...REWARD_GRADES.map((g) => renamedField(String(g), gradeRule, String(g))))
      ),
      field(
        'bands',
        optional(
          list(
            object(
              field('subjectTypes', optional(list({ t: 'enum', values: REPORT_SUBJECT_TYPES }))),
              field('fromCaseValue', yuan),
              field(
                'grades',
                object(...REWARD_GRADES.map((g) => renamedField(String(g), gradeRule, String(g))))
              ),
              field('addOn', yuan)
            )
          )
        )
      ),
      renamedField('insiderBonusBp', percent, 'insiderBonus'),
      field('minimum', yuan),
      field('maximum', yuan),
      field('noCaseValueReward', yuan)
    )
  )
)

function coherence(p: ReportPolicy, issues: OutcomeIssue[]): void {
  const bad = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  const r = p.reward
  if (r.minimum > r.maximum) bad('$.reward.minimum', '保底金额不能高于最高金额')
  if (r.noCaseValueReward > r.maximum) bad('$.reward.noCaseValueReward', '不能高于最高金额')
  for (const g of REWARD_GRADES) {
    if (r.grades[g].floor > r.maximum) bad(`$.reward.grades.${g}.floor`, '不能高于最高金额')
  }
}

/**
 * A report policy from a document (amounts in yuan, rates in percent), every problem named by
 * its path (`$.reward.grades.1.rate`).
 */
export function reportPolicyFromDocument(doc: unknown): ReportPolicy {
  return readDocument<ReportPolicy>(POLICY, doc, coherence)
}

/** A report policy as a document (amounts in yuan, rates in percent). */
export function reportPolicyToDocument(policy: ReportPolicy): Record<string, unknown> {
  return writeDocumentValue(POLICY, policy) as Record<string, unknown>
}

/** The last day of the 立案 decision: `acceptDays` working days after receipt. */
export function acceptDeadline(
  receivedDate: IsoDate,
  policy: ReportPolicy,
  calendar: WorkingCalendar
): IsoDate {
  return calendar.addWorkingDays(receivedDate, policy.acceptDays)
}

/** The last day to tell the reporter: `notifyDays` working days after the 立案 decision. */
export function notifyDeadline(
  decisionDate: IsoDate,
  policy: ReportPolicy,
  calendar: WorkingCalendar
): IsoDate {
  return calendar.addWorkingDays(decisionDate, policy.notifyDays)
}

/** The last day to close an accepted report: `closeDays` calendar days after 立案. */
export function closeDeadline(acceptedDate: IsoDate, policy: ReportPolicy): IsoDate {
  return addDays(acceptedDate, policy.closeDays)
}
