// SPDX-License-Identifier: Apache-2.0
import type { SkippedRow } from './build-report.js'
import type { ProcedureCode } from './pack.js'
import type { SourceTable } from './source-table.js'
import { TableReader } from './table-reader.js'

/** Columns of `procedure_icd9cm3_yb2.csv` (ICD-9-CM-3 医保版 2.0). */
export const PROCEDURE_COLUMNS = { code: 'code', name: 'name', valid: 'in_ss_valid' } as const

/**
 * Reads the ICD-9-CM-3 医保版 2.0 procedure table.
 *
 * @param table - the procedure table
 * @param skipped - receives rows that are not data rows
 * @returns the procedures in file order
 * @throws OutcomeError naming file, row and column for a bad row
 */
export function readProcedures(table: SourceTable, skipped: SkippedRow[]): ProcedureCode[] {
  const reader = new TableReader(table, PROCEDURE_COLUMNS)
  return reader.dataRows(skipped).map((row) => {
    const valid = reader.text(row, 'valid')
    if (valid !== '0' && valid !== '1')
      throw reader.error(row, 'valid', `应为 1 或 0，实为「${valid}」`)
    return {
      code: reader.required(row, 'code'),
      name: reader.required(row, 'name'),
      validOr: valid === '1',
    }
  })
}
