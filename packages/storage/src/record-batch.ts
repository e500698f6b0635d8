// SPDX-License-Identifier: Apache-2.0
import type {
  Diagnosis,
  Encounter,
  FeeLine,
  Institution,
  Operation,
  Person,
  PersonIdentity,
  PriceCap,
  Region,
  Settlement,
  SettlementFundDetail,
  Staff,
  StaffLink,
  ViolationTruth,
} from '@yibao/domain'

/**
 * A set of records written together by `loadRecordBatch`: what the synthetic-region generator
 * yields for a run of persons, or reference data (region, institutions, staff, price caps).
 * Every array is optional; empty and missing arrays are skipped.
 */
export interface RecordBatch {
  /** The 统筹区 (one, or several for a multi-county region). */
  readonly region?: Region | readonly Region[] | undefined
  readonly institutions?: readonly Institution[] | undefined
  readonly staff?: readonly Staff[] | undefined
  readonly staffLinks?: readonly StaffLink[] | undefined
  readonly priceCaps?: readonly PriceCap[] | undefined
  readonly persons?: readonly Person[] | undefined
  readonly identities?: readonly PersonIdentity[] | undefined
  readonly encounters?: readonly Encounter[] | undefined
  readonly diagnoses?: readonly Diagnosis[] | undefined
  readonly operations?: readonly Operation[] | undefined
  readonly feeLines?: readonly FeeLine[] | undefined
  readonly settlements?: readonly Settlement[] | undefined
  readonly fundDetails?: readonly SettlementFundDetail[] | undefined
  readonly truth?: readonly ViolationTruth[] | undefined
}
