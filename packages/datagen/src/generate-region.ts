// SPDX-License-Identifier: Apache-2.0
import { PriceCapIndex } from '@yibao/domain'
import type {
  Diagnosis,
  Encounter,
  FeeLine,
  IdentityType,
  Operation,
  Person,
  PersonIdentity,
  Settlement,
  SettlementFundDetail,
  ViolationTruth,
} from '@yibao/domain'
import type { KnowledgePack } from '@yibao/knowledge'
import { DayClock } from './day-clock.js'
import { DemoCatalog } from './demo-catalog.js'
import type { DemoOptions, RegionBatch } from './demo-options.js'
import { demoPlan } from './demo-plan.js'
import { EncounterBuilder } from './encounter-builder.js'
import { injectViolations } from './inject-violations.js'
import { generatePersons } from './person-factory.js'
import { Random } from './random.js'
import { buildReferenceData } from './reference-data.js'
import type { YearToDate } from '@yibao/settlement'
import { copyYearToDate, startOfYear } from '@yibao/settlement'
import type { BenefitPolicy } from '@yibao/settlement'
import { demoPolicy } from './demo-policy.js'
import type { DraftSettlement, SettledEncounter } from './settle-encounter.js'
import { settleDraft } from './settle-encounter.js'
import type { DraftEncounter, PersonTimeline } from './timeline.js'
import { TimelineFactory } from './timeline-factory.js'

/** Share of the settlements a tilt would change that are recorded without it (truth P1). */
const MISSED_TILT_RATE = 0.05

/** Running id counters shared by all batches of a region. */
interface IdState {
  encounter: number
  line: number
  truth: number
}

/**
 * Generates the demo region batch by batch: first the reference data (region, 453 institutions
 * and their capability register, staff, price caps), then batches of about `batchSize` persons, each with its whole 10-month
 * history: encounters, diagnoses, operations, fee lines, settlements and fund rows, and the truth
 * table of the violations injected into it.
 *
 * @param pack - knowledge pack the codes are taken from
 * @param options - scale, seed and injection rates
 * @returns a generator of batches; the same pack, seed and scale give identical batches
 * @example
 * ```ts
 * for (const batch of generateRegion(pack, { scale: 'small', seed: 1 })) await load(batch)
 * ```
 */
export function* generateRegion(pack: KnowledgePack, options: DemoOptions): Generator<RegionBatch> {
  const plan = demoPlan(options)
  const catalog = new DemoCatalog(pack)
  const clock = new DayClock(plan.periodStart, plan.periodEnd)
  const ref = buildReferenceData(plan, catalog)
  yield {
    index: 0,
    region: ref.region,
    institutions: ref.institutions,
    capabilities: ref.capabilities,
    staff: ref.staff,
    staffLinks: ref.staffLinks,
    priceCaps: ref.priceCaps,
    ...emptyBatch(),
  }
  const caps = new PriceCapIndex(ref.priceCaps)
  const policies = new Map<number, BenefitPolicy>()
  const policyOf = (year: number): BenefitPolicy => {
    let p = policies.get(year)
    if (p === undefined) policies.set(year, (p = demoPolicy(plan.admdvs, year)))
    return p
  }
  const ids: IdState = { encounter: 0, line: 0, truth: 0 }
  const carry = new Map<string, number>()
  for (let b = 0; b < plan.batches; b++) {
    const start = b * plan.batchSize
    const end = Math.min(plan.persons, start + plan.batchSize)
    const rng = Random.derive(plan.seed, b + 1)
    const builder = new EncounterBuilder(catalog, ref, clock, rng, b + 1)
    const factory = new TimelineFactory(plan, clock, ref, builder, rng)
    const timelines = generatePersons(
      plan,
      clock,
      rng,
      start,
      end,
      ref.villageClinics.length,
      ref.villageTown
    )
    for (const t of timelines) {
      const deathP = t.age >= 75 ? 0.04 : t.age >= 60 ? 0.012 : 0.001
      if (rng.chance(deathP)) t.person.deathDate = clock.date(rng.int(30, clock.days - 1))
      factory.fill(t)
    }
    injectViolations(
      { catalog, ref, clock, rng, builder, factory },
      timelines,
      options.rates,
      carry
    )
    yield finalizeBatch(b + 1, timelines, clock, ids, {
      policyOf,
      caps,
      rng,
      missedTiltRate: options.rates?.['P1'] ?? MISSED_TILT_RATE,
    })
  }
}

function emptyBatch(): Omit<RegionBatch, 'index'> {
  return {
    persons: [],
    identities: [],
    encounters: [],
    diagnoses: [],
    operations: [],
    feeLines: [],
    settlements: [],
    fundDetails: [],
    truth: [],
  }
}

/** The identity types valid on a date. */
function identitiesOn(identities: readonly PersonIdentity[], date: string): IdentityType[] {
  const out: IdentityType[] = []
  for (const i of identities) {
    if (i.begin > date || (i.end !== null && i.end < date)) continue
    if (!out.includes(i.type)) out.push(i.type)
  }
  return out
}

/** What settling a batch needs: the policy of each year, price caps, and the missed-tilt draw. */
interface SettlementContext {
  readonly policyOf: (year: number) => BenefitPolicy
  readonly caps: PriceCapIndex
  readonly rng: Random
  /** Share of tilt-changed settlements recorded without the tilt. */
  readonly missedTiltRate: number
}

function finalizeBatch(
  index: number,
  timelines: PersonTimeline[],
  clock: DayClock,
  ids: IdState,
  ctx: SettlementContext
): RegionBatch {
  const persons: Person[] = []
  const identities: PersonIdentity[] = []
  const encounters: Encounter[] = []
  const diagnoses: Diagnosis[] = []
  const operations: Operation[] = []
  const feeLines: FeeLine[] = []
  const settlements: Settlement[] = []
  const fundDetails: SettlementFundDetail[] = []
  const truth: ViolationTruth[] = []
  for (const t of timelines) {
    const p = t.person
    persons.push({
      psnNo: p.psnNo,
      name: p.name,
      certno: p.certno,
      gender: p.gender,
      birthDate: p.birthDate,
      insuType: p.insuType,
      admdvs: p.admdvs,
      deathDate: p.deathDate,
    })
    for (const i of t.identities) identities.push(i)
    const encs = t.encounters
    encs.sort((a, b) => a.beginDay - b.beginDay || a.beginSecond - b.beginSecond)
    for (const enc of encs) {
      ids.encounter++
      enc.mdtrtId = `M${String(ids.encounter).padStart(10, '0')}`
      for (const l of enc.lines) l.id = `F${String(++ids.line).padStart(12, '0')}`
    }
    // Settle in settlement-time order so yearly totals accumulate correctly.
    const bySettlement = encs
      .slice()
      .sort((a, b) => a.endDay - b.endDay || a.endSecond - b.endSecond)
    let ytd: YearToDate | null = null
    for (const enc of bySettlement) {
      const mdtrtId = enc.mdtrtId
      const setlId = `S${mdtrtId.slice(1)}`
      const begin = clock.timestamp(enc.beginDay, enc.beginSecond)
      const endTs = clock.timestamp(enc.endDay, enc.endSecond)
      const settleDate = clock.date(enc.endDay)
      const inpatient = enc.kind === 'INPATIENT'
      encounters.push({
        mdtrtId,
        psnNo: p.psnNo,
        institutionCode: enc.inst.code,
        kind: enc.kind,
        medType: enc.medType,
        insuType: p.insuType,
        begin,
        end: endTs,
        admDept: enc.dept,
        dscgDept: enc.dept,
        dscgWay: enc.dscgWay,
        mainDiagCode: enc.diagnoses[0]?.code ?? null,
        chiefDoctor: enc.doctor,
        matnStas: '0',
        deathDate: enc.dscgWay === '5' ? settleDate : null,
        readmitPlanned: enc.readmitPlanned,
        drgCode: null,
        admdvs: enc.inst.admdvs,
      })
      enc.diagnoses.forEach((d, i) => {
        diagnoses.push({
          id: `${mdtrtId}-D${i + 1}`,
          mdtrtId,
          seq: i + 1,
          code: d.code,
          name: d.name,
          type: inpatient ? '2' : '3',
          main: i === 0,
          admCond: inpatient ? '1' : null,
        })
      })
      enc.operations.forEach((o, i) => {
        operations.push({
          id: `${mdtrtId}-O${i + 1}`,
          mdtrtId,
          seq: i + 1,
          code: o.code,
          name: o.name,
          main: i === 0,
          date: clock.date(o.day),
          anstWay: '1',
          surgeonCode: o.surgeon,
        })
      })
      const year = Number(settleDate.slice(0, 4))
      if (ytd === null || ytd.year !== year) ytd = startOfYear(year, ytd?.account ?? t.account)
      const draft: DraftSettlement = {
        setlId,
        psnNo: p.psnNo,
        insuType: p.insuType,
        identities: identitiesOn(t.identities, settleDate),
        time: endTs,
        policy: ctx.policyOf(year),
        caps: ctx.caps,
        clock,
      }
      const settled = settleWithMissedTilt(enc, draft, ytd, ctx)
      ytd = settled.ytd
      const { settlement, details, truthAmounts } = settled
      if (settled.missedTilt > 0) {
        truth.push({
          id: `T${String(++ids.truth).padStart(8, '0')}`,
          type: 'P1',
          psnNo: p.psnNo,
          mdtrtId,
          feedetlSn: null,
          institutionCode: enc.inst.code,
          amount: settled.missedTilt,
          note: `应享受${draft.identities.join('、')}待遇，按普通参保人结算，少支付 ${(settled.missedTilt / 100).toFixed(2)} 元`,
        })
      }
      settlements.push(settlement)
      for (const d of details) fundDetails.push(d)
      for (const l of enc.lines) {
        const time = clock.timestamp(l.day, l.second)
        feeLines.push({
          feedetlSn: l.id,
          mdtrtId,
          setlId,
          psnNo: p.psnNo,
          institutionCode: enc.inst.code,
          time,
          code: l.code,
          name: l.name,
          listType: l.listType,
          catalogClass: l.catalogClass,
          chargeType: l.chargeType,
          quantity: l.quantity,
          price: l.price,
          amount: l.amount,
          rxNo: l.rxNo,
          orderDept: l.orderDept,
          orderDoctor: l.orderDoctor,
          execDept: l.execDept,
          execDoctor: l.execDoctor,
          dischargeMed: l.dischargeMed,
          days: l.days,
          uploadTime:
            l.uploadDelay === 0
              ? clock.timestamp(l.day, Math.min(86399, l.second + 300))
              : clock.timestamp(l.day + l.uploadDelay, l.second),
        })
      }
      enc.truths.forEach((tr, i) => {
        truth.push({
          id: `T${String(++ids.truth).padStart(8, '0')}`,
          type: tr.type,
          psnNo: p.psnNo,
          mdtrtId,
          feedetlSn: tr.line === null ? null : tr.line.id,
          institutionCode: enc.inst.code,
          amount: truthAmounts[i] ?? 0,
          note: tr.note,
        })
      })
    }
  }
  return {
    index,
    persons,
    identities,
    encounters,
    diagnoses,
    operations,
    feeLines,
    settlements,
    fundDetails,
    truth,
  }
}

/**
 * Settles a draft encounter; for a small share of the settlements that the person's identities
 * change, records the settlement made without them (a tilt left out, truth P1) and lets the
 * year's totals follow what was recorded.
 */
function settleWithMissedTilt(
  enc: DraftEncounter,
  draft: DraftSettlement,
  ytd: YearToDate,
  ctx: SettlementContext
): SettledEncounter & { ytd: YearToDate; missedTilt: number } {
  if (draft.identities.length === 0 || !ctx.rng.chance(ctx.missedTiltRate)) {
    return { ...settleDraft(enc, draft, ytd), ytd, missedTilt: 0 }
  }
  const plain = copyYearToDate(ytd)
  const withTilt = settleDraft(enc, draft, ytd)
  const without = settleDraft(enc, { ...draft, identities: [] }, plain)
  const missed = withTilt.settlement.fundPaySumamt - without.settlement.fundPaySumamt
  return missed > 0
    ? { ...without, ytd: plain, missedTilt: missed }
    : { ...withTilt, ytd, missedTilt: 0 }
}
