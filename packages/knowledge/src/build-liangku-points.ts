// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import type { SkippedRow } from './build-report.js'
import { DRUG_CODE_COLUMNS, DRUG_CODE_RE } from './liangku-sections.js'
import type { LiangkuSection } from './liangku-sections.js'
import type { KnowledgePoint } from './pack.js'
import type { SourceTable } from './source-table.js'
import { TableReader } from './table-reader.js'

/** Points of one 两库 section, with counts for the report. */
export interface LiangkuPoints {
  readonly points: readonly KnowledgePoint[]
  /** Data rows of the rule table turned into points. */
  readonly mainRows: number
  /** Drug codes attached to points (drug sections). */
  readonly codesAttached: number
}

function drugCodesByName(
  section: LiangkuSection,
  codes: SourceTable,
  skipped: SkippedRow[]
): Map<string, string[]> {
  const reader = new TableReader(codes, DRUG_CODE_COLUMNS)
  const byName = new Map<string, string[]>()
  for (const row of reader.dataRows(skipped)) {
    const type = reader.required(row, 'type')
    if (type !== section.limitType) {
      throw reader.error(row, 'type', `限定类型应为「${section.limitType}」，实为「${type}」`)
    }
    const name = reader.required(row, 'name')
    const code = reader.text(row, 'code')
    if (code === '') throw reader.error(row, 'code', '编码为空')
    if (!DRUG_CODE_RE.test(code)) {
      throw reader.error(row, 'code', `医保药品代码应为 20 或 23 位大写字母和数字，实为「${code}」`)
    }
    const list = byName.get(name) ?? []
    if (!list.includes(code)) list.push(code)
    byName.set(name, list)
  }
  return byName
}

/**
 * Turns a 两库 rule table (and, for drug sections, its drug-code table) into knowledge points.
 * Point ids are `<prefix>-<ordinal of the data row, 4 digits>`; drug points carry every code
 * listed under their generic name in the code table.
 *
 * @param section - the section definition
 * @param main - the rule table
 * @param codes - the drug-code table (drug sections), else null
 * @param effectiveFrom - first day the points apply
 * @param skipped - receives rows that are not data rows
 * @param warnings - receives non-fatal findings (a drug without codes, codes without a drug)
 * @returns the points and counts
 * @throws OutcomeError naming file, row and column for a bad row
 */
export function buildLiangkuPoints(
  section: LiangkuSection,
  main: SourceTable,
  codes: SourceTable | null,
  effectiveFrom: IsoDate,
  skipped: SkippedRow[],
  warnings: string[]
): LiangkuPoints {
  const reader = new TableReader(main, section.columns)
  const codeMap = codes === null ? null : drugCodesByName(section, codes, skipped)
  const used = new Set<string>()
  const points: KnowledgePoint[] = []
  let codesAttached = 0
  const rows = reader.dataRows(skipped)
  rows.forEach((row, index) => {
    const id = `${section.idPrefix}-${String(index + 1).padStart(4, '0')}`
    for (const draft of section.toPoints(reader, row)) {
      let pointCodes = draft.codes
      if (codeMap !== null) {
        pointCodes = codeMap.get(draft.name) ?? []
        used.add(draft.name)
        codesAttached += draft.idSuffix === undefined ? pointCodes.length : 0
        if (pointCodes.length === 0) {
          warnings.push(
            `${reader.label} 第 ${row.line} 行: 药品「${draft.name}」在药品代码表中没有代码，知识点 ${id} 不含代码`
          )
        }
      }
      points.push({
        id: id + (draft.idSuffix ?? ''),
        batch: section.batch,
        section: section.id,
        subject: section.subject,
        codes: pointCodes,
        name: draft.name,
        text: draft.text,
        condition: draft.condition,
        effectiveFrom,
        effectiveTo: null,
      })
    }
  })
  if (codeMap !== null && codes !== null) {
    for (const [name, list] of codeMap) {
      if (!used.has(name)) {
        warnings.push(
          `${codes.file}${codes.sheet === null ? '' : `[${codes.sheet}]`}: 通用名「${name}」不在规则表中，其 ${list.length} 个药品代码未收入`
        )
      }
    }
  }
  return { points, mainRows: rows.length, codesAttached }
}
