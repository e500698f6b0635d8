// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import {
  addDays,
  addMonths,
  ageInDays,
  ageInYears,
  dateOf,
  dateFromDayNumber,
  dayNumber,
  daysInMonth,
  fromEpochMs,
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
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29')
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28')
    expect(addMonths('2025-11-15', 3)).toBe('2026-02-15')
    expect(addMonths('2025-03-15', -3)).toBe('2024-12-15')
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28')
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

/** The regular-expression reading of `parseTimestamp`, as it was before its quick path. */
function referenceTimestamp(value: string): string | undefined {
  const text = value.trim()
  const m =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(
      text
    ) ?? /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(text)
  if (!m) return undefined
  const part = (i: number): number => Number(m[i] ?? 0)
  const [y, mo, d, h, mi, s] = [part(1), part(2), part(3), part(4), part(5), part(6)]
  const valid = mo >= 1 && mo <= 12 && d >= 1 && d <= new Date(Date.UTC(y, mo, 0)).getUTCDate()
  if (!valid || h > 23 || mi > 59 || s > 59) return undefined
  const offset = m[7]
  if (offset !== undefined && offset !== '+08:00') {
    const ms = Date.parse(text.replace(' ', 'T'))
    return Number.isNaN(ms) ? undefined : fromEpochMs(ms)
  }
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0')
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`
}

/** The slicing reading of `dayNumber`, as it was before its quick path. */
function referenceDayNumber(date: string): number {
  const y0 = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  const leap = y0 % 4 === 0 && (y0 % 100 !== 0 || y0 % 400 === 0)
  const dim = m === 2 && leap ? 29 : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
  if (date[4] !== '-' || date[7] !== '-' || !Number.isInteger(y0) || dim === undefined) return NaN
  if (!(d >= 1 && d <= dim)) return NaN
  const y = m <= 2 ? y0 - 1 : y0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

describe('date-times read character by character', () => {
  const digits = (n: number): fc.Arbitrary<string> =>
    fc.integer({ min: 0, max: 10 ** n - 1 }).map((v) => String(v).padStart(n, '0'))
  /** Date-time texts in and around the usual shapes, valid or not. */
  const dateTimes = fc
    .tuple(
      digits(4),
      fc.constantFrom('-', '/', ''),
      fc.oneof(digits(2), fc.constantFrom('00', '02', '12', '13')),
      fc.oneof(digits(2), fc.constantFrom('28', '29', '30', '31', '32', '00')),
      fc.constantFrom('', ' ', 'T', 't', '  '),
      fc.oneof(digits(2), fc.constantFrom('23', '24')),
      digits(2),
      fc.oneof(digits(2), fc.constantFrom('59', '60')),
      fc.constantFrom('', '+08:00', 'Z', '+09:00', '.5', '.123+08:00', '-08:00', '+0800')
    )
    .map(([y, sep, m, d, t, h, mi, s, tail]) =>
      t === ''
        ? `${y}${sep}${m}${sep}${d}${tail === '' ? '' : tail}`
        : `${y}${sep}${m}${sep}${d}${t}${h}:${mi}:${s}${tail}`
    )

  test('give what the regular expressions give', () => {
    fc.assert(
      fc.property(dateTimes, (text) => {
        expect(parseTimestamp(text)).toBe(referenceTimestamp(text))
        expect(parseTimestamp(` ${text} `)).toBe(referenceTimestamp(` ${text} `))
      }),
      { numRuns: 20_000 }
    )
  })

  test.each([
    ['2025-06-14 14:27:24', '2025-06-14T14:27:24+08:00'],
    ['2025-06-14T14:27:24', '2025-06-14T14:27:24+08:00'],
    ['2025-06-14T14:27:24+08:00', '2025-06-14T14:27:24+08:00'],
    ['2024-02-29', '2024-02-29T00:00:00+08:00'],
    ['2000-02-29 00:00:00', '2000-02-29T00:00:00+08:00'],
    ['1900-02-29 00:00:00', undefined],
    ['2025-04-31', undefined],
    ['2025-06-14 23:59:60', undefined],
    ['2025-06-14 14:27:24+09:00', '2025-06-14T13:27:24+08:00'],
    ['2025-06-14 14:27:24+08:00', '2025-06-14T14:27:24+08:00'],
    // Years before 100 are read by Date.UTC as 19xx: 0000 is not a leap year there.
    ['0000-02-29', undefined],
    ['0004-02-29 12:00:00', '0004-02-29T12:00:00+08:00'],
    ['0999-12-31', '0999-12-31T00:00:00+08:00'],
    ['２０２５-06-14', undefined],
  ])('%j → %j', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected)
    expect(referenceTimestamp(text)).toBe(expected)
  })

  test('day numbers of any text give what slicing gives', () => {
    const texts = fc.oneof(
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.integer({ min: 0, max: 13 }),
          fc.integer({ min: 0, max: 32 })
        )
        .map(
          ([y, m, d]) =>
            `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
        ),
      fc.string({ maxLength: 12 }),
      fc.constantFrom(
        '2025-1-05',
        ' 202-01-01',
        '+202-01-01',
        '2025-01-01T08:00:00+08:00',
        '20.5-01-01',
        '2025-06-1',
        '2025-06-1 ',
        '2025- 6-01',
        '2025-06- 1',
        '2025-06-1x',
        '2025-1e-01'
      ),
      fc
        .tuple(
          fc.stringMatching(/^[0-9]{4}$/),
          fc.string({ maxLength: 2 }),
          fc.string({ maxLength: 3 })
        )
        .map(([y, m, d]) => `${y}-${m}-${d}`)
    )
    fc.assert(
      fc.property(texts, (text) => {
        expect(dayNumber(text)).toBe(referenceDayNumber(text))
      }),
      { numRuns: 20_000 }
    )
  })

  test('days in a month', () => {
    expect([2023, 2024, 1900, 2000].map((y) => daysInMonth(y, 2))).toEqual([28, 29, 28, 29])
    expect(daysInMonth(2025, 4)).toBe(30)
    expect(daysInMonth(2025, 12)).toBe(31)
    expect(daysInMonth(2025, 13)).toBe(0)
    expect(daysInMonth(2025, 0)).toBe(0)
  })
})
