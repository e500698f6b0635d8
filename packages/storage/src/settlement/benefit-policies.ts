// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Timestamp } from '@yibao/domain'
import { badRequest, conflict, notFound, OutcomeError } from '@yibao/domain'
import type { BenefitPolicy, PolicyStatus } from '@yibao/settlement'
import { policyFromDocument, policyToDocument } from '@yibao/settlement'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'

/** A stored policy version and its bookkeeping. */
export interface StoredPolicy {
  readonly policy: BenefitPolicy
  readonly status: PolicyStatus
  readonly createdBy: string
  readonly createdAt: Timestamp
  readonly updatedAt: Timestamp
  readonly activatedBy: string | null
  readonly activatedAt: Timestamp | null
}

const SELECT = `SELECT body, status, created_by, created_at, updated_at, activated_by, activated_at
  FROM benefit_policy`

function toStored(r: Record<string, unknown>): StoredPolicy {
  return {
    policy: r['body'] as BenefitPolicy,
    status: r['status'] as PolicyStatus,
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Timestamp,
    updatedAt: r['updated_at'] as Timestamp,
    activatedBy: (r['activated_by'] as string | null) ?? null,
    activatedAt: (r['activated_at'] as Timestamp | null) ?? null,
  }
}

/** Every policy version, newest year first, the active one of a year first. */
export async function listBenefitPolicies(db: Queryable): Promise<StoredPolicy[]> {
  const rows = await db.query<Record<string, unknown>>(
    `${SELECT} ORDER BY year DESC, admdvs COLLATE "C", status = 'ACTIVE' DESC, updated_at DESC, id`
  )
  return rows.map(toStored)
}

/** One policy version, or undefined. */
export async function readBenefitPolicy(
  db: Queryable,
  id: string
): Promise<StoredPolicy | undefined> {
  const [row] = await db.query<Record<string, unknown>>(`${SELECT} WHERE id = $1`, [id])
  return row === undefined ? undefined : toStored(row)
}

/**
 * Stores a policy version as a draft, or replaces a draft of the same id. The document is checked
 * first (every problem named by its path); an active or retired version is never edited (409):
 * a change is a new draft.
 *
 * @param db - the database
 * @param doc - the policy as a document (yuan, percent), or a policy already checked
 * @param viewer - who
 */
export async function saveDraftPolicy(
  db: Database,
  doc: unknown,
  viewer: Viewer
): Promise<StoredPolicy> {
  const policy = policyFromDocument(doc)
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ status: PolicyStatus; body: BenefitPolicy }>(
      'SELECT status, body FROM benefit_policy WHERE id = $1 FOR UPDATE',
      [policy.id]
    )
    if (existing !== undefined && existing.status !== 'DRAFT') {
      throw new OutcomeError(
        conflict(
          `政策版本 ${policy.id} 已${existing.status === 'ACTIVE' ? '启用' : '停用'}，不能修改；请另存为新的草稿`,
          'id'
        )
      )
    }
    await tx.query(
      `INSERT INTO benefit_policy (id, admdvs, year, name, status, effective_from, effective_to,
         body, created_by)
       VALUES ($1, $2, $3, $4, 'DRAFT', $5, $6, $7::text::jsonb, $8)
       ON CONFLICT (id) DO UPDATE SET admdvs = EXCLUDED.admdvs, year = EXCLUDED.year,
         name = EXCLUDED.name, effective_from = EXCLUDED.effective_from,
         effective_to = EXCLUDED.effective_to, body = EXCLUDED.body, updated_at = now()`,
      [
        policy.id,
        policy.admdvs,
        policy.year,
        policy.name,
        policy.effectiveFrom,
        policy.effectiveTo,
        JSON.stringify(policy),
        viewer.actor,
      ]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: existing === undefined ? 'policy.create' : 'policy.update',
      target: policy.id,
      detail: {
        before: existing === undefined ? null : policyToDocument(existing.body),
        after: policyToDocument(policy),
      },
    })
    return (await readBenefitPolicy(tx, policy.id))!
  })
}

/**
 * Activates a draft: it becomes the policy of its region and year, and the version active until
 * then is retired. Both changes and the audit-log entry commit together.
 */
export async function activatePolicy(
  db: Database,
  id: string,
  viewer: Viewer
): Promise<StoredPolicy> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ status: PolicyStatus; admdvs: string; year: number }>(
      'SELECT status, admdvs, year FROM benefit_policy WHERE id = $1 FOR UPDATE',
      [id]
    )
    if (row === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的政策版本`))
    if (row.status !== 'DRAFT') {
      throw new OutcomeError(
        conflict(`政策版本 ${id} 状态为 ${row.status}，只有草稿可以启用`, 'status')
      )
    }
    const retired = await tx.query<{ id: string }>(
      `UPDATE benefit_policy SET status = 'RETIRED', updated_at = now()
       WHERE admdvs = $1 AND year = $2 AND status = 'ACTIVE' RETURNING id`,
      [row.admdvs, row.year]
    )
    await tx.query(
      `UPDATE benefit_policy SET status = 'ACTIVE', activated_by = $2, activated_at = now(),
         updated_at = now() WHERE id = $1`,
      [id, viewer.actor]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'policy.activate',
      target: id,
      detail: { admdvs: row.admdvs, year: row.year, retired: retired.map((r) => r.id) },
    })
    return (await readBenefitPolicy(tx, id))!
  })
}

/**
 * The policies in force, by region and year: the active version of the region, else the active
 * `*` version. Loaded once for a run over many settlements.
 */
export class PoliciesInForce {
  private constructor(private readonly active: ReadonlyMap<string, BenefitPolicy>) {}

  /** Reads the active versions. */
  static async load(db: Queryable): Promise<PoliciesInForce> {
    const rows = await db.query<{ body: BenefitPolicy }>(
      `SELECT body FROM benefit_policy WHERE status = 'ACTIVE'`
    )
    return new PoliciesInForce(
      new Map(rows.map((r) => [`${r.body.admdvs}|${r.body.year}`, r.body]))
    )
  }

  /** The policy of a region on a date, or undefined when none is active. */
  on(admdvs: string, date: IsoDate): BenefitPolicy | undefined {
    const year = Number(date.slice(0, 4))
    const p = this.active.get(`${admdvs}|${year}`) ?? this.active.get(`*|${year}`)
    if (p === undefined) return undefined
    if (date < p.effectiveFrom || (p.effectiveTo !== null && date > p.effectiveTo)) return undefined
    return p
  }

  /** The policy of a region for a year (its first day in force), or refuses naming both. */
  forYear(admdvs: string, year: number): BenefitPolicy {
    const p = this.active.get(`${admdvs}|${year}`) ?? this.active.get(`*|${year}`)
    if (p === undefined) {
      throw new OutcomeError(
        badRequest(
          `统筹区 ${admdvs} 没有 ${year} 年启用的待遇政策（可用 yibao policy import 导入并启用）`,
          'year'
        )
      )
    }
    return p
  }
}
