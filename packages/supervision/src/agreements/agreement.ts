// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import { addMonths, badRequest, conflict, OutcomeError } from '@yibao/domain'
import type { StateTransition } from '../state-transition.js'
import { checkTransition } from '../state-transition.js'

// 协议管理 and 黑名单 (domain.md §5.1, §5.3): an institution's service agreement is active,
// suspended (中止) or terminated (解除); a termination bars a new agreement for 3 years (violations)
// or 1 year (serious breach of the agreement); blacklists of institutions, staff and insured
// persons hold for a period, with the effect they have.

export type AgreementStatus = 'ACTIVE' | 'SUSPENDED' | 'TERMINATED'

export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, string> = {
  ACTIVE: '履行中',
  SUSPENDED: '中止',
  TERMINATED: '解除',
}

/** Why an agreement was terminated: the bar on a new one depends on it. */
export type TerminationKind = 'VIOLATION' | 'BREACH'

/** Months a termination bars a new agreement. */
export const REAPPLY_BAR_MONTHS: Readonly<Record<TerminationKind, number>> = {
  VIOLATION: 36,
  BREACH: 12,
}

/** An agreement as stored. */
export interface Agreement {
  readonly id: string
  readonly institutionCode: string
  readonly signedOn: IsoDate
  readonly status: AgreementStatus
  readonly statusSince: IsoDate
  readonly reason: string | null
  readonly reapplyNotBefore: IsoDate | null
}

/** What an agreement action does. */
export type AgreementAction =
  | { readonly action: 'suspend'; readonly date: IsoDate; readonly reason: string }
  | { readonly action: 'resume'; readonly date: IsoDate; readonly reason: string }
  | {
      readonly action: 'terminate'
      readonly date: IsoDate
      readonly reason: string
      readonly kind: TerminationKind
    }

const TRANSITIONS: Record<AgreementAction['action'], StateTransition<AgreementStatus>> = {
  suspend: { from: ['ACTIVE'], to: 'SUSPENDED' },
  resume: { from: ['SUSPENDED'], to: 'ACTIVE' },
  terminate: { from: ['ACTIVE', 'SUSPENDED'], to: 'TERMINATED' },
}

/** The agreement after an action, or refuses (409) an action its status does not allow. */
export function applyAgreementAction(a: Agreement, act: AgreementAction): Agreement {
  const rule = TRANSITIONS[act.action]
  const status = checkTransition(
    rule,
    a.status,
    () =>
      `协议 ${a.id} 状态为${AGREEMENT_STATUS_LABELS[a.status]}，${act.action} 需要 ${rule.from.map((s) => AGREEMENT_STATUS_LABELS[s]).join('或')}`,
    'status'
  )
  if (act.date < a.statusSince) {
    throw new OutcomeError(badRequest(`date：不能早于当前状态的起始日期 ${a.statusSince}`, 'date'))
  }
  if (act.reason.trim() === '') throw new OutcomeError(badRequest('reason：请写明理由', 'reason'))
  return {
    ...a,
    status,
    statusSince: act.date,
    reason: act.reason.trim(),
    reapplyNotBefore:
      act.action === 'terminate'
        ? addMonths(act.date, REAPPLY_BAR_MONTHS[act.kind])
        : a.reapplyNotBefore,
  }
}

/** A blacklist entry. */
export interface BlacklistEntry {
  readonly id: string
  readonly subjectType: 'INSTITUTION' | 'STAFF' | 'INSURED'
  readonly subjectId: string
  readonly from: IsoDate
  readonly to: IsoDate | null
  readonly reason: string
}

export const BLACKLIST_EFFECTS: Readonly<Record<BlacklistEntry['subjectType'], string>> = {
  INSTITUTION: '不得签订新的定点协议，纳入重点监管',
  STAFF: '不得为参保人提供医保基金支付的服务',
  INSURED: '就医时先行全额自付，核实后按规定报销',
}

/** The entry that blacklists a subject on a date, or undefined. */
export function blacklistedOn(
  entries: readonly BlacklistEntry[],
  subjectType: BlacklistEntry['subjectType'],
  subjectId: string,
  date: IsoDate
): BlacklistEntry | undefined {
  return entries.find(
    (e) =>
      e.subjectType === subjectType &&
      e.subjectId === subjectId &&
      e.from <= date &&
      (e.to === null || date <= e.to)
  )
}

/**
 * Checks that an institution may sign a new agreement on `date`: none still in force (409), no
 * termination whose bar has not passed, and not blacklisted (400 naming why).
 */
export function checkNewAgreement(
  institutionCode: string,
  date: IsoDate,
  history: readonly Agreement[],
  blacklist: readonly BlacklistEntry[]
): void {
  const open = history.find((a) => a.status !== 'TERMINATED')
  if (open !== undefined) {
    throw new OutcomeError(
      conflict(
        `${institutionCode} 已有${AGREEMENT_STATUS_LABELS[open.status]}的协议 ${open.id}`,
        'institutionCode'
      )
    )
  }
  const barred = history.find((a) => a.reapplyNotBefore !== null && date < a.reapplyNotBefore)
  if (barred !== undefined) {
    throw new OutcomeError(
      badRequest(
        `signedOn：${institutionCode} 的协议 ${barred.id} 于 ${barred.statusSince} 解除，${barred.reapplyNotBefore} 前不得重新申请`,
        'signedOn'
      )
    )
  }
  const black = blacklistedOn(blacklist, 'INSTITUTION', institutionCode, date)
  if (black !== undefined) {
    throw new OutcomeError(
      badRequest(
        `signedOn：${institutionCode} 自 ${black.from} 列入黑名单（${black.reason}）`,
        'signedOn'
      )
    )
  }
}
