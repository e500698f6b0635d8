// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { WorkingCalendar } from './working-days.js'

describe('WorkingCalendar', () => {
  const plain = new WorkingCalendar()

  test('weekends are not working days', () => {
    // 2025-01-04 is a Saturday, 2025-01-06 a Monday.
    expect(plain.isWorkingDay('2025-01-04')).toBe(false)
    expect(plain.isWorkingDay('2025-01-05')).toBe(false)
    expect(plain.isWorkingDay('2025-01-06')).toBe(true)
  })

  test('five working days from a Thursday end on the next Thursday', () => {
    expect(plain.addWorkingDays('2025-01-02', 5)).toBe('2025-01-09')
    expect(plain.addWorkingDays('2025-01-02', 0)).toBe('2025-01-02')
  })

  test('holidays are skipped and worked weekend days count', () => {
    // 2025 Spring Festival: 01-28 … 02-04 off, Sunday 01-26 and Saturday 02-08 worked.
    const holidays = [
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-03',
      '2025-02-04',
    ]
    const cal = new WorkingCalendar(holidays, ['2025-01-26', '2025-02-08'])
    expect(cal.isWorkingDay('2025-01-26')).toBe(true)
    expect(cal.isWorkingDay('2025-01-29')).toBe(false)
    // From Friday 01-24: Sun 01-26, Mon 01-27, then Wed 02-05, Thu 02-06, Fri 02-07.
    expect(cal.addWorkingDays('2025-01-24', 5)).toBe('2025-02-07')
    expect(cal.workingDaysBetween('2025-01-24', '2025-02-07')).toBe(5)
  })

  test('a negative or fractional count is refused', () => {
    expect(() => plain.addWorkingDays('2025-01-02', -1)).toThrow(RangeError)
    expect(() => plain.addWorkingDays('2025-01-02', 1.5)).toThrow(RangeError)
  })
})
