// SPDX-License-Identifier: Apache-2.0
// Engine-level behaviour: focus, determinism, rule resolution with overrides, the rule-set
// version, and the generated kernel.
import type { PersonRecords } from '@yibao/domain'
import { OutcomeError } from '@yibao/domain'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { describe, expect, test } from 'vitest'
import { CompiledRuleSet } from './compile.js'
import type { Finding } from './finding.js'
import { RULE_LIBRARY } from './library.js'
import { LOGICS } from './logics/index.js'
import { checkOverrides, resolveRules } from './resolve-rules.js'
import type { RuleOverride } from './rule.js'
import {
  auditScenario,
  compileLibrary,
  handMadePack,
  ITEMS,
  pickPoint,
  REGION,
  RULE_DATE,
  Scenario,
  yuan,
} from './testing.js'

const knowledge = new Knowledge(loadBuiltinPack())
const engine = compileLibrary(knowledge)

const idOf = (violation: string, n = 0): string =>
  RULE_LIBRARY.filter((r) => r.violation === violation)[n]!.id
const M15 = idOf('M15')
const D9 = idOf('D9')

const forWomen = pickPoint(knowledge, 'GENDER', {
  point: (p) => p.subject === 'DRUG' && p.condition.kind === 'GENDER' && p.condition.gender === '2',
})

/** Findings of many rules, several spanning encounters, for three persons and a clean one. */
function richScenario(): Scenario {
  const s = new Scenario()
  const man = s.person()
  const stay1 = s.routineStay(man, { from: '2025-06-02', to: '2025-06-06' })
  const elsewhere = s.outpatient(man, { date: '2025-06-04', institution: 'H2' }) // F4
  s.line(elsewhere, ITEMS.visit)
  s.line(elsewhere, { ...ITEMS.drug, quantity: 10, days: 10 }) // D9
  s.routineStay(man, { from: '2025-06-16', to: '2025-06-19', diag: ['J18.000', '支气管肺炎'] }) // M14
  const ct1 = s.outpatient(man, { date: '2025-06-20' })
  s.line(ct1, ITEMS.ct)
  s.line(ct1, { code: forWomen.code, name: forWomen.point.name, catalogClass: '02' }) // R4
  const ct2 = s.outpatient(man, { date: '2025-06-24' })
  s.line(ct2, ITEMS.ct) // R13-1
  for (const time of ['09:00', '15:00']) {
    const v = s.outpatient(man, { begin: `2025-06-25T${time}:00+08:00`, institution: 'C0' })
    s.line(v, { code: 'T-GP', name: '一般诊疗费', listType: '201', chargeType: '12' }) // S14-2
  }
  s.settle(stay1)

  const woman = s.person({ gender: '2', birthDate: '1990-01-01' })
  for (let n = 0; n < 11; n++) {
    const v = s.outpatient(woman, { date: `2025-06-${String(2 + 2 * n).padStart(2, '0')}` }) // M15
    const l = s.line(v, ITEMS.visit)
    if (n === 3) s.line(v, { ...ITEMS.visit, time: l.time }) // M2-1
    if (n === 5) s.line(v, { ...ITEMS.drug, uploadTime: '2025-06-15T09:00:00+08:00' }) // M7
    if (n === 7) s.settle(v, { total: 1999 }) // M1-1
  }

  const buyer = s.person({ birthDate: '1955-07-07' })
  const p1 = s.pharmacy(buyer, { begin: '2025-06-10T09:00:00+08:00' })
  s.line(p1, { ...ITEMS.drug, quantity: 30 })
  const p2 = s.pharmacy(buyer, { date: '2025-06-10' }) // F10
  s.line(p2, ITEMS.infusion) // F7

  s.routineStay(s.person({ birthDate: '1970-02-02' }), { from: '2025-06-03', to: '2025-06-07' })
  return s
}

/** The findings a focus must keep: those whose violating lines, else encounters, it judges. */
function touches(
  f: Finding,
  encounters: ReadonlySet<string>,
  lines?: ReadonlySet<string>
): boolean {
  const violating = f.lines.filter((l) => l.role === 'VIOLATING')
  if (violating.length > 0) {
    return violating.some(
      (l) => encounters.has(l.mdtrtId) && (lines === undefined || lines.has(l.feedetlSn))
    )
  }
  return encounters.has(f.mdtrtId) || f.relatedEncounters.some((e) => encounters.has(e))
}

/** A seeded shuffle (xorshift), so that a failing order can be replayed. */
function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const out = [...xs]
  let x = seed
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    const j = Math.abs(x) % (i + 1)
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

function shuffleRecords(r: PersonRecords, seed: number): PersonRecords {
  return {
    persons: shuffled(r.persons, seed),
    identities: shuffled(r.identities, seed + 1),
    encounters: shuffled(r.encounters, seed + 2),
    diagnoses: shuffled(r.diagnoses, seed + 3),
    operations: shuffled(r.operations, seed + 4),
    feeLines: shuffled(r.feeLines, seed + 5),
    settlements: shuffled(r.settlements, seed + 6),
  }
}

describe('focus', () => {
  const s = richScenario()
  const records = s.records()
  const reference = s.reference()
  const all = engine.audit({ records, reference })

  test('the rich scenario has findings of many rules, some spanning encounters', () => {
    expect(all.map((f) => [f.violation, f.mdtrtId, f.relatedEncounters.join()])).toEqual([
      ['D9', 'P01-E2', ''],
      ['F4', 'P01-E2', 'P01-E1'],
      ['M14', 'P01-E3', 'P01-E1'],
      ['R4', 'P01-E4', ''],
      ['R13', 'P01-E5', 'P01-E4'],
      ['S14', 'P01-E7', 'P01-E6'],
      ['M2', 'P02-E4', ''],
      ['M7', 'P02-E6', ''],
      ['M1', 'P02-E8', ''],
      ['M15', 'P02-E11', 'P02-E1,P02-E2,P02-E3,P02-E4,P02-E5,P02-E6,P02-E7,P02-E8,P02-E9,P02-E10'],
      ['F10', 'P03-E2', 'P03-E1'],
      ['F7', 'P03-E2', ''],
    ])
  })

  test('each encounter in focus gives exactly the findings touching it', () => {
    let nonEmpty = 0
    for (const e of records.encounters) {
      const focus = new Set([e.mdtrtId])
      const focused = engine.audit({ records, reference, focus: { encounters: focus } })
      expect(focused).toEqual(all.filter((f) => touches(f, focus)))
      if (focused.length > 0) nonEmpty++
    }
    expect(nonEmpty).toBeGreaterThanOrEqual(10)
  })

  test('a stay in focus brings the findings of other encounters that relate to it', () => {
    const stay1 = records.encounters[0]!
    const focused = engine.audit({
      records,
      reference,
      focus: { encounters: new Set([stay1.mdtrtId]) },
    })
    const rules = focused.filter((f) => f.mdtrtId !== stay1.mdtrtId).map((f) => f.ruleId)
    expect(rules.sort()).toEqual([idOf('M14'), idOf('F4')].sort())
    expect(focused.every((f) => f.relatedEncounters.includes(stay1.mdtrtId))).toBe(true)
  })

  test('lines in focus keep only the findings on them (and the encounter-level ones)', () => {
    const visit = records.encounters.find((e) => e.mdtrtId === 'P01-E4')!
    const r4 = records.feeLines.find(
      (l) => l.mdtrtId === visit.mdtrtId && l.code === forWomen.code
    )!
    const encounters = new Set([visit.mdtrtId])
    const lines = new Set([r4.feedetlSn])
    const focused = engine.audit({ records, reference, focus: { encounters, lines } })
    expect(focused.map((f) => f.ruleId)).toEqual([idOf('R4')])
    expect(focused).toEqual(all.filter((f) => touches(f, encounters, lines)))
    // The CT of the same visit is history: the repeat four days later is judged with it.
    const ct2 = new Set(['P01-E5'])
    expect(
      engine.audit({ records, reference, focus: { encounters: ct2 } }).map((f) => f.ruleId)
    ).toEqual([idOf('R13', 1)])
  })

  test('an encounter the records do not have gives nothing', () => {
    expect(engine.audit({ records, reference, focus: { encounters: new Set(['NONE']) } })).toEqual(
      []
    )
  })
})

describe('determinism', () => {
  const s = richScenario()
  const records = s.records()
  const reference = s.reference()
  const first = engine.audit({ records, reference })

  test('finding ids are unique and well formed', () => {
    expect(new Set(first.map((f) => f.id)).size).toBe(first.length)
    for (const f of first) expect(f.id).toMatch(/^F[0-9a-f]{24}$/)
  })

  test('a second compile of the same rules gives the same findings and ids', () => {
    const again = compileLibrary(knowledge).audit({ records, reference })
    expect(again).toEqual(first)
  })

  test('the order of the input arrays changes nothing', () => {
    for (const seed of [1, 7, 42, 1234, 99991]) {
      const shuffledRecords = shuffleRecords(records, seed)
      expect(shuffledRecords.feeLines).not.toEqual(records.feeLines)
      expect(compileLibrary(knowledge).audit({ records: shuffledRecords, reference })).toEqual(
        first
      )
    }
  })

  test('a rule set that has already audited other records (and coded other codes first) agrees', () => {
    const used = compileLibrary(knowledge)
    const other = new Scenario('X')
    const v = other.outpatient(other.person())
    other.line(v, ITEMS.ct)
    other.line(v, { ...ITEMS.drug2, quantity: 4 })
    other.line(v, { code: forWomen.code, name: forWomen.point.name })
    used.audit({ records: other.records(), reference: other.reference() })
    expect(used.audit({ records: shuffleRecords(records, 3), reference })).toEqual(first)
  })

  test('an id names the rule, the encounter and the lines, not the parameters', () => {
    const looser = compileLibrary(knowledge, {}, [
      { ruleId: D9, admdvs: '*', from: '2025-01-01', to: null, params: { maxDays: 5 } },
    ])
    const strictD9 = first.filter((f) => f.ruleId === D9)
    const looserD9 = looser.audit({ records, reference }).filter((f) => f.ruleId === D9)
    expect(strictD9).toHaveLength(1)
    expect(looserD9.map((f) => f.id)).toEqual(strictD9.map((f) => f.id))
    // 10 tablets (8.50 yuan) for 10 days: 3/10 of the line beyond 7 days, 5/10 beyond 5.
    expect([strictD9[0]!.amount, looserD9[0]!.amount]).toEqual([(850 * 3) / 10, (850 * 5) / 10])
  })
})

describe('resolveRules', () => {
  /** A person with 11 visits in 20 days (M15 allows 10 in 30 days). */
  function frequentVisitor(): Scenario {
    const s = new Scenario()
    const p = s.person()
    for (let n = 0; n < 11; n++)
      s.outpatient(p, { date: `2025-06-${String(2 + 2 * n).padStart(2, '0')}` })
    return s
  }
  const s = frequentVisitor()
  const m15 = (overrides: readonly RuleOverride[], admdvs?: string, date = RULE_DATE): Finding[] =>
    auditScenario(compileLibrary(knowledge, { admdvs, date }, overrides), s).filter(
      (f) => f.ruleId === M15
    )
  const maxCount = (overrides: readonly RuleOverride[], admdvs?: string, date = RULE_DATE) =>
    resolveRules(RULE_LIBRARY, overrides, { admdvs, date }).find((r) => r.def.id === M15)?.params
      .maxCount
  const raise = (
    params: Record<string, number>,
    more: Partial<RuleOverride> = {}
  ): RuleOverride => ({
    ruleId: M15,
    admdvs: REGION,
    from: '2025-06-01',
    to: null,
    params,
    ...more,
  })

  test('without overrides every rule is in force with its default parameters', () => {
    const rules = resolveRules(RULE_LIBRARY, [], { date: RULE_DATE })
    expect(rules.map((r) => r.def.id)).toEqual(RULE_LIBRARY.map((r) => r.id))
    expect(maxCount([])).toBe(10)
    expect(m15([])).toHaveLength(1)
  })

  test('an override for the region and date changes the parameter, and the finding goes', () => {
    const overrides = [raise({ maxCount: 11 })]
    expect(maxCount(overrides, REGION)).toBe(11)
    expect(m15(overrides, REGION)).toEqual([])
    const [finding] = m15(overrides, '310115')
    expect(finding?.params.maxCount).toBe(10)
  })

  test('an override applies only from its first day to its last', () => {
    const overrides = [raise({ maxCount: 11 }, { from: '2025-06-01', to: '2025-06-30' })]
    expect(m15(overrides, REGION, '2025-05-31')).toHaveLength(1)
    expect(m15(overrides, REGION, '2025-06-01')).toEqual([])
    expect(m15(overrides, REGION, '2025-06-30')).toEqual([])
    expect(m15(overrides, REGION, '2025-07-01')).toHaveLength(1)
  })

  test('a lower limit makes a finding appear', () => {
    const s10 = new Scenario()
    const p = s10.person()
    for (let n = 0; n < 8; n++)
      s10.outpatient(p, { date: `2025-06-${String(2 + n).padStart(2, '0')}` })
    const engineFor = (o: readonly RuleOverride[]) =>
      compileLibrary(knowledge, { admdvs: REGION }, o)
    expect(auditScenario(engineFor([]), s10)).toEqual([])
    const lowered = auditScenario(engineFor([raise({ maxCount: 7 })]), s10)
    expect(lowered.map((f) => [f.ruleId, f.message])).toEqual([
      [M15, '30天内门诊8次，超过7次（2025-06-02至2025-06-09共8次）'],
    ])
    expect(lowered[0]!.evidence).toContain('次数上限7次')
  })

  test('a region override wins over a `*` one, and a later one over an earlier one', () => {
    const everywhere = raise({ maxCount: 20 }, { admdvs: '*' })
    const region = raise({ maxCount: 12 })
    expect(maxCount([everywhere, region], REGION)).toBe(12)
    expect(maxCount([region, everywhere], REGION)).toBe(12)
    expect(maxCount([region, everywhere], 'elsewhere')).toBe(20)
    const later = raise({ maxCount: 15 }, { from: '2025-06-15' })
    expect(maxCount([later, region], REGION)).toBe(15)
    expect(maxCount([later, region], REGION, '2025-06-10')).toBe(12)
    // Parameters an override leaves out keep their values.
    const rule = resolveRules(RULE_LIBRARY, [region], { admdvs: REGION, date: RULE_DATE }).find(
      (r) => r.def.id === M15
    )!
    expect(rule.params).toEqual({ encounterKind: 'OUTPATIENT', windowDays: 30, maxCount: 12 })
  })

  test('`enabled: false` removes the rule, a severity override changes the findings', () => {
    const off = raise({}, { enabled: false })
    expect(
      resolveRules(RULE_LIBRARY, [off], { admdvs: REGION, date: RULE_DATE }).map((r) => r.def.id)
    ).not.toContain(M15)
    expect(resolveRules(RULE_LIBRARY, [off], { admdvs: REGION, date: RULE_DATE })).toHaveLength(
      RULE_LIBRARY.length - 1
    )
    expect(m15([off], REGION)).toEqual([])
    expect(m15([off, raise({}, { enabled: true, from: '2025-06-20' })], REGION)).toHaveLength(1)
    const [high] = m15([raise({}, { severity: 'HIGH_SUSPECT' })], REGION)
    expect(high?.severity).toBe('HIGH_SUSPECT')
  })

  test('stage and rule ids select rules', () => {
    const post = resolveRules(RULE_LIBRARY, [], { date: RULE_DATE, stage: 'POST' }).map(
      (r) => r.def.id
    )
    const pre = resolveRules(RULE_LIBRARY, [], { date: RULE_DATE, stage: 'PRE' }).map(
      (r) => r.def.id
    )
    expect(post).not.toContain(idOf('D8'))
    expect(pre).toContain(idOf('D8'))
    expect(pre).not.toContain(M15)
    expect(pre).not.toContain(idOf('M18'))
    expect(post).toContain(idOf('M18'))
    const chosen = resolveRules(RULE_LIBRARY, [], { date: RULE_DATE, ruleIds: [M15, D9] })
    expect(chosen.map((r) => r.def.id)).toEqual([D9, M15])
  })

  test('invalid overrides throw an OutcomeError naming each override and field', () => {
    const bad: RuleOverride[] = [
      raise({ maxCount: '12' as unknown as number }),
      { ...raise({}), ruleId: 'NO-SUCH-RULE' },
      raise({ maxcount: 12 }),
      raise({}, { severity: 'URGENT' as never, from: '2025-06-01', to: '2025-05-01' }),
    ]
    let error: unknown
    try {
      resolveRules(RULE_LIBRARY, bad, { date: RULE_DATE })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(OutcomeError)
    const issues = (error as OutcomeError).outcome.issues
    expect(issues.map((i) => i.path)).toEqual([
      'overrides[0].params.maxCount',
      'overrides[1].ruleId',
      'overrides[2].params.maxcount',
      'overrides[3].severity',
      'overrides[3].to',
    ])
    expect(issues.every((i) => i.severity === 'error' && i.code === 'invalid')).toBe(true)
    expect(issues[0]!.message).toContain('maxCount')
    expect(issues[1]!.message).toContain('NO-SUCH-RULE')
    expect((error as OutcomeError).message).toContain('overrides[0].params.maxCount')
    expect(checkOverrides(RULE_LIBRARY, bad)).toEqual(issues)
  })

  test('a list parameter must be a list of strings', () => {
    const o: RuleOverride = {
      ruleId: D9,
      admdvs: '*',
      from: '2025-01-01',
      to: null,
      params: { medTypes: '11' },
    }
    expect(checkOverrides(RULE_LIBRARY, [o]).map((i) => i.path)).toEqual([
      'overrides[0].params.medTypes',
    ])
    expect(checkOverrides(RULE_LIBRARY, [{ ...o, params: { medTypes: ['11', '14'] } }])).toEqual([])
  })
})

describe('CompiledRuleSet.version', () => {
  const version = (overrides: readonly RuleOverride[] = [], admdvs?: string): string =>
    compileLibrary(knowledge, { admdvs }, overrides).version
  const set = (maxCount: number, more: Partial<RuleOverride> = {}): RuleOverride => ({
    ruleId: M15,
    admdvs: '*',
    from: '2025-01-01',
    to: null,
    params: { maxCount },
    ...more,
  })

  test('is the same for the same rules and pack', () => {
    expect(version()).toBe(version())
    expect(version()).toMatch(/^[0-9a-f]{16}$/)
    // An override naming the default value, or one for another region, changes nothing.
    expect(version([set(10)])).toBe(version())
    expect(version([set(12, { admdvs: 'elsewhere' })], REGION)).toBe(version())
  })

  test('changes with a parameter, a severity, the rules and the pack', () => {
    const base = version()
    const changed = [
      version([set(12)]),
      version([set(11)]),
      version([{ ...set(10), params: undefined, severity: 'CLEAR' }]),
      version([{ ...set(10), params: undefined, enabled: false }]),
      compileLibrary(knowledge, { stage: 'POST' }).version,
      compileLibrary(new Knowledge(handMadePack([]))).version,
    ]
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1)
    expect(version([set(12)])).toBe(version([set(12)]))
  })
})

describe('kernelSource', () => {
  const lineRules = (e: CompiledRuleSet): number =>
    e.rules.filter((r) => LOGICS[r.def.logic]?.kind === 'line').length

  test('has one H.push per line rule, numbered in order', () => {
    const n = lineRules(engine)
    expect(n).toBeGreaterThan(20)
    expect(engine.kernelSource.match(/H\.push\(/g)).toHaveLength(n)
    for (let r = 0; r < n; r++) expect(engine.kernelSource).toContain(`H.push(${r}, i)`)
    expect(engine.kernelSource).not.toContain(`H.push(${n}, i)`)
  })

  test('follows the rule selection', () => {
    const some = compileLibrary(knowledge, { ruleIds: [idOf('M2'), idOf('R4'), M15, idOf('F1')] })
    expect(lineRules(some)).toBe(2)
    expect(some.kernelSource.match(/H\.push\(/g)).toHaveLength(2)
    const walkersOnly = compileLibrary(knowledge, { ruleIds: [M15, idOf('F1')] })
    expect(walkersOnly.kernelSource).not.toContain('H.push(')
  })

  test('carries parameters as constants', () => {
    const m2 = (toleranceFen: number): string =>
      compileLibrary(knowledge, { ruleIds: [idOf('M2')] }, [
        { ruleId: idOf('M2'), admdvs: '*', from: '2025-01-01', to: null, params: { toleranceFen } },
      ]).kernelSource
    expect(m2(1)).toContain(') > 1) H.push(0, i)')
    expect(m2(37)).toContain(') > 37) H.push(0, i)')
  })

  test('compiles rules built from the library into a working kernel', () => {
    const custom = new CompiledRuleSet(
      resolveRules(RULE_LIBRARY, [], { date: RULE_DATE, ruleIds: [idOf('M2')] }),
      knowledge,
      LOGICS
    )
    const s = new Scenario()
    const v = s.outpatient(s.person())
    s.line(v, { ...ITEMS.drug, price: yuan(1), amount: 105 })
    expect(auditScenario(custom, s).map((f) => [f.ruleId, f.amount])).toEqual([[idOf('M2'), 5]])
  })
})
