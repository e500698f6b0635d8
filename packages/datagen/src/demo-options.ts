// SPDX-License-Identifier: Apache-2.0
import type {
  Institution,
  InstitutionCapability,
  PersonRecords,
  PriceCap,
  Region,
  SettlementFundDetail,
  Staff,
  StaffLink,
  ViolationTruth,
} from '@yibao/domain'

/** Size of the demo region: `county` is the 辰溪县 calibration, `small` about 1/50 of it. */
export type DemoScale = 'small' | 'county'

/** Options of `generateRegion` and `demoPlan`. */
export interface DemoOptions {
  readonly scale: DemoScale
  /** Seed of the pseudo-random generator; the same seed and scale give identical data. */
  readonly seed: number
  /**
   * Injection rate per violation type code (D1, S12, M14…): the expected number of injected
   * cases per insured person over the period. Missing codes use `DEFAULT_RATES`; 0 disables a type.
   */
  readonly rates?: Partial<Record<string, number>>
  /** Persons per batch (default 2,000). */
  readonly batchSize?: number
}

/**
 * One batch of generated records. The first batch carries the reference data (region,
 * institutions and their capability register, staff, price caps) and no persons; every later batch carries about
 * `batchSize` persons with their whole history, so that every cross-claim pattern of a person lies
 * inside one batch.
 */
export interface RegionBatch extends PersonRecords {
  /** 0 for the reference batch, then 1, 2, … */
  readonly index: number
  readonly region?: Region[]
  readonly institutions?: Institution[]
  /** The capability register (服务能力登记) of the institutions; reference batch only. */
  readonly capabilities?: InstitutionCapability[]
  readonly staff?: Staff[]
  readonly staffLinks?: StaffLink[]
  readonly priceCaps?: PriceCap[]
  readonly fundDetails: SettlementFundDetail[]
  readonly truth: ViolationTruth[]
}
