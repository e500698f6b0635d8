// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import { OutcomeError, badRequest } from '@yibao/domain'
import ExcelJS from 'exceljs'
import type { SourceRow, SourceTable } from './source-table.js'

/** Text of one cell value as exceljs returns it (rich text, formulas, links and dates included). */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value)
    return value.richText
      .map((r) => r.text)
      .join('')
      .trim()
  if ('hyperlink' in value) return value.text.trim()
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result
    if (result === undefined) return ''
    return typeof result === 'object' && !(result instanceof Date) ? result.error : cellText(result)
  }
  if ('error' in value) return value.error
  return ''
}

/**
 * Reads every non-empty worksheet of an .xlsx file into a table. The first non-empty row of a
 * sheet is its header; every cell is read as trimmed text; row numbers are the sheet's own.
 *
 * @param file - file name shown in messages
 * @param bytes - the file's bytes
 * @returns one table per non-empty worksheet, in workbook order
 * @throws OutcomeError when the file is not a readable .xlsx workbook
 */
export async function readXlsxTables(file: string, bytes: Uint8Array): Promise<SourceTable[]> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never)
  } catch (err) {
    throw new OutcomeError(badRequest('无法读取 Excel (.xlsx) 文件', file), err)
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  const tables: SourceTable[] = []
  for (const sheet of workbook.worksheets) {
    const lines: { line: number; cells: string[] }[] = []
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r)
      const cells: string[] = []
      for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value))
      lines.push({ line: r, cells })
    }
    const headerIndex = lines.findIndex((l) => l.cells.some((c) => c !== ''))
    const headerLine = lines[headerIndex]
    if (headerLine === undefined) continue
    const header = [...headerLine.cells]
    while (header.length > 0 && header[header.length - 1] === '') header.pop()
    const rows: SourceRow[] = lines.slice(headerIndex + 1).map((l) => ({
      line: l.line,
      cells: header.map((_, col) => l.cells[col] ?? ''),
    }))
    tables.push({ file, sheet: sheet.name, sha256, header, rows })
  }
  return tables
}
