// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from './dates.js'
import { addDays, dayNumber } from './dates.js'

/**
 * A working-day calendar: Monday to Friday, less the listed holidays, plus the listed weekend
 * days that are worked (调休上班). Deadlines of the review chain (申诉、复审) count in it.
 */
export class WorkingCalendar {
  private readonly holidays: ReadonlySet<IsoDate>
  private readonly workdays: ReadonlySet<IsoDate>

  /**
   * @param holidays - public holidays that fall on weekdays (法定节假日)
   * @param workdays - weekend days that are worked (调休上班日)
   */
  constructor(holidays: Iterable<IsoDate> = [], workdays: Iterable<IsoDate> = []) {
    this.holidays = new Set(holidays)
    this.workdays = new Set(workdays)
  }

  /** True when `date` is a working day. */
  isWorkingDay(date: IsoDate): boolean {
    if (this.workdays.has(date)) return true
    if (this.holidays.has(date)) return false
    // Day 0 (1970-01-01) was a Thursday: 0 = Monday … 6 = Sunday.
    const weekday = (((dayNumber(date) + 3) % 7) + 7) % 7
    return weekday < 5
  }

  /**
   * The day `n` working days after `date` (`date` itself not counted): the last day of a window
   * of `n` working days that opens on `date`.
   *
   * @param date - the day the window opens (e.g. the dispatch date)
   * @param n - working days, ≥ 0
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`工作日数应为非负整数，收到 ${n}`)
    let day = date
    for (let left = n; left > 0;) {
      day = addDays(day, 1)
      if (this.isWorkingDay(day)) left--
    }
    return day
  }

  /** Working days after `from` up to and including `to` (0 when `to` ≤ `from`). */
  workingDaysBetween(from: IsoDate, to: IsoDate): number {
    let n = 0
    for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
      if (this.isWorkingDay(day)) n++
    }
    return n
  }
}
