// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import type { Fen } from '@yibao/domain'
import type { KnowledgePack } from '@yibao/knowledge'
import type {
  PayeeInstitution,
  PaymentPlan,
  ScoredCase,
  Statement,
  StatementDeduction,
} from '@yibao/payment'
import { methodOf, monthlyStatement, paymentIndicators, PointScorer } from '@yibao/payment'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable, SqlValue } from '../database.js'
import { readRecords } from '../read-records.js'
import type { Viewer } from '../review/viewer.js'
import {
  addSettlements,
  checkMonth,
  lookbackStart,
  monthSettlementSums,
  monthStart,
  nextMonth,
  NO_SETTLEMENTS,
  readPaymentCases,
} from './payment-cases.js'
import { withAssessments } from '../assessment/assessments.js'
import { planInForce } from './payment-plans.js'
import { newId } from '../new-id.js'

/** Options of a monthly payment run. */
export interface PaymentRunOptions {
  readonly month: string
  /** Only this 统筹区's institutions; all when absent. */
  readonly admdvs?: string
  readonly viewer: Viewer
  readonly pack: KnowledgePack
  readonly onProgress?: (stage: string, done: number, total: number) => void
}

/** One reconciliation check: two independent sums that must agree to the fen. */
export interface ReconciliationCheck {
  readonly name: string
  readonly expected: Fen
  readonly actual: Fen
  readonly ok: boolean
}

/** A region whose institutions were not paid because it has no plan for the year. */
export interface SkippedRegion {
  readonly admdvs: string
  readonly institutions: string[]
  readonly reason: string
}

/** What a run did. */
export interface PaymentRunResult {
  readonly month: string
  readonly skipped: readonly SkippedRegion[]
  readonly statements: readonly StoredStatementSummary[]
  readonly created: number
  readonly unchanged: number
  readonly superseded: number
  readonly totals: {
    readonly payable: Fen
    readonly deductions: Fen
    readonly deposit: Fen
    readonly net: Fen
    readonly points: number
    readonly cases: number
  }
  readonly reconciliation: readonly ReconciliationCheck[]
  readonly reconciled: boolean
}

/** A stored statement's headline figures. */
export interface StoredStatementSummary {
  readonly id: string
  readonly admdvs: string
  readonly institutionCode: string
  readonly institutionName: string
  readonly month: string
  readonly version: number
  readonly current: boolean
  readonly method: Statement['method']
  readonly points: number
  readonly payable: Fen
  readonly deductions: Fen
  readonly deposit: Fen
  readonly net: Fen
  readonly dueDate: string
  readonly createdAt: string
}

interface Computed {
  readonly statement: Statement
  readonly plan: PaymentPlan
  readonly admdvs: string
  readonly cases: readonly ScoredCase[]
  readonly hash: string
}

function hashOf(statement: Statement, cases: readonly ScoredCase[]): string {
  const h = createHash('sha256')
  h.update(JSON.stringify(statement))
  for (const c of cases) {
    h.update(`${c.case.mdtrtId}|${c.groupCode}|${c.costType}|${c.points}|${c.specialCandidate}\n`)
  }
  return h.digest('hex')
}

/**
 * Computes every institution's statement of a month and stores those that changed as new
 * versions (the old ones kept, superseded), with their cases, the deposit ledger entries and an
 * audit-log entry, all in one transaction: a crash stores nothing, a re-run of an unchanged month
 * stores nothing. Then reconciles the stored statements with the settlements, the deductions and
 * the deposit ledger, each sum read independently.
 */
export async function runPaymentMonth(
  db: Database,
  options: PaymentRunOptions
): Promise<PaymentRunResult> {
  const { month, viewer } = options
  checkMonth(month)
  const progress = options.onProgress ?? (() => {})
  const year = Number(month.slice(0, 4))
  const institutions = (await readRecords(db, 'institutions')).filter(
    (i) => options.admdvs === undefined || i.admdvs === options.admdvs
  )
  progress('读取结算', 0, 1)
  const sums = await monthSettlementSums(db, month)
  const deductionRows = await db.query<{
    id: string
    institution_code: string
    finding_id: string | null
    sample_id: string | null
    amount: number
  }>(
    `SELECT id, institution_code, finding_id, sample_id, amount FROM deduction WHERE month = $1
     ORDER BY created_at, id`,
    [month]
  )
  const deductions = new Map<string, StatementDeduction[]>()
  for (const d of deductionRows) {
    const list = deductions.get(d.institution_code) ?? []
    list.push({
      id: d.id,
      findingId: d.finding_id,
      sampleId: d.sample_id,
      amount: d.amount,
    })
    deductions.set(d.institution_code, list)
  }
  // Plans of the regions that have something to pay this month. Without --admdvs, regions with
  // no plan (out-of-area institutions paid by their own agencies) are skipped and reported.
  const plans = new Map<string, PaymentPlan>()
  const skipped = new Map<string, SkippedRegion>()
  const payees: { inst: PayeeInstitution; admdvs: string }[] = []
  for (const i of institutions) {
    const active = sums.has(i.code) || deductions.has(i.code)
    if (skipped.has(i.admdvs)) {
      if (active) skipped.get(i.admdvs)!.institutions.push(i.code)
      continue
    }
    let plan = plans.get(i.admdvs)
    if (!active && plan === undefined) continue
    if (plan === undefined) {
      try {
        plan = await withAssessments(db, await planInForce(db, i.admdvs, year), 'monthly')
      } catch (err) {
        if (options.admdvs !== undefined) throw err
        skipped.set(i.admdvs, {
          admdvs: i.admdvs,
          institutions: [i.code],
          reason: (err as Error).message,
        })
        continue
      }
      plans.set(i.admdvs, plan)
    }
    const payee: PayeeInstitution = { code: i.code, name: i.name, type: i.type, level: i.level }
    if (active || methodOf(plan, payee).method === 'GLOBAL')
      payees.push({ inst: payee, admdvs: i.admdvs })
  }
  // Point-method stays of the month, and of the 15 days before for readmissions.
  const computed: Computed[] = []
  for (const [admdvs, plan] of plans) {
    const mine = payees.filter((p) => p.admdvs === admdvs)
    const pointLevels = new Map(
      mine
        .filter((p) => ['DIP', 'DRG'].includes(methodOf(plan, p.inst).method))
        .map((p) => [p.inst.code, p.inst.level])
    )
    progress('分组计分', 0, mine.length)
    const scorer = new PointScorer(plan, options.pack)
    const monthCases = await readPaymentCases(
      db,
      monthStart(month),
      monthStart(nextMonth(month)),
      pointLevels
    )
    const earlierCases = await readPaymentCases(
      db,
      lookbackStart(month),
      monthStart(month),
      pointLevels
    )
    const scored = scorer.score(monthCases)
    const earlier = scorer.score(earlierCases)
    const byInstitution = groupByInstitution(scored)
    const earlierBy = groupByInstitution(earlier)
    mine.forEach(({ inst }, k) => {
      const s = sums.get(inst.code)
      const cases = byInstitution.get(inst.code) ?? []
      const pointCases = pointLevels.has(inst.code)
        ? (s?.inpatient ?? NO_SETTLEMENTS)
        : NO_SETTLEMENTS
      const statement = monthlyStatement({
        plan,
        month,
        institution: inst,
        settlements: s === undefined ? NO_SETTLEMENTS : addSettlements(s.inpatient, s.other),
        points: Math.round(cases.reduce((a, c) => a + c.points, 0) * 10_000) / 10_000,
        pointCases,
        deductions: deductions.get(inst.code) ?? [],
        indicators: pointLevels.has(inst.code)
          ? paymentIndicators(cases, earlierBy.get(inst.code) ?? [], scorer.scale)
          : null,
      })
      computed.push({ statement, plan, admdvs, cases, hash: hashOf(statement, cases) })
      progress('分组计分', k + 1, mine.length)
    })
  }
  progress('保存拨付单', 0, computed.length)
  const stored = await db.transaction(async (tx) => {
    let created = 0
    let superseded = 0
    for (const c of computed) {
      const [current] = await tx.query<{
        id: string
        version: number
        content_hash: string
        deposit: number
      }>(
        `SELECT id, version, content_hash, deposit FROM payment_statement
         WHERE institution_code = $1 AND month = $2 AND current FOR UPDATE`,
        [c.statement.institutionCode, month]
      )
      if (current?.content_hash === c.hash) continue
      if (current !== undefined) {
        superseded++
        await tx.query('UPDATE payment_statement SET current = false WHERE id = $1', [current.id])
        if (current.deposit !== 0) {
          await ledger(
            tx,
            c.statement.institutionCode,
            month,
            -current.deposit,
            current.id,
            `第 ${current.version} 版拨付单作废，冲回预留保证金`
          )
        }
      }
      const version = (current?.version ?? 0) + 1
      const id = newId('PS')
      await insertStatement(tx, id, version, c, viewer.actor)
      if (c.statement.deposit !== 0) {
        await ledger(
          tx,
          c.statement.institutionCode,
          month,
          c.statement.deposit,
          id,
          `${month} 拨付单第 ${version} 版预留保证金`
        )
      }
      created++
      progress('保存拨付单', created, computed.length)
    }
    if (created > 0) {
      await appendAuditLog(tx, {
        actor: viewer.actor,
        action: 'payment.run',
        target: month,
        detail: {
          admdvs: options.admdvs ?? null,
          created,
          superseded,
          statements: computed.length,
        },
      })
    }
    return { created, superseded }
  })
  const statements = (
    await listStatements(db, { month, current: true, admdvs: options.admdvs })
  ).filter((st) => plans.has(st.admdvs))
  const reconciliation = await reconcileMonth(db, month, computed)
  return {
    month,
    skipped: [...skipped.values()],
    statements,
    created: stored.created,
    unchanged: computed.length - stored.created,
    superseded: stored.superseded,
    totals: {
      payable: sum(statements, (s) => s.payable),
      deductions: sum(statements, (s) => s.deductions),
      deposit: sum(statements, (s) => s.deposit),
      net: sum(statements, (s) => s.net),
      points: Math.round(sum(statements, (s) => s.points) * 10_000) / 10_000,
      cases: computed.reduce((a, c) => a + c.cases.length, 0),
    },
    reconciliation,
    reconciled: reconciliation.every((r) => r.ok),
  }
}

function sum<T>(xs: readonly T[], f: (x: T) => number): number {
  return xs.reduce((a, x) => a + f(x), 0)
}

function groupByInstitution(scored: readonly ScoredCase[]): Map<string, ScoredCase[]> {
  const out = new Map<string, ScoredCase[]>()
  for (const s of scored) {
    const list = out.get(s.case.institutionCode)
    if (list) list.push(s)
    else out.set(s.case.institutionCode, [s])
  }
  return out
}

async function ledger(
  tx: Queryable,
  institutionCode: string,
  month: string,
  amount: Fen,
  statementId: string,
  note: string
): Promise<void> {
  await tx.query(
    `INSERT INTO deposit_ledger (institution_code, month, kind, amount, statement_id, note)
     VALUES ($1, $2, 'WITHHELD', $3, $4, $5)`,
    [institutionCode, month, amount, statementId, note]
  )
}

async function insertStatement(
  tx: Queryable,
  id: string,
  version: number,
  c: Computed,
  actor: string
): Promise<void> {
  const s = c.statement
  await tx.query(
    `INSERT INTO payment_statement (id, institution_code, admdvs, month, version, current, plan_id,
       method, points, payable, deductions, deposit, net, due_date, content_hash, body, created_by)
     VALUES ($1, $2, $3, $4, $5, true, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::text::jsonb, $16)`,
    [
      id,
      s.institutionCode,
      c.admdvs,
      s.month,
      version,
      c.plan.id,
      s.method,
      s.points,
      s.payable,
      s.deductions,
      s.deposit,
      s.net,
      s.dueDate,
      c.hash,
      JSON.stringify(s),
      actor,
    ]
  )
  for (let i = 0; i < c.cases.length; i += 500) {
    const chunk = c.cases.slice(i, i + 500)
    const values: SqlValue[] = []
    const rows = chunk.map((sc, k) => {
      const b = k * 17
      values.push(
        id,
        sc.case.mdtrtId,
        sc.case.psnNo,
        sc.case.dischargeDate,
        sc.groupCode,
        sc.groupName,
        sc.groupKind,
        sc.costType,
        sc.baseScore,
        sc.coefficient,
        sc.ratio,
        sc.points,
        sc.specialCandidate,
        sc.case.totalCost,
        sc.case.ownPay,
        sc.case.otherFunds,
        sc.note
      )
      return `(${Array.from({ length: 17 }, (_, j) => `$${b + j + 1}`).join(', ')})`
    })
    await tx.query(
      `INSERT INTO payment_case (statement_id, mdtrt_id, psn_no, discharge_date, group_code,
         group_name, group_kind, cost_type, base_score, coefficient, ratio, points,
         special_candidate, total_cost, own_pay, other_funds, note)
       VALUES ${rows.join(', ')}`,
      values
    )
  }
}

/** Filters of a statement listing. */
export interface StatementFilter {
  readonly month?: string
  readonly year?: number
  readonly institutionCode?: string | null
  readonly admdvs?: string
  /** Only current versions (default), or every version. */
  readonly current?: boolean
}

/** Statements with their headline figures, by month and institution, newest version first. */
export async function listStatements(
  db: Queryable,
  filter: StatementFilter
): Promise<StoredStatementSummary[]> {
  const where: string[] = []
  const params: SqlValue[] = []
  const add = (sql: string, v: SqlValue): void => {
    params.push(v)
    where.push(sql.replace('?', `$${params.length}`))
  }
  if (filter.month !== undefined) add('month = ?', filter.month)
  if (filter.year !== undefined) add('month LIKE ?', `${filter.year}-%`)
  if (filter.institutionCode != null) add('institution_code = ?', filter.institutionCode)
  if (filter.admdvs !== undefined) add('admdvs = ?', filter.admdvs)
  if (filter.current !== false) where.push('current')
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, admdvs, institution_code, body->>'institutionName' AS institution_name, month, version,
       current, method, points, payable, deductions, deposit, net, due_date, created_at
     FROM payment_statement ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY month DESC, institution_code, version DESC`,
    params
  )
  return rows.map((r) => ({
    id: r['id'] as string,
    admdvs: r['admdvs'] as string,
    institutionCode: r['institution_code'] as string,
    institutionName: r['institution_name'] as string,
    month: r['month'] as string,
    version: Number(r['version']),
    current: r['current'] as boolean,
    method: r['method'] as Statement['method'],
    points: Number(r['points']),
    payable: Number(r['payable']),
    deductions: Number(r['deductions']),
    deposit: Number(r['deposit']),
    net: Number(r['net']),
    dueDate: r['due_date'] as string,
    createdAt: r['created_at'] as string,
  }))
}

/**
 * Checks the month's current statements against independent sums: the basic fund and count of
 * the month's settlements, the deduction table, the deposit ledger, and 实付 = 应付 − 扣款 − 保证金
 * in every stored row.
 */
async function reconcileMonth(
  db: Queryable,
  month: string,
  computed: readonly Computed[]
): Promise<ReconciliationCheck[]> {
  const codes = computed.map((c) => c.statement.institutionCode)
  const list = `{${codes.map((c) => JSON.stringify(c)).join(',')}}`
  const [settled] = await db.query<{ basic: number; n: number }>(
    `SELECT coalesce(sum(s.hifp_pay), 0)::bigint AS basic, count(*)::int AS n FROM settlement s
     WHERE s.setl_time >= $1::timestamptz AND s.setl_time < $2::timestamptz AND NOT s.refunded
       AND s.institution_code = ANY($3::text[])`,
    [monthStart(month), monthStart(nextMonth(month)), list]
  )
  const [deducted] = await db.query<{ total: number }>(
    `SELECT coalesce(sum(amount), 0)::bigint AS total FROM deduction
     WHERE month = $1 AND institution_code = ANY($2::text[])`,
    [month, list]
  )
  const [withheld] = await db.query<{ total: number }>(
    `SELECT coalesce(sum(l.amount), 0)::bigint AS total FROM deposit_ledger l
     WHERE l.kind = 'WITHHELD' AND l.month = $1 AND l.institution_code = ANY($2::text[])`,
    [month, list]
  )
  const stored = await db.query<{
    payable: number
    deductions: number
    deposit: number
    net: number
    body: Statement
  }>(
    `SELECT payable, deductions, deposit, net, body FROM payment_statement
     WHERE month = $1 AND current AND institution_code = ANY($2::text[])`,
    [month, list]
  )
  const total = (f: (r: (typeof stored)[number]) => number): number =>
    stored.reduce((a, r) => a + f(r), 0)
  const check = (name: string, expected: number, actual: number): ReconciliationCheck => ({
    name,
    expected: expected,
    actual,
    ok: expected === actual,
  })
  const unbalanced = stored.filter((r) => r.net !== r.payable - r.deductions - r.deposit)
  return [
    check(
      '结算笔数 = 拨付单结算笔数之和',
      settled!.n,
      total((r) => r.body.settlements.count)
    ),
    check(
      '统筹基金支付 = 拨付单统筹基金之和',
      settled!.basic,
      total((r) => r.body.settlements.basicFund)
    ),
    check(
      '扣款表本月扣款 = 拨付单扣款之和',
      deducted!.total,
      total((r) => r.deductions)
    ),
    check(
      '保证金台账本月预留 = 拨付单保证金之和',
      withheld!.total,
      total((r) => r.deposit)
    ),
    check('实付 = 应付 − 扣款 − 保证金（不平的拨付单数）', 0, unbalanced.length),
  ]
}

/** One statement with its cases (paged) for the drill-down. */
export async function readStatement(
  db: Queryable,
  id: string,
  page: { offset: number; limit: number } = { offset: 0, limit: 100 }
): Promise<
  | {
      summary: StoredStatementSummary
      statement: Statement
      cases: Record<string, unknown>[]
      caseCount: number
    }
  | undefined
> {
  const [row] = await db.query<{ body: Statement; month: string; institution_code: string }>(
    'SELECT body, month, institution_code FROM payment_statement WHERE id = $1',
    [id]
  )
  if (row === undefined) return undefined
  const [summary] = (
    await listStatements(db, {
      month: row.month,
      institutionCode: row.institution_code,
      current: false,
    })
  ).filter((s) => s.id === id)
  const cases = await db.query<Record<string, unknown>>(
    `SELECT mdtrt_id AS "mdtrtId", psn_no AS "psnNo", discharge_date AS "dischargeDate",
       group_code AS "groupCode", group_name AS "groupName", group_kind AS "groupKind",
       cost_type AS "costType", base_score AS "baseScore", coefficient, ratio, points,
       special_candidate AS "specialCandidate", total_cost AS "totalCost", own_pay AS "ownPay",
       other_funds AS "otherFunds", note
     FROM payment_case WHERE statement_id = $1 ORDER BY points DESC, mdtrt_id
     LIMIT $2 OFFSET $3`,
    [id, page.limit, page.offset]
  )
  const [count] = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM payment_case WHERE statement_id = $1',
    [id]
  )
  return { summary: summary!, statement: row.body, cases, caseCount: count!.n }
}
