// SPDX-License-Identifier: Apache-2.0
import type { KnowledgePack } from '@yibao/knowledge'
import type { PaymentPlan } from '@yibao/payment'
import { deriveDrgWeights, examplePlan, methodOf, PointScorer } from '@yibao/payment'
import type { Queryable } from '../database.js'
import { readRecords } from '../read-records.js'
import { readPaymentCases } from './payment-cases.js'

/**
 * A plan for a region and year sized from its own stored stays (for a demo region, or as a first
 * draft a bureau then edits): hospitals by the point method, others by item. DIP: the cost per
 * point is the year's cost per catalogue point; DRG: the base points come from the year's mean
 * cost per DRG (codes outside CHS-DRG left out). The budget is the basic fund of the point-method
 * stays plus a margin, and
 * the 预算点值 the value at which that budget (less the reserve) plus the patients' and other
 * funds' payments buys the year's points. Level-3 hospitals are credit-rated A until the
 * supervision module rates institutions.
 *
 * @param margin - budget over the year's DIP basic fund, in basis points (default 2 %)
 */
export async function suggestPaymentPlan(
  db: Queryable,
  admdvs: string,
  year: number,
  pack: KnowledgePack,
  pointMethod: 'DIP' | 'DRG' = 'DIP',
  margin = 200
): Promise<PaymentPlan> {
  const institutions = (await readRecords(db, 'institutions')).filter((i) => i.admdvs === admdvs)
  const draft = examplePlan(admdvs, year, {
    name: `${year} 年度 ${pointMethod} 付费方案`,
    pointMethod,
    methods: [{ method: pointMethod, types: ['HOSPITAL'] }],
    creditLevels: Object.fromEntries(
      institutions.filter((i) => i.type === 'HOSPITAL' && i.level === 3).map((i) => [i.code, 'A'])
    ),
  })
  const levels = new Map(
    institutions
      .filter((i) => methodOf(draft, i).method === pointMethod)
      .map((i) => [i.code, i.level] as const)
  )
  const cases = await readPaymentCases(
    db,
    `${year}-01-01T00:00:00+08:00`,
    `${year + 1}-01-01T00:00:00+08:00`,
    levels
  )
  let sized: PaymentPlan
  if (pointMethod === 'DIP') {
    const first = new PointScorer(draft, pack).score(cases)
    const grouped = first.filter((s) => s.groupKind !== 'NONE')
    const weighted = grouped.reduce((a, s) => a + s.baseScore * s.coefficient, 0)
    const cost = grouped.reduce((a, s) => a + s.case.totalCost, 0)
    const costPerPoint = weighted > 0 ? Math.round((cost / 100 / weighted) * 10_000) / 10_000 : 10
    sized = { ...draft, dip: { ...draft.dip, costPerPoint } }
  } else {
    const known = new Set(pack.drgs.map((g) => g.code))
    const priced = cases.flatMap((c) =>
      c.drgCode !== null && known.has(c.drgCode)
        ? [{ drgCode: c.drgCode, totalCost: c.totalCost }]
        : []
    )
    sized = { ...draft, drg: { ...draft.drg, weights: deriveDrgWeights(priced) } }
  }
  const scored = new PointScorer(sized, pack).score(cases)
  const points = scored.reduce((a, s) => a + s.points, 0)
  const [fund] = await db.query<{ basic: number }>(
    `SELECT coalesce(sum(s.hifp_pay), 0)::bigint AS basic FROM settlement s
     JOIN encounter e ON e.mdtrt_id = s.mdtrt_id
     WHERE s.setl_time >= $1::timestamptz AND s.setl_time < $2::timestamptz AND NOT s.refunded
       AND e.kind = 'INPATIENT' AND s.institution_code = ANY($3::text[])`,
    [
      `${year}-01-01T00:00:00+08:00`,
      `${year + 1}-01-01T00:00:00+08:00`,
      `{${[...levels.keys()].map((c) => JSON.stringify(c)).join(',')}}`,
    ]
  )
  const annualFund = Math.round((fund!.basic * (10_000 + margin)) / 10_000 / 10_000) * 10_000
  const others = cases.reduce((a, c) => a + c.ownPay + c.otherFunds, 0)
  const available = annualFund - Math.round((annualFund * sized.reserveBp) / 10_000)
  const budgetPointValue =
    points > 0 ? Math.round(((available + others) / 100 / points) * 10_000) / 10_000 : 10
  return { ...sized, annualFund, budgetPointValue }
}
