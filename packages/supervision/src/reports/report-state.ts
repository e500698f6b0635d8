// SPDX-License-Identifier: Apache-2.0
import type { StateTransition } from '../state-transition.js'
import { checkTransition } from '../state-transition.js'

// 举报受理 (domain.md §3.1, NHSA Decree No. 5): a report is received, then accepted (立案),
// rejected (不予受理) or forwarded (移送); an accepted report is verified (查实) or found
// unfounded (查无实据) and then closed. A verified report may earn a reward (§3.2): proposed,
// approved by a second person, paid, or waived.

/** Where a report stands. */
export type ReportState =
  'RECEIVED' | 'ACCEPTED' | 'REJECTED' | 'FORWARDED' | 'VERIFIED' | 'UNFOUNDED' | 'CLOSED'

/** The report states in handling order. */
export const REPORT_STATES: readonly ReportState[] = [
  'RECEIVED',
  'ACCEPTED',
  'REJECTED',
  'FORWARDED',
  'VERIFIED',
  'UNFOUNDED',
  'CLOSED',
]

/** Where a report's reward stands; NONE before one is proposed. */
export type RewardState = 'NONE' | 'PROPOSED' | 'APPROVED' | 'PAID' | 'WAIVED'

/** The reward states in order. */
export const REWARD_STATES: readonly RewardState[] = [
  'NONE',
  'PROPOSED',
  'APPROVED',
  'PAID',
  'WAIVED',
]

/** Chinese names of the report and reward states. */
export const REPORT_STATE_LABELS: Record<ReportState | RewardState, string> = {
  RECEIVED: '已登记待受理',
  ACCEPTED: '已立案',
  REJECTED: '不予受理',
  FORWARDED: '已移送',
  VERIFIED: '已查实',
  UNFOUNDED: '查无实据',
  CLOSED: '已办结',
  NONE: '未提出奖励',
  PROPOSED: '奖励已提出',
  APPROVED: '奖励已批准',
  PAID: '奖励已发放',
  WAIVED: '奖励已放弃',
}

/** What moves a report. */
export type ReportAction = 'accept' | 'reject' | 'forward' | 'verify' | 'unfound' | 'close'

/** What moves a reward. */
export type RewardAction = 'propose' | 'approve' | 'pay' | 'waive'

/** Every report action, in handling order. */
export const REPORT_ACTIONS: readonly ReportAction[] = [
  'accept',
  'reject',
  'forward',
  'verify',
  'unfound',
  'close',
]

/** Every reward action. */
export const REWARD_ACTIONS: readonly RewardAction[] = ['propose', 'approve', 'pay', 'waive']

/** Chinese names of the actions. */
export const REPORT_ACTION_LABELS: Record<ReportAction | RewardAction, string> = {
  accept: '立案',
  reject: '不予受理',
  forward: '移送',
  verify: '查实',
  unfound: '查无实据',
  close: '办结',
  propose: '提出奖励',
  approve: '批准奖励',
  pay: '发放奖励',
  waive: '放弃奖励',
}

/** The one transition table of reports and their rewards. */
export const REPORT_TRANSITIONS: { readonly [A in ReportAction]: StateTransition<ReportState> } & {
  readonly [A in RewardAction]: StateTransition<RewardState>
} = {
  accept: { from: ['RECEIVED'], to: 'ACCEPTED' },
  reject: { from: ['RECEIVED'], to: 'REJECTED' },
  forward: { from: ['RECEIVED'], to: 'FORWARDED' },
  verify: { from: ['ACCEPTED'], to: 'VERIFIED' },
  unfound: { from: ['ACCEPTED'], to: 'UNFOUNDED' },
  close: { from: ['VERIFIED', 'UNFOUNDED'], to: 'CLOSED' },
  propose: { from: ['NONE'], to: 'PROPOSED' },
  approve: { from: ['PROPOSED'], to: 'APPROVED' },
  pay: { from: ['APPROVED'], to: 'PAID' },
  waive: { from: ['PROPOSED', 'APPROVED'], to: 'WAIVED' },
}

function step<S extends ReportState | RewardState>(
  what: string,
  reportId: string,
  state: S,
  action: ReportAction | RewardAction,
  rule: StateTransition<S>
): S {
  return checkTransition(
    rule,
    state,
    () =>
      `举报 ${reportId} 的${what}当前状态为 ${state}（${REPORT_STATE_LABELS[state]}），` +
      `“${REPORT_ACTION_LABELS[action]}”需要状态 ${rule.from.join(' 或 ')}`,
    'state'
  )
}

/**
 * The state a report moves to, or an `OutcomeError` (409) naming the state it is in and the
 * states the action needs.
 *
 * @param reportId - for the message
 * @param state - the current state
 * @param action - the action
 */
export function nextReportState(
  reportId: string,
  state: ReportState,
  action: ReportAction
): ReportState {
  return step('办理', reportId, state, action, REPORT_TRANSITIONS[action])
}

/**
 * The state a report's reward moves to, or an `OutcomeError` (409) naming the state it is in
 * and the states the action needs.
 *
 * @param reportId - for the message
 * @param state - the reward's current state (NONE before one is proposed)
 * @param action - the action
 */
export function nextRewardState(
  reportId: string,
  state: RewardState,
  action: RewardAction
): RewardState {
  return step('奖励', reportId, state, action, REPORT_TRANSITIONS[action])
}
