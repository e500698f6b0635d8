// SPDX-License-Identifier: Apache-2.0
import type { EncounterKind, InsuType } from './codes.js'
import type { IsoDate, Timestamp } from './dates.js'

/** One encounter (就诊, `mdtrt_d`): an outpatient visit, an inpatient stay or a pharmacy purchase. */
export interface Encounter {
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly kind: EncounterKind
  /** 医疗类别 `med_type` (11 普通门诊, 14 门诊慢特病, 21 普通住院, 41 药店购药…). */
  readonly medType: string
  readonly insuType: InsuType
  /** Visit time or admission time (`begntime` / `adm_date`). */
  readonly begin: Timestamp
  /** Discharge time (`endtime` / `dscg_date`), null while a stay is open. */
  readonly end: Timestamp | null
  readonly admDept: string | null
  readonly dscgDept: string | null
  /** 离院方式 `dscg_way`. */
  readonly dscgWay: string | null
  /** 主诊断 code (`dscg_maindiag_code`). */
  readonly mainDiagCode: string | null
  /** 主诊医师 code (`chfpdr_code`). */
  readonly chiefDoctor: string | null
  /** 妊娠/哺乳 status `matn_stas`: 0 其他, 1 妊娠期, 2 哺乳期. */
  readonly matnStas: string | null
  /** Death date recorded on the encounter (`die_date`). */
  readonly deathDate: IsoDate | null
  /** 出院31天内再住院计划 `days_rinp_flag_31`. */
  readonly readmitPlanned: boolean
  /** DRG group (CHS-DRG) the settlement list was grouped to, in DRG regions; else null. */
  readonly drgCode: string | null
  /** 就医地医保区划. */
  readonly admdvs: string
}

/** A diagnosis on an encounter's settlement list (`setl_list_diag_d` / `diseinfo`). */
export interface Diagnosis {
  /** Record id (`setl_list_diag_id`); `${mdtrtId}-D${seq}` when the source has none. */
  readonly id: string
  readonly mdtrtId: string
  /** Order on the list, 1 = first. */
  readonly seq: number
  /** ICD-10 医保版 code. */
  readonly code: string
  readonly name: string
  /** 诊断类别: 1 入院, 2 出院, 3 门诊. */
  readonly type: string
  readonly main: boolean
  /** 入院病情 `adm_cond_type`. */
  readonly admCond: string | null
}

/** An operation or procedure (`setl_list_oprn_d` / `oprninfo`), ICD-9-CM-3 医保版. */
export interface Operation {
  /** Record id (`setl_list_oprn_id`); `${mdtrtId}-O${seq}` when the source has none. */
  readonly id: string
  readonly mdtrtId: string
  readonly seq: number
  readonly code: string
  readonly name: string
  readonly main: boolean
  readonly date: IsoDate | null
  /** 麻醉方式 `anst_way`. */
  readonly anstWay: string | null
  readonly surgeonCode: string | null
}
