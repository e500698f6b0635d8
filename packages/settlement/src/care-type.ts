// SPDX-License-Identifier: Apache-2.0
import type { EncounterKind } from '@yibao/domain'

/**
 * The care types benefit policies distinguish: 住院, 普通门诊, 门诊慢特病 (med_type 14 / 16) and
 * 定点药店购药.
 */
export type CareType = 'INPATIENT' | 'OUTPATIENT' | 'CHRONIC' | 'PHARMACY'

/** Every care type. */
export const CARE_TYPES: readonly CareType[] = ['INPATIENT', 'OUTPATIENT', 'CHRONIC', 'PHARMACY']

/** Chinese names of the care types. */
export const CARE_TYPE_LABELS: Record<CareType, string> = {
  INPATIENT: '住院',
  OUTPATIENT: '普通门诊',
  CHRONIC: '门诊慢特病',
  PHARMACY: '药店购药',
}

/** The care type of an encounter from its kind and `med_type`. */
export function careTypeOf(kind: EncounterKind, medType: string): CareType {
  if (kind === 'INPATIENT') return 'INPATIENT'
  if (kind === 'PHARMACY') return 'PHARMACY'
  if (medType === '14' || medType === '16') return 'CHRONIC'
  return 'OUTPATIENT'
}
