// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Timestamp } from '@yibao/domain'
import { addDays, daysBetween } from '@yibao/domain'

const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'))

/**
 * Day arithmetic for the generated period. Inside the generator a date is a day index
 * (0 = first day of the period) and a time is seconds after midnight; this class turns them into
 * `IsoDate` and `Timestamp` strings quickly, with the calendar strings computed once.
 */
export class DayClock {
  readonly first: IsoDate
  readonly last: IsoDate
  /** Number of days in the period. */
  readonly days: number
  readonly #dates: IsoDate[]
  readonly #margin: number

  /**
   * @param first - first day of the period
   * @param last - last day of the period (inclusive)
   * @param margin - extra days formatted before and after the period (stays that run over)
   */
  constructor(first: IsoDate, last: IsoDate, margin = 400) {
    this.first = first
    this.last = last
    this.days = daysBetween(first, last) + 1
    this.#margin = margin
    this.#dates = []
    for (let d = -margin; d < this.days + margin; d++) this.#dates.push(addDays(first, d))
  }

  /** The calendar date of a day index. */
  date(day: number): IsoDate {
    return this.#dates[day + this.#margin] ?? addDays(this.first, day)
  }

  /** The day index of a calendar date. */
  dayOf(date: IsoDate): number {
    return daysBetween(this.first, date)
  }

  /**
   * A Shanghai-local timestamp.
   *
   * @param day - day index
   * @param second - seconds after midnight, 0–86399
   */
  timestamp(day: number, second: number): Timestamp {
    const s = Math.max(0, Math.min(86399, Math.floor(second)))
    const h = Math.floor(s / 3600)
    const m = Math.floor((s % 3600) / 60)
    return `${this.date(day)}T${TWO[h]}:${TWO[m]}:${TWO[s % 60]}+08:00`
  }
}
