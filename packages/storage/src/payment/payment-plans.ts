// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError } from '@yibao/domain'
import type { PaymentPlan } from '@yibao/payment'
import { planFromDocument, planToDocument } from '@yibao/payment'
import type { Queryable } from '../database.js'
import type { DocumentKind, StoredVersion } from '../versioned-documents.js'
import { activeVersions } from '../versioned-documents.js'

/** Payment plans as versioned documents. */
export const PAYMENT_PLANS: DocumentKind<PaymentPlan> = {
  table: 'payment_plan',
  label: '付费方案',
  action: 'payplan',
  fromDocument: planFromDocument,
  toDocument: planToDocument,
  effective: (p) => ({ from: `${p.year}-01-01`, to: `${p.year}-12-31` }),
}

/** A stored payment plan and its bookkeeping. */
export type StoredPlan = StoredVersion<PaymentPlan>

/** The active plan of a region and year, or refuses naming both and how to add one. */
export async function planInForce(
  db: Queryable,
  admdvs: string,
  year: number
): Promise<PaymentPlan> {
  const active = await activeVersions(db, PAYMENT_PLANS)
  const plan = active.get(`${admdvs}|${year}`) ?? active.get(`*|${year}`)
  if (plan === undefined) {
    throw new OutcomeError(
      badRequest(
        `统筹区 ${admdvs} 没有 ${year} 年启用的付费方案（可用 yibao payplan import 导入并启用）`,
        'year'
      )
    )
  }
  return plan
}
