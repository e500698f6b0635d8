// SPDX-License-Identifier: Apache-2.0
import { randomInt } from 'node:crypto'
import type { InstitutionType, IsoDate, Kind, Timestamp } from '@yibao/domain'
import {
  conflict,
  dateOf,
  field,
  lengthOfStay,
  notFound,
  object,
  optional,
  OutcomeError,
  fromEpochMs,
  parseTimestamp,
  percent,
  readDocument,
  renamedField,
  text,
} from '@yibao/domain'
import type {
  CallbackCandidate,
  CallbackStratum,
  CallbackTolerance,
  CallbackWeights,
} from '@yibao/supervision'
import {
  DEFAULT_CALLBACK_TOLERANCE,
  DEFAULT_CALLBACK_WEIGHTS,
  drawCallbacks,
  judgeCallbackAnswer,
} from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import { addClueLinks, registerClue } from '../clues/clue-records.js'
import { newId } from '../new-id.js'
import { insertRows } from '../sql-where.js'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'

/** Fee items shown per called-back settlement. */
const TOP_ITEMS = 5

/**
 * The settlements of a period (settled on those Asia/Shanghai days, not refunded, at a
 * registered institution), each with the amount findings flagged on its encounter.
 */
export async function callbackCandidates(
  db: Queryable,
  from: IsoDate,
  to: IsoDate
): Promise<CallbackCandidate[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT s.setl_id AS "setlId", s.psn_no AS "psnNo", s.institution_code AS "institutionCode",
       i.type AS "institutionType", coalesce(e.kind = 'INPATIENT', false) AS inpatient,
       s.medfee_sumamt AS amount,
       coalesce((SELECT sum(f.amount) FROM finding f WHERE f.mdtrt_id = s.mdtrt_id), 0)::bigint
         AS "flaggedAmount"
     FROM settlement s JOIN institution i ON i.code = s.institution_code
     LEFT JOIN encounter e ON e.mdtrt_id = s.mdtrt_id
     WHERE NOT s.refunded
       AND s.setl_time >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND s.setl_time < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`,
    [from, to]
  )
  return rows as unknown as CallbackCandidate[]
}

/** What the records say about a called-back settlement, as the caller reads it out. */
export interface CallbackRecords {
  readonly personName: string | null
  readonly institutionName: string
  readonly mdtrtId: string
  /** INPATIENT, OUTPATIENT or PHARMACY. */
  readonly kind: string | null
  readonly begin: IsoDate | null
  readonly end: IsoDate | null
  readonly settledAt: Timestamp
  /** Length of stay, 1 for a visit. */
  readonly days: number
  /** Fen, as are the amounts below. */
  readonly total: number
  readonly fundPaid: number
  /** 个人负担: cash and personal account. */
  readonly ownPay: number
  readonly cashPay: number
  /** The largest items, by amount. */
  readonly items: readonly { code: string; name: string; quantity: number; amount: number }[]
}

/**
 * What the records say about each of these settlements: one query for the settlements and one
 * for their largest items, however many there are.
 */
async function recordsOf(
  db: Queryable,
  setlIds: readonly string[]
): Promise<Map<string, CallbackRecords>> {
  const out = new Map<string, CallbackRecords>()
  if (setlIds.length === 0) return out
  const settlements = await db.query<Record<string, unknown>>(
    `SELECT s.setl_id, p.name AS person_name, i.name AS institution_name, s.mdtrt_id, e.kind,
       e.begin_time, e.end_time, s.setl_time, s.medfee_sumamt, s.fund_pay_sumamt,
       s.psn_part_amt, s.psn_cash_pay
     FROM settlement s JOIN institution i ON i.code = s.institution_code
     LEFT JOIN encounter e ON e.mdtrt_id = s.mdtrt_id
     LEFT JOIN person p ON p.psn_no = s.psn_no
     WHERE s.setl_id = ANY($1::text[])`,
    [setlIds]
  )
  // A settlement's lines: those settled with it, and its encounter's lines settled with none.
  // The two sets are disjoint; the second is found through the encounter index.
  const items = await db.query<Record<string, unknown>>(
    `WITH s AS (SELECT setl_id, mdtrt_id FROM settlement WHERE setl_id = ANY($1::text[])),
     l AS (
       SELECT f.setl_id, f.code, f.name, f.quantity, f.amount FROM fee_line f
       WHERE f.setl_id = ANY($1::text[])
       UNION ALL
       SELECT s.setl_id, f.code, f.name, f.quantity, f.amount
       FROM s JOIN fee_line f ON f.mdtrt_id = s.mdtrt_id WHERE f.setl_id IS NULL),
     g AS (
       SELECT setl_id, code, name, sum(quantity)::float8 AS quantity, sum(amount)::bigint AS amount
       FROM l GROUP BY setl_id, code, name),
     r AS (
       SELECT g.*, row_number() OVER (PARTITION BY setl_id ORDER BY amount DESC, code, name) AS k
       FROM g)
     SELECT setl_id, code, name, quantity, amount FROM r WHERE k <= ${TOP_ITEMS}
     ORDER BY setl_id, k`,
    [setlIds]
  )
  const itemsOf = new Map<string, CallbackRecords['items'][number][]>()
  for (const r of items) {
    const id = r['setl_id'] as string
    const list = itemsOf.get(id) ?? []
    list.push({
      code: r['code'] as string,
      name: r['name'] as string,
      quantity: Number(r['quantity']),
      amount: Number(r['amount']),
    })
    itemsOf.set(id, list)
  }
  for (const s of settlements) {
    const begin = s['begin_time'] === null ? null : dateOf(s['begin_time'] as Timestamp)
    const settledAt = s['setl_time'] as Timestamp
    const end = s['end_time'] === null ? null : dateOf(s['end_time'] as Timestamp)
    const inpatient = s['kind'] === 'INPATIENT'
    out.set(s['setl_id'] as string, {
      personName: (s['person_name'] as string | null) ?? null,
      institutionName: s['institution_name'] as string,
      mdtrtId: s['mdtrt_id'] as string,
      kind: (s['kind'] as string | null) ?? null,
      begin,
      end,
      settledAt,
      days: inpatient && begin !== null ? lengthOfStay(begin, end ?? dateOf(settledAt)) : 1,
      total: Number(s['medfee_sumamt']),
      fundPaid: Number(s['fund_pay_sumamt']),
      ownPay: Number(s['psn_part_amt']),
      cashPay: Number(s['psn_cash_pay']),
      items: itemsOf.get(s['setl_id'] as string) ?? [],
    })
  }
  return out
}

/** What a call-back draw is asked with. */
export interface CallbackDrawInput {
  readonly from: IsoDate
  readonly to: IsoDate
  readonly size: number
  /** Absent: a random one, recorded. */
  readonly seed?: number
  readonly weights?: Partial<CallbackWeights>
  readonly tolerance?: Partial<CallbackTolerance>
}

const DRAW: Kind = object(
  field('from', { t: 'date' }),
  field('to', { t: 'date' }),
  field('size', { t: 'int', min: 1, max: 10_000 }),
  field('seed', optional({ t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER })),
  field(
    'weights',
    optional(
      object(
        field('inpatient', optional({ t: 'number', min: 0.01, max: 100, scale: 2 })),
        field('risk', optional({ t: 'number', min: 0, max: 100, scale: 2 })),
        field('minPerStratum', optional({ t: 'int', min: 0, max: 100 }))
      )
    )
  ),
  field(
    'tolerance',
    optional(
      object(
        field('days', optional({ t: 'int', min: 0, max: 365 })),
        field('ownPay', optional({ t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER })),
        renamedField('ownPayBp', optional(percent), 'ownPayPercent')
      )
    )
  )
)

/** A person to call, what the records say and, once called, the answer. */
export interface CallbackItemView {
  readonly seq: number
  readonly setlId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly institutionType: InstitutionType
  readonly weight: number
  readonly records: CallbackRecords
  readonly answer: CallbackAnswerView | null
}

/** What the person said. */
export interface CallbackAnswerView {
  readonly reached: boolean
  readonly received: boolean | null
  readonly days: number | null
  /** Fen. */
  readonly ownPay: number | null
  readonly note: string | null
  /** Who answered (本人, 家属…). */
  readonly answeredBy: string | null
  readonly answeredAt: Timestamp
  readonly mismatch: boolean
  readonly reasons: readonly string[]
  /** The clue made of a mismatch. */
  readonly clueId: string | null
  readonly recordedBy: string
}

/** A draw's headline. */
export interface CallbackDrawSummary {
  readonly id: string
  readonly seed: number
  readonly algorithm: string
  readonly from: IsoDate
  readonly to: IsoDate
  readonly size: number
  readonly drawn: number
  readonly answered: number
  readonly reached: number
  readonly mismatches: number
  readonly createdBy: string
  readonly createdAt: Timestamp
}

/** A call list in full. */
export interface CallbackList extends CallbackDrawSummary {
  readonly weights: CallbackWeights
  readonly tolerance: CallbackTolerance
  readonly strata: readonly CallbackStratum[]
  readonly items: readonly CallbackItemView[]
}

/**
 * Draws persons to call back from the settlements of a period (stratified by institution type,
 * weighted by stay and flagged share, reproducible from the seed), stores the call list with
 * what the records say about each settlement, and writes the audit log.
 *
 * @param input - `{ from, to, size, seed?, weights?, tolerance? }`; every bad field named
 */
export async function drawCallbackList(
  db: Database,
  input: unknown,
  viewer: Viewer
): Promise<CallbackList> {
  const b = readDocument<CallbackDrawInput>(DRAW, input, (v, issues) => {
    if (v.to < v.from) {
      issues.push({
        severity: 'error',
        code: 'invalid',
        message: '$.to：不能早于 from',
        path: '$.to',
      })
    }
  })
  const seed = b.seed ?? randomInt(0, 2 ** 31)
  const weights = { ...DEFAULT_CALLBACK_WEIGHTS, ...b.weights }
  const tolerance = { ...DEFAULT_CALLBACK_TOLERANCE, ...b.tolerance }
  const draw = drawCallbacks(await callbackCandidates(db, b.from, b.to), b.size, seed, weights)
  const records = await recordsOf(
    db,
    draw.items.map((item) => item.setlId)
  )
  const id = newId('HF')
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO callback_draw (id, seed, algorithm, period_from, period_to, size, weights,
         tolerance, strata, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8::text::jsonb, $9::text::jsonb, $10)`,
      [
        id,
        seed,
        draw.algorithm,
        b.from,
        b.to,
        b.size,
        JSON.stringify(weights),
        JSON.stringify(tolerance),
        JSON.stringify(draw.strata),
        viewer.actor,
      ]
    )
    await insertRows(
      tx,
      'callback_item',
      [
        'draw_id',
        'seq',
        'setl_id',
        'psn_no',
        'institution_code',
        'institution_type',
        'weight',
        'records',
      ],
      draw.items.map((item, k) => [
        id,
        k + 1,
        item.setlId,
        item.psnNo,
        item.institutionCode,
        item.institutionType,
        item.weight,
        JSON.stringify(records.get(item.setlId)),
      ]),
      { casts: { records: '::text::jsonb' } }
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'callback.draw',
      target: id,
      detail: {
        from: b.from,
        to: b.to,
        size: b.size,
        seed,
        drawn: draw.items.length,
        algorithm: draw.algorithm,
      },
    })
  })
  return (await readCallbackList(db, id))!
}

const SUMMARY_SELECT = `SELECT d.id, d.seed, d.algorithm, d.period_from AS "from",
  d.period_to AS "to", d.size, d.created_by AS "createdBy", d.created_at AS "createdAt",
  (SELECT count(*)::int FROM callback_item i WHERE i.draw_id = d.id) AS drawn,
  (SELECT count(*)::int FROM callback_answer a WHERE a.draw_id = d.id) AS answered,
  (SELECT count(*)::int FROM callback_answer a WHERE a.draw_id = d.id AND a.reached) AS reached,
  (SELECT count(*)::int FROM callback_answer a WHERE a.draw_id = d.id AND a.mismatch) AS mismatches`

/** A list's items with their answers; `$1` is the draw. */
const ITEM_SELECT = `SELECT i.seq, i.setl_id AS "setlId", i.psn_no AS "psnNo",
       i.institution_code AS "institutionCode", i.institution_type AS "institutionType",
       i.weight, i.records,
       CASE WHEN a.seq IS NULL THEN NULL ELSE jsonb_build_object('reached', a.reached,
         'received', a.received, 'days', a.days, 'ownPay', a.own_pay, 'note', a.note,
         'answeredBy', a.answered_by, 'answeredAt', a.answered_at, 'mismatch', a.mismatch,
         'reasons', a.reasons, 'clueId', a.clue_id, 'recordedBy', a.recorded_by) END AS answer
     FROM callback_item i LEFT JOIN callback_answer a ON a.draw_id = i.draw_id AND a.seq = i.seq
     WHERE i.draw_id = $1`

/** The call-back draws, newest first, with how far the calls have got. */
export async function listCallbackDraws(db: Queryable): Promise<CallbackDrawSummary[]> {
  const rows = await db.query<Record<string, unknown>>(
    `${SUMMARY_SELECT} FROM callback_draw d ORDER BY d.created_at DESC, d.id`
  )
  return rows as unknown as CallbackDrawSummary[]
}

/** One call list with its items and answers, or undefined. */
export async function readCallbackList(
  db: Queryable,
  id: string
): Promise<CallbackList | undefined> {
  const [d] = await db.query<Record<string, unknown>>(
    `${SUMMARY_SELECT}, d.weights, d.tolerance, d.strata FROM callback_draw d WHERE d.id = $1`,
    [id]
  )
  if (d === undefined) return undefined
  const items = await db.query<Record<string, unknown>>(`${ITEM_SELECT} ORDER BY i.seq`, [id])
  return { ...(d as unknown as CallbackList), items: items as unknown as CallbackItemView[] }
}

/** One item of a list with its answer, or undefined (also for a seq that is no item number). */
async function readCallbackItem(
  db: Queryable,
  drawId: string,
  seq: number
): Promise<CallbackItemView | undefined> {
  if (!Number.isInteger(seq) || seq < 1 || seq > 2 ** 31 - 1) return undefined
  const [item] = await db.query<Record<string, unknown>>(`${ITEM_SELECT} AND i.seq = $2`, [
    drawId,
    seq,
  ])
  return item as unknown as CallbackItemView | undefined
}

/** What a caller records. */
export interface CallbackAnswerInput {
  /** False when nobody could be reached (then nothing else is given); default true. */
  readonly reached?: boolean
  readonly received?: boolean
  readonly days?: number
  /** Fen. */
  readonly ownPay?: number
  readonly note?: string
  readonly answeredBy?: string
  /** When the call was made; default now. */
  readonly at?: string
}

const ANSWER: Kind = object(
  field('reached', optional({ t: 'bool' })),
  field('received', optional({ t: 'bool' })),
  field('days', optional({ t: 'int', min: 0, max: 3650 })),
  field('ownPay', optional({ t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER })),
  field('note', optional(text)),
  field('answeredBy', optional(text)),
  field('at', optional(text))
)

/**
 * Records the answer to one call of a list (once; again is 409). An answer that contradicts
 * the records beyond the draw's tolerance (care not received, other days, another own payment)
 * is a mismatch: a clue (source CALLBACK) is registered, linked to the settlement, in the same
 * transaction.
 *
 * @param body - `{ reached?, received?, days?, ownPay? (fen), note?, answeredBy?, at? }`
 */
export async function recordCallbackAnswer(
  db: Database,
  drawId: string,
  seq: number,
  body: unknown,
  viewer: Viewer
): Promise<CallbackItemView> {
  const issue = (path: string, message: string) =>
    ({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path }) as const
  const b = readDocument<CallbackAnswerInput>(ANSWER, body, (v, issues) => {
    if (v.reached === false) {
      for (const k of ['received', 'days', 'ownPay'] as const) {
        if (v[k] !== undefined) issues.push(issue(`$.${k}`, '未接通时不应填写'))
      }
    } else if (v.received === undefined) {
      issues.push(issue('$.received', '接通时应填写是否接受了该次诊疗（true / false）'))
    }
    if (v.at !== undefined && parseTimestamp(v.at) === undefined) {
      issues.push(issue('$.at', `应为日期时间（YYYY-MM-DD HH:mm:ss），收到 ${v.at}`))
    }
  })
  const [draw] = await db.query<{ tolerance: CallbackTolerance }>(
    'SELECT tolerance FROM callback_draw WHERE id = $1',
    [drawId]
  )
  if (draw === undefined) throw new OutcomeError(notFound(`没有编号为 ${drawId} 的回访抽取`))
  const item = await readCallbackItem(db, drawId, seq)
  if (item === undefined) {
    throw new OutcomeError(notFound(`回访抽取 ${drawId} 没有第 ${seq} 号`))
  }
  const answered = (): OutcomeError =>
    new OutcomeError(conflict(`回访抽取 ${drawId} 第 ${seq} 号已登记回访结果`, 'seq'))
  if (item.answer !== null) throw answered()
  const reached = b.reached ?? true
  const judgement = reached
    ? judgeCallbackAnswer(
        item.records,
        { received: b.received!, days: b.days ?? null, ownPay: b.ownPay ?? null },
        draw.tolerance
      )
    : { mismatch: false, reasons: [], suspectedAmount: 0 }
  const at = b.at === undefined ? fromEpochMs(Date.now()) : parseTimestamp(b.at)!
  await db.transaction(async (tx) => {
    let clueId: string | null = null
    if (judgement.mismatch) {
      const day = dateOf(item.records.settledAt)
      clueId = await registerClue(
        tx,
        {
          batchId: null,
          line: null,
          source: 'CALLBACK',
          institutionCode: item.institutionCode,
          psnNo: item.psnNo,
          period: day,
          periodFrom: day,
          periodTo: day,
          description:
            `随机抽查回访不符（抽取 ${drawId} 第 ${seq} 号，结算 ${item.setlId}）：` +
            judgement.reasons.join('；') +
            (b.note === undefined ? '' : `。回访记录：${b.note}`),
          suspectedAmount: judgement.suspectedAmount,
        },
        viewer,
        { callback: drawId, seq }
      )
      await addClueLinks(tx, clueId, 'SETTLEMENT', [item.setlId], viewer)
    }
    const stored = await tx.query(
      `INSERT INTO callback_answer (draw_id, seq, reached, received, days, own_pay, note,
         answered_by, answered_at, mismatch, reasons, clue_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::text::jsonb, $12, $13)
       ON CONFLICT (draw_id, seq) DO NOTHING RETURNING seq`,
      [
        drawId,
        seq,
        reached,
        reached ? b.received! : null,
        b.days ?? null,
        b.ownPay ?? null,
        b.note ?? null,
        b.answeredBy ?? null,
        at,
        judgement.mismatch,
        JSON.stringify(judgement.reasons),
        clueId,
        viewer.actor,
      ]
    )
    // Answered by someone else meanwhile: the clue made here goes with the rollback.
    if (stored.length === 0) throw answered()
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'callback.answer',
      target: `${drawId}:${seq}`,
      detail: { reached, mismatch: judgement.mismatch, reasons: judgement.reasons, clueId },
    })
  })
  return (await readCallbackItem(db, drawId, seq))!
}
