// SPDX-License-Identifier: Apache-2.0
// Rule files for back-tests: variants of library rules, whole new rules, and one issue per
// problem naming the entry and the field.
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { describe, expect, test } from 'vitest'
import { CompiledRuleSet } from './compile.js'
import { RULE_LIBRARY } from './library.js'
import { LOGICS } from './logics/index.js'
import { resolveRules } from './resolve-rules.js'
import type { RuleDefinition } from './rule.js'
import { readRuleFile } from './rule-file.js'
import { auditScenario, ITEMS, RULE_DATE, Scenario } from './testing.js'

const IMAGING = RULE_LIBRARY.find((r) => r.logic === 'repeatedImaging')!
const GENDER = RULE_LIBRARY.find((r) => r.logic === 'pointGender')!

/** A whole new rule, valid. */
const NEW_RULE = {
  id: 'YB-TEST-001',
  name: 'CT 三日内重复',
  violation: 'R13',
  category: '测试',
  stages: ['IN', 'POST'],
  severity: 'SUSPECT',
  amountBasis: 'WHOLE_LINE',
  logic: 'repeatedImaging',
  params: {
    windowDays: { default: 3, label: '间隔天数', unit: '天' },
    namePattern: { default: 'CT' },
  },
  description: '同一 CT 检查三日内重复',
}

/** The paths of the issues (and no definitions). */
function paths(value: unknown): string[] {
  const r = readRuleFile(value, RULE_LIBRARY)
  expect(r.definitions).toEqual([])
  expect(r.issues.length).toBeGreaterThan(0)
  for (const i of r.issues) expect(i.message.startsWith(`${i.path}：`)).toBe(true)
  return r.issues.map((i) => i.path ?? '')
}

/** Two CT scans ten days apart. */
function twoScans(): Scenario {
  const s = new Scenario()
  const p = s.person()
  s.line(s.outpatient(p, { date: '2025-06-02' }), ITEMS.ct)
  s.line(s.outpatient(p, { date: '2025-06-12' }), ITEMS.ct)
  return s
}

describe('readRuleFile: valid files', () => {
  test('a variant keeps the base and changes what it names', () => {
    const r = readRuleFile(
      [{ base: IMAGING.id, id: 'YB-R13-14', name: 'CT 14天内重复', params: { windowDays: 14 } }],
      RULE_LIBRARY
    )
    expect(r.issues).toEqual([])
    const expected: RuleDefinition = {
      ...IMAGING,
      id: 'YB-R13-14',
      name: 'CT 14天内重复',
      params: {
        ...IMAGING.params,
        windowDays: { ...IMAGING.params.windowDays!, default: 14 },
      },
    }
    expect(r.definitions).toEqual([expected])
    // The library is not touched.
    expect(IMAGING.params.windowDays!.default).toBe(7)
  })

  test('the variant judges with its parameter, the base with its own', () => {
    const knowledge = new Knowledge(loadBuiltinPack())
    const { definitions } = readRuleFile(
      [{ base: IMAGING.id, id: 'YB-R13-14', params: { windowDays: 14 } }],
      RULE_LIBRARY
    )
    const compile = (defs: readonly RuleDefinition[]) =>
      new CompiledRuleSet(resolveRules(defs, [], { date: RULE_DATE }), knowledge, LOGICS)
    const ruleIds = (engine: CompiledRuleSet) =>
      auditScenario(engine, twoScans()).map((f) => f.ruleId)
    expect(ruleIds(compile([IMAGING]))).toEqual([])
    expect(ruleIds(compile(definitions))).toEqual(['YB-R13-14'])
  })

  test('a variant without an id replaces the base rule (same id)', () => {
    const r = readRuleFile([{ base: GENDER.id, severity: 'HIGH_SUSPECT' }], RULE_LIBRARY)
    expect(r.issues).toEqual([])
    expect(r.definitions).toEqual([{ ...GENDER, severity: 'HIGH_SUSPECT' }])
  })

  test('a whole new rule with a valid logic; a param without label is labelled by its name', () => {
    const r = readRuleFile([NEW_RULE], RULE_LIBRARY)
    expect(r.issues).toEqual([])
    expect(r.definitions).toEqual([
      {
        id: 'YB-TEST-001',
        name: 'CT 三日内重复',
        violation: 'R13',
        category: '测试',
        stages: ['IN', 'POST'],
        severity: 'SUSPECT',
        amountBasis: 'WHOLE_LINE',
        logic: 'repeatedImaging',
        params: {
          windowDays: { default: 3, label: '间隔天数', unit: '天' },
          namePattern: { default: 'CT', label: 'namePattern' },
        },
        knowledge: [],
        description: '同一 CT 检查三日内重复',
      },
    ])
  })

  test('a new rule with only the required fields gets the defaults', () => {
    const { id, violation, severity, amountBasis, logic, params } = NEW_RULE
    const r = readRuleFile([{ id, violation, severity, amountBasis, logic, params }], RULE_LIBRARY)
    expect(r.issues).toEqual([])
    expect(r.definitions[0]).toMatchObject({
      name: id,
      category: '自定义',
      stages: ['POST'],
      knowledge: [],
      description: '',
    })
  })

  test('an empty file has no definitions and no issues', () => {
    expect(readRuleFile([], RULE_LIBRARY)).toEqual({ definitions: [], issues: [] })
  })
})

describe('readRuleFile: every problem names the entry and the field', () => {
  test('not an array', () => {
    expect(paths({ rules: [NEW_RULE] })).toEqual(['$'])
    expect(paths(NEW_RULE)).toEqual(['$'])
  })

  test('an entry that is not an object', () => {
    expect(paths([NEW_RULE, 'YB-TEST-002'])).toEqual(['$[1]'])
  })

  test('an unknown base', () => {
    expect(paths([{ base: 'GZ99999999999999', id: 'X' }])).toEqual(['$[0].base'])
    expect(paths([{ base: 7, id: 'X' }])).toEqual(['$[0].base'])
  })

  test('a new rule without an id', () => {
    expect(paths([{ ...NEW_RULE, id: undefined }])).toEqual(['$[0].id'])
  })

  test('duplicate ids', () => {
    expect(
      paths([
        { base: IMAGING.id, id: 'YB-DUP' },
        { base: GENDER.id, id: 'YB-X' },
        { ...NEW_RULE, id: 'YB-DUP' },
      ])
    ).toEqual(['$[2].id'])
    // Two variants without an id take the base's id twice.
    expect(paths([{ base: GENDER.id }, { base: GENDER.id, severity: 'INFO' }])).toEqual(['$[1].id'])
  })

  test('an unknown logic', () => {
    expect(paths([{ ...NEW_RULE, logic: 'noSuchLogic' }])).toEqual(['$[0].logic'])
    expect(paths([{ ...NEW_RULE, logic: undefined }])).toEqual(['$[0].logic'])
    // An empty name is both not text and no logic: two messages, one field.
    expect(new Set(paths([{ base: GENDER.id, id: 'YB-G', logic: '' }]))).toEqual(
      new Set(['$[0].logic'])
    )
  })

  test('an unknown violation code', () => {
    expect(paths([{ ...NEW_RULE, violation: 'Z99' }])).toEqual(['$[0].violation'])
    expect(paths([{ base: GENDER.id, id: 'YB-G', violation: 'R999' }])).toEqual(['$[0].violation'])
  })

  test('a bad severity or amount basis', () => {
    expect(paths([{ ...NEW_RULE, severity: 'VERY_BAD' }])).toEqual(['$[0].severity'])
    expect(paths([{ ...NEW_RULE, amountBasis: 'ALL' }])).toEqual(['$[0].amountBasis'])
  })

  test('bad stages', () => {
    expect(paths([{ ...NEW_RULE, stages: ['POST', 'LATER'] }])).toEqual(['$[0].stages'])
    expect(paths([{ ...NEW_RULE, stages: 'POST' }])).toEqual(['$[0].stages'])
  })

  test('a param of the wrong type', () => {
    expect(paths([{ base: IMAGING.id, id: 'V', params: { windowDays: '14' } }])).toEqual([
      '$[0].params.windowDays',
    ])
    expect(paths([{ base: GENDER.id, id: 'V', params: { listTypes: ['101', 102] } }])).toEqual([
      '$[0].params.listTypes',
    ])
    expect(paths([{ base: GENDER.id, id: 'V', params: { listTypes: '101' } }])).toEqual([
      '$[0].params.listTypes',
    ])
  })

  test('params that are not an object', () => {
    expect(paths([{ base: IMAGING.id, id: 'V', params: [14] }])).toEqual(['$[0].params'])
  })

  test('an unknown param on a variant', () => {
    expect(paths([{ base: IMAGING.id, id: 'V', params: { maxCount: 3 } }])).toEqual([
      '$[0].params.maxCount',
    ])
  })

  test('a new rule param not written as { default, label }', () => {
    expect(paths([{ ...NEW_RULE, params: { ...NEW_RULE.params, windowDays: 3 } }])).toEqual([
      '$[0].params.windowDays',
    ])
    expect(
      paths([{ ...NEW_RULE, params: { ...NEW_RULE.params, windowDays: { label: '天' } } }])
    ).toEqual(['$[0].params.windowDays'])
  })

  test('one invalid entry: no definitions at all, issues of that entry only', () => {
    const r = readRuleFile(
      [
        { base: IMAGING.id, id: 'YB-OK', params: { windowDays: 14 } },
        { ...NEW_RULE, severity: 'NOPE', violation: 'Z99' },
        NEW_RULE,
      ],
      RULE_LIBRARY
    )
    expect(r.definitions).toEqual([])
    expect(r.issues.map((i) => i.path)).toEqual(['$[1].violation', '$[1].severity', '$[2].id'])
  })

  test('several problems of one entry are all reported', () => {
    expect(
      paths([
        {
          ...NEW_RULE,
          id: ' ',
          logic: 'x',
          violation: 'y',
          severity: 'z',
          amountBasis: 'w',
          params: { windowDays: 3 },
        },
      ])
    ).toEqual([
      '$[0].id',
      '$[0].logic',
      '$[0].violation',
      '$[0].severity',
      '$[0].amountBasis',
      '$[0].params.windowDays',
    ])
  })

  // Names are looked up by own keys only (not Object.prototype members).
  test('names of Object.prototype members are not logics, severities or bases', () => {
    expect(
      paths([{ ...NEW_RULE, logic: 'constructor', severity: 'toString', amountBasis: 'valueOf' }])
    ).toEqual(['$[0].logic', '$[0].severity', '$[0].amountBasis'])
  })
})
