// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { fenToWanYuan, funnelSentence } from './funnel-report.js'

describe('the funnel sentence', () => {
  test('gives the Chenxi 2024 figures as the bureau reported them', () => {
    const chenxi = {
      flagged: { visits: 5_857, amount: 127_960_000 },
      dispatched: { visits: 5_857, amount: 127_960_000 },
      upheld: { visits: 3_685, amount: 35_690_000 },
    }
    expect(funnelSentence(chenxi)).toBe(
      '智能审核初审疑点 5,857 人次、127.96 万元；下发定点医药机构 5,857 人次、127.96 万元，' +
        '经申诉、复审认定 3,685 人次、35.69 万元（认定率：按人次 62.9%，按金额 27.9%）。'
    )
  })

  test('says — for a rate when nothing was sent', () => {
    const none = { visits: 0, amount: 0 }
    expect(
      funnelSentence({ flagged: { visits: 2, amount: 150 }, dispatched: none, upheld: none })
    ).toContain('按人次 —，按金额 —')
  })

  test.each([
    [127_960_000, '127.96'],
    [4_999, '0.00'],
    [5_000, '0.01'],
    [1_234_567_890_000, '1,234,567.89'],
    [-5_000, '-0.01'],
    [-4_999, '0.00'],
    [-35_690_000, '-35.69'],
  ])('%i fen is %s 万元', (fen, text) => {
    expect(fenToWanYuan(fen)).toBe(text)
  })
})
