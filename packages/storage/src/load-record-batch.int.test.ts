// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import { clearRecords } from './clear-records.js'
import { contentChecksum } from './content-checksum.js'
import { countRecords } from './count-records.js'
import type { Database } from './database.js'
import { loadRecordBatch } from './load-record-batch.js'
import { migrate } from './migrate.js'
import { readRecords } from './read-records.js'
import { RECORD_KINDS, RECORD_TABLES } from './record-tables.js'
import type { RecordKind, RecordTypes } from './record-tables.js'
import { testRecordBatch } from './test-record-batch.js'
import { testBackends } from './testing.js'

/** Records sorted the way `readRecords` returns them (primary key, byte-wise). */
function canonical<K extends RecordKind>(kind: K, records: readonly RecordTypes[K][]) {
  const key = RECORD_TABLES[kind].key.map(
    (k) => RECORD_TABLES[kind].columns.find((c) => c.column === k)!.field
  )
  const cmp = (a: unknown, b: unknown): number =>
    typeof a === 'number' && typeof b === 'number'
      ? a - b
      : Buffer.compare(Buffer.from(String(a)), Buffer.from(String(b)))
  return [...records].sort((a, b) => {
    for (const f of key) {
      const d = cmp((a as never)[f], (b as never)[f])
      if (d !== 0) return d
    }
    return 0
  })
}

const records = testRecordBatch({ persons: 60, seed: 7 })

describe.each(testBackends())('loadRecordBatch on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('migrating again applies nothing', async () => {
    const again = await migrate(db)
    expect(again.applied).toEqual([])
    expect(again.current).toBeGreaterThanOrEqual(2)
  })

  test('every record reads back exactly as written', async () => {
    const counts = await loadRecordBatch(db, records)
    for (const kind of RECORD_KINDS) {
      expect(counts[kind], kind).toBe(records[kind].length)
      expect(await readRecords(db, kind), kind).toEqual(canonical(kind, records[kind]))
    }
  })

  test('counts match what was loaded', async () => {
    const counts = await countRecords(db)
    expect(counts).toMatchObject({
      institutions: records.institutions.length,
      persons: records.persons.length,
      identities: records.identities.length,
      staff: records.staff.length,
      encounters: records.encounters.length,
      settlements: records.settlements.length,
      feeLines: records.feeLines.length,
      diagnoses: records.diagnoses.length,
      operations: records.operations.length,
      findings: 0,
      truthTotal: records.truth.length,
    })
    const byType: Record<string, number> = {}
    for (const t of records.truth) byType[t.type] = (byType[t.type] ?? 0) + 1
    expect(counts.truth).toEqual(byType)
  })

  test('a batch with a duplicate key is a conflict and writes nothing', async () => {
    const before = await contentChecksum(db)
    const extra = testRecordBatch({ persons: 3, seed: 99, prefix: 'X', reference: false })
    const bad = { ...extra, feeLines: [...extra.feeLines, records.feeLines[0]!] }
    const err = await loadRecordBatch(db, bad).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutcomeError)
    expect((err as OutcomeError).outcome.issues[0]).toMatchObject({ code: 'conflict' })
    expect((err as OutcomeError).message).toContain('费用明细')
    expect(await contentChecksum(db)).toBe(before)
    expect((await countRecords(db)).persons).toBe(records.persons.length)
  })

  test('a value that does not fit its column is refused before anything is written', async () => {
    const extra = testRecordBatch({ persons: 2, seed: 5, prefix: 'Y', reference: false })
    const feeLine = { ...extra.feeLines[0]!, amount: 1.5 }
    const err = await loadRecordBatch(db, { ...extra, feeLines: [feeLine] }).catch(
      (e: unknown) => e
    )
    expect(err).toBeInstanceOf(OutcomeError)
    expect((err as OutcomeError).message).toContain('amount')
    expect((await countRecords(db)).persons).toBe(records.persons.length)
  })

  test('the checksum changes when any value changes and returns when it is restored', async () => {
    const before = await contentChecksum(db)
    expect(before).toMatch(/^[0-9a-f]{64}$/)
    const line = records.feeLines[5]!
    await db.query('UPDATE fee_line SET quantity = quantity + 0.0001 WHERE feedetl_sn = $1', [
      line.feedetlSn,
    ])
    const changed = await contentChecksum(db)
    expect(changed).not.toBe(before)
    await db.query('UPDATE fee_line SET quantity = $2 WHERE feedetl_sn = $1', [
      line.feedetlSn,
      line.quantity,
    ])
    expect(await contentChecksum(db)).toBe(before)
  })

  test('bookkeeping columns do not change the checksum', async () => {
    const before = await contentChecksum(db)
    await db.query('UPDATE encounter SET import_batch = 42')
    expect(await contentChecksum(db)).toBe(before)
  })

  test('clearRecords empties every record table and keeps meta', async () => {
    await db.query(`INSERT INTO meta (key, value) VALUES ('keep', '1')`)
    await clearRecords(db)
    const counts = await countRecords(db)
    expect(counts.persons + counts.feeLines + counts.encounters + counts.truthTotal).toBe(0)
    for (const kind of RECORD_KINDS) expect(await readRecords(db, kind), kind).toEqual([])
    expect(await db.query(`SELECT key FROM meta WHERE key = 'keep'`)).toHaveLength(1)
  })
})

describe('contentChecksum across backends', () => {
  const backends = testBackends()
  test.runIf(backends.length > 1)(
    'the same records give the same checksum on every backend, in any batch order',
    async () => {
      const sums: string[] = []
      for (const backend of backends) {
        const db = await backend.open()
        try {
          // Load in two batches, in reverse order on every other backend.
          const a = testRecordBatch({ persons: 30, seed: 3 })
          const b = testRecordBatch({ persons: 30, seed: 4, prefix: 'Q', reference: false })
          for (const batch of sums.length % 2 === 0 ? [a, b] : [b, a]) {
            await loadRecordBatch(db, batch)
          }
          sums.push(await contentChecksum(db))
        } finally {
          await db.close()
        }
      }
      expect(new Set(sums).size).toBe(1)
    }
  )
})
