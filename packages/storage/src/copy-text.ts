// SPDX-License-Identifier: Apache-2.0
// Encoding of values into PostgreSQL's COPY text format: columns separated by a tab, rows ended
// by a newline, `\N` for null, and backslash, tab, newline and carriage return escaped.

/** The kinds of value a record column holds, and how each is written and read. */
export type ValueKind =
  /** Free text or a code (`text`). */
  | 'text'
  /** A whole number (`smallint`, `integer`). */
  | 'int'
  /** Integer fen (`bigint`). */
  | 'fen'
  /** Integer `PriceE4` (`bigint`). */
  | 'price'
  /** A decimal with up to 4 places (`numeric(14, 4)`), written exactly. */
  | 'quantity'
  /** `boolean`, written `t` / `f`. */
  | 'bool'
  /** `YYYY-MM-DD` (`date`). */
  | 'date'
  /** ISO 8601 with offset (`timestamptz`). */
  | 'timestamp'

/** The null marker of the text format. */
export const COPY_NULL = '\\N'

const SPECIAL = /[\\\t\n\r]/
const SPECIAL_ALL = /[\\\t\n\r]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' }

/**
 * Escapes a string for the COPY text format. Strings without special characters (nearly all)
 * are returned as they are.
 *
 * @param value - the raw text
 * @returns the escaped text
 * @example
 * escapeCopyText('a\tb\\c') // 'a\\tb\\\\c'
 */
export function escapeCopyText(value: string): string {
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c]!) : value
}

/**
 * Writes a quantity with at most 4 decimals exactly: the binary error of arithmetic such as
 * `0.1 + 0.2` is rounded away (half away from zero, as `numeric` does), so the stored value is
 * the decimal the number stands for.
 *
 * @param value - a finite number
 * @returns decimal text without exponent, e.g. `0.3`, `2`, `-1.25`
 */
export function formatQuantity(value: number): string {
  if (Number.isInteger(value)) return String(value)
  const scaled = Math.round(Math.abs(value) * 10_000)
  const sign = value < 0 && scaled !== 0 ? '-' : ''
  const whole = Math.floor(scaled / 10_000)
  const frac = scaled % 10_000
  if (frac === 0) return `${sign}${whole}`
  return `${sign}${whole}.${String(frac).padStart(4, '0').replace(/0+$/, '')}`
}

/**
 * Encodes one value of the given kind as a COPY text field. `null` and `undefined` give `\N`.
 *
 * @param value - the field value
 * @param kind - what the column holds
 * @returns the field text (without separators); throws a `RangeError` when the value does not
 *   fit the kind
 */
export function copyTextValue(value: unknown, kind: ValueKind): string {
  if (value === null || value === undefined) return COPY_NULL
  switch (kind) {
    case 'text':
    case 'date':
    case 'timestamp':
      if (typeof value === 'string') return escapeCopyText(value)
      break
    case 'int':
    case 'fen':
    case 'price':
      if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
      break
    case 'quantity':
      if (typeof value === 'number' && Number.isFinite(value)) return formatQuantity(value)
      break
    case 'bool':
      if (typeof value === 'boolean') return value ? 't' : 'f'
      break
    default:
      kind satisfies never
  }
  throw new RangeError(`值 ${JSON.stringify(value)} 不是${KIND_LABELS[kind]}`)
}

const KIND_LABELS: Record<ValueKind, string> = {
  text: '文本',
  int: '整数',
  fen: '以分计的整数金额',
  price: '以万分之一元计的整数单价',
  quantity: '有限数',
  bool: '布尔值',
  date: '日期文本',
  timestamp: '时间文本',
}
