// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { parseCourseText, smallNumber } from './parse-course-text.js'

describe('parseCourseText', () => {
  test.each([
    [
      '总时间不超过90天，评定间隔时间不短于14天。',
      { maxDays: 90, minIntervalDays: 14, perWeek: null },
    ],
    ['支付不超过30天。', { maxDays: 30, minIntervalDays: null, perWeek: null }],
    ['一个疾病过程支付不超过90天。', { maxDays: 90, minIntervalDays: null, perWeek: null }],
    ['支付不超过一年，每周最多支付一次。', { maxDays: 365, minIntervalDays: null, perWeek: 1 }],
    ['支付不超过3个月。', { maxDays: 90, minIntervalDays: null, perWeek: null }],
  ])('reads %s', (text, expected) => {
    expect(parseCourseText(text)).toEqual(expected)
  })

  test('returns null when no upper bound is written', () => {
    expect(parseCourseText('评定间隔时间不短于14天。')).toBeNull()
  })

  test('reads Arabic and Chinese small numbers', () => {
    expect(smallNumber('14')).toBe(14)
    expect(smallNumber('三')).toBe(3)
    expect(smallNumber('几')).toBeNull()
  })
})
