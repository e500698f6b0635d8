// SPDX-License-Identifier: Apache-2.0
// A screening run over stored claims, on both backends: a planted after-death settlement is found
// and a look-alike is not; the run is stored whole (hits, risks, a SCREENING clue batch with its
// events, the audit log); a run that fails leaves only its FAILED row; a run interrupted by a
// crash is marked FAILED by the next; closed clues leave the queue and teach it.
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { listAuditLog } from '../audit-log.js'
import { assignClue, closeClue, startClue } from '../clues/clue-handling.js'
import type { Database } from '../database.js'
import { writeFindings } from '../findings.js'
import { loadRecordBatch } from '../load-record-batch.js'
import type { Viewer } from '../review/viewer.js'
import { testFinding, testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { ensureDemoAccounts } from '../users.js'
import { runScreening } from './run-screening.js'
import {
  buildReviewQueue,
  decisionStats,
  evaluateScreeningRun,
  listScreeningHits,
  listScreeningRisks,
  readScreeningRun,
} from './screening-reads.js'

const INSPECTOR: Viewer = { actor: 'user:inspector', role: 'inspector', institutionCode: null }

/** Test records with one person who died before their last encounter, and one who died after theirs. */
function plantedRecords(): {
  records: ReturnType<typeof testRecordBatch>
  dead: string
  late: string
} {
  const records = testRecordBatch({ persons: 40, seed: 8 })
  const byPerson = new Map<string, typeof records.encounters>()
  for (const e of records.encounters) byPerson.set(e.psnNo, [...(byPerson.get(e.psnNo) ?? []), e])
  const [dead, late] = [...byPerson].filter(([, es]) => es.length >= 2)
  if (!dead || !late) throw new Error('test records need two persons with two encounters')
  const [deadPsn, deadEncounters] = dead
  const [latePsn, lateEncounters] = late
  const sorted = (es: typeof records.encounters) =>
    [...es].sort((a, b) => (a.begin < b.begin ? -1 : 1))
  const last = sorted(deadEncounters).at(-1)!
  const lastOfLate = sorted(lateEncounters).at(-1)!
  const dayBefore = new Date(Date.parse(last.begin) - 2 * 86_400_000).toISOString().slice(0, 10)
  const dayAfter = new Date(Date.parse(lastOfLate.end ?? lastOfLate.begin) + 86_400_000)
    .toISOString()
    .slice(0, 10)
  records.persons = records.persons.map((p) =>
    p.psnNo === deadPsn
      ? { ...p, deathDate: dayBefore }
      : p.psnNo === latePsn
        ? { ...p, deathDate: dayAfter }
        : p
  )
  records.truth.push({
    id: `${last.mdtrtId}-F3`,
    type: 'F3',
    psnNo: deadPsn,
    mdtrtId: last.mdtrtId,
    feedetlSn: null,
    institutionCode: last.institutionCode,
    amount: 1_000,
    note: '死亡后结算',
  })
  return { records, dead: last.mdtrtId, late: lastOfLate.mdtrtId }
}

describe.each(testBackends())('screening on $name', (backend) => {
  let db: Database
  const planted = plantedRecords()

  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, planted.records)
    await writeFindings(db, 'R-TEST', [testFinding(planted.records, 'H001', 0)])
    await ensureDemoAccounts(db)
  })
  afterAll(async () => {
    await db?.close()
  })

  const count = async (sql: string, params: unknown[] = []): Promise<number> =>
    (await db.query<{ n: number }>(sql, params as string[]))[0]!.n

  test('a run finds the planted settlement after death, not the look-alike, and is stored whole', async () => {
    const steps: number[] = []
    const s = await runScreening(db, INSPECTOR, { onProgress: (f) => steps.push(f) })
    expect(steps.at(-1)).toBe(1)
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    const f5 = await listScreeningHits(db, s.runId, { pattern: 'F5', limit: 1000 })
    const flagged = f5.items.map((h) => h.mdtrtId)
    expect(flagged).toContain(planted.dead)
    expect(flagged).not.toContain(planted.late)
    expect(f5.items.find((h) => h.mdtrtId === planted.dead)?.explanation.summary).toContain('死亡')

    const hits = Object.values(s.patterns).reduce((n, p) => n + p.hits, 0)
    expect(
      await count('SELECT count(*)::int AS n FROM screening_hit WHERE run_id = $1', [s.runId])
    ).toBe(hits)
    const run = await readScreeningRun(db, 'latest')
    expect(run).toMatchObject({ id: s.runId, state: 'DONE', clueBatchId: s.clueBatchId })
    expect(run.summary.patterns).toEqual(s.patterns)
    // One clue per hit, each with its import event, in a SCREENING batch.
    expect(s.clues).toBe(hits)
    expect(
      await count(
        `SELECT count(*)::int AS n FROM clue WHERE batch_id = $1 AND source = 'SCREENING'`,
        [s.clueBatchId]
      )
    ).toBe(hits)
    expect(
      await count(
        `SELECT count(*)::int AS n FROM clue_event e JOIN clue c ON c.id = e.clue_id WHERE c.batch_id = $1`,
        [s.clueBatchId]
      )
    ).toBe(hits)
    const risks = await listScreeningRisks(db, s.runId, 'ENCOUNTER', { limit: 1000 })
    expect(risks.items.map((r) => r.subjectId)).toContain(planted.dead)
    expect(
      (await listAuditLog(db, 20)).some((e) => e.action === 'screening.run' && e.target === s.runId)
    ).toBe(true)

    const evaluation = await evaluateScreeningRun(db, s.runId)
    const f5Eval = evaluation.patterns.find((p) => p.pattern === 'F5')!
    expect(f5Eval.truePositives).toBeGreaterThanOrEqual(1)
    expect(f5Eval.flagged).toBe(new Set(flagged).size)
  })

  test('a bad period is refused naming the field, before anything is written', async () => {
    const runs = await count('SELECT count(*)::int AS n FROM screening_run')
    await expect(runScreening(db, INSPECTOR, { from: '2025-02-30' })).rejects.toMatchObject({
      outcome: { issues: [{ path: '$.from' }] },
    })
    await expect(
      runScreening(db, INSPECTOR, { from: '2025-03-01', to: '2025-02-01' })
    ).rejects.toThrow('to 早于 from')
    expect(await count('SELECT count(*)::int AS n FROM screening_run')).toBe(runs)
  })

  test('a run that fails half-way is FAILED with its error and leaves nothing else', async () => {
    const before = await count('SELECT count(*)::int AS n FROM screening_hit')
    const clues = await count('SELECT count(*)::int AS n FROM clue')
    // The last read fails: the capability register is gone for the moment.
    await db.exec('ALTER TABLE institution_capability RENAME TO institution_capability_away')
    try {
      await expect(runScreening(db, INSPECTOR)).rejects.toThrow()
    } finally {
      await db.exec('ALTER TABLE institution_capability_away RENAME TO institution_capability')
    }
    const [failed] = await db.query<{ state: string; error: string | null }>(
      'SELECT state, error FROM screening_run ORDER BY started_at DESC LIMIT 1'
    )
    expect(failed?.state).toBe('FAILED')
    expect(failed?.error).not.toBeNull()
    expect(await count('SELECT count(*)::int AS n FROM screening_hit')).toBe(before)
    expect(await count('SELECT count(*)::int AS n FROM clue')).toBe(clues)
  })

  test('two runs at once: one runs, the other is refused without writing anything', async () => {
    const runs = await count('SELECT count(*)::int AS n FROM screening_run')
    const [a, b] = await Promise.allSettled([
      runScreening(db, INSPECTOR, { clues: false }),
      runScreening(db, INSPECTOR, { clues: false }),
    ])
    const outcomes = [a, b].map((r) => r.status).sort()
    expect(outcomes).toEqual(['fulfilled', 'rejected'])
    const refused = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ outcome: { issues: [{ code: 'conflict' }] } })
    expect(await count('SELECT count(*)::int AS n FROM screening_run')).toBe(runs + 1)
  })

  test('a run left RUNNING by a crash is marked FAILED by the next one', async () => {
    await db.query(
      `INSERT INTO screening_run (id, state, params, started_by) VALUES ('SC-CRASHED', 'RUNNING', '{}', 'test')`
    )
    await runScreening(db, INSPECTOR, { clues: false })
    const [crashed] = await db.query<{ state: string }>(
      `SELECT state FROM screening_run WHERE id = 'SC-CRASHED'`
    )
    expect(crashed?.state).toBe('FAILED')
  })

  test('another run over the same claims raises no clue twice; the queue holds undecided findings and open clues, closed clues leave it and teach it', async () => {
    const clues = await count('SELECT count(*)::int AS n FROM clue')
    const s = await runScreening(db, INSPECTOR)
    const hits = Object.values(s.patterns).reduce((n, p) => n + p.hits, 0)
    expect(s).toMatchObject({ clues: 0, reusedClues: hits, clueBatchId: null })
    expect(await count('SELECT count(*)::int AS n FROM clue')).toBe(clues)

    const { items, runId } = await buildReviewQueue(db, { capacityPerDay: 5 })
    expect(runId).toBe(s.runId)
    expect(items.some((i) => i.kind === 'FINDING')).toBe(true)
    expect(items.filter((i) => i.kind === 'SCREENING')).toHaveLength(hits)
    for (let k = 1; k < items.length; k++)
      expect(items[k - 1]!.expected).toBeGreaterThanOrEqual(items[k]!.expected)
    expect(items.at(-1)?.day).toBe(Math.ceil(items.length / 5))

    const [hit] = await db.query<{ seq: number; pattern: string; clue_id: string }>(
      'SELECT seq, pattern, clue_id FROM screening_hit WHERE run_id = $1 ORDER BY seq LIMIT 1',
      [s.runId]
    )
    await assignClue(db, hit!.clue_id, { assignee: 'inspector' }, INSPECTOR)
    await startClue(db, hit!.clue_id, INSPECTOR)
    await closeClue(db, hit!.clue_id, { outcome: 'UNFOUNDED', note: '核查无误' }, INSPECTOR)
    const after = await buildReviewQueue(db, { capacityPerDay: 5 })
    expect(after.items.some((i) => i.id === `${s.runId}:${hit!.seq}`)).toBe(false)
    expect(after.items).toHaveLength(items.length - 1)
    expect((await decisionStats(db)).find((d) => d.key === hit!.pattern)).toMatchObject({
      dismissed: 1,
    })
  })
})
