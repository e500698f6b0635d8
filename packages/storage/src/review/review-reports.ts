// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Timestamp } from '@yibao/domain'
import type { Queryable } from '../database.js'
import { SqlWhere } from '../sql-where.js'
import { funnelSentence } from '@yibao/supervision'
import type { Viewer } from './viewer.js'
import { scopeOf } from './viewer.js'

/** A deduction record (扣款). */
export interface Deduction {
  readonly id: string
  readonly institutionCode: string
  readonly institutionName: string | null
  /** `YYYY-MM`. */
  readonly month: string
  readonly findingId: string | null
  readonly sampleId: string | null
  /** Fen; negative for a reversal. */
  readonly amount: number
  readonly reversalOf: string | null
  readonly note: string | null
  readonly createdBy: string
  readonly createdAt: Timestamp
}

/**
 * Deductions, by month and institution (an institution user sees their own), with their sum.
 */
export async function listDeductions(
  db: Queryable,
  filter: { institutionCode?: string | undefined; month?: string | undefined },
  viewer: Viewer
): Promise<{ items: Deduction[]; total: number; totalAmount: number }> {
  const where = new SqlWhere()
  const scope = scopeOf(viewer)
  if (scope !== null) where.add('d.institution_code = ?', scope)
  if (filter.institutionCode !== undefined) {
    where.add('d.institution_code = ?', filter.institutionCode)
  }
  if (filter.month !== undefined) where.add('d.month = ?', filter.month)
  const rows = await db.query<Record<string, unknown>>(
    `SELECT d.id, d.institution_code, i.name AS institution_name, d.month, d.finding_id, d.sample_id,
            d.amount, d.reversal_of, d.note, d.created_by, d.created_at
     FROM deduction d LEFT JOIN institution i ON i.code = d.institution_code${where.sql}
     ORDER BY d.month DESC, d.institution_code COLLATE "C", d.created_at, d.id`,
    where.params
  )
  const items = rows.map((r): Deduction => ({
    id: r['id'] as string,
    institutionCode: r['institution_code'] as string,
    institutionName: (r['institution_name'] as string | null) ?? null,
    month: r['month'] as string,
    findingId: (r['finding_id'] as string | null) ?? null,
    sampleId: (r['sample_id'] as string | null) ?? null,
    amount: Number(r['amount']),
    reversalOf: (r['reversal_of'] as string | null) ?? null,
    note: (r['note'] as string | null) ?? null,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Timestamp,
  }))
  return { items, total: items.length, totalAmount: items.reduce((s, d) => s + d.amount, 0) }
}

/** A count and an amount (fen). */
export interface Tally {
  readonly count: number
  readonly amount: number
}

/** The audit funnel of one group (rule, institution, or everything). */
export interface FunnelRow {
  readonly key: string
  readonly name: string
  /** Every machine finding (初审疑点). */
  readonly flagged: Tally
  /** Sent to the institution (下发). */
  readonly dispatched: Tally
  /** Appealed by the institution (申诉). */
  readonly appealed: Tally
  /** Upheld (认定), at the upheld amount, deducted or not. */
  readonly upheld: Tally
  /** Dismissed on review (不予认定), machine amount. */
  readonly dismissed: Tally
  /** Deducted (扣款), net of reversals. */
  readonly deducted: Tally
  /** Person-times (就诊人次): encounters with a finding flagged, dispatched, upheld. */
  readonly visits: {
    readonly flagged: number
    readonly dispatched: number
    readonly upheld: number
  }
  /** upheld / dispatched, by count (Chenxi: 3,685 / 5,857 = 62.9 %); null when none dispatched. */
  readonly upheldRate: number | null
  /** upheld / dispatched, by amount (Chenxi: 35.69 / 127.96 万元 = 27.9 %); null when none. */
  readonly upheldAmountRate: number | null
}

const GROUPS = {
  rule: { key: 'f.rule_id', name: 'COALESCE(max(f.rule_name), f.rule_id)' },
  institution: {
    key: "COALESCE(f.institution_code, '')",
    name: "COALESCE(max(i.name), COALESCE(f.institution_code, ''))",
  },
  none: { key: "''", name: "'合计'" },
} as const

/**
 * The audit funnel per rule, per institution or in total over the findings dated in a period:
 * flagged → dispatched → appealed → upheld / dismissed → deducted, counts and amounts.
 */
export async function auditFunnel(
  db: Queryable,
  options: { from?: IsoDate | undefined; to?: IsoDate | undefined; groupBy: keyof typeof GROUPS },
  viewer: Viewer
): Promise<{ rows: FunnelRow[]; total: FunnelRow; summary: string }> {
  const where = new SqlWhere()
  const scope = scopeOf(viewer)
  if (scope !== null) where.add('f.institution_code = ?', scope)
  if (options.from !== undefined) where.add('f.finding_date >= ?::date', options.from)
  if (options.to !== undefined) where.add('f.finding_date <= ?::date', options.to)
  const query = (group: (typeof GROUPS)[keyof typeof GROUPS]): Promise<Record<string, unknown>[]> =>
    db.query<Record<string, unknown>>(
      `WITH net AS (SELECT finding_id, sum(amount)::bigint AS amount FROM deduction
                    WHERE finding_id IS NOT NULL GROUP BY finding_id)
       SELECT ${group.key} AS key, ${group.name} AS name,
         count(*)::int AS flagged_n, COALESCE(sum(f.amount), 0)::bigint AS flagged_a,
         count(DISTINCT f.mdtrt_id)::int AS flagged_v,
         count(DISTINCT f.mdtrt_id) FILTER (WHERE r.dispatch_id IS NOT NULL)::int AS dispatched_v,
         count(DISTINCT f.mdtrt_id) FILTER (WHERE r.state IN ('UPHELD', 'DEDUCTED'))::int AS upheld_v,
         count(r.dispatch_id)::int AS dispatched_n,
         COALESCE(sum(f.amount) FILTER (WHERE r.dispatch_id IS NOT NULL), 0)::bigint AS dispatched_a,
         count(*) FILTER (WHERE r.appeal_action = 'appeal')::int AS appealed_n,
         COALESCE(sum(f.amount) FILTER (WHERE r.appeal_action = 'appeal'), 0)::bigint AS appealed_a,
         count(*) FILTER (WHERE r.state IN ('UPHELD', 'DEDUCTED'))::int AS upheld_n,
         COALESCE(sum(r.decided_amount) FILTER (WHERE r.state IN ('UPHELD', 'DEDUCTED')), 0)::bigint AS upheld_a,
         count(*) FILTER (WHERE r.state = 'DISMISSED')::int AS dismissed_n,
         COALESCE(sum(f.amount) FILTER (WHERE r.state = 'DISMISSED'), 0)::bigint AS dismissed_a,
         count(*) FILTER (WHERE r.state = 'DEDUCTED')::int AS deducted_n,
         COALESCE(sum(n.amount) FILTER (WHERE r.state = 'DEDUCTED'), 0)::bigint AS deducted_a
       FROM finding f
       LEFT JOIN finding_review r ON r.finding_id = f.id
       LEFT JOIN net n ON n.finding_id = f.id
       LEFT JOIN institution i ON i.code = f.institution_code${where.sql}
       ${group === GROUPS.none ? '' : `GROUP BY ${group.key}`}
       ORDER BY flagged_a DESC, key`,
      where.params
    )
  const [rows, [total]] = await Promise.all([
    options.groupBy === 'none' ? Promise.resolve([]) : query(GROUPS[options.groupBy]),
    query(GROUPS.none),
  ])
  const sum = toFunnelRow(total ?? { key: '', name: '合计' })
  return { rows: rows.map(toFunnelRow), total: sum, summary: funnelSummary(sum) }
}

function toFunnelRow(r: Record<string, unknown>): FunnelRow {
  const tally = (k: string): Tally => ({
    count: Number(r[`${k}_n`] ?? 0),
    amount: Number(r[`${k}_a`] ?? 0),
  })
  const dispatched = tally('dispatched')
  const upheld = tally('upheld')
  return {
    key: r['key'] as string,
    name: r['name'] as string,
    flagged: tally('flagged'),
    dispatched,
    appealed: tally('appealed'),
    upheld,
    dismissed: tally('dismissed'),
    deducted: tally('deducted'),
    visits: {
      flagged: Number(r['flagged_v'] ?? 0),
      dispatched: Number(r['dispatched_v'] ?? 0),
      upheld: Number(r['upheld_v'] ?? 0),
    },
    upheldRate: dispatched.count === 0 ? null : upheld.count / dispatched.count,
    upheldAmountRate: dispatched.amount === 0 ? null : upheld.amount / dispatched.amount,
  }
}

/** The funnel's total as the bureau's report sentence (person-times and 万元). */
export function funnelSummary(total: FunnelRow): string {
  return funnelSentence({
    flagged: { visits: total.visits.flagged, amount: total.flagged.amount },
    dispatched: { visits: total.visits.dispatched, amount: total.dispatched.amount },
    upheld: { visits: total.visits.upheld, amount: total.upheld.amount },
  })
}

/** The figures of the dashboard. */
export interface Dashboard {
  /** Fund paid on stored settlements, and the budget (null until one is set). */
  readonly fund: { readonly paid: number; readonly budget: number | null }
  readonly funnel: FunnelRow
  readonly topRules: readonly { ruleId: string; ruleName: string; count: number; amount: number }[]
  readonly trend: readonly { month: string; count: number; amount: number }[]
  readonly institutions: readonly { code: string; name: string; count: number; amount: number }[]
}

/** The dashboard's figures over everything stored. */
export async function readDashboard(db: Queryable, viewer: Viewer): Promise<Dashboard> {
  const [paid, budget, funnel, topRules, trend, institutions] = await Promise.all([
    db.query<{ paid: number }>(
      'SELECT COALESCE(sum(fund_pay_sumamt), 0)::bigint AS paid FROM settlement WHERE NOT refunded'
    ),
    db.query<{ value: unknown }>(`SELECT value FROM meta WHERE key = 'fundBudget'`),
    auditFunnel(db, { groupBy: 'none' }, viewer),
    db.query<Record<string, unknown>>(
      `SELECT rule_id, COALESCE(max(rule_name), rule_id) AS rule_name, count(*)::int AS n,
              sum(amount)::bigint AS a
       FROM finding GROUP BY rule_id ORDER BY a DESC, rule_id LIMIT 10`
    ),
    db.query<Record<string, unknown>>(
      `SELECT to_char(finding_date, 'YYYY-MM') AS month, count(*)::int AS n, sum(amount)::bigint AS a
       FROM finding WHERE finding_date IS NOT NULL GROUP BY 1 ORDER BY 1`
    ),
    db.query<Record<string, unknown>>(
      `SELECT f.institution_code AS code, COALESCE(max(i.name), f.institution_code) AS name,
              count(*)::int AS n, sum(f.amount)::bigint AS a
       FROM finding f LEFT JOIN institution i ON i.code = f.institution_code
       WHERE f.institution_code IS NOT NULL
       GROUP BY f.institution_code ORDER BY a DESC, code LIMIT 15`
    ),
  ])
  const budgetValue = budget[0]?.value
  return {
    fund: {
      paid: paid[0]?.paid ?? 0,
      budget: typeof budgetValue === 'number' ? budgetValue : null,
    },
    funnel: funnel.total,
    topRules: topRules.map((r) => ({
      ruleId: r['rule_id'] as string,
      ruleName: r['rule_name'] as string,
      count: Number(r['n']),
      amount: Number(r['a']),
    })),
    trend: trend.map((r) => ({
      month: r['month'] as string,
      count: Number(r['n']),
      amount: Number(r['a']),
    })),
    institutions: institutions.map((r) => ({
      code: r['code'] as string,
      name: r['name'] as string,
      count: Number(r['n']),
      amount: Number(r['a']),
    })),
  }
}
