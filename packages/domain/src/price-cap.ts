// SPDX-License-Identifier: Apache-2.0
import type { InstitutionLevel } from './codes.js'
import type { IsoDate } from './dates.js'
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
