// SPDX-License-Identifier: Apache-2.0
import type { Queryable } from './database.js'

/**
 * Reads a key/value fact about this database (`meta` table), e.g. the parameters of the demo
 * region it holds.
 *
 * @param db - the database
 * @param key - the key
 * @returns the stored JSON value, or undefined when the key is not set
 */
export async function getMeta<T = unknown>(db: Queryable, key: string): Promise<T | undefined> {
  const [row] = await db.query<{ value: T }>('SELECT value FROM meta WHERE key = $1', [key])
  return row?.value
}

/**
 * Sets a key/value fact about this database, replacing any earlier value.
 *
 * @param db - the database
 * @param key - the key
 * @param value - any JSON-serialisable value
 */
export async function setMeta(db: Queryable, key: string, value: unknown): Promise<void> {
  // Bound as text and cast, so that both drivers send the same JSON text.
  await db.query(
    `INSERT INTO meta (key, value) VALUES ($1, $2::text::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [key, JSON.stringify(value ?? null)]
  )
}
