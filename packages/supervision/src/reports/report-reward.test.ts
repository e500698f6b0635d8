// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { ReportPriority } from './report-reward.js'
import {
  checkFirstReporter,
  computeReward,
  DEFAULT_REWARD_TABLE,
  shareReward,
} from './report-reward.js'

const yuan = (n: number): number => n * 100

/** An error whose outcome's first issue has `code` and the other given properties. */
const refusedWith = (code: string, issue: Record<string, unknown>) =>
  expect.objectContaining({ outcome: { issues: [expect.objectContaining({ code, ...issue })] } })

describe('the reward table', () => {
  test('a share below the grade floor is raised to the floor', () => {
    // 3 % of ¥10,000 is ¥300, under grade 1's ¥400.
    expect(computeReward({ grade: 1, caseValue: yuan(10_000), insider: false })).toMatchObject({
      share: yuan(300),
      amount: yuan(400),
      basis: 'FLOOR',
      floor: yuan(400),
    })
    expect(computeReward({ grade: 3, caseValue: yuan(100), insider: false })).toMatchObject({
      amount: yuan(200),
      basis: 'FLOOR',
    })
  })

  test('the national floor applies when a grade floor is lower', () => {
    const table = {
      ...DEFAULT_REWARD_TABLE,
      grades: { ...DEFAULT_REWARD_TABLE.grades, 3: { rateBp: 100, floor: yuan(50) } },
    }
    expect(
      computeReward({ grade: 3, caseValue: yuan(1_000), insider: false }, table)
    ).toMatchObject({ amount: yuan(200), floor: yuan(200), basis: 'FLOOR' })
  })

  test('the share is the grade rate of the case value', () => {
    expect(computeReward({ grade: 2, caseValue: yuan(100_000), insider: false })).toMatchObject({
      amount: yuan(2_000),
      basis: 'PERCENT',
      rateBp: 200,
      bonusBp: 0,
    })
  })

  test('insiders get 20 % more, rounded half up once', () => {
    expect(computeReward({ grade: 1, caseValue: yuan(100_000), insider: true }).amount).toBe(
      yuan(3_600)
    )
    // 1,250,125 fen × 3 % × 1.2 = 45,004.5 fen.
    expect(computeReward({ grade: 1, caseValue: 1_250_125, insider: true })).toMatchObject({
      share: 45_005,
      amount: 45_005,
      bonusBp: 2_000,
    })
    expect(computeReward({ grade: 1, caseValue: 1_250_125, insider: false }).share).toBe(37_504)
  })

  test('no reward is above the national cap of ¥200,000', () => {
    expect(computeReward({ grade: 1, caseValue: yuan(10_000_000), insider: true })).toMatchObject({
      share: yuan(360_000),
      amount: yuan(200_000),
      basis: 'CAP',
    })
    const exact = computeReward({ grade: 1, caseValue: yuan(6_666_700), insider: false })
    expect(exact).toMatchObject({ amount: yuan(200_000), basis: 'CAP' })
    expect(
      computeReward({ grade: 2, caseValue: Number.MAX_SAFE_INTEGER, insider: true }).amount
    ).toBe(yuan(200_000))
  })

  test('a verified report without a case value gets the fixed no-case-value reward', () => {
    for (const caseValue of [null, 0]) {
      expect(computeReward({ grade: 1, caseValue, insider: true })).toMatchObject({
        share: null,
        amount: yuan(200),
        basis: 'NO_CASE_VALUE',
      })
    }
    const none = { ...DEFAULT_REWARD_TABLE, noCaseValueReward: 0 }
    expect(computeReward({ grade: 2, caseValue: null, insider: false }, none).amount).toBe(0)
  })

  test('a bad grade or case value is refused naming the field', () => {
    expect(() => computeReward({ grade: 4 as 1, caseValue: 1, insider: false })).toThrow(
      refusedWith('invalid', { path: 'grade' })
    )
    expect(() => computeReward({ grade: 1, caseValue: -1, insider: false })).toThrow(
      refusedWith('invalid', { path: 'caseValue' })
    )
  })

  test('joint reporters share one reward to the fen', () => {
    expect(shareReward(100_001, 3)).toEqual([33_334, 33_334, 33_333])
    expect(shareReward(40_000, 1)).toEqual([40_000])
  })
})

describe('the first valid reporter', () => {
  const report = (
    id: string,
    receivedDate: string,
    state: ReportPriority['state'],
    verified = false
  ): ReportPriority => ({ id, receivedDate, createdAt: `${receivedDate}T09:00`, state, verified })
  const mine = report('JB2', '2025-03-10', 'VERIFIED', true)

  test('an earlier verified or pending report on the same matter takes the reward', () => {
    expect(() => {
      checkFirstReporter(mine, [mine, report('JB1', '2025-03-01', 'CLOSED', true)])
    }).toThrow(refusedWith('conflict', { message: expect.stringContaining('JB1') }))
    expect(() => {
      checkFirstReporter(mine, [report('JB1', '2025-03-01', 'ACCEPTED')])
    }).toThrow(refusedWith('conflict', { message: expect.stringContaining('尚在办理中') }))
  })

  test('earlier reports that came to nothing, and later ones, do not count', () => {
    expect(() => {
      checkFirstReporter(mine, [
        report('JB0', '2025-02-01', 'REJECTED'),
        report('JB1', '2025-03-01', 'CLOSED'),
        report('JB3', '2025-03-20', 'VERIFIED', true),
      ])
    }).not.toThrow()
  })
})

describe('reward bands by subject and case value (Hefei 2023)', () => {
  const rule = (rateBp: number) => ({ rateBp, floor: 50_000 })
  const same = (rateBp: number) => ({ 1: rule(rateBp), 2: rule(rateBp), 3: rule(rateBp) })
  const table = {
    ...DEFAULT_REWARD_TABLE,
    minimum: 50_000,
    bands: [
      { subjectTypes: ['INSTITUTION', 'PHARMACY'], fromCaseValue: 0, grades: same(200), addOn: 0 },
      {
        subjectTypes: ['INSTITUTION', 'PHARMACY'],
        fromCaseValue: 50_000_001,
        grades: same(400),
        addOn: 0,
      },
      { subjectTypes: ['INDIVIDUAL'], fromCaseValue: 0, grades: same(1000), addOn: 0 },
      { subjectTypes: ['INDIVIDUAL'], fromCaseValue: 1_000_001, grades: same(1000), addOn: 50_000 },
    ],
  }
  const reward = (subjectType: string, caseValue: number) =>
    computeReward({ grade: 1, caseValue, insider: false, subjectType }, table).amount

  test('institutions: 2 % up to ¥500,000, 4 % above; floor ¥500', () => {
    expect(reward('INSTITUTION', 40_000_000)).toBe(800_000)
    expect(reward('INSTITUTION', 60_000_000)).toBe(2_400_000)
    expect(reward('INSTITUTION', 1_000_000)).toBe(50_000)
  })
  test('individuals: 10 %, above ¥10,000 10 % + ¥500', () => {
    expect(reward('INDIVIDUAL', 800_000)).toBe(80_000)
    expect(reward('INDIVIDUAL', 2_000_000)).toBe(200_000 + 50_000)
  })
  test('a subject no band names falls back to the grades', () => {
    expect(reward('EMPLOYER', 1_000_000)).toBe(Math.max(50_000, 1_000_000 * 0.03))
  })
})
