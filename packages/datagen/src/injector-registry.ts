// SPDX-License-Identifier: Apache-2.0
import type { Injector } from './injector.js'
import { BEHAVIOUR_INJECTORS } from './injectors/behaviour-injectors.js'
import { DRUG_INJECTORS } from './injectors/drug-injectors.js'
import { ITEM_INJECTORS } from './injectors/item-injectors.js'
import { MANAGEMENT_INJECTORS } from './injectors/management-injectors.js'
import { SCREENING_INJECTORS } from './injectors/screening-injectors.js'

/** Every injector, keyed by violation type code; add one here to inject a new pattern. */
export const INJECTORS: Readonly<Record<string, Injector>> = Object.fromEntries(
  [
    ...DRUG_INJECTORS,
    ...ITEM_INJECTORS,
    ...MANAGEMENT_INJECTORS,
    ...BEHAVIOUR_INJECTORS,
    ...SCREENING_INJECTORS,
  ].map((i) => [i.code, i])
)

/** Rates that differ from the default 0.001 (F6 and Z1 are institution-level screening patterns). */
const RATE_OVERRIDES: Readonly<Record<string, number>> = {
  S1: 0.002,
  M2: 0.002,
  D9: 0.002,
  S12: 0.002,
  R4: 0.002,
  F9: 0.0004,
  F6: 0.006,
  Z1: 0.006,
}

/**
 * Default injection rates (expected cases per insured person over the period). About 0.1 % per
 * type gives 5–10 cases of each at `small` scale; F6 and Z1 (0.6 %) give about 47 cases each, so
 * that their few institutions stand out. Roughly 2.5 % of encounters are touched overall.
 */
export const DEFAULT_RATES: Readonly<Record<string, number>> = Object.fromEntries(
  Object.keys(INJECTORS).map((code) => [code, RATE_OVERRIDES[code] ?? 0.001])
)

/** Catalogue types that are not injected, with the reason. */
export const NOT_INJECTED: Readonly<Record<string, string>> = {
  D4: '知识包没有“单方使用不予支付”饮片清单（第十一批）',
  D5: '知识包没有二线用药及一线用药对应关系',
  D8: '知识包的限定支付范围只有文本，没有结构化的适应症诊断集',
  D11: '没有门诊慢特病病种—用药目录',
  D14: '数据模型没有互联网医院就诊',
  S3: '知识包没有限工伤保险的医疗服务项目知识点',
  S4: '知识包没有限生育保险的医疗服务项目知识点',
  S7: '知识包没有项目适应症知识点',
  S8: '知识包没有项目限科室知识点',
  S9: '知识包没有项目限就医方式知识点',
  S11: '知识包没有项目限医疗机构级别知识点',
  S13: '知识包没有项目组套（分解收费）对照表',
  S17: '知识包没有项目报销总额上限',
  C1: '知识包没有耗材知识点（耗材使用本地编码）',
  C2: '知识包没有耗材知识点（耗材使用本地编码）',
  C3: '知识包没有耗材报销总额上限',
  C4: '知识包没有耗材限疾病知识点',
  M3: '没有诊断—诊疗证据对照表',
  M5: '知识包没有手术操作性别对照表',
  M6: '知识包没有诊断—手术操作关联表',
  M9: '数据模型没有药品进销存与追溯码',
  M10: '知识包没有抗菌药物分类与围手术期时限',
  M11: '知识包没有抗菌药物分级与医师处方权',
  M13: '数据模型没有耗材进销存',
  M18: '判定依赖本地阈值与“门诊可治”目录',
  R1: '没有药品—项目关联知识',
  R2: '与 D7 同一模式（限儿童药品用于成人），真值记为 D7',
  R3: '知识包没有儿童禁用药品',
  R5: '没有说明书用量',
  R6: '没有药理分类重复用药知识',
  R7: '没有说明书适应症',
  R8: '没有药品禁忌症',
  R9: '没有老年人慎用药品清单',
  R10: '数据模型中妊娠/哺乳状态统一为 0',
  R11: '没有药品相互作用知识',
  R12: '饮片没有十八反/十九畏知识',
  R13: '没有检验检查指征知识',
  R14: '没有治疗指征知识',
  R15: '与 S6 同一模式（限儿童项目用于成人），真值记为 S6',
  R17: '没有项目禁忌症',
  R18: '没有项目适应症',
  R19: '没有耗材—项目关联知识（耗材使用本地编码）',
  R20: '没有耗材—科室关联知识',
  R21: '没有耗材数量上限',
  F5: '冒名就医需要人脸/设备数据，数据模型没有',
  F8: '药店商品明细（非药品 SKU）不在数据模型中',
  F11: '判定依赖节假日日历与本地阈值，暂未注入',
  F12: '高套/低编需要病案首页与分组器，留待 DIP/DRG 模块',
}
