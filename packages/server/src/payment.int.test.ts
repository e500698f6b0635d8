// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '@yibao/storage'
import {
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  testBackends,
  testRecordBatch,
  writeFindings,
} from '@yibao/storage'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient, testFinding } from './testing.js'

const records = testRecordBatch({ persons: 50, seed: 9 })
const ADMDVS = '431222'
const MONTH = records.settlements
  .map((s) => s.time.slice(0, 7))
  .sort()
  .at(-1)!
const YEAR = Number(MONTH.slice(0, 4))

describe.each(testBackends())('payment over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  const now = new Date(`${MONTH}-10T10:00:00+08:00`)
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await ensureDemoAccounts(db)
    server = await startTestServer(db, { clock: () => now })
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })
  const login = (user: string): Promise<TestClient> =>
    TestClient.login(server.base, user, DEMO_PASSWORD)

  /** Polls a job until it ends. */
  async function finished(client: TestClient, id: string): Promise<any> {
    for (;;) {
      const job = (await client.get(`/api/v1/jobs/${id}`)).body
      if (job.status !== 'RUNNING') return job
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  test('a plan is suggested, edited as a draft, activated; only the fund manager may', async () => {
    const fm = await login('fund_manager')
    const auditor = await login('auditor')
    expect(
      (await auditor.post('/api/v1/payment-plans/suggest', { admdvs: ADMDVS, year: YEAR })).status
    ).toBe(403)
    const bad = await fm.post('/api/v1/payment-plans/suggest', { admdvs: ADMDVS, year: 'x' })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('year')
    const suggested = await fm.post('/api/v1/payment-plans/suggest', { admdvs: ADMDVS, year: YEAR })
    expect(suggested.status).toBe(201)
    const doc = { ...suggested.body.document, deposit: 8, creditLevels: { H002: 'A' } }
    const saved = await fm.post('/api/v1/payment-plans', doc)
    expect(saved.status).toBe(200)
    expect(saved.body.document.deposit).toBe(8)
    const invalid = await fm.post('/api/v1/payment-plans', { ...doc, dueDay: 40 })
    expect(invalid.status).toBe(400)
    expect(invalid.body.issues[0].path).toBe('$.dueDay')
    const activated = await fm.post(`/api/v1/payment-plans/${doc.id}/activate`)
    expect(activated.body.status).toBe('ACTIVE')
    const exported = await fm.get(`/api/v1/payment-plans/${doc.id}/export?format=json`)
    expect(exported.body).toMatchObject({ id: doc.id, deposit: 8 })
  })

  test('the monthly run is a job; statements are scoped to the institution; xlsx exports', async () => {
    // An upheld deduction of this month, through the review chain.
    const finding = testFinding(records, 'H001', 0, { severity: 'CLEAR', amount: 5_000 })
    await writeFindings(db, 'R-PAY', [finding])
    const auditor = await login('auditor')
    expect((await auditor.post('/api/v1/dispatches', { findingIds: [finding.id] })).status).toBe(
      201
    )
    const inst = await login('inst-H001')
    expect(
      (await inst.post(`/api/v1/findings/${finding.id}/appeal`, { action: 'accept' })).status
    ).toBe(200)

    const fm = await login('fund_manager')
    expect((await auditor.post('/api/v1/payment-runs', { month: MONTH })).status).toBe(403)
    expect((await fm.post('/api/v1/payment-runs', { month: '2025-3' })).status).toBe(400)
    const started = await fm.post('/api/v1/payment-runs', { month: MONTH })
    expect(started.status).toBe(202)
    const job = await finished(fm, started.body.job.id)
    expect(job.status).toBe('DONE')
    expect(job.detail.reconciled).toBe(true)
    expect(job.detail.totals.deductions).toBe(5_000)

    const all = (await fm.get(`/api/v1/payment/statements?month=${MONTH}`)).body.items
    expect(all.length).toBeGreaterThan(1)
    const h1 = all.find((s: any) => s.institutionCode === 'H001')
    expect(h1).toMatchObject({ deductions: 5_000, method: 'DIP' })
    expect(h1.net).toBe(h1.payable - h1.deductions - h1.deposit)
    const h2 = all.find((s: any) => s.institutionCode === 'H002')
    // 8 % deposit, halved for credit level A.
    expect(h2.deposit).toBe(Math.round((Math.max(0, h2.payable) * 400) / 10_000))

    const own = (await inst.get(`/api/v1/payment/statements?month=${MONTH}`)).body.items
    expect(own.map((s: any) => s.institutionCode)).toEqual(['H001'])
    expect((await inst.get(`/api/v1/payment/statements?institution=H002`)).status).toBe(403)
    expect((await inst.get(`/api/v1/payment/statements/${h2.id}`)).status).toBe(404)
    const detail = await inst.get(`/api/v1/payment/statements/${h1.id}?pageSize=5`)
    expect(detail.status).toBe(200)
    expect(detail.body.statement.deductionItems).toEqual([
      expect.objectContaining({ findingId: finding.id, amount: 5_000 }),
    ])
    expect(detail.body.cases.length).toBeLessThanOrEqual(5)
    expect(detail.body.caseCount).toBe(detail.body.statement.indicators.cases)

    const months = (await fm.get('/api/v1/payment/months')).body.items
    expect(months[0]).toMatchObject({ month: MONTH, statements: all.length })
    const xlsx = await fm.download(`/api/v1/payment/statements/export.xlsx?month=${MONTH}`)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    expect((await xlsx.arrayBuffer()).byteLength).toBeGreaterThan(1000)
  })

  test('the clearing answers 201 when new and 200 when unchanged, with its identity', async () => {
    const fm = await login('fund_manager')
    const first = await fm.post('/api/v1/payment-clearings', { admdvs: ADMDVS, year: YEAR })
    expect(first.status).toBe(201)
    expect(first.body.stored.clearing.identityHolds).toBe(true)
    const again = await fm.post('/api/v1/payment-clearings', { admdvs: ADMDVS, year: YEAR })
    expect(again.status).toBe(200)
    const listed = (await fm.get(`/api/v1/payment-clearings?year=${YEAR}`)).body.items
    expect(listed).toHaveLength(1)
    const inst = await login('inst-H001')
    expect((await inst.get('/api/v1/payment-clearings')).status).toBe(403)
    // Every change is in the audit log.
    const admin = await login('admin')
    const log = (await admin.get('/api/v1/audit-log?limit=200')).body.items.map(
      (e: any) => e.action
    )
    for (const action of [
      'payplan.create',
      'payplan.update',
      'payplan.activate',
      'payment.run',
      'payment.clear',
    ]) {
      expect(log).toContain(action)
    }
  })
})
