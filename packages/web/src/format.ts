// SPDX-License-Identifier: Apache-2.0
// Money, percentages and dates for display. Every amount in the API is integer fen; the console
// shows yuan and reads yuan, converting with decimal string arithmetic only.

const EMPTY = '—'

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** Formats integer fen as yuan: 123456 → `¥1,234.56`, -5 → `-¥0.05`, null → `—`. */
export function formatFen(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isFinite(fen)) return EMPTY
  const whole = Math.round(fen)
  const sign = whole < 0 ? '-' : ''
  const abs = Math.abs(whole)
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  return `${sign}¥${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`
}

/** Formats integer fen as a plain yuan number for an input: 123456 → `1234.56`. */
export function fenToYuanText(fen: number): string {
  const whole = Math.round(fen)
  const sign = whole < 0 ? '-' : ''
  const abs = Math.abs(whole)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

const YUAN_RE = /^(\d+)(?:\.(\d{0,2}))?$/

/**
 * Parses a non-negative yuan amount typed by a person (`1,234.5`, `0.05`) into integer fen,
 * exactly; null when it is not a number with at most two decimals.
 */
export function yuanToFen(text: string | number | null | undefined): number | null {
  if (text === null || text === undefined) return null
  const clean = String(text).trim().replace(/,/g, '').replace(/^¥/, '')
  const match = YUAN_RE.exec(clean)
  if (!match) return null
  const whole = match[1] ?? '0'
  const cents = (match[2] ?? '').padEnd(2, '0')
  const fen = Number(whole) * 100 + Number(cents)
  return Number.isSafeInteger(fen) ? fen : null
}

/** Formats a 0–1 share as a percentage with `digits` decimals: 0.1234 → `12.34%`. */
export function formatPercent(share: number | null | undefined, digits = 2): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return EMPTY
  return `${(share * 100).toFixed(digits)}%`
}

/** Formats a count with thousands separators. */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY
  return groupThousands(String(Math.trunc(n)))
}

function pad2(n: number): string {
  return String(n).padStart(2, '0')
}

/** The dayjs format of a date as the API takes it. */
export const ISO_DATE = 'YYYY-MM-DD'

/** Today's local date as `YYYY-MM-DD`. */
export function todayIso(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`
}

/** Whole calendar days from today to a `YYYY-MM-DD` deadline (0 on the day, negative after). */
export function daysUntil(deadline: string, now: Date = new Date()): number {
  const [y, m, d] = deadline.split('-').map(Number)
  const end = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1)
  const start = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate())
  return Math.round((end - start) / 86_400_000)
}

/** Formats an ISO timestamp in local time as `YYYY-MM-DD HH:mm:ss`; dates pass through. */
export function formatDateTime(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return EMPTY
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  return (
    `${todayIso(date)} ${pad2(date.getHours())}:${pad2(date.getMinutes())}:` +
    pad2(date.getSeconds())
  )
}

/** Shows a value or the empty mark. */
export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? EMPTY : String(value)
}

/** Formats a byte count as B / KB / MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

/** A short axis label for an amount in fen: `12.3万` in Chinese, `123.4K` / `1.2M` in English. */
export function compactFen(fen: number, lang: 'zh-CN' | 'en-US'): string {
  const yuan = fen / 100
  const abs = Math.abs(yuan)
  if (lang === 'zh-CN') {
    if (abs >= 1e8) return `${(yuan / 1e8).toFixed(1)}亿`
    if (abs >= 1e4) return `${(yuan / 1e4).toFixed(1)}万`
    return String(Math.round(yuan))
  }
  if (abs >= 1e6) return `${(yuan / 1e6).toFixed(1)}M`
  if (abs >= 1e3) return `${(yuan / 1e3).toFixed(1)}K`
  return String(Math.round(yuan))
}

/** Formats a decimal with thousands separators and at most `digits` decimals: 27556.28 → `27,556.28`. */
export function formatDecimal(n: number | null | undefined, digits = 4): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return EMPTY
  const [whole = '0', fraction] = Math.abs(n).toFixed(digits).split('.')
  const trimmed = (fraction ?? '').replace(/0+$/, '')
  const sign = n < 0 && Number(`${whole}.${fraction ?? ''}`) !== 0 ? '-' : ''
  return `${sign}${groupThousands(whole)}${trimmed === '' ? '' : `.${trimmed}`}`
}

/** Formats basis points as a percentage: 9000 → `90%`, 125 → `1.25%`. */
export function formatBp(bp: number | null | undefined): string {
  if (bp === null || bp === undefined || !Number.isFinite(bp)) return EMPTY
  return `${formatDecimal(bp / 100, 2)}%`
}

/** A typed text without its surrounding blanks, or undefined when nothing is left. */
export function optionalText(value: string | undefined): string | undefined {
  return value?.trim() || undefined
}

/** Ids typed into one field, split at commas, spaces and 、. */
export function splitIds(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,，、]+/)
    .map((id) => id.trim())
    .filter((id) => id !== '')
}
