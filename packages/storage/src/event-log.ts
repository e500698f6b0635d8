// SPDX-License-Identifier: Apache-2.0
import { appendAuditLog } from './audit-log.js'
import type { Queryable } from './database.js'
import type { Viewer } from './review/viewer.js'

/** A record kind with its own append-only event log (reports, clues). */
export interface EventLog {
  /** e.g. `report_event`; its columns: <idColumn>, actor, action, from_state, to_state, detail. */
  readonly table: 'report_event' | 'clue_event'
  readonly idColumn: 'report_id' | 'clue_id'
  /** Audit-log action prefix, e.g. `report` → `report.accept`. */
  readonly prefix: 'report' | 'clue'
}

/** One change of a record. */
export interface RecordEvent {
  readonly id: string
  readonly action: string
  readonly from: string | null
  readonly to: string | null
  readonly detail?: Record<string, unknown>
}

/** Appends a change to the record's event log and to the audit log (`<prefix>.<action>`). */
export async function recordEvent(
  tx: Queryable,
  viewer: Viewer,
  log: EventLog,
  event: RecordEvent
): Promise<void> {
  const detail = event.detail ?? {}
  await tx.query(
    `INSERT INTO ${log.table} (${log.idColumn}, actor, action, from_state, to_state, detail)
     VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)`,
    [event.id, viewer.actor, event.action, event.from, event.to, JSON.stringify(detail)]
  )
  await appendAuditLog(tx, {
    actor: viewer.actor,
    action: `${log.prefix}.${event.action}`,
    target: event.id,
    detail: { from: event.from, to: event.to, ...detail },
  })
}
