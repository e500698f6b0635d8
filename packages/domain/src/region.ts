// SPDX-License-Identifier: Apache-2.0

/** A 统筹区 (pooling region), keyed by its 医保区划 code. */
export interface Region {
  readonly admdvs: string
  readonly name: string
  /** The parent region (city for a county, province for a city), if any. */
  readonly parent: string | null
}
