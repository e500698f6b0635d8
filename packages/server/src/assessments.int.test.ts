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

    // The bureau's own template: items must add up to 1000; a stricter one changes the scores.
    const admin = await login('admin')
    const template = (await admin.get('/api/v1/assessment-template')).body
    const broken = { ...template, dimensions: template.dimensions.slice(1) }
    const refused = await admin.request('PUT', '/api/v1/assessment-template', broken)
    expect(refused.status).toBe(400)
    expect(refused.body.issues[0].message).toContain('应为 1000')
    const strict = structuredClone(template)
    strict.id = 'strict'
    const cost = strict.dimensions
      .find((d: any) => d.code === 'COST')
      .items.find((i: any) => i.code === 'COST-OWN')
    cost.allowance = 0
    expect((await admin.request('PUT', '/api/v1/assessment-template', strict)).status).toBe(200)
    await inspector.post('/api/v1/assessment-runs', { period: YEAR, institution: 'H002' })
    const h2 = (await fm.get(`/api/v1/assessments?period=${YEAR}&institution=H002`)).body.items[0]
    expect(h2.items.find((i: any) => i.code === 'COST-OWN').basis).toContain('超出 0 的部分')
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
    for (const path of [
      `/api/v1/subsidy-report/export.xlsx?year=${YEAR}`,
      `/api/v1/assessments/export.xlsx?period=${YEAR}`,
      '/api/v1/staff/export.xlsx',
      '/api/v1/agreements/export.xlsx',
    ]) {
      const res = await fm.download(path)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toContain('spreadsheetml')
    }
  })
})

describe.each(testBackends())('agreements and blacklists over HTTP on $name', (backend) => {
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

  test('a terminated agreement bars a new one for 3 years; a blacklisted institution signs none', async () => {
    const fm = await TestClient.login(server.base, 'fund_manager', DEMO_PASSWORD)
    const inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    const signed = await fm.post('/api/v1/agreements', {
      institution: 'H001',
      signedOn: '2024-01-01',
    })
    expect(signed.status).toBe(201)
    expect(
      (await fm.post('/api/v1/agreements', { institution: 'H001', signedOn: '2024-02-01' })).status
    ).toBe(409)
    const id = signed.body.id as string
    const suspended = await fm.post(`/api/v1/agreements/${id}/actions`, {
      action: 'suspend',
      date: '2025-03-01',
      reason: '限期整改',
    })
    expect(suspended.body.status).toBe('SUSPENDED')
    const bad = await fm.post(`/api/v1/agreements/${id}/actions`, {
      action: 'terminate',
      date: '2025-06-15',
      reason: '欺诈骗保',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('kind')
    const ended = await fm.post(`/api/v1/agreements/${id}/actions`, {
      action: 'terminate',
      date: '2025-06-15',
      reason: '欺诈骗保',
      kind: 'VIOLATION',
    })
    expect(ended.body).toMatchObject({ status: 'TERMINATED', reapplyNotBefore: '2028-06-15' })
    const early = await fm.post('/api/v1/agreements', {
      institution: 'H001',
      signedOn: '2027-01-01',
    })
    expect(early.status).toBe(400)
    expect(early.body.issues[0].message).toContain('2028-06-15 前不得重新申请')
    expect(
      (
        await inspector.post('/api/v1/blacklist', {
          subjectType: 'INSTITUTION',
          subjectId: 'H001',
          from: '2028-01-01',
          reason: '严重失信',
        })
      ).status
    ).toBe(201)
    const black = await fm.post('/api/v1/agreements', {
      institution: 'H001',
      signedOn: '2029-01-01',
    })
    expect(black.status).toBe(400)
    expect(black.body.issues[0].message).toContain('列入黑名单')
    const list = (await fm.get('/api/v1/blacklist')).body
    expect(list.items).toHaveLength(1)
    expect(list.effects.INSURED).toContain('先行全额自付')
    const admin = await TestClient.login(server.base, 'admin', DEMO_PASSWORD)
    const log = (await admin.get('/api/v1/audit-log?action=agreement.')).body.items.map(
      (e: { action: string }) => e.action
    )
    expect(log).toEqual(
      expect.arrayContaining(['agreement.sign', 'agreement.suspend', 'agreement.terminate'])
    )
  })
})
