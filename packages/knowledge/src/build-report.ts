// SPDX-License-Identifier: Apache-2.0

/** A source row that was not turned into data, and why. */
export interface SkippedRow {
  readonly file: string
  readonly sheet: string | null
  /** 1-based row number in the file (header = 1). */
  readonly line: number
  /** Why, in Chinese (空行 / 重复的表头行 / 合计行 …). */
  readonly reason: string
}

/** What one source table (a CSV file or one worksheet) gave. */
export interface TableReport {
  readonly file: string
  readonly sheet: string | null
  /** Pack section fed, e.g. `liangku.batch7`. */
  readonly section: string
  /** `main` for the rule table, `codes` for a 两库 drug-code table. */
  readonly role: 'main' | 'codes'
  /** Data rows read (header excluded, skipped rows included). */
  readonly rows: number
  /** Rows skipped (see `BuildReport.skipped`). */
  readonly skipped: number
  /** Records produced: knowledge points for 两库 rule tables, codes for code tables, else rows. */
  readonly produced: number
}

/** What a pack build or an import read, produced and skipped. */
export interface BuildReport {
  readonly tables: readonly TableReport[]
  readonly skipped: readonly SkippedRow[]
  /** Warnings that did not stop the build (e.g. a drug with no codes), in Chinese. */
  readonly warnings: readonly string[]
}
