// SPDX-License-Identifier: Apache-2.0
import { invalid, OutcomeError } from '@yibao/domain'
import type { ReviewPolicy } from '@yibao/supervision'
import { DEFAULT_REVIEW_POLICY, validateReviewPolicy } from '@yibao/supervision'
import type { Queryable } from '../database.js'

/**
 * The review policy in force for a region: the defaults, overlaid by the `*` row, overlaid by the
 * region's own row.
 *
 * @param db - the database
 * @param admdvs - the region (统筹区) code; undefined for the bureau-wide policy
 */
export async function readReviewPolicy(db: Queryable, admdvs?: string): Promise<ReviewPolicy> {
  const rows = await db.query<{ admdvs: string; policy: Partial<ReviewPolicy> }>(
    `SELECT admdvs, policy FROM review_policy WHERE admdvs = '*' OR admdvs = $1
     ORDER BY admdvs = '*' DESC`,
    [admdvs ?? '*']
  )
  let policy: ReviewPolicy = DEFAULT_REVIEW_POLICY
  for (const r of rows) {
    policy = {
      ...policy,
      ...r.policy,
      noAppeal: { ...policy.noAppeal, ...(r.policy.noAppeal ?? {}) },
    }
  }
  return policy
}

/**
 * Stores a region's review policy (`*` for every region) after checking it; an invalid policy is
 * refused with each field named and nothing is stored.
 */
export async function saveReviewPolicy(
  db: Queryable,
  admdvs: string,
  changes: Partial<ReviewPolicy>
): Promise<ReviewPolicy> {
  const merged = { ...(await readReviewPolicy(db, admdvs)), ...changes }
  const issues = validateReviewPolicy(merged)
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  await db.query(
    `INSERT INTO review_policy (admdvs, policy) VALUES ($1, $2::text::jsonb)
     ON CONFLICT (admdvs) DO UPDATE SET policy = EXCLUDED.policy, updated_at = now()`,
    [admdvs, JSON.stringify(merged)]
  )
  return merged
}
