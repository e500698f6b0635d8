// SPDX-License-Identifier: Apache-2.0
// The scenario builder's defaults: consistent records, and records no rule flags.
import { checkSettlementIdentities, lineAmount } from '@yibao/domain'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { describe, expect, test } from 'vitest'
import { RULE_LIBRARY } from './library.js'
import {
  auditScenario,
  compileLibrary,
  ITEMS,
  pickPoint,
  ROUTINE_CAPS,
  Scenario,
  yuan,
} from './testing.js'

const knowledge = new Knowledge(loadBuiltinPack())

/**
 * A woman with two visits, a five-day stay (bed, nursing, consultation, drugs every day, a lab
 * test, a CT, discharge medication), a pharmacy purchase, a 慢特病 long prescription and a visit
 * to a clinic, each settled; and a child with a child-only drug. Real 两库 codes are used where
 * their conditions hold (once-a-day items once a day, a women-only drug for her, a child drug for
 * the child), with local price caps above the prices charged.
 */
function cleanScenario(): Scenario {
  const s = new Scenario()
  const woman = s.person({ gender: '2', birthDate: '1985-03-10' })
  const forWomen = pickPoint(knowledge, 'GENDER', {
    point: (p) =>
      p.subject === 'DRUG' && p.condition.kind === 'GENDER' && p.condition.gender === '2',
  })
  const forChildren = pickPoint(knowledge, 'AGE', {
    point: (p) => p.subject === 'DRUG' && p.condition.kind === 'AGE' && p.condition.unit === 'YEAR',
  })

  const visit = s.outpatient(woman, { date: '2025-03-03' })
  s.line(visit, ITEMS.visit)
  s.line(visit, ITEMS.lab)
  s.line(visit, { ...ITEMS.drug, quantity: 12, days: 4, rxNo: 'RX-1' })
  s.line(visit, {
    code: forWomen.code,
    name: forWomen.point.name,
    catalogClass: knowledge.catalogClassOf(forWomen.code) ?? '02',
    price: yuan(36),
    days: 5,
    rxNo: 'RX-1',
  })
  s.settle(visit)

  const stay = s.routineStay(woman, { from: '2025-04-07', to: '2025-04-12' })
  s.line(stay, { ...ITEMS.lab, date: '2025-04-08' })
  s.line(stay, { ...ITEMS.ct, date: '2025-04-08' })
  s.line(stay, { ...ITEMS.infusion, date: '2025-04-09' })
  s.line(stay, {
    ...ITEMS.drug2,
    date: '2025-04-12',
    quantity: 14,
    days: 7,
    dischargeMed: true,
  })
  s.settle(stay)

  const purchase = s.pharmacy(woman, { date: '2025-05-06' })
  s.line(purchase, { ...ITEMS.drug2, quantity: 2 })
  s.settle(purchase)

  const chronic = s.outpatient(woman, {
    date: '2025-05-20',
    institution: 'H2',
    medType: '14',
    diag: ['E11.900', '2型糖尿病'],
  })
  s.line(chronic, { ...ITEMS.drug, quantity: 56, days: 28, rxNo: 'RX-2' })
  s.settle(chronic)

  const clinic = s.outpatient(woman, { date: '2025-05-21', institution: 'C0' })
  s.line(clinic, {
    code: 'T-ITEM-GP01',
    name: '一般诊疗费',
    listType: '201',
    chargeType: '12',
    price: yuan(10),
  })
  s.settle(clinic)

  const child = s.person({ gender: '1', birthDate: '2019-08-01' })
  const childVisit = s.outpatient(child, { date: '2025-06-02' })
  s.line(childVisit, ITEMS.visit)
  s.line(childVisit, {
    code: forChildren.code,
    name: forChildren.point.name,
    catalogClass: knowledge.catalogClassOf(forChildren.code) ?? '02',
    price: yuan(18),
    days: 3,
  })
  s.settle(childVisit)
  return s
}

describe('Scenario', () => {
  test('numbers persons, encounters and lines in order of creation', () => {
    const s = new Scenario()
    const p = s.person()
    const q = s.person()
    const v = s.outpatient(q)
    const w = s.stay(q, { from: '2025-06-03', to: '2025-06-05' })
    const lines = [s.line(v), s.line(v), s.line(w)]
    expect([p.psnNo, q.psnNo]).toEqual(['P01', 'P02'])
    expect([v.mdtrtId, w.mdtrtId]).toEqual(['P02-E1', 'P02-E2'])
    expect(lines.map((l) => l.feedetlSn)).toEqual(['P02-E1-L01', 'P02-E1-L02', 'P02-E2-L01'])
    expect(new Scenario('Q').person().psnNo).toBe('Q01')
  })

  test('gives lines the amount of quantity × price, distinct times, and the encounter', () => {
    const s = new Scenario()
    const v = s.outpatient(s.person(), { date: '2025-06-02' })
    const a = s.line(v, { ...ITEMS.drug, quantity: 3 })
    const b = s.line(v, { ...ITEMS.drug, quantity: 0.5, price: 3333 })
    const c = s.line(v, { amount: 1 })
    expect(a.amount).toBe(3 * 85)
    expect(b.amount).toBe(lineAmount(0.5, 3333))
    expect(c.amount).toBe(1)
    expect(new Set([a.time, b.time, c.time]).size).toBe(3)
    expect(a.time.slice(0, 10)).toBe('2025-06-02')
    expect(a).toMatchObject({ mdtrtId: v.mdtrtId, psnNo: v.psnNo, institutionCode: 'H3' })
    expect(a.uploadTime).toBe(a.time)
  })

  test('gives a stay a discharge way and one main diagnosis, and routine days but the last', () => {
    const s = new Scenario()
    const stay = s.routineStay(s.person(), { from: '2025-06-02', to: '2025-06-05' })
    expect(stay).toMatchObject({ kind: 'INPATIENT', medType: '21', dscgWay: '1' })
    expect(s.diagnoses).toEqual([expect.objectContaining({ mdtrtId: stay.mdtrtId, main: true })])
    const days = s.linesOf(stay).map((l) => l.time.slice(0, 10))
    expect([...new Set(days)]).toEqual(['2025-06-02', '2025-06-03', '2025-06-04'])
    expect(days).toHaveLength(3 * 4)
  })

  test('settles an encounter consistently with its lines', () => {
    const s = cleanScenario()
    expect(s.settlements).toHaveLength(6)
    for (const setl of s.settlements) {
      expect(checkSettlementIdentities(setl)).toEqual([])
      const billed = s.feeLines
        .filter((l) => l.mdtrtId === setl.mdtrtId)
        .reduce((sum, l) => sum + l.amount, 0)
      expect(setl.medfeeSumamt).toBe(billed)
    }
  })

  test('builds clean records: the whole library finds nothing', () => {
    const s = cleanScenario()
    const engine = compileLibrary(knowledge)
    expect(engine.rules).toHaveLength(RULE_LIBRARY.length)
    expect(s.encounters.length).toBeGreaterThanOrEqual(6)
    expect(auditScenario(engine, s, { priceCaps: ROUTINE_CAPS })).toEqual([])
  })

  test('the clean records are not clean by accident: one change is found', () => {
    // The same records with the stay's bed fee charged on the discharge day too (after the
    // settlement, which no longer matches its lines).
    const s = cleanScenario()
    const stay = s.encounters.find((e) => e.kind === 'INPATIENT')!
    s.line(stay, { ...ITEMS.bed, date: '2025-04-12' })
    const findings = auditScenario(compileLibrary(knowledge), s, { priceCaps: ROUTINE_CAPS })
    expect(findings.map((f) => [f.ruleId, f.mdtrtId])).toEqual([
      ['GZ10000201001001', stay.mdtrtId], // M1-1 结算信息异常 (dated at admission)
      ['YB-F2', stay.mdtrtId], // F2 住院天数与床位费不符 (dated at discharge)
    ])
  })
})
