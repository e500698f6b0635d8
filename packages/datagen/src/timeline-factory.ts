// SPDX-License-Identifier: Apache-2.0
import type { IdentityType, Institution } from '@yibao/domain'
import type { DayClock } from './day-clock.js'
import type { DemoCaseType } from './demo-catalog.js'
import type { DemoPlan } from './demo-plan.js'
import type { EncounterBuilder, StayCost } from './encounter-builder.js'
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

/** Where a stay happens: the hospital class of the county and its referral hospitals. */
export type StayClass = 'TOWNSHIP' | 'PRIVATE' | 'COUNTY' | 'CITY' | 'PROVINCE'

/**
 * Cost profile of a stay per hospital class (assumption, rural Hunan 2024): length of stay, the
 * median and log-normal spread of the charges (fen; surgical stays × `surgicalFactor`), the share
 * of surgical case types and the 目录外 share of the added charges. The log-normal tail of the
 * referral hospitals is what reaches 大病保险.
 */
export const STAY_PROFILES: Readonly<
  Record<
    StayClass,
    {
      readonly los: readonly [number, number]
      readonly median: number
      readonly sigma: number
      readonly surgical: number
      readonly surgicalFactor: number
      readonly selfPaidShare: number
    }
  >
> = {
  TOWNSHIP: {
    los: [4, 9],
    median: 240_000,
    sigma: 0.4,
    surgical: 0,
    surgicalFactor: 1,
    selfPaidShare: 0.03,
  },
  PRIVATE: {
    los: [4, 9],
    median: 380_000,
    sigma: 0.45,
    surgical: 0.15,
    surgicalFactor: 1.5,
    selfPaidShare: 0.06,
  },
  COUNTY: {
    los: [5, 11],
    median: 620_000,
    sigma: 0.55,
    surgical: 0.3,
    surgicalFactor: 1.7,
    selfPaidShare: 0.08,
  },
  CITY: {
    los: [7, 14],
    median: 1_500_000,
    sigma: 0.7,
    surgical: 0.5,
    surgicalFactor: 1.6,
    selfPaidShare: 0.12,
  },
  PROVINCE: {
    los: [8, 16],
    median: 2_300_000,
    sigma: 0.75,
    surgical: 0.6,
    surgicalFactor: 1.6,
    selfPaidShare: 0.14,
  },
}

/**
 * Share of stays per hospital class for 居民, 职工 and 特困 (who are held to 分级诊疗, so that the
 * county's 兜底 applies). Assumption: about 15 % of residents' stays are referrals to the city or
 * province, more for employees.
 */
export const STAY_CLASS_SHARES: Readonly<Record<'390' | '310' | 'TEKUN', readonly number[]>> = {
  '390': [0.3, 0.1, 0.5, 0.06, 0.04],
  '310': [0.14, 0.06, 0.5, 0.18, 0.12],
  TEKUN: [0.7, 0.05, 0.25, 0, 0],
}
const STAY_CLASSES: readonly StayClass[] = ['TOWNSHIP', 'PRIVATE', 'COUNTY', 'CITY', 'PROVINCE']

/**
 * How much more often identity holders are in hospital and have a 门诊慢特病 than others
 * (assumption: 特困 are often old and in care of township hospitals, 因病致贫 is common among
 * 低保 and 监测 households). `IN_BASE` and `CHRONIC_BASE` bring the overall counts back to the plan.
 */
export const IDENTITY_MORBIDITY: Readonly<
  Partial<Record<IdentityType, { readonly stays: number; readonly chronic: number }>>
> = {
  TEKUN: { stays: 5.5, chronic: 4.7 },
  ZHONGDU_CANJI: { stays: 2.5, chronic: 4.7 },
  GUER: { stays: 1, chronic: 1 },
  SHISHI_WUREN: { stays: 1, chronic: 1 },
  DIBAO: { stays: 2.5, chronic: 4.7 },
  DIBAO_BIANYUAN: { stays: 1.5, chronic: 3 },
  JIANCE: { stays: 1.5, chronic: 3 },
}
/** Employees (many retirees) are more often in hospital and in 门诊慢特病 than residents. */
const EMPLOYEE_MORBIDITY = { stays: 1.7, chronic: 1.5 }
const IN_BASE = 0.82
const CHRONIC_BASE = 0.72
/** Share of 门诊慢特病 patients with a costly one (尿毒症 or cancer), and their monthly charges. */
const SERIOUS_CHRONIC = { share: 0.08, identityShare: 0.35, median: 450_000, sigma: 0.35 }

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

  /**
   * A hospital for a stay, a case type fitting it, the length of stay and the cost the stay is
   * built to (`STAY_PROFILES`; costlier stays last longer).
   */
  stayPlace(
    t: PersonTimeline
  ): { inst: Institution; caseType: DemoCaseType; los: number; cost: StayCost } | null {
    const tekun = t.identities.some((i) => i.type === 'TEKUN')
    const shares = STAY_CLASS_SHARES[tekun ? 'TEKUN' : t.person.insuType === '310' ? '310' : '390']
    const cls = STAY_CLASSES[this.rng.weighted(shares)] ?? 'COUNTY'
    const profile = STAY_PROFILES[cls]
    let inst: Institution
    let surgicalShare = profile.surgical
    if (cls === 'TOWNSHIP') {
      inst = this.ref.townshipHospitals[t.town] ?? this.rng.pick(this.ref.townshipHospitals)
    } else if (cls === 'COUNTY') {
      const county = this.ref.countyHospitals
      inst =
        t.age < 14 && county[2]
          ? county[2]
          : (county[this.rng.weighted([6, 2, 1, 2, 1])] ?? this.rng.pick(county))
      if (inst === county[2]) surgicalShare = 0.1
    } else if (cls === 'PRIVATE') {
      inst = this.rng.pick(this.ref.privateHospitals)
    } else {
      inst =
        this.ref.outsideHospitals.find((h) => h.tier === cls) ??
        this.rng.pick(this.ref.outsideHospitals)
    }
    const surgical = this.rng.chance(surgicalShare)
    const pool = surgical
      ? this.#surgical
      : inst.level === 1 && this.#primaryCases.length > 0
        ? this.#primaryCases
        : this.#conservative
    if (pool.length === 0) return null
    const z = this.rng.normal()
    const spread = Math.exp(profile.sigma * z)
    const target = Math.round(profile.median * (surgical ? profile.surgicalFactor : 1) * spread)
    const [minLos, maxLos] = profile.los
    const los = Math.max(
      minLos,
      Math.min(30, Math.round(this.rng.int(minLos, maxLos) * Math.pow(spread, 0.5)))
    )
    return {
      inst,
      caseType: this.rng.pick(pool),
      los,
      cost: { target, selfPaidShare: profile.selfPaidShare },
    }
  }

  /** Stay and 门诊慢特病 multipliers of a person's identities (the largest applies). */
  morbidity(t: PersonTimeline): { stays: number; chronic: number } {
    const employee = t.person.insuType === '310'
    let stays = employee ? EMPLOYEE_MORBIDITY.stays : 1
    let chronic = employee ? EMPLOYEE_MORBIDITY.chronic : 1
    for (const i of t.identities) {
      const m = IDENTITY_MORBIDITY[i.type]
      if (!m) continue
      stays = Math.max(stays, m.stays)
      chronic = Math.max(chronic, m.chronic)
    }
    return { stays, chronic }
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
    const m = this.morbidity(t)
    const inW = ((IN_FACTOR[bin] ?? 1) / IN_MEAN) * frailty * IN_BASE * m.stays
    const holder = t.identities.some((i) => IDENTITY_MORBIDITY[i.type] !== undefined)
    if (t.age >= 45 || (holder && t.age >= 16)) {
      const p = (t.age >= 60 ? 0.06 : t.age >= 45 ? 0.04 : 0.02) * CHRONIC_BASE * m.chronic
      if (rng.chance(p * (plan.expectedByKind.CHRONIC / plan.persons / 0.1995))) {
        const catalog = this.builder.catalog
        const serious =
          catalog.seriousChronicDiagnoses.length > 0 &&
          rng.chance(holder ? SERIOUS_CHRONIC.identityShare : SERIOUS_CHRONIC.share)
        if (serious) {
          t.chronic = rng.pick(catalog.seriousChronicDiagnoses)
          t.chronicCost = Math.round(
            SERIOUS_CHRONIC.median * Math.exp(SERIOUS_CHRONIC.sigma * rng.normal())
          )
        } else {
          t.chronic = rng.pick(catalog.chronicDiagnoses)
        }
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
        this.add(
          t,
          this.builder.inpatient(t, place.inst, adm, place.los, place.caseType, place.cost)
        )
        break
      }
    }
    if (t.chronic) {
      const inst =
        t.chronicCost > 0 || rng.chance(0.6)
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
