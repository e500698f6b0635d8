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

/**
 * One entry of the capability register (服务能力登记): a service an institution is equipped and
 * licensed to provide (层流洁净病房, 重症监护, 静脉用药集中调配 …) over a period. Screening reads it to
 * find items billed by institutions that cannot perform them (虚记费用).
 */
export interface InstitutionCapability {
  readonly institutionCode: string
  /** Capability code of the register, e.g. `LAMINAR`, `ICU`, `PIVAS`. */
  readonly capability: string
  /** First day (YYYY-MM-DD). */
  readonly beginDate: string
  /** Last day, or null while it lasts. */
  readonly endDate: string | null
}
