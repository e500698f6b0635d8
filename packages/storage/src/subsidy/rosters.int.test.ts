// SPDX-License-Identifier: Apache-2.0
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readXlsxTables } from '@yibao/knowledge'
import type { Database } from '../database.js'
import { listAuditLog } from '../audit-log.js'
import { loadRecordBatch } from '../load-record-batch.js'
import { readRecords } from '../read-records.js'
import type { Viewer } from '../review/viewer.js'
import { testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { importRoster, resolveRosterRow, rosterReport, rosterTableFromText } from './rosters.js'

/** A valid 18-digit ID number from its first 17 digits. */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = Array.from(first17).reduce((a, c, i) => a + Number(c) * w[i]!, 0)
  return first17 + '10X98765432'[sum % 11]!
}

const base = testRecordBatch({ persons: 20, seed: 31 })
// Resident ID numbers with their check digits, as the insured register holds them.
const records = {
  ...base,
  persons: base.persons.map((p, i) => ({
    ...p,
    certno: withCheck(`43122319600101${String(i).padStart(3, '0')}`),
  })),
  identities: [],
}
const STAFF: Viewer = { actor: 'user:fund_manager', role: 'fund_manager', institutionCode: null }
const CONTRIBUTION = 40_000

/** A CSV line, every field quoted (test names carry commas and quotes). */
const csvLine = (...fields: string[]): string =>
  fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(',')

/** A valid ID number nobody in the records has. */
const strangerId = (): string => withCheck('43122319991231999')

describe.each(testBackends())('enrollment subsidy rosters on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a roster tags identities, subsidises once at the highest rate, and queues what it cannot match', async () => {
    const [p1, p2, p3] = records.persons
    const csv = [
      '身份证号,姓名,身份类别,起始日期,终止日期',
      csvLine(p1!.certno, p1!.name, '低保对象', '2025-01-01', ''),
      csvLine(p1!.certno, p1!.name, '脱贫人口', '2025-01-01', '2025-12-31'),
      csvLine(p2!.certno, p2!.name, '特困人员', '2025-03-01', ''),
      csvLine(p3!.certno, `${p3!.name}某`, '低保对象', '2025-01-01', ''),
      csvLine(strangerId(), '王某', '低保对象', '2025-01-01', ''),
      csvLine('431223199912319990', '李某', '低保对象', '2025-01-01', ''),
    ].join('\n')
    const r = await importRoster(
      db,
      {
        source: '民政',
        year: 2025,
        table: rosterTableFromText('mz.csv', csv),
        contribution: CONTRIBUTION,
      },
      STAFF
    )
    expect(r).toMatchObject({
      status: 'imported',
      counts: { MATCHED: 3, REVIEW: 1, UNMATCHED: 1, INVALID: 1 },
      identitiesTagged: 3,
      subsidies: { persons: 2, amount: 20_000 + 40_000 },
    })
    const identities = await readRecords(db, 'identities')
    expect(
      identities
        .filter((i) => i.psnNo === p1!.psnNo)
        .map((i) => i.type)
        .sort()
    ).toEqual(['DIBAO', 'TUOPIN'])
    expect(identities.find((i) => i.psnNo === p2!.psnNo)).toMatchObject({
      type: 'TEKUN',
      begin: '2025-03-01',
      end: null,
    })

    const again = await importRoster(
      db,
      {
        source: '民政',
        year: 2025,
        table: rosterTableFromText('mz.csv', csv),
        contribution: CONTRIBUTION,
      },
      STAFF
    )
    expect(again.status).toBe('unchanged')

    const report = await rosterReport(db, 2025)
    expect(report.review).toHaveLength(1)
    expect(report.review[0]!.reason).toContain('相差一字')
    expect(report.unmatched.map((u) => u.name)).toEqual(['王某'])
    await resolveRosterRow(db, r.batchId, report.review[0]!.line, 'MATCH', CONTRIBUTION, STAFF)
    const after = await rosterReport(db, 2025)
    expect(after.totals).toEqual({ persons: 3, amount: 20_000 + 40_000 + 20_000 })
    expect(after.subsidies.find((s) => s.identity === 'DIBAO')).toMatchObject({
      persons: 2,
      amount: 40_000,
    })
    await expect(
      resolveRosterRow(db, r.batchId, report.review[0]!.line, 'REJECT', CONTRIBUTION, STAFF)
    ).rejects.toThrow(/只有待核对的行/)
    const log = (await listAuditLog(db, 10)).map((e) => e.action)
    expect(log).toEqual(expect.arrayContaining(['subsidy.import', 'subsidy.review']))
  })

  test('an .xlsx roster imports like a CSV one, rows named by the sheet', async () => {
    const book = new ExcelJS.Workbook()
    const sheet = book.addWorksheet('低保名单')
    sheet.addRow(['身份证号', '姓名', '身份类别', '起始日期', '终止日期'])
    const p4 = records.persons[3]!
    sheet.addRow([p4.certno, p4.name, '低保边缘家庭成员', '2025-04-01', ''])
    const bytes = new Uint8Array(await book.xlsx.writeBuffer())
    const [table] = await readXlsxTables('mz.xlsx', bytes)
    const r = await importRoster(
      db,
      { source: '民政', year: 2025, table: table!, contribution: CONTRIBUTION },
      STAFF
    )
    expect(r.counts).toEqual({ MATCHED: 1, REVIEW: 0, UNMATCHED: 0, INVALID: 0 })
    const [batch] = await db.query<{ file_name: string }>(
      'SELECT file_name FROM subsidy_batch WHERE id = $1',
      [r.batchId]
    )
    expect(batch!.file_name).toBe('mz.xlsx「低保名单」')
  })

  test('a bad file is refused whole, naming line and column', async () => {
    const csv = ['身份证号,姓名,身份类别,起始日期', `${strangerId()},赵某,其他,2025-13-01`].join(
      '\n'
    )
    await expect(
      importRoster(
        db,
        {
          source: '残联',
          year: 2025,
          table: rosterTableFromText('cl.csv', csv),
          contribution: CONTRIBUTION,
        },
        STAFF
      )
    ).rejects.toThrow(/cl\.csv 第 2 行 身份类别：未知的身份类别「其他」[\s\S]*第 2 行 起始日期/)
    await expect(
      importRoster(
        db,
        {
          source: '税务',
          year: 2025,
          table: rosterTableFromText('x.csv', csv),
          contribution: CONTRIBUTION,
        },
        STAFF
      )
    ).rejects.toThrow(/source/)
    expect((await rosterReport(db, 2025)).rows.every((r) => r.source === '民政')).toBe(true)
  })
})
