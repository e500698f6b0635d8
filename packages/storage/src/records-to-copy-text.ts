// SPDX-License-Identifier: Apache-2.0
import { copyTextValue } from './copy-text.js'
import { CopyTextWriter } from './copy-text-writer.js'
import type { RecordKind, RecordTable, RecordTypes } from './record-tables.js'

const TAB = 9
const NEWLINE = 10
const T = 116
const F = 102

const enum Kind {
  Text,
  Int,
  Quantity,
  Bool,
}

function kindCode(kind: RecordTable['columns'][number]['kind']): Kind {
  switch (kind) {
    case 'text':
    case 'date':
    case 'timestamp':
      return Kind.Text
    case 'int':
    case 'fen':
    case 'price':
      return Kind.Int
    case 'quantity':
      return Kind.Quantity
    case 'bool':
      return Kind.Bool
    default:
      kind satisfies never
      throw new Error(`unknown value kind ${String(kind)}`)
  }
}

/**
 * Encodes records as UTF-8 COPY text rows, in the column order of `table.columns`, written
 * straight into byte buffers (about 1 MB per chunk).
 *
 * @param table - how the records are stored
 * @param records - the records
 * @returns the COPY data, in chunks; throws a `RangeError` naming the record and field when a
 *   value does not fit its column (wrong type, or null where the field may not be null)
 */
export function recordsToCopyText<K extends RecordKind>(
  table: RecordTable<K>,
  records: readonly RecordTypes[K][]
): Uint8Array[] {
  const fields = table.columns.map((c) => c.field)
  const kinds = table.columns.map((c) => kindCode(c.kind))
  const nullable = table.columns.map((c) => c.nullable)
  const n = fields.length
  const w = new CopyTextWriter()
  for (let r = 0; r < records.length; r++) {
    const record = records[r] as unknown as Record<string, unknown>
    for (let i = 0; i < n; i++) {
      if (i > 0) w.byte(TAB)
      const v = record[fields[i]!]
      switch (kinds[i]!) {
        case Kind.Text:
          if (typeof v === 'string') {
            w.text(v)
            continue
          }
          break
        case Kind.Int:
          if (Number.isSafeInteger(v)) {
            w.int(v as number)
            continue
          }
          break
        case Kind.Quantity:
          if (typeof v === 'number' && Number.isFinite(v)) {
            w.quantity(v)
            continue
          }
          break
        case Kind.Bool:
          if (typeof v === 'boolean') {
            w.byte(v ? T : F)
            continue
          }
          break
      }
      if ((v === null || v === undefined) && nullable[i]!) w.ascii('\\N')
      else badValue(table, r, i, v)
    }
    w.byte(NEWLINE)
  }
  return w.finish()
}

function badValue(table: RecordTable, index: number, column: number, value: unknown): never {
  const c = table.columns[column]!
  let reason = '不能为空'
  try {
    copyTextValue(value, c.kind)
  } catch (err) {
    reason = (err as Error).message
  }
  throw new RangeError(
    `${table.label}第 ${index + 1} 条的 ${c.field}（${table.table}.${c.column}）：${reason}`
  )
}
