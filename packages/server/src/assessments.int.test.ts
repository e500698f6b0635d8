// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '@yibao/storage'
import {
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  testBackends,
  testRecordBatch,
} from '@yibao/storage'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient } from './testing.js'

/** A valid 18-digit ID number from its first 17 digits. */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = Array.from(first17).reduce((a, c, i) => a + Number(c) * w[i]!, 0)
  return first17 + '10X98765432'[sum % 11]!
}

const base = testRecordBatch({ persons: 8, seed: 17 })
const records = {
  ...base,
  persons: base.persons.map((p, i) => ({
    ...p,
    name: `参保人${i}`,
    certno: withCheck(`43122319700101${String(i).padStart(3, '0')}`),
  })),
  identities: [],
}
const YEAR = records.settlements[0]!.time.slice(0, 4)

describe.each(testBackends())('assessments and subsidy rosters over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await ensureDemoAccounts(db)
    server = await startTestServer(db)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })
  const login = (user: string): Promise<TestClient> =>
    TestClient.login(server.base, user, DEMO_PASSWORD)

  test('an inspector scores the year; an assessor’s deduction and a veto change the result', async () => {
    const inspector = await login('inspector')
    const run = await inspector.post('/api/v1/assessment-runs', { period: YEAR })
    expect(run.status).toBe(200)
    expect(run.body.created).toBe(records.institutions.length)
    const bad = await inspector.post('/api/v1/assessment-entries', {
      institution: 'H001',
      period: YEAR,
      item: 'BASIC-ORG',
      points: -1,
      reason: 'x',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('points')
    expect(
      (
        await inspector.post('/api/v1/assessment-entries', {
          institution: 'H001',
          period: YEAR,
          item: 'VETO',
          points: 0,
          reason: '欺诈骗保查实',
        })
      ).status
    ).toBe(201)
    await inspector.post('/api/v1/assessment-runs', { period: YEAR, institution: 'H001' })
    const fm = await login('fund_manager')
    const listed = (await fm.get(`/api/v1/assessments?period=${YEAR}&institution=H001`)).body.items
    expect(listed[0]).toMatchObject({ score: 0, credit: 'D', band: 'FAIL', version: 2 })
  })

  test('a fund manager imports a roster; a re-import changes nothing; the report reconciles', async () => {
    const fm = await login('fund_manager')
    const [a, b] = records.persons
    const text = [
      '身份证号,姓名,身份类别,起始日期,终止日期',
      `${a!.certno},${a!.name},特困人员,${YEAR}-01-01,`,
      `${b!.certno},${b!.name},低保对象,${YEAR}-01-01,`,
    ].join('\n')
    const body = { source: '民政', year: Number(YEAR), file: 'mz.csv', text, contribution: 38_000 }
    const first = await fm.post('/api/v1/subsidy-rosters', body)
    expect(first.status).toBe(201)
    expect(first.body.subsidies).toEqual({ persons: 2, amount: 38_000 + 19_000 })
    expect((await fm.post('/api/v1/subsidy-rosters', body)).status).toBe(200)
    const report = (await fm.get(`/api/v1/subsidy-report?year=${YEAR}`)).body
    expect(report.totals).toEqual({ persons: 2, amount: 57_000 })
    const auditor = await login('auditor')
    expect((await auditor.post('/api/v1/subsidy-rosters', body)).status).toBe(403)
  })
})
