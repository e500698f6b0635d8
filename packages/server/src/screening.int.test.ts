// SPDX-License-Identifier: Apache-2.0
// Screening over HTTP: an inspector starts a run in the background and watches it to the end;
// the run, its hits, risk scores, an encounter's records and the review queue read back as the
// storage layer has them; bad input is refused naming the field and starts nothing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '@yibao/storage'
import {
  DEMO_PASSWORD,
  ensureDemoAccounts,
  listScreeningHits,
  loadRecordBatch,
  testBackends,
  testRecordBatch,
  writeFindings,
} from '@yibao/storage'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient, testFinding } from './testing.js'

const records = testRecordBatch({ persons: 30, seed: 12 })
// A person who died before the last of their encounters: an F5 hit.
const lastEncounter = [...records.encounters].sort((a, b) => (a.begin < b.begin ? 1 : -1))[0]!
records.persons = records.persons.map((p) =>
  p.psnNo === lastEncounter.psnNo ? { ...p, deathDate: '2000-01-01' } : p
)

describe.each(testBackends())('screening over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  let inspector: TestClient
  let auditor: TestClient

  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await writeFindings(db, 'R-TEST', [
      testFinding(records, 'H001', 0),
      testFinding(records, 'H002', 1),
    ])
    await ensureDemoAccounts(db)
    server = await startTestServer(db)
    inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    auditor = await TestClient.login(server.base, 'auditor', DEMO_PASSWORD)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  test('before any run there is no latest run', async () => {
    expect((await inspector.get('/api/v1/screening/runs/latest')).status).toBe(404)
  })

  test('bad input is refused naming the field, and only inspectors start runs', async () => {
    const bad = await inspector.post('/api/v1/screening/runs', { from: '2025-02-30' })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('from')
    const order = await inspector.post('/api/v1/screening/runs', {
      from: '2025-03-01',
      to: '2025-01-01',
    })
    expect(order.status).toBe(400)
    expect((await inspector.post('/api/v1/screening/runs', { clues: 'yes' })).status).toBe(400)
    expect((await auditor.post('/api/v1/screening/runs', {})).status).toBe(403)
    expect((await inspector.get('/api/v1/screening/runs')).body.items).toEqual([])
  })

  test('a run goes to the end in the background; what it found reads back', async () => {
    const started = await inspector.post('/api/v1/screening/runs', {})
    expect(started.status).toBe(202)
    const jobId = started.body.job.id as string
    let job = started.body.job
    for (let i = 0; i < 200 && job.status === 'RUNNING'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      job = (await inspector.get(`/api/v1/jobs/${jobId}`)).body
    }
    expect(job.status).toBe('DONE')
    const run = (await auditor.get('/api/v1/screening/runs/latest')).body
    expect(run.id).toBe(job.detail.runId)
    expect(run.state).toBe('DONE')

    const f5 = (await auditor.get(`/api/v1/screening/runs/${run.id}/hits?pattern=F5&pageSize=200`))
      .body
    expect(f5.total).toBe(run.summary.patterns.F5.hits)
    expect(f5.items.map((h: { mdtrtId: string }) => h.mdtrtId)).toContain(lastEncounter.mdtrtId)
    const stored = await listScreeningHits(db, run.id, { pattern: 'F5', limit: 200 })
    expect(f5.items).toEqual(JSON.parse(JSON.stringify(stored.items)))

    const risks = (
      await auditor.get(`/api/v1/screening/runs/latest/risks?subject=INSTITUTION&pageSize=5`)
    ).body
    expect(risks.items.length).toBeGreaterThan(0)
    for (let k = 1; k < risks.items.length; k++)
      expect(risks.items[k - 1].score).toBeGreaterThanOrEqual(risks.items[k].score)
    expect((await auditor.get(`/api/v1/screening/runs/latest/risks?subject=NOPE`)).status).toBe(400)

    const enc = (await auditor.get(`/api/v1/screening/encounters/${lastEncounter.mdtrtId}`)).body
    expect(enc.encounter.mdtrtId).toBe(lastEncounter.mdtrtId)
    expect(enc.feeLines.length).toBe(
      records.feeLines.filter((l) => l.mdtrtId === lastEncounter.mdtrtId).length
    )

    const queue = (await auditor.get('/api/v1/screening/queue?capacity=3&pageSize=10')).body
    const hits = Object.values(run.summary.patterns as Record<string, { hits: number }>).reduce(
      (n, p) => n + p.hits,
      0
    )
    expect(queue.total).toBe(hits + 2)
    expect(queue.days).toBe(Math.ceil(queue.total / 3))
    expect(queue.items[0].rank).toBe(1)
    for (let k = 1; k < queue.items.length; k++)
      expect(queue.items[k - 1].expected).toBeGreaterThanOrEqual(queue.items[k].expected)
  })
})
