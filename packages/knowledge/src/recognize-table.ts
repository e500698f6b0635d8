// SPDX-License-Identifier: Apache-2.0
import { DIAGNOSIS_COLUMNS } from './read-diagnoses.js'
import { DIP_COLUMNS } from './read-dip-groups.js'
import { DRG_COLUMNS } from './read-drg-groups.js'
import { DRUG_CATALOG_COLUMNS } from './read-drug-catalog.js'
import { PROCEDURE_COLUMNS } from './read-procedures.js'
import { DRUG_CODE_COLUMNS, LIANGKU_SECTIONS } from './liangku-sections.js'
import type { LiangkuSection } from './liangku-sections.js'
import type { PackSectionId, ReferenceSectionId } from './pack-sections.js'
import type { SourceTable } from './source-table.js'
import { TableReader } from './table-reader.js'
import type { ColumnName } from './table-reader.js'
import { smallNumber } from './parse-course-text.js'

/** A table together with the pack section it feeds. */
export interface RecognizedTable {
  readonly table: SourceTable
  readonly section: PackSectionId
  /** `codes` for the drug-code table of a 两库 drug section, else `main`. */
  readonly role: 'main' | 'codes'
}

/** The outcome of recognizing a table: its section, or why none fits (in Chinese, without the file name). */
export type TableRecognition =
  | { readonly ok: true; readonly recognized: RecognizedTable }
  | { readonly ok: false; readonly reason: string }

const REFERENCE_COLUMNS: Record<ReferenceSectionId, Record<string, ColumnName>> = {
  drugCatalog: DRUG_CATALOG_COLUMNS,
  icd10: DIAGNOSIS_COLUMNS,
  icd9cm3: PROCEDURE_COLUMNS,
  drg: DRG_COLUMNS,
  dip: DIP_COLUMNS,
}

function hasColumns(header: readonly string[], columns: Record<string, ColumnName>): boolean {
  return Object.values(columns).every((c) =>
    typeof c === 'string' ? header.includes(c) : c.some((alt) => header.includes(alt))
  )
}

/**
 * The 两库 batch (and 第八批 part) named in a file name: `【第七批 】…xlsx`, `【第八批-2】…`,
 * `batch7_….csv`, `batch8_2_….csv`.
 *
 * @param name - the file name
 * @returns batch and part (null when none), or null when the name carries no batch
 */
export function batchOfFileName(name: string): { batch: number; part: number | null } | null {
  const cn = /第\s*([一二三四五六七八九十\d]+)\s*批(?:\s*[-－—_]\s*(\d+))?/.exec(name)
  if (cn !== null) {
    const batch = smallNumber(cn[1]!)
    if (batch !== null) return { batch, part: cn[2] === undefined ? null : Number(cn[2]) }
  }
  const en = /batch\s*(\d+)(?:_(\d+)(?=_))?/i.exec(name)
  if (en !== null) return { batch: Number(en[1]), part: en[2] === undefined ? null : Number(en[2]) }
  return null
}

function firstLimitType(table: SourceTable): string | null {
  const index = table.header.indexOf('限定类型')
  if (index < 0) return null
  const reader = new TableReader(table, {})
  const row = table.rows.find((r) => reader.skipReason(r) === null)
  return row === undefined ? null : (row.cells[index] ?? null)
}

function firstCell(table: SourceTable, column: string): string {
  const index = table.header.indexOf(column)
  const reader = new TableReader(table, {})
  const row = table.rows.find((r) => reader.skipReason(r) === null)
  return index < 0 || row === undefined ? '' : (row.cells[index] ?? '')
}

function narrow(table: SourceTable, candidates: LiangkuSection[]): LiangkuSection[] {
  let left = candidates
  if (left.length > 1) {
    const limitType = firstLimitType(table)
    left = left.filter((s) => s.limitType === null || s.limitType === limitType)
  }
  const named = batchOfFileName(`${table.file} ${table.sheet ?? ''}`)
  if (left.length > 1 && named !== null) {
    const byBatch = left.filter(
      (s) => s.batch === named.batch && (named.part === null || s.part === named.part)
    )
    if (byBatch.length > 0) left = byBatch
  }
  if (left.length > 1) {
    const name = `${table.file} ${table.sheet ?? ''}`
    const byName = left.filter((s) => s.nameHint !== null && s.nameHint.test(name))
    if (byName.length === 1) left = byName
  }
  if (left.length > 1) {
    const byContent = left.filter(
      (s) => s.contentHint !== null && s.contentHint.test(firstCell(table, '备注'))
    )
    if (byContent.length === 1) left = byContent
  }
  return left
}

/**
 * Finds the pack section a table feeds, from its header row, its 限定类型 values and the
 * 第N批 / `batchN` in its file or sheet name.
 *
 * @param table - a table read from a CSV file or a worksheet
 * @returns the recognized section and role, or the reason none fits
 */
export function recognizeTable(table: SourceTable): TableRecognition {
  const refs = (Object.keys(REFERENCE_COLUMNS) as ReferenceSectionId[]).filter((id) =>
    hasColumns(table.header, REFERENCE_COLUMNS[id])
  )
  if (refs.length === 1) {
    return { ok: true, recognized: { table, section: refs[0]!, role: 'main' } }
  }
  let role: 'main' | 'codes' = 'main'
  let candidates = LIANGKU_SECTIONS.filter((s) => hasColumns(table.header, s.columns))
  if (candidates.length === 0 && hasColumns(table.header, DRUG_CODE_COLUMNS)) {
    role = 'codes'
    candidates = LIANGKU_SECTIONS.filter((s) => s.subject === 'DRUG')
  }
  if (candidates.length === 0) {
    return {
      ok: false,
      reason: `无法识别的表头「${table.header.join(',')}」，不是已知的知识包文件`,
    }
  }
  const left = narrow(table, candidates)
  const section = left[0]
  if (section === undefined || left.length > 1) {
    const limitType = firstLimitType(table)
    return {
      ok: false,
      reason:
        limitType !== null && left.length === 0
          ? `无法识别的限定类型「${limitType}」`
          : `无法确定属于哪一批（可能是 ${left.map((s) => s.label).join(' / ')}），请在文件名中写明第几批`,
    }
  }
  const named = batchOfFileName(`${table.file} ${table.sheet ?? ''}`)
  if (
    named !== null &&
    (named.batch !== section.batch ||
      (named.part !== null && section.part !== null && named.part !== section.part))
  ) {
    const namedText = `第${named.batch}批${named.part === null ? '' : `-${named.part}`}`
    return {
      ok: false,
      reason: `文件名写的是${namedText}，但表头和限定类型属于「${section.label}」`,
    }
  }
  return { ok: true, recognized: { table, section: section.id, role } }
}
