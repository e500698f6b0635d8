// SPDX-License-Identifier: Apache-2.0
import { appendAuditLog } from './audit-log.js'
import type { Database, Queryable } from './database.js'

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

/** A settings document kept under one `meta` key, replaced whole and audited. */
export interface MetaDocument<T> {
  /** The `meta` key. */
  readonly key: string
  /** What is in force while nothing is stored. */
  readonly fallback: T
  /** Reads a stored or submitted document; throws with every bad field named. */
  readonly fromDocument: (doc: unknown) => T
  /** The document stored (and audited) for a value. */
  readonly toDocument: (value: T) => unknown
  /** The audit-log action of a save. */
  readonly action: string
  /** The audit-log target of a save. */
  readonly target: (value: T) => string
  /**
   * What the audit log records as `before`: `stored`, the document as it was stored (null when
   * none was); `effective`, the document of what was in force (the fallback's when none was).
   */
  readonly before: 'stored' | 'effective'
}

/**
 * The settings in force: the stored document, else the fallback.
 *
 * @param db - the database
 * @param spec - the document's key and codec
 */
export async function readMetaDocument<T>(db: Queryable, spec: MetaDocument<T>): Promise<T> {
  const doc = await getMeta(db, spec.key)
  return doc === undefined ? spec.fallback : spec.fromDocument(doc)
}

/**
 * Replaces the settings with a whole document: every bad field is named and nothing is stored
 * then; else it is stored with an audit-log entry (`{ before, after }`) in one transaction.
 *
 * @param db - the database
 * @param spec - the document's key, codec and audit
 * @param doc - the submitted document
 * @param actor - who saves it
 * @returns the settings now in force
 */
export async function saveMetaDocument<T>(
  db: Database,
  spec: MetaDocument<T>,
  doc: unknown,
  actor: string
): Promise<T> {
  const value = spec.fromDocument(doc)
  const after = spec.toDocument(value)
  await db.transaction(async (tx) => {
    const before =
      spec.before === 'stored'
        ? ((await getMeta(tx, spec.key)) ?? null)
        : spec.toDocument(await readMetaDocument(tx, spec))
    await setMeta(tx, spec.key, after)
    await appendAuditLog(tx, {
      actor,
      action: spec.action,
      target: spec.target(value),
      detail: { before, after },
    })
  })
  return value
}
