// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import type { IsoDate, Timestamp } from '@yibao/domain'
import { conflict, notFound, OutcomeError } from '@yibao/domain'
import type { PackSource } from '@yibao/knowledge'
import type { Queryable } from './database.js'

/** A knowledge-pack version to store. */
export interface PackVersionInput {
  /** e.g. `2025.1`. */
  readonly version: string
  /** First day the version applies to. */
  readonly effectiveFrom: IsoDate
  /** When the pack was built (ISO 8601). */
  readonly builtAt: string
  /** Where its parts came from. */
  readonly sources: readonly PackSource[]
  /** The serialized pack (gzipped JSON). */
  readonly content: Uint8Array
}

/** A stored knowledge-pack version, without its content. */
export interface PackVersion {
  readonly version: string
  readonly effectiveFrom: IsoDate
  readonly builtAt: Timestamp
  readonly importedAt: Timestamp
  readonly sources: readonly PackSource[]
  /** Bytes of the serialized content. */
  readonly size: number
  /** sha256 (hex) of the serialized content. */
  readonly sha256: string
}

/** What `savePackVersion` did. */
export type SavePackOutcome = 'created' | 'unchanged'

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/**
 * Stores a knowledge-pack version. Versions are immutable: storing the same version with the
 * same content again does nothing; with different content it is refused.
 *
 * @param db - the database
 * @param pack - version, dates, sources and serialized content
 * @returns `created` or `unchanged`; throws an `OutcomeError` (conflict) when the version is
 *   stored with different content
 */
export async function savePackVersion(
  db: Queryable,
  pack: PackVersionInput
): Promise<SavePackOutcome> {
  const inserted = await db.query(
    `INSERT INTO knowledge_pack (version, effective_from, built_at, sources, content)
     VALUES ($1, $2, $3, $4::text::jsonb, $5)
     ON CONFLICT (version) DO NOTHING RETURNING version`,
    [pack.version, pack.effectiveFrom, pack.builtAt, JSON.stringify(pack.sources), pack.content]
  )
  if (inserted.length > 0) return 'created'
  const [stored] = await db.query<{ sha256: string }>(
    `SELECT encode(sha256(content), 'hex') AS sha256 FROM knowledge_pack WHERE version = $1`,
    [pack.version]
  )
  if (stored?.sha256 === sha256(pack.content)) return 'unchanged'
  throw new OutcomeError(
    conflict(
      `知识包版本 ${pack.version} 已存在且内容不同；知识包版本不可修改，请使用新的版本号`,
      `knowledge_pack:${pack.version}`
    )
  )
}

/**
 * The stored knowledge-pack versions, by effective date then version.
 *
 * @param db - the database
 * @returns the versions, without content
 */
export async function listPackVersions(db: Queryable): Promise<PackVersion[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT version, effective_from, built_at, imported_at, sources, octet_length(content) AS size,
            encode(sha256(content), 'hex') AS sha256
     FROM knowledge_pack ORDER BY effective_from, version COLLATE "C"`
  )
  return rows.map((r) => ({
    version: r['version'] as string,
    effectiveFrom: r['effective_from'] as IsoDate,
    builtAt: r['built_at'] as Timestamp,
    importedAt: r['imported_at'] as Timestamp,
    sources: r['sources'] as PackSource[],
    size: Number(r['size']),
    sha256: r['sha256'] as string,
  }))
}

/**
 * The serialized content of a stored knowledge-pack version.
 *
 * @param db - the database
 * @param version - the version
 * @returns the bytes; throws an `OutcomeError` (not found) when the version is not stored
 */
export async function loadPackContent(db: Queryable, version: string): Promise<Uint8Array> {
  const [row] = await db.query<{ content: Uint8Array }>(
    'SELECT content FROM knowledge_pack WHERE version = $1',
    [version]
  )
  if (row === undefined) throw new OutcomeError(notFound(`知识包版本 ${version} 不存在`))
  const c = row.content
  // postgres.js returns a Buffer, PGlite a Uint8Array: return the same type from both.
  return new Uint8Array(c.buffer, c.byteOffset, c.byteLength)
}
