// SPDX-License-Identifier: Apache-2.0
import type { Gender, IdentityType, InsuType } from './codes.js'
import type { IsoDate } from './dates.js'
import { withinPeriod } from './dates.js'

/** An insured person (参保人), keyed by the national person number `psn_no`. */
export interface Person {
  readonly psnNo: string
  readonly name: string
  /** 证件号码 (18-digit resident ID for most people). */
  readonly certno: string
  readonly gender: Gender
  readonly birthDate: IsoDate
  /** 险种: 职工 310 or 居民 390. */
  readonly insuType: InsuType
  /** 参保地医保区划 (统筹区). */
  readonly admdvs: string
  /** Date of death when known (from the death registry exchange), else null. */
  readonly deathDate: IsoDate | null
}

/** A time-bounded identity (人员身份) such as 特困 or 低保, valid from `begin` to `end` inclusive. */
export interface PersonIdentity {
  readonly psnNo: string
  readonly type: IdentityType
  readonly begin: IsoDate
  /** Last valid day, or null while still valid. */
  readonly end: IsoDate | null
  /** Where the identity came from (民政, 残联, 乡村振兴…). */
  readonly source: string
}

/** The identities of a person valid on `date`. */
export function identitiesOn(
  identities: readonly PersonIdentity[],
  date: IsoDate
): PersonIdentity[] {
  return identities.filter((i) => withinPeriod(date, i.begin, i.end))
}
