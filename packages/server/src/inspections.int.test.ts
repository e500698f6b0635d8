// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '@yibao/storage'
import {
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  saveInspectors,
  SYSTEM,
  testBackends,
  testRecordBatch,
} from '@yibao/storage'
import { demoInspectors } from '@yibao/supervision'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient } from './testing.js'

const records = testRecordBatch({ persons: 10, seed: 6 })

describe.each(testBackends())('双随机 draws over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await ensureDemoAccounts(db)
    await saveInspectors(
      db,
      demoInspectors(
        records.institutions.map((i) => i.code),
        6,
        2
      ),
      SYSTEM
    )
    server = await startTestServer(db)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  test('a seeded draw reproduces, avoids conflicts, is recorded and exports its publication list', async () => {
    const inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    const plan = {
      ...(await inspector.get('/api/v1/inspection/default-plan')).body,
      ratio: { HOSPITAL: 100, PHARMACY: 100 },
    }
    const a = await inspector.post('/api/v1/inspection-draws', { seed: 42, plan })
    expect(a.status).toBe(201)
    const b = await inspector.post('/api/v1/inspection-draws', { seed: 42, plan })
    expect(b.body.objects).toEqual(a.body.objects)
    expect(a.body.objects.map((o: any) => o.object.code).sort()).toEqual(['H001', 'H002', 'P001'])
    const inspectors = (await inspector.get('/api/v1/inspection/inspectors')).body.items
    const conflicts = new Map(inspectors.map((i: any) => [i.id, i.conflicts as string[]]))
    for (const o of a.body.objects) {
      for (const id of o.team) expect(conflicts.get(id)).not.toContain(o.object.code)
    }
    const bad = await inspector.post('/api/v1/inspection-draws', {
      seed: 1,
      plan: { ...plan, teamSize: 1 },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('$.teamSize')
    const listed = (await inspector.get('/api/v1/inspection-draws')).body.items
    expect(listed).toHaveLength(2)
    const xlsx = await inspector.download(`/api/v1/inspection-draws/${a.body.id}/export.xlsx`)
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    const admin = await TestClient.login(server.base, 'admin', DEMO_PASSWORD)
    const log = (await admin.get('/api/v1/audit-log?action=inspection.')).body.items
    expect(log).toHaveLength(2)

    // Results: one 实地 with issues and a rectification deadline, one 书面 without.
    const [first, second] = a.body.objects.map((o: any) => o.object.code as string)
    const url = (code: string) => `/api/v1/inspection-draws/${a.body.id}/results/${code}`
    const issues = await inspector.post(url(first), {
      kind: 'ONSITE',
      inspectedOn: '2025-09-01',
      outcome: 'ISSUES',
      summary: '串换药品、超标准收费',
      amount: 123_456,
      rectifyBy: '2025-10-31',
    })
    expect(issues.status).toBe(201)
    // 20 working days after Monday 2025-09-01 (no holidays configured): Monday 2025-09-29.
    expect(issues.body).toMatchObject({ publishBy: '2025-09-29', rectifyBy: '2025-10-31' })
    expect(
      (
        await inspector.post(url(first), {
          kind: 'ONSITE',
          inspectedOn: '2025-09-01',
          outcome: 'NO_ISSUE',
          summary: 'x',
        })
      ).status
    ).toBe(409)
    const missing = await inspector.post(url(second), {
      kind: 'WRITTEN',
      inspectedOn: '2025-09-02',
      outcome: 'ISSUES',
      summary: 'x',
    })
    expect(missing.status).toBe(400)
    expect(missing.body.issues[0].path).toBe('rectifyBy')
    expect(
      (
        await inspector.post(url(second), {
          kind: 'WRITTEN',
          inspectedOn: '2025-09-02',
          outcome: 'NO_ISSUE',
          summary: '未发现问题',
        })
      ).status
    ).toBe(201)
    expect(
      (
        await inspector.post(`/api/v1/inspection-draws/${a.body.id}/results/NOT-DRAWN`, {
          kind: 'WRITTEN',
          inspectedOn: '2025-09-02',
          outcome: 'NO_ISSUE',
          summary: 'x',
        })
      ).status
    ).toBe(400)

    const late = (
      await inspector.get(`/api/v1/inspection-results?draw=${a.body.id}&asOf=2025-11-03`)
    ).body.items
    expect(late.find((r: any) => r.institutionCode === first)).toMatchObject({
      rectificationOverdue: true,
      publicationOverdue: true,
    })
    await inspector.post(`${url(first)}/progress`, {
      rectifiedOn: '2025-10-20',
      followUp: '已退回违规费用',
    })
    await inspector.post(`${url(first)}/progress`, {
      publishedOn: '2025-09-26',
      publicationUrl: 'https://ybj.example.gov.cn/gs/1',
    })
    const done = (
      await inspector.get(`/api/v1/inspection-results?draw=${a.body.id}&asOf=2025-11-03`)
    ).body.items
    expect(done.find((r: any) => r.institutionCode === first)).toMatchObject({
      rectificationOverdue: false,
      publicationOverdue: false,
      rectifiedOn: '2025-10-20',
    })

    const coverage = (await inspector.get('/api/v1/inspection-coverage?year=2025')).body.items
    const hospitals = coverage.find((c: any) => c.type === 'HOSPITAL')
    const drawnHospitals = [first, second].filter(
      (c) => records.institutions.find((i) => i.code === c)!.type === 'HOSPITAL'
    )
    expect(hospitals.any).toBe(drawnHospitals.length)
    expect(hospitals.institutions).toBe(
      records.institutions.filter((i) => i.type === 'HOSPITAL').length
    )
    const xlsxResults = await inspector.download(
      '/api/v1/inspection-results/publication.xlsx?year=2025'
    )
    expect(xlsxResults.headers.get('content-type')).toContain('spreadsheetml')
  })
})
