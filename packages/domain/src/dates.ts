// SPDX-License-Identifier: Apache-2.0

/** A calendar date in Asia/Shanghai, `YYYY-MM-DD`. */
export type IsoDate = string

/** An instant as ISO 8601 with offset, e.g. `2025-06-14T14:27:24+08:00`. */
export type Timestamp = string

/** China has used UTC+8 without daylight saving since 1991. */
export const SHANGHAI_OFFSET = '+08:00'
const OFFSET_MS = 8 * 3600_000

const dateRe = /^(\d{4})-(\d{2})-(\d{2})$/
const tsRe =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/
const compactRe = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false
  const dim = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d <= dim
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = dateRe.exec(value)
  return m !== null && validYmd(Number(m[1]), Number(m[2]), Number(m[3]))
}

/**
 * Parses the date and time forms found in national messages and extracts
 * (`2025-06-14 14:27:24`, `2025-06-14T14:27:24+08:00`, `2025-06-14`, `20250614142724`)
 * into a `Timestamp`. Values without an offset are Asia/Shanghai local time.
 *
 * @returns the timestamp, or `undefined` when the text is not a valid date-time
 */
export function parseTimestamp(value: string): Timestamp | undefined {
  const text = value.trim()
  const quick = quickTimestamp(text)
  if (quick !== undefined) return quick
  const m = tsRe.exec(text) ?? compactRe.exec(text)
  if (!m) return undefined
  const y = Number(m[1])
  const mo = Number(m[2])
  const d = Number(m[3])
  const h = Number(m[4] ?? 0)
  const mi = Number(m[5] ?? 0)
  const s = Number(m[6] ?? 0)
  const offset = m[7]
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || s > 59) return undefined
  if (offset !== undefined && offset !== SHANGHAI_OFFSET) {
    // Normalise any other offset to Shanghai local time.
    const ms = Date.parse(text.replace(' ', 'T'))
    if (Number.isNaN(ms)) return undefined
    return fromEpochMs(ms)
  }
  return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${SHANGHAI_OFFSET}`
}

/** The value of the two digits at `at`, or -1 when they are not both ASCII digits. */
function twoDigits(text: string, at: number): number {
  const a = text.charCodeAt(at) - 48
  const b = text.charCodeAt(at + 1) - 48
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1
}

/**
 * Days in a month of the proleptic Gregorian calendar.
 *
 * @param y - the year
 * @param m - the month, 1–12
 * @returns 28–31, or 0 for a month that does not exist
 */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28
  return DAYS_IN_MONTH[m - 1] ?? 0
}

/**
 * `parseTimestamp` of the forms nearly every message uses (`2025-06-14 14:27:24`,
 * `2025-06-14T14:27:24`, `2025-06-14T14:27:24+08:00`, `2025-06-14`) with a valid date and time in
 * the years 1000–9999, by reading characters: the answer is the text itself, rearranged. Anything
 * else (other forms, offsets, invalid values, early years, which `Date.UTC` reads as 19xx) is
 * undefined here and left to the regular expressions.
 */
function quickTimestamp(text: string): Timestamp | undefined {
  const n = text.length
  if (n !== 10 && n !== 19 && n !== 25) return undefined
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined // '-'
  const hi = twoDigits(text, 0)
  const lo = twoDigits(text, 2)
  const m = twoDigits(text, 5)
  const d = twoDigits(text, 8)
  if (hi < 10 || lo < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(hi * 100 + lo, m)) {
    return undefined
  }
  if (n === 10) return `${text}T00:00:00${SHANGHAI_OFFSET}`
  const sep = text.charCodeAt(10)
  if (sep !== 84 && sep !== 32) return undefined // 'T' or ' '
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined // ':'
  const h = twoDigits(text, 11)
  const mi = twoDigits(text, 14)
  const sec = twoDigits(text, 17)
  if (h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return undefined
  if (n === 25) {
    return sep === 84 && text.endsWith(SHANGHAI_OFFSET) ? text : undefined
  }
  return `${text.slice(0, 10)}T${text.slice(11)}${SHANGHAI_OFFSET}`
}

/** Parses a date (or the date part of a date-time) into `YYYY-MM-DD`. */
export function parseDate(value: string): IsoDate | undefined {
  const ts = parseTimestamp(value)
  return ts === undefined ? undefined : ts.slice(0, 10)
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** Milliseconds since the epoch of a timestamp. */
export function epochMs(ts: Timestamp): number {
  return Date.parse(ts)
}

/** A Shanghai-local timestamp for an epoch instant. */
export function fromEpochMs(ms: number): Timestamp {
  const t = new Date(ms + OFFSET_MS)
  return (
    `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` +
    `T${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}${SHANGHAI_OFFSET}`
  )
}

/** The Shanghai calendar date of a timestamp. */
export function dateOf(ts: Timestamp): IsoDate {
  return fromEpochMs(epochMs(ts)).slice(0, 10)
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/**
 * Days since 1970-01-01 of a calendar date: the integer day used by columnar kernels. Pure
 * integer arithmetic (days-from-civil), since kernels call it for every fee line; NaN for a
 * date that does not exist.
 */
export function dayNumber(date: IsoDate): number {
  const hi = twoDigits(date, 0)
  const lo = twoDigits(date, 2)
  const mq = twoDigits(date, 5)
  const dq = twoDigits(date, 8)
  if (
    hi >= 0 &&
    lo >= 0 &&
    mq >= 0 &&
    dq >= 0 &&
    date.charCodeAt(4) === 45 &&
    date.charCodeAt(7) === 45
  ) {
    // Digits where digits belong (nearly always): no slicing and no Number().
    const y = hi * 100 + lo
    return mq >= 1 && mq <= 12 && dq >= 1 && dq <= daysInMonth(y, mq)
      ? daysFromCivil(y, mq, dq)
      : NaN
  }
  const y0 = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  const leap = y0 % 4 === 0 && (y0 % 100 !== 0 || y0 % 400 === 0)
  const dim = m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]
  if (
    date[4] !== '-' ||
    date[7] !== '-' ||
    !Number.isInteger(y0) ||
    dim === undefined ||
    !(d >= 1 && d <= dim)
  )
    return NaN
  return daysFromCivil(y0, m, d)
}

/** Days since 1970-01-01 of a valid year, month and day (days-from-civil). */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** Year, month, day of a day number (days since 1970-01-01), by integer arithmetic. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365
  )
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d]
}

/** The calendar date of a day number. */
export function dateFromDayNumber(day: number): IsoDate {
  if (!Number.isFinite(day)) return new Date(NaN).toISOString().slice(0, 10)
  const [y, m, d] = civilFromDays(day)
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`
}

/** `date` plus `days` calendar days. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return dateFromDayNumber(dayNumber(date) + days)
}

/**
 * `date` plus `months` calendar months, the day clamped to the month's end (01-31 + 1 month →
 * 02-28 or 02-29).
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7)) - 1 + months
  const year = y + Math.floor(m / 12)
  const month = (((m % 12) + 12) % 12) + 1
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month))
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`
}

/** Whole days from `a` to `b` (b − a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return dayNumber(b) - dayNumber(a)
}

/** Age in completed years at `on` for someone born on `birth`. */
export function ageInYears(birth: IsoDate, on: IsoDate): number {
  const by = Number(birth.slice(0, 4))
  const oy = Number(on.slice(0, 4))
  let age = oy - by
  if (on.slice(5) < birth.slice(5)) age -= 1
  return age
}

/** Age in days at `on` (newborn rules count days). */
export function ageInDays(birth: IsoDate, on: IsoDate): number {
  return daysBetween(birth, on)
}

/**
 * Length of stay, "算入不算出": discharge date − admission date, at least 1.
 */
export function lengthOfStay(admission: IsoDate, discharge: IsoDate): number {
  return Math.max(1, daysBetween(admission, discharge))
}

/** Formats a timestamp the national way: `yyyy-MM-dd HH:mm:ss` (Shanghai local). */
export function toNationalDateTime(ts: Timestamp): string {
  const local = fromEpochMs(epochMs(ts))
  return `${local.slice(0, 10)} ${local.slice(11, 19)}`
}

/** True when a ≤ date ≤ b, with open ends as `null`. */
export function withinPeriod(date: IsoDate, from: IsoDate | null, to: IsoDate | null): boolean {
  return (from === null || from <= date) && (to === null || date <= to)
}
