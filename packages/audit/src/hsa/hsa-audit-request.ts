// SPDX-License-Identifier: Apache-2.0
import type {
  ChargeType,
  Diagnosis,
  Encounter,
  EncounterKind,
  FeeLine,
  Gender,
  InsuType,
  ListType,
  Operation,
  OutcomeIssue,
  Person,
  Timestamp,
} from '@yibao/domain'
import {
  dateOf,
  ENCOUNTER_KIND_CODES,
  exactScaled,
  INSUTYPE_LABELS,
  levelOfHospLv,
  lineAmount,
  parseTimestamp,
  parseScaled,
} from '@yibao/domain'
import type { InstitutionInfo } from '../reference.js'
import type { Stage } from '../rule.js'

/** One patient of a 3101/3102 request, as records. */
export interface HsaPatient {
  readonly person: Person
  readonly encounters: Encounter[]
  readonly diagnoses: Diagnosis[]
  readonly operations: Operation[]
  readonly feeLines: FeeLine[]
  /** The encounters under judgement (`curr_mdtrt_id`, else those with current orders). */
  readonly focusEncounters: ReadonlySet<string>
  /** The orders under judgement (`curr_drord_flag` = 1), or undefined for every order. */
  readonly focusLines: ReadonlySet<string> | undefined
  /** `lv1/2/3_hosp_item_pric` of the orders, at the encounter's level, by rx_id. */
  readonly lineCaps: ReadonlyMap<string, number>
}

/** A parsed 3101 (事前) or 3102 (事中) request. */
export interface HsaAuditRequest {
  readonly infno: '3101' | '3102'
  readonly stage: Stage
  readonly msgid: string | null
  readonly taskId: string | null
  readonly trigScen: string | null
  readonly ruleIds: readonly string[]
  readonly institutionCode: string | null
  /** 参保地医保区划 `insuplc_admdvs`: the 统筹区 whose rule overrides apply. */
  readonly admdvs: string | null
  readonly patients: readonly HsaPatient[]
  /** Institutions described by the request (`medins_id`, `medins_lv`, `medins_admdvs`). */
  readonly institutions: ReadonlyMap<string, InstitutionInfo>
}

type Json = Record<string, unknown>

/** Encounter kind by `med_mdtrt_type` (the inverse of `ENCOUNTER_KIND_CODES`). */
const KIND_OF_MDTRT = Object.fromEntries(
  Object.entries(ENCOUNTER_KIND_CODES).map(([kind, code]) => [code, kind])
) as Record<string, EncounterKind>

const LIST_TYPES = new Set(['101', '102', '201', '301'])

/** The list type of a national `hilist_type` (103 医院制剂 counts as a drug, 30x as consumables). */
function listTypeOf(hilistType: string, chrgType: string): ListType {
  if (LIST_TYPES.has(hilistType)) return hilistType as ListType
  if (hilistType.startsWith('1')) return chrgType === '10' ? '102' : '101'
  if (hilistType.startsWith('3')) return '301'
  if (chrgType === '09' || chrgType === '11') return '101'
  if (chrgType === '10') return '102'
  if (chrgType === '08') return '301'
  return '201'
}

/** The field of an order's price cap at each institution level (0, unknown, reads level 1). */
const LEVEL_PRICE_FIELD = [
  'lv1_hosp_item_pric',
  'lv1_hosp_item_pric',
  'lv2_hosp_item_pric',
  'lv3_hosp_item_pric',
] as const

const DECIMALS = new Map<number, RegExp>()

/** A decimal text with at most `scale` decimals. */
function decimalsRe(scale: number): RegExp {
  let re = DECIMALS.get(scale)
  if (!re) DECIMALS.set(scale, (re = new RegExp(`^\\s*-?\\d+(\\.\\d{0,${scale}})?\\s*$`)))
  return re
}

/**
 * Collects precise issues while reading a JSON message. Callers read each value themselves and
 * name its key (`r.text(l.rx_id, 'rx_id', …)`): a named property read is much cheaper than
 * `o[key]` here, where the keys and object shapes change from call to call.
 */
class Reader {
  readonly issues: OutcomeIssue[] = []

  fail(path: string, message: string): void {
    this.issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }

  object(value: unknown, path: string): Json | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, '应为对象')
      return null
    }
    return value as Json
  }

  array(value: unknown, path: string, required: boolean): unknown[] {
    if (value === undefined || value === null) {
      if (required) this.fail(path, '必填，应为非空数组')
      return []
    }
    if (!Array.isArray(value)) {
      this.fail(path, '应为数组')
      return []
    }
    if (required && value.length === 0) this.fail(path, '不能为空')
    return value
  }

  text(v: unknown, key: string, path: string, required: boolean): string | null {
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(`${path}.${key}`, '必填')
      return null
    }
    if (typeof v === 'string') return trimmed(v)
    if (typeof v !== 'number') {
      this.fail(`${path}.${key}`, '应为文本')
      return null
    }
    return String(v)
  }

  time(v: unknown, key: string, path: string, required: boolean): Timestamp | null {
    const text = this.text(v, key, path, required)
    if (text === null) return null
    const ts = parseTimestamp(text)
    if (ts === undefined) this.fail(`${path}.${key}`, `不是有效的日期时间：${text}`)
    return ts ?? null
  }

  /** A decimal with at most `scale` decimals (yuan: 2; unit price: 4), as the scaled integer. */
  scaled(raw: unknown, key: string, path: string, required: boolean, scale: number): number | null {
    const n = this.number(raw, key, path, required)
    if (n === null) return null
    const v =
      typeof raw === 'string'
        ? decimalsRe(scale).test(raw)
          ? parseScaled(n, scale)
          : undefined
        : exactScaled(n, scale)
    if (v === undefined) {
      this.fail(`${path}.${key}`, `最多${scale}位小数：${JSON.stringify(raw)}`)
      return null
    }
    return v
  }

  number(v: unknown, key: string, path: string, required: boolean): number | null {
    if (v === undefined || v === null || v === '') {
      if (required) this.fail(`${path}.${key}`, '必填')
      return null
    }
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN
    if (!Number.isFinite(n)) {
      this.fail(`${path}.${key}`, `应为数值：${JSON.stringify(v)}`)
      return null
    }
    return n
  }
}

/**
 * `text.trim()`, without calling it for the usual value that begins and ends with a printable
 * ASCII character (which is not white space).
 */
function trimmed(text: string): string {
  const first = text.charCodeAt(0)
  const last = text.charCodeAt(text.length - 1)
  return first > 32 && first < 127 && last > 32 && last < 127 ? text : text.trim()
}

/**
 * Reads a 3101/3102 request (national envelope, `input.data.patient_dtos` → encounters →
 * diagnoses, orders, operations) into records. Every problem is reported with the JSON path of
 * the field; nothing is guessed.
 *
 * @param body - the parsed JSON body
 * @returns the request, or the issues
 */
export function parseHsaAuditRequest(
  body: unknown
):
  | { request: HsaAuditRequest; issues?: undefined }
  | { request?: undefined; issues: OutcomeIssue[] } {
  const r = new Reader()
  const env = r.object(body, '$')
  if (env === null) return { issues: r.issues }
  const infno = r.text(env.infno, 'infno', '$', true)
  if (infno !== null && infno !== '3101' && infno !== '3102') {
    r.fail('$.infno', `应为 3101 或 3102，收到 ${infno}`)
  }
  const input = r.object(env.input, '$.input')
  const data = input === null ? null : r.object(input.data, '$.input.data')
  if (data === null || r.issues.length > 0) return { issues: r.issues }

  const institutions = new Map<string, InstitutionInfo>()
  const patients: HsaPatient[] = []
  r.array(data.patient_dtos, '$.input.data.patient_dtos', true).forEach((pv, pi) => {
    const pp = `$.input.data.patient_dtos[${pi}]`
    const p = r.object(pv, pp)
    if (p === null) return
    const psnNo = r.text(p.patn_id, 'patn_id', pp, true) ?? ''
    const gend = r.text(p.gend, 'gend', pp, false)
    const brdy = r.time(p.brdy, 'brdy', pp, true)
    const currMdtrt = r.text(p.curr_mdtrt_id, 'curr_mdtrt_id', pp, false)
    const encounters: Encounter[] = []
    const diagnoses: Diagnosis[] = []
    const operations: Operation[] = []
    const feeLines: FeeLine[] = []
    const current = new Set<string>()
    const withCurrentOrders = new Set<string>()
    const lineCaps = new Map<string, number>()
    let firstInsu: InsuType = '390'
    r.array(p.fsi_encounter_dtos, `${pp}.fsi_encounter_dtos`, true).forEach((ev, ei) => {
      const ep = `${pp}.fsi_encounter_dtos[${ei}]`
      const e = r.object(ev, ep)
      if (e === null) return
      const mdtrtId = r.text(e.mdtrt_id, 'mdtrt_id', ep, true) ?? ''
      const medinsId = r.text(e.medins_id, 'medins_id', ep, true) ?? ''
      const begin = r.time(e.adm_date, 'adm_date', ep, true)
      const end = r.time(e.dscg_date, 'dscg_date', ep, false)
      const mdtrtType = r.text(e.med_mdtrt_type, 'med_mdtrt_type', ep, false) ?? '1'
      const kind = Object.hasOwn(KIND_OF_MDTRT, mdtrtType) ? KIND_OF_MDTRT[mdtrtType] : undefined
      if (kind === undefined)
        r.fail(`${ep}.med_mdtrt_type`, `应为 1 门诊、2 住院、3 购药或 4 其他，收到 ${mdtrtType}`)
      const insu = r.text(e.insutype, 'insutype', ep, false) ?? '390'
      if (!Object.hasOwn(INSUTYPE_LABELS, insu))
        r.fail(`${ep}.insutype`, `不是有效的险种类型：${insu}`)
      const level = levelOfHospLv(r.text(e.medins_lv, 'medins_lv', ep, false))
      const admdvs = r.text(e.medins_admdvs, 'medins_admdvs', ep, false)
      const medinsType = r.text(e.medins_type, 'medins_type', ep, false)
      institutions.set(medinsId, {
        level,
        type: kind === 'PHARMACY' || medinsType === '2' ? 'PHARMACY' : null,
        admdvs,
      })
      if (ei === 0) firstInsu = insu as InsuType
      const mainDiag = r.text(e.dscg_main_dise_codg, 'dscg_main_dise_codg', ep, false)
      encounters.push({
        mdtrtId,
        psnNo,
        institutionCode: medinsId,
        kind: kind ?? 'OTHER',
        medType: r.text(e.med_type, 'med_type', ep, false) ?? (kind === 'INPATIENT' ? '21' : '11'),
        insuType: insu as InsuType,
        begin: begin ?? '1970-01-01T00:00:00+08:00',
        end,
        admDept: r.text(e.adm_dept_codg, 'adm_dept_codg', ep, false),
        dscgDept: r.text(e.dscg_dept_codg, 'dscg_dept_codg', ep, false),
        dscgWay: r.text(e.dscg_way, 'dscg_way', ep, false),
        mainDiagCode: mainDiag,
        chiefDoctor: r.text(e.dr_codg, 'dr_codg', ep, false),
        matnStas: r.text(e.matn_stas, 'matn_stas', ep, false),
        deathDate: null,
        readmitPlanned: r.text(e.days_rinp_flag_31, 'days_rinp_flag_31', ep, false) === '1',
        drgCode: null,
        admdvs: admdvs ?? '',
      })
      r.array(e.fsi_diagnose_dtos, `${ep}.fsi_diagnose_dtos`, false).forEach((dv, di) => {
        const dp = `${ep}.fsi_diagnose_dtos[${di}]`
        const d = r.object(dv, dp)
        if (d === null) return
        const seq = r.number(d.dias_srt_no, 'dias_srt_no', dp, false) ?? di + 1
        diagnoses.push({
          id: r.text(d.dise_id, 'dise_id', dp, false) ?? `${mdtrtId}-D${di + 1}`,
          mdtrtId,
          seq,
          code: r.text(d.dise_codg, 'dise_codg', dp, true) ?? '',
          name: r.text(d.dise_name, 'dise_name', dp, false) ?? '',
          type: r.text(d.inout_dise_type, 'inout_dise_type', dp, false) ?? '2',
          main: r.text(d.maindise_flag, 'maindise_flag', dp, false) === '1',
          admCond: null,
        })
      })
      r.array(e.fsi_operation_dtos, `${ep}.fsi_operation_dtos`, false).forEach((ov, oi) => {
        const op = `${ep}.fsi_operation_dtos[${oi}]`
        const o = r.object(ov, op)
        if (o === null) return
        const date = r.time(o.oprn_date, 'oprn_date', op, false)
        operations.push({
          id:
            r.text(o.setl_list_oprn_id, 'setl_list_oprn_id', op, false) ?? `${mdtrtId}-O${oi + 1}`,
          mdtrtId,
          seq: oi + 1,
          code: r.text(o.oprn_code, 'oprn_code', op, true) ?? '',
          name: r.text(o.oprn_name, 'oprn_name', op, false) ?? '',
          main: r.text(o.main_oprn_flag, 'main_oprn_flag', op, false) === '1',
          date: date === null ? null : dateOf(date),
          anstWay: r.text(o.anst_way, 'anst_way', op, false),
          surgeonCode: r.text(o.oper_dr_code, 'oper_dr_code', op, false),
        })
      })
      r.array(e.fsi_order_dtos, `${ep}.fsi_order_dtos`, false).forEach((lv, li) => {
        const lp = `${ep}.fsi_order_dtos[${li}]`
        const l = r.object(lv, lp)
        if (l === null) return
        const rxId = r.text(l.rx_id, 'rx_id', lp, true) ?? ''
        const chrg = r.text(l.chrg_type, 'chrg_type', lp, false) ?? '14'
        const listType = listTypeOf(r.text(l.hilist_type, 'hilist_type', lp, false) ?? '', chrg)
        const cnt = r.number(l.cnt, 'cnt', lp, true) ?? 0
        const price = r.scaled(l.pric, 'pric', lp, true, 4) ?? 0
        const amount = r.scaled(l.sumamt, 'sumamt', lp, false, 2) ?? lineAmount(cnt, price)
        const capField = LEVEL_PRICE_FIELD[level]
        const cap = r.scaled(l[capField], capField, lp, false, 4)
        if (cap !== null && cap > 0) lineCaps.set(rxId, cap)
        const hilistLv = r.text(l.hilist_lv, 'hilist_lv', lp, false)
        const time =
          r.time(l.drord_begn_date, 'drord_begn_date', lp, false) ??
          begin ??
          '1970-01-01T00:00:00+08:00'
        const days = r.number(l.prd_days, 'prd_days', lp, false)
        const isCurrent = r.text(l.curr_drord_flag, 'curr_drord_flag', lp, false) === '1'
        if (isCurrent) {
          current.add(rxId)
          withCurrentOrders.add(mdtrtId)
        }
        feeLines.push({
          feedetlSn: rxId,
          mdtrtId,
          setlId: null,
          psnNo,
          institutionCode: medinsId,
          time,
          code: r.text(l.hilist_code, 'hilist_code', lp, true) ?? '',
          name: r.text(l.hilist_name, 'hilist_name', lp, false) ?? '',
          listType,
          catalogClass:
            hilistLv === '01' || hilistLv === '02' || hilistLv === '03' ? hilistLv : '02',
          chargeType: chrg as ChargeType,
          quantity: cnt,
          price,
          amount,
          rxNo: r.text(l.rxno, 'rxno', lp, false),
          orderDept: r.text(l.drord_dept_codg, 'drord_dept_codg', lp, false),
          orderDoctor: r.text(l.drord_dr_codg, 'drord_dr_codg', lp, false),
          execDept: null,
          execDoctor: null,
          dischargeMed: r.text(l.drord_bhvr, 'drord_bhvr', lp, false) === '1',
          days: days === null ? null : Math.round(days),
          uploadTime: null,
        })
      })
    })
    const gender: Gender = gend === '1' || gend === '2' ? gend : '9'
    const focusEncounters =
      currMdtrt !== null
        ? new Set([currMdtrt])
        : withCurrentOrders.size > 0
          ? withCurrentOrders
          : new Set(encounters.map((e) => e.mdtrtId))
    if (currMdtrt !== null && !encounters.some((e) => e.mdtrtId === currMdtrt)) {
      r.fail(`${pp}.curr_mdtrt_id`, `就诊 ${currMdtrt} 不在 fsi_encounter_dtos 中`)
    }
    patients.push({
      person: {
        psnNo,
        name: r.text(p.patn_name, 'patn_name', pp, false) ?? '',
        certno: '',
        gender,
        birthDate: brdy === null ? '1900-01-01' : dateOf(brdy),
        insuType: firstInsu,
        admdvs: r.text(p.poolarea, 'poolarea', pp, false) ?? '',
        deathDate: null,
      },
      encounters,
      diagnoses,
      operations,
      feeLines,
      focusEncounters,
      focusLines: current.size > 0 ? current : undefined,
      lineCaps,
    })
  })
  const ruleIds = r
    .array(data.rule_ids, '$.input.data.rule_ids', false)
    .map((x) => String(x).trim())
    .filter((x) => x !== '')
  if (r.issues.length > 0) return { issues: r.issues }
  return {
    request: {
      infno: infno as '3101' | '3102',
      stage: infno === '3101' ? 'PRE' : 'IN',
      msgid: r.text(env.msgid, 'msgid', '$', false),
      taskId: r.text(data.task_id, 'task_id', '$.input.data', false),
      trigScen: r.text(data.trig_scen, 'trig_scen', '$.input.data', false),
      ruleIds,
      institutionCode: r.text(env.fixmedins_code, 'fixmedins_code', '$', false),
      admdvs: r.text(env.insuplc_admdvs, 'insuplc_admdvs', '$', false),
      patients,
      institutions,
    },
  }
}
