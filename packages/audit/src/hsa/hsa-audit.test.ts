// SPDX-License-Identifier: Apache-2.0
// Auditing 3101/3102 requests end to end: the committed example, the national answer and
// refusal, the merge with stored history, the request writer round trip, and 3103 feedback.
import fs from 'node:fs'
import type { OutcomeIssue } from '@yibao/domain'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { describe, expect, test } from 'vitest'
import type { Finding } from '../finding.js'
import { AuditReference } from '../reference.js'
import { RuleEngines } from '../rule-engines.js'
import { at, ITEMS, REGION, Scenario, yuan } from '../testing.js'
import type { StoredHistory } from './hsa-audit.js'
import {
  auditHsaRequest,
  hsaAuditResponse,
  hsaErrorResponse,
  hsaResult,
  msgidOf,
  parseHsaFeedback,
  patientRecords,
  SEV_DEG,
} from './hsa-audit.js'
import { parseHsaAuditRequest } from './hsa-audit-request.js'
import { hsaRequestOf } from './hsa-request-of.js'

type Json = Record<string, any>

const EXAMPLE = JSON.parse(
  fs.readFileSync(new URL('../../../../examples/hsa/3101-example.json', import.meta.url), 'utf8')
) as Json

const engines = new RuleEngines(new Knowledge(loadBuiltinPack()))
const engine = engines.get({ stage: 'PRE', date: '2025-06-14' })

function parse(body: unknown) {
  const parsed = parseHsaAuditRequest(body)
  expect(parsed.issues).toBeUndefined()
  return parsed.request!
}

const RECEIVED = at('2025-06-14', '14:27:25')
const NOW = at('2025-06-14', '14:27:26')

describe('auditHsaRequest and hsaAuditResponse on the committed example', () => {
  const request = parse(EXAMPLE)
  const findings = auditHsaRequest(engine, request, new AuditReference())

  test('one finding: 药品区分性别使用 on the women-only drug', () => {
    expect(findings.map((f) => f.ruleId)).toEqual(['GZ10000301004000'])
    const f = findings[0]!
    expect(f.psnNo).toBe('43000000000000000001')
    expect(f.mdtrtId).toBe('M2001668')
    expect(f.institutionCode).toBe('H43XXXXXXXXX')
    expect(f.amount).toBe(115_300)
    expect(f.lines).toEqual([
      { feedetlSn: '6374', mdtrtId: 'M2001668', role: 'VIOLATING', amount: 115_300 },
    ])
  })

  test('the national answer', () => {
    const f = findings[0]!
    const res = hsaAuditResponse(request, findings, RECEIVED, NOW)
    expect(res).toMatchObject({
      infcode: 0,
      inf_refmsgid: 'H43XXXX202506141427240001',
      refmsg_time: '2025-06-14 14:27:25',
      respond_time: '2025-06-14 14:27:26',
      err_msg: null,
      warn_msg: null,
    })
    const result = 'result' in res.output ? res.output.result : []
    expect(result).toHaveLength(1)
    expect(result[0]).toMatchObject({
      jr_id: f.id,
      rule_id: 'GZ10000301004000',
      rule_name: '药品区分性别使用',
      vola_cont: '男性患者开具限女性使用药品【左炔诺孕酮宫内节育系统】',
      patn_id: '43000000000000000001',
      mdtrt_id: 'M2001668',
      vola_amt: 1153,
      vola_amt_stas: '1',
      sev_deg: '1',
      task_id: 'T20250614000123',
      judge_result_detail_dtos: [
        {
          jrd_id: `${f.id}-1`,
          patn_id: '43000000000000000001',
          mdtrt_id: 'M2001668',
          rx_id: '6374',
          vola_item_type: '1',
          vola_amt: 1153,
        },
      ],
    })
    expect(result[0]!.vola_evid).toContain('B1-')
  })

  test('the same request for a woman gives an empty result', () => {
    const body = structuredClone(EXAMPLE)
    body.input.data.patient_dtos[0].gend = '2'
    const woman = parse(body)
    const none = auditHsaRequest(engine, woman, new AuditReference())
    expect(none).toEqual([])
    expect(hsaAuditResponse(woman, none, RECEIVED, NOW).output).toEqual({ result: [] })
  })

  test('the finding is the same on every run (deterministic id)', () => {
    const again = auditHsaRequest(engine, parse(EXAMPLE), new AuditReference())
    expect(again.map((f) => f.id)).toEqual(findings.map((f) => f.id))
  })
})

describe('hsaResult', () => {
  const base: Finding = {
    id: 'F1',
    ruleId: 'GZ1',
    ruleName: '规则',
    violation: 'R13',
    severity: 'SUSPECT',
    psnNo: 'P01',
    mdtrtId: 'P01-E1',
    institutionCode: 'H3',
    date: '2025-06-02',
    lines: [
      { feedetlSn: 'L1', mdtrtId: 'P01-E1', role: 'VIOLATING', amount: 1234 },
      { feedetlSn: 'L0', mdtrtId: 'P01-E0', role: 'RELATED', amount: 0 },
    ],
    relatedEncounters: ['P01-E0'],
    amount: 1234,
    message: '长'.repeat(600),
    evidence: '据'.repeat(501),
    knowledgePointId: null,
    packVersion: '2025.1',
    params: {},
  }

  test('related lines are vola_item_type 2; amounts in yuan; texts cut at 500', () => {
    const r = hsaResult(base, null)
    expect(r.judge_result_detail_dtos.map((d) => [d.rx_id, d.mdtrt_id, d.vola_item_type])).toEqual([
      ['L1', 'P01-E1', '1'],
      ['L0', 'P01-E0', '2'],
    ])
    expect(r.vola_amt).toBe(12.34)
    expect(r.judge_result_detail_dtos.map((d) => d.vola_amt)).toEqual([12.34, 0])
    expect(r.sev_deg).toBe(SEV_DEG.SUSPECT)
    expect(r.vola_cont).toHaveLength(500)
    expect(r.vola_evid).toHaveLength(500)
    expect(r.task_id).toBeNull()
  })

  test('a finding without an amount has vola_amt_stas 0', () => {
    const r = hsaResult({ ...base, amount: 0, lines: [] }, 'T1')
    expect(r.vola_amt).toBe(0)
    expect(r.vola_amt_stas).toBe('0')
    expect(r.judge_result_detail_dtos).toEqual([])
    expect(r.task_id).toBe('T1')
  })
})

describe('patientRecords', () => {
  const request = parse(EXAMPLE)
  const patient = request.patients[0]!
  const psnNo = patient.person.psnNo

  // Stored: an older stay, and a stored version of the request's encounter M2001668.
  const s = new Scenario()
  const p = s.person({ psnNo, gender: '2', birthDate: '1950-01-01', deathDate: '2025-07-01' })
  const old = s.routineStay(p, { from: '2025-03-01', to: '2025-03-04' })
  s.settle(old)
  const storedCurrent = s.stay(p, { from: '2025-05-04', to: '2025-05-10' })
  s.line(storedCurrent, { ...ITEMS.drug, quantity: 7 })
  s.settle(storedCurrent)
  const rename = <T extends { mdtrtId: string }>(x: T): T =>
    x.mdtrtId === storedCurrent.mdtrtId ? { ...x, mdtrtId: 'M2001668' } : x
  const r = s.records()
  const history: StoredHistory = {
    person: p,
    identities: [{ psnNo, type: 'DIBAO', begin: '2025-01-01', end: null, source: '民政' }],
    encounters: r.encounters.map(rename),
    diagnoses: r.diagnoses.map(rename),
    operations: r.operations.map(rename),
    feeLines: r.feeLines.map(rename),
    settlements: r.settlements.map(rename),
  }

  test('the request replaces its stored encounter; other stored encounters stay', () => {
    const merged = patientRecords(patient, history)
    expect(merged.encounters.map((e) => e.mdtrtId)).toEqual([old.mdtrtId, 'M2001668'])
    expect(merged.encounters[1]).toBe(patient.encounters[0])
    expect(merged.feeLines.map((l) => l.feedetlSn)).toEqual([
      ...s.linesOf(old).map((l) => l.feedetlSn),
      '6374',
    ])
    expect(merged.diagnoses.map((d) => d.id)).toEqual([`${old.mdtrtId}-D1`, '7395'])
    expect(merged.settlements.map((x) => x.mdtrtId)).toEqual([old.mdtrtId])
    expect(merged.identities).toEqual(history.identities)
  })

  test('one stored history serves requests for different encounters, each replacing its own', () => {
    expect(patientRecords(patient, history).encounters.map((e) => e.mdtrtId)).toEqual([
      old.mdtrtId,
      'M2001668',
    ])
    // The same history object again, now with a request that resends the older stay.
    const resent = { ...patient.encounters[0]!, mdtrtId: old.mdtrtId }
    const other = { ...patient, encounters: [resent], feeLines: [], diagnoses: [], operations: [] }
    const merged = patientRecords(other, history)
    expect(merged.encounters).toEqual([...history.encounters.slice(1), resent])
    expect(merged.feeLines).toEqual(history.feeLines.filter((l) => l.mdtrtId === 'M2001668'))
    expect(merged.settlements).toEqual(history.settlements.filter((x) => x.mdtrtId === 'M2001668'))
  })

  test('the stored death date stays; gender and birth date come from the request', () => {
    const [person] = patientRecords(patient, history).persons
    expect(person).toEqual({ ...patient.person, deathDate: '2025-07-01' })
    expect(person!.gender).toBe('1')
    expect(person!.birthDate).toBe('1951-08-27')
  })

  test('without history: only the request', () => {
    const alone = patientRecords(patient)
    expect(alone).toEqual({
      persons: [patient.person],
      identities: [],
      encounters: patient.encounters,
      diagnoses: patient.diagnoses,
      operations: patient.operations,
      feeLines: patient.feeLines,
      settlements: [],
    })
  })

  test('auditHsaRequest reads the stored history of the person', () => {
    // The stored stay brings nothing to judge; the request's finding is unchanged.
    const withHistory = auditHsaRequest(
      engine,
      request,
      new AuditReference(),
      new Map([[psnNo, history]])
    )
    expect(withHistory.map((f) => [f.ruleId, f.mdtrtId])).toEqual([
      ['GZ10000301004000', 'M2001668'],
    ])
  })
})

describe('hsaRequestOf → parseHsaAuditRequest', () => {
  test('a Scenario encounter round-trips on every field the request carries', () => {
    const s = new Scenario()
    const p = s.person({ gender: '2', birthDate: '1990-03-04' })
    const e = s.stay(p, {
      from: '2025-06-02',
      to: '2025-06-05',
      institution: 'H2',
      readmitPlanned: true,
      dscgWay: '5',
    })
    s.diagnosis(e, 'E11.900', '2型糖尿病', { type: '2' })
    s.operation(e, '99.1800', '静脉注射')
    s.line(e, { ...ITEMS.bed, date: '2025-06-02', quantity: 1 })
    s.line(e, {
      ...ITEMS.drug,
      price: yuan(0.035),
      quantity: 2.5,
      days: 5,
      rxNo: 'RX-1',
      orderDoctor: 'D01',
      dischargeMed: true,
      catalogClass: '03',
    })
    s.line(e, { ...ITEMS.lab, amount: 799, listType: '201' })
    const body = hsaRequestOf(
      '3102',
      p,
      {
        encounter: e,
        diagnoses: s.diagnoses,
        operations: s.operations,
        feeLines: s.feeLines,
        level: 2,
      },
      'MSG-1'
    )
    const request = parse(JSON.parse(JSON.stringify(body)))
    expect(request.infno).toBe('3102')
    expect(request.stage).toBe('IN')
    expect(request.msgid).toBe('MSG-1')
    expect(request.institutionCode).toBe('H2')
    expect(request.institutions.get('H2')).toEqual({ level: 2, type: null, admdvs: REGION })
    const patient = request.patients[0]!
    // certno is not in the request; matn_stas is written as 0 (其他) when unknown.
    expect(patient.person).toEqual({ ...p, certno: '' })
    expect(patient.encounters).toEqual([{ ...e, matnStas: '0' }])
    expect(patient.diagnoses).toEqual(s.diagnoses)
    expect(patient.operations).toEqual(s.operations)
    // 结算 id, 执行科室/医生 and upload time are not in the request.
    expect(patient.feeLines).toEqual(
      s.feeLines.map((l) => ({
        ...l,
        setlId: null,
        execDept: null,
        execDoctor: null,
        uploadTime: null,
      }))
    )
    expect([...patient.focusEncounters]).toEqual([e.mdtrtId])
    expect([...patient.focusLines!]).toEqual(s.feeLines.map((l) => l.feedetlSn))
  })

  test('3101 from an outpatient visit is 事前 with trig_scen 5', () => {
    const s = new Scenario()
    const p = s.person()
    const v = s.outpatient(p)
    s.line(v, ITEMS.visit)
    const body = hsaRequestOf(
      '3101',
      p,
      { encounter: v, diagnoses: s.diagnoses, operations: [], feeLines: s.feeLines, level: 3 },
      'M'
    )
    expect(body.input).toMatchObject({ data: { trig_scen: '5' } })
    const request = parse(body)
    expect(request.stage).toBe('PRE')
    expect(request.patients[0]!.encounters[0]!.kind).toBe('OUTPATIENT')
    expect(request.patients[0]!.encounters[0]!.end).toBe(v.end)
  })
})

describe('hsaErrorResponse and msgidOf', () => {
  test('a refusal: non-zero infcode, the msgid, the issues joined', () => {
    const body = structuredClone(EXAMPLE)
    body.input.data.patient_dtos[0].brdy = 'x'
    body.input.data.patient_dtos[0].fsi_encounter_dtos[0].insutype = '999'
    const parsed = parseHsaAuditRequest(body)
    const issues: OutcomeIssue[] = parsed.issues ?? []
    expect(issues).toHaveLength(2)
    const res = hsaErrorResponse(msgidOf(body), issues, RECEIVED, NOW)
    expect(res.infcode).not.toBe(0)
    expect(res.inf_refmsgid).toBe('H43XXXX202506141427240001')
    expect(res.err_msg).toBe(issues.map((i) => i.message).join('；'))
    expect(res.err_msg).toContain('$.input.data.patient_dtos[0].brdy')
    expect(res.err_msg).toContain('$.input.data.patient_dtos[0].fsi_encounter_dtos[0].insutype')
    expect(res.output).toEqual({})
    expect(res.refmsg_time).toBe('2025-06-14 14:27:25')
  })

  test('msgidOf reads a string msgid only', () => {
    expect(msgidOf({ msgid: 'A1' })).toBe('A1')
    expect(msgidOf({ msgid: 5 })).toBeNull()
    expect(msgidOf('{"msgid":"A1"}')).toBeNull()
    expect(msgidOf(null)).toBeNull()
  })
})

describe('parseHsaFeedback (3103)', () => {
  const feedback = (data: Json, infno: unknown = '3103'): Json => ({
    infno,
    msgid: 'FB-1',
    input: { data },
  })
  const paths = (body: unknown): string[] => {
    const r = parseHsaFeedback(body)
    expect('rows' in r).toBe(false)
    return r.issues!.map((i) => i.path ?? '')
  }

  test('valid rows', () => {
    const r = parseHsaFeedback(
      feedback({
        warn_type: '1',
        warns: [
          { warn_rslt_id: ' F1 ', dspo_way: '1', dspo_way_rea: ' 患者确需使用 ' },
          { warn_rslt_id: 'F2', dspo_way: '2' },
        ],
      })
    )
    expect(r.issues).toBeUndefined()
    expect(r).toEqual({
      msgid: 'FB-1',
      rows: [
        { warnRsltId: 'F1', warnType: '1', dspoWay: '1', dspoWayRea: '患者确需使用' },
        { warnRsltId: 'F2', warnType: '1', dspoWay: '2', dspoWayRea: null },
      ],
    })
  })

  test('warn_type 3 is refused', () => {
    expect(
      paths(feedback({ warn_type: '3', warns: [{ warn_rslt_id: 'F1', dspo_way: '2' }] }))
    ).toEqual(['$.input.data.warn_type'])
  })

  test('empty or missing warns are refused', () => {
    expect(paths(feedback({ warn_type: '2', warns: [] }))).toEqual(['$.input.data.warns'])
    expect(paths(feedback({ warn_type: '2' }))).toEqual(['$.input.data.warns'])
  })

  test('continuing (dspo_way 1) without a reason is refused', () => {
    expect(
      paths(
        feedback({
          warn_type: '2',
          warns: [{ warn_rslt_id: 'F1', dspo_way: '1', dspo_way_rea: '  ' }],
        })
      )
    ).toEqual(['$.input.data.warns[0].dspo_way_rea'])
  })

  test('a row without id or with another dspo_way names the row', () => {
    expect(
      paths(
        feedback({
          warn_type: '2',
          warns: [{ warn_rslt_id: 'F1', dspo_way: '2' }, { dspo_way: '3' }],
        })
      )
    ).toEqual(['$.input.data.warns[1].warn_rslt_id', '$.input.data.warns[1].dspo_way'])
  })

  test('infno other than 3103 is refused', () => {
    expect(
      paths(feedback({ warn_type: '1', warns: [{ warn_rslt_id: 'F1', dspo_way: '2' }] }, '3101'))
    ).toEqual(['$.infno'])
  })

  test('a body without data is refused', () => {
    expect(paths({ infno: '3103' })).toEqual(['$.input.data'])
    expect(paths(null)).toEqual(['$'])
  })
})
