// SPDX-License-Identifier: Apache-2.0
import type {
  Diagnosis,
  Encounter,
  FeeLine,
  InstitutionLevel,
  Operation,
  Person,
} from '@yibao/domain'
import {
  ENCOUNTER_KIND_CODES,
  fenToYuan,
  hospLvOfLevel,
  priceE4ToYuan,
  toNationalDateTime,
} from '@yibao/domain'

/** One encounter with what hangs off it, for a national request. */
export interface HsaEncounterRecords {
  readonly encounter: Encounter
  readonly diagnoses: readonly Diagnosis[]
  readonly operations: readonly Operation[]
  readonly feeLines: readonly FeeLine[]
  /** Institution level (for `medins_lv`). */
  readonly level: InstitutionLevel
}

/**
 * Writes a 3101 (事前) or 3102 (事中) request for one person's encounter in the national
 * envelope — what a HIS sends. Every order of `current` is marked `curr_drord_flag` 1. Besides
 * the national fields it carries `prd_days` (days of supply), `dscg_way` and `days_rinp_flag_31`
 * when known, which yibao reads and other platforms ignore.
 *
 * @param infno - '3101' or '3102'
 * @param person - the patient
 * @param current - the encounter under judgement
 * @param msgid - message id
 */
export function hsaRequestOf(
  infno: '3101' | '3102',
  person: Person,
  current: HsaEncounterRecords,
  msgid: string
): Record<string, unknown> {
  const e = current.encounter
  const date = (ts: string | null): string | null => (ts === null ? null : toNationalDateTime(ts))
  return {
    infno,
    msgid,
    infver: 'V1.0',
    inf_time: date(e.begin),
    fixmedins_code: e.institutionCode,
    input: {
      data: {
        syscode: 'HIS',
        task_id: msgid,
        trig_scen: infno === '3101' ? '5' : e.kind === 'INPATIENT' ? '8' : '6',
        rule_ids: [],
        patient_dtos: [
          {
            patn_id: person.psnNo,
            patn_name: person.name,
            gend: person.gender,
            brdy: person.birthDate,
            poolarea: person.admdvs,
            curr_mdtrt_id: e.mdtrtId,
            fsi_encounter_dtos: [
              {
                mdtrt_id: e.mdtrtId,
                medins_id: e.institutionCode,
                medins_lv: hospLvOfLevel(current.level),
                medins_admdvs: e.admdvs,
                adm_date: date(e.begin),
                dscg_date: date(e.end),
                dscg_main_dise_codg: e.mainDiagCode,
                dr_codg: e.chiefDoctor,
                adm_dept_codg: e.admDept,
                dscg_dept_codg: e.dscgDept,
                med_mdtrt_type: ENCOUNTER_KIND_CODES[e.kind],
                med_type: e.medType,
                matn_stas: e.matnStas ?? '0',
                insutype: e.insuType,
                dscg_way: e.dscgWay,
                days_rinp_flag_31: e.readmitPlanned ? '1' : '0',
                fsi_diagnose_dtos: current.diagnoses.map((d) => ({
                  dise_id: d.id,
                  inout_dise_type: d.type,
                  maindise_flag: d.main ? '1' : '0',
                  dias_srt_no: String(d.seq),
                  dise_codg: d.code,
                  dise_name: d.name,
                })),
                fsi_order_dtos: current.feeLines.map((l) => ({
                  rx_id: l.feedetlSn,
                  rxno: l.rxNo,
                  hilist_type: l.listType,
                  chrg_type: l.chargeType,
                  drord_bhvr: l.dischargeMed ? '1' : '0',
                  hilist_code: l.code,
                  hilist_name: l.name,
                  hilist_lv: l.catalogClass,
                  cnt: l.quantity,
                  pric: Number(priceE4ToYuan(l.price)),
                  sumamt: Number(fenToYuan(l.amount)),
                  prd_days: l.days,
                  drord_begn_date: date(l.time),
                  drord_dept_codg: l.orderDept,
                  drord_dr_codg: l.orderDoctor,
                  curr_drord_flag: '1',
                })),
                fsi_operation_dtos: current.operations.map((o) => ({
                  setl_list_oprn_id: o.id,
                  oprn_code: o.code,
                  oprn_name: o.name,
                  main_oprn_flag: o.main ? '1' : '0',
                  oprn_date: o.date,
                  anst_way: o.anstWay,
                  oper_dr_code: o.surgeonCode,
                })),
              },
            ],
          },
        ],
      },
    },
  }
}
