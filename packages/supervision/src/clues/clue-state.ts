// SPDX-License-Identifier: Apache-2.0
import type { StateTransition } from '../state-transition.js'
import { checkTransition } from '../state-transition.js'

// 线索核查: clues arrive in batches handed down by the national, provincial and city bureaus
// (辰溪县 2024: “完成国家省市下发线索 5 批次，共 8549 条”) or come from the bureau's own screening,
// call-backs (随机抽查回访) and reports. Each clue is assigned to an inspector, investigated and
// closed as confirmed (查实, with the amount recovered) or unfounded (查无实据).

/** Where a clue came from. */
export type ClueSource =
  'NATIONAL' | 'PROVINCIAL' | 'CITY' | 'SCREENING' | 'CALLBACK' | 'REPORT' | 'OTHER'

/** Every clue source. */
export const CLUE_SOURCES: readonly ClueSource[] = [
  'NATIONAL',
  'PROVINCIAL',
  'CITY',
  'SCREENING',
  'CALLBACK',
  'REPORT',
  'OTHER',
]

/** Chinese names of the sources. */
export const CLUE_SOURCE_LABELS: Record<ClueSource, string> = {
  NATIONAL: '国家局下发',
  PROVINCIAL: '省局下发',
  CITY: '市局下发',
  SCREENING: '大数据筛查',
  CALLBACK: '随机抽查回访',
  REPORT: '举报投诉',
  OTHER: '其他',
}

/** Where a clue stands. */
export type ClueState = 'NEW' | 'ASSIGNED' | 'INVESTIGATING' | 'CLOSED'

/** The clue states in handling order. */
export const CLUE_STATES: readonly ClueState[] = ['NEW', 'ASSIGNED', 'INVESTIGATING', 'CLOSED']

/** How a closed clue ended. */
export type ClueOutcome = 'CONFIRMED' | 'UNFOUNDED'

/** Both outcomes. */
export const CLUE_OUTCOMES: readonly ClueOutcome[] = ['CONFIRMED', 'UNFOUNDED']

/** Chinese names of the states and outcomes. */
export const CLUE_STATE_LABELS: Record<ClueState | ClueOutcome, string> = {
  NEW: '待分派',
  ASSIGNED: '已分派',
  INVESTIGATING: '核查中',
  CLOSED: '已办结',
  CONFIRMED: '查实',
  UNFOUNDED: '查无实据',
}

/** What moves a clue. */
export type ClueAction = 'assign' | 'start' | 'close'

/** Every clue action, in handling order. */
export const CLUE_ACTIONS: readonly ClueAction[] = ['assign', 'start', 'close']

/** Chinese names of the actions. */
export const CLUE_ACTION_LABELS: Record<ClueAction, string> = {
  assign: '分派',
  start: '开始核查',
  close: '办结',
}

/** The one transition table of clues; an assigned clue may be assigned again to someone else. */
export const CLUE_TRANSITIONS: { readonly [A in ClueAction]: StateTransition<ClueState> } = {
  assign: { from: ['NEW', 'ASSIGNED'], to: 'ASSIGNED' },
  start: { from: ['ASSIGNED'], to: 'INVESTIGATING' },
  close: { from: ['INVESTIGATING'], to: 'CLOSED' },
}

/**
 * The state a clue moves to, or an `OutcomeError` (409) naming the state it is in and the
 * states the action needs.
 *
 * @param clueId - for the message
 * @param state - the current state
 * @param action - the action
 */
export function nextClueState(clueId: string, state: ClueState, action: ClueAction): ClueState {
  const rule = CLUE_TRANSITIONS[action]
  return checkTransition(
    rule,
    state,
    () =>
      `线索 ${clueId} 当前状态为 ${state}（${CLUE_STATE_LABELS[state]}），` +
      `“${CLUE_ACTION_LABELS[action]}”需要状态 ${rule.from.join(' 或 ')}`,
    'state'
  )
}
