// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import type { FeeLine, Encounter } from '@yibao/domain'
import {
  ageInDays,
  ageInYears,
  checkSettlementIdentities,
  dateOf,
  daysBetween,
  lineAmount,
} from '@yibao/domain'
import type { KnowledgePoint } from '@yibao/knowledge'
import { loadBuiltinPack } from '@yibao/knowledge'
import { beforeAll, describe, expect, test } from 'vitest'
import { ageAllowed } from './demo-catalog.js'
import type { RegionBatch } from './demo-options.js'
import { demoPlan } from './demo-plan.js'
import { generateRegion } from './generate-region.js'
import { INJECTORS } from './injector-registry.js'

const pack = loadBuiltinPack()
const plan = demoPlan({ scale: 'small', seed: 7 })

function hashBatches(batches: Iterable<RegionBatch>): string {
  const h = createHash('sha256')
  for (const b of batches) h.update(JSON.stringify(b))
  return h.digest('hex')
}

let batches: RegionBatch[] = []
const all = <K extends keyof RegionBatch>(
  key: K
): NonNullable<RegionBatch[K]> extends (infer T)[] ? T[] : never =>
  batches.flatMap((b) => (b[key] ?? []) as never[]) as never

beforeAll(() => {
  batches = [...generateRegion(pack, { scale: 'small', seed: 7 })]
})

describe('generateRegion at small scale', () => {
  test('the same seed gives identical batches and another seed different ones', () => {
    const again = hashBatches(generateRegion(pack, { scale: 'small', seed: 7 }))
    expect(again).toBe(hashBatches(batches))
    const other = generateRegion(pack, { scale: 'small', seed: 8 })
    other.next()
    const firstPersons = other.next().value as RegionBatch
    expect(hashBatches([firstPersons])).not.toBe(hashBatches([batches[1] as RegionBatch]))
  })

  test('institutions match the seed by type and are not scaled', () => {
    const institutions = all('institutions')
    const byType: Record<string, number> = {}
    for (const i of institutions) byType[i.type] = (byType[i.type] ?? 0) + 1
    expect(byType).toEqual({ HOSPITAL: 39, VILLAGE_CLINIC: 308, CLINIC: 13, PHARMACY: 93 })
    expect(new Set(institutions.map((i) => i.code)).size).toBe(453)
    expect(
      institutions.filter((i) => i.type === 'HOSPITAL' && i.level === 2).length
    ).toBeGreaterThanOrEqual(3)
  })

  test('persons, insurance types and identity groups follow the scaled seed exactly', () => {
    const persons = all('persons')
    expect(persons.length).toBe(Math.round(393_675 / 50) - 1) // 职工 and 居民 are rounded separately
    expect(persons.filter((p) => p.insuType === '310').length).toBe(Math.round(25_212 / 50))
    expect(persons.filter((p) => p.insuType === '390').length).toBe(Math.round(368_463 / 50))
    expect(new Set(persons.map((p) => p.psnNo)).size).toBe(persons.length)
    const identities = all('identities')
    const count = (types: string[]): number =>
      identities.filter((i) => types.includes(i.type)).length
    expect(count(['TEKUN', 'GUER', 'SHISHI_WUREN', 'ZHONGDU_CANJI'])).toBe(Math.round(9_247 / 50))
    expect(count(['DIBAO', 'DIBAO_BIANYUAN', 'JIANCE'])).toBe(Math.round(13_451 / 50))
    expect(count(['TUOPIN'])).toBe(Math.round(65_930 / 50))
    expect(identities.some((i) => i.begin > plan.periodStart)).toBe(true)
    expect(identities.some((i) => i.end !== null && i.end < plan.periodEnd)).toBe(true)
  })

  test('settlements are one per encounter and near 785,218 / 50', () => {
    const settlements = all('settlements')
    const encounters = all('encounters')
    expect(settlements.length).toBe(encounters.length)
    expect(new Set(settlements.map((s) => s.mdtrtId)).size).toBe(encounters.length)
    // Poisson noise at this size is about 1 %, person frailty adds some more, injections add ~1 %.
    expect(Math.abs(settlements.length / plan.expectedSettlements - 1)).toBeLessThan(0.05)
    const stays = encounters.filter((e) => e.kind === 'INPATIENT').length
    expect(stays / encounters.length).toBeGreaterThan(0.04)
    expect(stays / encounters.length).toBeLessThan(0.08)
  })

  test('every settlement satisfies the accounting identities and its fund rows add up', () => {
    const details = new Map<string, { fund: number; acct: number }>()
    for (const d of all('fundDetails')) {
      const e = details.get(d.setlId) ?? { fund: 0, acct: 0 }
      if (d.fundPayType === '310200') e.acct += d.amount
      else e.fund += d.amount
      details.set(d.setlId, e)
    }
    for (const s of all('settlements')) {
      expect(checkSettlementIdentities(s)).toEqual([])
      const d = details.get(s.setlId) ?? { fund: 0, acct: 0 }
      expect(d.fund).toBe(s.fundPaySumamt)
      expect(d.acct).toBe(s.acctPay)
    }
    const lines = new Map<string, number>()
    for (const l of all('feeLines'))
      lines.set(l.setlId ?? '', (lines.get(l.setlId ?? '') ?? 0) + l.amount)
    for (const s of all('settlements')) expect(lines.get(s.setlId)).toBe(s.medfeeSumamt)
  })

  test('fee line amounts equal quantity × price except injected M2 lines', () => {
    const m2 = new Set(
      all('truth')
        .filter((t) => t.type === 'M2')
        .map((t) => t.feedetlSn)
    )
    let mismatched = 0
    for (const l of all('feeLines')) {
      if (l.amount !== lineAmount(l.quantity, l.price)) {
        expect(m2.has(l.feedetlSn)).toBe(true)
        mismatched++
      }
    }
    expect(mismatched).toBe(m2.size)
  })

  test('every injectable type appears and every truth row points at real records', () => {
    const truth = all('truth')
    const types = new Set(truth.map((t) => t.type))
    // D6 needs a newborn-only drug, which the 2025.1 pack does not have.
    const expected = Object.keys(INJECTORS).filter((c) => c !== 'D6')
    for (const code of expected) expect(types, code).toContain(code)
    const encounters = new Set(all('encounters').map((e) => e.mdtrtId))
    const lines = new Map(all('feeLines').map((l) => [l.feedetlSn, l]))
    for (const t of truth) {
      expect(encounters.has(t.mdtrtId)).toBe(true)
      if (t.feedetlSn !== null) expect(lines.get(t.feedetlSn)?.mdtrtId).toBe(t.mdtrtId)
      expect(t.amount).toBeGreaterThanOrEqual(0)
      expect(t.note.length).toBeGreaterThan(0)
    }
    const touched = new Set(truth.map((t) => t.mdtrtId)).size
    expect(touched / encounters.size).toBeGreaterThan(0.005)
    expect(touched / encounters.size).toBeLessThan(0.06)
  })
})

describe('the clean background breaks no knowledge point', () => {
  let clean: FeeLine[] = []
  let encById = new Map<string, Encounter>()
  const points = new Map<string, KnowledgePoint[]>()
  beforeAll(() => {
    for (const p of pack.points)
      for (const c of p.codes) points.set(c, [...(points.get(c) ?? []), p])
    const dirty = new Set(all('truth').map((t) => t.mdtrtId))
    encById = new Map(all('encounters').map((e) => [e.mdtrtId, e]))
    clean = all('feeLines').filter((l) => !dirty.has(l.mdtrtId))
  })

  test('gender, age, insurance type, care setting and institution level hold on every line', () => {
    const persons = new Map(all('persons').map((p) => [p.psnNo, p]))
    const levels = new Map(all('institutions').map((i) => [i.code, i.level]))
    let checked = 0
    for (const l of clean) {
      const pts = points.get(l.code)
      if (!pts) continue
      const p = persons.get(l.psnNo)!
      const e = encById.get(l.mdtrtId)!
      const date = dateOf(l.time)
      for (const pt of pts) {
        const c = pt.condition
        checked++
        if (c.kind === 'GENDER') expect(p.gender).toBe(c.gender)
        if (c.kind === 'AGE')
          expect(ageAllowed(c, ageInYears(p.birthDate, date), ageInDays(p.birthDate, date))).toBe(
            true
          )
        if (c.kind === 'INSURANCE_TYPE') expect(c.insuTypes).toContain(e.insuType)
        if (c.kind === 'CARE_SETTING')
          expect(e.kind === 'INPATIENT').toBe(c.setting === 'INPATIENT')
        if (c.kind === 'INSTITUTION_LEVEL')
          expect(levels.get(e.institutionCode)).toBeGreaterThanOrEqual(c.minLevel)
      }
    }
    expect(checked).toBeGreaterThan(1000)
  })

  test('frequency, duplicate-charge, course and period limits hold', () => {
    const perDay = new Map<string, number>()
    const byEncounter = new Map<string, Set<string>>()
    const courseDays = new Map<string, Set<string>>()
    for (const l of clean) {
      const day = `${l.mdtrtId}|${l.code}|${l.time.slice(0, 10)}`
      perDay.set(day, (perDay.get(day) ?? 0) + l.quantity)
      const set = byEncounter.get(l.mdtrtId) ?? new Set()
      set.add(l.code)
      byEncounter.set(l.mdtrtId, set)
    }
    for (const [key, q] of perDay) {
      const code = key.split('|')[1]!
      for (const pt of points.get(code) ?? []) {
        const c = pt.condition
        if (c.kind === 'FREQUENCY' && c.per !== 'ENCOUNTER')
          expect(q, key).toBeLessThanOrEqual(c.per === 'HOUR' ? 24 : c.maxQuantity)
      }
    }
    for (const [mdtrt, codes] of byEncounter) {
      for (const code of codes) {
        for (const pt of points.get(code) ?? []) {
          if (pt.condition.kind === 'DUPLICATE_CHARGE')
            expect(codes.has(pt.condition.pairedCode), `${mdtrt} ${code}`).toBe(false)
        }
      }
    }
    for (const l of clean) {
      for (const pt of points.get(l.code) ?? []) {
        if (pt.condition.kind !== 'PAYMENT_COURSE') continue
        const k = `${l.psnNo}|${pt.id}`
        courseDays.set(k, (courseDays.get(k) ?? new Set()).add(l.time.slice(0, 10)))
        expect(courseDays.get(k)!.size).toBeLessThanOrEqual(pt.condition.maxDays)
      }
    }
  })

  test('prices stay at or below the cap and outpatient prescriptions stay within limits', () => {
    const caps = new Map(all('priceCaps').map((c) => [`${c.code}|${c.level}`, c.cap]))
    const levels = new Map(all('institutions').map((i) => [i.code, i.level]))
    const rx = new Map<string, Set<string>>()
    for (const l of clean) {
      const cap = caps.get(`${l.code}|${levels.get(l.institutionCode)}`)
      if (cap !== undefined) expect(l.price).toBeLessThanOrEqual(cap)
      const e = encById.get(l.mdtrtId)!
      if (l.listType === '101' && (e.medType === '11' || e.medType === '41')) {
        expect(l.days ?? 0).toBeLessThanOrEqual(7)
      }
      if (l.listType === '101' && e.kind === 'OUTPATIENT' && l.rxNo !== null) {
        rx.set(l.rxNo, (rx.get(l.rxNo) ?? new Set()).add(l.code))
      }
      if (e.kind === 'INPATIENT') {
        expect(l.time >= e.begin && l.time <= (e.end ?? l.time)).toBe(true)
      }
    }
    for (const codes of rx.values()) expect(codes.size).toBeLessThanOrEqual(5)
  })

  test('persons without injections have no readmissions, overlaps, post-mortem or same-day repeats', () => {
    const dirty = new Set(all('truth').map((t) => t.psnNo))
    const byPerson = new Map<string, Encounter[]>()
    for (const e of all('encounters')) {
      if (dirty.has(e.psnNo)) continue
      byPerson.set(e.psnNo, [...(byPerson.get(e.psnNo) ?? []), e])
    }
    const deaths = new Map(all('persons').map((p) => [p.psnNo, p.deathDate]))
    for (const [psn, encs] of byPerson) {
      const stays = encs.filter((e) => e.kind === 'INPATIENT')
      expect(stays.length).toBeLessThanOrEqual(3)
      const days = new Set<string>()
      for (const e of encs) {
        const d = e.begin.slice(0, 10)
        expect(days.has(d), `${psn} ${d}`).toBe(false)
        days.add(d)
        const death = deaths.get(psn)
        if (death) expect(d < death).toBe(true)
        for (const s of stays) {
          if (s === e) continue
          const inside = d >= s.begin.slice(0, 10) && d <= (s.end ?? s.begin).slice(0, 10)
          expect(inside, `${psn} ${d}`).toBe(false)
        }
      }
      stays.sort((a, b) => a.begin.localeCompare(b.begin))
      for (let i = 1; i < stays.length; i++) {
        const gap = daysBetween(
          (stays[i - 1]!.end ?? '').slice(0, 10),
          stays[i]!.begin.slice(0, 10)
        )
        expect(gap).toBeGreaterThan(15)
      }
    }
  })
})
