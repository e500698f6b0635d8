// SPDX-License-Identifier: Apache-2.0
import { createHash, randomBytes } from 'node:crypto'
import type { Timestamp } from '@yibao/domain'
import type { Queryable } from './database.js'

/** A new API key: the only time the full key is seen. */
export interface CreatedApiKey {
  readonly id: string
  /** The full key, `yb_` + 40 hex digits; only its sha256 is stored. */
  readonly key: string
  /** Its first 8 characters, shown in lists to tell keys apart. */
  readonly prefix: string
}

/** Whom a valid key belongs to. */
export interface ApiKeyOwner {
  readonly id: string
  readonly name: string
  /** The institution the key may act for; null for a bureau-wide key. */
  readonly institutionCode: string | null
}

/** A stored API key, without its hash. */
export interface ApiKeyInfo extends ApiKeyOwner {
  readonly prefix: string
  readonly createdAt: Timestamp
  readonly revokedAt: Timestamp | null
  /** Last successful verification, to the minute. */
  readonly lastUsedAt: Timestamp | null
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}

/**
 * Creates an API key of the real-time interface. Only the key's sha256 is stored: the key
 * itself cannot be shown again.
 *
 * @param db - the database
 * @param owner - a name for the key and the institution it acts for (null: bureau-wide)
 * @returns id, full key and display prefix
 */
export async function createApiKey(
  db: Queryable,
  owner: { name: string; institutionCode: string | null }
): Promise<CreatedApiKey> {
  const id = `K${randomBytes(5).toString('hex')}`
  const key = `yb_${randomBytes(20).toString('hex')}`
  const prefix = key.slice(0, 8)
  await db.query(
    `INSERT INTO api_key (id, name, institution_code, key_hash, prefix) VALUES ($1, $2, $3, $4, $5)`,
    [id, owner.name, owner.institutionCode, sha256Hex(key), prefix]
  )
  return { id, key, prefix }
}

/**
 * Checks an API key with one indexed lookup by its hash, and notes its use (at most once a
 * minute, so that busy keys do not write on every request).
 *
 * @param db - the database
 * @param key - the key as presented
 * @returns its owner, or null for an unknown or revoked key
 */
export async function verifyApiKey(db: Queryable, key: string): Promise<ApiKeyOwner | null> {
  const [row] = await db.query<{ id: string; name: string; institution_code: string | null }>(
    `WITH k AS (
       SELECT id, name, institution_code, last_used_at FROM api_key
       WHERE key_hash = $1 AND revoked_at IS NULL
     ),
     used AS (
       UPDATE api_key a SET last_used_at = now() FROM k
       WHERE a.id = k.id
         AND (k.last_used_at IS NULL OR k.last_used_at < now() - interval '1 minute')
     )
     SELECT id, name, institution_code FROM k`,
    [sha256Hex(key)]
  )
  if (row === undefined) return null
  return { id: row.id, name: row.name, institutionCode: row.institution_code ?? null }
}

/**
 * Revokes an API key: it is refused from now on.
 *
 * @param db - the database
 * @param id - the key's id
 * @returns true when a key that was in force is now revoked
 */
export async function revokeApiKey(db: Queryable, id: string): Promise<boolean> {
  const rows = await db.query(
    'UPDATE api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id',
    [id]
  )
  return rows.length > 0
}

/**
 * The API keys, oldest first, without their hashes.
 *
 * @param db - the database
 * @returns the keys, revoked ones included
 */
export async function listApiKeys(db: Queryable): Promise<ApiKeyInfo[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, name, institution_code, prefix, created_at, revoked_at, last_used_at FROM api_key
     ORDER BY created_at, id COLLATE "C"`
  )
  return rows.map((r) => ({
    id: r['id'] as string,
    name: r['name'] as string,
    institutionCode: (r['institution_code'] as string | null) ?? null,
    prefix: r['prefix'] as string,
    createdAt: r['created_at'] as Timestamp,
    revokedAt: (r['revoked_at'] as Timestamp | null) ?? null,
    lastUsedAt: (r['last_used_at'] as Timestamp | null) ?? null,
  }))
}
