// SPDX-License-Identifier: Apache-2.0
import type { Fen, IdentityType, InstitutionLevel, InsuType, Settlement } from '@yibao/domain'
import { IDENTITY_TYPES, IDENTITY_LABELS, LEVEL_LABELS } from '@yibao/domain'

/** The fund layers a what-if reports, by their national settlement fields. */
export const FUND_LAYERS = [
  ['hifpPay', 'hifp_pay', '基本医保统筹基金'],
  ['hifobPay', 'hifob_pay', '职工大额医疗费用补助'],
  ['hifmiPay', 'hifmi_pay', '居民大病保险'],
  ['mafPay', 'maf_pay', '医疗救助'],
  ['othPay', 'oth_pay', '兜底及补充保障'],
  ['fundPaySumamt', 'fund_pay_sumamt', '基金支付合计'],
  ['psnPartAmt', 'psn_part_amt', '个人负担'],
] as const satisfies readonly (readonly [keyof Settlement, string, string])[]

type LayerKey = (typeof FUND_LAYERS)[number][0]

/** One line of a what-if comparison: the current policy's cost, the changed one's, the change. */
export interface WhatIfLine {
  readonly key: string
  readonly name: string
  readonly settlements: number
  readonly base: Fen
  readonly changed: Fen
  readonly difference: Fen
  /** difference / base, or null when base is 0. */
  readonly deviation: number | null
}

/** A what-if: per fund layer, and fund cost per insured category and institution level. */
export interface WhatIfResult {
  readonly settlements: number
  readonly layers: readonly WhatIfLine[]
  readonly byCategory: readonly WhatIfLine[]
  readonly byLevel: readonly WhatIfLine[]
}

/** 职工 or 居民. */
function insuGroup(insuType: InsuType): string {
  return insuType === '310' ? '职工' : '居民'
}

/** The insured category of a settlement: insurance and the first identity (by the code list). */
export function insuredCategory(insuType: InsuType, identities: readonly IdentityType[]): string {
  const first = IDENTITY_TYPES.find((t) => identities.includes(t))
  return `${insuGroup(insuType)}·${first === undefined ? '普通参保人' : IDENTITY_LABELS[first]}`
}

interface Sums {
  n: number
  base: Fen
  changed: Fen
}

function line(key: string, name: string, s: Sums): WhatIfLine {
  const difference = s.changed - s.base
  return {
    key,
    name,
    settlements: s.n,
    base: s.base,
    changed: s.changed,
    difference,
    deviation: s.base === 0 ? null : difference / s.base,
  }
}

/**
 * Sums a year replayed under two policies (the current one and a changed one), settlement by
 * settlement, into the lines of a what-if report.
 */
export class WhatIfTally {
  private n = 0
  private readonly layers = new Map<LayerKey, Sums>()
  private readonly categories = new Map<string, Sums>()
  private readonly levels = new Map<InstitutionLevel, Sums>()

  /**
   * Adds one settlement as the two policies settle it.
   *
   * @param base - under the current policy
   * @param changed - under the changed policy
   * @param category - the insured category (`insuredCategory`)
   * @param level - the institution's level
   */
  add(base: Settlement, changed: Settlement, category: string, level: InstitutionLevel): void {
    this.n++
    for (const [key] of FUND_LAYERS) {
      const s = this.layers.get(key) ?? { n: 0, base: 0, changed: 0 }
      s.n++
      s.base += base[key]
      s.changed += changed[key]
      this.layers.set(key, s)
    }
    const bump = <K>(map: Map<K, Sums>, key: K): void => {
      const s = map.get(key) ?? { n: 0, base: 0, changed: 0 }
      s.n++
      s.base += base.fundPaySumamt
      s.changed += changed.fundPaySumamt
      map.set(key, s)
    }
    bump(this.categories, category)
    bump(this.levels, level)
  }

  /** The report: layers in order, categories and levels by their current cost, largest first. */
  result(): WhatIfResult {
    const empty: Sums = { n: 0, base: 0, changed: 0 }
    const byCost = (a: WhatIfLine, b: WhatIfLine): number =>
      b.base - a.base || (a.key < b.key ? -1 : 1)
    return {
      settlements: this.n,
      layers: FUND_LAYERS.map(([key, field, name]) =>
        line(field, name, this.layers.get(key) ?? empty)
      ),
      byCategory: [...this.categories].map(([k, s]) => line(k, k, s)).sort(byCost),
      byLevel: [...this.levels]
        .map(([k, s]) => line(String(k), LEVEL_LABELS[k], s))
        .sort((a, b) => Number(b.key) - Number(a.key)),
    }
  }
}
