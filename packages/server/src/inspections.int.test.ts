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
  })
})
