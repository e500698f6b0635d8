// SPDX-License-Identifier: Apache-2.0
import type { StaffKind } from './codes.js'
import type { IsoDate } from './dates.js'

/** A medical staff member (医保医师/药师/护士…), one file per person across institutions. */
export interface Staff {
  /** National staff code (医保医师代码 / 药师代码). */
  readonly code: string
  readonly name: string
  readonly kind: StaffKind
  /** 职称, e.g. 主任医师, 副主任医师, 主治医师, 住院医师, 药师. */
  readonly title: string
}

/** A staff member's practice at an institution over a period (多点执业 gives several). */
export interface StaffLink {
  readonly staffCode: string
  readonly institutionCode: string
  readonly deptCode: string | null
  readonly begin: IsoDate
  readonly end: IsoDate | null
}
