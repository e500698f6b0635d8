// SPDX-License-Identifier: Apache-2.0
import type { FindingSeverity } from '@yibao/domain'
import { conflict, OutcomeError } from '@yibao/domain'
import type { ReviewPolicy } from './review-policy.js'

/**
 * Where a finding (疑点) stands in the review chain (domain.md §1.7). A finding without a review
 * record is GENERATED.
 */
export type FindingState =
  | 'GENERATED'
  | 'DISPATCHED'
  | 'APPEALED'
  | 'REVIEWING'
  | 'PENDING_APPROVAL'
  | 'UPHELD'
  | 'DISMISSED'
  | 'DEDUCTED'

/** The states in chain order. */
export const FINDING_STATES: readonly FindingState[] = [
  'GENERATED',
  'DISPATCHED',
  'APPEALED',
  'REVIEWING',
  'PENDING_APPROVAL',
  'UPHELD',
  'DISMISSED',
  'DEDUCTED',
]

/** Chinese names of the states. */
export const FINDING_STATE_LABELS: Record<FindingState, string> = {
  GENERATED: '待下发',
  DISPATCHED: '已下发待反馈',
  APPEALED: '已申诉',
  REVIEWING: '复审中',
  PENDING_APPROVAL: '待复核批准',
  UPHELD: '已认定',
  DISMISSED: '不予认定',
  DEDUCTED: '已扣款',
}

/** What moves a finding. */
export type ReviewAction =
  | 'dispatch'
  | 'accept'
  | 'appeal'
  | 'expire'
  | 'uphold'
  | 'dismiss'
  | 'approve'
  | 'reject'
  | 'deduct'
  | 'overturn'

/** Chinese names of the actions. */
export const REVIEW_ACTION_LABELS: Record<ReviewAction, string> = {
  dispatch: '下发',
  accept: '机构认可',
  appeal: '机构申诉',
  expire: '逾期未反馈',
  uphold: '复审认定',
  dismiss: '复审不予认定',
  approve: '复核批准',
  reject: '复核退回',
  deduct: '扣款',
  overturn: '撤销认定',
}

/**
 * The one transition table: for each action, the states it may start from and the states it
 * may lead to. Where an action has two possible ends, `nextState` picks by the policy.
 */
export const TRANSITIONS: Record<
  ReviewAction,
  { readonly from: readonly FindingState[]; readonly to: readonly FindingState[] }
> = {
  dispatch: { from: ['GENERATED'], to: ['DISPATCHED'] },
  accept: { from: ['DISPATCHED'], to: ['UPHELD'] },
  appeal: { from: ['DISPATCHED'], to: ['APPEALED'] },
  expire: { from: ['DISPATCHED'], to: ['UPHELD', 'REVIEWING'] },
  uphold: { from: ['APPEALED', 'REVIEWING'], to: ['UPHELD', 'PENDING_APPROVAL'] },
  dismiss: { from: ['APPEALED', 'REVIEWING'], to: ['DISMISSED'] },
  approve: { from: ['PENDING_APPROVAL'], to: ['UPHELD'] },
  reject: { from: ['PENDING_APPROVAL'], to: ['REVIEWING'] },
  deduct: { from: ['UPHELD'], to: ['DEDUCTED'] },
  overturn: { from: ['UPHELD', 'DEDUCTED'], to: ['DISMISSED'] },
}

/** What `nextState` needs besides the state: the finding's severity and the amount decided. */
export interface TransitionContext {
  readonly severity: FindingSeverity
  /** The amount upheld, fen (uphold only). */
  readonly amount?: number | undefined
}

/**
 * The state a finding moves to, or an `OutcomeError` (409) naming the states the action needs
 * and the state the finding is in.
 *
 * @param findingId - for the message
 * @param state - the current state
 * @param action - the action
 * @param policy - the region's review policy
 * @param context - severity and decided amount
 */
export function nextState(
  findingId: string,
  state: FindingState,
  action: ReviewAction,
  policy: ReviewPolicy,
  context: TransitionContext
): FindingState {
  const rule = TRANSITIONS[action]
  if (!rule.from.includes(state)) {
    throw new OutcomeError(
      conflict(
        `疑点 ${findingId} 当前状态为 ${state}（${FINDING_STATE_LABELS[state]}），` +
          `“${REVIEW_ACTION_LABELS[action]}”需要状态 ${rule.from.join(' 或 ')}`,
        'state'
      )
    )
  }
  switch (action) {
    case 'expire':
      return policy.noAppeal[context.severity]
    case 'uphold':
      return (context.amount ?? 0) > policy.fourEyesAmount ? 'PENDING_APPROVAL' : 'UPHELD'
    case 'dispatch':
    case 'accept':
    case 'appeal':
    case 'dismiss':
    case 'approve':
    case 'reject':
    case 'deduct':
    case 'overturn':
      return rule.to[0]!
  }
}
