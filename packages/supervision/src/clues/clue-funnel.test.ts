// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { clueFunnelSentence } from './clue-funnel.js'

describe('the clue funnel sentence', () => {
  test('counts received, checked and confirmed clues and the recovered amount in 万元', () => {
    expect(
      clueFunnelSentence({
        clues: 8549,
        assigned: 8549,
        investigating: 8549,
        confirmed: 2,
        unfounded: 8547,
        suspectedAmount: 0,
        recoveredAmount: 481_564,
      })
    ).toBe('共接收线索 8,549 条，已核查 8,549 条，查实 2 条，追回 0.48 万元。')
  })

  test('clues still under investigation are not counted as checked', () => {
    expect(
      clueFunnelSentence({
        clues: 10,
        assigned: 6,
        investigating: 4,
        confirmed: 1,
        unfounded: 1,
        suspectedAmount: 1_000_000,
        recoveredAmount: 28_190_400,
      })
    ).toBe('共接收线索 10 条，已核查 2 条，查实 1 条，追回 28.19 万元。')
  })
})
