// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { ClueState } from './clue-state.js'
import { CLUE_ACTIONS, CLUE_STATES, CLUE_TRANSITIONS, nextClueState } from './clue-state.js'

const CASES = CLUE_ACTIONS.flatMap((a) => CLUE_STATES.map((s) => [a, s] as const))

describe('the clue state machine', () => {
  test.each(CASES)('%s from %s is allowed exactly when the table lists it', (action, state) => {
    const rule = CLUE_TRANSITIONS[action]
    if (rule.from.includes(state)) {
      expect(nextClueState('XS1', state, action)).toBe(rule.to)
    } else {
      expect(() => nextClueState('XS1', state, action)).toThrow(
        expect.objectContaining({
          outcome: {
            issues: [
              expect.objectContaining({
                code: 'conflict',
                message: expect.stringMatching(
                  new RegExp(`当前状态为 ${state}[\\s\\S]*需要状态 ${rule.from.join(' 或 ')}`)
                ),
              }),
            ],
          },
        })
      )
    }
  })

  test('a clue runs new → assigned → investigating → closed', () => {
    let s: ClueState = 'NEW'
    for (const a of CLUE_ACTIONS) s = nextClueState('XS1', s, a)
    expect(s).toBe('CLOSED')
  })
})
