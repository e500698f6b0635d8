// SPDX-License-Identifier: Apache-2.0
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { OutcomeError, badRequest } from '@yibao/domain'
import { readCsvTable } from './read-csv-table.js'
import { readXlsxTables } from './read-xlsx-tables.js'
import type { SourceTable } from './source-table.js'

/**
 * True for the file types an import reads (`.csv`, `.xlsx`), leaving out Excel lock files.
 *
 * @param path - file path or name
 * @returns whether the file can be imported
 */
export function isImportableFile(path: string): boolean {
  const name = basename(path)
  return /\.(csv|xlsx)$/i.test(name) && !name.startsWith('~$') && !name.startsWith('.')
}

/**
 * Reads a CSV file (one table) or an .xlsx workbook (one table per non-empty worksheet).
 *
 * @param path - the file path
 * @returns the tables
 * @throws OutcomeError when the file cannot be read or is neither .csv nor .xlsx
 */
export async function readSourceTables(path: string): Promise<SourceTable[]> {
  const name = basename(path)
  if (!/\.(csv|xlsx)$/i.test(name)) {
    throw new OutcomeError(badRequest('不支持的文件类型（应为 .csv 或 .xlsx）', name))
  }
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err) {
    throw new OutcomeError(badRequest(`无法读取文件 ${path}`, name), err)
  }
  return /\.csv$/i.test(name) ? [readCsvTable(name, bytes)] : readXlsxTables(name, bytes)
}
