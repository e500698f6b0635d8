// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { OutcomeError, WorkingCalendar } from '@yibao/domain'
import {
  acceptDeadline,
  closeDeadline,
  DEFAULT_REPORT_POLICY,
  notifyDeadline,
  reportPolicyFromDocument,
  reportPolicyToDocument,
} from './report-policy.js'

// 2025 National Day and Mid-Autumn: 10-01 … 10-08 off, Sunday 09-28 and Saturday 10-11 worked.
const NATIONAL_DAY = new WorkingCalendar(
  ['2025-10-01', '2025-10-02', '2025-10-03', '2025-10-06', '2025-10-07', '2025-10-08'],
  ['2025-09-28', '2025-10-11']
)
const policy = DEFAULT_REPORT_POLICY

describe('report deadlines', () => {
  test('the 立案 decision is due 15 working days after receipt, holidays skipped', () => {
    // From Friday 09-26: 09-28 (worked Sunday), 09-29, 09-30, then 10-09, 10-10, 10-11 (worked
    // Saturday), 10-13 … 10-17, 10-20 … 10-23.
    expect(acceptDeadline('2025-09-26', policy, NATIONAL_DAY)).toBe('2025-10-23')
    expect(acceptDeadline('2025-09-26', policy, new WorkingCalendar())).toBe('2025-10-17')
  })

  test('the reporter is told within 5 working days of the decision', () => {
    // Over a plain weekend: Thursday 01-02 → Thursday 01-09.
    expect(notifyDeadline('2025-01-02', policy, new WorkingCalendar())).toBe('2025-01-09')
    // Over the holiday: 10-09, 10-10, 10-11, 10-13, 10-14.
    expect(notifyDeadline('2025-09-30', policy, NATIONAL_DAY)).toBe('2025-10-14')
  })

  test('closing is due 90 calendar days after 立案, and every limit is configurable', () => {
    expect(closeDeadline('2025-09-30', policy)).toBe('2025-12-29')
    const quick = { ...policy, acceptDays: 10, notifyDays: 3, closeDays: 60 }
    expect(acceptDeadline('2025-09-26', quick, NATIONAL_DAY)).toBe('2025-10-16')
    expect(notifyDeadline('2025-09-30', quick, NATIONAL_DAY)).toBe('2025-10-11')
    expect(closeDeadline('2025-09-30', quick)).toBe('2025-11-29')
  })
})

describe('the report policy document', () => {
  test('writes amounts in yuan and rates in percent, and reads them back', () => {
    const doc = reportPolicyToDocument(policy)
    expect(doc).toMatchObject({
      acceptDays: 15,
      reward: { grades: { 1: { rate: 3, floor: 400 } }, insiderBonus: 20, maximum: 200_000 },
    })
    expect(reportPolicyFromDocument(doc)).toEqual(policy)
  })

  test('names every bad field by its path', () => {
    const doc = reportPolicyToDocument(policy) as any
    doc.notifyDays = 0
    doc.reward.grades['2'].rate = 'x'
    doc.reward.minimum = 300_000
    let caught: unknown
    try {
      reportPolicyFromDocument(doc)
    } catch (err) {
      caught = err
    }
    expect(caught).toBeInstanceOf(OutcomeError)
    expect((caught as OutcomeError).outcome.issues.map((i) => i.path)).toEqual([
      '$.notifyDays',
      '$.reward.grades.2.rate',
    ])
    doc.notifyDays = 5
    doc.reward.grades['2'].rate = 2
    expect(() => reportPolicyFromDocument(doc)).toThrow('$.reward.minimum')
  })
})
