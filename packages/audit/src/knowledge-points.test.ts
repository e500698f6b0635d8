// SPDX-License-Identifier: Apache-2.0
// The 两库 points of the built-in pack through the rules that read them. For each point type a
// deterministic sample of real points (every k-th, about 25 per type, all when fewer) gets one
// violating case and its compliant twin, each a person of its own, all in one batch: every
// violating case must be flagged by the expected rule with that point, no twin by that rule, and
// nothing else may fire (the person's other data is clean).
import type { Encounter, FeeLine, Gender, InsuType, IsoDate, Person } from '@yibao/domain'
import { addDays } from '@yibao/domain'
import type { KnowledgeCondition, KnowledgeKind, KnowledgePoint } from '@yibao/knowledge'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { describe, expect, test } from 'vitest'
import type { Finding } from './finding.js'
import { RULE_LIBRARY } from './library.js'
import type { LineOptions } from './testing.js'
import {
  at,
  auditScenario,
  compileLibrary,
  handMadePack,
  knowledgePoint,
  plusMinutes,
  priceCap,
  Scenario,
  yuan,
} from './testing.js'

const knowledge = new Knowledge(loadBuiltinPack())
const engine = compileLibrary(knowledge)

/** The day the cases start on. */
const D = '2025-06-02'

/** Rule id of a violation type's rule using a logic. */
function ruleOf(violation: string, logic?: string): string {
  const r = RULE_LIBRARY.find((x) => x.violation === violation && (!logic || x.logic === logic))
  if (!r) throw new Error(`no rule ${violation}`)
  return r.id
}
const D8 = ruleOf('D8')

type Condition<K extends KnowledgeKind> = Extract<KnowledgeCondition, { kind: K }>

function cond<K extends KnowledgeKind>(p: KnowledgePoint, kind: K): Condition<K> {
  if (p.condition.kind !== kind) throw new Error(`${p.id} is not ${kind}`)
  return p.condition as Condition<K>
}

/** Every k-th element, k chosen for about `target` of them (all when fewer). */
function sample<T>(xs: readonly T[], target = 25): T[] {
  const k = Math.max(1, Math.round(xs.length / target))
  return xs.filter((_, n) => n % k === 0)
}

/** The code's points of a kind, in pack order (the first is the one `pointTable` binds). */
function pointsOf(code: string, kind: KnowledgeKind): KnowledgePoint[] {
  return knowledge.pointsOfCode(code).filter((p) => p.condition.kind === kind)
}

/** The point's codes whose first point of its kind is the point itself. */
function ownCodes(p: KnowledgePoint): string[] {
  return p.codes.filter((c) => pointsOf(c, p.condition.kind)[0] === p)
}

/** Birth date of someone exactly `years` old on `date` (their birthday). */
function bornYearsBefore(date: IsoDate, years: number): IsoDate {
  return `${Number(date.slice(0, 4)) - years}${date.slice(4)}`
}

/**
 * What the person and encounter must be so that the codes' points of other kinds hold: their
 * gender, an age inside every age range, the insurance, a stay for 限住院, a level-3 hospital
 * (the default). Null when two points contradict each other.
 */
interface Context {
  readonly gender?: Gender
  readonly birthDate?: IsoDate
  readonly insuType?: InsuType
  readonly inpatient: boolean
}

function contextOf(codes: readonly string[], tested: KnowledgeKind): Context | null {
  let gender: Gender | undefined
  let insuType: InsuType | undefined
  let inpatient = false
  let maxYears = Infinity
  let maxDays = Infinity
  for (const code of codes) {
    for (const q of knowledge.pointsOfCode(code)) {
      const c = q.condition
      if (c.kind === tested) continue
      switch (c.kind) {
        case 'GENDER':
          if (gender !== undefined && gender !== c.gender) return null
          gender = c.gender
          break
        case 'AGE':
          if (c.maxExclusive === null) break
          if (c.unit === 'DAY') maxDays = Math.min(maxDays, c.maxExclusive)
          else maxYears = Math.min(maxYears, c.maxExclusive)
          break
        case 'INSURANCE_TYPE':
          if (insuType !== undefined && !c.insuTypes.includes(insuType)) return null
          insuType ??= c.insuTypes[0]
          break
        case 'CARE_SETTING':
          if (c.setting === 'INPATIENT') inpatient = true
          break
        case 'INSTITUTION_LEVEL':
        case 'PAYMENT_COURSE':
        case 'SURGERY_DISCOUNT':
        case 'DUPLICATE_CHARGE':
        case 'FREQUENCY':
        case 'PERIOD_FREQUENCY':
          // Met at a level-3 hospital; need more lines than a case bills.
          break
      }
    }
  }
  const birthDate =
    maxDays < Infinity
      ? addDays(D, -3)
      : maxYears < Infinity
        ? bornYearsBefore(D, Math.min(10, maxYears - 1))
        : undefined
  return {
    inpatient,
    ...(gender ? { gender } : {}),
    ...(birthDate ? { birthDate } : {}),
    ...(insuType ? { insuType } : {}),
  }
}

/** A line of a code: drug (class as in the catalogue) or item. */
function lineOf(p: KnowledgePoint, code: string, name = p.name): LineOptions {
  return p.subject === 'DRUG'
    ? {
        code,
        name,
        listType: '101',
        chargeType: '09',
        catalogClass: knowledge.catalogClassOf(code) ?? '02',
        price: yuan(12.5),
      }
    : { code, name, listType: '201', chargeType: '05', price: yuan(30) }
}

/** True when a drug code has a 限定支付范围 (every line of it adds the D8 reminder). */
function restricted(code: string): boolean {
  return !!knowledge.drug(code)?.catalog?.restriction
}

/** One side (violating or compliant) of a case. */
interface Side {
  readonly person: Person
  /** The encounter and line the finding must name. */
  readonly enc: Encounter
  readonly line: FeeLine
  /** The violation amount of that line. */
  readonly amount: number
}

interface Case {
  readonly point: KnowledgePoint
  readonly rule: string
  /**
   * False when the code carries another point of the same kind first (or the walker may report
   * an equivalent one): then the finding's point is only checked to be one of `points`.
   */
  readonly exact: boolean
  readonly points: readonly KnowledgePoint[]
  /** Rules every line of the case also triggers by construction (the D8 reminder). */
  readonly also: readonly string[]
  readonly violating: Side
  readonly compliant: Side
}

/** Builds a case's side into the shared scenario. */
type Build = (s: Scenario, ok: boolean) => Side

interface Plan {
  readonly rule: string
  readonly codes: readonly string[]
  readonly exact: boolean
  readonly points: readonly KnowledgePoint[]
  readonly build: Build
}

/** A person and one encounter as the context wants (a stay from D to D + 3 when inpatient). */
function personAndEncounter(
  s: Scenario,
  ctx: Context,
  opts: {
    gender?: Gender
    birthDate?: IsoDate
    insuType?: InsuType
    inpatient?: boolean
    institution?: string
  } = {}
): { person: Person; enc: Encounter; date: IsoDate | undefined } {
  const person = s.person({
    gender: opts.gender ?? ctx.gender ?? '1',
    birthDate: opts.birthDate ?? ctx.birthDate ?? '1980-05-15',
  })
  const enc = {
    institution: opts.institution ?? 'H3',
    insuType: opts.insuType ?? ctx.insuType ?? '310',
  }
  return (opts.inpatient ?? ctx.inpatient)
    ? { person, enc: s.stay(person, { from: D, to: addDays(D, 3), ...enc }), date: addDays(D, 1) }
    : { person, enc: s.outpatient(person, { date: D, ...enc }), date: undefined }
}

/** A single line whose person / encounter `vary` makes violating or compliant. */
function singleLine(
  p: KnowledgePoint,
  rule: string,
  vary: (ok: boolean) => Parameters<typeof personAndEncounter>[2]
): Plan | null {
  const code = ownCodes(p)[0]
  if (code === undefined) return null
  const ctx = contextOf([code], p.condition.kind)
  if (ctx === null) return null
  return {
    rule,
    codes: [code],
    exact: true,
    points: [p],
    build: (s, ok) => {
      const { person, enc, date } = personAndEncounter(s, ctx, vary(ok))
      const line = s.line(enc, { ...lineOf(p, code), ...(date ? { date } : {}) })
      return { person, enc, line, amount: line.amount }
    },
  }
}

const other = (g: Gender): Gender => (g === '1' ? '2' : '1')

function genderPlan(p: KnowledgePoint): Plan | null {
  const { gender } = cond(p, 'GENDER')
  const rule = p.subject === 'DRUG' ? ruleOf('R4') : ruleOf('R16')
  return singleLine(p, rule, (ok) => ({ gender: ok ? gender : other(gender) }))
}

/** The rule that reads an age point: by subject, unit and batch. */
function ageRule(p: KnowledgePoint): string {
  const c = cond(p, 'AGE')
  if (p.subject === 'DRUG') return c.unit === 'DAY' ? ruleOf('D6') : ruleOf('D7')
  if (p.batch === 8) return ruleOf('S16')
  return c.unit === 'DAY' ? ruleOf('S5') : ruleOf('S6')
}

function agePlan(p: KnowledgePoint): Plan | null {
  const c = cond(p, 'AGE')
  const max = c.maxExclusive
  if (max === null) return null
  // On the bound (max days / years old) vs one day / year younger.
  return singleLine(p, ageRule(p), (ok) => ({
    birthDate:
      c.unit === 'DAY'
        ? addDays(D, -(ok ? max - 1 : max))
        : ok
          ? addDays(bornYearsBefore(D, max), 1)
          : bornYearsBefore(D, max),
  }))
}

function insurancePlan(p: KnowledgePoint): Plan | null {
  const { insuTypes } = cond(p, 'INSURANCE_TYPE')
  const rule = insuTypes.includes('410') ? ruleOf('D1') : ruleOf('D2')
  return singleLine(p, rule, (ok) => ({ insuType: ok ? insuTypes[0]! : '310' }))
}

function settingPlan(p: KnowledgePoint): Plan | null {
  const inpatientOnly = cond(p, 'CARE_SETTING').setting === 'INPATIENT'
  const rule = p.subject === 'DRUG' ? ruleOf('D13') : ruleOf('S9')
  return singleLine(p, rule, (ok) => ({ inpatient: ok === inpatientOnly }))
}

function levelPlan(p: KnowledgePoint): Plan | null {
  const { minLevel } = cond(p, 'INSTITUTION_LEVEL')
  const rule = p.subject === 'DRUG' ? ruleOf('D12') : ruleOf('S11')
  // One level below vs the level itself.
  return singleLine(p, rule, (ok) => ({ institution: `H${ok ? minLevel : minLevel - 1}` }))
}

/**
 * Lines of one code on day offsets: in one stay covering them when the context wants a stay,
 * else one outpatient visit per day.
 */
function linesOnDays(
  s: Scenario,
  ctx: Context,
  line: (n: number) => LineOptions,
  days: readonly number[]
): { person: Person; encs: Encounter[]; lines: FeeLine[] } {
  const person = s.person({
    gender: ctx.gender ?? '1',
    birthDate: ctx.birthDate ?? '1980-05-15',
  })
  const insuType = ctx.insuType ?? '310'
  if (ctx.inpatient) {
    const last = days[days.length - 1]!
    const stay = s.stay(person, { from: D, to: addDays(D, last + 1), insuType })
    return {
      person,
      encs: days.map(() => stay),
      lines: days.map((d, n) => s.line(stay, { ...line(n), date: addDays(D, d) })),
    }
  }
  const encs = days.map((d) => s.outpatient(person, { date: addDays(D, d), insuType }))
  return { person, encs, lines: encs.map((e, n) => s.line(e, line(n))) }
}

function coursePlan(p: KnowledgePoint): Plan | null {
  const { maxDays } = cond(p, 'PAYMENT_COURSE')
  const code = ownCodes(p)[0]
  if (code === undefined) return null
  const ctx = contextOf([code], 'PAYMENT_COURSE')
  if (ctx === null) return null
  const rule = p.subject === 'DRUG' ? ruleOf('D10') : ruleOf('S10')
  return {
    rule,
    codes: [code],
    exact: true,
    points: [p],
    build: (s, ok) => {
      // Uses evenly spread at most 90 days apart (one course; far enough apart for any 周期
      // point of the code), the last on the course's day maxDays + 1 (violating) or on its
      // last day.
      const last = ok ? maxDays - 1 : maxDays
      const steps = Math.max(1, Math.ceil(last / 90))
      const days = Array.from({ length: steps + 1 }, (_, k) => Math.round((k * last) / steps))
      const { person, encs, lines } = linesOnDays(s, ctx, () => lineOf(p, code), days)
      const line = lines[lines.length - 1]!
      return { person, enc: encs[encs.length - 1]!, line, amount: line.amount }
    },
  }
}

function periodPlan(p: KnowledgePoint): Plan | null {
  const { periodDays, maxCount } = cond(p, 'PERIOD_FREQUENCY')
  // A code may carry two 周期 points (儿童听力障碍语言训练: B8-3-0011-2 and B8-4-0013, both
  // once a week): the rule reads the code's first, so the second is checked by rule only.
  const own = ownCodes(p)[0]
  const code = own ?? p.codes[0]!
  const ctx = contextOf([code], 'PERIOD_FREQUENCY')
  if (ctx === null) return null
  return {
    rule: ruleOf('S15'),
    codes: [code],
    exact: own !== undefined,
    points: pointsOf(code, 'PERIOD_FREQUENCY'),
    build: (s, ok) => {
      // maxCount uses, then one more on the period's last day vs the day after it.
      const { person, encs, lines } = linesOnDays(
        s,
        ctx,
        (n) => ({ ...lineOf(p, code), quantity: n === 0 ? maxCount : 1 }),
        [0, ok ? periodDays : periodDays - 1]
      )
      return { person, enc: encs[1]!, line: lines[1]!, amount: lines[1]!.amount }
    },
  }
}

function frequencyPlan(p: KnowledgePoint): Plan | null {
  const { maxQuantity, per } = cond(p, 'FREQUENCY')
  const code = ownCodes(p)[0]
  if (code === undefined) return null
  const ctx = contextOf([code], 'FREQUENCY')
  if (ctx === null) return null
  return {
    rule: per === 'HOUR' ? ruleOf('S18') : ruleOf('S14', 'frequency'),
    codes: [code],
    exact: true,
    points: [p],
    build: (s, ok) => {
      // In a stay: the limit in the morning, one more in the evening (or the next day).
      const { person, enc } = personAndEncounter(s, ctx, { inpatient: true })
      const item = lineOf(p, code)
      s.line(enc, { ...item, quantity: maxQuantity, time: at(addDays(D, 1), '08:00') })
      const line = s.line(enc, { ...item, time: at(addDays(D, ok ? 2 : 1), '20:00') })
      return { person, enc, line, amount: line.amount }
    },
  }
}

/** Minutes from the first line of a pair to the second: inside the window vs outside it. */
const PAIR_GAP: Record<Condition<'DUPLICATE_CHARGE'>['window'], [number, number]> = {
  HOUR: [30, 120],
  SIX_HOURS: [5 * 60, 7 * 60],
  DAY: [6 * 60, 24 * 60],
  ENCOUNTER: [24 * 60, 24 * 60],
}

function duplicatePlan(p: KnowledgePoint): Plan | null {
  const c = cond(p, 'DUPLICATE_CHARGE')
  const a = p.codes[0]!
  const b = c.pairedCode
  // The rule reads every point of the code; the finding names the first that pairs it with b.
  const pairing = pointsOf(a, 'DUPLICATE_CHARGE').filter(
    (q) => cond(q, 'DUPLICATE_CHARGE').pairedCode === b
  )
  const backwards = pointsOf(b, 'DUPLICATE_CHARGE').some(
    (q) => cond(q, 'DUPLICATE_CHARGE').pairedCode === a
  )
  const ctx = contextOf([a, b], 'DUPLICATE_CHARGE')
  if (ctx === null || backwards) return null
  return {
    rule: ruleOf('S12'),
    codes: [a, b],
    exact: pairing.length === 1,
    points: pairing,
    build: (s, ok) => {
      const { person, enc } = personAndEncounter(s, ctx, { inpatient: true })
      const start = at(addDays(D, 1), '08:00')
      s.line(enc, { ...lineOf(p, a), time: start })
      const [inside, outside] = PAIR_GAP[c.window]
      // 同次就诊: the compliant twin bills b at another encounter, a visit a week later.
      const separate = ok && c.window === 'ENCOUNTER'
      const where = separate ? s.outpatient(person, { date: addDays(D, 7) }) : enc
      const line = s.line(where, {
        ...lineOf(p, b, c.pairedName),
        price: yuan(18),
        ...(separate ? {} : { time: plusMinutes(start, ok ? outside : inside) }),
      })
      return { person, enc, line, amount: line.amount }
    },
  }
}

function surgeryPlan(p: KnowledgePoint): Plan | null {
  const { group, secondaryRate } = cond(p, 'SURGERY_DISCOUNT')
  const a = p.codes[0]!
  const inGroup = (code: string): KnowledgePoint[] =>
    pointsOf(code, 'SURGERY_DISCOUNT').filter((q) => cond(q, 'SURGERY_DISCOUNT').group === group)
  const pairs = (x: string, y: string): boolean =>
    pointsOf(x, 'DUPLICATE_CHARGE').some((q) => cond(q, 'DUPLICATE_CHARGE').pairedCode === y)
  // The main operation: another code of the group, compatible and not a 重复收费 pair with a.
  const main = knowledge
    .pointsOfKind('SURGERY_DISCOUNT')
    .map((q) => q.codes[0]!)
    .find(
      (b) =>
        b !== a &&
        inGroup(b).length > 0 &&
        !pairs(a, b) &&
        !pairs(b, a) &&
        contextOf([a, b], 'SURGERY_DISCOUNT') !== null
    )
  if (main === undefined) return null
  const ctx = contextOf([a, main], 'SURGERY_DISCOUNT')!
  return {
    rule: ruleOf('S2'),
    codes: [a, main],
    exact: inGroup(a).length === 1,
    points: inGroup(a),
    build: (s, ok) => {
      const { person, enc } = personAndEncounter(s, ctx)
      if (enc.kind === 'INPATIENT') s.operation(enc, '54.1100', '剖腹探查术')
      const date = enc.kind === 'INPATIENT' ? addDays(D, 1) : undefined
      const day = date ? { date } : {}
      // Every sampled code has a cap of 1000 yuan (the main one may be another case's second):
      // the main operation is two units at the cap, the second one unit at the cap (its full
      // price) vs at the discounted price.
      const cap = yuan(1000)
      const mainName = pointsOf(main, 'SURGERY_DISCOUNT')[0]!.name
      s.line(enc, {
        ...lineOf(p, main, mainName),
        chargeType: '06',
        quantity: 2,
        price: cap,
        ...day,
      })
      const line = s.line(enc, {
        ...lineOf(p, a),
        chargeType: '06',
        price: ok ? cap * secondaryRate : cap,
        ...day,
      })
      return { person, enc, line, amount: line.amount - Math.round((cap / 100) * secondaryRate) }
    },
  }
}

/** Price caps the surgery cases need: 1000 yuan at level 3 for every sampled code. */
function capsFor(cases: readonly Case[]): ReturnType<typeof priceCap>[] {
  return cases
    .filter((c) => c.rule === ruleOf('S2'))
    .map((c) => priceCap(c.violating.line.code, yuan(1000)))
}

interface PointType {
  readonly name: string
  readonly kind: KnowledgeKind
  readonly keep: (p: KnowledgePoint) => boolean
  readonly plan: (p: KnowledgePoint) => Plan | null
}

const TYPES: readonly PointType[] = [
  { name: 'GENDER drug (R4)', kind: 'GENDER', keep: (p) => p.subject === 'DRUG', plan: genderPlan },
  {
    name: 'GENDER item (R16)',
    kind: 'GENDER',
    keep: (p) => p.subject === 'ITEM',
    plan: genderPlan,
  },
  { name: 'AGE (D7, S5, S6, S16)', kind: 'AGE', keep: () => true, plan: agePlan },
  {
    name: 'INSURANCE_TYPE (D1, D2)',
    kind: 'INSURANCE_TYPE',
    keep: () => true,
    plan: insurancePlan,
  },
  { name: 'CARE_SETTING (D13)', kind: 'CARE_SETTING', keep: () => true, plan: settingPlan },
  { name: 'INSTITUTION_LEVEL (D12)', kind: 'INSTITUTION_LEVEL', keep: () => true, plan: levelPlan },
  {
    name: 'PAYMENT_COURSE drug (D10)',
    kind: 'PAYMENT_COURSE',
    keep: (p) => p.subject === 'DRUG',
    plan: coursePlan,
  },
  {
    name: 'PAYMENT_COURSE item (S10)',
    kind: 'PAYMENT_COURSE',
    keep: (p) => p.subject === 'ITEM',
    plan: coursePlan,
  },
  // 重复收费 by window: 同日 and 同次就诊 have hundreds of pairs, 1小时 and 6小时 a few.
  ...(['DAY', 'ENCOUNTER', 'HOUR', 'SIX_HOURS'] as const).map((window): PointType => ({
    name: `DUPLICATE_CHARGE ${window} (S12)`,
    kind: 'DUPLICATE_CHARGE',
    keep: (p) => cond(p, 'DUPLICATE_CHARGE').window === window,
    plan: duplicatePlan,
  })),
  {
    name: 'FREQUENCY per DAY (S14)',
    kind: 'FREQUENCY',
    keep: (p) => cond(p, 'FREQUENCY').per === 'DAY',
    plan: frequencyPlan,
  },
  {
    name: 'FREQUENCY per HOUR (S18)',
    kind: 'FREQUENCY',
    keep: (p) => cond(p, 'FREQUENCY').per === 'HOUR',
    plan: frequencyPlan,
  },
  { name: 'PERIOD_FREQUENCY (S15)', kind: 'PERIOD_FREQUENCY', keep: () => true, plan: periodPlan },
  { name: 'SURGERY_DISCOUNT (S2)', kind: 'SURGERY_DISCOUNT', keep: () => true, plan: surgeryPlan },
]

/** What is wrong with one case, in words (empty when it behaves). */
function problems(c: Case, byPerson: ReadonlyMap<string, Finding[]>): string[] {
  const out: string[] = []
  const tag = `${c.point.id} ${c.point.name}`
  const v = byPerson.get(c.violating.person.psnNo) ?? []
  const ids = (fs: readonly Finding[]): string =>
    [...new Set(fs.map((f) => f.ruleId))].sort().join(',')
  const want = [...new Set([c.rule, ...c.also])].sort().join(',')
  if (ids(v) !== want) out.push(`${tag}: violating case flagged by [${ids(v)}], want [${want}]`)
  const hits = v.filter((f) => f.ruleId === c.rule)
  const f = hits[0]
  if (hits.length !== 1 || !f) {
    out.push(`${tag}: ${hits.length} findings of ${c.rule}`)
  } else {
    const violating = f.lines.filter((l) => l.role === 'VIOLATING').map((l) => l.feedetlSn)
    if (f.mdtrtId !== c.violating.enc.mdtrtId) out.push(`${tag}: finding on ${f.mdtrtId}`)
    if (violating.join() !== c.violating.line.feedetlSn)
      out.push(`${tag}: violating lines ${violating.join()}, want ${c.violating.line.feedetlSn}`)
    if (f.amount !== c.violating.amount)
      out.push(`${tag}: amount ${f.amount}, want ${c.violating.amount}`)
    if (
      c.exact
        ? f.knowledgePointId !== c.point.id
        : !c.points.some((q) => q.id === f.knowledgePointId)
    )
      out.push(`${tag}: finding names point ${f.knowledgePointId}`)
  }
  const w = byPerson.get(c.compliant.person.psnNo) ?? []
  const wantTwin = [...new Set(c.also)].sort().join(',')
  if (ids(w) !== wantTwin)
    out.push(`${tag}: compliant twin flagged by [${ids(w)}], want [${wantTwin}]`)
  return out
}

describe('两库 points of the built-in pack', () => {
  for (const type of TYPES) {
    test(`${type.name}: sampled points are flagged, their twins are not`, () => {
      const all = knowledge.pointsOfKind(type.kind).filter(type.keep)
      const sampled = sample(all)
      const s = new Scenario()
      const cases: Case[] = []
      const skipped: string[] = []
      for (const point of sampled) {
        const plan = type.plan(point)
        if (plan === null) {
          skipped.push(point.id)
          continue
        }
        const d8 = plan.codes.some(restricted) ? [D8] : []
        cases.push({
          point,
          rule: plan.rule,
          exact: plan.exact,
          points: plan.points,
          also: d8,
          violating: plan.build(s, false),
          compliant: plan.build(s, true),
        })
      }
      // Nearly every sampled point can be exercised (a few have no code free of
      // contradicting points).
      expect(cases.length).toBeGreaterThanOrEqual(Math.min(all.length, 10))
      expect(skipped.length).toBeLessThanOrEqual(sampled.length / 5)
      const findings = auditScenario(engine, s, { priceCaps: capsFor(cases) })
      const byPerson = new Map<string, Finding[]>()
      for (const f of findings) byPerson.set(f.psnNo, [...(byPerson.get(f.psnNo) ?? []), f])
      expect(cases.flatMap((c) => problems(c, byPerson))).toEqual([])
    })
  }
})

// A code may carry several points of one kind with different dates (a 知识点 re-issued): the
// point in force on the line's day decides, whatever the order in the pack.
describe('a code with an expired and a current point of one kind', () => {
  const expired = knowledgePoint(
    'OLD',
    'DRUG',
    ['T-GENDER-01'],
    { kind: 'GENDER', gender: '2' },
    { name: '雌二醇片' }
  )
  const old: KnowledgePoint = { ...expired, effectiveFrom: '2024-01-01', effectiveTo: '2024-12-31' }
  const current: KnowledgePoint = { ...expired, id: 'NOW' }
  const flagged = (points: readonly KnowledgePoint[]): (string | null)[] => {
    const s = new Scenario()
    const v = s.outpatient(s.person({ gender: '1' }), { date: D })
    s.line(v, { code: 'T-GENDER-01', name: '雌二醇片' })
    const rules = compileLibrary(new Knowledge(handMadePack(points)))
    return auditScenario(rules, s).map((f) => f.knowledgePointId)
  }

  test('the current point alone, or listed first, flags the line', () => {
    expect(flagged([current])).toEqual(['NOW'])
    expect(flagged([current, old])).toEqual(['NOW'])
  })

  test('the current point flags the line when the expired one is listed first', () => {
    expect(flagged([old, current])).toEqual(['NOW'])
  })
})
