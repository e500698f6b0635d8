// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Finding } from '@yibao/audit'
import { OutcomeError } from '@yibao/domain'
import { clearRecords } from './clear-records.js'
import type { Database } from './database.js'
import {
  deleteRuleOverride,
  findCompletedRun,
  finishAuditRun,
  listAuditRuns,
  listRuleOverrides,
  readFindings,
  saveRuleOverride,
  startAuditRun,
  summarizeFindings,
  writeFindings,
} from './findings.js'
import { testBackends } from './testing.js'

/** A finding with every field set; `over` changes some. */
function finding(id: string, over: Partial<Finding> = {}): Finding {
  return {
    id,
    ruleId: 'GZ001',
    ruleName: '限定性别用药',
    violation: 'S1',
    severity: 'CLEAR',
    psnNo: 'P000001',
    mdtrtId: 'M1',
    institutionCode: 'H001',
    date: '2024-03-01',
    lines: [
      { feedetlSn: 'F-rel', mdtrtId: 'M1', role: 'RELATED', amount: 0 },
      { feedetlSn: 'F-vio', mdtrtId: 'M1', role: 'VIOLATING', amount: 12_345 },
    ],
    relatedEncounters: [],
    amount: 12_345,
    message: '男性患者\t使用\n女性专用药品 C:\\药\\',
    evidence: `规则 "GZ001"，知识点 'B1-0001'`,
    knowledgePointId: 'B1-0001',
    packVersion: '2025.1',
    params: { days: 7, codes: ['a', 'b'], strict: true, label: '天' },
    ...over,
  }
}

const f1 = finding('F1')
const f2 = finding('F2', {
  ruleId: 'GZ002',
  ruleName: '分解住院',
  violation: 'M14',
  severity: 'SUSPECT',
  mdtrtId: 'M2',
  psnNo: 'p000002',
  date: '2024-03-01',
  lines: [],
  // Array-literal and COPY specials: quotes, commas, braces, backslash, the word NULL, spaces.
  relatedEncounters: ['M"1', 'a,b', '{x}', 'back\\slash', 'NULL', ' sp '],
  amount: 0,
  knowledgePointId: null,
  params: {},
})
const f3 = finding('F3', { date: '2024-05-20', mdtrtId: 'M3', amount: 100 })
// Same day as f2, encounter sorts before it: read order is day, encounter, rule, id.
const f0 = finding('F0', { date: '2024-03-01', mdtrtId: 'M0', ruleId: 'GZ002', amount: 7 })

describe.each(testBackends())('findings on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('findings read back exactly as written, in day, encounter, rule, id order', async () => {
    expect(await writeFindings(db, 'R1', [f3, f2, f1, f0])).toBe(4)
    expect(await readFindings(db, {})).toEqual([f0, f1, f2, f3])
    const [stored] = await db.query<{ feedetl_sn: string | null; run_id: string }>(
      `SELECT feedetl_sn, run_id FROM finding WHERE id = 'F1'`
    )
    expect(stored).toEqual({ feedetl_sn: 'F-vio', run_id: 'R1' })
  })

  test('writing the same findings again inserts nothing and changes nothing', async () => {
    const before = await readFindings(db)
    const changed = finding('F1', { message: '改过的说明', amount: 1 })
    const f4 = finding('F4', { date: '2024-06-01', mdtrtId: 'M4' })
    expect(await writeFindings(db, 'R2', [f1, f2, f3, f0])).toBe(0)
    expect(await writeFindings(db, 'R2', [changed, f4, f4])).toBe(1)
    expect(await readFindings(db)).toEqual([...before, f4])
    const runs = await db.query<{ id: string; run_id: string }>(
      `SELECT id, run_id FROM finding ORDER BY id`
    )
    expect(runs.map((r) => `${r.id}:${r.run_id}`)).toEqual([
      'F0:R1',
      'F1:R1',
      'F2:R1',
      'F3:R1',
      'F4:R2',
    ])
  })

  test('readFindings filters by encounter, person, rule, period and limit', async () => {
    expect((await readFindings(db, { mdtrtId: 'M2' })).map((f) => f.id)).toEqual(['F2'])
    expect((await readFindings(db, { psnNo: 'p000002' })).map((f) => f.id)).toEqual(['F2'])
    expect((await readFindings(db, { ruleId: 'GZ002' })).map((f) => f.id)).toEqual(['F0', 'F2'])
    expect(
      (await readFindings(db, { from: '2024-03-02', to: '2024-05-20' })).map((f) => f.id)
    ).toEqual(['F3'])
    expect((await readFindings(db, { limit: 2 })).map((f) => f.id)).toEqual(['F0', 'F1'])
  })

  test('findings written in a caller transaction commit or roll back with it', async () => {
    await expect(
      db.transaction(async (tx) => {
        await writeFindings(tx, 'R3', [finding('F5', { mdtrtId: 'M5' })])
        throw new Error('abort')
      })
    ).rejects.toThrow('abort')
    expect(await readFindings(db, { mdtrtId: 'M5' })).toEqual([])
    const n = await db.transaction(
      async (tx) =>
        (await writeFindings(tx, 'R3', [finding('F5', { mdtrtId: 'M5' })])) +
        (await writeFindings(tx, 'R3', [finding('F6', { mdtrtId: 'M5' })]))
    )
    expect(n).toBe(2)
    expect((await readFindings(db, { mdtrtId: 'M5' })).map((f) => f.id)).toEqual(['F5', 'F6'])
  })

  test('summarizeFindings counts findings, encounters and amounts per rule', async () => {
    // GZ001: F1 (M1, 12 345), F3 (M3, 100), F4 (M4, 12 345), F5 and F6 (M5, 12 345 each).
    // GZ002: F0 (M0, 7), F2 (M2, 0).
    expect(await summarizeFindings(db, {})).toEqual([
      {
        ruleId: 'GZ001',
        ruleName: '限定性别用药',
        violation: 'S1',
        severity: 'CLEAR',
        findings: 5,
        encounters: 4,
        amount: 12_345 * 4 + 100,
      },
      {
        ruleId: 'GZ002',
        ruleName: '分解住院',
        violation: 'M14',
        severity: 'SUSPECT',
        findings: 2,
        encounters: 2,
        amount: 7,
      },
    ])
    expect(await summarizeFindings(db, { from: '2024-05-01', to: '2024-05-31' })).toEqual([
      {
        ruleId: 'GZ001',
        ruleName: '限定性别用药',
        violation: 'S1',
        severity: 'CLEAR',
        findings: 1,
        encounters: 1,
        amount: 100,
      },
    ])
  })

  test('tens of thousands of findings are written once', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) =>
      finding(`B${String(i).padStart(6, '0')}`, { mdtrtId: `MB${i % 500}`, date: '2024-07-01' })
    )
    expect(await writeFindings(db, 'R4', many)).toBe(many.length)
    expect(await writeFindings(db, 'R5', many)).toBe(0)
    const [row] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM finding WHERE finding_date = '2024-07-01'`
    )
    expect(row?.n).toBe(many.length)
  })

  test('audit runs: started, finished, listed newest first', async () => {
    await startAuditRun(db, {
      id: 'A1',
      rulesetVersion: 'rs1',
      packVersion: '2025.1',
      from: '2024-01-01',
      to: '2024-06-30',
      dryRun: false,
      actor: 'system',
    })
    const [running] = await listAuditRuns(db)
    expect(running).toMatchObject({
      id: 'A1',
      status: 'RUNNING',
      from: '2024-01-01',
      to: '2024-06-30',
      finishedAt: null,
      findings: 0,
      summary: {},
    })
    expect(running?.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/)
    expect(await findCompletedRun(db, 'rs1', '2024-01-01', '2024-06-30')).toBeNull()

    const result = {
      status: 'DONE',
      persons: 10,
      encounters: 20,
      lines: 3_000_000_000,
      findings: 5,
      newFindings: 4,
      amount: 123_456,
      summary: { GZ001: 5 },
    } as const
    await finishAuditRun(db, 'A1', result)
    const [done] = await listAuditRuns(db)
    const { status, persons, encounters, lines, findings, newFindings, amount, summary } = result
    expect(done).toMatchObject({
      status,
      persons,
      encounters,
      lines,
      findings,
      newFindings,
      amount,
      summary,
      dryRun: false,
      rulesetVersion: 'rs1',
      packVersion: '2025.1',
      actor: 'system',
    })
    expect(done?.finishedAt).toMatch(/\+08:00$/)
    await expect(finishAuditRun(db, 'nope', result)).rejects.toThrow(OutcomeError)

    await startAuditRun(db, {
      id: 'A2',
      rulesetVersion: 'rs1',
      packVersion: 'p',
      dryRun: true,
      actor: 'x',
    })
    expect((await listAuditRuns(db)).map((r) => r.id)).toEqual(['A2', 'A1'])
    expect((await listAuditRuns(db, 1)).map((r) => r.id)).toEqual(['A2'])
  })

  test('findCompletedRun finds the latest done, non-dry run of a version and period', async () => {
    const start = (id: string, over: { from?: string; to?: string; dryRun?: boolean } = {}) =>
      startAuditRun(db, {
        id,
        rulesetVersion: 'rs2',
        packVersion: '2025.1',
        dryRun: false,
        actor: 'system',
        ...over,
      })
    const finish = (id: string, status: 'DONE' | 'FAILED' = 'DONE') =>
      finishAuditRun(db, id, {
        status,
        persons: 0,
        encounters: 0,
        lines: 0,
        findings: 0,
        newFindings: 0,
        amount: 0,
        summary: null,
      })
    const period = { from: '2024-01-01', to: '2024-12-31' }
    await start('C9', period)
    await finish('C9')
    // PGlite's clock may tick in milliseconds: C1 must finish visibly later than C9.
    await new Promise((resolve) => setTimeout(resolve, 5))
    await start('C1', period)
    await finish('C1')
    await start('C2', { ...period, dryRun: true })
    await finish('C2')
    await start('C3', period)
    await finish('C3', 'FAILED')
    await start('C4', period) // still running
    await start('C5') // open period
    await finish('C5')

    expect((await findCompletedRun(db, 'rs2', '2024-01-01', '2024-12-31'))?.id).toBe('C1')
    expect((await findCompletedRun(db, 'rs2', undefined, undefined))?.id).toBe('C5')
    expect((await findCompletedRun(db, 'rs2', null, null))?.id).toBe('C5')
    expect(await findCompletedRun(db, 'rs2', '2024-01-01', null)).toBeNull()
    expect(await findCompletedRun(db, 'rs2', '2024-01-01', '2024-12-30')).toBeNull()
    expect(await findCompletedRun(db, 'rs3', '2024-01-01', '2024-12-31')).toBeNull()
  })

  test('rule overrides are upserted, listed without unset keys, and deleted', async () => {
    await saveRuleOverride(db, {
      ruleId: 'GZ002',
      admdvs: '*',
      from: '2024-01-01',
      to: null,
      params: { days: 15, codes: ['x'] },
      note: '全省统一',
    })
    await saveRuleOverride(db, {
      ruleId: 'GZ001',
      admdvs: '431222',
      from: '2025-01-01',
      to: '2025-12-31',
      enabled: false,
    })
    await saveRuleOverride(db, {
      ruleId: 'GZ001',
      admdvs: '431222',
      from: '2024-01-01',
      to: '2024-12-31',
      severity: 'SUSPECT',
      enabled: true,
    })
    expect(await listRuleOverrides(db)).toStrictEqual([
      {
        ruleId: 'GZ001',
        admdvs: '431222',
        from: '2024-01-01',
        to: '2024-12-31',
        severity: 'SUSPECT',
        enabled: true,
      },
      { ruleId: 'GZ001', admdvs: '431222', from: '2025-01-01', to: '2025-12-31', enabled: false },
      {
        ruleId: 'GZ002',
        admdvs: '*',
        from: '2024-01-01',
        to: null,
        params: { days: 15, codes: ['x'] },
      },
    ])

    // Same key: replaced whole, not merged.
    await saveRuleOverride(db, {
      ruleId: 'GZ002',
      admdvs: '*',
      from: '2024-01-01',
      to: '2024-06-30',
      severity: 'INFO',
    })
    const list = await listRuleOverrides(db)
    expect(list).toHaveLength(3)
    expect(list[2]).toStrictEqual({
      ruleId: 'GZ002',
      admdvs: '*',
      from: '2024-01-01',
      to: '2024-06-30',
      severity: 'INFO',
    })

    expect(await deleteRuleOverride(db, 'GZ001', '431222', '2025-01-01')).toBe(true)
    expect(await deleteRuleOverride(db, 'GZ001', '431222', '2025-01-01')).toBe(false)
    expect((await listRuleOverrides(db)).map((o) => `${o.ruleId}/${o.from}`)).toEqual([
      'GZ001/2024-01-01',
      'GZ002/2024-01-01',
    ])
  })

  test('clearRecords empties findings and runs but keeps rule overrides', async () => {
    await clearRecords(db)
    expect(await readFindings(db)).toEqual([])
    expect(await listAuditRuns(db)).toEqual([])
    expect(await listRuleOverrides(db)).toHaveLength(2)
  })
})
