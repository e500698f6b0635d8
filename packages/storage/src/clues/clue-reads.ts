// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Timestamp } from '@yibao/domain'
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import type { ClueFunnelFigures, ClueOutcome, ClueSource, ClueState } from '@yibao/supervision'
import {
  CLUE_SOURCE_LABELS,
  CLUE_SOURCES,
  CLUE_STATES,
  clueFunnelSentence,
} from '@yibao/supervision'
import type { Queryable } from '../database.js'
import { SqlWhere } from '../sql-where.js'
import type { ClueInsert } from './clue-records.js'

/** An imported batch of clues. */
export interface ClueBatchView {
  readonly id: string
  readonly source: ClueSource
  readonly name: string
  readonly receivedDate: IsoDate
  readonly fileName: string
  readonly contentHash: string
  readonly clueCount: number
  /** Fen. */
  readonly suspectedAmount: number
  readonly createdBy: string
  readonly createdAt: Timestamp
}

const BATCH_SELECT = `SELECT id, source, name, received_date AS "receivedDate",
  file_name AS "fileName", content_hash AS "contentHash", clue_count AS "clueCount",
  suspected_amount AS "suspectedAmount", created_by AS "createdBy", created_at AS "createdAt"
  FROM clue_batch`

/** One batch, or undefined. */
export async function readClueBatch(db: Queryable, id: string): Promise<ClueBatchView | undefined> {
  const [row] = await db.query<Record<string, unknown>>(`${BATCH_SELECT} WHERE id = $1`, [id])
  return row as ClueBatchView | undefined
}

/** Every batch, latest received first. */
export async function listClueBatches(db: Queryable): Promise<ClueBatchView[]> {
  const rows = await db.query<Record<string, unknown>>(
    `${BATCH_SELECT} ORDER BY received_date DESC, created_at DESC, id`
  )
  return rows as unknown as ClueBatchView[]
}

/** A clue as listed. */
export interface ClueView extends ClueInsert {
  readonly id: string
  readonly batchName: string | null
  readonly institutionName: string | null
  readonly state: ClueState
  readonly outcome: ClueOutcome | null
  /** The assignee's user name. */
  readonly assignee: string | null
  readonly assigneeName: string | null
  /** Fen, on confirmed clues. */
  readonly recoveredAmount: number | null
  readonly closingNote: string | null
  readonly closedAt: Timestamp | null
  readonly createdBy: string
  readonly createdAt: Timestamp
  readonly updatedAt: Timestamp
}

/** A change of a clue. */
export interface ClueEventView {
  readonly at: Timestamp
  readonly actor: string
  readonly action: string
  readonly from: ClueState | null
  readonly to: ClueState | null
  readonly detail: Record<string, unknown>
}

/** A clue with what it is linked to and its history. */
export interface ClueDetail extends ClueView {
  readonly links: {
    readonly findings: readonly string[]
    readonly reports: readonly string[]
    readonly draws: readonly string[]
    readonly settlements: readonly string[]
  }
  readonly events: readonly ClueEventView[]
}

const CLUE_SELECT = `SELECT c.id, c.batch_id AS "batchId", b.name AS "batchName", c.line,
  c.source, c.institution_code AS "institutionCode", i.name AS "institutionName",
  c.psn_no AS "psnNo", c.period, c.period_from AS "periodFrom", c.period_to AS "periodTo",
  c.description, c.suspected_amount AS "suspectedAmount", c.state, c.outcome,
  u.username AS assignee, u.display_name AS "assigneeName",
  c.recovered_amount AS "recoveredAmount", c.closing_note AS "closingNote",
  c.closed_at AS "closedAt", c.created_by AS "createdBy", c.created_at AS "createdAt",
  c.updated_at AS "updatedAt"`

const CLUE_FROM = `clue c LEFT JOIN clue_batch b ON b.id = c.batch_id
  LEFT JOIN institution i ON i.code = c.institution_code
  LEFT JOIN app_user u ON u.id = c.assignee_id`

const CLUE_ORDER = 'c.created_at DESC, c.batch_id, c.line, c.id'

/** What `listClues` selects; every filter optional. */
export interface ClueFilter {
  readonly batch?: string | undefined
  readonly state?: string | undefined
  readonly source?: string | undefined
  readonly institutionCode?: string | undefined
  /** The assignee's user name. */
  readonly assignee?: string | undefined
}

function conditions(filter: ClueFilter): SqlWhere {
  const oneOf = (value: string | undefined, allowed: readonly string[], path: string): void => {
    if (value !== undefined && !allowed.includes(value)) {
      throw new OutcomeError(
        badRequest(`${path}：应为 ${allowed.join('、')} 之一，收到 ${value}`, path)
      )
    }
  }
  oneOf(filter.state, CLUE_STATES, 'state')
  oneOf(filter.source, CLUE_SOURCES, 'source')
  const where = new SqlWhere()
  if (filter.batch !== undefined) where.add('c.batch_id = ?', filter.batch)
  if (filter.state !== undefined) where.add('c.state = ?', filter.state)
  if (filter.source !== undefined) where.add('c.source = ?', filter.source)
  if (filter.institutionCode !== undefined) {
    where.add('c.institution_code = ?', filter.institutionCode)
  }
  if (filter.assignee !== undefined) where.add('u.username = ?', filter.assignee)
  return where
}

/**
 * Clues, newest batch first and in file order within a batch, a page at a time, with the
 * total matching the filter.
 */
export async function listClues(
  db: Queryable,
  filter: ClueFilter,
  paging: { page: number; pageSize: number } = { page: 1, pageSize: 50 }
): Promise<{ items: ClueView[]; total: number; page: number; pageSize: number }> {
  const where = conditions(filter)
  const page = Math.max(1, Math.floor(paging.page))
  const pageSize = Math.min(500, Math.max(1, Math.floor(paging.pageSize)))
  const [rows, [count]] = await Promise.all([
    db.query<Record<string, unknown>>(
      `${CLUE_SELECT} FROM ${CLUE_FROM}${where.sql} ORDER BY ${CLUE_ORDER}
       LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      where.params
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${CLUE_FROM}${where.sql}`,
      where.params
    ),
  ])
  return { items: rows as unknown as ClueView[], total: count?.n ?? 0, page, pageSize }
}

/** Every clue matching a filter (exports), up to `limit`. */
export async function exportClues(
  db: Queryable,
  filter: ClueFilter,
  limit = 100_000
): Promise<ClueView[]> {
  const where = conditions(filter)
  const rows = await db.query<Record<string, unknown>>(
    `${CLUE_SELECT} FROM ${CLUE_FROM}${where.sql} ORDER BY ${CLUE_ORDER} LIMIT ${limit}`,
    where.params
  )
  return rows as unknown as ClueView[]
}

/** One clue with its links and events, or 404. */
export async function readClue(db: Queryable, id: string): Promise<ClueDetail> {
  const [row] = await db.query<Record<string, unknown>>(
    `${CLUE_SELECT} FROM ${CLUE_FROM} WHERE c.id = $1`,
    [id]
  )
  if (row === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的线索`))
  const links = await db.query<{ kind: string; target_id: string }>(
    'SELECT kind, target_id FROM clue_link WHERE clue_id = $1 ORDER BY kind, target_id',
    [id]
  )
  const of = (kind: string): string[] =>
    links.filter((l) => l.kind === kind).map((l) => l.target_id)
  const events = await db.query<Record<string, unknown>>(
    `SELECT at, actor, action, from_state AS "from", to_state AS "to", detail
     FROM clue_event WHERE clue_id = $1 ORDER BY id`,
    [id]
  )
  return {
    ...(row as unknown as ClueView),
    links: {
      findings: of('FINDING'),
      reports: of('REPORT'),
      draws: of('DRAW'),
      settlements: of('SETTLEMENT'),
    },
    events: events as unknown as ClueEventView[],
  }
}

/** One row of the clue funnel: a batch, or the clues of a source registered by hand. */
export interface ClueFunnelRow extends ClueFunnelFigures {
  /** Null for the clues registered by hand. */
  readonly batchId: string | null
  readonly source: ClueSource
  readonly name: string
  readonly receivedDate: IsoDate | null
  readonly sentence: string
}

/** The clue funnel: a row per batch (latest received first), per source of hand-registered clues, and the total. */
export interface ClueFunnel {
  readonly rows: readonly ClueFunnelRow[]
  readonly total: ClueFunnelFigures & { readonly batches: number; readonly sentence: string }
}

/**
 * How far every batch of clues has got, with the bureaus' sentence for each and in total.
 *
 * @param db - the database
 * @param filter - `batch`: only that batch's row (the total then covers it alone)
 */
export async function clueFunnel(
  db: Queryable,
  filter: { readonly batch?: string | undefined } = {}
): Promise<ClueFunnel> {
  const where = new SqlWhere()
  if (filter.batch !== undefined) where.add('c.batch_id = ?', filter.batch)
  const rows = await db.query<Record<string, unknown>>(
    `SELECT c.batch_id AS "batchId", c.source, b.name, b.received_date AS "receivedDate",
       count(*)::int AS clues,
       count(*) FILTER (WHERE c.state <> 'NEW')::int AS assigned,
       count(*) FILTER (WHERE c.state IN ('INVESTIGATING', 'CLOSED'))::int AS investigating,
       count(*) FILTER (WHERE c.outcome = 'CONFIRMED')::int AS confirmed,
       count(*) FILTER (WHERE c.outcome = 'UNFOUNDED')::int AS unfounded,
       coalesce(sum(c.suspected_amount), 0)::bigint AS "suspectedAmount",
       coalesce(sum(c.recovered_amount), 0)::bigint AS "recoveredAmount"
     FROM clue c LEFT JOIN clue_batch b ON b.id = c.batch_id${where.sql}
     GROUP BY c.batch_id, c.source, b.name, b.received_date, b.created_at
     ORDER BY b.received_date DESC NULLS LAST, b.created_at DESC, c.batch_id, c.source`,
    where.params
  )
  const figures = rows as unknown as (ClueFunnelFigures & {
    batchId: string | null
    source: ClueSource
    name: string | null
    receivedDate: IsoDate | null
  })[]
  const sum = (k: keyof ClueFunnelFigures): number => figures.reduce((s, r) => s + r[k], 0)
  const total: ClueFunnelFigures = {
    clues: sum('clues'),
    assigned: sum('assigned'),
    investigating: sum('investigating'),
    confirmed: sum('confirmed'),
    unfounded: sum('unfounded'),
    suspectedAmount: sum('suspectedAmount'),
    recoveredAmount: sum('recoveredAmount'),
  }
  return {
    rows: figures.map((r) => ({
      ...r,
      name: r.name ?? `手工登记（${CLUE_SOURCE_LABELS[r.source]}）`,
      sentence: clueFunnelSentence(r),
    })),
    total: {
      ...total,
      batches: figures.filter((r) => r.batchId !== null).length,
      sentence: clueFunnelSentence(total),
    },
  }
}
