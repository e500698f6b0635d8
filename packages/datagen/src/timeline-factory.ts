// SPDX-License-Identifier: Apache-2.0
import type { Institution } from '@yibao/domain'
import type { DayClock } from './day-clock.js'
import type { DemoCaseType } from './demo-catalog.js'
import type { DemoPlan } from './demo-plan.js'
import type { EncounterBuilder } from './encounter-builder.js'
import { RESIDENT_AGE_BINS } from './person-factory.js'
import type { Random } from './random.js'
import type { ReferenceData } from './reference-data.js'
import type { DraftEncounter, PersonTimeline } from './timeline.js'

/** Limits the clean background keeps so that behaviour rules (M14–M17, F4, F10) stay quiet. */
export const BACKGROUND_LIMITS = {
  /** Minimum days between a discharge and the next admission of the same person. */
  minDaysBetweenStays: 31,
  /** Maximum stays per person over the period. */
  maxStays: 2,
  /** Maximum outpatient visits per person per calendar month. */
  maxOutpatientPerMonth: 5,
  /** Maximum pharmacy purchases per person per calendar month. */
  maxPharmacyPerMonth: 4,
} as const

const OUT_FACTOR = [1.3, 0.6, 0.6, 1.0, 1.7, 2.0]
const IN_FACTOR = [1.0, 0.4, 0.6, 1.0, 1.9, 2.6]
const meanOf = (f: readonly number[]): number =>
  RESIDENT_AGE_BINS.reduce((s, b, i) => s + b[2] * (f[i] ?? 1), 0)
const OUT_MEAN = meanOf(OUT_FACTOR)
const IN_MEAN = meanOf(IN_FACTOR)
/**
 * Generation losses (month caps, busy days, deaths) reduce counts a little; these factors bring
 * the totals back to the plan. Measured on the small and county scales.
 */
const UPLIFT = 1.0

function ageBin(age: number): number {
  for (let i = 0; i < RESIDENT_AGE_BINS.length; i++) {
    if (age <= (RESIDENT_AGE_BINS[i]?.[1] ?? 200)) return i
  }
  return RESIDENT_AGE_BINS.length - 1
}

/** The scheduling side of a batch: picks institutions and free days, and fills timelines. */
export class TimelineFactory {
  readonly plan: DemoPlan
  readonly clock: DayClock
  readonly ref: ReferenceData
  readonly builder: EncounterBuilder
  readonly rng: Random
  readonly #month: number[]
  readonly #primaryCases: DemoCaseType[]
  readonly #conservative: DemoCaseType[]
  readonly #surgical: DemoCaseType[]
  readonly #pharmacyByTown: Institution[][]

  constructor(
    plan: DemoPlan,
    clock: DayClock,
    ref: ReferenceData,
    builder: EncounterBuilder,
    rng: Random
  ) {
    this.plan = plan
    this.clock = clock
    this.ref = ref
    this.builder = builder
    this.rng = rng
    this.#month = []
    for (let d = 0; d < clock.days + 60; d++) this.#month.push(Number(clock.date(d).slice(5, 7)))
    const cases = builder.catalog.caseTypes
    this.#conservative = cases.filter((c) => c.opCode === null)
    this.#primaryCases = this.#conservative.filter((c) => c.primaryCare)
    this.#surgical = cases.filter((c) => c.opCode !== null)
    this.#pharmacyByTown = []
    ref.pharmacies.forEach((p, i) => {
      const town = Math.floor(i / 9) % 23
      ;(this.#pharmacyByTown[town] ??= []).push(p)
    })
  }

  /** Calendar month (1–12) of a day index. */
  month(day: number): number {
    return this.#month[day] ?? 12
  }

  /** Last day index on which the person can have an encounter (death or period end). */
  lastDay(t: PersonTimeline): number {
    return t.person.deathDate === null
      ? this.clock.days - 1
      : this.clock.dayOf(t.person.deathDate) - 1
  }

  /** Marks the days of an encounter busy and adds it to the timeline. */
  add(t: PersonTimeline, enc: DraftEncounter): DraftEncounter {
    for (let d = enc.beginDay; d <= enc.endDay; d++) t.busy.add(d)
    t.encounters.push(enc)
    return enc
  }

  /** True when no encounter of `kind` would exceed the monthly limit on `day`. */
  underMonthlyLimit(t: PersonTimeline, day: number, pharmacy: boolean): boolean {
    const m = this.month(day)
    let n = 0
    for (const e of t.encounters) {
      if (
        (e.kind === 'PHARMACY') === pharmacy &&
        e.kind !== 'INPATIENT' &&
        this.month(e.beginDay) === m
      )
        n++
    }
    return (
      n <
      (pharmacy ? BACKGROUND_LIMITS.maxPharmacyPerMonth : BACKGROUND_LIMITS.maxOutpatientPerMonth)
    )
  }

  /** A random free day in [from, to], or −1. */
  freeDay(t: PersonTimeline, from: number, to: number): number {
    if (to < from) return -1
    for (let i = 0; i < 12; i++) {
      const d = this.rng.int(from, to)
      if (!t.busy.has(d)) return d
    }
    return -1
  }

  /** True when [adm − gap, dscg + gap] holds no other stay and [adm, dscg] no encounter. */
  stayFits(t: PersonTimeline, adm: number, dscg: number, gap: number): boolean {
    for (let d = adm; d <= dscg; d++) if (t.busy.has(d)) return false
    for (const e of t.encounters) {
      if (e.kind === 'INPATIENT' && e.beginDay - gap <= dscg && adm <= e.endDay + gap) return false
    }
    return true
  }

  /** A hospital for a stay and a case type fitting it. */
  stayPlace(t: PersonTimeline): { inst: Institution; caseType: DemoCaseType; los: number } | null {
    const r = this.rng.next()
    let inst: Institution
    let surgicalShare: number
    let los: number
    if (r < 0.42) {
      inst = this.ref.townshipHospitals[t.town] ?? this.rng.pick(this.ref.townshipHospitals)
      surgicalShare = 0
      los = this.rng.int(3, 8)
    } else if (r < 0.84) {
      const county = this.ref.countyHospitals
      inst =
        t.age < 14 && county[2]
          ? county[2]
          : (county[this.rng.weighted([6, 2, 1, 2, 1])] ?? this.rng.pick(county))
      surgicalShare = inst === county[2] ? 0.1 : 0.3
      los = this.rng.int(4, 12)
    } else if (r < 0.93) {
      inst = this.rng.pick(this.ref.privateHospitals)
      surgicalShare = 0.15
      los = this.rng.int(3, 8)
    } else {
      inst = this.rng.pick(this.ref.outsideHospitals)
      surgicalShare = 0.6
      los = this.rng.int(8, 16)
    }
    const pool = this.rng.chance(surgicalShare)
      ? this.#surgical
      : inst.level === 1 && this.#primaryCases.length > 0
        ? this.#primaryCases
        : this.#conservative
    if (pool.length === 0) return null
    return { inst, caseType: this.rng.pick(pool), los }
  }

  /** The hospital of an ordinary hospital outpatient visit. */
  outpatientHospital(t: PersonTimeline): Institution {
    const r = this.rng.next()
    if (r < 0.55)
      return this.ref.townshipHospitals[t.town] ?? this.rng.pick(this.ref.townshipHospitals)
    if (r < 0.95)
      return (
        this.ref.countyHospitals[this.rng.weighted([6, 2, 1, 2, 1])] ??
        this.rng.pick(this.ref.countyHospitals)
      )
    return this.rng.pick(this.ref.privateHospitals)
  }

  /** A pharmacy near the person. */
  pharmacyFor(t: PersonTimeline): Institution {
    const near = this.#pharmacyByTown[t.town]
    return near && near.length > 0 && this.rng.chance(0.8)
      ? this.rng.pick(near)
      : this.rng.pick(this.ref.pharmacies)
  }

  /**
   * Fills a person's clean background: stays first (at least 31 days apart), then 门诊慢特病
   * visits every 25–40 days, then village-clinic, clinic and hospital outpatient visits and
   * pharmacy purchases on free days within the monthly limits.
   */
  fill(t: PersonTimeline): void {
    const rng = this.rng
    const plan = this.plan
    const bin = ageBin(t.age)
    const frailty = rng.gamma(2)
    const perPerson = (k: keyof DemoPlan['expectedByKind']): number =>
      (plan.expectedByKind[k] / plan.persons) * UPLIFT
    const outW = ((OUT_FACTOR[bin] ?? 1) / OUT_MEAN) * frailty
    const inW = ((IN_FACTOR[bin] ?? 1) / IN_MEAN) * frailty
    if (t.age >= 45) {
      const p = t.age >= 60 ? 0.06 : 0.04
      if (rng.chance(p * (plan.expectedByKind.CHRONIC / plan.persons / 0.1995) * 1.0)) {
        t.chronic = rng.pick(this.builder.catalog.chronicDiagnoses)
      }
    }
    const last = this.lastDay(t)
    if (last < 0) return
    const stays = Math.min(BACKGROUND_LIMITS.maxStays, rng.poisson(perPerson('INPATIENT') * inW))
    for (let i = 0; i < stays; i++) {
      const place = this.stayPlace(t)
      if (!place) break
      for (let attempt = 0; attempt < 6; attempt++) {
        const adm = rng.int(0, last - place.los)
        if (adm < 0) break
        if (!this.stayFits(t, adm, adm + place.los, BACKGROUND_LIMITS.minDaysBetweenStays)) continue
        this.add(t, this.builder.inpatient(t, place.inst, adm, place.los, place.caseType))
        break
      }
    }
    if (t.chronic) {
      const inst = rng.chance(0.6)
        ? (this.ref.countyHospitals[0] ?? this.ref.townshipHospitals[0])
        : this.ref.townshipHospitals[t.town]
      let day = rng.int(0, 30)
      while (inst && day <= last) {
        let d = day
        while (t.busy.has(d) && d < day + 4) d++
        if (!t.busy.has(d) && d <= last && this.underMonthlyLimit(t, d, false)) {
          this.add(t, this.builder.outpatient(t, inst, d, '14'))
        }
        day += rng.int(25, 40)
      }
    }
    const visits: [keyof DemoPlan['expectedByKind'], number][] = [
      ['VILLAGE', rng.poisson(perPerson('VILLAGE') * outW)],
      ['CLINIC', rng.poisson(perPerson('CLINIC') * outW)],
      ['HOSPITAL_OUTPATIENT', rng.poisson(perPerson('HOSPITAL_OUTPATIENT') * outW)],
      ['PHARMACY', rng.poisson(perPerson('PHARMACY') * frailty)],
    ]
    for (const [kind, n] of visits) {
      for (let i = 0; i < n; i++) {
        const day = this.freeDay(t, 0, last)
        if (day < 0) continue
        const pharmacy = kind === 'PHARMACY'
        if (!this.underMonthlyLimit(t, day, pharmacy)) continue
        let enc: DraftEncounter
        if (kind === 'VILLAGE') {
          const v = rng.chance(0.9)
            ? t.village
            : Math.max(0, Math.min(this.ref.villageClinics.length - 1, t.village + rng.int(-2, 2)))
          const inst = this.ref.villageClinics[v] ?? this.rng.pick(this.ref.villageClinics)
          enc = this.builder.outpatient(t, inst, day, '11')
        } else if (kind === 'CLINIC') {
          enc = this.builder.outpatient(t, rng.pick(this.ref.clinics), day, '11')
        } else if (kind === 'HOSPITAL_OUTPATIENT') {
          enc = this.builder.outpatient(t, this.outpatientHospital(t), day, '11')
        } else {
          enc = this.builder.pharmacy(t, this.pharmacyFor(t), day)
        }
        this.add(t, enc)
      }
    }
  }
}
