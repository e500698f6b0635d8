// SPDX-License-Identifier: Apache-2.0
import type { Diagnosis, Encounter, Operation } from './encounter.js'
import type { FeeLine } from './fee-line.js'
import type { Institution, InstitutionCapability } from './institution.js'
import type { Person, PersonIdentity } from './person.js'
import type { PriceCap } from './price-cap.js'
import type { Region } from './region.js'
import type { Settlement, SettlementFundDetail } from './settlement.js'
import type { Staff, StaffLink } from './staff.js'
import type { ViolationTruth } from './violation.js'

/**
 * The records of a run of persons, each kind sorted by person (byte order) then time: what the
 * generator yields per batch and what batch audit and screening read per chunk. A person's
 * records are never split across two runs.
 */
export interface PersonRecords {
  readonly persons: Person[]
  readonly identities: PersonIdentity[]
  readonly encounters: Encounter[]
  readonly diagnoses: Diagnosis[]
  readonly operations: Operation[]
  readonly feeLines: FeeLine[]
  readonly settlements: Settlement[]
}

/**
 * A set of records written together: reference data (region, institutions, staff, price caps)
 * and/or the records of a run of persons. Every array is optional; empty and missing arrays
 * are skipped.
 */
export interface RecordBatch {
  /** The 统筹区 (one, or several for a multi-county region). */
  readonly region?: Region | readonly Region[] | undefined
  readonly institutions?: readonly Institution[] | undefined
  /** The capability register (服务能力登记) of institutions. */
  readonly capabilities?: readonly InstitutionCapability[] | undefined
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
