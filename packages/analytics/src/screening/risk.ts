// SPDX-License-Identifier: Apache-2.0
import type { HitSubject, IndicatorReading, ScreeningHit } from './hit.js'
import { screeningPattern } from './hit.js'

/** One factor of a risk score and the points it brought. */
export interface RiskFactor {
  readonly label: string
  readonly points: number
}

/** A risk score 0–100 of an encounter, institution or doctor, with what it is made of. */
export interface RiskScore {
  readonly subject: Exclude<HitSubject, 'PERSON'>
  readonly subjectId: string
  readonly institutionCode: string
  readonly score: number
  readonly hits: number
  /** Suspected amount of the hits (fen). */
  readonly amount: number
  readonly factors: readonly RiskFactor[]
  readonly indicators: readonly IndicatorReading[]
}

const patternName = (code: string): string => screeningPattern(code)?.name ?? code

/** Points of indicators: every robust z-score above 2 adds 5 points per unit, at most 25 each. */
function indicatorFactors(readings: readonly IndicatorReading[]): RiskFactor[] {
  return readings
    .filter((r) => r.z > 2)
    .map((r) => ({ label: `${r.name} z=${r.z.toFixed(1)}`, points: Math.min(25, (r.z - 2) * 5) }))
}

/** 0–100 from raw points, saturating: 50 raw points ≈ 63. */
const saturate = (raw: number): number => Math.round(100 * (1 - Math.exp(-raw / 50)) * 10) / 10

/**
 * Encounter risk: the chance that at least one of its hits holds, each hit's strength taken as
 * its probability (1 − Π(1 − sᵢ)), as 0–100.
 */
export function encounterRisks(hits: readonly ScreeningHit[]): RiskScore[] {
  const by = new Map<string, ScreeningHit[]>()
  for (const h of hits) {
    if (h.mdtrtId === null || h.subject === 'INSTITUTION' || h.subject === 'DOCTOR') continue
    const list = by.get(h.mdtrtId)
    if (list) list.push(h)
    else by.set(h.mdtrtId, [h])
  }
  return [...by].map(([id, list]) => ({
    subject: 'ENCOUNTER' as const,
    subjectId: id,
    institutionCode: (list[0] as ScreeningHit).institutionCode,
    score: Math.round(1000 * (1 - list.reduce((p, h) => p * (1 - h.score), 1))) / 10,
    hits: list.length,
    amount: Math.max(...list.map((h) => h.amount)),
    factors: list.map((h) => ({
      label: patternName(h.pattern),
      points: Math.round(h.score * 100),
    })),
    indicators: [],
  }))
}

/**
 * Institution or doctor risk: points from indicators far above the peers and from the hits that
 * concern it (10 points × strength each, at most 40 per pattern), saturated to 0–100.
 */
export function subjectRisks(
  subject: 'INSTITUTION' | 'DOCTOR',
  subjects: readonly {
    id: string
    institutionCode: string
    readings: readonly IndicatorReading[]
  }[],
  hits: readonly ScreeningHit[]
): RiskScore[] {
  const own = new Map<string, ScreeningHit[]>()
  for (const h of hits) {
    const key =
      subject === 'INSTITUTION' ? h.institutionCode : h.subject === 'DOCTOR' ? h.subjectId : null
    if (key === null) continue
    const list = own.get(key)
    if (list) list.push(h)
    else own.set(key, [h])
  }
  const ids = new Map(subjects.map((s) => [s.id, s] as const))
  for (const key of own.keys())
    if (!ids.has(key))
      ids.set(key, {
        id: key,
        institutionCode: own.get(key)?.[0]?.institutionCode ?? key,
        readings: [],
      })
  return [...ids.values()]
    .map((s) => {
      const list = own.get(s.id) ?? []
      const byPattern = new Map<string, number>()
      for (const h of list) byPattern.set(h.pattern, (byPattern.get(h.pattern) ?? 0) + 10 * h.score)
      const factors = [
        ...indicatorFactors(s.readings),
        ...[...byPattern].map(([p, pts]) => ({
          label: `${patternName(p)} ${list.filter((h) => h.pattern === p).length}条`,
          points: Math.min(40, pts),
        })),
      ].sort((a, b) => b.points - a.points)
      return {
        subject,
        subjectId: s.id,
        institutionCode: s.institutionCode,
        score: saturate(factors.reduce((t, f) => t + f.points, 0)),
        hits: list.length,
        amount: list.reduce((t, h) => t + h.amount, 0),
        factors: factors.map((f) => ({ ...f, points: Math.round(f.points * 10) / 10 })),
        indicators: s.readings,
      }
    })
    .sort((a, b) => b.score - a.score || (a.subjectId < b.subjectId ? -1 : 1))
}
