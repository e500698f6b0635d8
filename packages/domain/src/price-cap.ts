// SPDX-License-Identifier: Apache-2.0
import type { InstitutionLevel } from './codes.js'
import type { IsoDate } from './dates.js'
import { dayNumber } from './dates.js'
import type { PriceE4 } from './money.js'

/**
 * A local price cap (医疗服务价格) of a service item or consumable at an institution level, valid
 * over a period. There is no national price table: each 统筹区 imports its own (the demo region
 * generates one).
 */
export interface PriceCap {
  readonly admdvs: string
  readonly code: string
  readonly level: InstitutionLevel
  readonly cap: PriceE4
  readonly begin: IsoDate
  readonly end: IsoDate | null
}

/**
 * The price caps of a region, looked up by item, level and day: the one place that decides which
 * cap applies (the audit's price rules and the settlement's 超限价 read it alike).
 */
export class PriceCapIndex {
  private readonly caps = new Map<string, { cap: PriceCap; from: number; to: number }[]>()

  /** @param caps - the caps, of one region or several */
  constructor(caps: Iterable<PriceCap> = []) {
    for (const cap of caps) {
      const entry = {
        cap,
        from: dayNumber(cap.begin),
        to: cap.end === null ? Infinity : dayNumber(cap.end),
      }
      const list = this.caps.get(cap.code)
      if (list) list.push(entry)
      else this.caps.set(cap.code, [entry])
    }
  }

  /**
   * The cap of an item at a level on a day: the institution's region's, else (an institution
   * outside the loaded price tables) the first region's that has one.
   *
   * @param code - the item's national code
   * @param level - the institution's level
   * @param day - day number (`dayNumber`) of the fee
   * @param admdvs - the institution's region, or null when unknown
   * @returns the cap, or undefined when there is none
   */
  capOf(
    code: string,
    level: InstitutionLevel,
    day: number,
    admdvs: string | null
  ): PriceE4 | undefined {
    const list = this.caps.get(code)
    if (!list) return undefined
    let other: PriceE4 | undefined
    for (const { cap: c, from, to } of list) {
      if (c.level !== level || day < from || day > to) continue
      if (admdvs === null || c.admdvs === admdvs) return c.cap
      other ??= c.cap
    }
    return other
  }
}
