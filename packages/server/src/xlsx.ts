// SPDX-License-Identifier: Apache-2.0
import type { FastifyReply } from 'fastify'
import ExcelJS from 'exceljs'
import { fenToYuan } from '@yibao/domain'

/** An amount in fen as a yuan cell (null stays empty). */
export const yuanCell = (fen: number | null): number | null =>
  fen === null ? null : Number(fenToYuan(fen))

/** A column of an exported sheet. */
export interface XlsxColumn {
  readonly header: string
  readonly key: string
  readonly width: number
}

/**
 * Answers with one xlsx sheet: an optional title line, a bold header row, then the rows.
 *
 * @param reply - the reply to send on
 * @param file - the download's file name (ASCII; the sheet name carries the Chinese)
 * @param sheetName - the worksheet's name
 * @param columns - the columns
 * @param rows - the rows, by column key
 * @param title - a line above the table (a report's summary sentence)
 */
export async function sendXlsx(
  reply: FastifyReply,
  file: string,
  sheetName: string,
  columns: readonly XlsxColumn[],
  rows: readonly Record<string, unknown>[],
  title?: string
): Promise<FastifyReply> {
  const book = new ExcelJS.Workbook()
  const sheet = book.addWorksheet(sheetName)
  if (title !== undefined) {
    sheet.addRow([title]).font = { bold: true }
    sheet.addRow([])
  }
  const header = sheet.addRow(columns.map((c) => c.header))
  header.font = { bold: true }
  columns.forEach((c, i) => (sheet.getColumn(i + 1).width = c.width))
  for (const r of rows) sheet.addRow(columns.map((c) => r[c.key] ?? null))
  const buffer = Buffer.from(await book.xlsx.writeBuffer())
  return reply
    .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    .header('content-disposition', `attachment; filename="${file}"`)
    .send(buffer)
}
