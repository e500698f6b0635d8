// SPDX-License-Identifier: Apache-2.0
// The one mapping between the national platform's extract tables (国家医保信息平台 setl_d, mdtrt_d,
// fee_list_d, setl_list_diag_d, setl_list_oprn_d) and yibao's records. File import, the settlement
// API and the demo export all read it; nothing else spells national column names.
import type { InstitutionLevel } from './codes.js'

/** How a national column is written and what it becomes inside. */
export type NhsaColumnType =
  /** Free text or a code. */
  | 'text'
  /** Yuan with up to 2 decimals → integer fen. */
  | 'money'
  /** Yuan with up to 4 decimals → `PriceE4`. */
  | 'price'
  /** A decimal quantity (up to 4 decimals). */
  | 'decimal'
  | 'int'
  /** `yyyy-MM-dd` (a date-time is accepted and cut to its date). */
  | 'date'
  /** `yyyy-MM-dd HH:mm:ss` or ISO 8601; Asia/Shanghai when no offset. */
  | 'timestamp'
  /** `1`/`0` (also `Y`/`N`, `true`/`false`). */
  | 'flag'

/** What a code column is checked against in the knowledge pack (unknown codes are flagged, kept). */
export type NhsaCodeCheck = 'item' | 'diagnosis' | 'procedure' | 'drg'

/** One national column that yibao reads. */
export interface NhsaColumn {
  /** National column name as in the extract templates. */
  readonly name: string
  /** Other names the same value has in national messages (e.g. 2207 `inscp_scp_amt`). */
  readonly aliases?: readonly string[]
  /** Chinese label, for messages. */
  readonly label: string
  readonly type: NhsaColumnType
  readonly required: boolean
  /** Column of the target storage table, or null when the value feeds a derived record only. */
  readonly column: string | null
  /** Property of the domain record, or null when there is none. */
  readonly field: string | null
  readonly check?: NhsaCodeCheck
  /** Value used when an optional column is absent or empty (after conversion), else null. */
  readonly default?: string | number | boolean
}

/** One national extract table and the storage table it fills. */
export interface NhsaTable {
  readonly name: NhsaTableName
  readonly label: string
  /** Storage table the rows go to. */
  readonly target: string
  /** The national id column that makes import idempotent. */
  readonly key: string
  readonly columns: readonly NhsaColumn[]
}

/** Names of the national extract tables yibao imports. */
export type NhsaTableName =
  'setl_d' | 'mdtrt_d' | 'fee_list_d' | 'setl_list_diag_d' | 'setl_list_oprn_d'

const c = (
  name: string,
  label: string,
  type: NhsaColumnType,
  required: boolean,
  column: string | null,
  field: string | null,
  extra: Partial<NhsaColumn> = {}
): NhsaColumn => ({ name, label, type, required, column, field, ...extra })

const m = (
  name: string,
  label: string,
  column: string,
  field: string,
  extra: Partial<NhsaColumn> = {}
): NhsaColumn => c(name, label, 'money', false, column, field, { default: 0, ...extra })

/** 就诊信息 `mdtrt_d` → `encounter` (and the person and institution it names). */
export const MDTRT_D: NhsaTable = {
  name: 'mdtrt_d',
  label: '就诊信息',
  target: 'encounter',
  key: 'mdtrt_id',
  columns: [
    c('mdtrt_id', '就诊ID', 'text', true, 'mdtrt_id', 'mdtrtId'),
    c('psn_no', '人员编号', 'text', true, 'psn_no', 'psnNo'),
    c('fixmedins_code', '定点医药机构编号', 'text', true, 'institution_code', 'institutionCode'),
    c('med_type', '医疗类别', 'text', true, 'med_type', 'medType'),
    c('insutype', '险种类型', 'text', true, 'insu_type', 'insuType'),
    c('begntime', '开始时间', 'timestamp', true, 'begin_time', 'begin', {
      aliases: ['adm_date', 'adm_time'],
    }),
    c('endtime', '结束时间', 'timestamp', false, 'end_time', 'end', {
      aliases: ['dscg_date', 'dscg_time'],
    }),
    c('adm_dept_codg', '入院科室编码', 'text', false, 'adm_dept', 'admDept'),
    c('dscg_dept_codg', '出院科室编码', 'text', false, 'dscg_dept', 'dscgDept'),
    c('dscg_way', '离院方式', 'text', false, 'dscg_way', 'dscgWay'),
    c('dscg_maindiag_code', '出院主诊断代码', 'text', false, 'main_diag_code', 'mainDiagCode', {
      check: 'diagnosis',
      aliases: ['dscg_main_dise_codg'],
    }),
    c('chfpdr_code', '主诊医师代码', 'text', false, 'chief_doctor', 'chiefDoctor'),
    c('matn_stas', '妊娠哺乳状态', 'text', false, 'matn_stas', 'matnStas'),
    c('die_date', '死亡日期', 'date', false, 'death_date', 'deathDate'),
    c(
      'days_rinp_flag_31',
      '出院31天内再住院计划',
      'flag',
      false,
      'readmit_planned',
      'readmitPlanned',
      {
        default: false,
      }
    ),
    c('drg_codg', 'DRG 分组编码', 'text', false, 'drg_code', 'drgCode', {
      check: 'drg',
      aliases: ['drg_code'],
    }),
    c('fix_blng_admdvs', '定点归属医保区划', 'text', false, 'admdvs', 'admdvs', {
      aliases: ['mdtrtarea_admvs'],
    }),
    // The person and the institution named by the encounter.
    c('psn_name', '人员姓名', 'text', false, null, null),
    c('certno', '证件号码', 'text', false, null, null),
    c('gend', '性别', 'text', false, null, null),
    c('brdy', '出生日期', 'date', false, null, null),
    c('insu_admdvs', '参保地医保区划', 'text', false, null, null),
    c('fixmedins_name', '定点医药机构名称', 'text', false, null, null),
    c('hosp_lv', '医院等级', 'text', false, null, null),
  ],
}

/** 结算信息 `setl_d` → `settlement`. */
export const SETL_D: NhsaTable = {
  name: 'setl_d',
  label: '结算信息',
  target: 'settlement',
  key: 'setl_id',
  columns: [
    c('setl_id', '结算ID', 'text', true, 'setl_id', 'setlId'),
    c('mdtrt_id', '就诊ID', 'text', true, 'mdtrt_id', 'mdtrtId'),
    c('psn_no', '人员编号', 'text', true, 'psn_no', 'psnNo'),
    c('fixmedins_code', '定点医药机构编号', 'text', true, 'institution_code', 'institutionCode'),
    c('setl_time', '结算时间', 'timestamp', true, 'setl_time', 'time'),
    c('insutype', '险种类型', 'text', true, 'insu_type', 'insuType'),
    c('med_type', '医疗类别', 'text', true, 'med_type', 'medType'),
    c('medfee_sumamt', '医疗费总额', 'money', true, 'medfee_sumamt', 'medfeeSumamt'),
    m('fulamt_ownpay_amt', '全自费金额', 'fulamt_ownpay_amt', 'fulamtOwnpayAmt'),
    m('overlmt_selfpay', '超限价自费费用', 'overlmt_selfpay', 'overlmtSelfpay'),
    m('preselfpay_amt', '先行自付金额', 'preselfpay_amt', 'preselfpayAmt'),
    m('inscp_amt', '符合政策范围金额', 'inscp_scp_amt', 'inscpScpAmt', {
      aliases: ['inscp_scp_amt'],
    }),
    m('act_pay_dedc', '实际支付起付线', 'act_pay_dedc', 'actPayDedc'),
    m('hifp_pay', '基本医疗保险统筹基金支出', 'hifp_pay', 'hifpPay'),
    m('cvlserv_pay', '公务员医疗补助资金支出', 'cvlserv_pay', 'cvlservPay'),
    m('hifes_pay', '企业补充医疗保险基金支出', 'hifes_pay', 'hifesPay'),
    m('hifmi_pay', '居民大病保险资金支出', 'hifmi_pay', 'hifmiPay'),
    m('hifob_pay', '职工大额医疗费用补助基金支出', 'hifob_pay', 'hifobPay'),
    m('hifdm_pay', '伤残人员医疗保障基金支出', 'hifdm_pay', 'hifdmPay'),
    m('maf_pay', '医疗救助基金支出', 'maf_pay', 'mafPay'),
    m('othfund_pay', '其他基金支付', 'oth_pay', 'othPay', { aliases: ['oth_pay'] }),
    c('fund_pay_sumamt', '基金支付总额', 'money', true, 'fund_pay_sumamt', 'fundPaySumamt'),
    c('psn_pay', '个人负担总金额', 'money', true, 'psn_part_amt', 'psnPartAmt', {
      aliases: ['psn_part_amt'],
    }),
    m('acct_pay', '个人账户支出', 'acct_pay', 'acctPay'),
    m('cash_payamt', '现金支付金额', 'psn_cash_pay', 'psnCashPay', { aliases: ['psn_cash_pay'] }),
    m('ownpay_hosp_part', '医院负担金额', 'hosp_part_amt', 'hospPartAmt', {
      aliases: ['hosp_part_amt'],
    }),
    m('acct_mulaid_pay', '个人账户共济支付金额', 'acct_mulaid_pay', 'acctMulaidPay'),
    c('refd_setl_flag', '退费结算标志', 'flag', false, 'refunded', 'refunded', { default: false }),
  ],
}

/** 费用明细 `fee_list_d` → `fee_line`. */
export const FEE_LIST_D: NhsaTable = {
  name: 'fee_list_d',
  label: '费用明细',
  target: 'fee_line',
  key: 'bkkp_sn',
  columns: [
    c('bkkp_sn', '记账流水号', 'text', true, 'feedetl_sn', 'feedetlSn', {
      aliases: ['feedetl_sn'],
    }),
    c('mdtrt_id', '就诊ID', 'text', true, 'mdtrt_id', 'mdtrtId'),
    c('setl_id', '结算ID', 'text', false, 'setl_id', 'setlId'),
    c('psn_no', '人员编号', 'text', true, 'psn_no', 'psnNo'),
    c('fixmedins_code', '定点医药机构编号', 'text', true, 'institution_code', 'institutionCode'),
    c('fee_ocur_time', '费用发生时间', 'timestamp', true, 'fee_time', 'time'),
    c('hilist_code', '医保目录编码', 'text', true, 'code', 'code', {
      check: 'item',
      aliases: ['med_list_codg'],
    }),
    c('hilist_name', '医保目录名称', 'text', true, 'name', 'name'),
    c('list_type', '目录类别', 'text', true, 'list_type', 'listType', { aliases: ['hilist_type'] }),
    c('chrgitm_lv', '收费项目等级', 'text', true, 'catalog_class', 'catalogClass', {
      aliases: ['hilist_lv'],
    }),
    c('med_chrgitm_type', '医疗收费项目类别', 'text', true, 'charge_type', 'chargeType', {
      aliases: ['chrg_type'],
    }),
    c('cnt', '数量', 'decimal', true, 'quantity', 'quantity'),
    c('pric', '单价', 'price', true, 'price', 'price'),
    c('det_item_fee_sumamt', '明细项目费用总额', 'money', true, 'amount', 'amount', {
      aliases: ['sumamt'],
    }),
    c('rx_drord_no', '处方/医嘱号', 'text', false, 'rx_no', 'rxNo', { aliases: ['rxno'] }),
    c('bilg_dept_codg', '开单科室编码', 'text', false, 'order_dept', 'orderDept', {
      aliases: ['drord_dept_codg'],
    }),
    c('bilg_dr_code', '开单医师代码', 'text', false, 'order_doctor', 'orderDoctor', {
      aliases: ['drord_dr_codg'],
    }),
    c('acord_dept_codg', '受单科室编码', 'text', false, 'exec_dept', 'execDept'),
    c('acord_dr_code', '受单医师代码', 'text', false, 'exec_doctor', 'execDoctor'),
    c('dscg_tkdrug_flag', '出院带药标志', 'flag', false, 'discharge_med', 'dischargeMed', {
      default: false,
    }),
    c('prd_days', '周期天数', 'int', false, 'days', 'days'),
    c('crte_time', '数据创建时间', 'timestamp', false, 'upload_time', 'uploadTime'),
  ],
}

/** 结算清单诊断信息 `setl_list_diag_d` → `diagnosis`. */
export const SETL_LIST_DIAG_D: NhsaTable = {
  name: 'setl_list_diag_d',
  label: '结算清单诊断信息',
  target: 'diagnosis',
  key: 'setl_list_diag_id',
  columns: [
    c('setl_list_diag_id', '结算清单诊断信息ID', 'text', true, 'id', 'id'),
    c('mdtrt_id', '就诊ID', 'text', true, 'mdtrt_id', 'mdtrtId'),
    c('diag_type', '诊断类别', 'text', true, 'type', 'type'),
    c('maindiag_flag', '主诊断标志', 'flag', true, 'main', 'main'),
    c('diag_code', '诊断代码', 'text', true, 'code', 'code', { check: 'diagnosis' }),
    c('diag_name', '诊断名称', 'text', true, 'name', 'name'),
    c('adm_cond_type', '入院病情类型', 'text', false, 'adm_cond', 'admCond'),
  ],
}

/** 结算清单手术操作信息 `setl_list_oprn_d` → `operation`. */
export const SETL_LIST_OPRN_D: NhsaTable = {
  name: 'setl_list_oprn_d',
  label: '结算清单手术操作信息',
  target: 'operation',
  key: 'setl_list_oprn_id',
  columns: [
    c('setl_list_oprn_id', '结算清单手术操作ID', 'text', true, 'id', 'id'),
    c('mdtrt_id', '就诊ID', 'text', true, 'mdtrt_id', 'mdtrtId'),
    c('main_oprn_flag', '主手术操作标志', 'flag', true, 'main', 'main'),
    c('oprn_oprt_code', '手术操作代码', 'text', true, 'code', 'code', { check: 'procedure' }),
    c('oprn_oprt_name', '手术操作名称', 'text', true, 'name', 'name'),
    c('oprn_oprt_date', '手术操作日期', 'date', false, 'oprn_date', 'date'),
    c('anst_way', '麻醉方式', 'text', false, 'anst_way', 'anstWay'),
    c('oper_dr_code', '术者医师代码', 'text', false, 'surgeon_code', 'surgeonCode'),
  ],
}

/** All imported tables, in load order (encounters before what hangs off them). */
export const NHSA_TABLES: readonly NhsaTable[] = [
  MDTRT_D,
  SETL_D,
  FEE_LIST_D,
  SETL_LIST_DIAG_D,
  SETL_LIST_OPRN_D,
]

/** The national table with this name. */
export function nhsaTable(name: NhsaTableName): NhsaTable {
  const t = NHSA_TABLES.find((x) => x.name === name)
  if (!t) throw new Error(`unknown NHSA table ${name}`)
  return t
}

/**
 * 医院等级 `hosp_lv` (national dictionary 01–14) → yibao's level 0–3.
 * Unknown values give 0 (未定级).
 */
export function levelOfHospLv(hospLv: string | null | undefined): InstitutionLevel {
  switch (hospLv?.trim() ?? '') {
    case '01':
    case '02':
    case '03':
    case '04':
    case '12':
      return 3
    case '05':
    case '06':
    case '07':
    case '13':
      return 2
    case '08':
    case '09':
    case '10':
    case '14':
      return 1
    default:
      return 0
  }
}

/** yibao's level → the national `hosp_lv` code used on export (the 无等 codes; 0 → 11 无等级). */
export function hospLvOfLevel(level: InstitutionLevel): string {
  return ({ 3: '12', 2: '13', 1: '14', 0: '11' } as const)[level]
}

/** A `med_chrgitm_type` with local sub-codes (`0801`, `1409`) → its two-digit national class. */
export function chargeTypeClass(code: string): string {
  return code.trim().slice(0, 2)
}
