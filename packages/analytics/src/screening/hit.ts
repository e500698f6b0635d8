// SPDX-License-Identifier: Apache-2.0

/** What a screening result is about. */
export type HitSubject = 'ENCOUNTER' | 'PERSON' | 'INSTITUTION' | 'DOCTOR'

/** One indicator of an explanation: the value, the peers' median and how far from them. */
export interface IndicatorReading {
  readonly name: string
  readonly value: number
  readonly peerMedian: number
  readonly z: number
  readonly percentile: number
  readonly peers: number
}

/** Why something was flagged: a sentence, and the figures behind it. */
export interface Explanation {
  readonly summary: string
  readonly indicators?: readonly IndicatorReading[]
  /** Persons of a cluster (结伴就医). */
  readonly persons?: readonly string[]
  /** Encounters involved (mdtrt_id). */
  readonly encounters?: readonly string[]
  /** Days involved (YYYY-MM-DD). */
  readonly days?: readonly string[]
}

/** One screening result. Amounts are integer fen. */
export interface ScreeningHit {
  /** Pattern code (`SCREENING_PATTERNS`). */
  readonly pattern: string
  readonly subject: HitSubject
  readonly subjectId: string
  readonly institutionCode: string
  readonly psnNo: string | null
  readonly mdtrtId: string | null
  /** Suspected amount. */
  readonly amount: number
  /** Strength 0–1. */
  readonly score: number
  /** Cluster the hit belongs to (结伴就医 groups, 分解住院 chains). */
  readonly clusterId: string | null
  readonly explanation: Explanation
}

/** A screening pattern: what it finds and at which level it is counted. */
export interface ScreeningPattern {
  readonly code: string
  readonly name: string
  readonly subject: HitSubject
  /** Injected truth types (datagen) that this pattern should find, for evaluation. */
  readonly truthTypes: readonly string[]
}

/** The screening models, in the order they run. */
export const SCREENING_PATTERNS: readonly ScreeningPattern[] = [
  { code: 'F1', name: '挂床住院', subject: 'ENCOUNTER', truthTypes: ['F1'] },
  { code: 'M14', name: '分解住院', subject: 'ENCOUNTER', truthTypes: ['M14'] },
  {
    code: 'F5',
    name: '冒名就医（死亡后就医、同时多地就医、诊断与性别年龄不符）',
    subject: 'ENCOUNTER',
    truthTypes: ['F3', 'F4', 'M19', 'M20'],
  },
  { code: 'F9', name: '团伙/结伴就医', subject: 'PERSON', truthTypes: ['F9'] },
  { code: 'F6', name: '药店串换（品种结构偏离同类）', subject: 'INSTITUTION', truthTypes: ['F6'] },
  { code: 'F7', name: '虚记费用（超出服务能力）', subject: 'ENCOUNTER', truthTypes: ['F7'] },
  { code: 'Z1', name: '机构药占比异常', subject: 'INSTITUTION', truthTypes: ['Z1'] },
  { code: 'ZB', name: '机构其他指标偏离同类', subject: 'INSTITUTION', truthTypes: [] },
  { code: 'DOC', name: '医生指标偏离同类', subject: 'DOCTOR', truthTypes: [] },
]

/** A pattern by code. */
export function screeningPattern(code: string): ScreeningPattern | undefined {
  return SCREENING_PATTERNS.find((p) => p.code === code)
}
