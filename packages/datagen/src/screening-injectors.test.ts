// SPDX-License-Identifier: Apache-2.0
import type { Encounter, FeeLine, InstitutionCapability } from '@yibao/domain'
import { capabilityOfItem, DEFAULT_CAPABILITY_ITEMS } from '@yibao/domain'
import { loadBuiltinPack } from '@yibao/knowledge'
import { beforeAll, describe, expect, test } from 'vitest'
import { DemoCatalog, LAMINAR_BED_CODE } from './demo-catalog.js'
import type { RegionBatch } from './demo-options.js'
import { demoPlan } from './demo-plan.js'
import { generateRegion } from './generate-region.js'
import { DEFAULT_RATES } from './injector-registry.js'
import {
  Z1_MIN_DRUG,
  Z1_MIN_SHARE,
  drugShareOf,
  swapPharmacies,
  swapShops,
  z1Hospital,
} from './injectors/screening-injectors.js'
import { buildReferenceData } from './reference-data.js'

const pack = loadBuiltinPack()
const options = { scale: 'small', seed: 7 } as const
const plan = demoPlan(options)
const ref = buildReferenceData(plan, new DemoCatalog(pack))

const capabilityOf = (code: string): string | undefined =>
  capabilityOfItem(code, DEFAULT_CAPABILITY_ITEMS)

/** Everything of a region, flattened, with the lines grouped by encounter. */
interface Region {
  readonly batches: RegionBatch[]
  readonly encounters: Encounter[]
  readonly lines: FeeLine[]
  readonly linesOf: Map<string, FeeLine[]>
  readonly capabilities: InstitutionCapability[]
}

function regionOf(rates?: Partial<Record<string, number>>): Region {
  const batches = [...generateRegion(pack, { ...options, ...(rates ? { rates } : {}) })]
  const encounters = batches.flatMap((b) => b.encounters)
  const lines = batches.flatMap((b) => b.feeLines)
  const linesOf = new Map<string, FeeLine[]>()
  for (const l of lines) linesOf.set(l.mdtrtId, [...(linesOf.get(l.mdtrtId) ?? []), l])
  const capabilities = batches.flatMap((b) => b.capabilities ?? [])
  return { batches, encounters, lines, linesOf, capabilities }
}

const looksLikeZ1 = (lines: readonly FeeLine[]): boolean => {
  const s = drugShareOf(lines)
  return s.share >= Z1_MIN_SHARE && s.drug >= Z1_MIN_DRUG
}

describe('capability register', () => {
  test('only the reference batch carries it: ICU and LAMINAR at 二级+ hospitals, ICU at 一级', () => {
    const batches = generateRegion(pack, options)
    const first = batches.next().value as RegionBatch
    const second = batches.next().value as RegionBatch
    expect(second.capabilities).toBeUndefined()
    const caps = first.capabilities ?? []
    const byInst = new Map<string, string[]>()
    for (const c of caps) {
      byInst.set(c.institutionCode, [...(byInst.get(c.institutionCode) ?? []), c.capability])
      expect(c.beginDate).toBe(plan.periodStart)
      expect(c.endDate).toBeNull()
    }
    for (const inst of first.institutions ?? []) {
      const want = inst.type !== 'HOSPITAL' ? [] : inst.level >= 2 ? ['ICU', 'LAMINAR'] : ['ICU']
      expect((byInst.get(inst.code) ?? []).sort(), inst.code).toEqual(want)
    }
  })
})

describe('the clean background (all rates 0)', () => {
  let clean: Region
  beforeAll(() => {
    const zero = Object.fromEntries(Object.keys(DEFAULT_RATES).map((c) => [c, 0]))
    clean = regionOf({ ...zero, P1: 0 })
  })

  test('injects nothing', () => {
    expect(clean.batches.flatMap((b) => b.truth)).toEqual([])
  })

  test('never bills an item of a capability its institution lacks, and never a 层流 bed', () => {
    const has = new Set(clean.capabilities.map((c) => `${c.institutionCode}|${c.capability}`))
    let needing = 0
    for (const l of clean.lines) {
      expect(l.code.startsWith(LAMINAR_BED_CODE.slice(0, 12)), l.feedetlSn).toBe(false)
      const cap = capabilityOf(l.code)
      if (cap === undefined) continue
      needing++
      expect(has.has(`${l.institutionCode}|${cap}`), `${l.feedetlSn} ${l.code}`).toBe(true)
    }
    // 重症监护 is billed in stays, also at 一级 hospitals.
    expect(needing).toBeGreaterThan(0)
  })

  test('no outpatient visit at a township hospital looks like a Z1 大处方', () => {
    const townships = new Set(ref.townshipHospitals.map((h) => h.code))
    let visits = 0
    for (const e of clean.encounters) {
      if (!townships.has(e.institutionCode) || e.kind !== 'OUTPATIENT') continue
      visits++
      expect(looksLikeZ1(clean.linesOf.get(e.mdtrtId) ?? []), e.mdtrtId).toBe(false)
    }
    expect(visits).toBeGreaterThan(1000)
  })

  test('no pharmacy sells a swap drug', () => {
    const codes = new Set(swapShops(new DemoCatalog(pack), ref).map((s) => s.drug.code))
    const pharmacies = new Set(ref.pharmacies.map((p) => p.code))
    for (const l of clean.lines) {
      if (pharmacies.has(l.institutionCode)) expect(codes.has(l.code), l.feedetlSn).toBe(false)
    }
  })
})

describe('screening patterns at small scale', () => {
  let region: Region
  beforeAll(() => {
    region = regionOf()
  })
  const truthOf = (type: string): RegionBatch['truth'] =>
    region.batches.flatMap((b) => b.truth).filter((t) => t.type === type)
  const encounter = (id: string): Encounter => region.encounters.find((e) => e.mdtrtId === id)!

  test('F6: at least 40 single-line purchases of each swap pharmacy’s fixed drug', () => {
    const shops = swapShops(new DemoCatalog(pack), ref)
    expect(shops.map((s) => s.inst.code)).toEqual(swapPharmacies(ref).map((p) => p.code))
    expect(shops).toHaveLength(3)
    expect(new Set(shops.map((s) => s.drug.code)).size).toBe(3)
    const truth = truthOf('F6')
    expect(truth.length).toBeGreaterThanOrEqual(40)
    expect(new Set(truth.map((t) => t.institutionCode))).toEqual(
      new Set(shops.map((s) => s.inst.code))
    )
    for (const t of truth) {
      const e = encounter(t.mdtrtId)
      expect(e.kind).toBe('PHARMACY')
      expect(e.medType).toBe('41')
      expect(t.feedetlSn).toBeNull()
      const shop = shops.find((s) => s.inst.code === t.institutionCode)!
      const lines = region.linesOf.get(t.mdtrtId) ?? []
      expect(lines).toHaveLength(1)
      const [line] = lines
      expect(line?.code).toBe(shop.drug.code)
      expect(line?.price).toBeGreaterThanOrEqual(300_000)
      expect(line?.amount).toBeGreaterThanOrEqual(10_000)
      expect(line?.amount).toBeLessThanOrEqual(30_000)
      expect(line?.days).toBeLessThanOrEqual(7)
    }
    // Outside the cases, no pharmacy sells a swap drug.
    const cases = new Set(truth.map((t) => t.mdtrtId))
    const codes = new Set(shops.map((s) => s.drug.code))
    const pharmacies = new Set(ref.pharmacies.map((p) => p.code))
    for (const l of region.lines) {
      if (pharmacies.has(l.institutionCode) && codes.has(l.code))
        expect(cases.has(l.mdtrtId)).toBe(true)
    }
  })

  test('F7: 层流 bed fees only in F7 stays at 一级 hospitals', () => {
    const truth = truthOf('F7')
    expect(truth.length).toBeGreaterThanOrEqual(3)
    expect(truth.length).toBeLessThanOrEqual(20)
    const levels = new Map(ref.institutions.map((i) => [i.code, i]))
    const cases = new Set(truth.map((t) => t.mdtrtId))
    for (const t of truth) {
      const inst = levels.get(t.institutionCode)
      expect(inst?.type).toBe('HOSPITAL')
      expect(inst?.level).toBe(1)
      expect(encounter(t.mdtrtId).kind).toBe('INPATIENT')
      const lines = region.linesOf.get(t.mdtrtId) ?? []
      const laminar = lines.filter((l) => l.code === LAMINAR_BED_CODE)
      expect(laminar.length).toBeGreaterThanOrEqual(2)
      expect(laminar.length).toBeLessThanOrEqual(4)
      // ¥76.50 a day at 一级: three times the ordinary bed (¥25.50).
      for (const l of laminar) expect(l.price).toBe(3 * 255_000)
      // One bed fee a day: 层流 days have no ordinary bed fee.
      const bedDays = lines
        .filter((l) => l.code.startsWith('0011090000'))
        .map((l) => l.time.slice(0, 10))
      expect(new Set(bedDays).size).toBe(bedDays.length)
    }
    for (const l of region.lines) {
      if (l.code.startsWith(LAMINAR_BED_CODE.slice(0, 12))) expect(cases.has(l.mdtrtId)).toBe(true)
    }
  })

  test('Z1: at least 40 大处方 visits, all at the designated township hospital', () => {
    const hospital = z1Hospital(ref)!
    const truth = truthOf('Z1')
    expect(truth.length).toBeGreaterThanOrEqual(40)
    for (const t of truth) {
      expect(t.institutionCode).toBe(hospital.code)
      const e = encounter(t.mdtrtId)
      expect(e.kind).toBe('OUTPATIENT')
      expect(e.medType).toBe('11')
      const lines = region.linesOf.get(t.mdtrtId) ?? []
      expect(looksLikeZ1(lines)).toBe(true)
      const rx = new Map<string, Set<string>>()
      for (const l of lines) {
        if (l.listType !== '101') continue
        expect(l.days ?? 0).toBeLessThanOrEqual(7)
        rx.set(l.rxNo ?? '', (rx.get(l.rxNo ?? '') ?? new Set()).add(l.code))
      }
      for (const codes of rx.values()) expect(codes.size).toBeLessThanOrEqual(5)
    }
    // No encounter without a truth meets the Z1 criteria at a township hospital (a D9 case, an
    // injection for 21 days, can).
    const townships = new Set(ref.townshipHospitals.map((h) => h.code))
    const dirty = new Set(region.batches.flatMap((b) => b.truth).map((t) => t.mdtrtId))
    for (const e of region.encounters) {
      if (!townships.has(e.institutionCode) || e.kind !== 'OUTPATIENT' || dirty.has(e.mdtrtId))
        continue
      expect(looksLikeZ1(region.linesOf.get(e.mdtrtId) ?? []), e.mdtrtId).toBe(false)
    }
  })
})
