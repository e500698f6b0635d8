// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import { OutcomeError, badRequest } from '@yibao/domain'
import { parseCsv } from './parse-csv.js'
import type { SourceTable } from './source-table.js'

/**
 * Reads a UTF-8 CSV file (with or without BOM) into a table: the first record is the header,
 * every cell is trimmed, and short rows are padded with ''.
 *
 * @param file - file name shown in messages
 * @param bytes - the file's bytes
 * @returns the table
 * @throws OutcomeError when the file is not valid UTF-8 or has no header row
 */
export function readCsvTable(file: string, bytes: Uint8Array): SourceTable {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch (err) {
    throw new OutcomeError(badRequest('不是 UTF-8 编码的 CSV 文件', file), err)
  }
  const records = parseCsv(text)
  const headerRecord = records[0]
  if (headerRecord === undefined) {
    throw new OutcomeError(badRequest('文件为空，缺少表头行', file))
  }
  const header = headerRecord.map((c) => c.trim())
  const rows = records.slice(1).map((record, index) => ({
    line: index + 2,
    cells: header.map((_, col) => (record[col] ?? '').trim()),
  }))
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  return { file, sheet: null, sha256, header, rows }
}
