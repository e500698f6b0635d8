// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from './database.js'
import { testBackends } from './testing.js'

describe.each(testBackends())('copyFrom on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open({ migrate: false })
    await db.exec('CREATE TABLE t (id integer PRIMARY KEY, name text, qty numeric(14, 4))')
  })
  afterAll(async () => {
    await db.close()
  })

  test('text format: escapes and nulls read back, and the row count is returned', async () => {
    const n = await db.copyFrom(
      't',
      ['id', 'name', 'qty'],
      '1\ta\\tb\\nc\\\\d\t0.3333\n2\t\\N\t\\N\n'
    )
    expect(n).toBe(2)
    expect(await db.query('SELECT id, name, qty FROM t ORDER BY id')).toEqual([
      { id: 1, name: 'a\tb\nc\\d', qty: '0.3333' },
      { id: 2, name: null, qty: null },
    ])
  })

  test('CSV with a header: quoted commas, quotes and newlines, streamed in pieces', async () => {
    async function* pieces() {
      await Promise.resolve()
      yield 'id,name,qty\n3,"x, ""y""\nz",1.5\n'
      yield Buffer.from('4,,2\n5,"多')
      yield '行",\n'
    }
    const n = await db.copyFrom('t', ['id', 'name', 'qty'], pieces(), {
      format: 'csv',
      header: true,
    })
    expect(n).toBe(3)
    expect(await db.query('SELECT id, name, qty FROM t WHERE id >= 3 ORDER BY id')).toEqual([
      { id: 3, name: 'x, "y"\nz', qty: '1.5000' },
      { id: 4, name: null, qty: '2.0000' },
      { id: 5, name: '多行', qty: null },
    ])
  })

  test('a failing COPY in a transaction rolls back everything and the connection stays usable', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM t')
    const err = await db
      .transaction(async (tx) => {
        await tx.copyFrom('t', ['id', 'name'], '10\tok\n')
        await tx.copyFrom('t', ['id', 'name'], '11\tok\n1\tduplicate\n')
      })
      .catch((e: unknown) => e)
    expect(err).toMatchObject({ code: '23505' })
    expect(await db.query('SELECT count(*)::int AS n FROM t')).toEqual(before)
    expect(await db.copyFrom('t', ['id'], '12\n')).toBe(1)
  })
})
