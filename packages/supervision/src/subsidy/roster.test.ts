// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { RosterPerson, RosterRow } from './roster.js'
import { idNumberProblem, identityOfLabel, matchRoster, subsidies } from './roster.js'

/** An ID number with its check digit, from 17 digits. */
function withCheck(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = Array.from(first17).reduce((a, c, i) => a + Number(c) * w[i]!, 0)
  return first17 + '10X98765432'[sum % 11]!
}

describe('资助参保 roster matching', () => {
  test('ID numbers are checked by GB 11643', () => {
    expect(idNumberProblem('11010519491231002X')).toBeNull()
    expect(idNumberProblem('110105194912310021')).toBe('校验码应为 X')
    expect(idNumberProblem('110105194902300021')).toMatch(/出生日期 1949-02-30 无效/)
    expect(idNumberProblem('1101051949')).toMatch(/17 位数字/)
  })

  const a = withCheck('43122319600101001')
  const b = withCheck('43122319700202002')
  const c = withCheck('43122319800303003')
  const persons = new Map<string, RosterPerson>([
    [a, { psnNo: 'P1', name: '张三', certno: a, deathDate: null }],
    [b, { psnNo: 'P2', name: '李四光', certno: b, deathDate: null }],
  ])
  const row = (line: number, idNumber: string, name: string): RosterRow => ({
    line,
    idNumber,
    name,
    identity: 'DIBAO',
    validFrom: '2025-01-01',
    validTo: null,
  })

  test('same ID and name match; another name goes to review; unknown IDs are to be mobilised', () => {
    const m = matchRoster(
      [row(1, a, '张 三'), row(2, b, '李四'), row(3, c, '王五'), row(4, '123', '赵六')],
      persons
    )
    expect(m.map((x) => [x.status, x.psnNo])).toEqual([
      ['MATCHED', 'P1'],
      ['REVIEW', 'P2'],
      ['UNMATCHED', null],
      ['INVALID', null],
    ])
    expect(m[1]!.reason).toContain('相差一字')
  })

  test('one subsidy per person at the highest rate, on the year’s contribution', () => {
    const s = subsidies(
      [
        { psnNo: 'P1', identity: 'TUOPIN' },
        { psnNo: 'P1', identity: 'DIBAO' },
        { psnNo: 'P2', identity: 'TEKUN' },
      ],
      40_000
    )
    expect(s).toEqual([
      { psnNo: 'P1', identity: 'DIBAO', rateBp: 5000, amount: 20_000, alsoEligible: ['TUOPIN'] },
      { psnNo: 'P2', identity: 'TEKUN', rateBp: 10_000, amount: 40_000, alsoEligible: [] },
    ])
  })

  test('category labels map to identities', () => {
    expect(identityOfLabel('特困人员')).toBe('TEKUN')
    expect(identityOfLabel('DIBAO')).toBe('DIBAO')
    expect(identityOfLabel('其他')).toBeUndefined()
  })
})
