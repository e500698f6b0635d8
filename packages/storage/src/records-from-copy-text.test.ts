// SPDX-License-Identifier: Apache-2.0
import { expect, test } from 'vitest'
import { RECORD_KINDS, RECORD_TABLES } from './record-tables.js'
import { recordsFromCopyText } from './records-from-copy-text.js'
import { recordsToCopyText } from './records-to-copy-text.js'
import { testRecordBatch } from './test-record-batch.js'

test.each(RECORD_KINDS)('%s written as COPY text parse back to the same records', (kind) => {
  const records = testRecordBatch({ persons: 40, seed: 3 })[kind]
  const text = Buffer.concat(recordsToCopyText(RECORD_TABLES[kind], records)).toString('utf8')
  expect(recordsFromCopyText(RECORD_TABLES[kind], text)).toEqual(records)
})

test('timestamps in server output become ISO 8601 with offset', () => {
  const table = RECORD_TABLES.staffLinks
  const [link] = recordsFromCopyText(table, 'D1\tH1\t\\N\t2024-01-01\t\\N\n')
  expect(link).toEqual({
    staffCode: 'D1',
    institutionCode: 'H1',
    deptCode: null,
    begin: '2024-01-01',
    end: null,
  })
  const [line] = recordsFromCopyText(
    RECORD_TABLES.encounters,
    'M1\tP1\tH1\tOUTPATIENT\t11\t390\t2024-03-01 09:30:00+08\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\tf\t431222\n'
  )
  expect(line).toMatchObject({
    begin: '2024-03-01T09:30:00+08:00',
    end: null,
    readmitPlanned: false,
  })
})
