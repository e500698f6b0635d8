// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { PointEvent } from './qualification.js'
import { checkReregistration, pointsOf, qualificationFile, statusOn } from './qualification.js'

let n = 0
const ev = (decisionDate: string, points: number, over: Partial<PointEvent> = {}): PointEvent => ({
  id: `E${++n}`,
  staffCode: 'D001',
  decisionDate,
  points,
  responsibility: 'MAIN',
  trigger: 'ART38',
  ...over,
})

describe('payment qualification (医保支付资格)', () => {
  test('points follow the trigger table and the responsibility', () => {
    expect(pointsOf('FRAUD', 'MAIN')).toBe(12)
    expect(pointsOf('ART38', 'GENERAL')).toBe(4)
    expect(() => pointsOf('X', 'MAIN')).toThrow(/未知的记分情形 X/)
  })

  test('9 points in a year suspend for a month; the suspension ends on its last day', () => {
    const f = qualificationFile('D001', [ev('2025-03-10', 6), ev('2025-05-20', 3)])
    expect(f.yearTotals).toEqual({ '2025': 9 })
    expect(f.periods).toEqual([
      { status: 'SUSPENDED', from: '2025-05-20', to: '2025-06-19', eventId: expect.any(String) },
    ])
    expect(statusOn(f.periods, '2025-05-19')).toBeNull()
    expect(statusOn(f.periods, '2025-05-20')).toBe('SUSPENDED')
    expect(statusOn(f.periods, '2025-06-19')).toBe('SUSPENDED')
    expect(statusOn(f.periods, '2025-06-20')).toBeNull()
  })

  test('points restart every natural year', () => {
    const f = qualificationFile('D001', [ev('2025-11-10', 6), ev('2026-01-05', 6)])
    expect(f.yearTotals).toEqual({ '2025': 6, '2026': 6 })
    expect(f.periods).toEqual([])
  })

  test('12 points reached over several events terminate with a 1-year bar', () => {
    const f = qualificationFile('D001', [
      ev('2025-02-01', 6),
      ev('2025-04-01', 3),
      ev('2025-08-15', 3),
    ])
    expect(f.periods.map((p) => [p.status, p.from, p.to, p.barUntil])).toEqual([
      ['SUSPENDED', '2025-04-01', '2025-04-30', undefined],
      ['TERMINATED', '2025-08-15', null, '2026-08-15'],
    ])
    expect(statusOn(f.periods, '2027-01-01')).toBe('TERMINATED')
    expect(() => {
      checkReregistration(f, '2026-08-14')
    }).toThrow(/2026-08-15 前不得重新登记/)
    checkReregistration(f, '2026-08-15')
    const back = qualificationFile(
      'D001',
      [...[ev('2025-02-01', 6), ev('2025-04-01', 3), ev('2025-08-15', 3)]],
      ['2026-09-01']
    )
    expect(statusOn(back.periods, '2026-08-31')).toBe('TERMINATED')
    expect(statusOn(back.periods, '2026-09-01')).toBeNull()
  })

  test('12 points in one event bar re-registration for 3 years', () => {
    const f = qualificationFile('D001', [ev('2025-06-30', 12, { trigger: 'FRAUD' })])
    expect(f.periods).toEqual([
      expect.objectContaining({ status: 'TERMINATED', from: '2025-06-30', barUntil: '2028-06-30' }),
    ])
    // A re-registration before the bar is ignored by the file (and refused when recorded).
    const early = qualificationFile('D001', [ev('2025-06-30', 12)], ['2026-07-01'])
    expect(statusOn(early.periods, '2027-01-01')).toBe('TERMINATED')
  })

  test('a second suspension in the same year extends a running one; agency months win', () => {
    const f = qualificationFile('D001', [
      ev('2025-01-10', 9),
      ev('2025-01-20', 1, { suspensionMonths: 4 }),
    ])
    expect(f.periods).toEqual([
      expect.objectContaining({ status: 'SUSPENDED', from: '2025-01-10', to: '2025-05-19' }),
    ])
  })
})
