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

/**
 * The default map of the capability register: which items (national 医疗服务项目 codes, by prefix)
 * need which capability. A bureau keeps its own in the rule's and the screening's parameters.
 */
export const DEFAULT_CAPABILITY_ITEMS: Readonly<Record<string, readonly string[]>> = {
  LAMINAR: ['001109000020'],
  ICU: ['001109000030100', '001201000010000'],
}

/** Names of the capabilities, in Chinese. */
export const CAPABILITY_NAMES: Readonly<Record<string, string>> = {
  LAMINAR: '层流洁净病房',
  ICU: '重症监护病房',
  PIVAS: '静脉用药集中调配中心',
  PACU: '麻醉恢复室',
}

/** The capability an item code needs under a map, or undefined. */
export function capabilityOfItem(
  code: string,
  items: Readonly<Record<string, readonly string[]>>
): string | undefined {
  // Called for every fee line by the audit rule: plain loops, no allocation.
  for (const capability in items)
    for (const prefix of items[capability] ?? []) if (code.startsWith(prefix)) return capability
  return undefined
}
