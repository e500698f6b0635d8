// SPDX-License-Identifier: Apache-2.0
// The one description of how each domain record is stored: table, key and, per field, the column
// and the kind of value. Bulk load, read-back, streaming, counts and the content checksum all
// work from it; no other file lists record columns.
import type {
  Diagnosis,
  Encounter,
  FeeLine,
  Institution,
  InstitutionCapability,
  Operation,
  Person,
  PersonIdentity,
  PriceCap,
  Region,
  Settlement,
  SettlementFundDetail,
  Staff,
  StaffLink,
  ViolationTruth,
} from '@yibao/domain'
import type { ValueKind } from './copy-text.js'

/** The record kinds, named as in `RecordBatch`. */
export interface RecordTypes {
  region: Region
  institutions: Institution
  capabilities: InstitutionCapability
  staff: Staff
  staffLinks: StaffLink
  priceCaps: PriceCap
  persons: Person
  identities: PersonIdentity
  encounters: Encounter
  diagnoses: Diagnosis
  operations: Operation
  feeLines: FeeLine
  settlements: Settlement
  fundDetails: SettlementFundDetail
  truth: ViolationTruth
}

/** A record kind: `persons`, `feeLines`… */
export type RecordKind = keyof RecordTypes

/** One field of a record stored in one column. */
export interface RecordColumn {
  /** Column of the storage table. */
  readonly column: string
  /** Property of the domain record. */
  readonly field: string
  readonly kind: ValueKind
  /** True when the field may be null. */
  readonly nullable: boolean
}

/** How one kind of record is stored. */
export interface RecordTable<K extends RecordKind = RecordKind> {
  readonly kind: K
  /** Storage table. */
  readonly table: string
  /** Chinese name of the record, for messages. */
  readonly label: string
  /** Primary-key columns: the canonical order of the table. */
  readonly key: readonly string[]
  /** Every field of the record, in declaration order. */
  readonly columns: readonly RecordColumn[]
}

interface KindValue {
  text: string
  int: number
  fen: number
  price: number
  quantity: number
  bool: boolean
  date: string
  timestamp: string
}

/**
 * A column as declared below. The phantom `accepts` makes the compiler check each field's type
 * against its kind, and that a field which may be null is declared with `opt`.
 */
interface ColumnSpec<T> {
  readonly column: string
  readonly kind: ValueKind
  readonly nullable: boolean
  readonly accepts?: (value: T) => void
}

function col<K extends ValueKind>(column: string, kind: K): ColumnSpec<KindValue[K]> {
  return { column, kind, nullable: false }
}

function opt<K extends ValueKind>(column: string, kind: K): ColumnSpec<KindValue[K] | null> {
  return { column, kind, nullable: true }
}

function define<K extends RecordKind>(
  kind: K,
  table: string,
  label: string,
  key: readonly string[],
  fields: { readonly [F in keyof RecordTypes[K]]-?: ColumnSpec<RecordTypes[K][F]> }
): RecordTable<K> {
  const columns = Object.entries(fields as Record<string, ColumnSpec<unknown>>).map(
    ([field, spec]) => ({ column: spec.column, field, kind: spec.kind, nullable: spec.nullable })
  )
  return { kind, table, label, key, columns }
}

/** Every record table, keyed by record kind, in load order (referenced records first). */
export const RECORD_TABLES: { readonly [K in RecordKind]: RecordTable<K> } = {
  region: define('region', 'region', '统筹区', ['admdvs'], {
    admdvs: col('admdvs', 'text'),
    name: col('name', 'text'),
    parent: opt('parent', 'text'),
  }),
  institutions: define('institutions', 'institution', '定点医药机构', ['code'], {
    code: col('code', 'text'),
    name: col('name', 'text'),
    type: col('type', 'text'),
    level: col('level', 'int'),
    admdvs: col('admdvs', 'text'),
    tier: col('tier', 'text'),
  }),
  capabilities: define(
    'capabilities',
    'institution_capability',
    '机构服务能力登记',
    ['institution_code', 'capability', 'begin_date'],
    {
      institutionCode: col('institution_code', 'text'),
      capability: col('capability', 'text'),
      beginDate: col('begin_date', 'date'),
      endDate: opt('end_date', 'date'),
    }
  ),
  staff: define('staff', 'staff', '医务人员', ['code'], {
    code: col('code', 'text'),
    name: col('name', 'text'),
    kind: col('kind', 'text'),
    title: col('title', 'text'),
  }),
  staffLinks: define(
    'staffLinks',
    'staff_link',
    '医务人员执业登记',
    ['staff_code', 'institution_code', 'begin_date'],
    {
      staffCode: col('staff_code', 'text'),
      institutionCode: col('institution_code', 'text'),
      deptCode: opt('dept_code', 'text'),
      begin: col('begin_date', 'date'),
      end: opt('end_date', 'date'),
    }
  ),
  priceCaps: define('priceCaps', 'price_cap', '限价', ['admdvs', 'code', 'level', 'begin_date'], {
    admdvs: col('admdvs', 'text'),
    code: col('code', 'text'),
    level: col('level', 'int'),
    cap: col('cap', 'price'),
    begin: col('begin_date', 'date'),
    end: opt('end_date', 'date'),
  }),
  persons: define('persons', 'person', '参保人员', ['psn_no'], {
    psnNo: col('psn_no', 'text'),
    name: col('name', 'text'),
    certno: col('certno', 'text'),
    gender: col('gender', 'text'),
    birthDate: col('birth_date', 'date'),
    insuType: col('insu_type', 'text'),
    admdvs: col('admdvs', 'text'),
    deathDate: opt('death_date', 'date'),
  }),
  identities: define(
    'identities',
    'person_identity',
    '人员身份',
    ['psn_no', 'type', 'begin_date'],
    {
      psnNo: col('psn_no', 'text'),
      type: col('type', 'text'),
      begin: col('begin_date', 'date'),
      end: opt('end_date', 'date'),
      source: col('source', 'text'),
    }
  ),
  encounters: define('encounters', 'encounter', '就诊', ['mdtrt_id'], {
    mdtrtId: col('mdtrt_id', 'text'),
    psnNo: col('psn_no', 'text'),
    institutionCode: col('institution_code', 'text'),
    kind: col('kind', 'text'),
    medType: col('med_type', 'text'),
    insuType: col('insu_type', 'text'),
    begin: col('begin_time', 'timestamp'),
    end: opt('end_time', 'timestamp'),
    admDept: opt('adm_dept', 'text'),
    dscgDept: opt('dscg_dept', 'text'),
    dscgWay: opt('dscg_way', 'text'),
    mainDiagCode: opt('main_diag_code', 'text'),
    chiefDoctor: opt('chief_doctor', 'text'),
    matnStas: opt('matn_stas', 'text'),
    deathDate: opt('death_date', 'date'),
    readmitPlanned: col('readmit_planned', 'bool'),
    drgCode: opt('drg_code', 'text'),
    admdvs: col('admdvs', 'text'),
  }),
  diagnoses: define('diagnoses', 'diagnosis', '诊断', ['id'], {
    id: col('id', 'text'),
    mdtrtId: col('mdtrt_id', 'text'),
    seq: col('seq', 'int'),
    code: col('code', 'text'),
    name: col('name', 'text'),
    type: col('type', 'text'),
    main: col('main', 'bool'),
    admCond: opt('adm_cond', 'text'),
  }),
  operations: define('operations', 'operation', '手术操作', ['id'], {
    id: col('id', 'text'),
    mdtrtId: col('mdtrt_id', 'text'),
    seq: col('seq', 'int'),
    code: col('code', 'text'),
    name: col('name', 'text'),
    main: col('main', 'bool'),
    date: opt('oprn_date', 'date'),
    anstWay: opt('anst_way', 'text'),
    surgeonCode: opt('surgeon_code', 'text'),
  }),
  feeLines: define('feeLines', 'fee_line', '费用明细', ['feedetl_sn'], {
    feedetlSn: col('feedetl_sn', 'text'),
    mdtrtId: col('mdtrt_id', 'text'),
    setlId: opt('setl_id', 'text'),
    psnNo: col('psn_no', 'text'),
    institutionCode: col('institution_code', 'text'),
    time: col('fee_time', 'timestamp'),
    code: col('code', 'text'),
    name: col('name', 'text'),
    listType: col('list_type', 'text'),
    catalogClass: col('catalog_class', 'text'),
    chargeType: col('charge_type', 'text'),
    quantity: col('quantity', 'quantity'),
    price: col('price', 'price'),
    amount: col('amount', 'fen'),
    rxNo: opt('rx_no', 'text'),
    orderDept: opt('order_dept', 'text'),
    orderDoctor: opt('order_doctor', 'text'),
    execDept: opt('exec_dept', 'text'),
    execDoctor: opt('exec_doctor', 'text'),
    dischargeMed: col('discharge_med', 'bool'),
    days: opt('days', 'int'),
    uploadTime: opt('upload_time', 'timestamp'),
  }),
  settlements: define('settlements', 'settlement', '结算', ['setl_id'], {
    setlId: col('setl_id', 'text'),
    mdtrtId: col('mdtrt_id', 'text'),
    psnNo: col('psn_no', 'text'),
    institutionCode: col('institution_code', 'text'),
    time: col('setl_time', 'timestamp'),
    insuType: col('insu_type', 'text'),
    medType: col('med_type', 'text'),
    medfeeSumamt: col('medfee_sumamt', 'fen'),
    fulamtOwnpayAmt: col('fulamt_ownpay_amt', 'fen'),
    overlmtSelfpay: col('overlmt_selfpay', 'fen'),
    preselfpayAmt: col('preselfpay_amt', 'fen'),
    inscpScpAmt: col('inscp_scp_amt', 'fen'),
    actPayDedc: col('act_pay_dedc', 'fen'),
    hifpPay: col('hifp_pay', 'fen'),
    cvlservPay: col('cvlserv_pay', 'fen'),
    hifesPay: col('hifes_pay', 'fen'),
    hifmiPay: col('hifmi_pay', 'fen'),
    hifobPay: col('hifob_pay', 'fen'),
    hifdmPay: col('hifdm_pay', 'fen'),
    mafPay: col('maf_pay', 'fen'),
    othPay: col('oth_pay', 'fen'),
    fundPaySumamt: col('fund_pay_sumamt', 'fen'),
    psnPartAmt: col('psn_part_amt', 'fen'),
    acctPay: col('acct_pay', 'fen'),
    psnCashPay: col('psn_cash_pay', 'fen'),
    hospPartAmt: col('hosp_part_amt', 'fen'),
    acctMulaidPay: col('acct_mulaid_pay', 'fen'),
    refunded: col('refunded', 'bool'),
  }),
  fundDetails: define(
    'fundDetails',
    'settlement_fund_detail',
    '基金支付明细',
    ['setl_id', 'fund_pay_type'],
    {
      setlId: col('setl_id', 'text'),
      fundPayType: col('fund_pay_type', 'text'),
      amount: col('amount', 'fen'),
      inscpScpAmt: opt('inscp_scp_amt', 'fen'),
      procInfo: opt('proc_info', 'text'),
    }
  ),
  truth: define('truth', 'violation_truth', '违规真值', ['id'], {
    id: col('id', 'text'),
    type: col('type', 'text'),
    psnNo: col('psn_no', 'text'),
    mdtrtId: col('mdtrt_id', 'text'),
    feedetlSn: opt('feedetl_sn', 'text'),
    institutionCode: col('institution_code', 'text'),
    amount: col('amount', 'fen'),
    note: col('note', 'text'),
  }),
}

/** The record kinds in load order. */
export const RECORD_KINDS = Object.keys(RECORD_TABLES) as RecordKind[]

/**
 * The select list that reads a record table's rows as its records' fields, e.g.
 * `f.feedetl_sn AS "feedetlSn", f.mdtrt_id AS "mdtrtId", …`. Pass the rows to `recordsFromRows`.
 *
 * @param table - the record table
 * @param alias - table alias to qualify the columns with
 */
export function recordSelectList(table: RecordTable, alias?: string): string {
  const prefix = alias === undefined ? '' : `${alias}.`
  return table.columns
    .map((c) => (c.column === c.field ? prefix + c.column : `${prefix}${c.column} AS "${c.field}"`))
    .join(', ')
}

/**
 * Turns rows selected with `recordSelectList` into records: both drivers already return text,
 * numbers (int8 included), booleans, `YYYY-MM-DD` dates and ISO timestamps; only `numeric`
 * quantities arrive as text and become numbers here. The rows are converted in place.
 *
 * @param table - the record table
 * @param rows - the rows of the query
 * @returns the same array, typed as records
 */
export function recordsFromRows<K extends RecordKind>(
  table: RecordTable<K>,
  rows: Record<string, unknown>[]
): RecordTypes[K][] {
  const quantities = table.columns.filter((c) => c.kind === 'quantity').map((c) => c.field)
  if (quantities.length > 0) {
    for (const row of rows) {
      for (const f of quantities) {
        const v = row[f]
        if (v !== null && v !== undefined) row[f] = Number(v)
      }
    }
  }
  return rows as unknown as RecordTypes[K][]
}

/**
 * The canonical order of a record table: its key, text columns compared byte-wise
 * (`COLLATE "C"`) so that the order does not depend on the database's locale.
 *
 * @param table - the record table
 * @param alias - table alias to qualify the columns with
 */
export function recordKeyOrder(table: RecordTable, alias?: string): string {
  const prefix = alias === undefined ? '' : `${alias}.`
  return table.key
    .map((k) => {
      const c = table.columns.find((x) => x.column === k)
      return c?.kind === 'text' ? `${prefix}${k} COLLATE "C"` : prefix + k
    })
    .join(', ')
}
