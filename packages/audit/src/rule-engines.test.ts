// SPDX-License-Identifier: Apache-2.0
// Compiled rule sets by scope: compiled once per scope, recompiled when the overrides change,
// and overrides applied only where and when they are in force.
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { describe, expect, test } from 'vitest'
import type { CompiledRuleSet } from './compile.js'
import { RULE_LIBRARY } from './library.js'
import type { RuleScope } from './resolve-rules.js'
import type { RuleOverride } from './rule.js'
import { RuleEngines } from './rule-engines.js'
import { auditScenario, ITEMS, REGION, RULE_DATE, Scenario } from './testing.js'

const knowledge = new Knowledge(loadBuiltinPack())
const IMAGING = RULE_LIBRARY.find((r) => r.logic === 'repeatedImaging')!
const GENDER = RULE_LIBRARY.find((r) => r.logic === 'pointGender')!
const SCOPE: RuleScope = { stage: 'POST', date: RULE_DATE, admdvs: REGION }

/** A 14-day window for repeated CT, in a region, from a date. */
function widerWindow(admdvs: string, from = '2025-01-01', to: string | null = null): RuleOverride {
  return { ruleId: IMAGING.id, admdvs, from, to, params: { windowDays: 14 } }
}

/** Two CT scans ten days apart: a repeat within 14 days, not within 7. */
function twoScans(): Scenario {
  const s = new Scenario()
  const p = s.person()
  s.line(s.outpatient(p, { date: '2025-06-02' }), ITEMS.ct)
  s.line(s.outpatient(p, { date: '2025-06-12' }), ITEMS.ct)
  return s
}

const windowOf = (engine: CompiledRuleSet): unknown =>
  engine.rules.find((r) => r.def.id === IMAGING.id)?.params.windowDays
const imagingFindings = (engine: CompiledRuleSet): number =>
  auditScenario(engine, twoScans()).filter((f) => f.ruleId === IMAGING.id).length

describe('RuleEngines', () => {
  test('the same scope gives the same compiled set', () => {
    const engines = new RuleEngines(knowledge)
    const a = engines.get(SCOPE)
    expect(engines.get(SCOPE)).toBe(a)
    expect(engines.get({ ...SCOPE })).toBe(a)
    expect(engines.get({ ...SCOPE, date: '2025-07-15' })).toBe(a) // no override differs
  })

  test('another stage, rule-id list or region compiles another set', () => {
    const engines = new RuleEngines(knowledge)
    const post = engines.get(SCOPE)
    const pre = engines.get({ ...SCOPE, stage: 'PRE' })
    expect(pre).not.toBe(post)
    expect(pre.rules.every((r) => r.def.stages.includes('PRE'))).toBe(true)
    expect(post.rules.every((r) => r.def.stages.includes('POST'))).toBe(true)
    expect(pre.rules.map((r) => r.def.id)).not.toEqual(post.rules.map((r) => r.def.id))

    const only = engines.get({ ...SCOPE, ruleIds: [GENDER.id] })
    expect(only).not.toBe(post)
    expect(only.rules.map((r) => r.def.id)).toEqual([GENDER.id])
    const two = engines.get({ ...SCOPE, ruleIds: [GENDER.id, IMAGING.id] })
    expect(two).not.toBe(only)
    expect(two.rules.map((r) => r.def.id).sort()).toEqual([GENDER.id, IMAGING.id].sort())
    expect(engines.get({ ...SCOPE, ruleIds: [GENDER.id] })).toBe(only)

    expect(engines.get({ ...SCOPE, admdvs: '430796' })).not.toBe(post)
    expect(engines.get({ ...SCOPE, stage: undefined }).rules.length).toBe(RULE_LIBRARY.length)
  })

  test('the definitions given are the ones compiled', () => {
    const engines = new RuleEngines(knowledge, { definitions: [GENDER] })
    expect(engines.definitions).toEqual([GENDER])
    expect(engines.get(SCOPE).rules.map((r) => r.def.id)).toEqual([GENDER.id])
  })

  test('setOverrides drops the compiled sets and the new parameter takes effect', () => {
    const engines = new RuleEngines(knowledge)
    const before = engines.get(SCOPE)
    expect(windowOf(before)).toBe(7)
    expect(imagingFindings(before)).toBe(0)

    engines.setOverrides([widerWindow(REGION)])
    const after = engines.get(SCOPE)
    expect(after).not.toBe(before)
    expect(after.version).not.toBe(before.version)
    expect(windowOf(after)).toBe(14)
    expect(imagingFindings(after)).toBe(1)
    expect(engines.get(SCOPE)).toBe(after)

    // Back to no overrides: a fresh set with the default again.
    engines.setOverrides([])
    const reset = engines.get(SCOPE)
    expect(reset).not.toBe(after)
    expect(windowOf(reset)).toBe(7)
    expect(reset.version).toBe(before.version)
  })

  test('overrides given at construction apply', () => {
    const engines = new RuleEngines(knowledge, { overrides: [widerWindow('*')] })
    expect(windowOf(engines.get(SCOPE))).toBe(14)
  })

  test('an override for another region does not apply', () => {
    const engines = new RuleEngines(knowledge, { overrides: [widerWindow('430796')] })
    const here = engines.get(SCOPE)
    expect(windowOf(here)).toBe(7)
    expect(imagingFindings(here)).toBe(0)
    const there = engines.get({ ...SCOPE, admdvs: '430796' })
    expect(there).not.toBe(here)
    expect(windowOf(there)).toBe(14)
  })

  test('an override applies only within its dates, and the cache tells the dates apart', () => {
    const engines = new RuleEngines(knowledge, {
      overrides: [widerWindow(REGION, '2025-07-01', '2025-07-31')],
    })
    const june = engines.get(SCOPE)
    const july = engines.get({ ...SCOPE, date: '2025-07-15' })
    const august = engines.get({ ...SCOPE, date: '2025-08-01' })
    expect(windowOf(june)).toBe(7)
    expect(windowOf(july)).toBe(14)
    expect(windowOf(august)).toBe(7)
    expect(july).not.toBe(june)
    expect(august).toBe(june)
  })

  test('an invalid override is refused when compiling', () => {
    const engines = new RuleEngines(knowledge)
    engines.setOverrides([{ ...widerWindow(REGION), params: { windowDays: '14' } }])
    expect(() => engines.get(SCOPE)).toThrow()
  })
})
