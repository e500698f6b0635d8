// SPDX-License-Identifier: Apache-2.0
import type { InstitutionLevel, OutcomeIssue, PriceCap } from '@yibao/domain'
import { invalid, isIsoDate, OutcomeError, parseScaled } from '@yibao/domain'
import { parseCsv } from '@yibao/knowledge'
import type { Database } from './database.js'
import { RECORD_TABLES } from './record-tables.js'
import { recordsToCopyText } from './records-to-copy-text.js'

/** The columns of a price-cap CSV file, in any order; `end_date` may be empty. */
export const PRICE_CAP_CSV_COLUMNS = [
  'admdvs',
  'code',
  'level',
  'cap',
  'begin_date',
  'end_date',
] as const

/** Issues reported at most per file, so that a wholly wrong file gives a readable answer. */
const MAX_ISSUES = 50

/**
 * Parses a local price-cap table (医疗服务价格 / 耗材限价) of a real region: a CSV file with the
 * header `admdvs,code,level,cap,begin_date,end_date`, `cap` in yuan with up to 4 decimals,
 * `level` 0–3 (未定级/一级/二级/三级), dates `YYYY-MM-DD`, `end_date` empty while in force.
 *
 * @param text - the file content
 * @param fileName - the file name, for messages
 * @returns the caps; throws an `OutcomeError` (invalid) listing every bad row by file, row and
 *   column, so that nothing is loaded from a file with any bad row
 */
export function parsePriceCapCsv(text: string, fileName: string): PriceCap[] {
  const records = parseCsv(text)
  const issues: OutcomeIssue[] = []
  const issue = (row: number, column: string, message: string): void => {
    if (issues.length >= MAX_ISSUES) return
    issues.push({
      severity: 'error',
      code: 'invalid',
      message: `价格表 ${fileName} 第 ${row} 行（数据行，表头不计）${column} 列：${message}`,
      path: `${fileName}:row ${row}:${column}`,
    })
  }
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase())
  const index: Record<string, number> = {}
  for (const name of PRICE_CAP_CSV_COLUMNS) {
    const i = header.indexOf(name)
    if (i < 0) issue(1, name, `缺少表头列 ${name}（应为 ${PRICE_CAP_CSV_COLUMNS.join(',')}）`)
    index[name] = i
  }
  if (issues.length > 0) throw new OutcomeError(invalid(issues))

  const caps: PriceCap[] = []
  const seen = new Map<string, number>()
  for (let r = 1; r < records.length; r++) {
    const fields = records[r]!
    // 1-based data row, the header not counted — the convention of every import message.
    const row = r
    if (fields.every((f) => f.trim() === '')) continue
    const get = (name: (typeof PRICE_CAP_CSV_COLUMNS)[number]): string =>
      (fields[index[name]!] ?? '').trim()
    const before = issues.length

    const admdvs = get('admdvs')
    if (!/^\d{6}$/.test(admdvs)) issue(row, 'admdvs', `医保区划「${admdvs}」应为 6 位数字`)
    const code = get('code')
    if (code === '') issue(row, 'code', '项目编码不能为空')
    const levelText = get('level')
    const level = Number(levelText)
    if (!/^[0-3]$/.test(levelText)) {
      issue(row, 'level', `机构等级「${levelText}」应为 0、1、2 或 3`)
    }
    const capText = get('cap')
    const cap = /^\d+(\.\d{1,4})?$/.test(capText) ? parseScaled(capText, 4) : undefined
    if (cap === undefined) {
      issue(row, 'cap', `限价「${capText}」应为不小于 0、最多 4 位小数的金额（元）`)
    }
    const begin = get('begin_date')
    if (!isIsoDate(begin)) issue(row, 'begin_date', `开始日期「${begin}」应为 YYYY-MM-DD`)
    const endText = get('end_date')
    const end = endText === '' ? null : endText
    if (end !== null && !isIsoDate(end)) {
      issue(row, 'end_date', `结束日期「${end}」应为 YYYY-MM-DD 或留空`)
    } else if (end !== null && isIsoDate(begin) && end < begin) {
      issue(row, 'end_date', `结束日期 ${end} 早于开始日期 ${begin}`)
    }
    if (issues.length > before) continue

    const key = `${admdvs}|${code}|${level}|${begin}`
    const first = seen.get(key)
    if (first !== undefined) {
      issue(row, 'code', `与第 ${first} 行重复（同一区划、项目、等级和开始日期）`)
      continue
    }
    seen.set(key, row)
    caps.push({ admdvs, code, level: level as InstitutionLevel, cap: cap!, begin, end })
  }
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return caps
}

/**
 * Stores price caps in one transaction: a cap with the same region, code, level and begin date
 * as a stored one replaces it (a corrected table can be imported again); the others are added.
 *
 * @param db - the database
 * @param caps - the caps, e.g. from `parsePriceCapCsv`
 * @returns the number of caps written
 */
export async function loadPriceCaps(db: Database, caps: readonly PriceCap[]): Promise<number> {
  if (caps.length === 0) return 0
  const table = RECORD_TABLES.priceCaps
  const columns = table.columns.map((c) => c.column)
  return db.transaction(async (tx) => {
    await tx.exec(
      'CREATE TEMP TABLE price_cap_in (LIKE price_cap INCLUDING DEFAULTS) ON COMMIT DROP'
    )
    await tx.copyFrom('price_cap_in', columns, Buffer.concat(recordsToCopyText(table, caps)))
    const set = columns
      .filter((c) => !table.key.includes(c))
      .map((c) => `${c} = EXCLUDED.${c}`)
      .join(', ')
    await tx.exec(
      `INSERT INTO price_cap (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM price_cap_in` +
        ` ON CONFLICT (${table.key.join(', ')}) DO UPDATE SET ${set}`
    )
    return caps.length
  })
}
