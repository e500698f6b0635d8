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

const records = testRecordBatch({ persons: 30, seed: 12 })
const YEAR = { from: '2024-01-01', to: '2024-12-31' }

describe.each(testBackends())('call-backs over HTTP on $name', (backend) => {
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

  test('the draw reproduces from its seed and differs for another seed', async () => {
    const a = await inspector.post('/api/v1/callback-draws', { ...YEAR, size: 8, seed: 2024 })
    expect(a.status).toBe(201)
    const b = await inspector.post('/api/v1/callback-draws', { ...YEAR, size: 8, seed: 2024 })
    const c = await inspector.post('/api/v1/callback-draws', { ...YEAR, size: 8, seed: 2025 })
    const setl = (r: { body: { items: { setlId: string }[] } }): string[] =>
      r.body.items.map((i) => i.setlId)
    expect(setl(a)).toHaveLength(8)
    expect(setl(b)).toEqual(setl(a))
    expect(setl(c)).not.toEqual(setl(a))
    expect(a.body).toMatchObject({ seed: 2024, from: YEAR.from, to: YEAR.to, drawn: 8 })
    const random = await inspector.post('/api/v1/callback-draws', { ...YEAR, size: 3 })
    expect(random.status).toBe(201)
    expect(Number.isSafeInteger(random.body.seed)).toBe(true)
    const bad = await inspector.post('/api/v1/callback-draws', { ...YEAR, size: 0 })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('$.size')
    const auditor = await TestClient.login(server.base, 'auditor', DEMO_PASSWORD)
    expect((await auditor.get('/api/v1/callback-draws')).body.items).toHaveLength(4)
  })

  test('a mismatching answer creates a clue linked to the settlement; the list exports as xlsx', async () => {
    const draw = (await inspector.post('/api/v1/callback-draws', { ...YEAR, size: 4, seed: 5 }))
      .body
    const item = draw.items[0]
    const res = await inspector.post(`/api/v1/callback-draws/${draw.id}/items/${item.seq}/answer`, {
      received: true,
      days: item.records.days,
      ownPay: Number(item.records.ownPay) + 100_000,
      answeredBy: '本人',
      note: '称另付现金 1000 元',
    })
    expect(res.status).toBe(200)
    expect(res.body.answer).toMatchObject({
      mismatch: true,
      reasons: [expect.stringContaining('个人支付')],
    })
    const clue = (await inspector.get(`/api/v1/clues/${res.body.answer.clueId}`)).body
    expect(clue).toMatchObject({
      source: 'CALLBACK',
      state: 'NEW',
      psnNo: item.psnNo,
      institutionCode: item.institutionCode,
      suspectedAmount: 100_000,
      links: { settlements: [item.setlId] },
    })
    const again = await inspector.post(
      `/api/v1/callback-draws/${draw.id}/items/${item.seq}/answer`,
      { received: true }
    )
    expect(again.status).toBe(409)
    const missing = await inspector.post(`/api/v1/callback-draws/${draw.id}/items/x/answer`, {})
    expect(missing.status).toBe(400)

    const read = (await inspector.get(`/api/v1/callback-draws/${draw.id}`)).body
    expect(read.items[0].answer.clueId).toBe(clue.id)
    const xlsx = await inspector.download(`/api/v1/callback-draws/${draw.id}/export.xlsx`)
    expect(xlsx.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    expect(sheet.rowCount).toBe(2 + 1 + 4)
    expect(sheet.getRow(4).getCell(12).value).toEqual(expect.stringContaining('不符'))
  })
})
