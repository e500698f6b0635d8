// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, OutcomeIssue } from '@yibao/domain'
import { addDays, addMonths, badRequest, invalid, isIsoDate, OutcomeError } from '@yibao/domain'
import type { SourceTable } from '@yibao/knowledge'

/** Columns of a clue file, as the bureaus hand clues down. */
export const CLUE_COLUMNS = {
  institutionCode: '机构编码',
  psnNo: '人员编号',
  period: '期间',
  description: '线索描述',
  suspectedAmount: '疑似金额',
} as const

type ClueColumn = keyof typeof CLUE_COLUMNS

/** What a clue says, wherever it comes from. */
export interface ClueFacts {
  readonly institutionCode: string
  readonly psnNo: string | null
  /** The period as written (`2024`, `2024-03`, `2024-03-05`, `2024-01~2024-06`). */
  readonly period: string
  readonly periodFrom: IsoDate
  readonly periodTo: IsoDate
  readonly description: string
  /** Fen. */
  readonly suspectedAmount: number
}

/** One clue of a file. */
export interface ClueFileRow extends ClueFacts {
  /** The record's number in the file, the header being 1. */
  readonly line: number
}

/** Longest description kept. */
export const CLUE_DESCRIPTION_MAX = 2000

const ONE_PERIOD = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/

/** First and last day of `2024`, `2024-03` or `2024-03-05`, or undefined. */
function periodBounds(text: string): { from: IsoDate; to: IsoDate } | undefined {
  const m = ONE_PERIOD.exec(text)
  if (m === null) return undefined
  const [, y, mo, d] = m
  if (d !== undefined) return isIsoDate(text) ? { from: text, to: text } : undefined
  if (mo !== undefined) {
    const first = `${y}-${mo}-01`
    return isIsoDate(first) ? { from: first, to: addDays(addMonths(first, 1), -1) } : undefined
  }
  return { from: `${y}-01-01`, to: `${y}-12-31` }
}

/**
 * The days a clue's period covers: a year (`2024`), a month (`2024-03`), a day (`2024-03-05`) or
 * a range of those joined by `~` or `至` (`2024-01~2024-06`); undefined for anything else or a
 * range that ends before it starts.
 *
 * @param text - the period as written
 */
export function parseCluePeriod(text: string): { from: IsoDate; to: IsoDate } | undefined {
  const parts = text.trim().split(/\s*(?:~|～|至)\s*/)
  if (parts.length > 2) return undefined
  const first = periodBounds(parts[0]!)
  const last = parts.length === 2 ? periodBounds(parts[1]!) : first
  if (first === undefined || last === undefined || last.to < first.from) return undefined
  return { from: first.from, to: last.to }
}

/** Yuan with at most two decimals, exactly, as fen; undefined otherwise. */
export function yuanTextToFen(text: string): number | undefined {
  const m = /^(\d{1,13})(?:\.(\d{1,2}))?$/.exec(text)
  if (m === null) return undefined
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
}

/**
 * Reads a clue file (CSV with a header row of `CLUE_COLUMNS`; 人员编号 may be left out). Every
 * problem is named by file, line and column, and any problem refuses the whole file.
 *
 * @param table - the file's table (a CSV file or an .xlsx worksheet)
 * @param isInstitution - whether an institution code is in the register (default: any code)
 */
export function parseClueFile(
  table: SourceTable,
  isInstitution: (code: string) => boolean = () => true
): ClueFileRow[] {
  const file = table.sheet === null ? table.file : `${table.file}「${table.sheet}」`
  const header = table.header
  const index = new Map<ClueColumn, number>(
    (Object.keys(CLUE_COLUMNS) as ClueColumn[]).map((k) => [k, header.indexOf(CLUE_COLUMNS[k])])
  )
  const absent = (Object.keys(CLUE_COLUMNS) as ClueColumn[]).filter(
    (k) => k !== 'psnNo' && index.get(k)! < 0
  )
  if (absent.length > 0) {
    throw new OutcomeError(
      badRequest(
        `${file} 第 1 行：缺少列 ${absent.map((k) => CLUE_COLUMNS[k]).join('、')}`,
        `${file}:1`
      )
    )
  }
  const issues: OutcomeIssue[] = []
  const rows: ClueFileRow[] = []
  for (const { line, cells } of table.rows) {
    if (cells.every((v) => v === '')) continue
    const value = (c: ClueColumn): string => {
      const at = index.get(c)!
      return at < 0 ? '' : (cells[at] ?? '')
    }
    let ok = true
    const refuse = (c: ClueColumn, message: string): void => {
      ok = false
      issues.push({
        severity: 'error',
        code: 'invalid',
        message: `${file} 第 ${line} 行 ${CLUE_COLUMNS[c]}：${message}`,
        path: `${file}:${line}:${CLUE_COLUMNS[c]}`,
      })
    }
    const institutionCode = value('institutionCode')
    if (institutionCode === '') refuse('institutionCode', '不能为空')
    else if (!isInstitution(institutionCode)) {
      refuse('institutionCode', `定点医药机构名录中没有「${institutionCode}」`)
    }
    const psnNo = value('psnNo')
    if (psnNo !== '' && !/^[\w-]{1,64}$/.test(psnNo)) {
      refuse('psnNo', `应为人员编号（字母、数字、_ -），收到「${psnNo}」`)
    }
    const period = value('period')
    const bounds = parseCluePeriod(period)
    if (bounds === undefined) {
      refuse('period', `应为 YYYY、YYYY-MM、YYYY-MM-DD 或用 ~ 连接的区间，收到「${period}」`)
    }
    const description = value('description')
    if (description === '') refuse('description', '不能为空')
    else if (description.length > CLUE_DESCRIPTION_MAX) {
      refuse('description', `不能超过 ${CLUE_DESCRIPTION_MAX} 字`)
    }
    const amountText = value('suspectedAmount')
    const suspectedAmount = yuanTextToFen(amountText)
    if (suspectedAmount === undefined) {
      refuse('suspectedAmount', `应为不小于 0、最多两位小数的金额（元），收到「${amountText}」`)
    }
    if (!ok) continue
    rows.push({
      line,
      institutionCode,
      psnNo: psnNo === '' ? null : psnNo,
      period,
      periodFrom: bounds!.from,
      periodTo: bounds!.to,
      description,
      suspectedAmount: suspectedAmount!,
    })
  }
  if (issues.length === 0 && rows.length === 0) {
    issues.push({
      severity: 'error',
      code: 'invalid',
      message: `${file}：没有线索（表头之后没有数据行）`,
      path: `${file}:2`,
    })
  }
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return rows
}
