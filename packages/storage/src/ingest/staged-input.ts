// SPDX-License-Identifier: Apache-2.0
import type { IngestIssue } from './import-report.js'

/** Where a staged row came from, for messages. */
export interface RowLocator {
  /** File name or message path of the table (`fee_list_d.csv`, `fee_list_d`). */
  readonly source: string
  /** Machine path of a field: `fee_list_d.csv:17:cnt`, `fee_list_d[16].cnt`. */
  path(row: number | null, field: string): string
  /** Human location of a field, the start of a message: `fee_list_d.csv 第 17 行… cnt`. */
  where(row: number | null, field: string): string
  /** Human reference to another row (`第 3 行`, `fee_list_d[2]`). */
  rowRef(row: number): string
}

/**
 * One staged national table: TEMP table `raw_<name>` with one VARCHAR per national column, rows
 * in input order (`rowid + 1` is the row number).
 */
export interface StagedTable {
  readonly name: string
  readonly rows: number
  readonly locate: RowLocator
}

/**
 * Input staged in DuckDB by a reader (files or an API message), ready for the one validation
 * and load pipeline.
 */
export interface StagedInput {
  /** `import_batch.kind`. */
  readonly kind: 'nhsa-files' | 'nhsa-api'
  /** `import_batch.source`: the directory or `api`. */
  readonly source: string
  readonly tables: ReadonlyMap<string, StagedTable>
  /** Issues found while reading (unreadable file, missing required column). */
  readonly issues: readonly IngestIssue[]
}

/**
 * Locator for a file: rows are 1-based data rows, the header not counted (a file's line
 * number is one more when no value spans lines).
 */
export function fileLocator(file: string): RowLocator {
  return {
    source: file,
    path: (row, field) => (row === null ? `${file}:${field}` : `${file}:${row}:${field}`),
    where: (row, field) =>
      row === null ? `${file} ${field}` : `${file} 第 ${row} 行（数据行，表头不计）${field}`,
    rowRef: (row) => `第 ${row} 行`,
  }
}
