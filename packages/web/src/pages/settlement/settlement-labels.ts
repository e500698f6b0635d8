// SPDX-License-Identifier: Apache-2.0
// The code lists the settlement pages offer, in display order; their names are in the
// dictionaries (`insuType.390`, `identity.DIBAO`…).
import type { CareKind, CatalogClass, InstitutionTier, ListType } from '../../api'

/** 险种类型 `insutype`. */
export const INSU_TYPES = ['390', '310', '391', '320', '340'] as const

/** 医院等级: 三级 first. */
export const LEVELS = [3, 2, 1, 0] as const

export const TIERS: readonly InstitutionTier[] = ['COUNTY', 'CITY', 'PROVINCE']

export const CARE_KINDS: readonly CareKind[] = ['INPATIENT', 'OUTPATIENT', 'PHARMACY']

/** 医疗类别 `med_type` of each kind of care, the usual one first. */
export const MED_TYPES: Record<CareKind, readonly string[]> = {
  INPATIENT: ['21', '22', '24', '52'],
  OUTPATIENT: ['11', '13', '14', '16', '51'],
  PHARMACY: ['41'],
}

export const LIST_TYPES: readonly ListType[] = ['101', '102', '201', '301']

export const CATALOG_CLASSES: readonly CatalogClass[] = ['01', '02', '03']
