// SPDX-License-Identifier: Apache-2.0
import type { SkippedRow } from './build-report.js'
import type { DrgGroup } from './pack.js'
import type { SourceTable } from './source-table.js'
import { TableReader } from './table-reader.js'

/** Columns of `drg_list.csv` (CHS-DRG 1.1 groups). */
export const DRG_COLUMNS = {
  code: 'drg_code',
  name: 'drg_name',
  adrg: 'adrg_code',
  mdc: 'mdc',
} as const

/**
 * Reads the CHS-DRG group list.
 *
 * @param table - the DRG table
 * @param skipped - receives rows that are not data rows
 * @returns the DRG groups in file order
 * @throws OutcomeError naming file, row and column for a bad row
 */
export function readDrgGroups(table: SourceTable, skipped: SkippedRow[]): DrgGroup[] {
  const reader = new TableReader(table, DRG_COLUMNS)
  return reader.dataRows(skipped).map((row) => ({
    code: reader.required(row, 'code'),
    name: reader.required(row, 'name'),
    adrg: reader.required(row, 'adrg'),
    mdc: reader.required(row, 'mdc'),
  }))
}
