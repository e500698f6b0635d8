// SPDX-License-Identifier: Apache-2.0
import ExcelJS from 'exceljs'
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

const records = testRecordBatch({ persons: 10, seed: 8 })

const HEADER = '机构编码,人员编号,期间,线索描述,疑似金额'
const BATCH = {
  source: 'NATIONAL',
  name: '国家局 2024 年第 2 批疑点线索',
  receivedDate: '2024-09-02',
  file: 'gj-2024-2.csv',
  text: [
    HEADER,
    'H001,P000001,2024-03,串换项目,1153.10',
    'H002,,2024-04,虚构住院,2000.00',
    'P001,p000003,2024,超量开药,0.05',
  ].join('\n'),
}

describe.each(testBackends())('clues over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  let inspector: TestClient
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await ensureDemoAccounts(db)
    server = await startTestServer(db)
    inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  test('a batch imports once, a bad file is refused naming line and column and stores nothing', async () => {
    const first = await inspector.post('/api/v1/clue-batches', BATCH)
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      status: 'imported',
      batch: { clueCount: 3, suspectedAmount: 115_310 + 200_000 + 5 },
    })
    const again = await inspector.post('/api/v1/clue-batches', BATCH)
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({ status: 'unchanged', batch: { id: first.body.batch.id } })

    const bad = await inspector.post('/api/v1/clue-batches', {
      ...BATCH,
      file: 'bad.csv',
      text: [HEADER, 'H001,P1,2024-03,正常,1.00', 'H002,P2,2024-03,,1.00'].join('\n'),
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues).toEqual([
      expect.objectContaining({
        message: 'bad.csv 第 3 行 线索描述：不能为空',
        path: 'bad.csv:3:线索描述',
      }),
    ])
    const batches = (await inspector.get('/api/v1/clue-batches')).body.items
    expect(batches).toHaveLength(1)
    expect((await inspector.get('/api/v1/clues')).body.total).toBe(3)
  })

  test('a clue goes new → assigned → investigating → closed, the funnel counts it, illegal steps are 409', async () => {
    const batchId = (await inspector.get('/api/v1/clue-batches')).body.items[0].id as string
    const list = (await inspector.get(`/api/v1/clues?batch=${batchId}&pageSize=2`)).body
    expect(list).toMatchObject({ total: 3, page: 1, pageSize: 2 })
    const [a, b] = list.items as { id: string }[]

    const early = await inspector.post(`/api/v1/clues/${a!.id}/close`, {
      outcome: 'UNFOUNDED',
      note: '—',
    })
    expect(early.status).toBe(409)
    expect(early.body.issues[0].message).toBe(
      `线索 ${a!.id} 当前状态为 NEW（待分派），“办结”需要状态 INVESTIGATING`
    )
    for (const id of [a!.id, b!.id]) {
      expect(
        (await inspector.post(`/api/v1/clues/${id}/assign`, { assignee: 'inspector' })).body.state
      ).toBe('ASSIGNED')
      expect((await inspector.post(`/api/v1/clues/${id}/start`)).body.state).toBe('INVESTIGATING')
    }
    const confirmed = await inspector.post(`/api/v1/clues/${a!.id}/close`, {
      outcome: 'CONFIRMED',
      recoveredAmount: 28_190_400,
      note: '约谈后全额追回',
    })
    expect(confirmed.status).toBe(200)
    expect(confirmed.body).toMatchObject({ state: 'CLOSED', outcome: 'CONFIRMED' })
    await inspector.post(`/api/v1/clues/${b!.id}/close`, { outcome: 'UNFOUNDED', note: '查无实据' })
    const twice = await inspector.post(`/api/v1/clues/${b!.id}/start`)
    expect(twice.status).toBe(409)
    expect(twice.body.issues[0].message).toContain('当前状态为 CLOSED')

    const detail = (await inspector.get(`/api/v1/clues/${a!.id}`)).body
    expect(detail.events.map((e: any) => e.action)).toEqual(['import', 'assign', 'start', 'close'])

    const funnel = (await inspector.get('/api/v1/clues/funnel')).body
    expect(funnel.rows).toEqual([
      expect.objectContaining({
        batchId,
        clues: 3,
        assigned: 2,
        investigating: 2,
        confirmed: 1,
        unfounded: 1,
        suspectedAmount: 315_315,
        recoveredAmount: 28_190_400,
        sentence: '共接收线索 3 条，已核查 2 条，查实 1 条，追回 28.19 万元。',
      }),
    ])
    expect(funnel.total).toMatchObject({ batches: 1, clues: 3 })

    const fundManager = await TestClient.login(server.base, 'fund_manager', DEMO_PASSWORD)
    const xlsx = await fundManager.download(`/api/v1/clue-batches/${batchId}/export.xlsx`)
    expect(xlsx.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.getRow(1).getCell(1).value).toEqual(
      expect.stringContaining('已核查 2 条，查实 1 条')
    )
    expect(sheet.rowCount).toBe(2 + 1 + 3)

    const admin = await TestClient.login(server.base, 'admin', DEMO_PASSWORD)
    const log = (await admin.get('/api/v1/audit-log?action=clue.')).body.items
    expect(log.map((e: any) => e.action).sort()).toEqual([
      'clue.assign',
      'clue.assign',
      'clue.close',
      'clue.close',
      'clue.import',
      'clue.start',
      'clue.start',
    ])
  })
})
