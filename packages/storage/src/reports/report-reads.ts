// SPDX-License-Identifier: Apache-2.0
import type { Fen, IsoDate, Timestamp } from '@yibao/domain'
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import type {
  ReportChannel,
  ReporterIdentity,
  ReportIntake,
  ReportKind,
  ReportState,
  ReportSubjectType,
  RewardComputation,
  RewardState,
} from '@yibao/supervision'
import {
  REPORT_CHANNELS,
  REPORT_KINDS,
  REPORT_STATE_LABELS,
  REPORT_STATES,
  REWARD_STATES,
} from '@yibao/supervision'
import type { Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import { SqlWhere } from '../sql-where.js'
import type { ReportRow } from './report-records.js'
import { claimCodeHash, REPORT_COLUMNS, REPORT_FROM, reporterIdentities } from './report-records.js'
import type { ReportVault } from './report-vault.js'

/** A report's reward and how it was computed. */
export interface ReportRewardView {
  readonly state: RewardState
  readonly stateLabel: string
  readonly grade: number
  /** Fen. */
  readonly amount: Fen
  /** The whole computation for report handlers; the bounds that decided it for others. */
  readonly computation:
    | RewardComputation
    | Pick<RewardComputation, 'grade' | 'caseValue' | 'amount' | 'basis' | 'floor' | 'cap'>
  /** What each joint reporter gets, fen (one part for the others). */
  readonly shares: readonly Fen[]
  readonly note: string | null
  readonly proposedBy: string
  readonly proposedAt: Timestamp
  readonly approvedBy: string | null
  readonly approvedAt: Timestamp | null
  readonly paidDate: IsoDate | null
  readonly paymentRef: string | null
  readonly paidBy: string | null
  readonly waivedBy: string | null
  readonly waivedAt: Timestamp | null
  readonly waiveReason: string | null
}

/** One entry of a report's event log. */
export interface ReportEventView {
  readonly id: number
  readonly at: Timestamp
  readonly actor: string
  readonly action: string
  readonly from: string | null
  readonly to: string | null
  readonly detail: Record<string, unknown>
}

/** Who reported: shown to report handlers only. */
export interface ReportIdentityView {
  readonly insider: boolean
  readonly reporters: readonly ReporterIdentity[]
}

/** A report as its readers see it. */
export interface ReportView extends Pick<
  ReportIntake,
  'channel' | 'kind' | 'subjectType' | 'subjectId' | 'subjectName' | 'matter' | 'clues'
> {
  readonly id: string
  readonly state: ReportState
  readonly stateLabel: string
  readonly handler: { readonly username: string; readonly displayName: string } | null
  readonly receivedDate: IsoDate
  /** Last day of the 立案 decision. */
  readonly acceptDeadline: IsoDate
  readonly decisionDate: IsoDate | null
  readonly decisionReason: string | null
  readonly forwardedTo: string | null
  /** Last day to tell the reporter of the decision. */
  readonly notifyDeadline: IsoDate | null
  readonly notifiedDate: IsoDate | null
  /** Last day to close an accepted report. */
  readonly closeDeadline: IsoDate | null
  readonly verifiedDate: IsoDate | null
  /** The verified case value (案值), fen. */
  readonly caseValue: Fen | null
  readonly handlingDecision: string | null
  readonly closedDate: IsoDate | null
  readonly disclose: boolean
  readonly disclosureText: string | null
  readonly findingIds: readonly string[]
  readonly reward: ReportRewardView | null
  readonly createdBy: string
  readonly createdAt: Timestamp
  readonly updatedAt: Timestamp
  /** Present for report handlers only; absent (not masked) for everyone else. */
  readonly identity?: ReportIdentityView
  /** The event log (single reads only). */
  readonly events?: readonly ReportEventView[]
}

/** True when `viewer` may see who reported. */
export function seesIdentity(viewer: Viewer): boolean {
  return viewer.role === 'report_handler'
}

function rewardView(r: Record<string, unknown>): ReportRewardView {
  const state = r['state'] as RewardState
  return {
    state,
    stateLabel: REPORT_STATE_LABELS[state],
    grade: r['grade'] as number,
    amount: r['amount'] as number,
    computation: r['computation'] as RewardComputation,
    shares: r['shares'] as Fen[],
    note: (r['note'] as string | null) ?? null,
    proposedBy: r['proposed_by'] as string,
    proposedAt: r['proposed_at'] as Timestamp,
    approvedBy: (r['approved_by'] as string | null) ?? null,
    approvedAt: (r['approved_at'] as Timestamp | null) ?? null,
    paidDate: (r['paid_date'] as IsoDate | null) ?? null,
    paymentRef: (r['payment_ref'] as string | null) ?? null,
    paidBy: (r['paid_by'] as string | null) ?? null,
    waivedBy: (r['waived_by'] as string | null) ?? null,
    waivedAt: (r['waived_at'] as Timestamp | null) ?? null,
    waiveReason: (r['waive_reason'] as string | null) ?? null,
  }
}

/**
 * A reward as readers other than report handlers see it: the amount and the bounds that decided
 * it, not the share, rate or insider raise, from which an insider reporter could be guessed.
 */
function withoutInsider(reward: ReportRewardView | undefined): ReportRewardView | null {
  if (reward === undefined) return null
  const c = reward.computation
  return {
    ...reward,
    computation: {
      grade: c.grade,
      caseValue: c.caseValue,
      amount: c.amount,
      basis: c.basis,
      floor: c.floor,
      cap: c.cap,
    },
  }
}

/** The views of report rows: findings, rewards and, for report handlers only, identities. */
async function viewsOf(
  db: Queryable,
  vault: ReportVault,
  rows: readonly ReportRow[],
  viewer: Viewer,
  identities = true
): Promise<ReportView[]> {
  const ids = rows.map((r) => r.id)
  const [links, rewards] = await Promise.all([
    db.query<{ report_id: string; finding_id: string }>(
      `SELECT report_id, finding_id FROM report_finding WHERE report_id = ANY($1::text[])
       ORDER BY report_id, finding_id`,
      [ids]
    ),
    db.query<Record<string, unknown>>(
      'SELECT * FROM report_reward WHERE report_id = ANY($1::text[])',
      [ids]
    ),
  ])
  const people =
    identities && seesIdentity(viewer) ? await reporterIdentities(db, vault, ids) : null
  const rewardOf = new Map(rewards.map((r) => [r['report_id'] as string, rewardView(r)]))
  return rows.map((r) => {
    const handler = r.handler_username
    const view: ReportView = {
      id: r.id,
      channel: r['channel'] as ReportChannel,
      kind: r['kind'] as ReportKind,
      subjectType: r['subject_type'] as ReportSubjectType,
      subjectId: r['subject_id'] as string,
      subjectName: (r['subject_name'] as string | null) ?? null,
      matter: (r['matter'] as string | null) ?? null,
      clues: r['clues'] as string,
      state: r.state,
      stateLabel: REPORT_STATE_LABELS[r.state],
      handler:
        handler === null ? null : { username: handler, displayName: r['handler_name'] as string },
      receivedDate: r['received_date'] as IsoDate,
      acceptDeadline: r['accept_deadline'] as IsoDate,
      decisionDate: (r['decision_date'] as IsoDate | null) ?? null,
      decisionReason: (r['decision_reason'] as string | null) ?? null,
      forwardedTo: (r['forwarded_to'] as string | null) ?? null,
      notifyDeadline: (r['notify_deadline'] as IsoDate | null) ?? null,
      notifiedDate: (r['notified_date'] as IsoDate | null) ?? null,
      closeDeadline: (r['close_deadline'] as IsoDate | null) ?? null,
      verifiedDate: (r['verified_date'] as IsoDate | null) ?? null,
      caseValue: (r['case_value'] as number | null) ?? null,
      handlingDecision: (r['handling_decision'] as string | null) ?? null,
      closedDate: (r['closed_date'] as IsoDate | null) ?? null,
      disclose: r['disclose'] as boolean,
      disclosureText: (r['disclosure_text'] as string | null) ?? null,
      findingIds: links.filter((l) => l.report_id === r.id).map((l) => l.finding_id),
      reward: people === null ? withoutInsider(rewardOf.get(r.id)) : (rewardOf.get(r.id) ?? null),
      createdBy: r['created_by'] as string,
      createdAt: r['created_at'] as Timestamp,
      updatedAt: r['updated_at'] as Timestamp,
    }
    if (people === null) return view
    return {
      ...view,
      identity: { insider: r['insider'] as boolean, reporters: people.get(r.id) ?? [] },
    }
  })
}

/**
 * One report with its findings, reward and event log; who reported only when the viewer is a
 * report handler (decrypted then). 404 for an unknown id.
 *
 * @param vault - decrypts the reporters' identities for report handlers
 */
export async function readReport(
  db: Queryable,
  vault: ReportVault,
  id: string,
  viewer: Viewer
): Promise<ReportView> {
  const rows = await db.query<ReportRow>(
    `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE r.id = $1`,
    [id]
  )
  if (rows.length === 0) throw new OutcomeError(notFound(`没有编号为 ${id} 的举报`))
  const [view] = await viewsOf(db, vault, rows, viewer)
  const events = await db.query<Record<string, unknown>>(
    `SELECT id, at, actor, action, from_state, to_state, detail FROM report_event
     WHERE report_id = $1 ORDER BY id`,
    [id]
  )
  return {
    ...view!,
    events: events.map((e) => ({
      id: Number(e['id']),
      at: e['at'] as Timestamp,
      actor: e['actor'] as string,
      action: e['action'] as string,
      from: (e['from_state'] as string | null) ?? null,
      to: (e['to_state'] as string | null) ?? null,
      detail: e['detail'] as Record<string, unknown>,
    })),
  }
}

/** What `listReports` selects. */
export interface ReportFilter {
  readonly state?: string | undefined
  readonly channel?: string | undefined
  readonly kind?: string | undefined
  /** The handler's user name. */
  readonly handler?: string | undefined
  readonly subjectId?: string | undefined
  readonly page?: number | undefined
  readonly pageSize?: number | undefined
}

function oneOf(value: string | undefined, allowed: readonly string[], path: string): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new OutcomeError(
      badRequest(`${path}：应为 ${allowed.join('、')} 之一，收到 ${value}`, path)
    )
  }
}

/** Reports newest first, a page at a time; identities as in `readReport`. */
export async function listReports(
  db: Queryable,
  vault: ReportVault,
  filter: ReportFilter,
  viewer: Viewer,
  /** `identities: false` leaves reporters' identities undecrypted (exports never show them). */
  options: { readonly identities?: boolean } = {}
): Promise<{ items: ReportView[]; total: number }> {
  oneOf(filter.state, REPORT_STATES, 'state')
  oneOf(filter.channel, REPORT_CHANNELS, 'channel')
  oneOf(filter.kind, REPORT_KINDS, 'kind')
  const where = new SqlWhere()
  if (filter.state !== undefined) where.add('r.state = ?', filter.state)
  if (filter.channel !== undefined) where.add('r.channel = ?', filter.channel)
  if (filter.kind !== undefined) where.add('r.kind = ?', filter.kind)
  if (filter.handler !== undefined) where.add('u.username = ?', filter.handler)
  if (filter.subjectId !== undefined) where.add('r.subject_id = ?', filter.subjectId)
  const size = Math.min(500, Math.max(1, Math.floor(filter.pageSize ?? 50)))
  const offset = (Math.max(1, Math.floor(filter.page ?? 1)) - 1) * size
  const [rows, [count]] = await Promise.all([
    db.query<ReportRow>(
      `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM}${where.sql}
       ORDER BY r.received_date DESC, r.created_at DESC, r.id DESC LIMIT ${size} OFFSET ${offset}`,
      where.params
    ),
    db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${REPORT_FROM}${where.sql}`,
      where.params
    ),
  ])
  return {
    items: await viewsOf(db, vault, rows, viewer, options.identities ?? true),
    total: count?.n ?? 0,
  }
}

/** Counts of reports by channel, state and month, and of rewards; no identities. */
export interface ReportStatistics {
  readonly from: IsoDate | null
  readonly to: IsoDate | null
  readonly total: number
  readonly byChannel: Readonly<Record<ReportChannel, number>>
  readonly byState: Readonly<Record<ReportState, number>>
  readonly byKind: Readonly<Record<ReportKind, number>>
  readonly byMonth: readonly {
    readonly month: string
    readonly received: number
    readonly accepted: number
    readonly verified: number
    /** Fen. */
    readonly caseValue: Fen
  }[]
  readonly rewards: Readonly<Record<RewardState, number>> & {
    /** Fen paid. */
    readonly paidAmount: Fen
  }
}

/**
 * Report statistics for reports received from `from` to `to` (both optional, inclusive).
 *
 * @param range - the days of receipt counted
 */
export async function reportStatistics(
  db: Queryable,
  range: { from?: IsoDate | undefined; to?: IsoDate | undefined } = {}
): Promise<ReportStatistics> {
  const where = new SqlWhere()
  if (range.from !== undefined) where.add('r.received_date >= ?', range.from)
  if (range.to !== undefined) where.add('r.received_date <= ?', range.to)
  const rows = await db.query<{
    month: string
    channel: ReportChannel
    kind: ReportKind
    state: ReportState
    verified: boolean
    accepted: boolean
    case_value: number | null
    reward_state: RewardState | null
    reward_amount: number | null
  }>(
    `SELECT to_char(r.received_date, 'YYYY-MM') AS month, r.channel, r.kind, r.state,
       r.verified_date IS NOT NULL AS verified,
       r.state IN ('ACCEPTED', 'VERIFIED', 'UNFOUNDED', 'CLOSED') AS accepted,
       r.case_value, w.state AS reward_state, w.amount AS reward_amount
     FROM report r LEFT JOIN report_reward w ON w.report_id = r.id${where.sql}`,
    where.params
  )
  const zero = <K extends string>(keys: readonly K[]): Record<K, number> =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>
  const byChannel = zero(REPORT_CHANNELS)
  const byState = zero(REPORT_STATES)
  const byKind = zero(REPORT_KINDS)
  const rewards = { ...zero(REWARD_STATES), paidAmount: 0 }
  const months = new Map<string, ReportStatistics['byMonth'][number]>()
  for (const r of rows) {
    byChannel[r.channel]++
    byState[r.state]++
    byKind[r.kind]++
    rewards[r.reward_state ?? 'NONE']++
    if (r.reward_state === 'PAID') rewards.paidAmount += r.reward_amount ?? 0
    const m = months.get(r.month) ?? {
      month: r.month,
      received: 0,
      accepted: 0,
      verified: 0,
      caseValue: 0,
    }
    months.set(r.month, {
      month: r.month,
      received: m.received + 1,
      accepted: m.accepted + (r.accepted ? 1 : 0),
      verified: m.verified + (r.verified ? 1 : 0),
      caseValue: m.caseValue + (r.verified ? (r.case_value ?? 0) : 0),
    })
  }
  return {
    from: range.from ?? null,
    to: range.to ?? null,
    total: rows.length,
    byChannel,
    byState,
    byKind,
    byMonth: [...months.values()].sort((a, b) => (a.month < b.month ? -1 : 1)),
    rewards,
  }
}

/** What an anonymous reporter learns with their claim code. */
export interface ReportClaim {
  readonly state: ReportState
  readonly stateLabel: string
  readonly receivedDate: IsoDate
  readonly decisionDate: IsoDate | null
  readonly reward: {
    readonly state: RewardState
    readonly stateLabel: string
    /** Fen. */
    readonly amount: Fen
    readonly paidDate: IsoDate | null
  } | null
}

/** The status and reward of the report a claim code belongs to, or 404. */
export async function claimReport(db: Queryable, code: string): Promise<ReportClaim> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT r.state, r.received_date, r.decision_date, w.state AS reward_state,
       w.amount AS reward_amount, w.paid_date
     FROM report r LEFT JOIN report_reward w ON w.report_id = r.id
     WHERE r.claim_code_hash = $1`,
    [claimCodeHash(code)]
  )
  if (row === undefined) throw new OutcomeError(notFound('查询码不正确'))
  const state = row['state'] as ReportState
  const rewardState = (row['reward_state'] as RewardState | null) ?? null
  return {
    state,
    stateLabel: REPORT_STATE_LABELS[state],
    receivedDate: row['received_date'] as IsoDate,
    decisionDate: (row['decision_date'] as IsoDate | null) ?? null,
    reward:
      rewardState === null
        ? null
        : {
            state: rewardState,
            stateLabel: REPORT_STATE_LABELS[rewardState],
            amount: row['reward_amount'] as number,
            paidDate: (row['paid_date'] as IsoDate | null) ?? null,
          },
  }
}

/** A typical case chosen for disclosure (典型案例): never who reported. */
export interface DisclosedCase {
  readonly subjectType: ReportSubjectType
  readonly matter: string | null
  readonly verifiedMonth: string
  /** Fen. */
  readonly caseValue: Fen | null
  readonly handlingDecision: string | null
  readonly text: string
}

/** The verified reports chosen for disclosure, newest first. */
export async function listDisclosedCases(db: Queryable): Promise<DisclosedCase[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT subject_type, matter, to_char(verified_date, 'YYYY-MM') AS month, case_value,
       handling_decision, disclosure_text
     FROM report WHERE disclose AND verified_date IS NOT NULL
     ORDER BY verified_date DESC, id DESC`
  )
  return rows.map((r) => ({
    subjectType: r['subject_type'] as ReportSubjectType,
    matter: (r['matter'] as string | null) ?? null,
    verifiedMonth: r['month'] as string,
    caseValue: (r['case_value'] as number | null) ?? null,
    handlingDecision: (r['handling_decision'] as string | null) ?? null,
    text: r['disclosure_text'] as string,
  }))
}
