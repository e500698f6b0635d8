// SPDX-License-Identifier: Apache-2.0
import type { LiangkuSectionId } from './liangku-sections.js'

/** Sections of a pack fed by reference tables (not 两库 rule tables). */
export type ReferenceSectionId = 'drugCatalog' | 'icd10' | 'icd9cm3' | 'drg' | 'dip'

/** Every section of a pack: what one imported file (or worksheet) can replace. */
export type PackSectionId = ReferenceSectionId | LiangkuSectionId

/** All sections in pack order (sources and points follow this order). */
export const PACK_SECTIONS: readonly PackSectionId[] = [
  'drugCatalog',
  'liangku.batch1.drugGender',
  'liangku.batch1.drugAge',
  'liangku.batch1.itemGender',
  'liangku.batch1.itemAge',
  'liangku.batch2',
  'liangku.batch3',
  'liangku.batch4',
  'liangku.batch5',
  'liangku.batch6',
  'liangku.batch7',
  'liangku.batch8.1',
  'liangku.batch8.2',
  'liangku.batch8.3',
  'liangku.batch8.4',
  'icd10',
  'icd9cm3',
  'drg',
  'dip',
]

const LIANGKU_ATTRIBUTION =
  '国家医疗保障局 医保基金智能监管规则库、知识库 规则对应知识点明细（官方发布内容），经 jdzwq/MediModel 转录'

/** Publisher / licence note recorded in `PackSource.attribution` for each section. */
export const SECTION_ATTRIBUTION: Record<PackSectionId, string> = {
  drugCatalog:
    '国家医疗保障局《国家基本医疗保险、工伤保险和生育保险药品目录（2024年）》（官方发布内容），取自国家医保服务平台公开查询服务',
  'liangku.batch1.drugGender': LIANGKU_ATTRIBUTION,
  'liangku.batch1.drugAge': LIANGKU_ATTRIBUTION,
  'liangku.batch1.itemGender': LIANGKU_ATTRIBUTION,
  'liangku.batch1.itemAge': LIANGKU_ATTRIBUTION,
  'liangku.batch2': LIANGKU_ATTRIBUTION,
  'liangku.batch3': LIANGKU_ATTRIBUTION,
  'liangku.batch4': LIANGKU_ATTRIBUTION,
  'liangku.batch5': LIANGKU_ATTRIBUTION,
  'liangku.batch6': LIANGKU_ATTRIBUTION,
  'liangku.batch7': LIANGKU_ATTRIBUTION,
  'liangku.batch8.1': LIANGKU_ATTRIBUTION,
  'liangku.batch8.2': LIANGKU_ATTRIBUTION,
  'liangku.batch8.3': LIANGKU_ATTRIBUTION,
  'liangku.batch8.4': LIANGKU_ATTRIBUTION,
  icd10:
    'ICD-10 医保版 2.0 与 CHS-DRG 1.1 CC/MCC 排除表（国家医疗保障局发布），经 OpenDRG/DRG_JavaScript 转录，Apache-2.0',
  icd9cm3:
    'ICD-9-CM-3 医保版 2.0（国家医疗保障局发布），经 OpenDRG/DRG_JavaScript 转录，Apache-2.0',
  drg: 'CHS-DRG 1.1 分组（国家医疗保障局发布），经 OpenDRG/DRG_JavaScript 转录，Apache-2.0',
  dip: 'DIP 2.0 病种分值目录（丰顺），取自 zhanshaodong/DIP2.0，MIT，Copyright (c) 2023 DIP2.0',
}
