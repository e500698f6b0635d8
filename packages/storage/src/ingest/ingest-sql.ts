// SPDX-License-Identifier: Apache-2.0
// SQL fragments generated from the column types of the NHSA mapping: parsing in DuckDB, the
// canonical text both sides of a comparison agree on, and PostgreSQL COPY text escaping.
import type { NhsaColumn, NhsaColumnType } from '@yibao/domain'

function unknownType(type: never): never {
  throw new Error(`unknown NHSA column type ${String(type)}`)
}

/** A SQL string literal. */
export function lit(value: string): string {
  return `'${value.replace(/'/g, "''")}'`
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}

/** The trimmed source text of a national column in a typed staging table (NULL when empty). */
export function src(c: NhsaColumn): string {
  return ident(`s_${c.name}`)
}

/**
 * The parsed value of a national column in a typed staging table (NULL when empty or bad); for
 * text that is the source text itself.
 */
export function val(c: NhsaColumn): string {
  return c.type === 'text' ? src(c) : ident(`v_${c.name}`)
}

const decimalRe = (decimals: number): string =>
  String.raw`[+-]?(\d+(\.\d{0,${decimals}}0*)?|\.\d{1,${decimals}}0*)`

const localRe = String.raw`\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?`
const offsetRe = String.raw`\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)`

// Timestamps are kept as Asia/Shanghai local time in a plain TIMESTAMP (China has one offset,
// +08:00, since 1991), so parsing and formatting need no time-zone library; a value written
// with another offset is moved to +08:00.
function timestampOf(s: string): string {
  const off = String.raw`regexp_extract(${s}, '(Z|[+-]\d{2}(:?\d{2})?)$', 1)`
  const digits = `replace(substr(${off}, 2), ':', '')`
  const minutes = `CASE WHEN ${off} = 'Z' THEN 0 ELSE
      (CASE WHEN starts_with(${off}, '-') THEN -1 ELSE 1 END) *
      (CAST(substr(${digits}, 1, 2) AS INTEGER) * 60 + coalesce(TRY_CAST(substr(${digits}, 3, 2) AS INTEGER), 0))
    END`
  return `CASE
    WHEN regexp_full_match(${s}, '${localRe}') THEN TRY_CAST(${s} AS TIMESTAMP)
    WHEN regexp_full_match(${s}, '${offsetRe}') THEN
      TRY_CAST(regexp_extract(${s}, '^(.*\\d)(Z|[+-]\\d{2}(:?\\d{2})?)$', 1) AS TIMESTAMP)
        + to_minutes(480 - (${minutes}))
    WHEN regexp_full_match(${s}, '\\d{8}') THEN try_strptime(${s}, '%Y%m%d')
    WHEN regexp_full_match(${s}, '\\d{12}') THEN try_strptime(${s}, '%Y%m%d%H%M')
    WHEN regexp_full_match(${s}, '\\d{14}') THEN try_strptime(${s}, '%Y%m%d%H%M%S')
  END`
}

/** The calendar date of a (Shanghai local) TIMESTAMP expression. */
export function shanghaiDate(ts: string): string {
  return `CAST(${ts} AS DATE)`
}

/**
 * DuckDB expression parsing the text `s` as a national value of `type`; NULL when `s` is NULL
 * or does not parse. Money keeps at most 2 decimals and prices and quantities at most 4
 * (trailing zeros allowed); timestamps become Asia/Shanghai local time (no offset: already so).
 */
export function parseSql(type: NhsaColumnType, s: string): string {
  switch (type) {
    case 'text':
      return s
    case 'money':
      return `CASE WHEN regexp_full_match(${s}, '${decimalRe(2)}') THEN TRY_CAST(${s} AS DECIMAL(18, 2)) END`
    case 'price':
      return `CASE WHEN regexp_full_match(${s}, '${decimalRe(4)}') THEN TRY_CAST(${s} AS DECIMAL(18, 4)) END`
    case 'decimal':
      return `CASE WHEN regexp_full_match(${s}, '${decimalRe(4)}') THEN TRY_CAST(${s} AS DECIMAL(14, 4)) END`
    case 'int':
      return `CASE WHEN regexp_full_match(${s}, '[+-]?\\d+') THEN TRY_CAST(${s} AS INTEGER) END`
    case 'date':
      return shanghaiDate(timestampOf(s))
    case 'timestamp':
      return timestampOf(s)
    case 'flag':
      return `CASE WHEN upper(${s}) IN ('1', 'Y', 'TRUE') THEN true
        WHEN upper(${s}) IN ('0', 'N', 'FALSE') THEN false END`
    default:
      return unknownType(type)
  }
}

/** What a value of `type` should look like, for rejection messages. */
export function expectedFormat(type: NhsaColumnType): string {
  switch (type) {
    case 'text':
      return '文本'
    case 'money':
      return '金额（元，最多 2 位小数）'
    case 'price':
      return '单价（元，最多 4 位小数）'
    case 'decimal':
      return '数值（最多 4 位小数，整数部分最多 10 位）'
    case 'int':
      return '整数'
    case 'date':
      return '日期（yyyy-MM-dd）'
    case 'timestamp':
      return '时间（yyyy-MM-dd HH:mm:ss，或带时区的 ISO 8601）'
    case 'flag':
      return '标志（1/0、Y/N、true/false）'
    default:
      return unknownType(type)
  }
}

/** The DuckDB type a parsed value of `type` has. */
export function duckType(type: NhsaColumnType): string {
  switch (type) {
    case 'text':
      return 'VARCHAR'
    case 'money':
      return 'DECIMAL(18, 2)'
    case 'price':
      return 'DECIMAL(18, 4)'
    case 'decimal':
      return 'DECIMAL(14, 4)'
    case 'int':
      return 'INTEGER'
    case 'date':
      return 'DATE'
    case 'timestamp':
      return 'TIMESTAMP'
    case 'flag':
      return 'BOOLEAN'
    default:
      return unknownType(type)
  }
}

/**
 * DuckDB expression giving the canonical text of a parsed value as stored: fen for money,
 * 1/10000 yuan for prices, `YYYY-MM-DD HH:MM:SS.ffffff` Shanghai local time for timestamps,
 * `t`/`f` for flags. {@link canonicalPg} gives the same text for the stored column.
 */
export function canonicalDuck(type: NhsaColumnType, v: string): string {
  switch (type) {
    case 'text':
      return v
    case 'money':
      return `CAST(CAST(${v} * 100 AS BIGINT) AS VARCHAR)`
    case 'price':
      return `CAST(CAST(${v} * 10000 AS BIGINT) AS VARCHAR)`
    case 'decimal':
    case 'int':
      return `CAST(${v} AS VARCHAR)`
    case 'date':
      return `strftime(${v}, '%Y-%m-%d')`
    case 'timestamp':
      return `strftime(${v}, '%Y-%m-%d %H:%M:%S.%f')`
    case 'flag':
      return `CASE WHEN ${v} THEN 't' WHEN NOT ${v} THEN 'f' END`
    default:
      return unknownType(type)
  }
}

/** PostgreSQL expression giving the canonical text of a stored column (see {@link canonicalDuck}). */
export function canonicalPg(type: NhsaColumnType, column: string): string {
  switch (type) {
    case 'text':
      return column
    case 'money':
    case 'price':
    case 'decimal':
    case 'int':
      return `${column}::text`
    case 'date':
      return `to_char(${column}, 'YYYY-MM-DD')`
    case 'timestamp':
      return `to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS.US')`
    case 'flag':
      return `CASE WHEN ${column} THEN 't' WHEN NOT ${column} THEN 'f' END`
    default:
      return unknownType(type)
  }
}

/**
 * DuckDB expression giving the PostgreSQL COPY text-format field of a parsed value (NULL stays
 * NULL and is written as `\N`): the canonical text, with the offset on timestamps and
 * backslash, tab, newline and carriage return escaped in text.
 */
export function copyTextDuck(type: NhsaColumnType, v: string): string {
  if (type === 'timestamp') return `(${canonicalDuck(type, v)} || '+08')`
  if (type !== 'text') return canonicalDuck(type, v)
  // Escaping only the rare values that need it keeps the export at the speed of a plain copy.
  const escaped = String.raw`replace(replace(replace(replace(${v}, '\', '\\'), chr(10), '\n'), chr(13), '\r'), chr(9), '\t')`
  return `CASE WHEN contains(${v}, '\\') OR contains(${v}, chr(9)) OR contains(${v}, chr(10))
    OR contains(${v}, chr(13)) THEN ${escaped} ELSE ${v} END`
}

/** DuckDB `COPY … TO` options writing PostgreSQL COPY text format (tab-separated, `\N`). */
export const PG_TEXT_WRITE = String.raw`(FORMAT csv, DELIMITER '\t', QUOTE '', ESCAPE '', HEADER false, NULLSTR '\N')`

/**
 * DuckDB `read_csv` call reading a PostgreSQL COPY text-format file into VARCHAR columns; apply
 * `yb_unescape` to each column to undo the text-format escapes.
 */
export function readPgText(file: string, columns: readonly string[]): string {
  const cols = columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')
  return String.raw`read_csv(${lit(file)}, delim = '\t', quote = '', escape = '', header = false,
    auto_detect = false, nullstr = '\N', columns = {${cols}})`
}

/** DuckDB expression turning canonical text back into what a person reads (yuan, no µs). */
export function displayCanonical(type: NhsaColumnType, text: string): string {
  const shown =
    type === 'money'
      ? `CAST(CAST(CAST(${text} AS DECIMAL(20, 0)) / 100 AS DECIMAL(20, 2)) AS VARCHAR)`
      : type === 'price'
        ? `CAST(CAST(CAST(${text} AS DECIMAL(22, 0)) / 10000 AS DECIMAL(22, 4)) AS VARCHAR)`
        : type === 'timestamp'
          ? `regexp_replace(${text}, '\\.0+$', '')`
          : text
  return `coalesce('“' || ${shown} || '”', '（空）')`
}
