// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CALLBACK_ALGORITHM } from '@yibao/supervision'
import { listAuditLog } from '../audit-log.js'
import { readClue } from '../clues/clue-reads.js'
import type { Database } from '../database.js'
import { loadRecordBatch } from '../load-record-batch.js'
import type { Viewer } from '../review/viewer.js'
import { testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import {
  callbackCandidates,
  drawCallbackList,
  listCallbackDraws,
  recordCallbackAnswer,
} from './callbacks.js'

const records = testRecordBatch({ persons: 40, seed: 17 })
const INSPECTOR: Viewer = { actor: 'user:inspector', role: 'inspector', institutionCode: null }
const YEAR = { from: '2024-01-01', to: '2024-12-31' }

describe.each(testBackends())('call-backs on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a draw reproduces from its seed, records what the settlements say, and differs for another seed', async () => {
    const candidates = await callbackCandidates(db, YEAR.from, YEAR.to)
    expect(candidates.length).toBeGreaterThan(40)
    const a = await drawCallbackList(db, { ...YEAR, size: 12, seed: 7 }, INSPECTOR)
    const b = await drawCallbackList(db, { ...YEAR, size: 12, seed: 7 }, INSPECTOR)
    const c = await drawCallbackList(db, { ...YEAR, size: 12, seed: 8 }, INSPECTOR)
    expect(a.id).not.toBe(b.id)
    expect(b.items.map((i) => i.setlId)).toEqual(a.items.map((i) => i.setlId))
    expect(c.items.map((i) => i.setlId)).not.toEqual(a.items.map((i) => i.setlId))
    expect(a).toMatchObject({ seed: 7, algorithm: CALLBACK_ALGORITHM, size: 12, drawn: 12 })
    expect(new Set(a.items.map((i) => i.psnNo)).size).toBe(12)
    expect(a.strata.reduce((s, x) => s + x.drawn, 0)).toBe(12)

    const first = a.items[0]!
    const settlement = records.settlements.find((s) => s.setlId === first.setlId)!
    expect(first.records).toMatchObject({
      total: settlement.medfeeSumamt,
      fundPaid: settlement.fundPaySumamt,
      ownPay: settlement.psnPartAmt,
    })
    expect(first.records.items.length).toBeGreaterThan(0)
    const amounts = first.records.items.map((i) => i.amount)
    expect(amounts).toEqual([...amounts].sort((x, y) => y - x))
    expect(first.answer).toBeNull()

    const listed = await listCallbackDraws(db)
    expect(listed.map((d) => d.id).sort()).toEqual([a.id, b.id, c.id].sort())
    const log = (await listAuditLog(db, 10)).filter((e) => e.action === 'callback.draw')
    expect(log).toHaveLength(3)
  })

  test('a contradicting answer becomes a clue linked to the settlement; a matching one does not', async () => {
    const list = await drawCallbackList(db, { ...YEAR, size: 5, seed: 99 }, INSPECTOR)
    const [one, two, three] = list.items
    const denied = await recordCallbackAnswer(
      db,
      list.id,
      one!.seq,
      {
        received: false,
        note: '本人称当天未去过该机构',
        answeredBy: '本人',
        at: '2025-01-06 10:00:00',
      },
      INSPECTOR
    )
    expect(denied.answer).toMatchObject({
      reached: true,
      received: false,
      mismatch: true,
      answeredBy: '本人',
      answeredAt: '2025-01-06T10:00:00+08:00',
      recordedBy: 'user:inspector',
    })
    const clue = await readClue(db, denied.answer!.clueId!)
    expect(clue).toMatchObject({
      source: 'CALLBACK',
      state: 'NEW',
      institutionCode: one!.institutionCode,
      psnNo: one!.psnNo,
      suspectedAmount: one!.records.fundPaid,
      links: { settlements: [one!.setlId] },
    })
    expect(clue.description).toContain('本人称未接受该次诊疗')

    const agreed = await recordCallbackAnswer(
      db,
      list.id,
      two!.seq,
      { received: true, days: two!.records.days, ownPay: two!.records.ownPay },
      INSPECTOR
    )
    expect(agreed.answer).toMatchObject({ mismatch: false, clueId: null, reasons: [] })
    const unreached = await recordCallbackAnswer(
      db,
      list.id,
      three!.seq,
      { reached: false, note: '空号' },
      INSPECTOR
    )
    expect(unreached.answer).toMatchObject({ reached: false, received: null, mismatch: false })

    await expect(
      recordCallbackAnswer(db, list.id, one!.seq, { received: true }, INSPECTOR)
    ).rejects.toThrow(/已登记回访结果/)
    await expect(
      recordCallbackAnswer(db, list.id, 4, { reached: false, received: true }, INSPECTOR)
    ).rejects.toThrow(/\$\.received：未接通时不应填写/)
    await expect(recordCallbackAnswer(db, list.id, 4, {}, INSPECTOR)).rejects.toThrow(
      /\$\.received：接通时应填写/
    )
    await expect(
      recordCallbackAnswer(db, list.id, 99, { received: true }, INSPECTOR)
    ).rejects.toThrow(/没有第 99 号/)
    const summary = (await listCallbackDraws(db)).find((d) => d.id === list.id)
    expect(summary).toMatchObject({ drawn: 5, answered: 3, reached: 2, mismatches: 1 })
  })

  test('bad draws are refused naming the field', async () => {
    await expect(
      drawCallbackList(db, { from: '2024-12-31', to: '2024-01-01', size: 1 }, INSPECTOR)
    ).rejects.toThrow(/\$\.to：不能早于 from/)
    await expect(drawCallbackList(db, { ...YEAR, size: 0, seed: -1 }, INSPECTOR)).rejects.toThrow(
      /\$\.size：[\s\S]*\$\.seed：/
    )
    await expect(
      drawCallbackList(db, { ...YEAR, size: 3, tolerance: { ownPayPercent: 120 } }, INSPECTOR)
    ).rejects.toThrow(/\$\.tolerance\.ownPayPercent：/)
  })
})
