// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RULE_LIBRARY } from '@yibao/audit'
import type { Database } from '@yibao/storage'
import {
  createApiKey,
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  testBackends,
  testRecordBatch,
} from '@yibao/storage'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient } from './testing.js'

const records = testRecordBatch({ persons: 10, seed: 4 })
const M21 = RULE_LIBRARY.find((r) => r.violation === 'M21')!.id
const TERMINATED_ON = '2025-06-01'

/** A REST audit body: one stay at H001 with one line ordered by `doctor` at `time`. */
function stay(id: string, time: string, doctor: string): Record<string, unknown> {
  return {
    person: { psnNo: `P-${id}`, gender: '1', birthDate: '1960-01-01' },
    encounter: {
      mdtrtId: `M-${id}`,
      institutionCode: 'H001',
      kind: 'INPATIENT',
      medType: '21',
      insuType: '390',
      begin: time,
      end: null,
      mainDiagCode: 'J18.900',
    },
    diagnoses: [{ code: 'J18.900', name: '肺炎', main: true }],
    feeLines: [
      {
        feedetlSn: `L-${id}`,
        time,
        code: '001102000010000',
        name: '住院诊查费',
        listType: '201',
        chargeType: '02',
        quantity: 1,
        price: 200_000,
        amount: 2_000,
        orderDoctor: doctor,
      },
    ],
    stage: 'IN',
    ruleIds: [M21],
  }
}

describe.each(testBackends())('staff payment qualification over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  let key: string
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await ensureDemoAccounts(db)
    key = (await createApiKey(db, { name: '联调', institutionCode: null })).key
    server = await startTestServer(db)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })
  const audit = async (body: Record<string, unknown>): Promise<string[]> => {
    const res = await fetch(`${server.base}/api/v1/audit/encounters`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      body: JSON.stringify(body),
    })
    expect(res.status).toBe(200)
    return ((await res.json()) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)
  }

  test('12 points in one event terminate; real-time audit flags that person’s lines from the date', async () => {
    expect(await audit(stay('a', '2025-06-14T10:00:00+08:00', 'D001'))).toEqual([])
    const inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    const auditor = await TestClient.login(server.base, 'auditor', DEMO_PASSWORD)
    const body = {
      decisionDate: TERMINATED_ON,
      trigger: 'FRAUD',
      responsibility: 'MAIN',
      note: '虚构医疗服务',
    }
    expect((await auditor.post('/api/v1/staff/D001/points', body)).status).toBe(403)
    const bad = await inspector.post('/api/v1/staff/D001/points', { ...body, responsibility: 'X' })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('responsibility')
    const res = await inspector.post('/api/v1/staff/D001/points', body)
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ status: 'TERMINATED', yearTotals: { '2025': 12 } })
    expect(res.body.periods[0]).toMatchObject({ from: TERMINATED_ON, barUntil: '2028-06-01' })

    expect(await audit(stay('b', '2025-06-14T10:00:00+08:00', 'D001'))).toEqual([M21])
    expect(await audit(stay('c', '2025-05-31T10:00:00+08:00', 'D001'))).toEqual([])
    expect(await audit(stay('d', '2025-06-14T10:00:00+08:00', 'D002'))).toEqual([])

    const file = await auditor.get(`/api/v1/staff/D001?date=2025-05-31`)
    expect(file.body).toMatchObject({ status: null, name: expect.any(String) })
    expect(file.body.events).toHaveLength(1)
    const list = await auditor.get('/api/v1/staff?date=2025-07-01')
    expect(
      list.body.items.map((s: { staffCode: string; status: string }) => [s.staffCode, s.status])
    ).toEqual([['D001', 'TERMINATED']])
    const early = await inspector.post('/api/v1/staff/D001/reregistration', { date: '2026-06-01' })
    expect(early.status).toBe(400)
    expect(early.body.issues[0].message).toContain('2028-06-01 前不得重新登记')
  })

  test('the trigger table and suspension months are the bureau’s to set', async () => {
    const admin = await TestClient.login(server.base, 'admin', DEMO_PASSWORD)
    const inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    const current = (await inspector.get('/api/v1/staff-point-triggers')).body
    const triggers = current.items.map((t: any) =>
      t.code === 'ART38' ? { ...t, points: { MAIN: 9, IMPORTANT: 8, GENERAL: 7 } } : t
    )
    const dup = await admin.request('PUT', '/api/v1/staff-rules', {
      triggers: [...triggers, triggers[0]],
      suspensionMonths: current.suspensionMonths,
    })
    expect(dup.status).toBe(400)
    expect(dup.body.issues[0].path).toMatch(/^\$\.triggers\[\d+\]\.code$/)
    const saved = await admin.request('PUT', '/api/v1/staff-rules', {
      triggers,
      suspensionMonths: { '9': 6, '10': 6, '11': 6 },
    })
    expect(saved.status).toBe(200)
    const file = await inspector.post('/api/v1/staff/D002/points', {
      decisionDate: '2025-07-01',
      trigger: 'ART38',
      responsibility: 'MAIN',
    })
    expect(file.body).toMatchObject({ status: 'SUSPENDED', yearTotals: { '2025': 9 } })
    expect(file.body.periods[0]).toMatchObject({ from: '2025-07-01', to: '2025-12-31' })
  })
})
