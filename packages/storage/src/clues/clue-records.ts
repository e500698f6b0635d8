// SPDX-License-Identifier: Apache-2.0
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import type { ClueFacts, ClueSource, ClueState } from '@yibao/supervision'
import type { Queryable } from '../database.js'
import { recordEvent } from '../event-log.js'
import type { Viewer } from '../review/viewer.js'
import { newId } from '../new-id.js'
import { insertRows } from '../sql-where.js'

// What the clue modules share: new ids, inserting clues, the event log and locking.

/** A clue to insert: a line of a batch, or one registered by hand (no batch, no line). */
export interface ClueInsert extends ClueFacts {
  readonly batchId: string | null
  readonly line: number | null
  readonly source: ClueSource
}

const INSERT_COLUMNS = [
  'id',
  'batch_id',
  'line',
  'source',
  'institution_code',
  'psn_no',
  'period',
  'period_from',
  'period_to',
  'description',
  'suspected_amount',
  'state',
  'created_by',
]

/**
 * Inserts clues in state NEW, many rows per statement, and returns their ids in order. The
 * caller records the events.
 */
export async function insertClues(
  tx: Queryable,
  clues: readonly ClueInsert[],
  viewer: Viewer
): Promise<string[]> {
  const ids = clues.map(() => newId('XS'))
  await insertRows(
    tx,
    'clue',
    INSERT_COLUMNS,
    clues.map((c, k) => [
      ids[k]!,
      c.batchId,
      c.line,
      c.source,
      c.institutionCode,
      c.psnNo,
      c.period,
      c.periodFrom,
      c.periodTo,
      c.description,
      c.suspectedAmount,
      'NEW',
      viewer.actor,
    ])
  )
  return ids
}

/** One change of a clue, for its event log and the audit log. */
export interface ClueEvent {
  readonly clueId: string
  readonly action: string
  readonly from: ClueState | null
  readonly to: ClueState | null
  readonly detail?: Record<string, unknown>
}

/** Appends a change to the clue's event log and to the audit log (`clue.<action>`). */
export async function recordClueEvent(
  tx: Queryable,
  viewer: Viewer,
  event: ClueEvent
): Promise<void> {
  const { clueId, ...rest } = event
  await recordEvent(
    tx,
    viewer,
    { table: 'clue_event', idColumn: 'clue_id', prefix: 'clue' },
    { id: clueId, ...rest }
  )
}

/** A clue row as locked for a change. */
export interface LockedClue {
  readonly id: string
  readonly state: ClueState
  readonly assignee: string | null
}

/** The clue, locked for the rest of the transaction, or 404. */
export async function lockClue(tx: Queryable, id: string): Promise<LockedClue> {
  const [row] = await tx.query<{ id: string; state: ClueState; assignee: string | null }>(
    `SELECT c.id, c.state, u.username AS assignee
     FROM clue c LEFT JOIN app_user u ON u.id = c.assignee_id WHERE c.id = $1 FOR UPDATE OF c`,
    [id]
  )
  if (row === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的线索`))
  return row
}

/** What a clue may be linked to, the table holding it and the body field naming it. */
export const LINK_KINDS = {
  FINDING: { table: 'finding', column: 'id', field: 'findingIds', label: '疑点' },
  REPORT: { table: 'report', column: 'id', field: 'reportIds', label: '举报' },
  DRAW: { table: 'inspection_draw', column: 'id', field: 'drawIds', label: '双随机抽取' },
  SETTLEMENT: { table: 'settlement', column: 'setl_id', field: 'settlementIds', label: '结算' },
} as const

/** A kind of link. */
export type ClueLinkKind = keyof typeof LINK_KINDS

/**
 * Links a clue to records of one kind, each of which must exist (else 400 naming the field and
 * index); links already there are kept. Returns the ids newly linked.
 */
export async function addClueLinks(
  tx: Queryable,
  clueId: string,
  kind: ClueLinkKind,
  ids: readonly string[],
  viewer: Viewer
): Promise<string[]> {
  if (ids.length === 0) return []
  const spec = LINK_KINDS[kind]
  const found = new Set(
    (
      await tx.query<{ id: string }>(
        `SELECT ${spec.column} AS id FROM ${spec.table} WHERE ${spec.column} = ANY($1::text[])`,
        [ids]
      )
    ).map((r) => r.id)
  )
  const missing = ids.findIndex((id) => !found.has(id))
  if (missing >= 0) {
    const path = `$.${spec.field}[${missing}]`
    throw new OutcomeError(badRequest(`${path}：没有编号为 ${ids[missing]} 的${spec.label}`, path))
  }
  const added: string[] = []
  for (const id of new Set(ids)) {
    const rows = await tx.query(
      `INSERT INTO clue_link (clue_id, kind, target_id, linked_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING target_id`,
      [clueId, kind, id, viewer.actor]
    )
    if (rows.length > 0) added.push(id)
  }
  return added
}

/**
 * Registers one clue (NEW) with its `create` event and audit-log entry, and returns its id.
 *
 * @param detail - what the event records besides the clue's fields (where it came from)
 */
export async function registerClue(
  tx: Queryable,
  clue: ClueInsert,
  viewer: Viewer,
  detail: Record<string, unknown> = {}
): Promise<string> {
  const [id] = await insertClues(tx, [clue], viewer)
  await recordClueEvent(tx, viewer, {
    clueId: id!,
    action: 'create',
    from: null,
    to: 'NEW',
    detail: {
      source: clue.source,
      institutionCode: clue.institutionCode,
      suspectedAmount: clue.suspectedAmount,
      ...detail,
    },
  })
  return id!
}

/** A batch of clues to store: its facts, and its clues without batch or source. */
export interface ClueBatchInsert {
  readonly id: string
  readonly source: ClueSource
  readonly name: string
  readonly receivedDate: string
  readonly fileName: string
  readonly contentHash: string
}

/**
 * Stores a batch with its clues, each NEW with its `import` event (`detail` added to the
 * event's). Returns false, having stored nothing, when a batch of the same content exists.
 */
export async function insertClueBatch(
  tx: Queryable,
  batch: ClueBatchInsert,
  clues: readonly (ClueFacts & { readonly line: number })[],
  viewer: Viewer,
  detail: Record<string, string> = {}
): Promise<boolean> {
  const suspected = clues.reduce((s, c) => s + c.suspectedAmount, 0)
  const inserted = await tx.query(
    `INSERT INTO clue_batch (id, source, name, received_date, file_name, content_hash,
       clue_count, suspected_amount, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (content_hash) DO NOTHING
     RETURNING id`,
    [
      batch.id,
      batch.source,
      batch.name,
      batch.receivedDate,
      batch.fileName,
      batch.contentHash,
      clues.length,
      suspected,
      viewer.actor,
    ]
  )
  if (inserted.length === 0) return false
  await insertClues(
    tx,
    clues.map((c) => ({ ...c, batchId: batch.id, source: batch.source })),
    viewer
  )
  await tx.query(
    `INSERT INTO clue_event (clue_id, actor, action, to_state, detail)
     SELECT id, $2, 'import', 'NEW',
       jsonb_build_object('batch', batch_id, 'line', line) || $3::text::jsonb
     FROM clue WHERE batch_id = $1`,
    [batch.id, viewer.actor, JSON.stringify(detail)]
  )
  return true
}
