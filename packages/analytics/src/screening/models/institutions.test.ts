// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { CapabilityLine, PharmacySales, ScreeningEncounter } from '../data.js'
import { DEFAULT_SCREENING_PARAMS as P } from '../params.js'
import { seededRandom as seeded } from '@yibao/domain'
import { d, encounter, institution, screeningData } from '../testing.js'
import { doctorOutliers } from './doctors.js'
import { capabilityGaps, institutionOutliers, pharmacySwaps } from './institutions.js'

describe('药店串换 (F6)', () => {
  /** Sales of a pharmacy over 40 catalogue items, amounts from the seed; `lean` adds to item X. */
  function sales(code: string, seed: number, lean = 0, items = 40, lines = 3): PharmacySales[] {
    const r = seeded(seed)
    const out: PharmacySales[] = []
    for (let i = 0; i < items; i++)
      out.push({
        institutionCode: code,
        code: `X${i}`,
        name: `药品${i}`,
        amount: Math.round(2_000 + 4_000 * r()),
        lines,
      })
    if (lean > 0)
      out.push({ institutionCode: code, code: 'SOAP', name: '某口服液', amount: lean, lines: 30 })
    return out
  }
  const pharmacies = Array.from({ length: 12 }, (_, i) =>
    institution(`Y${i}`, { type: 'PHARMACY', level: 0 })
  )

  test('a pharmacy leaning on one item far beyond its peers is flagged with the excess sales', () => {
    const data = screeningData({
      institutions: pharmacies,
      pharmacySales: pharmacies.flatMap((p, i) =>
        sales(p.code, i + 1, p.code === 'Y3' ? 150_000 : 0)
      ),
    })
    const hits = pharmacySwaps(data, P)
    expect(hits.map((h) => h.subjectId)).toEqual(['Y3'])
    expect(hits[0]?.explanation.summary).toContain('某口服液')
    // No other pharmacy sells it: the whole of it is excess.
    expect(hits[0]?.amount).toBe(150_000)
  })

  test('look-alikes are not flagged: a mild lean, and a tiny pharmacy selling one item', () => {
    const data = screeningData({
      institutions: [...pharmacies, institution('TINY', { type: 'PHARMACY', level: 0 })],
      pharmacySales: [
        ...pharmacies.flatMap((p, i) => sales(p.code, i + 1, p.code === 'Y3' ? 12_000 : 0)),
        { institutionCode: 'TINY', code: 'SOAP', name: '某口服液', amount: 90_000, lines: 5 },
      ],
    })
    expect(pharmacySwaps(data, P)).toEqual([])
  })
})

describe('虚记费用 (F7)', () => {
  const line = (inst: string, code: string, date: string, id: string): CapabilityLine => ({
    feedetlSn: `${id}-1`,
    mdtrtId: id,
    psnNo: 'P1',
    institutionCode: inst,
    day: d(date),
    code,
    name: '层流洁净病房床位费',
    amount: 20_000,
  })
  const stays = ['E1', 'E2', 'E3'].map((id, i) =>
    encounter({
      id,
      psnNo: 'P1',
      institutionCode: ['T1', 'C1', 'C2'][i] as string,
      kind: 'INPATIENT',
    })
  )

  test('an item billed by an institution without the capability on that day is flagged; one with it is not', () => {
    const data = screeningData({
      encounters: stays,
      capabilities: [
        { institutionCode: 'C1', capability: 'LAMINAR', beginDate: '2024-01-01', endDate: null },
        {
          institutionCode: 'C2',
          capability: 'LAMINAR',
          beginDate: '2024-01-01',
          endDate: '2025-02-28',
        },
      ],
      capabilityLines: [
        line('T1', '001109000020000', '2025-03-01', 'E1'),
        line('C1', '001109000020100', '2025-03-01', 'E2'),
        line('C2', '001109000020000', '2025-03-01', 'E3'),
      ],
    })
    const hits = capabilityGaps(data, P)
    expect(hits.map((h) => h.subjectId)).toEqual(['E1', 'E3'])
    expect(hits[0]?.explanation.summary).toContain('层流洁净病房')
    expect(hits[0]?.amount).toBe(12_000)
  })

  test('nothing is flagged while the register is empty', () => {
    const data = screeningData({
      encounters: stays,
      capabilityLines: [line('T1', '001109000020000', '2025-03-01', 'E1')],
    })
    expect(capabilityGaps(data, P)).toEqual([])
  })
})

describe('institution and doctor indicators against their peers', () => {
  /** `n` outpatient visits at `inst` with the given drug share, ± a little by seed. */
  function visits(
    inst: string,
    n: number,
    share: number,
    seed: number,
    doctor = `D-${inst}`,
    total = 10_000
  ): ScreeningEncounter[] {
    const r = seeded(seed)
    return Array.from({ length: n }, (_, i) => {
      const s = Math.min(1, Math.max(0, share + (r() - 0.5) * 0.06))
      return encounter({
        id: `${inst}-${i}`,
        psnNo: `${inst}-P${i}`,
        institutionCode: inst,
        doctor,
        beginDay: d('2025-03-01') + (i % 28),
        total,
        drug: Math.round(total * s),
      })
    })
  }

  test('a drug share far above the peers of the same type and level is a Z1 hit; one within the spread is not', () => {
    const peers = Array.from({ length: 12 }, (_, i) => visits(`T${i}`, 40, 0.4, i + 1))
    const data = screeningData({
      encounters: [
        ...peers.flat(),
        ...visits('HIGH', 40, 0.8, 99),
        ...visits('MILD', 40, 0.46, 98),
      ],
    })
    const { hits, profiles } = institutionOutliers(data, P)
    expect(hits.filter((h) => h.pattern === 'Z1').map((h) => h.subjectId)).toEqual(['HIGH'])
    const high = profiles.find((p) => p.subject.institution.code === 'HIGH')
    const reading = high?.readings.find((r) => r.name === '门诊药占比')
    expect(reading?.z).toBeGreaterThan(P.outlierZ)
    expect(reading?.peerMedian).toBeCloseTo(0.4, 1)
    expect(hits.find((h) => h.pattern === 'Z1')?.explanation.indicators?.[0]?.name).toBe(
      '门诊药占比'
    )
  })

  test('a peer group smaller than minPeers is not compared, nor an institution with too few visits', () => {
    const small = Array.from({ length: 5 }, (_, i) => visits(`T${i}`, 40, 0.4, i + 1))
    const data = screeningData({ encounters: [...small.flat(), ...visits('HIGH', 40, 0.9, 99)] })
    expect(institutionOutliers(data, P).hits).toEqual([])
    const many = Array.from({ length: 12 }, (_, i) => visits(`T${i}`, 40, 0.4, i + 1))
    const few = screeningData({ encounters: [...many.flat(), ...visits('FEW', 10, 0.9, 99)] })
    expect(institutionOutliers(few, P).hits).toEqual([])
  })

  test('a doctor whose visits cost far more than the peers is a DOC hit with the excess paid by the fund', () => {
    const doctors = Array.from({ length: 10 }, (_, i) =>
      visits('H1', 25, 0.4, i + 1, `D${i}`).map((e) => ({ ...e, id: `${e.id}-${i}` }))
    )
    const data = screeningData({
      encounters: [
        ...doctors.flat(),
        ...visits('H1', 25, 0.4, 50, 'DX', 40_000).map((e) => ({ ...e, id: `${e.id}-X` })),
      ],
    })
    const { hits } = doctorOutliers(data, P)
    expect(hits.map((h) => h.subjectId)).toEqual(['DX'])
    // 25 visits × 300 yuan above the median, 60 % from the fund.
    expect(hits[0]?.amount).toBe(450_000)
  })
})
