// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Kind } from '@yibao/domain'
import { conflict, field, object, optional, OutcomeError, readDocument, text } from '@yibao/domain'
import type { ReportPriority, ReportState, RewardGrade } from '@yibao/supervision'
import {
  checkFirstReporter,
  computeReward,
  nextRewardState,
  REWARD_GRADES,
  shareReward,
} from '@yibao/supervision'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import { readReportPolicy } from './report-policy-store.js'
import type { ReportView } from './report-reads.js'
import { readReport } from './report-reads.js'
import type { ReportRow } from './report-records.js'
import {
  actionDate,
  checkAssigned,
  lockReport,
  recordReportEvent,
  refusedTo,
} from './report-records.js'
import type { ReportVault } from './report-vault.js'

/** Runs a reward step on the locked report and its reward, then reads the report. */
async function withReward(
  db: Database,
  vault: ReportVault,
  id: string,
  viewer: Viewer,
  fn: (tx: Queryable, row: ReportRow, reward: Record<string, unknown> | undefined) => Promise<void>
): Promise<ReportView> {
  await db.transaction(async (tx) => {
    const row = await lockReport(tx, id)
    const [reward] = await tx.query('SELECT * FROM report_reward WHERE report_id = $1 FOR UPDATE', [
      id,
    ])
    await fn(tx, row, reward)
  })
  return readReport(db, vault, id, viewer)
}

const PROPOSE: Kind = object(
  field('grade', { t: 'enum', values: REWARD_GRADES }),
  field('note', optional(text))
)

/**
 * Proposes the reward of a verified report, by its assigned handler: computed from the grade,
 * the verified case value and the insider flag with the region's table, shared by joint
 * reporters. Refused (409) unless the report was verified and followed by a penalty or an
 * agreement sanction, when a reward already exists, or when an earlier report on the same
 * subject and matter was verified, or is still being handled (an undecided earlier report on
 * the same subject whose matter is not yet known counts as the same matter).
 *
 * @param body - `{ grade: 1 | 2 | 3, note? }`
 */
export async function proposeReward(
  db: Database,
  vault: ReportVault,
  id: string,
  body: unknown,
  viewer: Viewer
): Promise<ReportView> {
  const input = readDocument<{ grade: RewardGrade; note?: string }>(PROPOSE, body)
  const policy = await readReportPolicy(db)
  return withReward(db, vault, id, viewer, async (tx, row, reward) => {
    checkAssigned(row, viewer)
    const to = nextRewardState(
      id,
      (reward?.['state'] as 'PROPOSED' | undefined) ?? 'NONE',
      'propose'
    )
    if (row['verified_date'] === null || (row.state !== 'VERIFIED' && row.state !== 'CLOSED')) {
      throw new OutcomeError(conflict(`举报 ${id} 未查实，不能提出奖励`, 'state'))
    }
    const decision = row['handling_decision'] as string
    if (decision !== 'PENALTY' && decision !== 'AGREEMENT') {
      throw new OutcomeError(
        conflict(`举报 ${id} 查实后未作行政处罚或协议处理，不予奖励`, 'handlingDecision')
      )
    }
    const same = await tx.query<{
      id: string
      received_date: IsoDate
      created_at: string
      state: ReportState
      verified: boolean
    }>(
      `SELECT id, received_date, created_at, state, verified_date IS NOT NULL AS verified
       FROM report WHERE subject_type = $1 AND subject_id = $2
         AND (matter = $3 OR (matter IS NULL AND state IN ('RECEIVED', 'ACCEPTED')))`,
      [row['subject_type'] as string, row['subject_id'] as string, row['matter'] as string]
    )
    const priority = (r: (typeof same)[number]): ReportPriority => ({
      id: r.id,
      receivedDate: r.received_date,
      createdAt: r.created_at,
      state: r.state,
      verified: r.verified,
    })
    checkFirstReporter(priority(same.find((r) => r.id === id)!), same.map(priority))
    const computation = computeReward(
      {
        grade: input.grade,
        caseValue: (row['case_value'] as number | null) ?? null,
        insider: row['insider'] as boolean,
        subjectType: row['subject_type'] as string,
      },
      policy.reward
    )
    const [count] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM report_reporter WHERE report_id = $1',
      [id]
    )
    const shares = shareReward(computation.amount, count?.n ?? 1)
    await tx.query(
      `INSERT INTO report_reward (report_id, state, grade, amount, computation, shares, note,
         proposed_by)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7, $8)`,
      [
        id,
        to,
        input.grade,
        computation.amount,
        JSON.stringify(computation),
        JSON.stringify(shares),
        input.note ?? null,
        viewer.actor,
      ]
    )
    await recordReportEvent(tx, viewer, {
      reportId: id,
      action: 'reward.propose',
      from: 'NONE',
      to,
      detail: { grade: input.grade, amount: computation.amount, basis: computation.basis },
    })
  })
}

/** Moves an existing reward, checks first, and logs it. */
async function moveReward(
  tx: Queryable,
  viewer: Viewer,
  id: string,
  reward: Record<string, unknown> | undefined,
  action: 'approve' | 'pay' | 'waive',
  columns: Record<string, string | null>,
  detail: Record<string, unknown>
): Promise<void> {
  const from = (reward?.['state'] as 'PROPOSED' | undefined) ?? 'NONE'
  const to = nextRewardState(id, from, action)
  const names = Object.keys(columns)
  await tx.query(
    `UPDATE report_reward SET state = $2${names.map((n, i) => `, ${n} = $${i + 3}`).join('')}
     WHERE report_id = $1`,
    [id, to, ...names.map((n) => columns[n]!)]
  )
  await recordReportEvent(tx, viewer, {
    reportId: id,
    action: `reward.${action}`,
    from,
    to,
    detail: { amount: reward?.['amount'], ...detail },
  })
}

/**
 * Approves a proposed reward: by a report handler other than the one who proposed it, or an
 * administrator (the route admits only those roles); the proposer is refused (403).
 */
export async function approveReward(
  db: Database,
  vault: ReportVault,
  id: string,
  viewer: Viewer
): Promise<ReportView> {
  return withReward(db, vault, id, viewer, async (tx, _row, reward) => {
    if (reward !== undefined && reward['proposed_by'] === viewer.actor) {
      throw refusedTo(`举报 ${id} 的奖励由您提出，须由另一名举报受理员或管理员批准`)
    }
    await moveReward(tx, viewer, id, reward, 'approve', { approved_by: viewer.actor }, {})
    await tx.query('UPDATE report_reward SET approved_at = now() WHERE report_id = $1', [id])
  })
}

const PAY: Kind = object(field('paidDate', optional({ t: 'date' })), field('paymentRef', text))

/**
 * Records the payment of an approved reward by non-cash transfer, by the assigned handler.
 *
 * @param body - `{ paidDate?, paymentRef }` (the transfer's reference)
 * @param today - the default payment date, and the latest allowed
 */
export async function payReward(
  db: Database,
  vault: ReportVault,
  id: string,
  body: unknown,
  viewer: Viewer,
  today: IsoDate
): Promise<ReportView> {
  const input = readDocument<{ paidDate?: IsoDate; paymentRef: string }>(PAY, body)
  return withReward(db, vault, id, viewer, async (tx, row, reward) => {
    checkAssigned(row, viewer)
    const paid = actionDate(input.paidDate, today, row['verified_date'] as IsoDate, '$.paidDate')
    await moveReward(
      tx,
      viewer,
      id,
      reward,
      'pay',
      { paid_date: paid, payment_ref: input.paymentRef, paid_by: viewer.actor },
      { paidDate: paid }
    )
  })
}

const WAIVE: Kind = object(field('reason', text))

/**
 * Records that a proposed or approved reward is not paid (the reporter declined, or did not
 * claim it), by the assigned handler.
 *
 * @param body - `{ reason }`
 */
export async function waiveReward(
  db: Database,
  vault: ReportVault,
  id: string,
  body: unknown,
  viewer: Viewer
): Promise<ReportView> {
  const input = readDocument<{ reason: string }>(WAIVE, body)
  return withReward(db, vault, id, viewer, async (tx, row, reward) => {
    checkAssigned(row, viewer)
    await moveReward(
      tx,
      viewer,
      id,
      reward,
      'waive',
      { waived_by: viewer.actor, waive_reason: input.reason },
      { reason: input.reason }
    )
    await tx.query('UPDATE report_reward SET waived_at = now() WHERE report_id = $1', [id])
  })
}
