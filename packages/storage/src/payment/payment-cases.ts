// SPDX-License-Identifier: Apache-2.0
import type { InstitutionLevel } from '@yibao/domain'
import { addDays, badRequest, dateOf, daysBetween, OutcomeError } from '@yibao/domain'
import type { MonthSettlements, PaymentCase } from '@yibao/payment'
import type { Queryable } from '../database.js'

/** The first instant of a month in Asia/Shanghai, as a timestamp literal. */
export function monthStart(month: string): string {
  return `${month}-01T00:00:00+08:00`
}

/** The month after `month` (YYYY-MM). */
export function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

/** Checks a YYYY-MM month, or refuses naming the field. */
export function checkMonth(month: string, field = 'month'): void {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) {
    throw new OutcomeError(badRequest(`月份应为 YYYY-MM，收到「${month}」`, field))
  }
}

export const NO_SETTLEMENTS: MonthSettlements = {
  count: 0,
  totalCost: 0,
  basicFund: 0,
  otherFunds: 0,
  ownPay: 0,
  outOfList: 0,
}

/** Adds two sets of sums. */
export function addSettlements(a: MonthSettlements, b: MonthSettlements): MonthSettlements {
  return {
    count: a.count + b.count,
    totalCost: a.totalCost + b.totalCost,
    basicFund: a.basicFund + b.basicFund,
    otherFunds: a.otherFunds + b.otherFunds,
    ownPay: a.ownPay + b.ownPay,
    outOfList: a.outOfList + b.outOfList,
  }
}

const SUMS = `count(*)::int AS count, coalesce(sum(s.medfee_sumamt), 0)::bigint AS total_cost,
  coalesce(sum(s.hifp_pay), 0)::bigint AS basic_fund,
  coalesce(sum(s.fund_pay_sumamt - s.hifp_pay), 0)::bigint AS other_funds,
  coalesce(sum(s.psn_part_amt), 0)::bigint AS own_pay,
  coalesce(sum(s.fulamt_ownpay_amt), 0)::bigint AS out_of_list`

function sums(r: Record<string, unknown>): MonthSettlements {
  return {
    count: Number(r['count']),
    totalCost: Number(r['total_cost']),
    basicFund: Number(r['basic_fund']),
    otherFunds: Number(r['other_funds']),
    ownPay: Number(r['own_pay']),
    outOfList: Number(r['out_of_list']),
  }
}

/**
 * Sums of a month's settlements (refunded ones left out) per institution, split into inpatient
 * stays and the rest. The month is the settlement's month in Asia/Shanghai.
 */
export async function monthSettlementSums(
  db: Queryable,
  month: string
): Promise<Map<string, { inpatient: MonthSettlements; other: MonthSettlements }>> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT s.institution_code, coalesce(e.kind = 'INPATIENT', false) AS inpatient, ${SUMS}
     FROM settlement s LEFT JOIN encounter e ON e.mdtrt_id = s.mdtrt_id
     WHERE s.setl_time >= $1::timestamptz AND s.setl_time < $2::timestamptz AND NOT s.refunded
     GROUP BY 1, 2`,
    [monthStart(month), monthStart(nextMonth(month))]
  )
  const out = new Map<string, { inpatient: MonthSettlements; other: MonthSettlements }>()
  for (const r of rows) {
    const code = r['institution_code'] as string
    const entry = out.get(code) ?? { inpatient: NO_SETTLEMENTS, other: NO_SETTLEMENTS }
    if (r['inpatient'] === true) entry.inpatient = sums(r)
    else entry.other = sums(r)
    out.set(code, entry)
  }
  return out
}

/**
 * Inpatient stays settled in `[from, to)` at the given institutions, one case per stay (its
 * settlements summed), with the principal diagnosis and the operations, main first.
 */
export async function readPaymentCases(
  db: Queryable,
  from: string,
  to: string,
  levels: ReadonlyMap<string, InstitutionLevel>
): Promise<PaymentCase[]> {
  if (levels.size === 0) return []
  const rows = await db.query<Record<string, unknown>>(
    `SELECT s.mdtrt_id, min(s.psn_no) AS psn_no, min(s.institution_code) AS institution_code,
       min(e.begin_time) AS begin_time, max(coalesce(e.end_time, s.setl_time)) AS end_time,
       min(e.dscg_way) AS dscg_way, min(e.drg_code) AS drg_code,
       coalesce(min(e.main_diag_code),
         (SELECT d.code FROM diagnosis d WHERE d.mdtrt_id = s.mdtrt_id AND d.main
          ORDER BY d.seq LIMIT 1)) AS main_diag,
       (SELECT string_agg(o.code, ',' ORDER BY o.main DESC, o.seq) FROM operation o
        WHERE o.mdtrt_id = s.mdtrt_id) AS operations,
       sum(s.medfee_sumamt)::bigint AS total_cost, sum(s.psn_part_amt)::bigint AS own_pay,
       sum(s.fund_pay_sumamt - s.hifp_pay)::bigint AS other_funds
     FROM settlement s JOIN encounter e ON e.mdtrt_id = s.mdtrt_id
     WHERE s.setl_time >= $1::timestamptz AND s.setl_time < $2::timestamptz AND NOT s.refunded
       AND e.kind = 'INPATIENT' AND s.institution_code = ANY($3::text[])
     GROUP BY s.mdtrt_id
     ORDER BY min(s.institution_code), s.mdtrt_id`,
    [from, to, `{${[...levels.keys()].map((c) => JSON.stringify(c)).join(',')}}`]
  )
  return rows.map((r): PaymentCase => {
    const admit = dateOf(r['begin_time'] as string)
    const discharge = dateOf(r['end_time'] as string)
    const operations = r['operations'] === null ? [] : (r['operations'] as string).split(',')
    return {
      mdtrtId: r['mdtrt_id'] as string,
      psnNo: r['psn_no'] as string,
      institutionCode: r['institution_code'] as string,
      level: levels.get(r['institution_code'] as string)!,
      admitDate: admit,
      dischargeDate: discharge,
      mainDiag: (r['main_diag'] as string | null) ?? null,
      operations,
      drgCode: (r['drg_code'] as string | null) ?? null,
      dischargeWay: (r['dscg_way'] as string | null) ?? null,
      bedDays: Math.max(1, daysBetween(admit, discharge)),
      totalCost: Number(r['total_cost']),
      ownPay: Number(r['own_pay']),
      otherFunds: Number(r['other_funds']),
    }
  })
}

/** The window before a month whose stays count for same-group readmissions (15 days). */
export function lookbackStart(month: string): string {
  const first = `${month}-01`
  return `${addDays(first, -15)}T00:00:00+08:00`
}
