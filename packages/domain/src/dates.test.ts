// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import {
  addDays,
  ageInDays,
  ageInYears,
  dateOf,
  dateFromDayNumber,
  dayNumber,
  isIsoDate,
  lengthOfStay,
  parseDate,
  parseTimestamp,
  toNationalDateTime,
} from './dates.js'

describe('dates', () => {
  test('national date-times are Shanghai local time', () => {
    expect(parseTimestamp('2025-06-14 14:27:24')).toBe('2025-06-14T14:27:24+08:00')
    expect(parseTimestamp('20250614142724')).toBe('2025-06-14T14:27:24+08:00')
    expect(parseTimestamp('2025-06-14T06:27:24Z')).toBe('2025-06-14T14:27:24+08:00')
    expect(parseTimestamp('2025-06-14')).toBe('2025-06-14T00:00:00+08:00')
    expect(toNationalDateTime('2025-06-14T14:27:24+08:00')).toBe('2025-06-14 14:27:24')
  })

  test.each(['2025-02-30', '2025-13-01', '2025-06-14 25:00:00', 'yesterday', ''])(
    'rejects %j',
    (text) => {
      expect(parseTimestamp(text)).toBeUndefined()
    }
  )

  test('a UTC evening is the next Shanghai day', () => {
    expect(dateOf(parseTimestamp('2025-01-31T20:00:00Z')!)).toBe('2025-02-01')
    expect(parseDate('2025-01-31 23:59:59')).toBe('2025-01-31')
  })

  test('ages and stays', () => {
    expect(ageInYears('1951-08-27', '2025-08-26')).toBe(73)
    expect(ageInYears('1951-08-27', '2025-08-27')).toBe(74)
    expect(ageInDays('2025-02-01', '2025-03-01')).toBe(28)
    expect(lengthOfStay('2025-05-04', '2025-05-04')).toBe(1)
    expect(lengthOfStay('2025-05-04', '2025-05-10')).toBe(6)
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29')
    expect(dayNumber('1970-01-02')).toBe(1)
    expect(isIsoDate('2024-02-29')).toBe(true)
    expect(isIsoDate('2025-02-29')).toBe(false)
  })
})

describe('day numbers by integer arithmetic', () => {
  test('agree with the JavaScript calendar over three centuries', () => {
    for (let day = -30_000; day < 60_000; day += 7) {
      const iso = new Date(day * 86_400_000).toISOString().slice(0, 10)
      expect(dateFromDayNumber(day)).toBe(iso)
      expect(dayNumber(iso)).toBe(day)
    }
  })
  test('a date that does not exist has no day number', () => {
    expect(dayNumber('2025-02-29')).toBeNaN()
    expect(dayNumber('2024-02-29')).toBe(dayNumber('2024-02-28') + 1)
    expect(dayNumber('2025-13-01')).toBeNaN()
  })
})
