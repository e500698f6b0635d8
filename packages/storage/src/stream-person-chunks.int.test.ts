// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from './database.js'
import { loadRecordBatch } from './load-record-batch.js'
import type { PersonRecords } from '@yibao/domain'
import { readEncounter } from './read-encounter.js'
import { readPersonHistory } from './read-person-history.js'
import { readPersonRecords } from './person-records.js'
import { streamPersonChunks } from './stream-person-chunks.js'
import { testRecordBatch } from './test-record-batch.js'
import { testBackends } from './testing.js'

const records = testRecordBatch({ persons: 45, seed: 11 })
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

async function collect(db: Database, options: Parameters<typeof streamPersonChunks>[1]) {
  const chunks: PersonRecords[] = []
  for await (const chunk of streamPersonChunks(db, options)) chunks.push(chunk)
  return chunks
}

describe.each(testBackends())('reading persons on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
  })
  afterAll(async () => {
    await db.close()
  })

  test('streams every person once, in byte order, in chunks of the requested size', async () => {
    const chunks = await collect(db, { chunkSize: 10 })
    expect(chunks.map((c) => c.persons.length)).toEqual([10, 10, 10, 10, 5])
    const psnNos = chunks.flatMap((c) => c.persons.map((p) => p.psnNo))
    expect(psnNos).toEqual(records.persons.map((p) => p.psnNo).sort(byteOrder))
    const total = (k: keyof PersonRecords) => chunks.reduce((s, c) => s + c[k].length, 0)
    expect(total('encounters')).toBe(records.encounters.length)
    expect(total('feeLines')).toBe(records.feeLines.length)
    expect(total('diagnoses')).toBe(records.diagnoses.length)
    expect(total('operations')).toBe(records.operations.length)
    expect(total('settlements')).toBe(records.settlements.length)
    expect(total('identities')).toBe(records.identities.length)
  })

  test('a chunk holds exactly its persons’ records, sorted by person then time', async () => {
    for (const chunk of await collect(db, { chunkSize: 7 })) {
      const mine = new Set(chunk.persons.map((p) => p.psnNo))
      const order = [...mine]
      const rank = (psnNo: string) => order.indexOf(psnNo)
      for (const e of chunk.encounters) expect(mine.has(e.psnNo)).toBe(true)
      for (const f of chunk.feeLines) expect(mine.has(f.psnNo)).toBe(true)
      expect(chunk.encounters.length).toBe(
        records.encounters.filter((e) => mine.has(e.psnNo)).length
      )
      expect(chunk.feeLines.length).toBe(records.feeLines.filter((f) => mine.has(f.psnNo)).length)
      const sorted = <T>(xs: T[], key: (x: T) => [number, number]) =>
        xs.every((x, i) => {
          if (i === 0) return true
          const [a1, a2] = key(xs[i - 1]!)
          const [b1, b2] = key(x)
          return a1 < b1 || (a1 === b1 && a2 <= b2)
        })
      expect(sorted(chunk.encounters, (e) => [rank(e.psnNo), Date.parse(e.begin)])).toBe(true)
      expect(sorted(chunk.feeLines, (f) => [rank(f.psnNo), Date.parse(f.time)])).toBe(true)
    }
  })

  test('a period keeps the encounters beginning in it and everything hanging off them', async () => {
    const from = '2024-03-01'
    const to = '2024-05-31'
    const inPeriod = records.encounters.filter((e) => {
      const day = new Date(Date.parse(e.begin) + 8 * 3600_000).toISOString().slice(0, 10)
      return day >= from && day <= to
    })
    const ids = new Set(inPeriod.map((e) => e.mdtrtId))
    const chunks = await collect(db, { chunkSize: 8, from, to })
    const encounters = chunks.flatMap((c) => c.encounters)
    expect(encounters.map((e) => e.mdtrtId).sort()).toEqual([...ids].sort())
    expect(chunks.flatMap((c) => c.persons).map((p) => p.psnNo)).toEqual(
      [...new Set(inPeriod.map((e) => e.psnNo))].sort(byteOrder)
    )
    expect(chunks.flatMap((c) => c.feeLines).length).toBe(
      records.feeLines.filter((f) => ids.has(f.mdtrtId)).length
    )
  })

  test('a few persons read with SELECTs equal the same persons read with COPY', async () => {
    const [copied] = await collect(db, { chunkSize: 45 })
    const selected = await collect(db, { chunkSize: 3 })
    const kinds = Object.keys(copied!) as (keyof PersonRecords)[]
    for (const kind of kinds) {
      const rows = selected.flatMap((c): readonly unknown[] => c[kind])
      expect({ kind, rows }).toEqual({ kind, rows: copied![kind] })
    }
  })

  test('readPersonHistory returns one person’s records equal to what was stored', async () => {
    const person = records.persons[4]!
    const history = await readPersonHistory(db, person.psnNo)
    expect(history.person).toEqual(person)
    expect(history.encounters.map((e) => e.mdtrtId).sort()).toEqual(
      records.encounters
        .filter((e) => e.psnNo === person.psnNo)
        .map((e) => e.mdtrtId)
        .sort()
    )
    const lines = records.feeLines.filter((f) => f.psnNo === person.psnNo)
    expect([...history.feeLines].sort((a, b) => byteOrder(a.feedetlSn, b.feedetlSn))).toEqual(
      [...lines].sort((a, b) => byteOrder(a.feedetlSn, b.feedetlSn))
    )
    const unknown = await readPersonHistory(db, 'nobody')
    expect(unknown.person).toBeUndefined()
    expect(unknown.encounters).toEqual([])
  })

  test('readPersonHistory reads, in one statement, what the chunk read reads for each person', async () => {
    const dates = records.encounters.map((e) => e.begin.slice(0, 10)).sort()
    const from = dates[Math.floor(dates.length / 2)]!
    let compared = 0
    for (const person of records.persons) {
      for (const period of [{}, { from }]) {
        const history = await readPersonHistory(db, person.psnNo, period)
        const chunk = await readPersonRecords(db, [person], period)
        expect({ ...history, person: [history.person] }).toEqual({
          ...chunk,
          persons: undefined,
          person: chunk.persons,
        })
        compared += history.feeLines.length
      }
    }
    expect(compared).toBeGreaterThan(0)
  })

  test('readEncounter returns the encounter with everything hanging off it', async () => {
    const encounter = records.encounters[3]!
    const read = await readEncounter(db, encounter.mdtrtId)
    expect(read?.encounter).toEqual(encounter)
    expect(read?.diagnoses).toEqual(
      records.diagnoses.filter((d) => d.mdtrtId === encounter.mdtrtId)
    )
    expect(read?.settlements).toEqual(
      records.settlements.filter((s) => s.mdtrtId === encounter.mdtrtId)
    )
    const setlIds = new Set(read?.settlements.map((s) => s.setlId))
    expect(read?.fundDetails).toEqual(records.fundDetails.filter((d) => setlIds.has(d.setlId)))
    expect(read?.feeLines).toHaveLength(
      records.feeLines.filter((f) => f.mdtrtId === encounter.mdtrtId).length
    )
    expect(await readEncounter(db, 'no-such-encounter')).toBeUndefined()
  })
})
