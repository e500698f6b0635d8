// SPDX-License-Identifier: Apache-2.0
import type { PersonRecords } from './record-batch.js'

/** How a record field is represented: text (or null), number (or null), or a flag. */
export type FieldType = 'string' | 'number' | 'boolean'

type FieldsOf<T> = { readonly [K in keyof Required<T>]: FieldType }

/**
 * Every field of the records of `PersonRecords`, with its representation: the one list that
 * code handling records generically (packing them for worker threads, checking a request body
 * for unknown fields) reads. The type checks it against the record interfaces both ways.
 */
export const RECORD_FIELDS: {
  readonly [K in keyof PersonRecords]: FieldsOf<PersonRecords[K][number]>
} = {
  persons: {
    psnNo: 'string',
    name: 'string',
    certno: 'string',
    gender: 'string',
    birthDate: 'string',
    insuType: 'string',
    admdvs: 'string',
    deathDate: 'string',
  },
  identities: { psnNo: 'string', type: 'string', begin: 'string', end: 'string', source: 'string' },
  encounters: {
    mdtrtId: 'string',
    psnNo: 'string',
    institutionCode: 'string',
    kind: 'string',
    medType: 'string',
    insuType: 'string',
    begin: 'string',
    end: 'string',
    admDept: 'string',
    dscgDept: 'string',
    dscgWay: 'string',
    mainDiagCode: 'string',
    chiefDoctor: 'string',
    matnStas: 'string',
    deathDate: 'string',
    readmitPlanned: 'boolean',
    drgCode: 'string',
    admdvs: 'string',
  },
  diagnoses: {
    id: 'string',
    mdtrtId: 'string',
    seq: 'number',
    code: 'string',
    name: 'string',
    type: 'string',
    main: 'boolean',
    admCond: 'string',
  },
  operations: {
    id: 'string',
    mdtrtId: 'string',
    seq: 'number',
    code: 'string',
    name: 'string',
    main: 'boolean',
    date: 'string',
    anstWay: 'string',
    surgeonCode: 'string',
  },
  feeLines: {
    feedetlSn: 'string',
    mdtrtId: 'string',
    setlId: 'string',
    psnNo: 'string',
    institutionCode: 'string',
    time: 'string',
    code: 'string',
    name: 'string',
    listType: 'string',
    catalogClass: 'string',
    chargeType: 'string',
    quantity: 'number',
    price: 'number',
    amount: 'number',
    rxNo: 'string',
    orderDept: 'string',
    orderDoctor: 'string',
    execDept: 'string',
    execDoctor: 'string',
    dischargeMed: 'boolean',
    days: 'number',
    uploadTime: 'string',
  },
  settlements: {
    setlId: 'string',
    mdtrtId: 'string',
    psnNo: 'string',
    institutionCode: 'string',
    time: 'string',
    insuType: 'string',
    medType: 'string',
    medfeeSumamt: 'number',
    fulamtOwnpayAmt: 'number',
    overlmtSelfpay: 'number',
    preselfpayAmt: 'number',
    inscpScpAmt: 'number',
    actPayDedc: 'number',
    hifpPay: 'number',
    cvlservPay: 'number',
    hifesPay: 'number',
    hifmiPay: 'number',
    hifobPay: 'number',
    hifdmPay: 'number',
    mafPay: 'number',
    othPay: 'number',
    fundPaySumamt: 'number',
    psnPartAmt: 'number',
    acctPay: 'number',
    psnCashPay: 'number',
    hospPartAmt: 'number',
    acctMulaidPay: 'number',
    refunded: 'boolean',
  },
}

/** The field names of a record kind, in the order of `RECORD_FIELDS`. */
export function recordFieldNames(kind: keyof PersonRecords): string[] {
  return Object.keys(RECORD_FIELDS[kind])
}
