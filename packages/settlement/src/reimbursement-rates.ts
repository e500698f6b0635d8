// SPDX-License-Identifier: Apache-2.0
import type { Fen, Settlement } from '@yibao/domain'

/** Reimbursement rates (报销比) of a set of settlements, with the sums they come from. */
export interface ReimbursementRates {
  readonly settlements: number
  readonly medfee: Fen
  /** All funds (every layer). */
  readonly fund: Fen
  /** The basic pooled fund only. */
  readonly basic: Fen
  readonly inScope: Fen
  readonly preselfpay: Fen
  /** 实际报销比: all funds / 医疗费总额. */
  readonly actual: number | null
  /** 政策范围内报销比: all funds / 政策范围内费用. */
  readonly policyScope: number | null
  /** The same with 先行自付 inside the denominator (provinces differ, domain.md §7.1). */
  readonly policyScopeWithPreselfpay: number | null
  /** Basic pooled fund / 政策范围内费用 (the NHSA indicator). */
  readonly basicPolicyScope: number | null
  /** Basic pooled fund / (政策范围内费用 + 先行自付). */
  readonly basicPolicyScopeWithPreselfpay: number | null
}

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)

/** The rates of some settlements (refunds left out). */
export function reimbursementRates(settlements: Iterable<Settlement>): ReimbursementRates {
  let n = 0
  let medfee = 0
  let fund = 0
  let basic = 0
  let inScope = 0
  let pre = 0
  for (const s of settlements) {
    if (s.refunded) continue
    n++
    medfee += s.medfeeSumamt
    fund += s.fundPaySumamt
    basic += s.hifpPay
    inScope += s.inscpScpAmt
    pre += s.preselfpayAmt
  }
  return {
    settlements: n,
    medfee,
    fund,
    basic,
    inScope,
    preselfpay: pre,
    actual: ratio(fund, medfee),
    policyScope: ratio(fund, inScope),
    policyScopeWithPreselfpay: ratio(fund, inScope + pre),
    basicPolicyScope: ratio(basic, inScope),
    basicPolicyScopeWithPreselfpay: ratio(basic, inScope + pre),
  }
}

/**
 * The rates per group (person, institution, month…), groups in first-seen order.
 *
 * @param settlements - the settlements
 * @param keyOf - the group of a settlement
 */
export function reimbursementRatesBy<K>(
  settlements: Iterable<Settlement>,
  keyOf: (s: Settlement) => K
): Map<K, ReimbursementRates> {
  const groups = new Map<K, Settlement[]>()
  for (const s of settlements) {
    const k = keyOf(s)
    const list = groups.get(k)
    if (list) list.push(s)
    else groups.set(k, [s])
  }
  return new Map([...groups].map(([k, list]) => [k, reimbursementRates(list)]))
}
