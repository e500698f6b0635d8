// SPDX-License-Identifier: Apache-2.0
// The batch-audit pool: worker threads give the same findings as the calling thread and as the
// job itself, chunk by chunk and in order; close() ends the threads. Workers run the compiled
// `dist/batch/audit-worker.js`, so `npm run build` must have run.
import type { Worker } from 'node:worker_threads'
import type { PersonRecords } from '@yibao/domain'
import { Knowledge, loadBuiltinPack, serializePack } from '@yibao/knowledge'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RULE_LIBRARY } from '../library.js'
import {
  INSTITUTIONS,
  ITEMS,
  pickPoint,
  REGION,
  ROUTINE_CAPS,
  RULE_DATE,
  Scenario,
  yuan,
} from '../testing.js'
import type { AuditJobSetup, ChunkResult } from './audit-job.js'
import { AuditJob } from './audit-job.js'
import { AuditPool } from './audit-pool.js'

const pack = loadBuiltinPack()
const knowledge = new Knowledge(pack)
const setup: AuditJobSetup = {
  pack: serializePack(pack),
  definitions: RULE_LIBRARY,
  overrides: [],
  scope: { stage: 'POST', date: RULE_DATE, admdvs: REGION },
  institutions: INSTITUTIONS,
  priceCaps: ROUTINE_CAPS,
}

const forWomen = pickPoint(knowledge, 'GENDER', {
  point: (p) => p.subject === 'DRUG' && p.condition.kind === 'GENDER' && p.condition.gender === '2',
})

/** A chunk of `persons` persons (ids prefixed so that chunks do not share persons). */
function chunk(prefix: string, persons: number): PersonRecords {
  const s = new Scenario(prefix)
  for (let n = 0; n < persons; n++) {
    const p = s.person({ gender: n % 2 === 0 ? '1' : '2' })
    const day = `2025-06-${String(2 + (n % 20)).padStart(2, '0')}`
    const stay = s.routineStay(p, {
      from: day,
      to: `2025-06-${String(5 + (n % 20)).padStart(2, '0')}`,
    })
    s.settle(stay)
    const v = s.outpatient(p, { date: '2025-06-26' })
    s.line(v, ITEMS.ct)
    s.line(v, { code: forWomen.code, name: forWomen.point.name, catalogClass: '02' }) // R4 for men
    if (n % 3 === 0) s.line(s.outpatient(p, { date: '2025-06-28' }), ITEMS.ct) // R13-1
    if (n % 4 === 1) s.line(v, { ...ITEMS.lab, price: yuan(12) }) // above the 10 yuan cap
  }
  return s.records()
}

// A larger chunk in the middle, so that workers finish out of order.
const CHUNKS: PersonRecords[] = [chunk('A', 3), chunk('B', 2), chunk('C', 40), chunk('D', 1)]

const ids = (r: ChunkResult): string[] => r.findings.map((f) => f.id)

describe('AuditPool', () => {
  const created: Worker[] = []
  const onWorker = (w: Worker): void => {
    created.push(w)
  }
  let threaded: AuditPool
  let inline: AuditPool
  let job: AuditJob

  beforeAll(async () => {
    process.on('worker', onWorker)
    job = new AuditJob(setup)
    inline = await AuditPool.start(setup, 0, knowledge)
    threaded = await AuditPool.start(setup, 2)
  })

  afterAll(async () => {
    process.off('worker', onWorker)
    await threaded.close()
  })

  test('sizes: 2 threads, and 0 for inline', () => {
    expect(threaded.size).toBe(2)
    expect(inline.size).toBe(0)
    expect(created).toHaveLength(2)
    expect(threaded.job.engine.version).toBe(job.engine.version)
  })

  test('each chunk: the same findings on threads, inline and from the job, in the same order', async () => {
    const fromJob = CHUNKS.map((c) => job.run(c))
    const fromInline = await Promise.all(CHUNKS.map((c) => inline.run(c)))
    const fromThreads = await Promise.all(CHUNKS.map((c) => threaded.run(c)))
    for (const [n, expected] of fromJob.entries()) {
      expect(expected.findings.length, `chunk ${n}`).toBeGreaterThan(0)
      expect(ids(fromInline[n]!), `chunk ${n}`).toEqual(ids(expected))
      expect(ids(fromThreads[n]!), `chunk ${n}`).toEqual(ids(expected))
      expect(fromThreads[n]).toEqual(expected)
    }
    // Findings belong to their chunk's persons only.
    for (const [n, r] of fromThreads.entries()) {
      const persons = new Set(CHUNKS[n]!.persons.map((p) => p.psnNo))
      expect(r.findings.every((f) => persons.has(f.psnNo))).toBe(true)
    }
    // The rules that the chunks were built to break are among the findings.
    const rules = new Set(fromThreads.flatMap((r) => r.findings.map((f) => f.violation)))
    for (const v of ['R4', 'R13']) expect(rules.has(v), v).toBe(true)
  })

  test('chunk counts: persons, encounters, lines', async () => {
    const big = CHUNKS[2]!
    const r = await threaded.run(big)
    expect(r.persons).toBe(40)
    expect(r.encounters).toBe(big.encounters.length)
    expect(r.lines).toBe(big.feeLines.length)
  })

  test('the records given to run() are not changed (packing copies)', async () => {
    const c = chunk('E', 2)
    const before = structuredClone(c)
    await threaded.run(c)
    expect(c).toEqual(before)
  })

  test('an empty chunk gives nothing', async () => {
    const none: PersonRecords = {
      persons: [],
      identities: [],
      encounters: [],
      diagnoses: [],
      operations: [],
      feeLines: [],
      settlements: [],
    }
    expect(await threaded.run(none)).toEqual({ findings: [], persons: 0, encounters: 0, lines: 0 })
  })

  test('close() ends the worker threads', async () => {
    const pool = await AuditPool.start(setup, 2)
    const mine = created.slice(-2)
    expect(mine).toHaveLength(2)
    const exited = Promise.all(mine.map((w) => new Promise((resolve) => w.once('exit', resolve))))
    await pool.run(CHUNKS[0]!)
    await pool.close()
    await exited
    expect(mine.map((w) => w.threadId)).toEqual([-1, -1])
  })

  test('a closed pool refuses further chunks instead of hanging', async () => {
    await expect(inline.close()).resolves.toBeUndefined()
    await expect(inline.run(CHUNKS[3]!)).rejects.toThrow('审核线程池已关闭')
  })
})
