// SPDX-License-Identifier: Apache-2.0
import type { SkippedRow } from './build-report.js'
import type { DiagnosisCode } from './pack.js'
import type { SourceRow, SourceTable } from './source-table.js'
import { TableReader } from './table-reader.js'

/** Columns of `diagnosis_icd10_yb2.csv` (ICD-10 医保版 2.0 with CC/MCC/CCE tables). */
export const DIAGNOSIS_COLUMNS = {
  code: 'code',
  name: 'name',
  cc: 'cc_table',
  mcc: 'mcc_table',
  cce: 'cce_table',
} as const

function tableId(
  reader: TableReader<keyof typeof DIAGNOSIS_COLUMNS>,
  row: SourceRow,
  key: 'cc' | 'mcc' | 'cce'
): number | null {
  const text = reader.text(row, key)
  if (text === '') return null
  if (!/^\d+$/.test(text)) throw reader.error(row, key, `排除表编号应为整数，实为「${text}」`)
  return Number(text)
}

/**
 * Reads the ICD-10 医保版 2.0 diagnosis table.
 *
 * @param table - the diagnosis table
 * @param skipped - receives rows that are not data rows
 * @returns the diagnoses in file order
 * @throws OutcomeError naming file, row and column for a bad row
 */
export function readDiagnoses(table: SourceTable, skipped: SkippedRow[]): DiagnosisCode[] {
  const reader = new TableReader(table, DIAGNOSIS_COLUMNS)
  return reader.dataRows(skipped).map((row) => ({
    code: reader.required(row, 'code'),
    name: reader.required(row, 'name'),
    cc: tableId(reader, row, 'cc'),
    mcc: tableId(reader, row, 'mcc'),
    cce: tableId(reader, row, 'cce'),
  }))
}
