// SPDX-License-Identifier: Apache-2.0
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Finding } from '@yibao/audit'
import { WorkingCalendar } from '@yibao/domain'
import type { Database } from '@yibao/storage'
import {
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  testBackends,
  testRecordBatch,
  writeFindings,
} from '@yibao/storage'
import { DEFAULT_REVIEW_POLICY } from '@yibao/supervision'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient, testFinding } from './testing.js'

const records = testRecordBatch({ persons: 30, seed: 7 })
const TODAY = '2025-03-06'

const findingOn = (institution: string, n: number, amount: number): Finding =>
  testFinding(records, institution, n, { amount })

describe.each(testBackends())('administration on $name', (backend) => {
  let db: Database
  let server: TestServer
  let admin: TestClient
  const A = 'H001'
  const B = 'H002'
  const regionOf = (code: string): string =>
    records.institutions.find((i) => i.code === code)!.admdvs

  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await writeFindings(db, 'R-TEST', [
      findingOn(A, 0, 100_000),
      findingOn(A, 1, 200_000),
      findingOn(B, 0, 400_000),
    ])
    await ensureDemoAccounts(db)
    server = await startTestServer(db, { clock: () => new Date(`${TODAY}T09:00:00+08:00`) })
    admin = await TestClient.login(server.base, 'admin', DEMO_PASSWORD)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  test('a region’s review policy sets its deadlines; a bad one is refused field by field and changes nothing', async () => {
    const region = regionOf(A)
    const bad = await admin.request('PUT', `/api/v1/review-policies/${region}`, {
      appealDays: 0,
      holidays: ['2025-13-01'],
      colour: 'blue',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(['colour'])
    const worse = await admin.request('PUT', `/api/v1/review-policies/${region}`, {
      appealDays: 0,
      holidays: ['2025-13-01'],
    })
    expect(worse.body.issues.map((i: any) => i.path)).toEqual(['appealDays', 'holidays[0]'])
    const unknown = await admin.request('PUT', '/api/v1/review-policies/999999', { appealDays: 5 })
    expect(unknown.status).toBe(400)
    expect(unknown.body.issues[0].path).toBe('admdvs')

    // The bureau-wide row changes every region; the region's own row changes only it.
    const all = await admin.request('PUT', '/api/v1/review-policies/*', { reviewDays: 20 })
    expect(all.body.policy.reviewDays).toBe(20)
    const saved = await admin.request('PUT', `/api/v1/review-policies/${region}`, {
      appealDays: 5,
      holidays: ['2025-03-07'],
    })
    expect(saved.status).toBe(200)
    expect(saved.body.policy).toMatchObject({ appealDays: 5, reviewDays: 20 })
    const listed = await admin.get('/api/v1/review-policies')
    const row = listed.body.items.find((p: any) => p.admdvs === region)
    expect(row.own).toEqual({ appealDays: 5, holidays: ['2025-03-07'] })
    expect(row.effective).toMatchObject({ appealDays: 5, reviewDays: 20 })
    expect(listed.body.defaults).toEqual(DEFAULT_REVIEW_POLICY)

    const auditor = await TestClient.login(server.base, 'auditor', DEMO_PASSWORD)
    const dispatched = await auditor.post('/api/v1/dispatches', { findingIds: [`F-${A}-0`] })
    const calendar = new WorkingCalendar(['2025-03-07'])
    const appealDeadline = calendar.addWorkingDays(TODAY, 5)
    expect(appealDeadline).toBe('2025-03-14')
    expect(dispatched.body.dispatches[0]).toMatchObject({
      appealDeadline,
      reviewDeadline: calendar.addWorkingDays(appealDeadline, 20),
    })

    // null gives a value back to the bureau-wide row.
    const reset = await admin.request('PUT', `/api/v1/review-policies/${region}`, {
      holidays: null,
    })
    expect(reset.body.policy.holidays).toEqual([])
    const log = await admin.get('/api/v1/audit-log?action=review-policy.')
    expect(log.body.items).toHaveLength(3)
    expect(log.body.items[0].detail).toMatchObject({
      changes: { holidays: null },
      before: { holidays: ['2025-03-07'] },
      after: { holidays: [] },
    })
  })

  test('a sample without a rate draws each institution at its region’s rate', async () => {
    const region = regionOf(A)
    await admin.request('PUT', `/api/v1/review-policies/${region}`, { sampleRate: 0.5 })
    const reviewer = await TestClient.login(server.base, 'reviewer', DEMO_PASSWORD)
    const drawn = await reviewer.post('/api/v1/samples', { from: '2020-01-01', to: '2030-12-31' })
    expect(drawn.status).toBe(201)
    const expectedRate = (code: string): number =>
      records.institutions.find((i) => i.code === code)!.admdvs === region ? 0.5 : 0.05
    expect(drawn.body.byInstitution.length).toBeGreaterThan(1)
    for (const s of drawn.body.byInstitution) {
      expect(s.rate).toBe(expectedRate(s.institutionCode))
      expect(s.sampled).toBe(Math.min(s.population, Math.ceil(s.rate * s.population)))
    }
    expect(drawn.body.byInstitution.some((s: any) => s.rate === 0.5)).toBe(true)
    await admin.request('PUT', `/api/v1/review-policies/${region}`, { sampleRate: null })
  })

  test('a disabled user is signed out at once and cannot sign in; a reset password works', async () => {
    const inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    const users = await admin.get('/api/v1/users')
    const id = users.body.items.find((u: any) => u.username === 'inspector').id
    const self = users.body.items.find((u: any) => u.username === 'admin').id
    expect((await admin.post(`/api/v1/users/${self}/disable`)).status).toBe(400)

    const disabled = await admin.post(`/api/v1/users/${id}/disable`)
    expect(disabled.status).toBe(200)
    expect(disabled.body.disabledAt).not.toBeNull()
    expect((await inspector.get('/api/v1/auth/me')).status).toBe(401)
    await expect(TestClient.login(server.base, 'inspector', DEMO_PASSWORD)).rejects.toThrow()
    expect((await admin.post(`/api/v1/users/${id}/enable`)).body.disabledAt).toBeNull()

    const short = await admin.post(`/api/v1/users/${id}/password`, { password: 'short' })
    expect(short.status).toBe(400)
    expect(short.body.issues[0].path).toBe('password')
    expect(
      (await admin.post(`/api/v1/users/${id}/password`, { password: 'a-new-long-password' })).status
    ).toBe(204)
    const again = await TestClient.login(server.base, 'inspector', 'a-new-long-password')
    const changed = await again.post('/api/v1/auth/password', {
      current: 'a-new-long-password',
      password: 'my-own-password-2025',
    })
    expect(changed.status).toBe(204)
    expect((await again.get('/api/v1/auth/me')).status).toBe(401)
    await TestClient.login(server.base, 'inspector', 'my-own-password-2025')
    const wrong = await (
      await TestClient.login(server.base, 'inspector', 'my-own-password-2025')
    ).post('/api/v1/auth/password', { current: 'not-it', password: 'another-password-1' })
    expect(wrong.status).toBe(400)
    expect(wrong.body.issues[0].path).toBe('current')

    const log = await admin.get('/api/v1/audit-log?action=user.')
    expect(log.body.items.map((e: any) => e.action).slice(0, 4)).toEqual([
      'user.password.change',
      'user.password.reset',
      'user.enable',
      'user.disable',
    ])
  })

  test('a user of an institution that does not exist is refused', async () => {
    const res = await admin.post('/api/v1/users', {
      username: 'inst-nowhere',
      displayName: '不存在的机构',
      role: 'institution',
      institutionCode: 'H999',
      password: 'long-enough-password',
    })
    expect(res.status).toBe(400)
    expect(res.body.issues[0].path).toBe('institutionCode')
  })

  test('repeated wrong passwords lock the name from that address for a while', async () => {
    const attempt = (password: string) =>
      new TestClient(server.base).request('POST', '/api/v1/auth/login', {
        username: 'fund_manager',
        password,
      })
    for (let i = 0; i < 5; i++) expect((await attempt('wrong-password')).status).toBe(401)
    const locked = await attempt(DEMO_PASSWORD)
    expect(locked.status).toBe(429)
    expect(locked.body.issues[0].message).toContain('分钟后再试')
  })

  test('the funnel reports person-times and both upheld rates, and exports them', async () => {
    const auditor = await TestClient.login(server.base, 'auditor', DEMO_PASSWORD)
    await auditor.post('/api/v1/dispatches', { findingIds: [`F-${A}-1`, `F-${B}-0`] })
    const funnel = await auditor.get('/api/v1/funnel?groupBy=institution')
    expect(funnel.body.total.visits).toEqual({ flagged: 3, dispatched: 3, upheld: 0 })
    expect(funnel.body.total.upheldAmountRate).toBe(0)
    expect(funnel.body.summary).toBe(
      '智能审核初审疑点 3 人次、0.70 万元；下发定点医药机构 3 人次、0.70 万元，' +
        '经申诉、复审认定 0 人次、0.00 万元（认定率：按人次 0.0%，按金额 0.0%）。'
    )
    const file = await auditor.download('/api/v1/funnel/export.xlsx?groupBy=institution')
    expect(file.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await file.arrayBuffer()) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toBe(funnel.body.summary)
    expect(sheet.getRow(3).getCell(1).value).toBe('编码')
    const names: unknown[] = []
    sheet.eachRow((r, n) => {
      if (n > 3) names.push(r.getCell(1).value)
    })
    expect(names).toEqual([B, A, ''])

    const sorted = await auditor.get('/api/v1/findings?sort=reviewDeadline')
    const deadlines = sorted.body.items.map((f: any) => f.reviewDeadline)
    expect(deadlines).toEqual([...deadlines].sort())
    expect((await auditor.get('/api/v1/findings?sort=colour')).status).toBe(400)
  })
})
