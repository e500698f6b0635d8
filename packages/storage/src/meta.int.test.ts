// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from './database.js'
import { listImportBatches } from './list-import-batches.js'
import { getMeta, setMeta } from './meta.js'
import { testBackends } from './testing.js'

describe.each(testBackends())('meta and import batches on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('a key reads back what was set last, and an unset key is undefined', async () => {
    expect(await getMeta(db, 'demo')).toBeUndefined()
    await setMeta(db, 'demo', { status: 'building', seed: 1 })
    await setMeta(db, 'demo', { status: 'complete', seed: 1, note: '演示"区"' })
    expect(await getMeta(db, 'demo')).toEqual({ status: 'complete', seed: 1, note: '演示"区"' })
    await setMeta(db, 'text', 'just a string')
    expect(await getMeta(db, 'text')).toBe('just a string')
  })

  test('import batches are listed newest first, limited', async () => {
    for (const source of ['a', 'b', 'c']) {
      await db.query(
        `INSERT INTO import_batch (source, kind, status, counts) VALUES ($1, 'nhsa-files', 'done', '{"fee_list_d": 3}')`,
        [source]
      )
    }
    const batches = await listImportBatches(db, 2)
    expect(batches.map((b) => b.source)).toEqual(['c', 'b'])
    expect(batches[0]).toMatchObject({ kind: 'nhsa-files', status: 'done', finishedAt: null })
    expect(batches[0]!.counts).toEqual({ fee_list_d: 3 })
    expect(batches[0]!.startedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+08:00$/)
  })
})
