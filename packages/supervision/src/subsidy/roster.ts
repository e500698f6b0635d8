// SPDX-License-Identifier: Apache-2.0
import type { IdentityType, IsoDate } from '@yibao/domain'
import { IDENTITY_LABELS, isIsoDate } from '@yibao/domain'
import { idCheckChar } from '../id-number.js'

// 资助参保 and 免申即享 (domain.md §9): rosters from 民政, 残联 and 乡村振兴 matched to insured
// persons by ID number and name; one subsidy per person at the highest rate; identity tags with
// their validity that the settlement engine's tilts read.

/** Why an ID number is not a valid 18-digit resident ID (GB 11643), or null when it is. */
export function idNumberProblem(id: string): string | null {
  if (!/^\d{17}[\dX]$/.test(id)) return '应为 17 位数字加 1 位数字或 X'
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (!isIsoDate(birth)) return `出生日期 ${birth} 无效`
  const expected = idCheckChar(id.slice(0, 17))
  return id[17] === expected ? null : `校验码应为 ${expected}`
}

/** How much of the year's individual contribution each identity's subsidy covers, in bp. */
export const DEFAULT_SUBSIDY_RATES: Readonly<Record<IdentityType, number>> = {
  TEKUN: 10_000,
  GUER: 10_000,
  SHISHI_WUREN: 10_000,
  ZHONGDU_CANJI: 10_000,
  DIBAO: 5_000,
  DIBAO_BIANYUAN: 5_000,
  JIANCE: 5_000,
  TUOPIN: 4_000,
  YINBING_ZHIPIN: 5_000,
}

/** One roster row as delivered by a department. */
export interface RosterRow {
  readonly line: number
  readonly idNumber: string
  readonly name: string
  readonly identity: IdentityType
  readonly validFrom: IsoDate
  readonly validTo: IsoDate | null
}

/** An insured person to match against. */
export interface RosterPerson {
  readonly psnNo: string
  readonly name: string
  readonly certno: string
  readonly deathDate: IsoDate | null
}

export type MatchStatus = 'MATCHED' | 'REVIEW' | 'UNMATCHED' | 'INVALID'

export const MATCH_STATUS_LABELS: Record<MatchStatus, string> = {
  MATCHED: '匹配',
  REVIEW: '待人工核对（姓名不一致）',
  UNMATCHED: '未参保（动员参保）',
  INVALID: '身份证号无效',
}

/** A row's match. */
export interface RosterMatch {
  readonly row: RosterRow
  readonly status: MatchStatus
  readonly psnNo: string | null
  readonly reason: string | null
}

/** Levenshtein distance of two short strings (names). */
function distance(a: readonly string[], b: readonly string[]): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!
    d[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = cur
    }
  }
  return d[b.length]!
}

/**
 * Matches roster rows to persons: an invalid ID number is INVALID; an ID number of no insured
 * person is UNMATCHED (to be mobilised); the same ID and name (spaces and full-width forms
 * ignored) is MATCHED; the same ID with another name goes to REVIEW (one character different:
 * likely a typo; else a possible wrong ID), never matched automatically.
 */
export function matchRoster(
  rows: readonly RosterRow[],
  persons: ReadonlyMap<string, RosterPerson>
): RosterMatch[] {
  const norm = (s: string): string[] => Array.from(s.normalize('NFKC').replace(/\s+/g, ''))
  return rows.map((row): RosterMatch => {
    const problem = idNumberProblem(row.idNumber)
    if (problem !== null)
      return { row, status: 'INVALID', psnNo: null, reason: `身份证号 ${row.idNumber}：${problem}` }
    const p = persons.get(row.idNumber)
    if (p === undefined)
      return { row, status: 'UNMATCHED', psnNo: null, reason: '参保库中无此身份证号' }
    const d = distance(norm(row.name), norm(p.name))
    if (d === 0) {
      return p.deathDate !== null && p.deathDate < row.validFrom
        ? { row, status: 'REVIEW', psnNo: p.psnNo, reason: `参保人已于 ${p.deathDate} 死亡` }
        : { row, status: 'MATCHED', psnNo: p.psnNo, reason: null }
    }
    return {
      row,
      status: 'REVIEW',
      psnNo: p.psnNo,
      reason: `名单姓名「${row.name}」与参保库「${p.name}」${d === 1 ? '相差一字' : '不一致'}`,
    }
  })
}

/** A person's subsidy for a year: the highest rate among their matched identities. */
export interface Subsidy {
  readonly psnNo: string
  readonly identity: IdentityType
  readonly rateBp: number
  /** Fen: the year's individual contribution × rate, half-up. */
  readonly amount: number
  /** Other identities of the person not subsidised again (不重复资助). */
  readonly alsoEligible: readonly IdentityType[]
}

/**
 * One subsidy per person at the highest rate of the matched identities valid in the year
 * (就高不就低、不重复资助), on the year's individual contribution.
 *
 * @param contribution - the year's individual contribution (居民个人缴费标准), fen
 */
export function subsidies(
  matched: readonly { psnNo: string; identity: IdentityType }[],
  contribution: number,
  rates: Readonly<Record<IdentityType, number>> = DEFAULT_SUBSIDY_RATES
): Subsidy[] {
  const byPerson = new Map<string, IdentityType[]>()
  for (const m of matched) {
    const list = byPerson.get(m.psnNo) ?? []
    if (!list.includes(m.identity)) list.push(m.identity)
    byPerson.set(m.psnNo, list)
  }
  return [...byPerson]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([psnNo, identities]) => {
      const best = [...identities].sort((a, b) => rates[b] - rates[a] || (a < b ? -1 : 1))[0]!
      return {
        psnNo,
        identity: best,
        rateBp: rates[best],
        amount: Math.round((contribution * rates[best]) / 10_000),
        alsoEligible: identities.filter((i) => i !== best),
      }
    })
}

/** The identity of a roster's category text (特困人员, 低保对象…), or undefined. */
export function identityOfLabel(label: string): IdentityType | undefined {
  const text = label.trim()
  return (Object.keys(IDENTITY_LABELS) as IdentityType[]).find(
    (k) => k === text || IDENTITY_LABELS[k] === text
  )
}
