// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import type { Clearing, ClearingInput, PaymentPlan, Statement } from '@yibao/payment'
import { clearYear, methodOf } from '@yibao/payment'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import { readRecords } from '../read-records.js'
import type { Viewer } from '../review/viewer.js'
import { addSettlements, NO_SETTLEMENTS } from './payment-cases.js'
import { withAssessments } from '../assessment/assessments.js'
import { planInForce } from './payment-plans.js'
import { newId } from '../new-id.js'

/** A stored clearing. */
export interface StoredClearing {
  readonly id: string
  readonly version: number
  readonly current: boolean
  readonly clearing: Clearing
  /** Months of the year without any statement. */
  readonly monthsMissing: readonly string[]
  readonly createdBy: string
  readonly createdAt: string
}

/** What a clearing run did. */
export interface ClearingRunResult {
  readonly stored: StoredClearing
  readonly status: 'created' | 'unchanged'
}

/** 总额预付 indicator penalty: `penaltyBp` for each indicator over its limit. */
function globalPenalty(plan: PaymentPlan, i: ClearingInput): number {
  const g = plan.global
  const s = i.settlements
  let missed = 0
  if (g.maxCostPerVisit !== null && s.count > 0 && s.totalCost / s.count > g.maxCostPerVisit)
    missed++
  if (
    g.maxOwnShareBp !== null &&
    s.totalCost > 0 &&
    (s.ownPay * 10_000) / s.totalCost > g.maxOwnShareBp
  )
    missed++
  if (
    g.maxOutOfListShareBp !== null &&
    s.totalCost > 0 &&
    (s.outOfList * 10_000) / s.totalCost > g.maxOutOfListShareBp
  ) {
    missed++
  }
  return Math.min(10_000, missed * g.penaltyBp)
}

/**
 * The annual clearing of a region's year from its current monthly statements: points, stays and
 * settlements summed per institution, pre-payments (Σ 应付) and the deposit withheld (ledger)
 * against the 结算点值. Stored as a new version when it differs from the current one, with the
 * deposit returns in the ledger (a previous clearing's returns reversed), in one transaction.
 */
export async function runClearing(
  db: Database,
  admdvs: string,
  year: number,
  viewer: Viewer
): Promise<ClearingRunResult> {
  const plan = await withAssessments(db, await planInForce(db, admdvs, year), 'clearing')
  const institutions = new Map(
    (await readRecords(db, 'institutions'))
      .filter((i) => i.admdvs === admdvs)
      .map((i) => [i.code, i])
  )
  const rows = await db.query<{ institution_code: string; month: string; body: Statement }>(
    `SELECT institution_code, month, body FROM payment_statement
     WHERE admdvs = $1 AND month LIKE $2 AND current ORDER BY institution_code, month`,
    [admdvs, `${year}-%`]
  )
  const withheld = await db.query<{ institution_code: string; total: number }>(
    `SELECT institution_code, coalesce(sum(amount), 0)::bigint AS total FROM deposit_ledger
     WHERE kind = 'WITHHELD' AND month LIKE $1 GROUP BY 1`,
    [`${year}-%`]
  )
  const withheldBy = new Map(withheld.map((w) => [w.institution_code, w.total]))
  const inputs = new Map<string, ClearingInput>()
  for (const r of rows) {
    const s = r.body
    const inst = institutions.get(r.institution_code)
    const { method, rule } = inst
      ? methodOf(plan, { code: inst.code, name: inst.name, type: inst.type, level: inst.level })
      : { method: s.method, rule: null }
    const prev = inputs.get(r.institution_code) ?? {
      institutionCode: r.institution_code,
      institutionName: s.institutionName,
      method,
      points: 0,
      pointCases: NO_SETTLEMENTS,
      settlements: NO_SETTLEMENTS,
      annualQuota: rule?.annualQuota ?? 0,
      prepaid: 0,
      depositWithheld: withheldBy.get(r.institution_code) ?? 0,
    }
    inputs.set(r.institution_code, {
      ...prev,
      points: Math.round((prev.points + s.points) * 10_000) / 10_000,
      pointCases: addSettlements(prev.pointCases, s.pointCases),
      settlements: addSettlements(prev.settlements, s.settlements),
      prepaid: prev.prepaid + s.payable,
    })
  }
  const clearing = clearYear(plan, [...inputs.values()], (i) => globalPenalty(plan, i))
  const months = new Set(rows.map((r) => r.month))
  const monthsMissing = Array.from(
    { length: 12 },
    (_, k) => `${year}-${String(k + 1).padStart(2, '0')}`
  ).filter((m) => !months.has(m))
  const hash = createHash('sha256').update(JSON.stringify(clearing)).digest('hex')
  return db.transaction(async (tx) => {
    const [current] = await tx.query<{ id: string; version: number; content_hash: string }>(
      `SELECT id, version, content_hash FROM payment_clearing
       WHERE admdvs = $1 AND year = $2 AND current FOR UPDATE`,
      [admdvs, year]
    )
    if (current?.content_hash === hash) {
      return { stored: (await readClearing(tx, current.id))!, status: 'unchanged' as const }
    }
    const id = newId('QS')
    const version = (current?.version ?? 0) + 1
    if (current !== undefined) {
      await tx.query('UPDATE payment_clearing SET current = false WHERE id = $1', [current.id])
      await tx.query(
        `INSERT INTO deposit_ledger (institution_code, month, kind, amount, clearing_id, note)
         SELECT institution_code, month, 'RETURNED', -amount, $2, '清算重算，冲回上一版返还'
         FROM deposit_ledger WHERE clearing_id = $1 AND kind = 'RETURNED' AND amount > 0`,
        [current.id, id]
      )
    }
    await tx.query(
      `INSERT INTO payment_clearing (id, admdvs, year, version, current, plan_id, content_hash, body,
         created_by)
       VALUES ($1, $2, $3, $4, true, $5, $6, $7::text::jsonb, $8)`,
      [
        id,
        admdvs,
        year,
        version,
        plan.id,
        hash,
        JSON.stringify({ clearing, monthsMissing }),
        viewer.actor,
      ]
    )
    for (const r of clearing.rows) {
      if (r.depositReturned === 0) continue
      await tx.query(
        `INSERT INTO deposit_ledger (institution_code, month, kind, amount, clearing_id, note)
         VALUES ($1, $2, 'RETURNED', $3, $4, $5)`,
        [r.institutionCode, `${year}-12`, r.depositReturned, id, `${year} 年度清算返还预留保证金`]
      )
    }
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'payment.clear',
      target: `${admdvs}|${year}`,
      detail: {
        version,
        settlementPointValue: clearing.settlementPointValue,
        reserveAfter: clearing.reserveAfter,
        identityHolds: clearing.identityHolds,
      },
    })
    return { stored: (await readClearing(tx, id))!, status: 'created' as const }
  })
}

/** One stored clearing, or undefined. */
export async function readClearing(db: Queryable, id: string): Promise<StoredClearing | undefined> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT id, version, current, body, created_by, created_at FROM payment_clearing WHERE id = $1',
    [id]
  )
  if (r === undefined) return undefined
  const body = r['body'] as { clearing: Clearing; monthsMissing: string[] }
  return {
    id: r['id'] as string,
    version: Number(r['version']),
    current: r['current'] as boolean,
    clearing: body.clearing,
    monthsMissing: body.monthsMissing,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as string,
  }
}

/** Every clearing of a year (all regions), the current ones first. */
export async function listClearings(db: Queryable, year?: number): Promise<StoredClearing[]> {
  const rows = await db.query<{ id: string }>(
    `SELECT id FROM payment_clearing ${year === undefined ? '' : 'WHERE year = $1'}
     ORDER BY year DESC, admdvs, current DESC, version DESC`,
    year === undefined ? [] : [year]
  )
  const out: StoredClearing[] = []
  for (const r of rows) out.push((await readClearing(db, r.id))!)
  return out
}
