// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createApiKey, listApiKeys, revokeApiKey, verifyApiKey } from './api-keys.js'
import type { Database } from './database.js'
import { testBackends } from './testing.js'

describe.each(testBackends())('API keys on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('a new key is random, and only its sha256 is stored', async () => {
    const a = await createApiKey(db, { name: '人民医院 HIS', institutionCode: 'H001' })
    const b = await createApiKey(db, { name: '医保局', institutionCode: null })
    expect(a.key).toMatch(/^yb_[0-9a-f]{40}$/)
    expect(a.id).toMatch(/^K[0-9a-f]{10}$/)
    expect(a.prefix).toBe(a.key.slice(0, 8))
    expect(b.key).not.toBe(a.key)
    expect(b.id).not.toBe(a.id)
    const rows = await db.query<{ key_hash: string }>(
      'SELECT key_hash FROM api_key WHERE id = $1',
      [a.id]
    )
    expect(rows).toEqual([{ key_hash: createHash('sha256').update(a.key).digest('hex') }])
    const [leak] = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM api_key WHERE key_hash = $1 OR name = $1 OR prefix = $1`,
      [a.key]
    )
    expect(leak?.n).toBe(0)
  })

  test('verify returns the owner of a valid key, null for an unknown one', async () => {
    const { id, key } = await createApiKey(db, { name: '卫生院', institutionCode: 'C001' })
    expect(await verifyApiKey(db, key)).toEqual({ id, name: '卫生院', institutionCode: 'C001' })
    const last = key.endsWith('0') ? '1' : '0'
    expect(await verifyApiKey(db, key.slice(0, -1) + last)).toBeNull()
    expect(await verifyApiKey(db, '')).toBeNull()
    const bureau = await createApiKey(db, { name: '医保局 2', institutionCode: null })
    expect(await verifyApiKey(db, bureau.key)).toMatchObject({ institutionCode: null })
  })

  test('last use is noted at most once a minute', async () => {
    const { id, key } = await createApiKey(db, { name: '药房', institutionCode: 'P001' })
    const lastUsed = async () => (await listApiKeys(db)).find((k) => k.id === id)?.lastUsedAt
    expect(await lastUsed()).toBeNull()
    await verifyApiKey(db, key)
    const first = await lastUsed()
    expect(first).toMatch(/\+08:00$/)
    await verifyApiKey(db, key)
    expect(await lastUsed()).toBe(first)
    await db.query(`UPDATE api_key SET last_used_at = now() - interval '2 minutes' WHERE id = $1`, [
      id,
    ])
    const stale = await lastUsed()
    await verifyApiKey(db, key)
    const refreshed = await lastUsed()
    expect(refreshed).not.toBe(stale)
    expect(Date.parse(refreshed!)).toBeGreaterThan(Date.parse(stale!))
  })

  test('a revoked key is refused and listed as revoked, without hashes', async () => {
    const { id, key, prefix } = await createApiKey(db, { name: '中医院', institutionCode: 'H002' })
    expect(await revokeApiKey(db, id)).toBe(true)
    expect(await revokeApiKey(db, id)).toBe(false)
    expect(await revokeApiKey(db, 'Knope')).toBe(false)
    expect(await verifyApiKey(db, key)).toBeNull()
    const listed = (await listApiKeys(db)).find((k) => k.id === id)
    expect(listed).toMatchObject({ name: '中医院', institutionCode: 'H002', prefix })
    expect(listed?.revokedAt).toMatch(/\+08:00$/)
    expect(Object.keys(listed!).sort()).toEqual([
      'createdAt',
      'id',
      'institutionCode',
      'lastUsedAt',
      'name',
      'prefix',
      'revokedAt',
    ])
    expect((await listApiKeys(db)).filter((k) => k.revokedAt === null).length).toBeGreaterThan(0)
  })
})
