// SPDX-License-Identifier: Apache-2.0
import type { CatalogClass, Gender, InsuType, IsoDate } from '@yibao/domain'

/** Format tag of a serialized pack. */
export const PACK_FORMAT = 'yibao-pack/1'

/** Where one part of a pack came from (shown in NOTICE and in `yibao knowledge list`). */
export interface PackSource {
  /** Section of the pack this file fed, e.g. `drugCatalog`, `liangku.batch7`, `icd10`. */
  readonly section: string
  /** File name as imported. */
  readonly file: string
  /** sha256 of the file bytes. */
  readonly sha256: string
  readonly rows: number
  /** Worksheet name when the file is an .xlsx workbook (absent for CSV files). */
  readonly sheet?: string
  /** Publisher / licence note. */
  readonly attribution: string
}

/** A row of the national drug catalogue (国家医保药品目录), by generic name and dosage form. */
export interface CatalogDrug {
  /** Row number in the catalogue (编号), shared by ★ repeats. */
  readonly number: number | null
  /** 西药部分 / 中成药部分 / 协议期内谈判药品 / 竞价药品部分 / 基金予以支付的中药饮片 / 不得纳入基金支付范围的中药饮片. */
  readonly part: string
  readonly name: string
  readonly dosageForm: string | null
  /** 甲 01 / 乙 02; null for 饮片 rows without a class. */
  readonly catalogClass: CatalogClass | null
  /** ATC-like category code (XA02BC, Z…). */
  readonly categoryCode: string | null
  readonly categoryName: string | null
  /** 备注: 限定支付范围 text, or null. */
  readonly restriction: string | null
  /** 医保支付标准 text for negotiated drugs. */
  readonly paymentStandard: string | null
  /** 协议有效期 end date for negotiated drugs. */
  readonly agreementEnd: IsoDate | null
  /** True when the 饮片 is excluded from fund payment (不得纳入基金支付范围). */
  readonly notPayable: boolean
}

/** A national drug code (医保药品代码, 20/23 chars) known from the 两库 files. */
export interface DrugCode {
  readonly code: string
  /** 通用名 as written in the source. */
  readonly name: string
  /** Index into `KnowledgePack.catalogDrugs` when the generic name matches a catalogue row. */
  readonly catalogIndex: number | null
}

/** A national medical-service item code (医疗服务项目, 15 digits) known from the 两库 files. */
export interface ServiceItem {
  readonly code: string
  readonly name: string
}

/** ICD-10 医保版 2.0 diagnosis with its CC/MCC/CC-exclusion table ids. */
export interface DiagnosisCode {
  readonly code: string
  readonly name: string
  /** CC exclusion-table id when the code is a CC, else null. */
  readonly cc: number | null
  readonly mcc: number | null
  /** The exclusion table of this code as a principal diagnosis. */
  readonly cce: number | null
}

/** ICD-9-CM-3 医保版 2.0 procedure. */
export interface ProcedureCode {
  readonly code: string
  readonly name: string
  /** Counts as a valid (grouping-relevant) operation. */
  readonly validOr: boolean
}

/** A CHS-DRG group. */
export interface DrgGroup {
  readonly code: string
  readonly name: string
  readonly adrg: string
  readonly mdc: string
}

/** A DIP catalogue group (病种). */
export interface DipGroup {
  /** DIP分组编码 `<ICD-10 category>:<op codes or nan>`. */
  readonly code: string
  /** ICD-10 4-char category. */
  readonly diagCategory: string
  readonly name: string
  /** Main operation codes (empty = conservative treatment). */
  readonly mainOps: readonly string[]
  readonly otherOps: readonly string[]
  /** 一级/二级/三级核心病种. */
  readonly kind: string
  readonly score: number
  /** 基层病种. */
  readonly primaryCare: boolean
}

/**
 * The structured condition of a knowledge point: what the rule checks. One variant per
 * 两库 rule category; the audit engine compiles these.
 */
export type KnowledgeCondition =
  /** 限定性别: payable only for this gender (batch 1). */
  | { readonly kind: 'GENDER'; readonly gender: Gender }
  /**
   * 限定年龄: payable only inside the age range. Bounds in days when `unit` is `DAY`
   * (新生儿 ≤ 28 days), else years. `maxExclusive` null = no upper bound.
   */
  | {
      readonly kind: 'AGE'
      readonly group: string
      readonly unit: 'DAY' | 'YEAR'
      readonly min: number | null
      readonly maxExclusive: number | null
    }
  /** 限定保险类型: payable only by these insurance types (工伤 410 / 生育 510) (batch 3). */
  | { readonly kind: 'INSURANCE_TYPE'; readonly insuTypes: readonly InsuType[] }
  /** 限定就医方式: payable only in this setting (batch 4). */
  | { readonly kind: 'CARE_SETTING'; readonly setting: 'INPATIENT' | 'OUTPATIENT' }
  /** 限定机构等级: payable only at this level or above (batch 5). */
  | { readonly kind: 'INSTITUTION_LEVEL'; readonly minLevel: 1 | 2 | 3 }
  /** 限定支付疗程: payable for at most `maxDays` days per course (batch 6, batch 8-3). */
  | {
      readonly kind: 'PAYMENT_COURSE'
      readonly maxDays: number
      readonly minIntervalDays: number | null
    }
  /** 限定主次操作: second and later operations of the group are charged at a discount (batch 2). */
  | { readonly kind: 'SURGERY_DISCOUNT'; readonly group: string; readonly secondaryRate: number }
  /** 重复收费: `pairedCode` must not be charged with this item within `window` (batch 7). */
  | {
      readonly kind: 'DUPLICATE_CHARGE'
      readonly pairedCode: string
      readonly pairedName: string
      /** 单日 / 单次就诊 / 同一小时 / 6小时 as in the source. */
      readonly window: 'DAY' | 'ENCOUNTER' | 'HOUR' | 'SIX_HOURS'
    }
  /** 限定频次: at most `maxQuantity` per unit period (batch 8-1). */
  | {
      readonly kind: 'FREQUENCY'
      readonly maxQuantity: number
      /** 日 / 小时 / 次 as in the source, normalized. */
      readonly per: 'DAY' | 'HOUR' | 'ENCOUNTER'
    }
  /** 周期超频次: at most `maxCount` within `periodDays` rolling days (batch 8-4). */
  | { readonly kind: 'PERIOD_FREQUENCY'; readonly maxCount: number; readonly periodDays: number }

/** Kind tag of a knowledge condition. */
export type KnowledgeKind = KnowledgeCondition['kind']

/** One knowledge point (知识点): a code-level restriction from a 两库 batch. */
export interface KnowledgePoint {
  /** Stable id, e.g. `B7-0001`. */
  readonly id: string
  /** 两库 batch number (1–8). */
  readonly batch: number
  /** Pack section that produced the point, e.g. `liangku.batch7` (absent in hand-made packs). */
  readonly section?: string
  /** 药品 or 医疗服务项目. */
  readonly subject: 'DRUG' | 'ITEM'
  /** The national codes this point applies to. */
  readonly codes: readonly string[]
  /** 通用名 / 项目名称. */
  readonly name: string
  /** The restriction as published (限定类型 + 说明 + 备注). */
  readonly text: string
  readonly condition: KnowledgeCondition
  readonly effectiveFrom: IsoDate
  readonly effectiveTo: IsoDate | null
}

/**
 * A knowledge pack: one immutable version of everything the rules and the groupers read.
 * A new import makes a new version; nothing is edited in place.
 */
export interface KnowledgePack {
  readonly format: typeof PACK_FORMAT
  /** e.g. `2025.1`. */
  readonly version: string
  /** First day this version applies to. */
  readonly effectiveFrom: IsoDate
  readonly builtAt: string
  readonly sources: readonly PackSource[]
  readonly catalogDrugs: readonly CatalogDrug[]
  readonly drugCodes: readonly DrugCode[]
  readonly serviceItems: readonly ServiceItem[]
  readonly diagnoses: readonly DiagnosisCode[]
  readonly procedures: readonly ProcedureCode[]
  readonly drgs: readonly DrgGroup[]
  readonly dip: readonly DipGroup[]
  readonly points: readonly KnowledgePoint[]
}
