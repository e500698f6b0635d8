// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RULE_LIBRARY } from '@yibao/audit'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import type { Database } from '../database.js'
import { listAuditLog } from '../audit-log.js'
import { loadRecordBatch } from '../load-record-batch.js'
import type { Viewer } from '../review/viewer.js'
import { runAudit } from '../run-audit.js'
import { testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { readStaffFile, recordPointEvent, recordReregistration } from './staff-files.js'

const knowledge = new Knowledge(loadBuiltinPack())
const records = testRecordBatch({ persons: 40, seed: 21 })
const M21 = RULE_LIBRARY.find((r) => r.violation === 'M21')!.id
const INSPECTOR: Viewer = { actor: 'user:inspector', role: 'inspector', institutionCode: null }
/** A day in the middle of the records' fee lines. */
const CUT = [...records.feeLines].map((l) => l.time.slice(0, 10)).sort()[
  Math.floor(records.feeLines.length / 2)
]!

describe.each(testBackends())('staff payment qualification on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a person reaching 12 points is terminated, and the audit flags their lines from that day', async () => {
    const before = await runAudit(db, {
      knowledge,
      workers: 0,
      actor: 'test',
      rulesDate: '2025-12-31',
      ruleIds: [M21],
      dryRun: true,
    })
    expect(before.findings).toBe(0)

    const year = CUT.slice(0, 4)
    await recordPointEvent(
      db,
      {
        staffCode: 'D001',
        decisionDate: `${year}-01-02`,
        trigger: 'ART38',
        responsibility: 'MAIN',
      },
      INSPECTOR
    )
    const file = await recordPointEvent(
      db,
      {
        staffCode: 'D001',
        decisionDate: CUT,
        trigger: 'ART38',
        responsibility: 'MAIN',
        note: '分解住院',
      },
      INSPECTOR
    )
    expect(file.yearTotals[year]).toBe(12)
    expect(file.status).toBe('TERMINATED')
    expect(file.periods.at(-1)).toMatchObject({ status: 'TERMINATED', from: CUT, to: null })
    const log = await listAuditLog(db, 10)
    expect(log.find((e) => e.action === 'staff.points')?.detail).toMatchObject({
      statusAfter: 'TERMINATED',
    })

    await runAudit(db, {
      knowledge,
      workers: 0,
      actor: 'test',
      rulesDate: '2025-12-31',
      ruleIds: [M21],
    })
    const flagged = await db.query<{ feedetl_sn: string }>(
      `SELECT l->>'feedetlSn' AS feedetl_sn FROM finding f, jsonb_array_elements(f.lines) l
       WHERE f.rule_id = $1 AND l->>'role' = 'VIOLATING'`,
      [M21]
    )
    const expected = records.feeLines
      .filter(
        (l) => (l.orderDoctor === 'D001' || l.execDoctor === 'D001') && l.time.slice(0, 10) >= CUT
      )
      .filter((l) => records.encounters.find((e) => e.mdtrtId === l.mdtrtId)!.medType !== '13')
      .map((l) => l.feedetlSn)
      .sort()
    expect(expected.length).toBeGreaterThan(0)
    expect(flagged.map((f) => f.feedetl_sn).sort()).toEqual(expected)
  })

  test('bad input is named and stores nothing; re-registration waits for the bar', async () => {
    await expect(
      recordPointEvent(
        db,
        { staffCode: 'D001', decisionDate: '2025-13-01', trigger: 'ART38', responsibility: 'MAIN' },
        INSPECTOR
      )
    ).rejects.toThrow(/decisionDate/)
    await expect(
      recordPointEvent(
        db,
        {
          staffCode: 'D001',
          decisionDate: CUT,
          trigger: 'ART38',
          responsibility: 'MAIN',
          points: 13,
        },
        INSPECTOR
      )
    ).rejects.toThrow(/points：应为 1–12/)
    await expect(
      recordPointEvent(
        db,
        { staffCode: 'NOBODY', decisionDate: CUT, trigger: 'ART38', responsibility: 'MAIN' },
        INSPECTOR
      )
    ).rejects.toThrow(/没有编码为 NOBODY/)
    const file = await readStaffFile(db, 'D001', CUT)
    expect(file.events).toHaveLength(2)
    const bar = file.periods.at(-1)!.barUntil!
    await expect(recordReregistration(db, 'D001', CUT, INSPECTOR)).rejects.toThrow(/前不得重新登记/)
    const back = await recordReregistration(db, 'D001', bar, INSPECTOR)
    expect(back.status).toBeNull()
  })
})
