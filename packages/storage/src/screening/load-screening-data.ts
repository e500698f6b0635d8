// SPDX-License-Identifier: Apache-2.0
import type {
  CapabilityLine,
  PharmacySales,
  ScreeningData,
  ScreeningEncounter,
  ScreeningInstitution,
  ScreeningParams,
  ScreeningPerson,
  StayDay,
} from '@yibao/analytics'
import type { IsoDate } from '@yibao/domain'
import type { Queryable, SqlValue } from '../database.js'
import { periodCondition } from '../person-records.js'
import { readRecords } from '../read-records.js'

/** Which claims a screening reads: encounters that began in [from, to] (dates, inclusive). */
export interface ScreeningScope {
  readonly from?: IsoDate | undefined
  readonly to?: IsoDate | undefined
}

// Days since 1970-01-01 in Asia/Shanghai.
const DAY = (col: string): string =>
  `((${col} AT TIME ZONE 'Asia/Shanghai')::date - date '1970-01-01')`
const DRUG = `('09', '10', '11')`
const IDLE = `('01', '02', '07')`

/** The scope's encounters as the CTE `se`, its parameters numbered from `first`. */
function scopedEncounters(scope: ScreeningScope, first = 1): { scoped: string; args: SqlValue[] } {
  const period = periodCondition(scope, first)
  const where = period.sql === '' ? '' : ` WHERE ${period.sql}`
  return { scoped: `se AS (SELECT * FROM encounter e${where})`, args: period.params }
}

/**
 * Reads what the screening models need from the system of record: encounters with their fee
 * totals by kind and their settlements, inpatient days, capability-bound fee lines, pharmacy sales
 * by item, persons, institutions and the capability register. The heavy lifting is SQL
 * aggregation over the encounters of the scope; what comes back is one row per encounter, per
 * inpatient day or per pharmacy item, named as the analytics types name them.
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
  const prefixes = [...new Set(Object.values(params.capabilityItems).flat())]
  const { scoped, args } = scopedEncounters(scope)

  const institutions = await db.query<ScreeningInstitution & Record<string, unknown>>(
    'SELECT code, name, type, level FROM institution ORDER BY code'
  )
  step('机构')
  const persons = new Map<string, ScreeningPerson>()
  for (const p of await db.query<ScreeningPerson & Record<string, unknown>>(
    `SELECT psn_no AS "psnNo", gender, (birth_date - date '1970-01-01') AS "birthDay",
       (death_date - date '1970-01-01') AS "deathDay" FROM person`
  ))
    persons.set(p.psnNo, p)
  step('参保人员')
  const encounters = await db.query<ScreeningEncounter & Record<string, unknown>>(
    `WITH ${scoped},
     f AS (
       SELECT f.mdtrt_id, sum(f.amount)::bigint AS total,
         coalesce(sum(f.amount) FILTER (WHERE f.charge_type IN ${DRUG}), 0)::bigint AS drug,
         coalesce(sum(f.amount) FILTER (WHERE f.charge_type = '08'), 0)::bigint AS consumable,
         coalesce(sum(f.amount) FILTER (WHERE f.charge_type IN ('03', '04')), 0)::bigint AS exam_lab
       FROM fee_line f JOIN se ON se.mdtrt_id = f.mdtrt_id GROUP BY f.mdtrt_id),
     s AS (
       SELECT s.mdtrt_id, sum(s.fund_pay_sumamt)::bigint AS fund, sum(s.acct_pay)::bigint AS acct,
         sum(s.fulamt_ownpay_amt)::bigint AS self_paid
       FROM settlement s JOIN se ON se.mdtrt_id = s.mdtrt_id WHERE NOT s.refunded
       GROUP BY s.mdtrt_id)
     SELECT se.mdtrt_id AS id, se.psn_no AS "psnNo", se.institution_code AS "institutionCode",
       se.kind, floor(extract(epoch FROM se.begin_time) / 60)::bigint + 480 AS "beginMinute",
       ${DAY('se.begin_time')} AS "beginDay",
       ${DAY('coalesce(se.end_time, se.begin_time)')} AS "endDay",
       se.main_diag_code AS "mainDiag", se.chief_doctor AS doctor,
       se.readmit_planned AS "readmitPlanned",
       coalesce(f.total, 0) AS total, coalesce(f.drug, 0) AS drug,
       coalesce(f.consumable, 0) AS consumable, coalesce(f.exam_lab, 0) AS "examLab",
       coalesce(s.self_paid, 0) AS "selfPaid", coalesce(s.fund, 0) AS "fundPaid",
       coalesce(s.acct, 0) AS "accountPaid"
     FROM se LEFT JOIN f ON f.mdtrt_id = se.mdtrt_id LEFT JOIN s ON s.mdtrt_id = se.mdtrt_id
     ORDER BY se.psn_no, se.begin_time, se.mdtrt_id`,
    args
  )
  step('就诊与费用')
  const stayDays = await db.query<StayDay & Record<string, unknown>>(
    `WITH ${scoped}
     SELECT f.mdtrt_id AS "mdtrtId", ${DAY('f.fee_time')} AS day, sum(f.amount)::bigint AS amount,
       bool_or(f.charge_type NOT IN ${IDLE}) AS active
     FROM fee_line f JOIN se ON se.mdtrt_id = f.mdtrt_id
     WHERE se.kind = 'INPATIENT'
     GROUP BY 1, 2 ORDER BY 1, 2`,
    args
  )
  step('住院日费用')
  // The prefixes come first, the scope's parameters after them.
  const withPrefixes = scopedEncounters(scope, prefixes.length + 1)
  const capabilityLines =
    prefixes.length === 0
      ? []
      : await db.query<CapabilityLine & Record<string, unknown>>(
          `WITH ${withPrefixes.scoped}
           SELECT f.feedetl_sn AS "feedetlSn", f.mdtrt_id AS "mdtrtId", f.psn_no AS "psnNo",
             f.institution_code AS "institutionCode", ${DAY('f.fee_time')} AS day, f.code,
             f.name, f.amount
           FROM fee_line f JOIN se ON se.mdtrt_id = f.mdtrt_id
           WHERE ${prefixes.map((_, i) => `starts_with(f.code, $${i + 1})`).join(' OR ')}
           ORDER BY f.mdtrt_id, f.fee_time, f.feedetl_sn`,
          [...prefixes, ...withPrefixes.args]
        )
  step('服务能力相关费用')
  const pharmacySales = await db.query<PharmacySales & Record<string, unknown>>(
    `WITH ${scoped}
     SELECT f.institution_code AS "institutionCode", f.code, min(f.name) AS name,
       sum(f.amount)::bigint AS amount, count(*)::bigint AS lines
     FROM fee_line f JOIN se ON se.mdtrt_id = f.mdtrt_id
     WHERE se.kind = 'PHARMACY'
     GROUP BY 1, 2 ORDER BY 1, 2`,
    args
  )
  step('药店销售结构')
  const capabilities = await readRecords(db, 'capabilities')
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
