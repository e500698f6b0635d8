// SPDX-License-Identifier: Apache-2.0

/** One data row of a source table, with its 1-based row number in the file (the header is row 1). */
export interface SourceRow {
  readonly line: number
  /** Cell values as trimmed text, one per header column (missing cells are ''). */
  readonly cells: readonly string[]
}

/** A table read from a CSV file or from one worksheet of an .xlsx file. */
export interface SourceTable {
  /** File name (no directory), as shown in messages. */
  readonly file: string
  /** Worksheet name for .xlsx files, else null. */
  readonly sheet: string | null
  /** sha256 (hex) of the whole file's bytes. */
  readonly sha256: string
  /** Header cells, trimmed. */
  readonly header: readonly string[]
  readonly rows: readonly SourceRow[]
}
