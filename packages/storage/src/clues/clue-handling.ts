// SPDX-License-Identifier: Apache-2.0
import type { Kind, OutcomeIssue } from '@yibao/domain'
import {
  badRequest,
  code,
  field,
  list,
  object,
  optional,
  OutcomeError,
  readDocument,
  text,
} from '@yibao/domain'
import type { ClueAction, ClueOutcome, ClueSource } from '@yibao/supervision'
import {
  can,
  CLUE_DESCRIPTION_MAX,
  CLUE_OUTCOMES,
  CLUE_SOURCES,
  isRole,
  nextClueState,
  parseCluePeriod,
} from '@yibao/supervision'
import type { Database, Queryable, SqlValue } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import type { ClueDetail } from './clue-reads.js'
import { readClue } from './clue-reads.js'
import type { ClueLinkKind, LockedClue } from './clue-records.js'
import { addClueLinks, lockClue, recordClueEvent, registerClue } from './clue-records.js'

const AMOUNT: Kind = { t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER }

/** What a clue is registered by hand with (from screening, a call-back, a report…). */
export interface ClueInput {
  readonly source: ClueSource
  readonly institutionCode: string
  readonly psnNo?: string
  /** `2024`, `2024-03`, `2024-03-05` or a range joined by `~`. */
  readonly period: string
  readonly description: string
  /** Fen. */
  readonly suspectedAmount: number
}

const CREATE: Kind = object(
  field('source', { t: 'enum', values: CLUE_SOURCES }),
  field('institutionCode', code),
  field('psnNo', optional(code)),
  field('period', text),
  field('description', text),
  field('suspectedAmount', AMOUNT)
)

function issue(path: string, message: string): OutcomeIssue {
  return { severity: 'error', code: 'invalid', message: `${path}：${message}`, path }
}

/**
 * Registers a clue by hand (NEW, no batch): every bad field named (`$.period`…), the
 * institution checked against the register.
 */
export async function createClue(
  db: Database,
  input: unknown,
  viewer: Viewer
): Promise<ClueDetail> {
  const b = readDocument<ClueInput>(CREATE, input, (v, issues) => {
    if (parseCluePeriod(v.period) === undefined) {
      issues.push(
        issue('$.period', `应为 YYYY、YYYY-MM、YYYY-MM-DD 或用 ~ 连接的区间，收到 ${v.period}`)
      )
    }
    if (v.description.length > CLUE_DESCRIPTION_MAX) {
      issues.push(issue('$.description', `不能超过 ${CLUE_DESCRIPTION_MAX} 字`))
    }
  })
  const [institution] = await db.query('SELECT 1 FROM institution WHERE code = $1', [
    b.institutionCode,
  ])
  if (institution === undefined) {
    throw new OutcomeError(
      badRequest(
        `$.institutionCode：定点医药机构名录中没有 ${b.institutionCode}`,
        '$.institutionCode'
      )
    )
  }
  const period = parseCluePeriod(b.period)!
  const id = await db.transaction((tx) =>
    registerClue(
      tx,
      {
        batchId: null,
        line: null,
        source: b.source,
        institutionCode: b.institutionCode,
        psnNo: b.psnNo ?? null,
        period: b.period,
        periodFrom: period.from,
        periodTo: period.to,
        description: b.description,
        suspectedAmount: b.suspectedAmount,
      },
      viewer
    )
  )
  return readClue(db, id)
}

/** Moves a locked clue by `action`, sets `columns`, and records the event. */
async function move(
  tx: Queryable,
  clue: LockedClue,
  action: ClueAction,
  columns: Record<string, SqlValue>,
  viewer: Viewer,
  detail: Record<string, unknown>
): Promise<void> {
  const to = nextClueState(clue.id, clue.state, action)
  const names = Object.keys(columns)
  const sets = ['state = $2', ...names.map((n, i) => `${n} = $${i + 3}`), 'updated_at = now()']
  await tx.query(`UPDATE clue SET ${sets.join(', ')} WHERE id = $1`, [
    clue.id,
    to,
    ...names.map((n) => columns[n]!),
  ])
  await recordClueEvent(tx, viewer, { clueId: clue.id, action, from: clue.state, to, detail })
}

/** Refuses (403) anyone but the clue's assignee. */
function checkAssignee(clue: LockedClue, viewer: Viewer): void {
  if (clue.assignee !== null && viewer.actor !== `user:${clue.assignee}`) {
    throw new OutcomeError({
      issues: [
        {
          severity: 'error',
          code: 'forbidden',
          message: `线索 ${clue.id} 由 ${clue.assignee} 核查，只有承办人可以办理`,
        },
      ],
    })
  }
}

/**
 * Assigns a clue (NEW or already ASSIGNED) to an inspector: an enabled user who may handle
 * clues. Otherwise 400 naming `$.assignee`, 409 naming the states.
 *
 * @param body - `{ assignee: user name }`
 */
export async function assignClue(
  db: Database,
  id: string,
  body: unknown,
  viewer: Viewer
): Promise<ClueDetail> {
  const { assignee } = readDocument<{ assignee: string }>(object(field('assignee', text)), body)
  const [user] = await db.query<{ id: string; role: string; disabled: boolean }>(
    'SELECT id, role, disabled_at IS NOT NULL AS disabled FROM app_user WHERE username = $1',
    [assignee]
  )
  if (
    user === undefined ||
    user.disabled ||
    !isRole(user.role) ||
    !can(user.role, 'clues.manage')
  ) {
    throw new OutcomeError(
      badRequest(`$.assignee：应为在用的稽核员用户名，收到 ${assignee}`, '$.assignee')
    )
  }
  await db.transaction(async (tx) => {
    const clue = await lockClue(tx, id)
    await move(tx, clue, 'assign', { assignee_id: user.id }, viewer, {
      assignee,
      previous: clue.assignee,
    })
  })
  return readClue(db, id)
}

/** Starts the investigation of an assigned clue (its assignee only). */
export async function startClue(db: Database, id: string, viewer: Viewer): Promise<ClueDetail> {
  await db.transaction(async (tx) => {
    const clue = await lockClue(tx, id)
    nextClueState(id, clue.state, 'start')
    checkAssignee(clue, viewer)
    await move(tx, clue, 'start', {}, viewer, {})
  })
  return readClue(db, id)
}

/** How a clue is closed. */
export interface ClueClosing {
  readonly outcome: ClueOutcome
  /** Fen; confirmed clues only. */
  readonly recoveredAmount?: number
  readonly note: string
}

const CLOSE: Kind = object(
  field('outcome', { t: 'enum', values: CLUE_OUTCOMES }),
  field('recoveredAmount', optional(AMOUNT)),
  field('note', text)
)

/**
 * Closes a clue under investigation (its assignee only) as confirmed, with the amount
 * recovered, or unfounded (nothing recovered).
 *
 * @param body - `{ outcome: CONFIRMED | UNFOUNDED, recoveredAmount?: fen, note }`
 */
export async function closeClue(
  db: Database,
  id: string,
  body: unknown,
  viewer: Viewer
): Promise<ClueDetail> {
  const b = readDocument<ClueClosing>(CLOSE, body, (v, issues) => {
    if (v.outcome === 'CONFIRMED' && v.recoveredAmount === undefined) {
      issues.push(issue('$.recoveredAmount', '查实的线索应填写追回金额（分，可为 0）'))
    }
    if (v.outcome === 'UNFOUNDED' && (v.recoveredAmount ?? 0) > 0) {
      issues.push(issue('$.recoveredAmount', '查无实据的线索不应有追回金额'))
    }
  })
  const recovered = b.outcome === 'CONFIRMED' ? b.recoveredAmount! : null
  await db.transaction(async (tx) => {
    const clue = await lockClue(tx, id)
    nextClueState(id, clue.state, 'close')
    checkAssignee(clue, viewer)
    await move(
      tx,
      clue,
      'close',
      {
        outcome: b.outcome,
        recovered_amount: recovered,
        closing_note: b.note,
        closed_at: new Date().toISOString(),
      },
      viewer,
      { outcome: b.outcome, recoveredAmount: recovered, note: b.note }
    )
  })
  return readClue(db, id)
}

/** What a clue may be linked to through the API. */
export interface ClueLinks {
  readonly findingIds?: readonly string[]
  readonly reportIds?: readonly string[]
  readonly drawIds?: readonly string[]
}

const LINKS: Kind = object(
  field('findingIds', optional(list(code))),
  field('reportIds', optional(list(code))),
  field('drawIds', optional(list(code)))
)

/**
 * Links a clue (in any state) to findings, reports and inspection draws, each of which must
 * exist; links already there are kept. Refuses an empty request.
 *
 * @param body - `{ findingIds?, reportIds?, drawIds? }`
 */
export async function linkClue(
  db: Database,
  id: string,
  body: unknown,
  viewer: Viewer
): Promise<ClueDetail> {
  const b = readDocument<ClueLinks>(LINKS, body, (v, issues) => {
    if ((v.findingIds?.length ?? 0) + (v.reportIds?.length ?? 0) + (v.drawIds?.length ?? 0) === 0) {
      issues.push(issue('$', '请给出 findingIds、reportIds 或 drawIds'))
    }
  })
  await db.transaction(async (tx) => {
    const clue = await lockClue(tx, id)
    const wanted: [ClueLinkKind, readonly string[] | undefined][] = [
      ['FINDING', b.findingIds],
      ['REPORT', b.reportIds],
      ['DRAW', b.drawIds],
    ]
    const added: Record<string, string[]> = {}
    for (const [kind, ids] of wanted) {
      const got = await addClueLinks(tx, id, kind, ids ?? [], viewer)
      if (got.length > 0) added[kind] = got
    }
    if (Object.keys(added).length > 0) {
      await recordClueEvent(tx, viewer, {
        clueId: id,
        action: 'link',
        from: clue.state,
        to: clue.state,
        detail: added,
      })
    }
  })
  return readClue(db, id)
}
