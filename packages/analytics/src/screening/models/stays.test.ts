// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { StayDay } from '../data.js'
import { DEFAULT_SCREENING_PARAMS as P } from '../params.js'
import { d, encounter, screeningData } from '../testing.js'
import { ghostBeds, splitAdmissions } from './stays.js'

/** Inpatient days of a stay: `pattern` has one letter per day, A active, I idle, - nothing billed. */
function days(mdtrtId: string, from: string, pattern: string, amount = 30_000): StayDay[] {
  return Array.from(pattern).flatMap((c, i) =>
    c === '-' ? [] : [{ mdtrtId, day: d(from) + i, amount, active: c === 'A' }]
  )
}

const stay = (
  id: string,
  from: string,
  los: number,
  over: Partial<Parameters<typeof encounter>[0]> = {}
) =>
  encounter({
    id,
    psnNo: over.psnNo ?? `P-${id}`,
    institutionCode: 'H1',
    kind: 'INPATIENT',
    beginDay: d(from),
    endDay: d(from) + los,
    total: 500_000,
    fundPaid: 300_000,
    ...over,
  })

describe('挂床住院 (F1)', () => {
  test('three consecutive idle days inside a stay are flagged with the fund share of their fees', () => {
    const data = screeningData({
      encounters: [stay('S1', '2025-03-01', 9)],
      stayDays: days('S1', '2025-03-01', 'AAIIIAAAAA'),
    })
    const [hit, ...rest] = ghostBeds(data, P)
    expect(rest).toEqual([])
    expect(hit?.subjectId).toBe('S1')
    expect(hit?.explanation.days).toEqual(['2025-03-03', '2025-03-04', '2025-03-05'])
    // 3 days × 300 yuan, 60 % of it from the fund.
    expect(hit?.amount).toBe(54_000)
  })

  test('look-alikes are not flagged: two idle days, idle days broken by treatment, idle admission and discharge days, days without fees', () => {
    const data = screeningData({
      encounters: [
        stay('S2', '2025-03-01', 9),
        stay('S3', '2025-03-01', 9),
        stay('S4', '2025-04-01', 4),
        stay('S5', '2025-05-01', 9),
      ],
      stayDays: [
        ...days('S2', '2025-03-01', 'AAIIAAAAAA'),
        ...days('S3', '2025-03-01', 'AIIAIIAIIA'),
        // Admission and discharge days idle, 3 treatment days between.
        ...days('S4', '2025-04-01', 'IAAAI'),
        // Nothing billed on 4 days: no fees, nothing to recover.
        ...days('S5', '2025-05-01', 'AA----AAAA'),
      ],
    })
    expect(ghostBeds(data, P)).toEqual([])
  })

  test('the threshold is a parameter', () => {
    const data = screeningData({
      encounters: [stay('S2', '2025-03-01', 9)],
      stayDays: days('S2', '2025-03-01', 'AAIIAAAAAA'),
    })
    expect(ghostBeds(data, { ...P, ghostBedDays: 2 }).map((h) => h.subjectId)).toEqual(['S2'])
  })
})

describe('分解住院 (M14)', () => {
  const pair = (
    gap: number,
    over: Partial<Parameters<typeof encounter>[0]> = {},
    diag = 'I63.900'
  ) => [
    stay('A', '2025-03-01', 7, { psnNo: 'P1', mainDiag: 'I63.900' }),
    stay('B', '2025-03-01', 0, {
      psnNo: 'P1',
      mainDiag: diag,
      beginDay: d('2025-03-08') + gap,
      endDay: d('2025-03-08') + gap + 5,
      ...over,
    }),
  ]

  test('a readmission within 15 days for the same category is flagged on the later stay, as a chain', () => {
    const third = stay('C', '2025-03-01', 0, {
      psnNo: 'P1',
      mainDiag: 'I63.800',
      beginDay: d('2025-03-08') + 10 + 5 + 3,
      endDay: d('2025-03-08') + 10 + 5 + 8,
    })
    const hits = splitAdmissions(
      screeningData({ encounters: [...pair(10, {}, 'I63.801'), third] }),
      P
    )
    expect(hits.map((h) => h.subjectId)).toEqual(['B', 'C'])
    expect(new Set(hits.map((h) => h.clusterId))).toEqual(new Set(['M14:A']))
    expect(hits[0]?.amount).toBe(300_000)
  })

  test.each([
    ['16 days later', pair(16)],
    ['another diagnosis category', pair(5, {}, 'J18.900')],
    ['a planned readmission', pair(5, { readmitPlanned: true })],
    ['a chemotherapy course', pair(5, {}, 'Z51.100')],
    ['another institution', pair(5, { institutionCode: 'H2' })],
  ])('not flagged: %s', (_name, encounters) => {
    expect(splitAdmissions(screeningData({ encounters }), P)).toEqual([])
  })
})
