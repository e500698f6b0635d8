// SPDX-License-Identifier: Apache-2.0
import type { Fen } from './money.js'

/** 明确违规 / 高度可疑 / 一般可疑 / 提醒 (domain.md §1.4). */
export type FindingSeverity = 'CLEAR' | 'HIGH_SUSPECT' | 'SUSPECT' | 'INFO'
export const FINDING_SEVERITY_LABELS: Record<FindingSeverity, string> = {
  CLEAR: '明确违规',
  HIGH_SUSPECT: '高度可疑',
  SUSPECT: '一般可疑',
  INFO: '提醒',
}

/** Family of a violation type, following domain.md §1.5.1–§1.5.5. */
export type ViolationFamily = 'DRUG_POLICY' | 'ITEM_POLICY' | 'MANAGEMENT' | 'MEDICAL' | 'BEHAVIOUR'

/** A violation type of the catalogue in domain.md §1.5. */
export interface ViolationType {
  /** The catalogue number (D1…D14, S1…S19, C1…C4, M1…M21, Z1, R1…R21, F1…F12, P1). */
  readonly code: string
  readonly name: string
  readonly family: ViolationFamily
  /** National rule code (GZ…/ZB…) where one exists. */
  readonly nationalCode: string | null
  /** True when it compares several encounters or lines of a person over time. */
  readonly crossClaim: boolean
}

const gz = (tier1: string, tier2: string, seq: number): string =>
  `GZ1000${tier1}${tier2}${String(seq).padStart(3, '0')}000`

function t(
  code: string,
  name: string,
  family: ViolationFamily,
  nationalCode: string | null,
  crossClaim = false
): ViolationType {
  return { code, name, family, nationalCode, crossClaim }
}

/** The violation catalogue of domain.md §1.5, in document order. */
export const VIOLATION_TYPES: readonly ViolationType[] = [
  t('D1', '药品限工伤保险', 'DRUG_POLICY', gz('01', '01', 1)),
  t('D2', '药品限生育保险', 'DRUG_POLICY', gz('01', '01', 2)),
  t('D3', '中药饮片单复方均不予支付', 'DRUG_POLICY', gz('01', '01', 3)),
  t('D4', '中药饮片单方使用不予支付', 'DRUG_POLICY', gz('01', '01', 4)),
  t('D5', '药品限二线使用', 'DRUG_POLICY', gz('01', '01', 5), true),
  t('D6', '药品限新生儿使用', 'DRUG_POLICY', gz('01', '01', 6)),
  t('D7', '药品限儿童使用', 'DRUG_POLICY', gz('01', '01', 7)),
  t('D8', '药品限适应症', 'DRUG_POLICY', gz('01', '01', 8)),
  t('D9', '药品限最大支付天数/开药量', 'DRUG_POLICY', gz('01', '01', 9)),
  t('D10', '药品限支付疗程', 'DRUG_POLICY', gz('01', '01', 10), true),
  t('D11', '药品超限定病种目录范围', 'DRUG_POLICY', gz('01', '01', 11)),
  t('D12', '药品限医疗机构级别', 'DRUG_POLICY', gz('01', '01', 12)),
  t('D13', '药品限就医方式', 'DRUG_POLICY', null),
  t('D14', '超互联网医院药品支付范围', 'DRUG_POLICY', null),
  t('S1', '超限定单价收费', 'ITEM_POLICY', gz('01', '02', 1)),
  t('S2', '手术项目未按规定折价收费', 'ITEM_POLICY', gz('01', '02', 2)),
  t('S3', '医疗服务项目限工伤保险', 'ITEM_POLICY', gz('01', '02', 3)),
  t('S4', '医疗服务项目限生育保险', 'ITEM_POLICY', gz('01', '02', 4)),
  t('S5', '医疗服务项目限新生儿', 'ITEM_POLICY', gz('01', '02', 5)),
  t('S6', '医疗服务项目限儿童', 'ITEM_POLICY', gz('01', '02', 6)),
  t('S7', '医疗服务项目限适应症', 'ITEM_POLICY', gz('01', '02', 7)),
  t('S8', '医疗服务项目限科室使用', 'ITEM_POLICY', gz('01', '02', 8)),
  t('S9', '医疗服务项目限就医方式', 'ITEM_POLICY', gz('01', '02', 9)),
  t('S10', '医疗服务项目限支付疗程', 'ITEM_POLICY', gz('01', '02', 10), true),
  t('S11', '医疗服务项目限医疗机构级别', 'ITEM_POLICY', gz('01', '02', 11)),
  t('S12', '医疗服务项目重复收费', 'ITEM_POLICY', gz('01', '02', 12)),
  t('S13', '医疗服务项目分解收费', 'ITEM_POLICY', gz('01', '02', 13)),
  t('S14', '医疗服务项目限定频次', 'ITEM_POLICY', gz('01', '02', 14)),
  t('S15', '医疗服务项目周期超频次', 'ITEM_POLICY', null, true),
  t('S16', '医疗服务项目限年龄', 'ITEM_POLICY', null),
  t('S17', '医疗服务项目超限定报销总额', 'ITEM_POLICY', gz('01', '02', 15), true),
  t('S18', '单日计量超物理上限', 'ITEM_POLICY', null),
  t('S19', '目录外（全自费）费用纳入基金支付', 'ITEM_POLICY', null),
  t('C1', '医用耗材限新生儿', 'ITEM_POLICY', gz('01', '03', 1)),
  t('C2', '医用耗材限儿童', 'ITEM_POLICY', gz('01', '03', 2)),
  t('C3', '医用耗材超限定报销总额', 'ITEM_POLICY', gz('01', '03', 3), true),
  t('C4', '医用耗材限疾病使用', 'ITEM_POLICY', null),
  t('M1', '医保结算清单信息异常', 'MANAGEMENT', gz('02', '01', 1)),
  t('M2', '结算明细信息异常', 'MANAGEMENT', gz('02', '01', 2)),
  t('M3', '疾病诊断编码异常', 'MANAGEMENT', gz('02', '01', 3)),
  t('M4', '手术操作编码异常', 'MANAGEMENT', gz('02', '01', 4)),
  t('M5', '手术操作编码与性别不符', 'MANAGEMENT', gz('02', '01', 5)),
  t('M6', '诊断编码与手术操作编码不符', 'MANAGEMENT', gz('02', '01', 6)),
  t('M7', '就诊数据非实时上传', 'MANAGEMENT', gz('02', '01', 7)),
  t('M8', '计费日期与住院时间不符', 'MANAGEMENT', gz('02', '01', 8)),
  t('M9', '药品进销存异常', 'MANAGEMENT', gz('02', '02', 1), true),
  t('M10', '围手术期抗菌药物预防性应用', 'MANAGEMENT', gz('02', '02', 2)),
  t('M11', '抗菌药物分级使用管理', 'MANAGEMENT', gz('02', '02', 3)),
  t('M12', '药品种类超标', 'MANAGEMENT', gz('02', '02', 4)),
  t('M13', '医用耗材进销存异常', 'MANAGEMENT', gz('02', '03', 1), true),
  t('M14', '分解住院', 'MANAGEMENT', gz('02', '04', 1), true),
  t('M15', '频繁门诊', 'MANAGEMENT', gz('02', '04', 2), true),
  t('M16', '频繁购药', 'MANAGEMENT', gz('02', '04', 3), true),
  t('M17', '频繁住院', 'MANAGEMENT', gz('02', '04', 4), true),
  t('M18', '无指征住院（低标准入院）', 'MANAGEMENT', gz('02', '04', 5)),
  t('M19', '诊断与患者性别不符', 'MANAGEMENT', gz('02', '04', 6)),
  t('M20', '诊断与患者年龄不符', 'MANAGEMENT', gz('02', '04', 7)),
  t('M21', '医保支付资格暂停或终止人员发生费用', 'MANAGEMENT', null),
  t(
    'Z1',
    '统计指标监测（药占比、检查检验占比、耗材占比等）',
    'MANAGEMENT',
    'ZB10000205001000',
    true
  ),
  t('R1', '药品与医疗服务项目不符', 'MEDICAL', gz('03', '01', 1)),
  t('R2', '药品儿童专用', 'MEDICAL', gz('03', '01', 2)),
  t('R3', '药品儿童禁用', 'MEDICAL', gz('03', '01', 3)),
  t('R4', '药品区分性别使用', 'MEDICAL', gz('03', '01', 4)),
  t('R5', '超说明书用量开药', 'MEDICAL', gz('03', '01', 5)),
  t('R6', '重复开药', 'MEDICAL', gz('03', '01', 6), true),
  t('R7', '超说明书适应症用药', 'MEDICAL', gz('03', '01', 7)),
  t('R8', '药品禁忌症', 'MEDICAL', gz('03', '01', 8)),
  t('R9', '老年人用药安全', 'MEDICAL', gz('03', '01', 9)),
  t('R10', '妊娠期及哺乳期用药安全', 'MEDICAL', gz('03', '01', 10)),
  t('R11', '药品相互作用', 'MEDICAL', gz('03', '01', 11)),
  t('R12', '中药饮片配伍禁忌', 'MEDICAL', gz('03', '01', 12)),
  t('R13', '无指征检验检查', 'MEDICAL', gz('03', '02', 1), true),
  t('R14', '无指征治疗', 'MEDICAL', gz('03', '02', 2)),
  t('R15', '医疗服务项目儿童专用', 'MEDICAL', gz('03', '02', 3)),
  t('R16', '医疗服务项目区分性别使用', 'MEDICAL', gz('03', '02', 4)),
  t('R17', '医疗服务项目禁忌症', 'MEDICAL', gz('03', '02', 5)),
  t('R18', '医疗服务项目超适应症', 'MEDICAL', gz('03', '02', 6)),
  t('R19', '耗材与医疗服务项目不符', 'MEDICAL', gz('03', '03', 1)),
  t('R20', '耗材与科室不符', 'MEDICAL', gz('03', '03', 2)),
  t('R21', '耗材数量超标', 'MEDICAL', gz('03', '03', 3)),
  t('F1', '挂床住院', 'BEHAVIOUR', null, true),
  t('F2', '住院天数与床位费不符', 'BEHAVIOUR', null),
  t('F3', '死亡后发生费用', 'BEHAVIOUR', null, true),
  t('F4', '同一时间多地就医', 'BEHAVIOUR', null, true),
  t('F5', '冒名就医', 'BEHAVIOUR', null, true),
  t('F6', '串换项目/药品', 'BEHAVIOUR', null),
  t('F7', '虚记费用', 'BEHAVIOUR', null),
  t('F8', '个人账户购买生活用品', 'BEHAVIOUR', null),
  t('F9', '团伙骗保/结伴就医', 'BEHAVIOUR', null, true),
  t('F10', '同日拆分交易/高频小额', 'BEHAVIOUR', null, true),
  t('F11', '节假日/夜间住院异常', 'BEHAVIOUR', null, true),
  t('F12', 'DRG/DIP 高套/低标入院/转嫁费用', 'BEHAVIOUR', null),
  // Not an institution's violation but a settlement's: a benefit the person was due was not given.
  t('P1', '倾斜待遇应享未享（结算未落实倾斜政策）', 'MANAGEMENT', null),
]

const byCode = new Map(VIOLATION_TYPES.map((v) => [v.code, v]))

/** The violation type with this catalogue code, or undefined. */
export function violationType(code: string): ViolationType | undefined {
  return byCode.get(code)
}

/**
 * The truth about one injected violation in a synthetic region: which encounter, which fee line
 * (when the violation is line-level) and which type. Evaluations compare findings with these.
 */
export interface ViolationTruth {
  readonly id: string
  /** Catalogue code of `VIOLATION_TYPES`. */
  readonly type: string
  readonly psnNo: string
  readonly mdtrtId: string
  /** The offending fee line, or null for encounter-level violations. */
  readonly feedetlSn: string | null
  readonly institutionCode: string
  /** Amount the violation put on the fund (the recoverable amount), in fen. */
  readonly amount: Fen
  /** Short Chinese description of what was injected. */
  readonly note: string
}
