// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'

/** A record of an NHSA extract table: national column name → value (absent or null: empty). */
export type NhsaCsvRow = Readonly<Record<string, string | number | boolean | null | undefined>>

function field(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  const s = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/**
 * Formats records as an NHSA extract CSV: a header of national column names (`columns`, or
 * every key in order of first appearance), then one line per record, quoted where needed.
 *
 * @returns the CSV text, ending with a newline
 */
export function nhsaCsv(rows: readonly NhsaCsvRow[], columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))]
  const lines = [cols.map(field).join(',')]
  for (const r of rows) lines.push(cols.map((c) => field(r[c])).join(','))
  return lines.join('\n') + '\n'
}

/** Writes records to `file` as an NHSA extract CSV (see {@link nhsaCsv}). */
export async function writeNhsaCsv(
  file: string,
  rows: readonly NhsaCsvRow[],
  columns?: readonly string[]
): Promise<void> {
  await fs.promises.writeFile(file, nhsaCsv(rows, columns))
}
