// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { Encounter } from '@yibao/domain'
import type { Database } from './database.js'
import { loadRecordBatch } from './load-record-batch.js'
import { PersonHistoryCache, RECORDS_CHANNEL } from './person-history-cache.js'
import { readPersonHistory } from './read-person-history.js'
import { testRecordBatch } from './test-record-batch.js'
import { testBackends } from './testing.js'

const FROM = '2020-01-01'
const records = testRecordBatch({ persons: 12, seed: 4 })
const withEncounters = [...new Set(records.encounters.map((e) => e.psnNo))]
const [first, second] = withEncounters as [string, string]

/** A new encounter of `psnNo`, copied from one of theirs with new ids. */
function newEncounter(psnNo: string, n: number): Encounter {
  const e = records.encounters.find((x) => x.psnNo === psnNo)!
  return { ...e, mdtrtId: `${e.mdtrtId}-NEW${n}`, setlId: null } as Encounter
}

describe.each(testBackends())('the history cache on $name', (backend) => {
  let db: Database
  let cache: PersonHistoryCache
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    cache = await PersonHistoryCache.open(db, { maxFeeLines: 100_000 })
  })
  afterAll(async () => {
    await cache?.close()
    await db?.close()
  })

  test('a second read is answered from memory with what the database holds', async () => {
    const direct = await readPersonHistory(db, first, { from: FROM })
    const a = await cache.read(first, FROM)
    const b = await cache.read(first, FROM)
    expect(b).toBe(a)
    expect(a).toEqual(direct)
    expect(cache.stats).toMatchObject({ persons: 1, hits: 1, misses: 1 })
    expect(cache.stats.feeLines).toBe(direct.feeLines.length)
  })

  test('a change to a person drops that person only, whichever connection wrote it', async () => {
    await cache.read(second, FROM)
    const before = (await cache.read(first, FROM)).encounters.length
    await loadRecordBatch(db, { encounters: [newEncounter(first, 1)] })
    await vi.waitFor(async () => {
      expect((await cache.read(first, FROM)).encounters).toHaveLength(before + 1)
    })
    const hits = cache.stats.hits
    await cache.read(second, FROM)
    expect(cache.stats.hits).toBe(hits + 1)
  })

  test('concurrent reads of one history share a database read; a change to many persons drops each', async () => {
    const third = withEncounters[2]!
    const [x, y] = await Promise.all([cache.read(third, FROM), cache.read(third, FROM)])
    expect(y).toBe(x)
    expect(cache.stats.persons).toBe(3)
    await db.query(`UPDATE person SET name = name`)
    await vi.waitFor(() => {
      expect(cache.stats.persons).toBe(0)
    })
  })

  test('a bulk change (announced as *) drops everything', async () => {
    await cache.read(first, FROM)
    await cache.read(second, FROM)
    expect(cache.stats.persons).toBe(2)
    await db.query(`SELECT pg_notify('yibao_records', '*')`)
    await vi.waitFor(() => {
      expect(cache.stats.persons).toBe(0)
    })
  })

  test('the least recently used histories go first when the limit is reached', async () => {
    const sizes = await Promise.all(
      withEncounters
        .slice(0, 3)
        .map(async (p) => (await readPersonHistory(db, p, { from: FROM })).feeLines.length + 1)
    )
    const small = await PersonHistoryCache.open(db, { maxFeeLines: sizes[1]! + sizes[2]! })
    try {
      for (const p of withEncounters.slice(0, 3)) await small.read(p, FROM)
      expect(small.stats.persons).toBe(2)
      const misses = small.stats.misses
      await small.read(withEncounters[2]!, FROM)
      await small.read(withEncounters[1]!, FROM)
      expect(small.stats.misses).toBe(misses)
      await small.read(withEncounters[0]!, FROM)
      expect(small.stats.misses).toBe(misses + 1)
    } finally {
      await small.close()
    }
  })

  test('writes announce the persons they touch; a bulk write announces *', async () => {
    const payloads: (string | null)[] = []
    const stop = await db.listen(RECORDS_CHANNEL, (p) => payloads.push(p))
    try {
      const one = testRecordBatch({ persons: 1, seed: 8, prefix: 'Z', reference: false })
      await loadRecordBatch(db, one)
      const psnNo = one.persons[0]!.psnNo
      await vi.waitFor(() => {
        expect(payloads).toContain(psnNo)
      })
      expect(payloads.filter((p) => p !== null && p !== psnNo)).toEqual([])
      const many = testRecordBatch({ persons: 400, seed: 9, prefix: 'Y', reference: false })
      expect(many.feeLines.length).toBeGreaterThan(2000)
      await loadRecordBatch(db, many)
      await vi.waitFor(() => {
        expect(payloads).toContain('*')
      })
    } finally {
      await stop()
    }
  })

  test('with no room it reads the database every time', async () => {
    const none = await PersonHistoryCache.open(db, { maxFeeLines: 0 })
    const a = await none.read(first, FROM)
    const b = await none.read(first, FROM)
    expect(b).not.toBe(a)
    expect(b).toEqual(a)
    expect(none.stats).toMatchObject({ persons: 0, hits: 0 })
    await none.close()
  })
})
