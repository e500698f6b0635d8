// SPDX-License-Identifier: Apache-2.0
import type { PaymentPlan } from '@yibao/payment'
import type { Draw, InspectionObject, InspectionPlan, Inspector } from '@yibao/supervision'
import { drawInspection } from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import { readRecords } from '../read-records.js'
import type { Viewer } from '../review/viewer.js'
import { newId } from '../new-id.js'

/** The register of inspectors, active ones only unless asked. */
export async function listInspectors(db: Queryable, all = false): Promise<Inspector[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, name, certificate, specialty, unit, conflicts FROM inspector
     ${all ? '' : 'WHERE active'} ORDER BY id`
  )
  return rows.map((r) => ({
    id: r['id'] as string,
    name: r['name'] as string,
    certificate: (r['certificate'] as string | null) ?? null,
    specialty: r['specialty'] as string,
    unit: r['unit'] as string,
    conflicts: r['conflicts'] as string[],
  }))
}

/** Adds or updates inspectors (declared conflicts included), in the audit log too. */
export async function saveInspectors(
  db: Database,
  inspectors: readonly Inspector[],
  viewer: Viewer
): Promise<void> {
  await db.transaction(async (tx) => {
    for (const i of inspectors) {
      await tx.query(
        `INSERT INTO inspector (id, name, certificate, specialty, unit, conflicts)
         VALUES ($1, $2, $3, $4, $5, $6::text::jsonb)
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, certificate = EXCLUDED.certificate,
           specialty = EXCLUDED.specialty, unit = EXCLUDED.unit, conflicts = EXCLUDED.conflicts,
           active = true, updated_at = now()`,
        [i.id, i.name, i.certificate, i.specialty, i.unit, JSON.stringify(i.conflicts)]
      )
    }
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'inspector.save',
      target: inspectors.map((i) => i.id).join(','),
      detail: { count: inspectors.length },
    })
  })
}

/**
 * The object register (检查对象名录库): every institution with its credit level (from the active
 * payment plans until institutions are rated) and a risk score, the share of its settled amount
 * flagged by the audit (0–1).
 */
export async function inspectionObjects(db: Queryable): Promise<InspectionObject[]> {
  const institutions = await readRecords(db, 'institutions')
  const plans = await db.query<{ body: PaymentPlan }>(
    `SELECT body FROM payment_plan WHERE status = 'ACTIVE' ORDER BY year`
  )
  const credit = new Map<string, string>()
  for (const p of plans)
    for (const [code, level] of Object.entries(p.body.creditLevels)) credit.set(code, level)
  const flagged = await db.query<{ institution_code: string; amount: number }>(
    `SELECT institution_code, coalesce(sum(amount), 0)::bigint AS amount FROM finding
     WHERE institution_code IS NOT NULL GROUP BY 1`
  )
  const settled = await db.query<{ institution_code: string; amount: number }>(
    `SELECT institution_code, coalesce(sum(medfee_sumamt), 0)::bigint AS amount FROM settlement
     WHERE NOT refunded GROUP BY 1`
  )
  const flaggedBy = new Map(flagged.map((r) => [r.institution_code, r.amount]))
  const settledBy = new Map(settled.map((r) => [r.institution_code, r.amount]))
  return institutions.map((i) => {
    const total = settledBy.get(i.code) ?? 0
    const risk = total > 0 ? Math.min(1, (flaggedBy.get(i.code) ?? 0) / total) : 0
    return {
      code: i.code,
      name: i.name,
      type: i.type,
      level: i.level,
      admdvs: i.admdvs,
      credit: credit.get(i.code) ?? null,
      risk: Math.round(risk * 10_000) / 10_000,
    }
  })
}

/** A stored draw. */
export interface StoredDraw extends Draw {
  readonly id: string
  readonly plan: InspectionPlan
  readonly createdBy: string
  readonly createdAt: string
}

/**
 * Draws objects and teams from the registers as stored, records the draw (plan, seed,
 * algorithm, result) and its audit-log entry, and returns it.
 */
export async function recordDraw(
  db: Database,
  plan: InspectionPlan,
  seed: number,
  viewer: Viewer
): Promise<StoredDraw> {
  const draw = drawInspection(plan, await inspectionObjects(db), await listInspectors(db), seed)
  const id = newId('CC')
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO inspection_draw (id, plan_id, seed, algorithm, plan, body, created_by)
       VALUES ($1, $2, $3, $4, $5::text::jsonb, $6::text::jsonb, $7)`,
      [id, plan.id, seed, draw.algorithm, JSON.stringify(plan), JSON.stringify(draw), viewer.actor]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'inspection.draw',
      target: id,
      detail: { plan: plan.id, seed, objects: draw.objects.length, algorithm: draw.algorithm },
    })
  })
  return (await readDraw(db, id))!
}

/** One stored draw, or undefined. */
export async function readDraw(db: Queryable, id: string): Promise<StoredDraw | undefined> {
  const [r] = await db.query<Record<string, unknown>>(
    'SELECT id, plan, body, created_by, created_at FROM inspection_draw WHERE id = $1',
    [id]
  )
  if (r === undefined) return undefined
  return {
    ...(r['body'] as Draw),
    id: r['id'] as string,
    plan: r['plan'] as InspectionPlan,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as string,
  }
}

/** The stored draws, newest first (headline only). */
export async function listDraws(db: Queryable): Promise<
  {
    id: string
    planId: string
    seed: number
    objects: number
    createdBy: string
    createdAt: string
  }[]
> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, plan_id, seed, jsonb_array_length(body->'objects') AS objects, created_by, created_at
     FROM inspection_draw ORDER BY created_at DESC, id`
  )
  return rows.map((r) => ({
    id: r['id'] as string,
    planId: r['plan_id'] as string,
    seed: Number(r['seed']),
    objects: Number(r['objects']),
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as string,
  }))
}
