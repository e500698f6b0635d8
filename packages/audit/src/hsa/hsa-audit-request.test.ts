// SPDX-License-Identifier: Apache-2.0
// Reading national 3101/3102 requests into records: the committed example, the list-type and
// amount conventions, the price caps by institution level, and one exact path per problem.
import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { parseHsaAuditRequest } from './hsa-audit-request.js'

type Json = Record<string, any>

const EXAMPLE = JSON.parse(
  fs.readFileSync(new URL('../../../../examples/hsa/3101-example.json', import.meta.url), 'utf8')
) as Json

const P = '$.input.data.patient_dtos[0]'
const E = `${P}.fsi_encounter_dtos[0]`
const O = (n: number): string => `${E}.fsi_order_dtos[${n}]`

/** A fresh copy of the example. */
function example(): Json {
  return structuredClone(EXAMPLE)
}

/** The example's first patient, encounter and orders of a body. */
function patientOf(body: Json): Json {
  return body.input.data.patient_dtos[0] as Json
}
function encounterOf(body: Json): Json {
  return patientOf(body).fsi_encounter_dtos[0] as Json
}
function ordersOf(body: Json): Json[] {
  return encounterOf(body).fsi_order_dtos as Json[]
}

/** The example with two more clean orders (so that the third, index 2, can be spoiled). */
function threeOrders(): Json {
  const body = example()
  const first = ordersOf(body)[0]!
  ordersOf(body).push(
    { ...first, rx_id: '6375', curr_drord_flag: '0' },
    { ...first, rx_id: '6376', curr_drord_flag: '0' }
  )
  return body
}

/** The paths of the issues of a body that must be refused. */
function issuePaths(body: unknown): string[] {
  const parsed = parseHsaAuditRequest(body)
  expect(parsed.request).toBeUndefined()
  for (const i of parsed.issues ?? []) {
    expect(i.severity).toBe('error')
    expect(i.message.startsWith(`${i.path}：`)).toBe(true)
  }
  return (parsed.issues ?? []).map((i) => i.path ?? '')
}

/** The request of a body that must be accepted. */
function accepted(body: unknown) {
  const parsed = parseHsaAuditRequest(body)
  expect(parsed.issues).toBeUndefined()
  return parsed.request!
}

describe('parseHsaAuditRequest: the committed 3101 example', () => {
  const request = accepted(example())
  const patient = request.patients[0]!

  test('envelope: 3101 is 事前 (PRE), msgid, task, scene, institution', () => {
    expect(request.infno).toBe('3101')
    expect(request.stage).toBe('PRE')
    expect(request.msgid).toBe('H43XXXX202506141427240001')
    expect(request.taskId).toBe('T20250614000123')
    expect(request.trigScen).toBe('5')
    expect(request.ruleIds).toEqual([])
    expect(request.institutionCode).toBe('H43XXXXXXXXX')
    expect(request.patients).toHaveLength(1)
  })

  test('3102 is 事中 (IN)', () => {
    const body = example()
    body.infno = '3102'
    const r = accepted(body)
    expect(r.infno).toBe('3102')
    expect(r.stage).toBe('IN')
  })

  test('person: number, gender, birth date, 险种 of the first encounter, 统筹区', () => {
    expect(patient.person).toEqual({
      psnNo: '43000000000000000001',
      name: '李某',
      certno: '',
      gender: '1',
      birthDate: '1951-08-27',
      insuType: '390',
      admdvs: '430796',
      deathDate: null,
    })
  })

  test('one inpatient encounter at a level-3 institution (medins_lv 02)', () => {
    expect(patient.encounters).toEqual([
      {
        mdtrtId: 'M2001668',
        psnNo: '43000000000000000001',
        institutionCode: 'H43XXXXXXXXX',
        kind: 'INPATIENT',
        medType: '21',
        insuType: '390',
        begin: '2025-05-04T10:59:45+08:00',
        end: null,
        admDept: '100309',
        dscgDept: null,
        dscgWay: null,
        mainDiagCode: 'M10.0',
        chiefDoctor: 'D001',
        matnStas: '0',
        deathDate: null,
        readmitPlanned: false,
        drgCode: null,
        admdvs: '430796',
      },
    ])
    expect(request.institutions.get('H43XXXXXXXXX')).toEqual({
      level: 3,
      type: null,
      admdvs: '430796',
    })
    expect(patient.diagnoses).toEqual([
      {
        id: '7395',
        mdtrtId: 'M2001668',
        seq: 1,
        code: 'M10.0',
        name: '痛风性关节炎',
        type: '1',
        main: true,
        admCond: null,
      },
    ])
    expect(patient.operations).toEqual([])
  })

  test('the order: 1153.00 yuan → PriceE4 11530000 and 115300 fen', () => {
    expect(patient.feeLines).toEqual([
      {
        feedetlSn: '6374',
        mdtrtId: 'M2001668',
        setlId: null,
        psnNo: '43000000000000000001',
        institutionCode: 'H43XXXXXXXXX',
        time: '2025-06-14T14:25:52+08:00',
        code: 'XG02BAZ061Z007010279543',
        name: '左炔诺孕酮宫内节育系统',
        listType: '101',
        catalogClass: '02',
        chargeType: '09',
        quantity: 1,
        price: 11_530_000,
        amount: 115_300,
        rxNo: 'IP202506140000022',
        orderDept: '100309',
        orderDoctor: 'D001',
        execDept: null,
        execDoctor: null,
        dischargeMed: false,
        days: null,
        uploadTime: null,
      },
    ])
  })

  test('focus: the current encounter and the orders flagged current', () => {
    expect([...patient.focusEncounters]).toEqual(['M2001668'])
    expect(patient.focusLines && [...patient.focusLines]).toEqual(['6374'])
    expect(patient.lineCaps.size).toBe(0)
  })
})

describe('parseHsaAuditRequest: focus, caps and conventions', () => {
  test('only orders with curr_drord_flag 1 are focus lines', () => {
    const body = threeOrders()
    ordersOf(body)[2]!.curr_drord_flag = '1'
    const patient = accepted(body).patients[0]!
    expect(patient.feeLines.map((l) => l.feedetlSn)).toEqual(['6374', '6375', '6376'])
    expect([...patient.focusLines!].sort()).toEqual(['6374', '6376'])
  })

  test('without current orders every order is judged (focusLines undefined)', () => {
    const body = example()
    delete ordersOf(body)[0]!.curr_drord_flag
    expect(accepted(body).patients[0]!.focusLines).toBeUndefined()
  })

  test('without curr_mdtrt_id the encounters with current orders are the focus', () => {
    const body = example()
    const patient = patientOf(body)
    delete patient.curr_mdtrt_id
    const other = structuredClone(encounterOf(body))
    other.mdtrt_id = 'M2000001'
    other.fsi_order_dtos[0].rx_id = '5000'
    other.fsi_order_dtos[0].curr_drord_flag = '0'
    ;(patient.fsi_encounter_dtos as Json[]).unshift(other)
    const parsed = accepted(body).patients[0]!
    expect(parsed.encounters.map((e) => e.mdtrtId)).toEqual(['M2000001', 'M2001668'])
    expect([...parsed.focusEncounters]).toEqual(['M2001668'])
  })

  test('lv1/2/3_hosp_item_pric is chosen by the encounter level (0 and absent: no cap)', () => {
    const body = threeOrders()
    const caps = { lv1_hosp_item_pric: 10.5, lv2_hosp_item_pric: 11.25, lv3_hosp_item_pric: 12 }
    Object.assign(ordersOf(body)[0]!, caps)
    Object.assign(ordersOf(body)[1]!, { ...caps, lv3_hosp_item_pric: 0 })
    const level2 = structuredClone(encounterOf(body))
    level2.mdtrt_id = 'M2'
    level2.medins_id = 'H2'
    level2.medins_lv = '05'
    level2.fsi_order_dtos = [{ ...ordersOf(body)[0], rx_id: 'L2' }]
    const level1 = structuredClone(level2)
    level1.mdtrt_id = 'M1'
    level1.medins_id = 'H1'
    level1.medins_lv = '08'
    level1.fsi_order_dtos = [{ ...ordersOf(body)[0], rx_id: 'L1', lv1_hosp_item_pric: '9.9999' }]
    ;(patientOf(body).fsi_encounter_dtos as Json[]).push(level2, level1)

    const request = accepted(body)
    expect(request.institutions.get('H2')?.level).toBe(2)
    expect(request.institutions.get('H1')?.level).toBe(1)
    expect(Object.fromEntries(request.patients[0]!.lineCaps)).toEqual({
      '6374': 120_000,
      L2: 112_500,
      L1: 99_999,
    })
  })

  test('an order without sumamt costs cnt × pric rounded half-up to the fen', () => {
    const body = example()
    const order = ordersOf(body)[0]!
    delete order.sumamt
    order.cnt = 3
    order.pric = '0.035'
    const line = accepted(body).patients[0]!.feeLines[0]!
    expect(line.price).toBe(350)
    expect(line.quantity).toBe(3)
    expect(line.amount).toBe(11) // 0.105 yuan
  })

  test('sumamt wins over cnt × pric when given', () => {
    const body = example()
    Object.assign(ordersOf(body)[0]!, { cnt: 2, pric: 10, sumamt: '19.99' })
    expect(accepted(body).patients[0]!.feeLines[0]!.amount).toBe(1999)
  })

  test('hilist_type 103 (医院制剂) is a drug, 302 a consumable', () => {
    const body = threeOrders()
    Object.assign(ordersOf(body)[0]!, { hilist_type: '103', chrg_type: '09' })
    Object.assign(ordersOf(body)[1]!, { hilist_type: '302', chrg_type: '08' })
    Object.assign(ordersOf(body)[2]!, { hilist_type: '201', chrg_type: '14' })
    const lines = accepted(body).patients[0]!.feeLines
    expect(lines.map((l) => l.listType)).toEqual(['101', '301', '201'])
  })

  test('gender other than 1/2 is 9; numbers are accepted where text is expected', () => {
    const body = example()
    patientOf(body).gend = '0'
    ordersOf(body)[0]!.rx_id = 6374
    const patient = accepted(body).patients[0]!
    expect(patient.person.gender).toBe('9')
    expect(patient.feeLines[0]!.feedetlSn).toBe('6374')
  })
})

describe('parseHsaAuditRequest: every problem names its path, and only it', () => {
  test('a body that is not an object', () => {
    expect(issuePaths('3101')).toEqual(['$'])
    expect(issuePaths(null)).toEqual(['$'])
    expect(issuePaths([example()])).toEqual(['$'])
  })

  test('infno missing or not 3101/3102', () => {
    const missing = example()
    delete missing.infno
    expect(issuePaths(missing)).toEqual(['$.infno'])
    const other = example()
    other.infno = '9999'
    expect(issuePaths(other)).toEqual(['$.infno'])
  })

  test('input.data missing', () => {
    const body = example()
    delete body.input.data
    expect(issuePaths(body)).toEqual(['$.input.data'])
    const noInput = example()
    delete noInput.input
    expect(issuePaths(noInput)).toEqual(['$.input'])
  })

  test('patient_dtos empty or missing', () => {
    const body = example()
    body.input.data.patient_dtos = []
    expect(issuePaths(body)).toEqual(['$.input.data.patient_dtos'])
    delete body.input.data.patient_dtos
    expect(issuePaths(body)).toEqual(['$.input.data.patient_dtos'])
  })

  test('patn_id missing', () => {
    const body = example()
    delete patientOf(body).patn_id
    expect(issuePaths(body)).toEqual([`${P}.patn_id`])
  })

  test('brdy not a date', () => {
    const body = example()
    patientOf(body).brdy = '1951-02-30'
    expect(issuePaths(body)).toEqual([`${P}.brdy`])
  })

  test('adm_date not a date-time', () => {
    const body = example()
    encounterOf(body).adm_date = '2025-05-04 25:61:00'
    expect(issuePaths(body)).toEqual([`${E}.adm_date`])
  })

  test('med_mdtrt_type 7', () => {
    const body = example()
    encounterOf(body).med_mdtrt_type = '7'
    expect(issuePaths(body)).toEqual([`${E}.med_mdtrt_type`])
  })

  test('an unknown insutype', () => {
    const body = example()
    encounterOf(body).insutype = '999'
    expect(issuePaths(body)).toEqual([`${E}.insutype`])
  })

  test('cnt abc on the third order', () => {
    const body = threeOrders()
    ordersOf(body)[2]!.cnt = 'abc'
    expect(issuePaths(body)).toEqual([`${O(2)}.cnt`])
  })

  // Extra decimals are refused, not rounded: 1.23456 yuan is not silently 1.2346.
  test('pric with 5 decimals is refused', () => {
    const body = threeOrders()
    ordersOf(body)[2]!.pric = 1.23456
    expect(issuePaths(body)).toEqual([`${O(2)}.pric`])
  })

  test('sumamt with 3 decimals is refused', () => {
    const body = threeOrders()
    ordersOf(body)[2]!.sumamt = '1153.005'
    expect(issuePaths(body)).toEqual([`${O(2)}.sumamt`])
  })

  test('hilist_code missing', () => {
    const body = threeOrders()
    delete ordersOf(body)[1]!.hilist_code
    expect(issuePaths(body)).toEqual([`${O(1)}.hilist_code`])
  })

  test('curr_mdtrt_id not among the encounters', () => {
    const body = example()
    patientOf(body).curr_mdtrt_id = 'M9999999'
    expect(issuePaths(body)).toEqual([`${P}.curr_mdtrt_id`])
  })

  test('several problems at once are all reported', () => {
    const body = threeOrders()
    patientOf(body).brdy = 'yesterday'
    encounterOf(body).insutype = '999'
    ordersOf(body)[0]!.cnt = 'abc'
    delete ordersOf(body)[2]!.hilist_code
    const second = structuredClone(patientOf(body))
    delete second.patn_id
    ;(body.input.data.patient_dtos as Json[]).push(second)
    expect(issuePaths(body)).toEqual([
      `${P}.brdy`,
      `${E}.insutype`,
      `${O(0)}.cnt`,
      `${O(2)}.hilist_code`,
      '$.input.data.patient_dtos[1].patn_id',
      '$.input.data.patient_dtos[1].brdy',
      '$.input.data.patient_dtos[1].fsi_encounter_dtos[0].insutype',
      '$.input.data.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[0].cnt',
      '$.input.data.patient_dtos[1].fsi_encounter_dtos[0].fsi_order_dtos[2].hilist_code',
    ])
  })

  // Code tables are looked up by own keys only (not Object.prototype members).
  test('names of Object.prototype members are not codes', () => {
    const body = example()
    encounterOf(body).med_mdtrt_type = 'constructor'
    encounterOf(body).insutype = 'toString'
    expect(issuePaths(body)).toEqual([`${E}.med_mdtrt_type`, `${E}.insutype`])
  })
})
