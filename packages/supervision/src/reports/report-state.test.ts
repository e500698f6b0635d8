// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import type { StateTransition } from '../state-transition.js'
import type { ReportAction, ReportState, RewardAction, RewardState } from './report-state.js'
import {
  nextReportState,
  nextRewardState,
  REPORT_ACTIONS,
  REPORT_STATES,
  REPORT_TRANSITIONS,
  REWARD_ACTIONS,
  REWARD_STATES,
} from './report-state.js'

/** An error whose outcome is a 409 conflict with all of `texts` in its message. */
const conflictWith = (...texts: string[]) =>
  expect.objectContaining({
    outcome: {
      issues: [
        expect.objectContaining({
          code: 'conflict',
          message: expect.stringMatching(texts.map((t) => `(?=.*${t})`).join('')),
        }),
      ],
    },
  })

const REPORT_CASES = REPORT_ACTIONS.flatMap((a) => REPORT_STATES.map((s) => [a, s] as const))
const REWARD_CASES = REWARD_ACTIONS.flatMap((a) => REWARD_STATES.map((s) => [a, s] as const))

/** Runs an action of either table from a state. */
function run(action: ReportAction | RewardAction, state: string): string {
  return (REWARD_ACTIONS as readonly string[]).includes(action)
    ? nextRewardState('JB1', state as RewardState, action as RewardAction)
    : nextReportState('JB1', state as ReportState, action as ReportAction)
}

describe('the report state machine', () => {
  test.each([...REPORT_CASES, ...REWARD_CASES])(
    '%s from %s is allowed exactly when the table lists it',
    (action, state) => {
      const rule = REPORT_TRANSITIONS[action] as StateTransition<string>
      if (rule.from.includes(state)) {
        expect(run(action, state)).toBe(rule.to)
      } else {
        expect(() => run(action, state)).toThrow(
          conflictWith(`当前状态为 ${state}`, `需要状态 ${rule.from.join(' 或 ')}`)
        )
      }
    }
  )

  test('a report runs received → accepted → verified → closed, its reward proposed → approved → paid', () => {
    let s: ReportState = 'RECEIVED'
    for (const a of ['accept', 'verify', 'close'] as const) s = nextReportState('JB1', s, a)
    expect(s).toBe('CLOSED')
    let r: RewardState = 'NONE'
    for (const a of ['propose', 'approve', 'pay'] as const) r = nextRewardState('JB1', r, a)
    expect(r).toBe('PAID')
    expect(() => nextRewardState('JB1', 'PAID', 'waive')).toThrow(OutcomeError)
  })
})
