// SPDX-License-Identifier: Apache-2.0
import type { Gender, IdentityType, PersonIdentity } from '@yibao/domain'
import { addDays } from '@yibao/domain'
import { chineseName, residentId } from './chinese-name.js'
import type { DayClock } from './day-clock.js'
import type { DemoPlan } from './demo-plan.js'
import type { Random } from './random.js'
import type { PersonTimeline } from './timeline.js'

/** Age bins of residents: [min age, max age, share]. Assumption close to a rural Hunan county. */
export const RESIDENT_AGE_BINS: readonly (readonly [number, number, number])[] = [
  [0, 6, 0.085],
  [7, 17, 0.13],
  [18, 44, 0.34],
  [45, 59, 0.22],
  [60, 74, 0.165],
  [75, 95, 0.06],
]

// Identity types that need a child (孤儿, 事实无人抚养儿童) or favour the elderly (特困).
const CHILD_ONLY: readonly IdentityType[] = ['GUER', 'SHISHI_WUREN']
const IDENTITY_ORDER: readonly IdentityType[] = [
  'GUER',
  'SHISHI_WUREN',
  'TEKUN',
  'ZHONGDU_CANJI',
  'DIBAO',
  'DIBAO_BIANYUAN',
  'JIANCE',
  'TUOPIN',
]
const IDENTITY_SOURCE: Readonly<Record<IdentityType, string>> = {
  TEKUN: '民政',
  GUER: '民政',
  SHISHI_WUREN: '民政',
  ZHONGDU_CANJI: '残联',
  DIBAO: '民政',
  DIBAO_BIANYUAN: '民政',
  JIANCE: '乡村振兴',
  TUOPIN: '乡村振兴',
  YINBING_ZHIPIN: '民政',
}

/** How many of `total` fall in [start, end) of `size` when spread evenly over the index. */
export function evenShare(total: number, size: number, start: number, end: number): number {
  return Math.floor((total * end) / size) - Math.floor((total * start) / size)
}

/**
 * Generates the persons of one batch (global indices `start` … `end − 1`): gender, age, 险种
 * (职工 spread evenly so the totals are exact), home village, identities (group totals exact over
 * the region, time-bounded) and deaths.
 *
 * @param plan - calibration plan
 * @param clock - the period
 * @param rng - the batch's random source
 * @param start - first global person index
 * @param end - one past the last global person index
 * @param villages - number of village clinics
 * @returns the timelines, without encounters yet
 */
export function generatePersons(
  plan: DemoPlan,
  clock: DayClock,
  rng: Random,
  start: number,
  end: number,
  villages: number,
  villageTown: readonly number[]
): PersonTimeline[] {
  const out: PersonTimeline[] = []
  for (let i = start; i < end; i++) {
    const employee = evenShare(plan.employees, plan.persons, i, i + 1) === 1
    const gender: Gender = rng.chance(0.51) ? '1' : '2'
    let age: number
    if (employee) {
      age = rng.chance(0.3) ? rng.int(60, 82) : rng.int(22, 59)
    } else {
      const bin = RESIDENT_AGE_BINS[rng.weighted(RESIDENT_AGE_BINS.map((b) => b[2]))] ?? [18, 44]
      age = rng.int(bin[0], bin[1])
    }
    // Born between (first day − age − 1 year, first day − age], never inside the period.
    const birthDate = addDays(clock.first, -age * 365 - Math.floor(age / 4) - rng.int(1, 364))
    const psnNo = `${plan.admdvs}${String(i + 1).padStart(10, '0')}`
    const village = Math.min(villages - 1, Math.floor((i * villages) / plan.persons))
    const exactAge =
      Number(clock.first.slice(0, 4)) -
      Number(birthDate.slice(0, 4)) -
      (clock.first.slice(5) < birthDate.slice(5) ? 1 : 0)
    out.push({
      person: {
        psnNo,
        name: chineseName(rng, gender),
        certno: residentId(plan.admdvs, birthDate, i, gender),
        gender,
        birthDate,
        insuType: employee ? '310' : '390',
        admdvs: plan.admdvs,
        deathDate: null,
      },
      identities: [],
      village,
      town: villageTown[village] ?? 0,
      age: exactAge,
      chronic: null,
      chronicCost: 0,
      encounters: [],
      busy: new Set(),
      account: employee ? rng.int(200, 3000) * 100 : 0,
      injected: false,
      lastUse: new Map(),
    })
  }
  assignIdentities(plan, clock, rng, out, start, end)
  return out
}

function assignIdentities(
  plan: DemoPlan,
  clock: DayClock,
  rng: Random,
  timelines: PersonTimeline[],
  start: number,
  end: number
): void {
  const residents = timelines.filter((t) => t.person.insuType === '390')
  const free = rng.shuffle(residents.slice())
  const taken = new Set<PersonTimeline>()
  for (const type of IDENTITY_ORDER) {
    const total = plan.identities[type] ?? 0
    let n = evenShare(total, plan.persons, start, end)
    const childOnly = CHILD_ONLY.includes(type)
    // Prefer fitting ages; fall back to anyone free so that the totals stay exact.
    const fits = (t: PersonTimeline): boolean =>
      childOnly
        ? t.age < 16
        : type === 'TEKUN'
          ? t.age >= 55
          : type === 'TUOPIN' || type === 'JIANCE' || type === 'DIBAO'
            ? true
            : t.age >= 16
    for (const pass of [0, 1]) {
      for (const t of free) {
        if (n === 0) break
        if (taken.has(t) || (pass === 0 && !fits(t)) || (pass === 1 && childOnly && t.age >= 18))
          continue
        taken.add(t)
        n--
        const r = rng.next()
        const begin =
          r < 0.9
            ? addDays(clock.first, -rng.int(30, 2500))
            : clock.date(rng.int(15, clock.days - 60))
        const endDate = rng.chance(0.08)
          ? clock.date(Math.max(clock.dayOf(begin) + 30, rng.int(60, clock.days - 5)))
          : null
        t.identities.push({
          psnNo: t.person.psnNo,
          type,
          begin,
          end: endDate !== null && endDate > clock.last ? null : endDate,
          source: IDENTITY_SOURCE[type],
        } satisfies PersonIdentity)
      }
    }
  }
}
