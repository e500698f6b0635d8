// SPDX-License-Identifier: Apache-2.0
import type { InstitutionLevel, InstitutionTier, InstitutionType } from './codes.js'

/** A designated institution (定点医药机构), keyed by `fixmedins_code`. */
export interface Institution {
  readonly code: string
  readonly name: string
  readonly type: InstitutionType
  readonly level: InstitutionLevel
  /** 统筹区 (医保区划) the institution belongs to. */
  readonly admdvs: string
  /** County, city or province tier, for tier-based caps. */
  readonly tier: InstitutionTier
}
