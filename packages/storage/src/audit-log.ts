// SPDX-License-Identifier: Apache-2.0
import type { Timestamp } from '@yibao/domain'
import type { Queryable } from './database.js'
import { SqlWhere } from './sql-where.js'

/** What an audit-log entry records. */
export interface AuditLogInput {
  /** Who: a user name, an API key name, or `system`. */
  readonly actor: string
  /** What, e.g. `finding.confirm`, `knowledge.import`. */
  readonly action: string
  /** On what, e.g. a finding id or a file name. */
  readonly target?: string | null | undefined
  /** Details as JSON. */
  readonly detail?: Record<string, unknown> | undefined
}

/** A stored audit-log entry. */
export interface AuditLogEntry {
  readonly id: number
  readonly at: Timestamp
  readonly actor: string
  readonly action: string
  readonly target: string | null
  readonly detail: Record<string, unknown>
}

/**
 * Appends one entry to the audit log. The log is append-only: the database rejects any UPDATE,
 * DELETE or TRUNCATE of `audit_log` (migration 0002).
 *
 * @param db - the database (or the transaction making the change, so both commit together)
 * @param entry - actor, action, target, detail
 * @returns the stored entry
 */
export async function appendAuditLog(db: Queryable, entry: AuditLogInput): Promise<AuditLogEntry> {
  const [row] = await db.query<Record<string, unknown>>(
    `INSERT INTO audit_log (actor, action, target, detail) VALUES ($1, $2, $3, $4::text::jsonb)
     RETURNING id, at, actor, action, target, detail`,
    [entry.actor, entry.action, entry.target ?? null, JSON.stringify(entry.detail ?? {})]
  )
  return toEntry(row!)
}

/**
 * The latest audit-log entries, newest first.
 *
 * @param db - the database
 * @param limit - at most this many (default 100)
 * @returns the entries
 */
export async function listAuditLog(db: Queryable, limit = 100): Promise<AuditLogEntry[]> {
  const rows = await db.query<Record<string, unknown>>(
    'SELECT id, at, actor, action, target, detail FROM audit_log ORDER BY id DESC LIMIT $1',
    [Math.max(0, Math.floor(limit))]
  )
  return rows.map(toEntry)
}

function toEntry(row: Record<string, unknown>): AuditLogEntry {
  return {
    id: Number(row['id']),
    at: row['at'] as Timestamp,
    actor: row['actor'] as string,
    action: row['action'] as string,
    target: (row['target'] as string | null) ?? null,
    detail: (row['detail'] as Record<string, unknown> | null) ?? {},
  }
}

/**
 * A page of the audit log, newest first, optionally by actor and by action prefix
 * (`finding.` gives every finding transition).
 */
export async function queryAuditLog(
  db: Queryable,
  options: {
    page: number
    pageSize: number
    actor?: string | undefined
    action?: string | undefined
  }
): Promise<{ items: AuditLogEntry[]; total: number }> {
  const where = new SqlWhere()
  if (options.actor !== undefined) where.add('actor = ?', options.actor)
  if (options.action !== undefined) {
    where.add('action LIKE ?', `${options.action.replace(/[\\%_]/g, '\\$&')}%`)
  }
  const size = Math.min(500, Math.max(1, Math.floor(options.pageSize)))
  const offset = (Math.max(1, Math.floor(options.page)) - 1) * size
  const [rows, [count]] = await Promise.all([
    db.query<Record<string, unknown>>(
      `SELECT id, at, actor, action, target, detail FROM audit_log${where.sql}
       ORDER BY id DESC LIMIT ${size} OFFSET ${offset}`,
      where.params
    ),
    db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log${where.sql}`, where.params),
  ])
  return { items: rows.map(toEntry), total: count?.n ?? 0 }
}
