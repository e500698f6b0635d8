// SPDX-License-Identifier: Apache-2.0
import type {
  CapabilityLine,
  PharmacySales,
  ScreeningData,
  ScreeningEncounter,
  ScreeningParams,
  ScreeningPerson,
  StayDay,
} from '@yibao/analytics'
import type { EncounterKind, Gender, InstitutionType } from '@yibao/domain'
import type { Queryable, SqlValue } from '../database.js'

/** Which claims a screening reads: encounters that began in [from, to] (dates, inclusive). */
export interface ScreeningScope {
  readonly from?: string | undefined
  readonly to?: string | undefined
}

// Days and minutes since 1970-01-01 in Asia/Shanghai.
const DAY = (col: string): string =>
  `((${col} AT TIME ZONE 'Asia/Shanghai')::date - date '1970-01-01')`
const DRUG = `('09', '10', '11')`
const IDLE = `('01', '02', '07')`

function scopeWhere(scope: ScreeningScope, col: string, params: SqlValue[]): string {
  const parts: string[] = []
  if (scope.from) {
    params.push(scope.from)
    parts.push(`${col} >= ($${params.length}::date AT TIME ZONE 'Asia/Shanghai')`)
  }
  if (scope.to) {
    params.push(scope.to)
    parts.push(`${col} < (($${params.length}::date + 1) AT TIME ZONE 'Asia/Shanghai')`)
  }
  return parts.length > 0 ? parts.join(' AND ') : 'true'
}

/**
 * Reads what the screening models need from the system of record: encounters with their fee
 * totals by kind and their settlements, inpatient days, capability-bound fee lines, pharmacy sales
 * by item, persons, institutions and the capability register. The heavy lifting is SQL
 * aggregation; what comes back is one row per encounter, per inpatient day or per pharmacy item.
 *
 * @param progress - called after each of the seven reads
 */
export async function loadScreeningData(
  db: Queryable,
  scope: ScreeningScope,
  params: Pick<ScreeningParams, 'capabilityItems'>,
  progress?: (done: number, of: number, what: string) => void
): Promise<ScreeningData> {
  const steps = 7
  let done = 0
  const step = (what: string): void => progress?.(++done, steps, what)
  const institutions = (
    await db.query<{ code: string; name: string; type: string; level: number }>(
      'SELECT code, name, type, level FROM institution ORDER BY code'
    )
  ).map((r) => ({ ...r, type: r.type as InstitutionType, level: r.level }))
  step('机构')
  const persons = new Map<string, ScreeningPerson>()
  for (const r of await db.query<{
    psn_no: string
    gender: string
    birth_day: number
    death_day: number | null
  }>(
    `SELECT psn_no, gender, (birth_date - date '1970-01-01') AS birth_day,
       (death_date - date '1970-01-01') AS death_day FROM person`
  ))
    persons.set(r.psn_no, {
      psnNo: r.psn_no,
      gender: r.gender as Gender,
      birthDay: r.birth_day,
      deathDay: r.death_day,
    })
  step('参保人员')
  const p1: SqlValue[] = []
  const where = scopeWhere(scope, 'e.begin_time', p1)
  const encounters = (
    await db.query<Record<string, string | number | boolean | null>>(
      `WITH f AS (
         SELECT mdtrt_id, sum(amount)::bigint AS total,
           coalesce(sum(amount) FILTER (WHERE charge_type IN ${DRUG}), 0)::bigint AS drug,
           coalesce(sum(amount) FILTER (WHERE charge_type = '08'), 0)::bigint AS consumable,
           coalesce(sum(amount) FILTER (WHERE charge_type IN ('03', '04')), 0)::bigint AS exam_lab
         FROM fee_line GROUP BY mdtrt_id),
       s AS (
         SELECT mdtrt_id, sum(fund_pay_sumamt)::bigint AS fund, sum(acct_pay)::bigint AS acct,
           sum(fulamt_ownpay_amt)::bigint AS self_paid
         FROM settlement WHERE NOT refunded GROUP BY mdtrt_id)
       SELECT e.mdtrt_id, e.psn_no, e.institution_code, e.kind,
         floor(extract(epoch FROM e.begin_time) / 60)::bigint + 480 AS begin_minute,
         ${DAY('e.begin_time')} AS begin_day, ${DAY('coalesce(e.end_time, e.begin_time)')} AS end_day,
         e.main_diag_code, e.chief_doctor, e.readmit_planned,
         coalesce(f.total, 0) AS total, coalesce(f.drug, 0) AS drug,
         coalesce(f.consumable, 0) AS consumable, coalesce(f.exam_lab, 0) AS exam_lab,
         coalesce(s.self_paid, 0) AS self_paid, coalesce(s.fund, 0) AS fund,
         coalesce(s.acct, 0) AS acct
       FROM encounter e LEFT JOIN f ON f.mdtrt_id = e.mdtrt_id LEFT JOIN s ON s.mdtrt_id = e.mdtrt_id
       WHERE ${where}
       ORDER BY e.psn_no, e.begin_time, e.mdtrt_id`,
      p1
    )
  ).map((r): ScreeningEncounter => ({
    id: r.mdtrt_id as string,
    psnNo: r.psn_no as string,
    institutionCode: r.institution_code as string,
    kind: r.kind as EncounterKind,
    beginMinute: Number(r.begin_minute),
    beginDay: Number(r.begin_day),
    endDay: Number(r.end_day),
    mainDiag: (r.main_diag_code as string | null) ?? null,
    doctor: (r.chief_doctor as string | null) ?? null,
    readmitPlanned: r.readmit_planned === true,
    total: Number(r.total),
    drug: Number(r.drug),
    consumable: Number(r.consumable),
    examLab: Number(r.exam_lab),
    selfPaid: Number(r.self_paid),
    fundPaid: Number(r.fund),
    accountPaid: Number(r.acct),
  }))
  step('就诊与费用')
  const p2: SqlValue[] = []
  const stayDays = (
    await db.query<{ mdtrt_id: string; day: number; amount: number; active: boolean }>(
      `SELECT f.mdtrt_id, ${DAY('f.fee_time')} AS day, sum(f.amount)::bigint AS amount,
         bool_or(f.charge_type NOT IN ${IDLE}) AS active
       FROM fee_line f JOIN encounter e ON e.mdtrt_id = f.mdtrt_id
       WHERE e.kind = 'INPATIENT' AND ${scopeWhere(scope, 'e.begin_time', p2)}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      p2
    )
  ).map((r): StayDay => ({
    mdtrtId: r.mdtrt_id,
    day: r.day,
    amount: r.amount,
    active: r.active,
  }))
  step('住院日费用')
  const prefixes = [...new Set(Object.values(params.capabilityItems).flat())]
  const p3: SqlValue[] = [...prefixes]
  const capabilityLines =
    prefixes.length === 0
      ? []
      : (
          await db.query<Record<string, string | number>>(
            `SELECT f.feedetl_sn, f.mdtrt_id, f.psn_no, f.institution_code, ${DAY('f.fee_time')} AS day,
               f.code, f.name, f.amount
             FROM fee_line f JOIN encounter e ON e.mdtrt_id = f.mdtrt_id
             WHERE (${prefixes.map((_, i) => `starts_with(f.code, $${i + 1})`).join(' OR ')})
               AND ${scopeWhere(scope, 'e.begin_time', p3)}
             ORDER BY f.mdtrt_id, f.fee_time, f.feedetl_sn`,
            p3
          )
        ).map((r): CapabilityLine => ({
          feedetlSn: r.feedetl_sn as string,
          mdtrtId: r.mdtrt_id as string,
          psnNo: r.psn_no as string,
          institutionCode: r.institution_code as string,
          day: Number(r.day),
          code: r.code as string,
          name: r.name as string,
          amount: Number(r.amount),
        }))
  step('服务能力相关费用')
  const p4: SqlValue[] = []
  const pharmacySales = (
    await db.query<{
      institution_code: string
      code: string
      name: string
      amount: number
      lines: number
    }>(
      `SELECT f.institution_code, f.code, min(f.name) AS name, sum(f.amount)::bigint AS amount,
         count(*)::bigint AS lines
       FROM fee_line f JOIN encounter e ON e.mdtrt_id = f.mdtrt_id
       WHERE e.kind = 'PHARMACY' AND ${scopeWhere(scope, 'e.begin_time', p4)}
       GROUP BY 1, 2 ORDER BY 1, 2`,
      p4
    )
  ).map((r): PharmacySales => ({
    institutionCode: r.institution_code,
    code: r.code,
    name: r.name,
    amount: r.amount,
    lines: r.lines,
  }))
  step('药店销售结构')
  const capabilities = (
    await db.query<{
      institution_code: string
      capability: string
      begin_date: string
      end_date: string | null
    }>(
      `SELECT institution_code, capability, begin_date::text AS begin_date, end_date::text AS end_date
       FROM institution_capability ORDER BY 1, 2, 3`
    )
  ).map((r) => ({
    institutionCode: r.institution_code,
    capability: r.capability,
    beginDate: r.begin_date,
    endDate: r.end_date,
  }))
  step('服务能力登记')
  return {
    institutions,
    persons,
    encounters,
    stayDays,
    capabilities,
    capabilityLines,
    pharmacySales,
  }
}
