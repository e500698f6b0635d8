// SPDX-License-Identifier: Apache-2.0
import type { OutcomeIssue, Timestamp } from '@yibao/domain'
import { invalid, OutcomeError } from '@yibao/domain'
import type { ReviewPolicy } from '@yibao/supervision'
import { DEFAULT_REVIEW_POLICY, mergeReviewPolicy, validateReviewPolicy } from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from './viewer.js'

/** The bureau-wide row of `review_policy`: what every region starts from. */
export const ALL_REGIONS = '*'

/**
 * The review policy in force for a region: the defaults, overlaid by the `*` row, overlaid by the
 * region's own row.
 *
 * @param db - the database
 * @param admdvs - the region (统筹区) code; undefined for the bureau-wide policy
 */
export async function readReviewPolicy(db: Queryable, admdvs?: string): Promise<ReviewPolicy> {
  const rows = await db.query<{ admdvs: string; policy: Partial<ReviewPolicy> }>(
    `SELECT admdvs, policy FROM review_policy WHERE admdvs = $1 OR admdvs = $2
     ORDER BY admdvs = $1 DESC`,
    [ALL_REGIONS, admdvs ?? ALL_REGIONS]
  )
  return rows.reduce((policy, r) => mergeReviewPolicy(policy, r.policy), DEFAULT_REVIEW_POLICY)
}

/** One region's stored changes and the policy in force there. */
export interface RegionReviewPolicy {
  /** The region code, or `*` for the bureau-wide row. */
  readonly admdvs: string
  readonly name: string
  /** What this row changes (empty when the region follows the bureau-wide policy). */
  readonly own: Partial<ReviewPolicy>
  /** The policy in force. */
  readonly effective: ReviewPolicy
  readonly updatedAt: Timestamp | null
}

/**
 * The bureau-wide policy and that of every known region (from `region`, and any region with a
 * stored row), with what each row changes.
 */
export async function listReviewPolicies(db: Queryable): Promise<RegionReviewPolicy[]> {
  const [stored, regions] = await Promise.all([
    db.query<{ admdvs: string; policy: Partial<ReviewPolicy>; updated_at: Timestamp }>(
      'SELECT admdvs, policy, updated_at FROM review_policy'
    ),
    db.query<{ admdvs: string; name: string }>(
      'SELECT admdvs, name FROM region ORDER BY admdvs COLLATE "C"'
    ),
  ])
  const own = new Map(stored.map((r) => [r.admdvs, r]))
  const all = own.get(ALL_REGIONS)
  const base = mergeReviewPolicy(DEFAULT_REVIEW_POLICY, all?.policy ?? {})
  const names = new Map(regions.map((r) => [r.admdvs, r.name]))
  const codes = [...new Set([...names.keys(), ...own.keys()])]
    .filter((c) => c !== ALL_REGIONS)
    .sort()
  return [
    {
      admdvs: ALL_REGIONS,
      name: '全部统筹区（默认）',
      own: all?.policy ?? {},
      effective: base,
      updatedAt: all?.updated_at ?? null,
    },
    ...codes.map((admdvs) => {
      const row = own.get(admdvs)
      return {
        admdvs,
        name: names.get(admdvs) ?? admdvs,
        own: row?.policy ?? {},
        effective: mergeReviewPolicy(base, row?.policy ?? {}),
        updatedAt: row?.updated_at ?? null,
      }
    }),
  ]
}

/**
 * Changes a region's review policy (`*` for every region). Only the row's own changes are
 * stored, so a region keeps following the bureau-wide values it does not change; `null` for a
 * field removes the region's own value. The policy that results is checked first: an invalid
 * one is refused with each field named and nothing is stored. The change and the policies
 * before and after go to the audit log in the same transaction.
 *
 * @returns the policy now in force for the region
 */
export async function saveReviewPolicy(
  db: Database,
  admdvs: string,
  changes: Readonly<Record<string, unknown>>,
  viewer: Viewer
): Promise<ReviewPolicy> {
  const issues: OutcomeIssue[] = []
  for (const key of Object.keys(changes)) {
    if (!(key in DEFAULT_REVIEW_POLICY)) {
      issues.push({ severity: 'error', code: 'invalid', message: `${key}：未知参数`, path: key })
    }
  }
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ policy: Partial<ReviewPolicy> }>(
      'SELECT policy FROM review_policy WHERE admdvs = $1 FOR UPDATE',
      [admdvs]
    )
    const before = await readReviewPolicy(tx, admdvs)
    const kept = Object.entries(row?.policy ?? {}).filter(([key]) => changes[key] !== null)
    const own = new Map<string, unknown>(kept)
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) continue
      own.set(
        key,
        key === 'noAppeal' && typeof value === 'object'
          ? { ...(own.get(key) as object | undefined), ...value }
          : value
      )
    }
    const base =
      admdvs === ALL_REGIONS ? DEFAULT_REVIEW_POLICY : await readReviewPolicy(tx, ALL_REGIONS)
    const stored = Object.fromEntries(own) as Partial<ReviewPolicy>
    const after = mergeReviewPolicy(base, stored)
    const problems = validateReviewPolicy(after)
    if (problems.length > 0) throw new OutcomeError(invalid(problems))
    await tx.query(
      `INSERT INTO review_policy (admdvs, policy) VALUES ($1, $2::text::jsonb)
       ON CONFLICT (admdvs) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
      [admdvs, JSON.stringify(stored)]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'review-policy.update',
      target: admdvs,
      detail: { changes, before, after },
    })
    return after
  })
}
