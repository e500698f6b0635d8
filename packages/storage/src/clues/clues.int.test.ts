// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listAuditLog } from '../audit-log.js'
import type { Database } from '../database.js'
import { writeFindings } from '../findings.js'
import { loadRecordBatch } from '../load-record-batch.js'
import type { Viewer } from '../review/viewer.js'
import { testFinding, testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { createUser, ensureDemoAccounts } from '../users.js'
import { assignClue, closeClue, createClue, linkClue, startClue } from './clue-handling.js'
import { importClueBatch } from './clue-import.js'
import { clueFunnel, listClues, readClue } from './clue-reads.js'

const records = testRecordBatch({ persons: 12, seed: 41 })
const INSPECTOR: Viewer = { actor: 'user:inspector', role: 'inspector', institutionCode: null }
const OTHER: Viewer = { actor: 'user:inspector2', role: 'inspector', institutionCode: null }

const NATIONAL = [
  '机构编码,人员编号,期间,线索描述,疑似金额',
  'H001,P000001,2024-03,"串换药品：""阿莫西林""记为头孢",1153.10',
  'H002,,2024,分解住院,0.29',
  'P001,p000003,2024-01~2024-06,超量开药,19.99',
].join('\n')

/** The code and message of what `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; message: string }[]> {
  try {
    await promise
  } catch (err) {
    return (err as { outcome: { issues: { code: string; message: string }[] } }).outcome.issues.map(
      ({ code, message }) => ({ code, message })
    )
  }
  throw new Error('not refused')
}

describe.each(testBackends())('clues on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await writeFindings(db, 'R-TEST', [testFinding(records, 'H001', 0)])
    await ensureDemoAccounts(db)
    await createUser(db, {
      username: 'inspector2',
      displayName: '稽核员乙',
      role: 'inspector',
      password: 'a-long-password',
    })
  })
  afterAll(async () => {
    await db?.close()
  })

  const count = async (table: string): Promise<number> =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n

  test('a batch imports with exact amounts, once, its events and the audit log', async () => {
    const input = {
      source: 'NATIONAL',
      name: '国家局 2024 年第 1 批',
      receivedDate: '2024-07-01',
      file: 'gj-1.csv',
      text: NATIONAL,
    }
    const r = await importClueBatch(db, input, INSPECTOR)
    expect(r.status).toBe('imported')
    expect(r.batch).toMatchObject({
      source: 'NATIONAL',
      clueCount: 3,
      suspectedAmount: 115_310 + 29 + 1_999,
      fileName: 'gj-1.csv',
    })
    const listed = await listClues(db, { batch: r.batch.id })
    expect(listed.total).toBe(3)
    expect(
      listed.items.map((c) => [c.line, c.institutionCode, c.psnNo, c.suspectedAmount, c.state])
    ).toEqual([
      [2, 'H001', 'P000001', 115_310, 'NEW'],
      [3, 'H002', null, 29, 'NEW'],
      [4, 'P001', 'p000003', 1_999, 'NEW'],
    ])
    expect(listed.items[0]!.description).toBe('串换药品："阿莫西林"记为头孢')
    expect(listed.items[2]).toMatchObject({ periodFrom: '2024-01-01', periodTo: '2024-06-30' })
    const detail = await readClue(db, listed.items[0]!.id)
    expect(detail.events).toEqual([
      expect.objectContaining({ action: 'import', from: null, to: 'NEW', actor: 'user:inspector' }),
    ])

    const clues = await count('clue')
    const again = await importClueBatch(db, { ...input, name: '重复' }, INSPECTOR)
    expect(again).toMatchObject({
      status: 'unchanged',
      batch: { id: r.batch.id, name: input.name },
    })
    expect(await count('clue')).toBe(clues)
    const log = (await listAuditLog(db, 20)).filter((e) => e.action === 'clue.import')
    expect(log).toHaveLength(1)
  })

  test('a bad file is refused naming line and column, and nothing is stored', async () => {
    const [batches, clues] = [await count('clue_batch'), await count('clue')]
    const text = [
      '机构编码,人员编号,期间,线索描述,疑似金额',
      'H001,P1,2024-03,正常,10.00',
      'NOPE,P2,2024-03,机构不在名录,10.00',
      'H002,P3,2024-03,金额三位小数,10.005',
    ].join('\n')
    expect(
      await refusal(
        importClueBatch(
          db,
          { source: 'PROVINCIAL', name: '省局', receivedDate: '2024-08-01', file: 'sj.csv', text },
          INSPECTOR
        )
      )
    ).toEqual([
      { code: 'invalid', message: 'sj.csv 第 3 行 机构编码：定点医药机构名录中没有「NOPE」' },
      {
        code: 'invalid',
        message: 'sj.csv 第 4 行 疑似金额：应为不小于 0、最多两位小数的金额（元），收到「10.005」',
      },
    ])
    expect(
      await refusal(
        importClueBatch(
          db,
          { source: 'MARS', name: '', receivedDate: '2024-02-30', file: 'x.csv', text },
          INSPECTOR
        )
      )
    ).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^\$\.source：/) }),
      expect.objectContaining({ message: expect.stringMatching(/^\$\.name：/) }),
      expect.objectContaining({ message: expect.stringMatching(/^\$\.receivedDate：/) }),
    ])
    expect([await count('clue_batch'), await count('clue')]).toEqual([batches, clues])
  })

  test('a clue goes new → assigned → investigating → closed; the funnel follows', async () => {
    const created = await createClue(
      db,
      {
        source: 'SCREENING',
        institutionCode: 'H001',
        psnNo: records.persons[0]!.psnNo,
        period: '2024-05',
        description: '大数据筛查：同日多次就诊',
        suspectedAmount: 50_000,
      },
      INSPECTOR
    )
    expect(created).toMatchObject({ state: 'NEW', batchId: null, line: null, assignee: null })
    const id = created.id

    expect(await refusal(startClue(db, id, INSPECTOR))).toEqual([
      {
        code: 'conflict',
        message: `线索 ${id} 当前状态为 NEW（待分派），“开始核查”需要状态 ASSIGNED`,
      },
    ])
    expect(await refusal(assignClue(db, id, { assignee: 'auditor' }, INSPECTOR))).toEqual([
      { code: 'invalid', message: '$.assignee：应为在用的稽核员用户名，收到 auditor' },
    ])
    expect((await assignClue(db, id, { assignee: 'inspector' }, INSPECTOR)).state).toBe('ASSIGNED')
    expect(await refusal(startClue(db, id, OTHER))).toEqual([
      { code: 'forbidden', message: `线索 ${id} 由 inspector 核查，只有承办人可以办理` },
    ])
    expect((await startClue(db, id, INSPECTOR)).state).toBe('INVESTIGATING')
    expect(await refusal(assignClue(db, id, { assignee: 'inspector2' }, INSPECTOR))).toEqual([
      expect.objectContaining({ code: 'conflict' }),
    ])

    expect(
      await refusal(linkClue(db, id, { findingIds: ['F-H001-0', 'NOPE'] }, INSPECTOR))
    ).toEqual([{ code: 'invalid', message: '$.findingIds[1]：没有编号为 NOPE 的疑点' }])
    const linked = await linkClue(db, id, { findingIds: ['F-H001-0'] }, INSPECTOR)
    expect(linked.links.findings).toEqual(['F-H001-0'])

    expect(
      await refusal(closeClue(db, id, { outcome: 'CONFIRMED', note: '查实' }, INSPECTOR))
    ).toEqual([
      { code: 'invalid', message: '$.recoveredAmount：查实的线索应填写追回金额（分，可为 0）' },
    ])
    const closed = await closeClue(
      db,
      id,
      { outcome: 'CONFIRMED', recoveredAmount: 481_564, note: '已约谈并追回' },
      INSPECTOR
    )
    expect(closed).toMatchObject({
      state: 'CLOSED',
      outcome: 'CONFIRMED',
      recoveredAmount: 481_564,
      closingNote: '已约谈并追回',
    })
    expect(closed.events.map((e) => [e.action, e.from, e.to])).toEqual([
      ['create', null, 'NEW'],
      ['assign', 'NEW', 'ASSIGNED'],
      ['start', 'ASSIGNED', 'INVESTIGATING'],
      ['link', 'INVESTIGATING', 'INVESTIGATING'],
      ['close', 'INVESTIGATING', 'CLOSED'],
    ])
    expect(
      await refusal(closeClue(db, id, { outcome: 'UNFOUNDED', note: 'x' }, INSPECTOR))
    ).toEqual([expect.objectContaining({ code: 'conflict' })])

    const funnel = await clueFunnel(db)
    const screening = funnel.rows.find((r) => r.batchId === null && r.source === 'SCREENING')
    expect(screening).toMatchObject({
      name: '手工登记（大数据筛查）',
      clues: 1,
      assigned: 1,
      investigating: 1,
      confirmed: 1,
      unfounded: 0,
      suspectedAmount: 50_000,
      recoveredAmount: 481_564,
      sentence: '共接收线索 1 条，已核查 1 条，查实 1 条，追回 0.48 万元。',
    })
    expect(funnel.total).toMatchObject({ clues: 4, batches: 1, confirmed: 1 })
    const actions = (await listAuditLog(db, 50)).map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'clue.create',
        'clue.assign',
        'clue.start',
        'clue.link',
        'clue.close',
      ])
    )
  })

  test('the list filters by state, institution and assignee, a page at a time', async () => {
    expect((await listClues(db, { state: 'CLOSED' })).items.map((c) => c.source)).toEqual([
      'SCREENING',
    ])
    expect((await listClues(db, { assignee: 'inspector' })).total).toBe(1)
    expect((await listClues(db, { institutionCode: 'H001' })).total).toBe(2)
    const page = await listClues(db, {}, { page: 2, pageSize: 3 })
    expect(page).toMatchObject({ total: 4, page: 2, pageSize: 3 })
    expect(page.items).toHaveLength(1)
    expect(await refusal(listClues(db, { state: 'OPEN' }))).toEqual([
      {
        code: 'invalid',
        message: 'state：应为 NEW、ASSIGNED、INVESTIGATING、CLOSED 之一，收到 OPEN',
      },
    ])
  })

  test('the event log is append-only', async () => {
    await expect(db.query(`UPDATE clue_event SET actor = 'x'`)).rejects.toThrow(/只能追加/)
  })
})
