// SPDX-License-Identifier: Apache-2.0
// One violating scenario and its compliant twin for every rule of the library. Each violating
// scenario must give exactly the expected finding(s) — and no finding of any other rule — and
// the twin (the smallest change that makes it legal) must give no finding at all. Amounts are
// worked out here from the scenario's quantities and prices, not read back from the engine.
import type { Encounter, Fen, FeeLine, InstitutionLevel, IsoDate } from '@yibao/domain'
import { addDays, LEVEL_LABELS, violationType } from '@yibao/domain'
import type { KnowledgeCondition, KnowledgePoint } from '@yibao/knowledge'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { describe, expect, test } from 'vitest'
import type { CompiledRuleSet } from './compile.js'
import type { Finding } from './finding.js'
import { RULE_LIBRARY } from './library.js'
import type { LineOptions, PickedPoint, ReferenceOptions } from './testing.js'
import {
  auditScenario,
  compileLibrary,
  handMadePack,
  ITEMS,
  knowledgePoint,
  pickPoint,
  priceCap,
  Scenario,
  yuan,
} from './testing.js'

const builtin = new Knowledge(loadBuiltinPack())

/** The day most scenarios happen on (a Monday). */
const D = '2025-06-02'

/** The rule id of a violation type and variant, by the national-code scheme of the library. */
function ruleId(violation: string, variant = 0): string {
  const national = violationType(violation)?.nationalCode
  if (national) return `${national.slice(0, 13)}${String(variant).padStart(3, '0')}`
  return variant === 0 ? `YB-${violation}` : `YB-${violation}-${variant}`
}

/** The condition of a point, narrowed to its kind. */
function cond<K extends KnowledgeCondition['kind']>(
  p: KnowledgePoint,
  kind: K
): Extract<KnowledgeCondition, { kind: K }> {
  if (p.condition.kind !== kind) throw new Error(`${p.id} is not ${kind}`)
  return p.condition as Extract<KnowledgeCondition, { kind: K }>
}

/** A line billing a picked drug point (class as in the national catalogue). */
function drugOf(k: PickedPoint, opts: LineOptions = {}): LineOptions {
  return {
    code: k.code,
    name: k.point.name,
    listType: '101',
    chargeType: '09',
    catalogClass: builtin.catalogClassOf(k.code) ?? '02',
    price: yuan(12.5),
    ...opts,
  }
}

/** A line billing a picked item point. */
function itemOf(k: PickedPoint, opts: LineOptions = {}): LineOptions {
  return {
    code: k.code,
    name: k.point.name,
    listType: '201',
    chargeType: '05',
    price: yuan(30),
    ...opts,
  }
}

// —— Knowledge the cases read ——

const isDrug = (p: KnowledgePoint): boolean => p.subject === 'DRUG'
const isItem = (p: KnowledgePoint): boolean => p.subject === 'ITEM'

const P = {
  d1: pickPoint(builtin, 'INSURANCE_TYPE', {
    point: (p) => isDrug(p) && cond(p, 'INSURANCE_TYPE').insuTypes.includes('410'),
  }),
  // Every 生育保险 drug is also women-only: the person is a woman.
  d2: pickPoint(builtin, 'INSURANCE_TYPE', {
    point: (p) => isDrug(p) && cond(p, 'INSURANCE_TYPE').insuTypes.includes('510'),
    inert: ['GENDER'],
  }),
  d7: pickPoint(builtin, 'AGE', { point: (p) => isDrug(p) && cond(p, 'AGE').unit === 'YEAR' }),
  d10: pickPoint(builtin, 'PAYMENT_COURSE', {
    point: (p) => isDrug(p) && cond(p, 'PAYMENT_COURSE').maxDays <= 14,
  }),
  d12: pickPoint(builtin, 'INSTITUTION_LEVEL', { point: isDrug }),
  d13: pickPoint(builtin, 'CARE_SETTING', { point: isDrug }),
  s5: pickPoint(builtin, 'AGE', {
    point: (p) => isItem(p) && p.batch === 1 && cond(p, 'AGE').unit === 'DAY',
  }),
  s6: pickPoint(builtin, 'AGE', {
    point: (p) => isItem(p) && p.batch === 1 && cond(p, 'AGE').unit === 'YEAR',
  }),
  s10: pickPoint(builtin, 'PAYMENT_COURSE', { point: isItem }),
  s12: pickPoint(builtin, 'DUPLICATE_CHARGE', {
    point: (p) => {
      const c = cond(p, 'DUPLICATE_CHARGE')
      return (
        c.window === 'DAY' &&
        builtin.pointsOfCode(c.pairedCode).every((q) => q.condition.kind === 'DUPLICATE_CHARGE')
      )
    },
  }),
  s14: pickPoint(builtin, 'FREQUENCY', { point: (p) => cond(p, 'FREQUENCY').per === 'DAY' }),
  s15: pickPoint(builtin, 'PERIOD_FREQUENCY'),
  // 职业功能训练 also has a 90-day 疗程, which one line cannot break.
  s16: pickPoint(builtin, 'AGE', { point: (p) => p.batch === 8, inert: ['PAYMENT_COURSE'] }),
  s18: pickPoint(builtin, 'FREQUENCY', { point: (p) => cond(p, 'FREQUENCY').per === 'HOUR' }),
  r4: pickPoint(builtin, 'GENDER', {
    point: (p) => isDrug(p) && cond(p, 'GENDER').gender === '2',
  }),
  r16: pickPoint(builtin, 'GENDER', {
    point: (p) => isItem(p) && cond(p, 'GENDER').gender === '1',
  }),
  // A 乙类 drug of the catalogue (its only points are gender ones: the person fits them).
  m2x2: pickPoint(builtin, 'GENDER', {
    point: isDrug,
    code: (c) => builtin.catalogClassOf(c) === '02',
  }),
}

/** Two operations of one 手术组 whose codes carry nothing else. */
const SURGERY = (() => {
  const byGroup = new Map<string, PickedPoint[]>()
  for (const point of builtin.pointsOfKind('SURGERY_DISCOUNT')) {
    const code = point.codes[0]!
    if (builtin.pointsOfCode(code).length !== 1) continue
    const { group, secondaryRate } = cond(point, 'SURGERY_DISCOUNT')
    const list = byGroup.get(group) ?? []
    list.push({ point, code })
    byGroup.set(group, list)
    if (list.length === 2) return { secondary: list[0]!, main: list[1]!, rate: secondaryRate }
  }
  throw new Error('no surgery group with two clean codes')
})()

/** A drug with a 限定支付范围 whose only points are institution levels (met at level 3). */
const RESTRICTED = (() => {
  for (const d of builtin.pack.drugCodes) {
    const info = builtin.drug(d.code)
    const text = info?.catalog?.restriction
    if (!text) continue
    if (builtin.pointsOfCode(d.code).every((p) => p.condition.kind === 'INSTITUTION_LEVEL'))
      return { code: d.code, name: d.name, text, catalogClass: info?.catalogClass ?? '02' }
  }
  throw new Error('no restricted drug')
})()

/** A 饮片 the catalogue excludes from fund payment. */
const HERB = builtin.pack.catalogDrugs.find((d) => d.notPayable)!.name

// The built-in pack has no drug 新生儿 point and no item 保险类型 / 就医方式 / 机构等级 point,
// and no consumable codes at all: those rules are tested with this hand-made pack.
const HM = {
  d6: knowledgePoint(
    'HM-D6',
    'DRUG',
    ['T-NB-DRUG-01'],
    { kind: 'AGE', group: '新生儿', unit: 'DAY', min: null, maxExclusive: 29 },
    { name: '新生儿维生素K1注射液' }
  ),
  s3: knowledgePoint(
    'HM-S3',
    'ITEM',
    ['T-WI-ITEM-01'],
    { kind: 'INSURANCE_TYPE', insuTypes: ['410'] },
    { name: '职业病康复评定', batch: 3 }
  ),
  s4: knowledgePoint(
    'HM-S4',
    'ITEM',
    ['T-MI-ITEM-01'],
    { kind: 'INSURANCE_TYPE', insuTypes: ['510'] },
    { name: '产前检查', batch: 3 }
  ),
  s9: knowledgePoint(
    'HM-S9',
    'ITEM',
    ['T-IP-ITEM-01'],
    { kind: 'CARE_SETTING', setting: 'INPATIENT' },
    { name: '重症监护', batch: 4 }
  ),
  s11: knowledgePoint(
    'HM-S11',
    'ITEM',
    ['T-L3-ITEM-01'],
    { kind: 'INSTITUTION_LEVEL', minLevel: 3 },
    { name: '体外膜肺氧合', batch: 5 }
  ),
  // Consumables are 301 lines; points have only DRUG / ITEM subjects, so theirs are ITEM.
  c1: knowledgePoint(
    'HM-C1',
    'ITEM',
    ['T-NB-CONS-01'],
    { kind: 'AGE', group: '新生儿', unit: 'DAY', min: null, maxExclusive: 29 },
    { name: '新生儿脐带夹' }
  ),
  c2: knowledgePoint(
    'HM-C2',
    'ITEM',
    ['T-CH-CONS-01'],
    { kind: 'AGE', group: '儿童', unit: 'YEAR', min: null, maxExclusive: 18 },
    { name: '儿童型输液器' }
  ),
}
const handMade = new Knowledge(handMadePack(Object.values(HM)))

/** Hand-made point as a picked point (its single code). */
function hm(point: KnowledgePoint): PickedPoint {
  return { point, code: point.codes[0]! }
}

const ENGINES: Record<'builtin' | 'handMade', CompiledRuleSet> = {
  builtin: compileLibrary(builtin),
  handMade: compileLibrary(handMade),
}
const POST_ENGINE = compileLibrary(builtin, { stage: 'POST' })

// —— The cases ——

interface Built {
  readonly s: Scenario
  readonly ref?: ReferenceOptions
}

interface Expected {
  readonly enc: Encounter
  /** Violating lines, in the engine's order, with the amount each carries. */
  readonly violating?: readonly (readonly [FeeLine, Fen])[]
  readonly related?: readonly FeeLine[]
  readonly relatedEncounters?: readonly Encounter[]
  readonly amount: Fen
  /** Texts the message must contain (the evidence). */
  readonly message: readonly string[]
  readonly point?: KnowledgePoint
  /** Day of the finding (default: first violating line's, else the encounter's begin). */
  readonly date?: IsoDate
}

interface RuleCase<T extends Built = Built> {
  readonly violation: string
  readonly variant?: number
  readonly knowledge?: 'builtin' | 'handMade'
  /** The violating scenario (`ok` false) or its compliant twin (`ok` true). */
  build(ok: boolean): T
  expect(v: T): Expected[]
  /** The engine the twin is audited with (default: the same as the violating one). */
  readonly compliantEngine?: CompiledRuleSet
}

function rule<T extends Built>(c: RuleCase<T>): RuleCase<T> {
  return c
}

/** Outpatient visits, one per day offset, with one line each. */
function visits(
  s: Scenario,
  days: readonly number[],
  line: LineOptions
): { encs: Encounter[]; lines: FeeLine[] } {
  const p = s.person()
  const encs = days.map((d) => s.outpatient(p, { date: addDays(D, d) }))
  return { encs, lines: encs.map((e) => s.line(e, line)) }
}

const ROUTINE_DAY: Fen = 5000 + 2000 + 1500 + 3 * 85 // bed + nursing + consultation + 3 tablets

const CASES: RuleCase[] = [
  // —— 药品政策限定类 ——
  rule({
    violation: 'D1',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person(), { insuType: ok ? '410' : '310' })
      return { s, v, l: s.line(v, drugOf(P.d1, { quantity: 2 })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 2 * 1250]],
        amount: 2 * 1250,
        message: [`限工伤保险支付的药品【${P.d1.point.name}】由职工基本医疗保险结算`],
        point: P.d1.point,
      },
    ],
  }),
  rule({
    violation: 'D2',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ gender: '2' }), { insuType: ok ? '510' : '390' })
      return { s, v, l: s.line(v, drugOf(P.d2, { quantity: 3, price: yuan(8.4) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 3 * 840]],
        amount: 3 * 840,
        message: [`限生育保险支付的药品【${P.d2.point.name}】由城乡居民基本医疗保险结算`],
        point: P.d2.point,
      },
    ],
  }),
  rule({
    violation: 'D3',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      const herb = { code: 'T-HERB-0001', name: HERB, listType: '102', chargeType: '10' } as const
      // 丙类 (self-paid) is how a not-payable 饮片 must be billed.
      const l = s.line(v, {
        ...herb,
        quantity: 10,
        price: yuan(3.6),
        catalogClass: ok ? '03' : '02',
      })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 10 * 360]],
        amount: 10 * 360,
        message: [`不得纳入基金支付范围的中药饮片【${HERB}】按乙类纳入基金支付`],
      },
    ],
  }),
  rule({
    violation: 'D6',
    knowledge: 'handMade',
    build(ok) {
      const s = new Scenario()
      // 35 days old on 06-02 (a newborn is at most 28 days) vs 13 days old.
      const p = s.person({ birthDate: ok ? '2025-05-20' : '2025-04-28' })
      const v = s.outpatient(p)
      return { s, v, l: s.line(v, drugOf(hm(HM.d6), { price: yuan(4.2) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 420]],
        amount: 420,
        message: [`35天患者使用限28天及以下新生儿药品【${HM.d6.name}】`],
        point: HM.d6,
      },
    ],
  }),
  rule({
    violation: 'D7',
    build(ok) {
      const s = new Scenario()
      const p = s.person({ birthDate: ok ? '2015-03-01' : '1980-05-15' })
      const v = s.outpatient(p)
      return { s, v, l: s.line(v, drugOf(P.d7, { quantity: 2, price: yuan(23.45) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 2 * 2345]],
        amount: 2 * 2345,
        message: [
          `45岁患者使用限${cond(P.d7.point, 'AGE').maxExclusive}岁以下`,
          `药品【${P.d7.point.name}】`,
        ],
        point: P.d7.point,
      },
    ],
  }),
  rule({
    violation: 'D8',
    // A reminder of 事前/事中 only: the same line audited by the 事后 rule set gives nothing.
    compliantEngine: POST_ENGINE,
    build() {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      const l = s.line(v, {
        code: RESTRICTED.code,
        name: RESTRICTED.name,
        catalogClass: RESTRICTED.catalogClass,
        price: yuan(66),
      })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 0]],
        amount: 0,
        message: [`【${RESTRICTED.name}】限定支付范围：${RESTRICTED.text}`, '请确认符合条件'],
      },
    ],
  }),
  rule({
    violation: 'D9',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      const l = s.line(v, { ...ITEMS.drug, quantity: 30, price: yuan(0.5), days: ok ? 7 : 10 })
      return { s, v, l }
    },
    // 10 days prescribed, 7 allowed: 3/10 of the line.
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, (1500 * 3) / 10]],
        amount: (1500 * 3) / 10,
        message: [`处方【${ITEMS.drug.name}】开药10天，超过7天`],
      },
    ],
  }),
  rule({
    violation: 'D9',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-06' })
      const l = s.line(v, {
        ...ITEMS.drug,
        date: '2025-06-06',
        quantity: 60,
        dischargeMed: true,
        days: ok ? 14 : 20,
      })
      return { s, v, l }
    },
    // 60 × 0.85 = 51.00 yuan for 20 days, 14 allowed: 6/20 of it.
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, (5100 * 6) / 20]],
        amount: (5100 * 6) / 20,
        message: [`出院带药【${ITEMS.drug.name}】开药20天，超过14天`],
      },
    ],
  }),
  rule({
    violation: 'D9',
    variant: 2,
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person(), { medType: '14', diag: ['E11.900', '2型糖尿病'] })
      const l = s.line(v, { ...ITEMS.drug2, quantity: 90, price: yuan(2), days: ok ? 84 : 90 })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, (18000 * 6) / 90]],
        amount: (18000 * 6) / 90,
        message: [`处方【${ITEMS.drug2.name}】开药90天，超过84天`],
      },
    ],
  }),
  rule({
    violation: 'D10',
    build(ok) {
      const max = cond(P.d10.point, 'PAYMENT_COURSE').maxDays
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: addDays(D, max + 3) })
      // One dose a day for max + 2 days (the last two beyond the course) or for max days.
      const lines = Array.from({ length: ok ? max : max + 2 }, (_, d) =>
        s.line(v, drugOf(P.d10, { date: addDays(D, d), price: yuan(35) }))
      )
      return { s, v, lines, max }
    },
    expect: ({ v, lines, max }) => [
      {
        enc: v,
        violating: [
          [lines[max]!, 3500],
          [lines[max + 1]!, 3500],
        ],
        related: [lines[0]!],
        amount: 2 * 3500,
        message: [`【${P.d10.point.name}】限支付${max}天，自${D}起第${max + 2}天仍在使用`],
        point: P.d10.point,
      },
    ],
  }),
  rule({
    violation: 'D12',
    build(ok) {
      const min = cond(P.d12.point, 'INSTITUTION_LEVEL').minLevel
      const s = new Scenario()
      const v = s.outpatient(s.person(), { institution: ok ? 'H3' : `H${min - 1}` })
      return { s, v, l: s.line(v, drugOf(P.d12, { price: yuan(88) })), min }
    },
    expect: ({ v, l, min }) => [
      {
        enc: v,
        violating: [[l, 8800]],
        amount: 8800,
        message: [
          `限${LEVEL_LABELS[min]}及以上医疗机构使用的药品【${P.d12.point.name}】在${LEVEL_LABELS[(min - 1) as InstitutionLevel]}机构使用`,
        ],
        point: P.d12.point,
      },
    ],
  }),
  rule({
    violation: 'D13',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const v = ok ? s.stay(p, { from: D, to: '2025-06-05' }) : s.outpatient(p)
      return { s, v, l: s.line(v, drugOf(P.d13, { price: yuan(260) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 26000]],
        amount: 26000,
        message: [`限住院使用的药品【${P.d13.point.name}】在门诊中使用`],
        point: P.d13.point,
      },
    ],
  }),
  // —— 医疗服务项目、医用耗材政策限定类 ——
  rule({
    violation: 'S1',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      const item = {
        code: 'T-ITEM-ACU1',
        name: '普通针刺',
        listType: '201',
        chargeType: '05',
      } as const
      const l = s.line(v, { ...item, quantity: 2, price: ok ? yuan(50) : yuan(60) })
      return { s, v, l, ref: { priceCaps: [priceCap(item.code, yuan(50))] } }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 2 * 6000 - 2 * 5000]],
        amount: 2 * 6000 - 2 * 5000,
        message: ['【普通针刺】单价60.0000元，超过本级限价50.0000元，超收20.00元'],
      },
    ],
  }),
  rule({
    violation: 'S1',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      const item = {
        code: 'T-CONS-0001',
        name: '一次性注射器',
        listType: '301',
        chargeType: '08',
      } as const
      const l = s.line(v, { ...item, quantity: 3, price: ok ? yuan(2.5) : yuan(3.2) })
      return { s, v, l, ref: { priceCaps: [priceCap(item.code, yuan(2.5))] } }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 3 * 320 - 3 * 250]],
        amount: 3 * 320 - 3 * 250,
        message: ['【一次性注射器】单价3.2000元，超过本级限价2.5000元，超收2.10元'],
      },
    ],
  }),
  rule({
    violation: 'S2',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-07' })
      s.operation(v, '45.7300', '右半结肠切除术')
      const day = '2025-06-03'
      const surgery = (k: PickedPoint, price: number): LineOptions =>
        itemOf(k, { chargeType: '06', date: day, price })
      const main = s.line(v, surgery(SURGERY.main, yuan(2000)))
      // The second operation: full price 800 yuan vs the 50 % it is due.
      const second = s.line(v, surgery(SURGERY.secondary, ok ? yuan(400) : yuan(800)))
      return {
        s,
        v,
        main,
        second,
        ref: { priceCaps: [priceCap(SURGERY.secondary.code, yuan(800))] },
      }
    },
    expect: ({ v, main, second }) => [
      {
        enc: v,
        violating: [[second, 80000 - 80000 * SURGERY.rate]],
        related: [main],
        amount: 80000 - 80000 * SURGERY.rate,
        message: [
          `同一切口第二项手术【${SURGERY.secondary.point.name}】收费800.00元，应按${SURGERY.rate * 100}%计价`,
        ],
        point: SURGERY.secondary.point,
      },
    ],
  }),
  rule({
    violation: 'S3',
    knowledge: 'handMade',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person(), { insuType: ok ? '410' : '390' })
      return { s, v, l: s.line(v, itemOf(hm(HM.s3))) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 3000]],
        amount: 3000,
        message: [`限工伤保险支付的项目【${HM.s3.name}】由城乡居民基本医疗保险结算`],
        point: HM.s3,
      },
    ],
  }),
  rule({
    violation: 'S4',
    knowledge: 'handMade',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ gender: '2' }), { insuType: ok ? '510' : '310' })
      return { s, v, l: s.line(v, itemOf(hm(HM.s4), { price: yuan(45) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 4500]],
        amount: 4500,
        message: [`限生育保险支付的项目【${HM.s4.name}】由职工基本医疗保险结算`],
        point: HM.s4,
      },
    ],
  }),
  rule({
    violation: 'S5',
    build(ok) {
      const s = new Scenario()
      // 143 days old on 06-02 vs 13 days old.
      const v = s.outpatient(s.person({ birthDate: ok ? '2025-05-20' : '2025-01-10' }))
      return { s, v, l: s.line(v, itemOf(P.s5)) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 3000]],
        amount: 3000,
        message: [`143天患者使用限28天及以下新生儿项目【${P.s5.point.name}】`],
        point: P.s5.point,
      },
    ],
  }),
  rule({
    violation: 'S6',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ birthDate: ok ? '2024-06-01' : '1980-05-15' }))
      return { s, v, l: s.line(v, itemOf(P.s6, { quantity: 2 })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 2 * 3000]],
        amount: 2 * 3000,
        message: [
          `45岁患者使用限${cond(P.s6.point, 'AGE').maxExclusive}岁以下`,
          `项目【${P.s6.point.name}】`,
        ],
        point: P.s6.point,
      },
    ],
  }),
  rule({
    violation: 'S9',
    knowledge: 'handMade',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const v = ok ? s.stay(p, { from: D, to: '2025-06-05' }) : s.outpatient(p)
      return { s, v, l: s.line(v, itemOf(hm(HM.s9), { price: yuan(120) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 12000]],
        amount: 12000,
        message: [`限住院使用的项目【${HM.s9.name}】在门诊中使用`],
        point: HM.s9,
      },
    ],
  }),
  rule({
    violation: 'S10',
    build(ok) {
      const max = cond(P.s10.point, 'PAYMENT_COURSE').maxDays
      const s = new Scenario()
      // Visits every ≤ 90 days (within one course), the last on day max (the course's day
      // max + 1) or on day max − 1 (its last day).
      const last = ok ? max - 1 : max
      const days = [0]
      while (days[days.length - 1]! + 90 < last) days.push(days[days.length - 1]! + 90)
      days.push(last)
      const { encs, lines } = visits(s, days, itemOf(P.s10, { price: yuan(45) }))
      return { s, encs, lines, max }
    },
    expect: ({ encs, lines, max }) => [
      {
        enc: encs[encs.length - 1]!,
        violating: [[lines[lines.length - 1]!, 4500]],
        related: [lines[0]!],
        amount: 4500,
        message: [`【${P.s10.point.name}】限支付${max}天，自${D}起第${max + 1}天仍在使用`],
        point: P.s10.point,
      },
    ],
  }),
  rule({
    violation: 'S11',
    knowledge: 'handMade',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05', institution: ok ? 'H3' : 'H2' })
      return { s, v, l: s.line(v, itemOf(hm(HM.s11), { price: yuan(3000), date: '2025-06-03' })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 300000]],
        amount: 300000,
        message: [`限三级及以上医疗机构使用的项目【${HM.s11.name}】在二级机构使用`],
        point: HM.s11,
      },
    ],
  }),
  rule({
    violation: 'S12',
    build(ok) {
      const c = cond(P.s12.point, 'DUPLICATE_CHARGE')
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05' })
      const a = s.line(v, itemOf(P.s12, { time: '2025-06-03T09:00:00+08:00' }))
      // The paired item the same day (同日) vs the next day.
      const b = s.line(v, {
        ...itemOf(P.s12, { code: c.pairedCode, name: c.pairedName, price: yuan(18) }),
        time: ok ? '2025-06-04T09:00:00+08:00' : '2025-06-03T15:00:00+08:00',
      })
      return { s, v, a, b }
    },
    expect: ({ v, a, b }) => [
      {
        enc: v,
        violating: [[b, 1800]],
        related: [a],
        amount: 1800,
        message: [`【${a.name}】与【${b.name}】同日重复收费`],
        point: P.s12.point,
      },
    ],
  }),
  rule({
    violation: 'S14',
    build(ok) {
      const max = cond(P.s14.point, 'FREQUENCY').maxQuantity
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05' })
      const item = itemOf(P.s14, { price: yuan(6) })
      // max + 1 in the morning and 1 more in the afternoon (2 over), or max and 1 the next day.
      const first = s.line(v, {
        ...item,
        quantity: ok ? max : max + 1,
        time: '2025-06-03T09:00:00+08:00',
      })
      const second = s.line(v, {
        ...item,
        time: ok ? '2025-06-04T09:00:00+08:00' : '2025-06-03T15:00:00+08:00',
      })
      return { s, v, first, second, max }
    },
    // The excess is taken from the latest lines: all of the afternoon one, 1 unit of the first.
    expect: ({ v, first, second, max }) => [
      {
        enc: v,
        violating: [
          [second, 600],
          [first, 600],
        ],
        related: [],
        amount: 1200,
        message: [`【${P.s14.point.name}】限每日${max}次，当日收费${max + 2}次`],
        point: P.s14.point,
      },
    ],
  }),
  rule({
    violation: 'S14',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05' })
      // A bed code without a 限定频次 point, so only the charge-type rule judges it.
      const bed = {
        code: '001109000010200',
        name: '普通病房床位费(双人间)',
        listType: '201',
        chargeType: '01',
        price: yuan(40),
      } as const
      const first = s.line(v, { ...bed, time: '2025-06-02T10:00:00+08:00' })
      const second = s.line(v, { ...bed, time: '2025-06-03T10:00:00+08:00' })
      const third = s.line(v, {
        ...bed,
        time: ok ? '2025-06-04T10:00:00+08:00' : '2025-06-03T18:00:00+08:00',
      })
      return { s, v, first, second, third }
    },
    expect: ({ v, second, third }) => [
      {
        enc: v,
        violating: [[third, 4000]],
        related: [second],
        amount: 4000,
        message: ['床位费【普通病房床位费(双人间)】同日在同一机构收取2次，限每日1次'],
      },
    ],
  }),
  rule({
    violation: 'S14',
    variant: 2,
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const fee = {
        code: 'T-ITEM-GP01',
        name: '一般诊疗费',
        listType: '201',
        chargeType: '12',
        price: yuan(10),
      } as const
      const v1 = s.outpatient(p, { institution: 'C0', begin: '2025-06-02T09:00:00+08:00' })
      const v2 = s.outpatient(p, {
        institution: 'C0',
        begin: ok ? '2025-06-03T15:00:00+08:00' : '2025-06-02T15:00:00+08:00',
      })
      return { s, v1, v2, l1: s.line(v1, fee), l2: s.line(v2, fee) }
    },
    expect: ({ v1, v2, l1, l2 }) => [
      {
        enc: v2,
        violating: [[l2, 1000]],
        related: [l1],
        relatedEncounters: [v1],
        amount: 1000,
        message: ['一般诊疗费【一般诊疗费】同日在同一机构收取2次，限每日1次'],
      },
    ],
  }),
  rule({
    violation: 'S15',
    build(ok) {
      const { periodDays, maxCount } = cond(P.s15.point, 'PERIOD_FREQUENCY')
      const s = new Scenario()
      const p = s.person()
      const v1 = s.outpatient(p, { date: D })
      // Again on the period's last day (still within it) vs the first day after it.
      const v2 = s.outpatient(p, { date: addDays(D, ok ? periodDays : periodDays - 1) })
      const item = itemOf(P.s15, { chargeType: '04', price: yuan(25) })
      const l1 = s.line(v1, { ...item, quantity: maxCount })
      return { s, v1, v2, l1, l2: s.line(v2, item), periodDays, maxCount }
    },
    expect: ({ v1, v2, l1, l2, periodDays, maxCount }) => [
      {
        enc: v2,
        violating: [[l2, 2500]],
        related: [l1],
        relatedEncounters: [v1],
        amount: 2500,
        message: [
          `【${P.s15.point.name}】限${periodDays}天内${maxCount}次，${periodDays}天内已收费${maxCount + 1}次`,
        ],
        point: P.s15.point,
      },
    ],
  }),
  rule({
    violation: 'S16',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ birthDate: ok ? '1966-03-01' : '1960-03-01' }))
      return { s, v, l: s.line(v, itemOf(P.s16, { price: yuan(40) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 4000]],
        amount: 4000,
        message: [
          `65岁患者使用限${cond(P.s16.point, 'AGE').maxExclusive}岁以下法定就业年龄项目【${P.s16.point.name}】`,
        ],
        point: P.s16.point,
      },
    ],
  }),
  rule({
    violation: 'S18',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05' })
      const item = itemOf(P.s18, { price: yuan(3.5) })
      const first = s.line(v, { ...item, quantity: 20, time: '2025-06-03T08:00:00+08:00' })
      const second = s.line(v, {
        ...item,
        quantity: ok ? 4 : 10,
        time: '2025-06-03T20:00:00+08:00',
      })
      return { s, v, first, second }
    },
    // 30 hours in a day: 6 over, taken from the evening line (6 × 3.50 yuan).
    expect: ({ v, first, second }) => [
      {
        enc: v,
        violating: [[second, 6 * 350]],
        related: [first],
        amount: 6 * 350,
        message: [`【${P.s18.point.name}】按小时计费，当日计30小时，超过24小时`],
        point: P.s18.point,
      },
    ],
  }),
  rule({
    violation: 'C1',
    knowledge: 'handMade',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ birthDate: ok ? '2025-05-20' : '2025-04-28' }))
      const l = s.line(v, { ...itemOf(hm(HM.c1)), listType: '301', chargeType: '08' })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 3000]],
        amount: 3000,
        message: [`35天患者使用限28天及以下新生儿耗材【${HM.c1.name}】`],
        point: HM.c1,
      },
    ],
  }),
  rule({
    violation: 'C2',
    knowledge: 'handMade',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ birthDate: ok ? '2015-03-01' : '1980-05-15' }))
      const l = s.line(v, {
        ...itemOf(hm(HM.c2), { quantity: 2, price: yuan(6.5) }),
        listType: '301',
        chargeType: '08',
      })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 2 * 650]],
        amount: 2 * 650,
        message: [`45岁患者使用限18岁以下儿童耗材【${HM.c2.name}】`],
        point: HM.c2,
      },
    ],
  }),
  // —— 管理类 ——
  rule({
    violation: 'M1',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05', dscgWay: ok ? '1' : null })
      return { s, v }
    },
    expect: ({ v }) => [
      { enc: v, violating: [], amount: 0, message: ['医保结算清单信息异常：缺少离院方式'] },
    ],
  }),
  rule({
    violation: 'M1',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      s.line(v, { ...ITEMS.visit })
      s.line(v, { ...ITEMS.drug, quantity: 10 })
      // Lines total 18.50 yuan; the settlement says 23.50 (its own identities hold).
      s.settle(v, ok ? {} : { total: 1850 + 500 })
      return { s, v }
    },
    expect: ({ v }) => [
      {
        enc: v,
        violating: [],
        amount: 0,
        message: ['结算信息异常：费用明细合计18.50元，结算总费用23.50元'],
      },
    ],
  }),
  rule({
    violation: 'S19',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      s.line(v, { ...ITEMS.visit })
      const l = s.line(v, { ...ITEMS.drug, quantity: 10, catalogClass: '03' })
      // The 丙类 drug (8.50 yuan) is settled as 全自费, or not at all.
      s.settle(v, ok ? {} : { ownpay: 0 })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 0]],
        amount: 850,
        message: ['目录外（丙类）费用8.50元，结算全自费金额仅0.00元，差额8.50元按目录内费用结算'],
      },
    ],
  }),
  rule({
    violation: 'M2',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      // 3 × 0.85 = 2.55 yuan; billed 5.55 (3.00 too much) vs 2.56 (within the 1-fen tolerance).
      const l = s.line(v, { ...ITEMS.drug, quantity: 3, amount: ok ? 256 : 555 })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 555 - 255]],
        amount: 555 - 255,
        message: [`【${ITEMS.drug.name}】明细金额5.55元，数量3×单价0.8500元应为2.55元`],
      },
    ],
  }),
  rule({
    violation: 'M2',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      const time = '2025-06-02T09:10:00+08:00'
      const first = s.line(v, { ...ITEMS.drug, quantity: 2, time })
      const again = s.line(v, {
        ...ITEMS.drug,
        quantity: 2,
        time: ok ? '2025-06-02T09:11:00+08:00' : time,
      })
      return { s, v, first, again }
    },
    expect: ({ v, first, again }) => [
      {
        enc: v,
        violating: [[again, 2 * 85]],
        related: [first],
        amount: 2 * 85,
        message: [`【${ITEMS.drug.name}】在同一时间以相同数量和单价重复计费`],
      },
    ],
  }),
  rule({
    violation: 'M2',
    variant: 2,
    build(ok) {
      const s = new Scenario()
      const p = s.person({ gender: cond(P.m2x2.point, 'GENDER').gender })
      const v = s.outpatient(p)
      const l = s.line(v, drugOf(P.m2x2, { catalogClass: ok ? '02' : '01' }))
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 0]],
        amount: 0,
        message: [`【${P.m2x2.point.name}】按甲类结算，国家目录为乙类`],
      },
    ],
  }),
  rule({
    violation: 'M4',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05', diag: ['K35.800', '急性阑尾炎'] })
      const surgery = {
        code: 'T-SURG-0001',
        name: '阑尾切除术',
        listType: '201',
        chargeType: '06',
      } as const
      const l = s.line(v, { ...surgery, price: yuan(900), date: '2025-06-03' })
      if (ok) s.operation(v, '47.0900', '阑尾切除术')
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 0]],
        amount: 0,
        message: ['收取手术费【阑尾切除术】，结算清单未填写手术操作编码'],
      },
    ],
  }),
  rule({
    violation: 'M5',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person({ gender: ok ? '2' : '1' }), {
        from: D,
        to: '2025-06-05',
        diag: ['R19.000', '腹部肿块'],
      })
      s.operation(v, '65.2900', '卵巢其他局部切除术')
      return { s, v }
    },
    expect: ({ v }) => [
      {
        enc: v,
        violating: [],
        amount: 0,
        message: ['男性患者手术操作为限女性的【65.2900 卵巢其他局部切除术】'],
      },
    ],
  }),
  rule({
    violation: 'M7',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      const time = '2025-06-02T09:05:00+08:00'
      const l = s.line(v, {
        ...ITEMS.drug,
        time,
        uploadTime: ok ? '2025-06-03T08:05:00+08:00' : '2025-06-03T15:05:00+08:00',
      })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      { enc: v, violating: [[l, 0]], amount: 0, message: ['1条费用明细在发生后30小时才上传'] },
    ],
  }),
  rule({
    violation: 'M8',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05' })
      const l = s.line(v, { ...ITEMS.drug, quantity: 4, date: ok ? '2025-06-05' : '2025-06-06' })
      return { s, v, l }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 4 * 85]],
        amount: 4 * 85,
        message: [`【${ITEMS.drug.name}】计费日期2025-06-06晚于出院日期2025-06-05`],
      },
    ],
  }),
  rule({
    violation: 'M12',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person())
      // Six drugs on one prescription vs the sixth on a second prescription.
      const lines = [1, 2, 3, 4, 5, 6].map((n) =>
        s.line(v, {
          code: `T-RX-DRUG-${n}`,
          name: `处方药${n}`,
          rxNo: n === 6 && ok ? 'RX-2' : 'RX-1',
        })
      )
      return { s, v, lines }
    },
    expect: ({ v, lines }) => [
      {
        enc: v,
        violating: [[lines[5]!, 0]],
        related: lines.slice(0, 5),
        amount: 0,
        message: ['单张处方开具6种药品，超过5种'],
      },
    ],
  }),
  rule({
    violation: 'M14',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const first = s.routineStay(p, { from: D, to: '2025-06-06' })
      // Readmitted 10 days after discharge vs 16 days (the window is 15).
      const from = ok ? '2025-06-22' : '2025-06-16'
      const again = s.routineStay(p, {
        from,
        to: addDays(from, 3),
        diag: ['J18.000', '支气管肺炎'],
      })
      return { s, first, again }
    },
    expect: ({ first, again }) => [
      {
        enc: again,
        violating: [],
        relatedEncounters: [first],
        amount: 3 * ROUTINE_DAY,
        message: [
          '出院10天后以相关诊断【J18.000】再次入住同一医院',
          `前次住院${first.mdtrtId}，主诊断【J18.900】`,
        ],
      },
    ],
  }),
  rule({
    violation: 'M15',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      // 11 visits within 20 days vs 10.
      const encs = Array.from({ length: ok ? 10 : 11 }, (_, n) =>
        s.outpatient(p, { date: addDays(D, 2 * n) })
      )
      return { s, encs }
    },
    expect: ({ encs }) => [
      {
        enc: encs[10]!,
        violating: [],
        relatedEncounters: encs.slice(0, 10),
        amount: 0,
        message: ['30天内门诊11次，超过10次', `${D}至2025-06-22共11次`],
      },
    ],
  }),
  rule({
    violation: 'M16',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const encs = Array.from({ length: ok ? 8 : 9 }, (_, n) =>
        s.pharmacy(p, { date: addDays(D, 3 * n) })
      )
      return { s, encs }
    },
    expect: ({ encs }) => [
      {
        enc: encs[8]!,
        violating: [],
        relatedEncounters: encs.slice(0, 8),
        amount: 0,
        message: ['30天内购药9次，超过8次'],
      },
    ],
  }),
  rule({
    violation: 'M17',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const diags = [
        ['J18.900', '肺炎'],
        ['K29.700', '胃炎'],
        ['I10.x00', '高血压'],
        ['N39.000', '泌尿道感染'],
      ] as const
      // Four stays two months apart (within 365 days) vs three.
      const encs = diags
        .slice(0, ok ? 3 : 4)
        .map((diag, n) => s.stay(p, { from: addDays(D, 60 * n), to: addDays(D, 60 * n + 3), diag }))
      return { s, encs }
    },
    expect: ({ encs }) => [
      {
        enc: encs[3]!,
        violating: [],
        relatedEncounters: encs.slice(0, 3),
        amount: 0,
        message: ['365天内住院4次，超过3次'],
      },
    ],
  }),
  rule({
    violation: 'M18',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-04' })
      s.line(v, { ...ITEMS.bed, date: D })
      s.line(v, { ...ITEMS.bed, date: '2025-06-03' })
      s.line(v, { ...ITEMS.lab, date: D })
      s.line(v, { ...ITEMS.ct, date: D })
      if (ok) s.line(v, { ...ITEMS.drug, date: D, quantity: 6 })
      return { s, v }
    },
    expect: ({ v }) => [
      {
        enc: v,
        violating: [],
        amount: 2 * 5000 + 800 + 18000,
        message: ['住院2天，仅发生检查检验及床位、护理、诊查费用288.00元，无实质治疗'],
      },
    ],
  }),
  rule({
    violation: 'M19',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ gender: ok ? '2' : '1' }), {
        diag: ['N80.000', '子宫内膜异位症'],
      })
      return { s, v }
    },
    expect: ({ v }) => [
      {
        enc: v,
        violating: [],
        amount: 0,
        message: ['男性患者诊断为限女性的【N80.000 子宫内膜异位症】'],
      },
    ],
  }),
  rule({
    violation: 'M20',
    build(ok) {
      const s = new Scenario()
      const p = s.person({ birthDate: ok ? '2025-03-01' : '1995-01-01' })
      const v = s.outpatient(p, { diag: ['P07.300', '早产儿'] })
      return { s, v }
    },
    expect: ({ v }) => [
      {
        enc: v,
        violating: [],
        amount: 0,
        message: ['30岁患者诊断为围产期/新生儿疾病【P07.300 早产儿】'],
      },
    ],
  }),
  rule({
    violation: 'M21',
    build(ok) {
      const s = new Scenario()
      // The doctor's qualification is suspended from 2025-06-01: a visit on 06-02 vs 05-30.
      const v = s.outpatient(s.person(), { date: ok ? '2025-05-30' : D })
      const l = s.line(v, { ...ITEMS.drug, quantity: 12, orderDoctor: 'DOC-009' })
      const ref: ReferenceOptions = {
        staffQualification: (code, date) =>
          code === 'DOC-009' && date >= '2025-06-01' ? 'SUSPENDED' : null,
      }
      return { s, v, l, ref }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 12 * 85]],
        amount: 12 * 85,
        message: [`【${ITEMS.drug.name}】由医保支付资格暂停的人员【DOC-009】开具或执行`],
      },
    ],
  }),
  // —— 医疗类 ——
  rule({
    violation: 'R4',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ gender: ok ? '2' : '1' }))
      return { s, v, l: s.line(v, drugOf(P.r4, { quantity: 2, price: yuan(19.9) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 2 * 1990]],
        amount: 2 * 1990,
        message: [`男性患者开具限女性使用药品【${P.r4.point.name}】`],
        point: P.r4.point,
      },
    ],
  }),
  rule({
    violation: 'R13',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-05' })
      const lab = {
        code: 'T-LAB-0001',
        name: '血细胞分析',
        listType: '201',
        chargeType: '04',
      } as const
      const first = s.line(v, { ...lab, price: yuan(20), time: '2025-06-03T07:00:00+08:00' })
      const again = s.line(v, {
        ...lab,
        price: yuan(20),
        time: ok ? '2025-06-04T07:00:00+08:00' : '2025-06-03T15:00:00+08:00',
      })
      return { s, v, first, again }
    },
    expect: ({ v, first, again }) => [
      {
        enc: v,
        violating: [[again, 2000]],
        related: [first],
        amount: 2000,
        message: ['【血细胞分析】同日重复检验检查'],
      },
    ],
  }),
  rule({
    violation: 'R13',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      const { encs, lines } = visits(s, [0, ok ? 8 : 5], ITEMS.ct)
      return { s, encs, lines }
    },
    expect: ({ encs, lines }) => [
      {
        enc: encs[1]!,
        violating: [[lines[1]!, 18000]],
        related: [lines[0]!],
        relatedEncounters: [encs[0]!],
        amount: 18000,
        message: ['【胸部CT平扫】距上次检查5天再次检查（7天内）'],
      },
    ],
  }),
  rule({
    violation: 'R16',
    build(ok) {
      const s = new Scenario()
      const v = s.outpatient(s.person({ gender: ok ? '1' : '2' }))
      return { s, v, l: s.line(v, itemOf(P.r16, { price: yuan(55) })) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 5500]],
        amount: 5500,
        message: [`女性患者开具限男性使用项目【${P.r16.point.name}】`],
        point: P.r16.point,
      },
    ],
  }),
  // —— 大数据筛查类 ——
  rule({
    violation: 'F1',
    build(ok) {
      const s = new Scenario()
      const v = s.stay(s.person(), { from: D, to: '2025-06-08' })
      const idle: FeeLine[] = []
      for (let n = 0; n < 6; n++) {
        const date = addDays(D, n)
        const routine = [ITEMS.bed, ITEMS.nursing, ITEMS.consult].map((item) =>
          s.line(v, { ...item, date })
        )
        // Treatment on the first two days only (and on day 3 in the twin).
        if (n < 2 || (ok && n === 3)) s.line(v, { ...ITEMS.drug, date, quantity: 3 })
        else idle.push(...routine)
      }
      return { s, v, idle }
    },
    // Days 06-04 … 06-07: four days of bed, nursing and consultation only.
    expect: ({ v, idle }) => [
      {
        enc: v,
        violating: idle.map((l) => [l, l.amount] as const),
        amount: 4 * (5000 + 2000 + 1500),
        message: ['住院期间连续4天仅收取床位费、护理费、诊查费'],
        date: '2025-06-04',
      },
    ],
  }),
  ...(
    [
      [0, ITEMS.bed, '床位费'],
      [1, ITEMS.nursing, '等级护理费'],
      [2, ITEMS.consult, '住院诊查费'],
    ] as const
  ).map(([variant, item, label]) =>
    rule({
      violation: 'F2',
      variant,
      build(ok) {
        const s = new Scenario()
        const v = s.routineStay(s.person(), { from: D, to: '2025-06-08' })
        // Also charged on the discharge day: 7 days for a 6-day stay.
        const extra = ok ? null : s.line(v, { ...item, date: '2025-06-08' })
        return { s, v, extra }
      },
      expect: ({ v, extra }) => [
        {
          enc: v,
          violating: [[extra!, item.price / 100]],
          amount: item.price / 100,
          message: [`${label}计7天，住院6天`],
        },
      ],
    })
  ),
  rule({
    violation: 'F3',
    build(ok) {
      const s = new Scenario()
      const p = s.person({ deathDate: '2025-06-05' })
      const v = s.outpatient(p, { date: ok ? '2025-06-04' : '2025-06-10' })
      return { s, v, a: s.line(v, { ...ITEMS.drug, quantity: 10 }), b: s.line(v, ITEMS.visit) }
    },
    expect: ({ v, a, b }) => [
      {
        enc: v,
        violating: [
          [a, 850],
          [b, 1000],
        ],
        amount: 850 + 1000,
        message: ['参保人已于2025-06-05死亡，其后仍发生费用18.50元'],
      },
    ],
  }),
  rule({
    violation: 'F4',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const stay = s.routineStay(p, { from: D, to: '2025-06-10' })
      // A visit elsewhere in the middle of the stay vs on its discharge day.
      const v = s.outpatient(p, { institution: 'H2', date: ok ? '2025-06-10' : '2025-06-05' })
      s.line(v, ITEMS.visit)
      s.line(v, { ...ITEMS.drug, quantity: 10 })
      return { s, stay, v }
    },
    expect: ({ stay, v }) => [
      {
        enc: v,
        violating: [],
        relatedEncounters: [stay],
        amount: 1000 + 850,
        message: ['在H3住院期间（2025-06-02至2025-06-10）于H2发生门诊结算'],
      },
    ],
  }),
  rule({
    violation: 'F4',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const stay = s.routineStay(p, { from: D, to: '2025-06-10' })
      const from = ok ? '2025-06-10' : '2025-06-05'
      const other = s.routineStay(p, { from, to: addDays(from, 3), institution: 'H2' })
      return { s, stay, other }
    },
    expect: ({ stay, other }) => [
      {
        enc: other,
        violating: [],
        relatedEncounters: [stay],
        amount: 3 * ROUTINE_DAY,
        message: ['在H3住院期间（2025-06-02至2025-06-10）于H2发生住院结算'],
      },
    ],
  }),
  rule({
    violation: 'F7',
    build(ok) {
      const s = new Scenario()
      const v = s.pharmacy(s.person())
      return { s, v, l: s.line(v, ok ? ITEMS.drug : ITEMS.infusion) }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 1200]],
        amount: 1200,
        message: ['定点零售药店收取其不具备服务能力的费用【静脉输液】'],
      },
    ],
  }),
  rule({
    violation: 'F7',
    variant: 1,
    build(ok) {
      const s = new Scenario()
      // A 一级 hospital registered for ICU only bills a 层流洁净病房 bed (the twin: registered).
      const v = s.stay(s.person(), { from: D, to: '2025-06-05', institution: 'H1' })
      const l = s.line(v, {
        ...ITEMS.bed,
        code: '001109000020000',
        name: '层流洁净病房床位费',
        price: yuan(90),
      })
      const registered = ok ? ['ICU', 'LAMINAR'] : ['ICU']
      const ref: ReferenceOptions = {
        capabilities: registered.map((capability) => ({
          institutionCode: 'H1',
          capability,
          beginDate: '2025-01-01',
          endDate: null,
        })),
      }
      return { s, v, l, ref }
    },
    expect: ({ v, l }) => [
      {
        enc: v,
        violating: [[l, 9000]],
        amount: 9000,
        message: ['机构未登记层流洁净病房服务能力，收取【层流洁净病房床位费】'],
      },
    ],
  }),
  rule({
    violation: 'F10',
    build(ok) {
      const s = new Scenario()
      const p = s.person()
      const first = s.pharmacy(p, { begin: '2025-06-02T10:00:00+08:00' })
      const again = s.pharmacy(p, { date: ok ? '2025-06-03' : D })
      s.line(first, { ...ITEMS.drug, quantity: 20 })
      s.line(again, { ...ITEMS.drug2, quantity: 5 })
      return { s, first, again }
    },
    expect: ({ first, again }) => [
      {
        enc: again,
        violating: [],
        relatedEncounters: [first],
        amount: 5 * 120,
        message: [`同日在PH再次结算（首笔${first.mdtrtId}）`],
      },
    ],
  }),
]

// —— The checks ——

function check(f: Finding, e: Expected, id: string, knowledge: Knowledge): void {
  const def = RULE_LIBRARY.find((r) => r.id === id)!
  expect(f.ruleId).toBe(id)
  expect(f.ruleName).toBe(def.name)
  expect(f.violation).toBe(def.violation)
  expect(f.severity).toBe(def.severity)
  expect(f.mdtrtId).toBe(e.enc.mdtrtId)
  expect(f.psnNo).toBe(e.enc.psnNo)
  expect(f.institutionCode).toBe(e.enc.institutionCode)
  const violating = e.violating ?? []
  expect(f.lines.filter((l) => l.role === 'VIOLATING').map((l) => [l.feedetlSn, l.amount])).toEqual(
    violating.map(([l, amount]) => [l.feedetlSn, amount])
  )
  if (e.related !== undefined) {
    expect(f.lines.filter((l) => l.role === 'RELATED').map((l) => [l.feedetlSn, l.amount])).toEqual(
      e.related.map((l) => [l.feedetlSn, 0])
    )
  }
  expect(f.relatedEncounters).toEqual((e.relatedEncounters ?? []).map((x) => x.mdtrtId))
  expect(f.amount).toBe(e.amount)
  for (const text of e.message) expect(f.message).toContain(text)
  expect(f.date).toBe(
    e.date ?? (violating.length > 0 ? violating[0]![0].time.slice(0, 10) : e.enc.begin.slice(0, 10))
  )
  expect(f.knowledgePointId).toBe(e.point?.id ?? null)
  expect(f.evidence).toContain(e.point ? `知识点 ${e.point.id}` : `（${id}）`)
  expect(f.packVersion).toBe(knowledge.version)
  expect(f.params).toEqual(
    Object.fromEntries(Object.entries(def.params).map(([k, spec]) => [k, spec.default]))
  )
  expect(f.id).toMatch(/^F[0-9a-f]{24}$/)
}

const KNOWLEDGE = { builtin, handMade }

describe('rule library', () => {
  test('has a case for every rule, and every case names a rule', () => {
    const covered = CASES.map((c) => ruleId(c.violation, c.variant))
    expect(new Set(covered).size).toBe(covered.length)
    expect([...covered].sort()).toEqual(RULE_LIBRARY.map((r) => r.id).sort())
  })

  test('the D8 reminder belongs to 事前 and 事中 only', () => {
    const s = new Scenario()
    const v = s.outpatient(s.person())
    s.line(v, {
      code: RESTRICTED.code,
      name: RESTRICTED.name,
      catalogClass: RESTRICTED.catalogClass,
    })
    const d8 = (stage: 'PRE' | 'IN' | 'POST'): string[] =>
      auditScenario(compileLibrary(builtin, { stage }), s).map((f) => f.ruleId)
    expect([d8('PRE'), d8('IN'), d8('POST')]).toEqual([[ruleId('D8')], [ruleId('D8')], []])
  })

  test('the built-in pack lacks the knowledge of the hand-made cases', () => {
    const none = (kind: KnowledgeCondition['kind'], keep: (p: KnowledgePoint) => boolean) =>
      builtin.pointsOfKind(kind).filter(keep)
    expect(none('AGE', (p) => isDrug(p) && cond(p, 'AGE').unit === 'DAY')).toEqual([])
    expect(none('INSURANCE_TYPE', isItem)).toEqual([])
    expect(none('CARE_SETTING', isItem)).toEqual([])
    expect(none('INSTITUTION_LEVEL', isItem)).toEqual([])
  })
})

for (const c of CASES) {
  const id = ruleId(c.violation, c.variant)
  const name = RULE_LIBRARY.find((r) => r.id === id)?.name ?? '?'
  const knowledge = KNOWLEDGE[c.knowledge ?? 'builtin']
  const engine = ENGINES[c.knowledge ?? 'builtin']
  describe(`${c.violation}${c.variant ? `-${c.variant}` : ''} ${name} (${id})`, () => {
    test('flags the violating scenario, and nothing else', () => {
      const built = c.build(false)
      const findings = auditScenario(engine, built.s, built.ref)
      const expected = c.expect(built)
      expect(findings.map((f) => f.ruleId)).toEqual(expected.map(() => id))
      findings.forEach((f, n) => {
        check(f, expected[n]!, id, knowledge)
      })
    })

    test('passes the compliant twin', () => {
      const built = c.build(true)
      expect(auditScenario(c.compliantEngine ?? engine, built.s, built.ref)).toEqual([])
    })
  })
}

// —— Parameter edge cases ——

describe('parameter edge cases', () => {
  test('YB-F7-1 judges nothing while no capability register is loaded', () => {
    const s = new Scenario()
    const v = s.stay(s.person(), { from: D, to: '2025-06-05', institution: 'H1' })
    s.line(v, { ...ITEMS.bed, code: '001109000020000', name: '层流洁净病房床位费' })
    expect(auditScenario(ENGINES.builtin, s).map((f) => f.ruleId)).not.toContain('YB-F7-1')
  })

  // YB-M21 exempts 急诊 (med_type 13 in MED_TYPE_LABELS).
  test('YB-M21 exempts an emergency visit (医疗类别 13 急诊)', () => {
    const s = new Scenario()
    const v = s.outpatient(s.person(), { medType: '13' })
    s.line(v, { ...ITEMS.drug, orderDoctor: 'DOC-009' })
    const findings = auditScenario(ENGINES.builtin, s, { staffQualification: () => 'SUSPENDED' })
    expect(findings.map((f) => f.ruleId)).not.toContain('YB-M21')
  })

  // 医疗类别 codes go up to four digits (9901 其他门诊 and local sub-types).
  test('D9 applies to a 医疗类别 named by a region override (9901)', () => {
    const engine = compileLibrary(builtin, {}, [
      {
        ruleId: ruleId('D9'),
        admdvs: '*',
        from: '2025-01-01',
        to: null,
        params: { medTypes: ['9901'] },
      },
    ])
    const s = new Scenario()
    const v = s.outpatient(s.person(), { medType: '9901' })
    s.line(v, { ...ITEMS.drug, quantity: 30, days: 10 })
    expect(auditScenario(engine, s).map((f) => f.ruleId)).toEqual([ruleId('D9')])
  })

  test('D9 does apply to a two-digit 医疗类别 named by a region override (the same case, 12)', () => {
    const engine = compileLibrary(builtin, {}, [
      {
        ruleId: ruleId('D9'),
        admdvs: '*',
        from: '2025-01-01',
        to: null,
        params: { medTypes: ['12'] },
      },
    ])
    const s = new Scenario()
    const v = s.outpatient(s.person(), { medType: '12' })
    s.line(v, { ...ITEMS.drug, quantity: 30, days: 10 })
    expect(auditScenario(engine, s).map((f) => f.ruleId)).toEqual([ruleId('D9')])
  })
})

describe('days billed for a daily charge', () => {
  // Two nursing grades on one day are one nursing day (the pair is a duplicate charge, not an
  // extra day); one line of several bed-days counts every day.
  test('a second nursing grade on a day adds no day; a lump of bed-days does', () => {
    const s = new Scenario()
    const v = s.routineStay(s.person(), { from: '2025-06-01', to: '2025-06-04' })
    s.line(v, { ...ITEMS.nursing, code: '001201000010000', name: '特级护理', date: '2025-06-02' })
    const days = auditScenario(ENGINES.builtin, s).filter((f) => f.violation === 'F2')
    expect(days).toEqual([])

    const lump = new Scenario()
    const w = lump.stay(lump.person(), { from: '2025-06-01', to: '2025-06-04' })
    lump.line(w, { ...ITEMS.bed, date: '2025-06-01', quantity: 5 })
    const found = auditScenario(ENGINES.builtin, lump).filter((f) => f.violation === 'F2')
    expect(found.map((f) => [f.ruleId, f.amount, f.message])).toEqual([
      ['YB-F2', 2 * 5000, '床位费计5天，住院3天'],
    ])
  })
})
