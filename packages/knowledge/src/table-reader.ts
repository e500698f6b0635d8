// SPDX-License-Identifier: Apache-2.0
import { OutcomeError, badRequest } from '@yibao/domain'
import type { SkippedRow } from './build-report.js'
import type { SourceRow, SourceTable } from './source-table.js'

/** A column wanted from a table: one header name, or alternatives (the first present wins). */
export type ColumnName = string | readonly string[]

/** How a file (and sheet) is named in messages: `a.csv` or `b.xlsx[Sheet2]`. */
export function tableLabel(table: Pick<SourceTable, 'file' | 'sheet'>): string {
  return table.sheet === null ? table.file : `${table.file}[${table.sheet}]`
}

/**
 * Reads named columns of a source table and reports problems with the file, row and column:
 * the path is `<file> 第 <row> 行 <column>`, so that the error message reads
 * `batch7_item_duplicate_charge_pairs.csv 第 12 行 主项编码: 编码为空`.
 */
export class TableReader<K extends string> {
  readonly table: SourceTable
  readonly label: string
  private readonly index: Record<K, number>
  private readonly names: Record<K, string>

  /**
   * Resolves the wanted columns in the table's header.
   *
   * @param table - the table
   * @param columns - wanted columns by key
   * @throws OutcomeError naming the file and the missing column
   */
  constructor(table: SourceTable, columns: Record<K, ColumnName>) {
    this.table = table
    this.label = tableLabel(table)
    const index = {} as Record<K, number>
    const names = {} as Record<K, string>
    for (const key of Object.keys(columns) as K[]) {
      const wanted: ColumnName = columns[key]
      const alternatives = typeof wanted === 'string' ? [wanted] : wanted
      const found = alternatives.find((name) => table.header.includes(name))
      if (found === undefined) {
        const shown = alternatives.join(' 或 ')
        throw new OutcomeError(badRequest(`缺少列「${shown}」`, `${this.label} 第 1 行（表头）`))
      }
      index[key] = table.header.indexOf(found)
      names[key] = found
    }
    this.index = index
    this.names = names
  }

  /**
   * The trimmed text of a cell ('' when empty).
   *
   * @param row - the row
   * @param key - the column key
   * @returns the cell text
   */
  text(row: SourceRow, key: K): string {
    return row.cells[this.index[key]] ?? ''
  }

  /**
   * The text of a cell that must not be empty.
   *
   * @param row - the row
   * @param key - the column key
   * @returns the cell text
   * @throws OutcomeError when the cell is empty
   */
  required(row: SourceRow, key: K): string {
    const value = this.text(row, key)
    if (value === '') throw this.error(row, key, '不能为空')
    return value
  }

  /**
   * The cell text, or null when empty.
   *
   * @param row - the row
   * @param key - the column key
   * @returns the text or null
   */
  optional(row: SourceRow, key: K): string | null {
    const value = this.text(row, key)
    return value === '' ? null : value
  }

  /**
   * An `OutcomeError` whose path names the file, row and column, for the caller to throw; its
   * message reads e.g. `batch7_item_duplicate_charge_pairs.csv 第 12 行 主项编码: 编码为空`.
   *
   * @param row - the row
   * @param key - the column key
   * @param message - what is wrong, in Chinese
   * @returns the error
   */
  error(row: SourceRow, key: K, message: string): OutcomeError {
    const column = this.names[key]
    return new OutcomeError(badRequest(message, `${this.label} 第 ${row.line} 行 ${column}`))
  }

  /**
   * Why a row is not a data row, or null for a data row: blank rows, repeated header rows and
   * table footers (合计 / 备注：…) are skipped.
   *
   * @param row - the row
   * @returns the reason in Chinese, or null
   */
  skipReason(row: SourceRow): string | null {
    if (row.cells.every((c) => c === '')) return '空行'
    const header = this.table.header
    if (row.cells.every((c, i) => c === (header[i] ?? ''))) return '重复的表头行'
    const first = row.cells.find((c) => c !== '') ?? ''
    if (first === '合计' || first === '总计' || first === '小计') return '合计行（无数据）'
    if (/^(备注|注|说明)[:：]/.test(first)) return `表尾说明行: ${first.slice(0, 40)}`
    return null
  }

  /**
   * The data rows of the table; blank, repeated-header and footer rows are left out and added
   * to `skipped` with the reason.
   *
   * @param skipped - receives the rows left out
   * @returns the data rows in file order
   */
  dataRows(skipped: SkippedRow[]): SourceRow[] {
    const rows: SourceRow[] = []
    for (const row of this.table.rows) {
      const reason = this.skipReason(row)
      if (reason === null) rows.push(row)
      else skipped.push({ file: this.table.file, sheet: this.table.sheet, line: row.line, reason })
    }
    return rows
  }
}
