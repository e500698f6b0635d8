// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { ScreeningEncounter } from '../data.js'
import { DEFAULT_SCREENING_PARAMS as P } from '../params.js'
import { d, encounter, screeningData } from '../testing.js'
import { companionClusters, companions } from './companions.js'

/** Visits of `persons` at `inst` on `dates`, the k-th person `k × step` minutes after 10:00. */
function together(
  persons: string[],
  inst: string,
  dates: string[],
  step = 5
): ScreeningEncounter[] {
  return dates.flatMap((date, i) =>
    persons.map((p, k) =>
      encounter({
        id: `${p}-${inst}-${i}`,
        psnNo: p,
        institutionCode: inst,
        beginDay: d(date),
        beginMinute: d(date) * 1440 + 600 + k * step,
      })
    )
  )
}

describe('结伴就医 (F9)', () => {
  test('three persons coming together three times within 90 days form one cluster, each a hit', () => {
    const data = screeningData({
      encounters: together(['A', 'B', 'C'], 'H9', ['2025-03-01', '2025-04-02', '2025-05-20']),
    })
    const clusters = companionClusters(data, P)
    expect(clusters).toHaveLength(1)
    expect(clusters[0]?.persons).toEqual(['A', 'B', 'C'])
    expect(clusters[0]?.edges).toHaveLength(3)
    const hits = companions(data, P)
    expect(hits.map((h) => h.psnNo)).toEqual(['A', 'B', 'C'])
    expect(hits.every((h) => h.clusterId === clusters[0]?.id)).toBe(true)
    // Three visits of 60 yuan from the fund each.
    expect(hits[0]?.amount).toBe(18_000)
    expect(hits[0]?.explanation.persons).toEqual(['A', 'B', 'C'])
  })

  test.each([
    ['only twice', together(['A', 'B', 'C'], 'H9', ['2025-03-01', '2025-04-02'])],
    [
      'three times over 120 days',
      together(['A', 'B', 'C'], 'H9', ['2025-03-01', '2025-04-02', '2025-06-29']),
    ],
    [
      'the same days two hours apart',
      together(['A', 'B', 'C'], 'H9', ['2025-03-01', '2025-04-02', '2025-05-20'], 120),
    ],
    ['two persons only', together(['A', 'B'], 'H9', ['2025-03-01', '2025-04-02', '2025-05-20'])],
    [
      'pairs that chain on different days (A with B, B with C, never three together)',
      [
        ...together(['A', 'B'], 'H9', ['2025-03-01', '2025-03-15', '2025-04-02']),
        ...together(['B', 'C'], 'H9', ['2025-04-20', '2025-05-04', '2025-05-20']).map((e) => ({
          ...e,
          id: `${e.id}-2`,
        })),
      ],
    ],
    [
      'the same days at different institutions',
      [
        ...together(['A', 'B'], 'H9', ['2025-03-01', '2025-04-02', '2025-05-20']),
        ...together(['C'], 'H8', ['2025-03-01', '2025-04-02', '2025-05-20']),
      ],
    ],
  ])('not a cluster: %s', (_name, encounters) => {
    const data = screeningData({ encounters })
    expect(companions(data, P)).toEqual([])
  })
})
