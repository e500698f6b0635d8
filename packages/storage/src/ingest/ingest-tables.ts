// SPDX-License-Identifier: Apache-2.0
// How each national extract table becomes storage rows. Everything is derived from the one
// mapping in `@yibao/domain` (nhsa-tables.ts); national names spelled here are looked up in that
// mapping through `col`, which fails at load time when the mapping no longer has them.
import {
  chargeTypeClass,
  encounterKindOfMedType,
  FEE_LIST_D,
  levelOfHospLv,
  MDTRT_D,
  SETL_D,
  SETL_LIST_DIAG_D,
  SETL_LIST_OPRN_D,
} from '@yibao/domain'
import type { NhsaColumn, NhsaColumnType, NhsaTable } from '@yibao/domain'

/** Where a storage column's value comes from. */
export type OutValue =
  /** The typed national value, or the mapping's default when empty. */
  | { readonly kind: 'column'; readonly col: NhsaColumn }
  /** A JS function of the national value, applied to its distinct values. */
  | { readonly kind: 'mapped'; readonly col: NhsaColumn; readonly fn: (value: string) => string }
  /** The first non-empty of several national values, else `fallback`. */
  | { readonly kind: 'coalesce'; readonly cols: readonly NhsaColumn[]; readonly fallback: string }
  /** 1-based position of the row among the rows with the same `partition` value. */
  | { readonly kind: 'seq'; readonly partition: NhsaColumn }
  | { readonly kind: 'const'; readonly value: string }

/** One column of a storage table as ingest writes it. */
export interface OutColumn {
  readonly column: string
  readonly type: NhsaColumnType
  readonly value: OutValue
  /** Compared with the stored row when the id exists (content of the record, not derived). */
  readonly compare: boolean
}

/** A national table (or a child list of a message) as ingest stages, checks and writes it. */
export interface IngestTable {
  readonly name: string
  readonly label: string
  readonly target: string
  /** The id column: idempotency key and duplicate check. */
  readonly key: NhsaColumn
  readonly keyColumn: string
  readonly columns: readonly NhsaColumn[]
  readonly out: readonly OutColumn[]
  /** The column naming the encounter this row belongs to (a reference), null for `mdtrt_d`. */
  readonly encounterRef: NhsaColumn | null
  /** The target table has an `import_batch` column. */
  readonly stampBatch: boolean
  /**
   * Rows that belong to a parent record and are written only together with a new parent; the
   * id is unique within the parent (`payinfo` rows of a settlement).
   */
  readonly parent?: { readonly table: string; readonly column: NhsaColumn }
}

/** A record created from `mdtrt_d` when not yet stored (person, institution). */
export interface DerivedRecord {
  readonly name: string
  readonly label: string
  readonly target: string
  readonly keyColumn: string
  readonly key: NhsaColumn
  /** The row describes the record when all of these are non-empty. */
  readonly describedBy: readonly NhsaColumn[]
  readonly out: readonly OutColumn[]
}

/** The mapping column `name` of `table`; throws when the mapping has no such column. */
export function col(table: Pick<NhsaTable, 'name' | 'columns'>, name: string): NhsaColumn {
  const c = table.columns.find((x) => x.name === name)
  if (!c) throw new Error(`${table.name} has no column ${name} in the NHSA mapping`)
  return c
}

function standard(
  table: NhsaTable,
  overrides: Record<string, OutValue> = {},
  derived: readonly OutColumn[] = []
): IngestTable {
  const key = col(table, table.key)
  const mapped: OutColumn[] = table.columns
    .filter((c) => c.column !== null)
    .map((c) => ({
      column: c.column!,
      type: c.type,
      value: overrides[c.name] ?? { kind: 'column', col: c },
      compare: true,
    }))
  const ref = table === MDTRT_D ? null : col(table, MDTRT_D.key)
  return {
    name: table.name,
    label: table.label,
    target: table.target,
    key,
    keyColumn: key.column!,
    columns: table.columns,
    out: [...mapped, ...derived],
    encounterRef: ref,
    stampBatch: true,
  }
}

const admdvsOfEncounter: OutValue = {
  kind: 'coalesce',
  cols: [col(MDTRT_D, 'fix_blng_admdvs'), col(MDTRT_D, 'insu_admdvs')],
  fallback: '',
}

/** `mdtrt_d` → `encounter`. */
export const ENCOUNTER_TABLE: IngestTable = standard(
  MDTRT_D,
  { fix_blng_admdvs: admdvsOfEncounter },
  [
    {
      column: 'kind',
      type: 'text',
      value: { kind: 'mapped', col: col(MDTRT_D, 'med_type'), fn: encounterKindOfMedType },
      compare: false,
    },
  ]
)

/** `setl_d` → `settlement`. */
export const SETTLEMENT_TABLE: IngestTable = standard(SETL_D)

/** `fee_list_d` → `fee_line`; the charge type is stored as its two-digit national class. */
export const FEE_LINE_TABLE: IngestTable = standard(FEE_LIST_D, {
  med_chrgitm_type: {
    kind: 'mapped',
    col: col(FEE_LIST_D, 'med_chrgitm_type'),
    fn: chargeTypeClass,
  },
})

const seqOf = (table: NhsaTable): OutColumn => ({
  column: 'seq',
  type: 'int',
  value: { kind: 'seq', partition: col(table, MDTRT_D.key) },
  compare: false,
})

/** `setl_list_diag_d` → `diagnosis`. */
export const DIAGNOSIS_TABLE: IngestTable = standard(SETL_LIST_DIAG_D, {}, [
  seqOf(SETL_LIST_DIAG_D),
])

/** `setl_list_oprn_d` → `operation`. */
export const OPERATION_TABLE: IngestTable = standard(SETL_LIST_OPRN_D, {}, [
  seqOf(SETL_LIST_OPRN_D),
])

// The 4101A `payinfo` list (基金支付信息) has no extract table of its own in the mapping yet; its
// two national columns are declared here in the mapping's shape.
const PAYINFO_COLUMNS: readonly NhsaColumn[] = [
  {
    name: SETL_D.key,
    label: col(SETL_D, SETL_D.key).label,
    type: 'text',
    required: true,
    column: 'setl_id',
    field: 'setlId',
  },
  {
    name: 'fund_pay_type',
    label: '基金支付类型',
    type: 'text',
    required: true,
    column: 'fund_pay_type',
    field: 'fundPayType',
  },
  {
    name: 'fund_payamt',
    label: '基金支付金额',
    type: 'money',
    required: true,
    column: 'amount',
    field: 'amount',
  },
]

/** 4101A `payinfo` → `settlement_fund_detail`, written with new settlements only. */
export const FUND_DETAIL_TABLE: IngestTable = {
  name: 'payinfo',
  label: '基金支付信息',
  target: 'settlement_fund_detail',
  key: PAYINFO_COLUMNS[1]!,
  keyColumn: 'fund_pay_type',
  columns: PAYINFO_COLUMNS,
  out: PAYINFO_COLUMNS.map((c) => ({
    column: c.column!,
    type: c.type,
    value: { kind: 'column', col: c },
    compare: false,
  })),
  encounterRef: null,
  stampBatch: false,
  parent: { table: SETL_D.name, column: PAYINFO_COLUMNS[0]! },
}

/** Every table ingest stages, in load order (encounters before what hangs off them). */
export const INGEST_TABLES: readonly IngestTable[] = [
  ENCOUNTER_TABLE,
  SETTLEMENT_TABLE,
  FUND_DETAIL_TABLE,
  FEE_LINE_TABLE,
  DIAGNOSIS_TABLE,
  OPERATION_TABLE,
]

/** The ingest table of a national table name. */
export function ingestTable(name: string): IngestTable {
  const t = INGEST_TABLES.find((x) => x.name === name)
  if (!t) throw new Error(`unknown ingest table ${name}`)
  return t
}

const outCol = (column: string, type: NhsaColumnType, value: OutValue): OutColumn => ({
  column,
  type,
  value,
  compare: false,
})
const plain = (name: string): OutValue => ({ kind: 'column', col: col(MDTRT_D, name) })

/** The insured person named by an `mdtrt_d` row. */
export const PERSON_RECORD: DerivedRecord = {
  name: 'person',
  label: '人员',
  target: 'person',
  keyColumn: 'psn_no',
  key: col(MDTRT_D, 'psn_no'),
  describedBy: ['psn_name', 'certno', 'gend', 'brdy'].map((n) => col(MDTRT_D, n)),
  out: [
    outCol('psn_no', 'text', plain('psn_no')),
    outCol('name', 'text', plain('psn_name')),
    outCol('certno', 'text', plain('certno')),
    outCol('gender', 'text', plain('gend')),
    outCol('birth_date', 'date', plain('brdy')),
    outCol('insu_type', 'text', plain('insutype')),
    outCol('admdvs', 'text', {
      kind: 'coalesce',
      cols: [col(MDTRT_D, 'insu_admdvs'), col(MDTRT_D, 'fix_blng_admdvs')],
      fallback: '',
    }),
  ],
}

/** The institution named by an `mdtrt_d` row (type from the 医疗类别, level from 医院等级). */
export const INSTITUTION_RECORD: DerivedRecord = {
  name: 'institution',
  label: '定点医药机构',
  target: 'institution',
  keyColumn: 'code',
  key: col(MDTRT_D, 'fixmedins_code'),
  describedBy: [col(MDTRT_D, 'fixmedins_name')],
  out: [
    outCol('code', 'text', plain('fixmedins_code')),
    outCol('name', 'text', plain('fixmedins_name')),
    outCol('type', 'text', {
      kind: 'mapped',
      col: col(MDTRT_D, 'med_type'),
      fn: (medType) => (encounterKindOfMedType(medType) === 'PHARMACY' ? 'PHARMACY' : 'HOSPITAL'),
    }),
    outCol('level', 'int', {
      kind: 'mapped',
      col: col(MDTRT_D, 'hosp_lv'),
      fn: (hospLv) => String(levelOfHospLv(hospLv)),
    }),
    outCol('admdvs', 'text', admdvsOfEncounter),
    outCol('tier', 'text', { kind: 'const', value: 'COUNTY' }),
  ],
}

/** Records created from `mdtrt_d`, in load order. */
export const DERIVED_RECORDS: readonly DerivedRecord[] = [PERSON_RECORD, INSTITUTION_RECORD]
