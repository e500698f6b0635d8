// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Kind, OutcomeIssue } from '@yibao/domain'
import {
  bool,
  code,
  conflict,
  field,
  invalid,
  list,
  object,
  optional,
  OutcomeError,
  readDocument,
  text,
} from '@yibao/domain'
import type { ReportAction, ReportState } from '@yibao/supervision'
import {
  closeDeadline,
  nextReportState,
  notifyDeadline,
  REPORT_ACTIONS,
  REPORT_STATE_LABELS,
} from '@yibao/supervision'
import type { Database, Queryable, SqlValue } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import { readReportCalendar, readReportPolicy } from './report-policy-store.js'
import type { ReportView } from './report-reads.js'
import { readReport } from './report-reads.js'
import type { ReportRow } from './report-records.js'
import {
  actionDate,
  checkAssigned,
  fieldError,
  fieldIssue,
  lockReport,
  recordReportEvent,
  reporterIdentities,
} from './report-records.js'
import type { ReportVault } from './report-vault.js'

/** States in which nothing more is done with a report. */
const FINISHED: readonly ReportState[] = ['REJECTED', 'FORWARDED', 'CLOSED']

/** Sets columns of a locked report and logs the change; `to` is the state after it. */
async function change(
  tx: Queryable,
  row: ReportRow,
  viewer: Viewer,
  action: string,
  to: string,
  columns: Record<string, SqlValue>,
  detail: Record<string, unknown>
): Promise<void> {
  const names = Object.keys(columns)
  const sets = ['state = $2', ...names.map((n, i) => `${n} = $${i + 3}`), 'updated_at = now()']
  await tx.query(`UPDATE report SET ${sets.join(', ')} WHERE id = $1`, [
    row.id,
    to,
    ...names.map((n) => columns[n]!),
  ])
  await recordReportEvent(tx, viewer, { reportId: row.id, action, from: row.state, to, detail })
}

/** Runs `fn` on the locked report in one transaction, then reads it as `viewer` sees it. */
async function withReport(
  db: Database,
  vault: ReportVault,
  id: string,
  viewer: Viewer,
  fn: (tx: Queryable, row: ReportRow) => Promise<void>
): Promise<ReportView> {
  await db.transaction(async (tx) => fn(tx, await lockReport(tx, id)))
  return readReport(db, vault, id, viewer)
}

/**
 * Assigns a report to one named handler (an enabled user with the role report_handler); a
 * finished report (rejected, forwarded, closed) is refused (409).
 *
 * @param handler - the handler's user name
 */
export async function assignReport(
  db: Database,
  vault: ReportVault,
  id: string,
  handler: unknown,
  viewer: Viewer
): Promise<ReportView> {
  const [user] =
    typeof handler === 'string'
      ? await db.query<{ id: string; role: string; disabled: boolean }>(
          `SELECT id, role, disabled_at IS NOT NULL AS disabled FROM app_user WHERE username = $1`,
          [handler]
        )
      : []
  if (user === undefined || user.role !== 'report_handler' || user.disabled) {
    throw fieldError('$.handler', `应为在用的举报受理员用户名，收到 ${JSON.stringify(handler)}`)
  }
  return withReport(db, vault, id, viewer, async (tx, row) => {
    if (FINISHED.includes(row.state)) {
      throw new OutcomeError(
        conflict(
          `举报 ${id} 当前状态为 ${row.state}（${REPORT_STATE_LABELS[row.state]}），不能再指派`,
          'state'
        )
      )
    }
    await change(
      tx,
      row,
      viewer,
      'assign',
      row.state,
      { handler_id: user.id },
      {
        handler,
        previous: row.handler_username,
      }
    )
  })
}

/** What moves a report: the action and what that action needs. */
interface StepInput {
  readonly action: ReportAction
  readonly date?: IsoDate
  readonly reason?: string
  readonly forwardedTo?: string
  readonly caseValue?: number
  readonly matter?: string
  readonly handlingDecision?: 'PENALTY' | 'AGREEMENT' | 'NONE'
}

const STEP: Kind = object(
  field('action', { t: 'enum', values: REPORT_ACTIONS }),
  field('date', optional({ t: 'date' })),
  field('reason', optional(text)),
  field('forwardedTo', optional(text)),
  field('caseValue', optional({ t: 'int', min: 0, max: Number.MAX_SAFE_INTEGER })),
  field('matter', optional(text)),
  field('handlingDecision', optional({ t: 'enum', values: ['PENALTY', 'AGREEMENT', 'NONE'] }))
)

/** The fields each action takes besides `action` and `date`, and those it needs. */
const STEP_FIELDS: Record<ReportAction, { takes: readonly string[]; needs: readonly string[] }> = {
  accept: { takes: ['reason'], needs: [] },
  reject: { takes: ['reason'], needs: ['reason'] },
  forward: { takes: ['reason', 'forwardedTo'], needs: ['forwardedTo'] },
  verify: {
    takes: ['caseValue', 'matter', 'handlingDecision', 'reason'],
    needs: ['handlingDecision'],
  },
  unfound: { takes: ['reason'], needs: [] },
  close: { takes: ['reason'], needs: [] },
}

function stepCoherence(s: StepInput, issues: OutcomeIssue[]): void {
  const rule = STEP_FIELDS[s.action]
  for (const key of Object.keys(s)) {
    if (key !== 'action' && key !== 'date' && !rule.takes.includes(key)) {
      issues.push(fieldIssue(`$.${key}`, `“${s.action}”不接受此字段`))
    }
  }
  for (const key of rule.needs) {
    if (!(key in s)) {
      issues.push(fieldIssue(`$.${key}`, `“${s.action}”须填写`))
    }
  }
}

/**
 * Moves a report by its assigned handler: accept (立案), reject or forward it within its 立案
 * window (the reporter's notice is then due in working days), verify it with the case value
 * (fen; absent when there was no fund loss), find it unfounded, or close it. Every bad field is
 * named; an action the state does not allow is refused (409) naming both states.
 *
 * @param body - `{ action, date?, reason?, forwardedTo?, caseValue?, matter?, handlingDecision? }`
 * @param today - the default date of the action, and the latest allowed
 */
export async function moveReport(
  db: Database,
  vault: ReportVault,
  id: string,
  body: unknown,
  viewer: Viewer,
  today: IsoDate
): Promise<ReportView> {
  const input = readDocument<StepInput>(STEP, body, stepCoherence)
  const [policy, calendar] = [await readReportPolicy(db), await readReportCalendar(db)]
  return withReport(db, vault, id, viewer, async (tx, row) => {
    checkAssigned(row, viewer)
    const to = nextReportState(id, row.state, input.action)
    const decided = (row['decision_date'] as IsoDate | null) ?? (row['received_date'] as IsoDate)
    const earliest =
      input.action === 'close' ? ((row['verified_date'] as IsoDate | null) ?? decided) : decided
    const date = actionDate(input.date, today, earliest, '$.date')
    const reason = input.reason ?? null
    const detail: Record<string, unknown> = { date, ...(reason === null ? {} : { reason }) }
    let columns: Record<string, SqlValue>
    switch (input.action) {
      case 'accept':
      case 'reject':
      case 'forward': {
        const notify = notifyDeadline(date, policy, calendar)
        columns = {
          decision_date: date,
          decision_reason: reason,
          notify_deadline: notify,
          ...(input.action === 'forward' ? { forwarded_to: input.forwardedTo! } : {}),
          ...(input.action === 'accept' ? { close_deadline: closeDeadline(date, policy) } : {}),
        }
        Object.assign(detail, {
          notifyDeadline: notify,
          ...(input.action === 'accept' ? { closeDeadline: columns['close_deadline'] } : {}),
          ...(input.action === 'forward' ? { forwardedTo: input.forwardedTo } : {}),
        })
        break
      }
      case 'verify': {
        const matter = input.matter ?? (row['matter'] as string | null)
        if (matter === null) {
          throw fieldError('$.matter', '查实时须写明举报事项（同一对象同一事项只奖励首个举报人）')
        }
        const caseValue = input.caseValue ?? null
        columns = {
          verified_date: date,
          case_value: caseValue,
          matter,
          handling_decision: input.handlingDecision!,
        }
        Object.assign(detail, { caseValue, matter, handlingDecision: input.handlingDecision })
        break
      }
      case 'unfound':
        columns = {}
        break
      case 'close':
        columns = { closed_date: date }
        break
    }
    await change(tx, row, viewer, input.action, to, columns, detail)
  })
}

const LINK: Kind = object(field('findingIds', list(code)))

/**
 * Links findings (疑点) to an accepted or verified report, by its assigned handler; every
 * unknown finding id is named.
 *
 * @param body - `{ findingIds: string[] }`
 */
export async function linkReportFindings(
  db: Database,
  vault: ReportVault,
  id: string,
  body: unknown,
  viewer: Viewer
): Promise<ReportView> {
  const { findingIds } = readDocument<{ findingIds: string[] }>(LINK, body)
  const found = new Set(
    (
      await db.query<{ id: string }>('SELECT id FROM finding WHERE id = ANY($1::text[])', [
        findingIds,
      ])
    ).map((r) => r.id)
  )
  const issues = findingIds.flatMap((f, i) =>
    found.has(f) ? [] : [fieldIssue(`$.findingIds[${i}]`, `没有编号为 ${f} 的疑点`)]
  )
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return withReport(db, vault, id, viewer, async (tx, row) => {
    checkAssigned(row, viewer)
    if (row.state !== 'ACCEPTED' && row.state !== 'VERIFIED') {
      throw new OutcomeError(
        conflict(
          `举报 ${id} 当前状态为 ${row.state}，关联疑点需要状态 ACCEPTED 或 VERIFIED`,
          'state'
        )
      )
    }
    for (const f of findingIds) {
      await tx.query(
        `INSERT INTO report_finding (report_id, finding_id, linked_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING`,
        [id, f, viewer.actor]
      )
    }
    await change(tx, row, viewer, 'link', row.state, {}, { findingIds })
  })
}

const NOTIFY: Kind = object(field('date', optional({ t: 'date' })))

/**
 * Records that the reporter was told of the 立案 decision (once), by the assigned handler; the
 * event says whether it was late.
 *
 * @param body - `{ date? }` (default today)
 */
export async function notifyReporter(
  db: Database,
  vault: ReportVault,
  id: string,
  body: unknown,
  viewer: Viewer,
  today: IsoDate
): Promise<ReportView> {
  const input = readDocument<{ date?: IsoDate }>(NOTIFY, body ?? {})
  return withReport(db, vault, id, viewer, async (tx, row) => {
    checkAssigned(row, viewer)
    const decided = row['decision_date'] as IsoDate | null
    if (decided === null) {
      throw new OutcomeError(conflict(`举报 ${id} 尚未作出是否立案的决定`, 'state'))
    }
    if (row['notified_date'] !== null) {
      throw new OutcomeError(
        conflict(`举报 ${id} 已于 ${row['notified_date'] as string} 告知举报人`)
      )
    }
    const date = actionDate(input.date, today, decided, '$.date')
    const deadline = row['notify_deadline'] as IsoDate
    await change(
      tx,
      row,
      viewer,
      'notify',
      row.state,
      { notified_date: date },
      {
        date,
        notifyDeadline: deadline,
        late: date > deadline,
      }
    )
  })
}

const DISCLOSURE: Kind = object(field('disclose', bool), field('text', optional(text)))

/**
 * Chooses a verified report as a typical case for public disclosure (典型案例), with the text
 * published, or withdraws it. The text may not contain a reporter's name, phone or ID number.
 *
 * @param body - `{ disclose, text? }` (text needed to disclose)
 */
export async function setReportDisclosure(
  db: Database,
  vault: ReportVault,
  id: string,
  body: unknown,
  viewer: Viewer
): Promise<ReportView> {
  const input = readDocument<{ disclose: boolean; text?: string }>(
    DISCLOSURE,
    body,
    (v, issues) => {
      if (v.disclose && v.text === undefined) {
        issues.push(fieldIssue('$.text', '公开时须填写公开内容'))
      }
    }
  )
  const reporters = (await reporterIdentities(db, vault, [id])).get(id) ?? []
  const leaked = reporters.some((p) =>
    [p.name, p.phone, p.idNumber].some((v) => v !== null && input.text?.includes(v))
  )
  if (leaked) {
    throw fieldError('$.text', '公开内容不得含有举报人的姓名、电话或身份证号')
  }
  return withReport(db, vault, id, viewer, async (tx, row) => {
    checkAssigned(row, viewer)
    if (row['verified_date'] === null) {
      throw new OutcomeError(conflict(`举报 ${id} 未查实，不能作为典型案例公开`, 'state'))
    }
    await change(
      tx,
      row,
      viewer,
      input.disclose ? 'disclose' : 'withdraw-disclosure',
      row.state,
      { disclose: input.disclose, disclosure_text: input.text ?? null },
      { disclose: input.disclose }
    )
  })
}
