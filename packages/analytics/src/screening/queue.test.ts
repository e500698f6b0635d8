// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { evaluatePatterns, queueShare } from './evaluate.js'
import type { TruthRow } from './evaluate.js'
import type { ScreeningHit } from './hit.js'
import type { QueueCandidate } from './queue.js'
import { rankQueue } from './queue.js'
import { encounterRisks, subjectRisks } from './risk.js'

const finding = (
  id: string,
  key: string,
  severity: string,
  amount: number,
  mdtrtId = id
): QueueCandidate => ({
  kind: 'FINDING',
  id,
  key,
  label: key,
  severity,
  score: null,
  amount,
  institutionCode: 'H1',
  psnNo: 'P1',
  mdtrtId,
  subject: 'ENCOUNTER',
})

describe('review queue', () => {
  test('heuristic until enough decisions: expected = amount × probability, ties by amount then id, days by capacity', () => {
    const q = rankQueue(
      [
        finding('a', 'R1', 'SUSPECT', 10_000),
        finding('b', 'R2', 'CLEAR', 5_000),
        finding('c', 'R2', 'CLEAR', 4_000),
      ],
      [{ key: 'R1', upheld: 1, dismissed: 0 }],
      { capacityPerDay: 2, minDecisions: 30, priorWeight: 10 }
    )
    // CLEAR 0.9, SUSPECT 0.35: b 4,500, c 3,600, a 3,500.
    expect(q.map((i) => [i.id, i.expected, i.method, i.day, i.rank])).toEqual([
      ['b', 4_500, 'HEURISTIC', 1, 1],
      ['c', 3_600, 'HEURISTIC', 1, 2],
      ['a', 3_500, 'HEURISTIC', 2, 3],
    ])
  })

  test('a rule with enough dismissals is learned and falls behind', () => {
    const stats = [{ key: 'R1', upheld: 2, dismissed: 38 }]
    const q = rankQueue(
      [finding('a', 'R1', 'CLEAR', 10_000), finding('b', 'R2', 'SUSPECT', 8_000)],
      stats,
      {
        capacityPerDay: 10,
        minDecisions: 30,
        priorWeight: 10,
      }
    )
    const a = q.find((i) => i.id === 'a')
    // (2 + 0.9 × 10) / (40 + 10) = 0.22
    expect(a?.probability).toBeCloseTo(0.22, 10)
    expect(a?.method).toBe('LEARNED')
    // Heuristically a (9,000) would lead b (2,800); learned, a expects 2,200.
    expect(q.map((i) => [i.id, i.expected])).toEqual([
      ['b', 2_800],
      ['a', 2_200],
    ])
  })

  test('a capacity below one is refused', () => {
    expect(() => rankQueue([], [], { capacityPerDay: 0, minDecisions: 1, priorWeight: 1 })).toThrow(
      RangeError
    )
  })
})

const hit = (
  pattern: string,
  subject: ScreeningHit['subject'],
  id: string,
  over: Partial<ScreeningHit> = {}
): ScreeningHit => ({
  pattern,
  subject,
  subjectId: id,
  institutionCode: 'H1',
  psnNo: subject === 'PERSON' ? id : 'P1',
  mdtrtId: subject === 'ENCOUNTER' ? id : null,
  amount: 1_000,
  score: 0.5,
  clusterId: null,
  explanation: { summary: id },
  ...over,
})

const truth = (
  type: string,
  mdtrtId: string,
  amount: number,
  over: Partial<TruthRow> = {}
): TruthRow => ({
  type,
  psnNo: 'P1',
  mdtrtId,
  institutionCode: 'H1',
  amount,
  ...over,
})

describe('evaluation against the truth', () => {
  test('precision and recall are counted at each pattern’s subject level', () => {
    const hits = [
      hit('F1', 'ENCOUNTER', 'E1'),
      hit('F1', 'ENCOUNTER', 'E9'),
      hit('F9', 'PERSON', 'P7'),
    ]
    const rows = [
      truth('F1', 'E1', 100),
      truth('F1', 'E2', 100),
      truth('F9', 'E5', 50, { psnNo: 'P7' }),
    ]
    const byPattern = Object.fromEntries(evaluatePatterns(hits, rows).map((p) => [p.pattern, p]))
    expect(byPattern['F1']).toMatchObject({
      truth: 2,
      flagged: 2,
      truePositives: 1,
      precision: 0.5,
      recall: 0.5,
    })
    expect(byPattern['F9']).toMatchObject({ truth: 1, flagged: 1, precision: 1, recall: 1 })
    expect(byPattern['F7']).toMatchObject({ truth: 0, flagged: 0, precision: null, recall: null })
    expect(byPattern['DOC']?.precision).toBeNull()
  })

  test('the top share counts the truth amount the first 5 % of the queue reaches', () => {
    const candidates: QueueCandidate[] = Array.from({ length: 40 }, (_, i) =>
      finding(`F${i}`, 'R1', 'CLEAR', 1_000 - i, `E${i}`)
    )
    const q = rankQueue(candidates, [], { capacityPerDay: 10, minDecisions: 30, priorWeight: 10 })
    const rows = [truth('S1', 'E0', 700), truth('S1', 'E1', 200), truth('S1', 'E30', 100)]
    const s = queueShare(q, rows)
    expect(s.topItems).toBe(2)
    expect(s.topTruthAmount).toBe(900)
    expect(s.share).toBe(0.9)
    expect(s.queueTruthAmount).toBe(1_000)
  })
})

describe('risk scores', () => {
  test('an encounter’s risk combines its hits as independent chances', () => {
    const [r] = encounterRisks([
      hit('F1', 'ENCOUNTER', 'E1', { score: 0.5 }),
      hit('F5', 'ENCOUNTER', 'E1', { score: 0.5 }),
    ])
    expect(r?.score).toBe(75)
    expect(r?.hits).toBe(2)
  })

  test('an institution’s risk grows with its outlying indicators and hits', () => {
    const readings = [
      { name: '门诊药占比', value: 0.8, peerMedian: 0.4, z: 6, percentile: 1, peers: 12 },
    ]
    const risks = subjectRisks(
      'INSTITUTION',
      [
        { id: 'H1', institutionCode: 'H1', readings },
        { id: 'H2', institutionCode: 'H2', readings: [] },
      ],
      [hit('F1', 'ENCOUNTER', 'E1')]
    )
    expect(risks.map((r) => r.subjectId)).toEqual(['H1', 'H2'])
    expect(risks[0]?.factors.map((f) => f.points)).toEqual([20, 5])
    expect(risks[1]?.score).toBe(0)
  })
})
