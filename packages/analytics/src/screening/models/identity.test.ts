// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { d, encounter, person, screeningData } from '../testing.js'
import { impersonation } from './identity.js'

const visit = (
  id: string,
  psnNo: string,
  date: string,
  over: Partial<Parameters<typeof encounter>[0]> = {}
) =>
  encounter({
    id,
    psnNo,
    institutionCode: over.institutionCode ?? 'V1',
    beginDay: d(date),
    ...over,
  })

const stay = (id: string, psnNo: string, from: string, to: string) =>
  encounter({
    id,
    psnNo,
    institutionCode: 'H1',
    kind: 'INPATIENT',
    beginDay: d(from),
    endDay: d(to),
    total: 300_000,
    fundPaid: 200_000,
  })

describe('冒名就医 (F5)', () => {
  test('a settlement after death is flagged, one on the day of death is not', () => {
    const data = screeningData({
      persons: [person('P1', { deathDay: d('2025-04-10') })],
      encounters: [visit('E1', 'P1', '2025-04-10'), visit('E2', 'P1', '2025-04-12')],
    })
    const hits = impersonation(data)
    expect(hits.map((h) => h.subjectId)).toEqual(['E2'])
    expect(hits[0]?.explanation.summary).toContain('死亡')
    expect(hits[0]?.amount).toBe(6_000)
  })

  test('a visit elsewhere while in hospital is flagged; the admission and discharge days and the same institution are tolerated', () => {
    const data = screeningData({
      encounters: [
        stay('S1', 'P1', '2025-03-01', '2025-03-08'),
        visit('E1', 'P1', '2025-03-04'),
        visit('E2', 'P1', '2025-03-01'),
        visit('E3', 'P1', '2025-03-08'),
        visit('E4', 'P1', '2025-03-05', { institutionCode: 'H1' }),
        visit('E5', 'P1', '2025-03-06', { kind: 'PHARMACY', institutionCode: 'Y1' }),
      ],
    })
    expect(
      impersonation(data)
        .map((h) => h.subjectId)
        .sort()
    ).toEqual(['E1', 'E5'])
  })

  test('a diagnosis the sex or age excludes is flagged, the same diagnosis on the right person is not', () => {
    const data = screeningData({
      persons: [
        person('M', { gender: '1' }),
        person('F', { gender: '2' }),
        person('BABY', { birthDay: d('2025-02-20') }),
      ],
      encounters: [
        visit('M-O', 'M', '2025-03-01', { mainDiag: 'O21.000' }),
        visit('F-O', 'F', '2025-03-01', { mainDiag: 'O21.000' }),
        visit('F-N40', 'F', '2025-03-02', { mainDiag: 'N40.x00' }),
        visit('M-N40', 'M', '2025-03-02', { mainDiag: 'N40.x00' }),
        visit('M-P59', 'M', '2025-03-03', { mainDiag: 'P59.900' }),
        visit('BABY-P59', 'BABY', '2025-03-03', { mainDiag: 'P59.900' }),
      ],
    })
    expect(
      impersonation(data)
        .map((h) => h.subjectId)
        .sort()
    ).toEqual(['F-N40', 'M-O', 'M-P59'])
  })
})
