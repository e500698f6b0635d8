// SPDX-License-Identifier: Apache-2.0
import type { SkippedRow } from './build-report.js'
import type { DipGroup } from './pack.js'
import type { SourceTable } from './source-table.js'
import { TableReader } from './table-reader.js'

/** Columns of a DIP 病种分值目录 (`dip_catalog.csv`). */
export const DIP_COLUMNS = {
  code: 'DIP分组编码',
  category: '病种编码',
  name: '病种名称',
  mainOps: '主要手术编码',
  otherOps: '其他手术编码',
  kind: '病种类型',
  score: '分值',
  note: '备注',
} as const

function splitCodes(text: string): string[] {
  return text
    .split('/')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'nan')
}

/**
 * Reads a DIP catalogue: operation codes are split on `/`, 基层病种 comes from 备注.
 *
 * @param table - the DIP table
 * @param skipped - receives rows that are not data rows
 * @returns the DIP groups in file order
 * @throws OutcomeError naming file, row and column for a bad row
 */
export function readDipGroups(table: SourceTable, skipped: SkippedRow[]): DipGroup[] {
  const reader = new TableReader(table, DIP_COLUMNS)
  return reader.dataRows(skipped).map((row) => {
    const scoreText = reader.required(row, 'score')
    const score = Number(scoreText)
    if (!Number.isFinite(score) || score < 0)
      throw reader.error(row, 'score', `分值应为非负数，实为「${scoreText}」`)
    return {
      code: reader.required(row, 'code'),
      diagCategory: reader.required(row, 'category'),
      name: reader.required(row, 'name'),
      mainOps: splitCodes(reader.text(row, 'mainOps')),
      otherOps: splitCodes(reader.text(row, 'otherOps')),
      kind: reader.required(row, 'kind'),
      score,
      primaryCare: reader.text(row, 'note').includes('基层病种'),
    }
  })
}
