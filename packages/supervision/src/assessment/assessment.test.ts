// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { checkTemplate, DEFAULT_ASSESSMENT_TEMPLATE, scoreAssessment } from './assessment.js'

describe('千分制 assessment', () => {
  test('the default template adds up to 1000', () => {
    expect(() => {
      checkTemplate(DEFAULT_ASSESSMENT_TEMPLATE)
    }).not.toThrow()
    const broken = {
      ...DEFAULT_ASSESSMENT_TEMPLATE,
      dimensions: DEFAULT_ASSESSMENT_TEMPLATE.dimensions.slice(1),
    }
    expect(() => {
      checkTemplate(broken)
    }).toThrow(/应为 1000，实为 850/)
  })

  test('a clean institution scores 1000, band 优秀, credit A, coefficient 1', () => {
    const r = scoreAssessment(DEFAULT_ASSESSMENT_TEMPLATE, 'H1', '2025', {}, [])
    expect(r).toMatchObject({ score: 1000, band: 'EXCELLENT', credit: 'A', coefficient: 1 })
  })

  test('data and assessors take marks off item by item, never below 0', () => {
    const r = scoreAssessment(
      DEFAULT_ASSESSMENT_TEMPLATE,
      'H1',
      '2025',
      { UPHELD_VIOLATIONS: 30, OUT_OF_LIST_SHARE: 14.5, OWN_SHARE: 30, INGEST_FLAGS: 500 },
      [{ item: 'BASIC-TRAIN', points: 5, reason: '未公示医保政策' }]
    )
    const item = (code: string) => r.items.find((i) => i.code === code)!
    expect(item('SERVICE-VIOLATION').score).toBe(140)
    expect(item('COST-OUT').score).toBe(105)
    expect(item('COST-OWN').score).toBe(100)
    expect(item('DATA-FLAGS').score).toBe(0)
    expect(item('BASIC-TRAIN')).toMatchObject({ score: 45, basis: '未公示医保政策（5 分）' })
    expect(r.score).toBe(1000 - 60 - 45 - 100 - 5)
    expect(r).toMatchObject({ band: 'BASIC', credit: 'C', coefficient: 0.79 })
  })

  test('a veto makes the score 0 and the credit D', () => {
    const r = scoreAssessment(DEFAULT_ASSESSMENT_TEMPLATE, 'H1', '2025', {}, [], '欺诈骗保查实')
    expect(r).toMatchObject({ score: 0, band: 'FAIL', credit: 'D', coefficient: 0 })
  })
})
