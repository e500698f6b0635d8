// SPDX-License-Identifier: Apache-2.0
import type { CatalogClass } from '@yibao/domain'
import type { SkippedRow } from './build-report.js'
import type { CatalogDrug } from './pack.js'
import type { SourceTable } from './source-table.js'
import { TableReader } from './table-reader.js'

/** Columns of `drug_catalog_2024.csv` (the NHSA catalogue query service, flattened). */
export const DRUG_CATALOG_COLUMNS = {
  number: 'number',
  part: 'drug_type_name',
  name: 'name',
  kind: 'kind',
  star: 'flag_repeat_star',
  dosageForm: 'dosage_form',
  categoryCode: 'category_code',
  categoryName: 'category_name_leaf',
  restriction: 'remark_restriction',
  paymentStandard: 'payment_standard',
  agreement: 'agreement_period',
} as const

const CLASSES: Record<string, CatalogClass | null> = { '1': '01', '2': '02', '0': null, '': null }

// The query service names the two halves of 协议期内谈判药品 just 西药 / 中成药.
const PARTS: Record<string, string> = { 西药: '协议期内谈判药品', 中成药: '协议期内谈判药品' }

/** The part of the catalogue whose 饮片 are excluded from fund payment. */
export const NOT_PAYABLE_PART = '不得纳入基金支付范围的中药饮片'

/**
 * Reads the end date of an agreement period such as `2025年1月1日至2026年12月31日`.
 *
 * @param text - the 协议有效期 text
 * @returns the end date `YYYY-MM-DD`, or null when the text has none
 */
export function agreementEndOf(text: string): string | null {
  const m = /至\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(text)
  if (m === null) return null
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`
}

/**
 * Reads the national drug catalogue table into `CatalogDrug` rows (one per source row).
 * ★ repeat rows (another dosage form of a drug already listed) take the number of the
 * drug's first row in the same part.
 *
 * @param table - the catalogue table
 * @param skipped - receives rows that are not data rows
 * @returns the catalogue rows in file order
 * @throws OutcomeError naming file, row and column for a bad row
 */
export function readDrugCatalog(table: SourceTable, skipped: SkippedRow[]): CatalogDrug[] {
  const reader = new TableReader(table, DRUG_CATALOG_COLUMNS)
  const firstNumber = new Map<string, number>()
  const drugs: CatalogDrug[] = []
  for (const row of reader.dataRows(skipped)) {
    const rawPart = reader.required(row, 'part')
    const part = PARTS[rawPart] ?? rawPart
    const name = reader.required(row, 'name')
    const kind = reader.text(row, 'kind')
    const catalogClass = CLASSES[kind]
    if (catalogClass === undefined)
      throw reader.error(row, 'kind', `甲乙类应为 1 / 2 / 0，实为「${kind}」`)
    const numberText = reader.text(row, 'number')
    if (numberText !== '' && !/^\d+$/.test(numberText)) {
      throw reader.error(row, 'number', `编号应为整数，实为「${numberText}」`)
    }
    let number = numberText === '' ? null : Number(numberText)
    const key = `${part}\u0000${name}`
    if (reader.text(row, 'star') === '1') number = firstNumber.get(key) ?? number
    else if (number !== null && !firstNumber.has(key)) firstNumber.set(key, number)
    const agreement = reader.text(row, 'agreement')
    const agreementEnd = agreement === '' ? null : agreementEndOf(agreement)
    if (agreement !== '' && agreementEnd === null) {
      throw reader.error(row, 'agreement', `无法读出协议有效期的截止日期：「${agreement}」`)
    }
    drugs.push({
      number,
      part,
      name,
      dosageForm: reader.optional(row, 'dosageForm'),
      catalogClass,
      categoryCode: reader.optional(row, 'categoryCode'),
      categoryName: reader.optional(row, 'categoryName'),
      restriction: reader.optional(row, 'restriction'),
      paymentStandard: reader.optional(row, 'paymentStandard'),
      agreementEnd,
      notPayable: part === NOT_PAYABLE_PART,
    })
  }
  return drugs
}
