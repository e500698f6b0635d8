// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import {
  isResidentIdNumber,
  publicReportFromDocument,
  reportIntakeFromDocument,
} from './report-intake.js'

function pathsOf(run: () => unknown): string[] {
  try {
    run()
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome.issues.map((i) => i.path ?? '')
    throw err
  }
  throw new Error('expected a refusal')
}

const base = {
  channel: 'PHONE',
  kind: 'REAL_NAME',
  subjectType: 'INSTITUTION',
  subjectId: 'H001',
  clues: '2025 年 3 月挂床住院，病历可查',
  reporters: [{ name: '李四', phone: '13800138000', idNumber: '11010519491231002x' }],
}

describe('reading a report as taken', () => {
  test('a real-name report with one reporter is read, the ID number upper-cased', () => {
    const r = reportIntakeFromDocument(base)
    expect(r).toMatchObject({ kind: 'REAL_NAME', insider: false, receivedDate: null, matter: null })
    expect(r.reporters).toEqual([
      { name: '李四', phone: '13800138000', idNumber: '11010519491231002X' },
    ])
  })

  test('every bad field is named by its path', () => {
    expect(
      pathsOf(() =>
        reportIntakeFromDocument({ ...base, channel: 'FAX', subjectType: 'X', clues: ' ' })
      )
    ).toEqual(['$.channel', '$.subjectType', '$.clues'])
    expect(
      pathsOf(() =>
        reportIntakeFromDocument({
          ...base,
          reporters: [{ name: '李四', phone: 'call me', idNumber: '110105194912310021' }],
        })
      )
    ).toEqual(['$.reporters[0].phone', '$.reporters[0].idNumber'])
  })

  test('the number of reporters must fit the kind', () => {
    expect(pathsOf(() => reportIntakeFromDocument({ ...base, kind: 'ANONYMOUS' }))).toEqual([
      '$.reporters',
    ])
    expect(pathsOf(() => reportIntakeFromDocument({ ...base, kind: 'JOINT' }))).toEqual([
      '$.reporters',
    ])
    expect(pathsOf(() => reportIntakeFromDocument({ ...base, reporters: [] }))).toEqual([
      '$.reporters',
    ])
  })

  test('the public form is anonymous and takes no reporter details', () => {
    const { subjectType, subjectId, clues } = base
    expect(publicReportFromDocument({ subjectType, subjectId, clues })).toMatchObject({
      channel: 'WEB',
      kind: 'ANONYMOUS',
      reporters: [],
    })
    expect(pathsOf(() => publicReportFromDocument(base))).toEqual([
      '$.channel',
      '$.kind',
      '$.reporters',
    ])
  })

  test('resident ID numbers are checked by their check digit', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true)
    expect(isResidentIdNumber('110105194912310021')).toBe(false)
    expect(isResidentIdNumber('110105491231002')).toBe(true)
  })
})
