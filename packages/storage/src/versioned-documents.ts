// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Timestamp } from '@yibao/domain'
import { conflict, notFound, OutcomeError } from '@yibao/domain'
import { appendAuditLog } from './audit-log.js'
import type { Database, Queryable } from './database.js'
import type { Viewer } from './review/viewer.js'

/** A version's life: edited as a draft, activated, retired when another is activated. */
export type VersionStatus = 'DRAFT' | 'ACTIVE' | 'RETIRED'

/** What every versioned document names: its id, region and year. */
export interface VersionedBody {
  readonly id: string
  readonly admdvs: string
  readonly year: number
  readonly name: string
}

/**
 * A kind of document kept in versions per 统筹区 and year (benefit policies, payment plans):
 * its table (same columns for every kind), how people name it, and its document codec.
 */
export interface DocumentKind<T extends VersionedBody> {
  readonly table: 'benefit_policy' | 'payment_plan'
  /** e.g. 政策版本. */
  readonly label: string
  /** Audit-log action prefix, e.g. `policy` → `policy.create`. */
  readonly action: string
  fromDocument(doc: unknown): T
  toDocument(body: T): Record<string, unknown>
  effective(body: T): { from: IsoDate; to: IsoDate | null }
}

/** A stored version and its bookkeeping. */
export interface StoredVersion<T> {
  readonly body: T
  readonly status: VersionStatus
  readonly createdBy: string
  readonly createdAt: Timestamp
  readonly updatedAt: Timestamp
  readonly activatedBy: string | null
  readonly activatedAt: Timestamp | null
}

const COLUMNS = 'body, status, created_by, created_at, updated_at, activated_by, activated_at'

function toStored<T>(r: Record<string, unknown>): StoredVersion<T> {
  return {
    body: r['body'] as T,
    status: r['status'] as VersionStatus,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Timestamp,
    updatedAt: r['updated_at'] as Timestamp,
    activatedBy: (r['activated_by'] as string | null) ?? null,
    activatedAt: (r['activated_at'] as Timestamp | null) ?? null,
  }
}

/** Every version, newest year first, the active one of a year first. */
export async function listVersions<T extends VersionedBody>(
  db: Queryable,
  kind: DocumentKind<T>
): Promise<StoredVersion<T>[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM ${kind.table}
     ORDER BY year DESC, admdvs COLLATE "C", status = 'ACTIVE' DESC, updated_at DESC, id`
  )
  return rows.map((r) => toStored<T>(r))
}

/** One version, or undefined. */
export async function readVersion<T extends VersionedBody>(
  db: Queryable,
  kind: DocumentKind<T>,
  id: string
): Promise<StoredVersion<T> | undefined> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM ${kind.table} WHERE id = $1`,
    [id]
  )
  return row === undefined ? undefined : toStored<T>(row)
}

/**
 * Stores a version as a draft, or replaces a draft of the same id. The document is checked first
 * (every problem named by its path); an active or retired version is never edited (409): a change
 * is a new draft.
 *
 * @param doc - the document (yuan, percent), or a body already checked
 */
export async function saveDraftVersion<T extends VersionedBody>(
  db: Database,
  kind: DocumentKind<T>,
  doc: unknown,
  viewer: Viewer
): Promise<StoredVersion<T>> {
  const body = kind.fromDocument(doc)
  const { from, to } = kind.effective(body)
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ status: VersionStatus; body: T }>(
      `SELECT status, body FROM ${kind.table} WHERE id = $1 FOR UPDATE`,
      [body.id]
    )
    if (existing !== undefined && existing.status !== 'DRAFT') {
      throw new OutcomeError(
        conflict(
          `${kind.label} ${body.id} 已${existing.status === 'ACTIVE' ? '启用' : '停用'}，不能修改；请另存为新的草稿`,
          'id'
        )
      )
    }
    await tx.query(
      `INSERT INTO ${kind.table} (id, admdvs, year, name, status, effective_from, effective_to,
         body, created_by)
       VALUES ($1, $2, $3, $4, 'DRAFT', $5, $6, $7::text::jsonb, $8)
       ON CONFLICT (id) DO UPDATE SET admdvs = EXCLUDED.admdvs, year = EXCLUDED.year,
         name = EXCLUDED.name, effective_from = EXCLUDED.effective_from,
         effective_to = EXCLUDED.effective_to, body = EXCLUDED.body, updated_at = now()`,
      [body.id, body.admdvs, body.year, body.name, from, to, JSON.stringify(body), viewer.actor]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: `${kind.action}.${existing === undefined ? 'create' : 'update'}`,
      target: body.id,
      detail: {
        before: existing === undefined ? null : kind.toDocument(existing.body),
        after: kind.toDocument(body),
      },
    })
    return (await readVersion(tx, kind, body.id))!
  })
}

/**
 * Activates a draft: it becomes the version of its region and year, and the version active until
 * then is retired. Both changes and the audit-log entry commit together.
 */
export async function activateVersion<T extends VersionedBody>(
  db: Database,
  kind: DocumentKind<T>,
  id: string,
  viewer: Viewer
): Promise<StoredVersion<T>> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: VersionStatus; admdvs: string; year: number }>(
      `SELECT status, admdvs, year FROM ${kind.table} WHERE id = $1 FOR UPDATE`,
      [id]
    )
    if (row === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的${kind.label}`))
    if (row.status !== 'DRAFT') {
      throw new OutcomeError(
        conflict(`${kind.label} ${id} 状态为 ${row.status}，只有草稿可以启用`, 'status')
      )
    }
    const retired = await tx.query<{ id: string }>(
      `UPDATE ${kind.table} SET status = 'RETIRED', updated_at = now()
       WHERE admdvs = $1 AND year = $2 AND status = 'ACTIVE' RETURNING id`,
      [row.admdvs, row.year]
    )
    await tx.query(
      `UPDATE ${kind.table} SET status = 'ACTIVE', activated_by = $2, activated_at = now(),
         updated_at = now() WHERE id = $1`,
      [id, viewer.actor]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: `${kind.action}.activate`,
      target: id,
      detail: { admdvs: row.admdvs, year: row.year, retired: retired.map((r) => r.id) },
    })
    return (await readVersion(tx, kind, id))!
  })
}

/** The active bodies, keyed `admdvs|year`. */
export async function activeVersions<T extends VersionedBody>(
  db: Queryable,
  kind: DocumentKind<T>
): Promise<Map<string, T>> {
  const rows = await db.query<{ body: T }>(`SELECT body FROM ${kind.table} WHERE status = 'ACTIVE'`)
  return new Map(rows.map((r) => [`${r.body.admdvs}|${r.body.year}`, r.body]))
}
