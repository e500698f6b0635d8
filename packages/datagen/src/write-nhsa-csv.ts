// SPDX-License-Identifier: Apache-2.0
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import type { Institution, NhsaColumn, NhsaTable, NhsaTableName, Person } from '@yibao/domain'
import {
  NHSA_TABLES,
  fenToYuan,
  hospLvOfLevel,
  priceE4ToYuan,
  toNationalDateTime,
} from '@yibao/domain'
import type { RegionBatch } from './demo-options.js'

type Cell = string | number | boolean | null | undefined
type Cells = Readonly<Record<string, Cell>>

/** Rows written per national table. */
export type NhsaExportSummary = Record<NhsaTableName, number>

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

/** Formats one value the national way for its column type. */
function format(col: NhsaColumn, value: Cell): string {
  if (value === null || value === undefined) return ''
  switch (col.type) {
    case 'money':
      return fenToYuan(value as number)
    case 'price':
      return priceE4ToYuan(value as number)
    case 'timestamp':
      return toNationalDateTime(value as string)
    case 'flag':
      return value === true ? '1' : '0'
    case 'date':
    case 'text':
    case 'decimal':
    case 'int':
      return String(value)
    default:
      col.type satisfies never
      return String(value)
  }
}

/** Values of the `mdtrt_d` columns that name the person and the institution. */
function extraValue(
  name: string,
  person: Person | undefined,
  inst: Institution | undefined
): string | undefined {
  switch (name) {
    case 'psn_name':
      return person?.name
    case 'certno':
      return person?.certno
    case 'gend':
      return person?.gender
    case 'brdy':
      return person?.birthDate
    case 'insu_admdvs':
      return person?.admdvs
    case 'fixmedins_name':
      return inst?.name
    case 'hosp_lv':
      return inst === undefined ? undefined : hospLvOfLevel(inst.level)
    default:
      return undefined
  }
}

const SOURCE: Record<NhsaTableName, keyof RegionBatch> = {
  mdtrt_d: 'encounters',
  setl_d: 'settlements',
  fee_list_d: 'feeLines',
  setl_list_diag_d: 'diagnoses',
  setl_list_oprn_d: 'operations',
}

/**
 * Writes generated batches as the national extract tables `setl_d.csv`, `mdtrt_d.csv`,
 * `fee_list_d.csv`, `setl_list_diag_d.csv` and `setl_list_oprn_d.csv` (UTF-8, header row with the
 * national column names of `NHSA_TABLES`; money in yuan with 2 decimals, prices with 4, times
 * `yyyy-MM-dd HH:mm:ss`), streaming batch by batch.
 *
 * @param batches - output of `generateRegion` (the reference batch must come first)
 * @param dir - target folder, created when missing
 * @returns rows written per table
 */
export function writeNhsaCsv(batches: Iterable<RegionBatch>, dir: string): NhsaExportSummary {
  mkdirSync(dir, { recursive: true })
  const files = new Map<NhsaTable, number>()
  const summary = {} as NhsaExportSummary
  for (const table of NHSA_TABLES) {
    const fd = openSync(join(dir, `${table.name}.csv`), 'w')
    writeSync(fd, table.columns.map((c) => c.name).join(',') + '\n')
    files.set(table, fd)
    summary[table.name] = 0
  }
  const institutions = new Map<string, Institution>()
  try {
    for (const batch of batches) {
      for (const i of batch.institutions ?? []) institutions.set(i.code, i)
      const persons = new Map(batch.persons.map((p) => [p.psnNo, p]))
      for (const [table, fd] of files) {
        const rows = batch[SOURCE[table.name]] as unknown as readonly Cells[]
        const out: string[] = []
        for (const row of rows) {
          const cells = table.columns.map((col) => {
            const value: Cell =
              col.field !== null
                ? row[col.field]
                : extraValue(
                    col.name,
                    persons.get(String(row.psnNo)),
                    institutions.get(String(row.institutionCode))
                  )
            return csvCell(format(col, value))
          })
          out.push(cells.join(','))
        }
        if (out.length > 0) writeSync(fd, out.join('\n') + '\n')
        summary[table.name] += out.length
      }
    }
  } finally {
    for (const fd of files.values()) closeSync(fd)
  }
  return summary
}
