// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import type { Database } from './database.js'
import { listAuditRuns, readFindings } from './findings.js'
import { loadRecordBatch } from './load-record-batch.js'
import { readRecords } from './read-records.js'
import { runAudit } from './run-audit.js'
import { testRecordBatch } from './test-record-batch.js'
import { testBackends } from './testing.js'

const knowledge = new Knowledge(loadBuiltinPack())

describe.each(testBackends())('batch audit on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, testRecordBatch({ persons: 40, seed: 3 }))
  })
  afterAll(async () => {
    await db.close()
  })

  const options = { knowledge, workers: 0, actor: 'test', rulesDate: '2025-12-31' }

  test('findings are written once per id, and the run is recorded', async () => {
    const first = await runAudit(db, options)
    expect(first.persons).toBe(40)
    expect(first.lines).toBe((await readRecords(db, 'feeLines')).length)
    expect(first.findings).toBeGreaterThan(0)
    expect(first.newFindings).toBe(first.findings)
    const stored = await readFindings(db, { limit: 100_000 })
    expect(stored.map((f) => f.id).sort()).toEqual(first.findingList.map((f) => f.id).sort())

    const again = await runAudit(db, options)
    expect(again.findings).toBe(first.findings)
    expect(again.newFindings).toBe(0)
    expect(again.rulesetVersion).toBe(first.rulesetVersion)
    expect(await readFindings(db, { limit: 100_000 })).toHaveLength(first.findings)
    const runs = await listAuditRuns(db)
    expect(runs.slice(0, 2).map((r) => r.status)).toEqual(['DONE', 'DONE'])
    expect(runs[0]).toMatchObject({ findings: first.findings, newFindings: 0 })
  })

  test('a period audits only the encounters beginning in it', async () => {
    const encounters = await readRecords(db, 'encounters')
    const days = [...new Set(encounters.map((e) => e.begin.slice(0, 10)))].sort()
    const from = days[Math.floor(days.length / 3)]!
    const to = days[Math.floor((2 * days.length) / 3)]!
    const inPeriod = encounters.filter(
      (e) => e.begin.slice(0, 10) >= from && e.begin.slice(0, 10) <= to
    )
    const r = await runAudit(db, { ...options, from, to, dryRun: true })
    expect(r.encounters).toBe(inPeriod.length)
    expect(r.runId).toBeNull()
    const ids = new Set(inPeriod.map((e) => e.mdtrtId))
    expect(r.findingList.every((f) => ids.has(f.mdtrtId))).toBe(true)
  })

  test('progress counts the persons streamed, and ends at its total', async () => {
    const extra = testRecordBatch({ persons: 1, seed: 9, prefix: 'P', reference: false })
    await loadRecordBatch(db, { persons: extra.persons })
    const calls: [number, number][] = []
    await runAudit(db, { ...options, dryRun: true, onProgress: (d, t) => calls.push([d, t]) })
    const persons = (await readRecords(db, 'persons')).length
    expect(calls.at(-1)).toEqual([persons, persons])
    expect(calls.every(([d, t]) => d <= t)).toBe(true)
  })

  test('a dry run writes nothing', async () => {
    const before = (await readFindings(db, { limit: 100_000 })).length
    const runs = (await listAuditRuns(db)).length
    const r = await runAudit(db, { ...options, dryRun: true, ruleIds: ['GZ10000201002000'] })
    expect(r.rules).toBe(1)
    expect(r.byRule.every((x) => x.ruleId === 'GZ10000201002000')).toBe(true)
    expect(await readFindings(db, { limit: 100_000 })).toHaveLength(before)
    expect(await listAuditRuns(db)).toHaveLength(runs)
  })
})
