// SPDX-License-Identifier: Apache-2.0
// Code lists. National dictionary values are used where they are known (domain.md §2); where the
// national dictionary was not available, yibao's own stable codes are used and the Chinese label
// is what people see.

/** 性别 `gend`: 1 男, 2 女, 0 未知, 9 未说明. */
export type Gender = '1' | '2' | '0' | '9'
export const GENDER_LABELS: Record<Gender, string> = {
  '1': '男',
  '2': '女',
  '0': '未知',
  '9': '未说明',
}

/** 险种类型 `insutype`. */
export type InsuType = '310' | '320' | '330' | '340' | '390' | '391' | '392' | '410' | '510'
export const INSUTYPE_LABELS: Record<InsuType, string> = {
  '310': '职工基本医疗保险',
  '320': '公务员医疗补助',
  '330': '大额医疗费用补助',
  '340': '离休人员医疗保障',
  '390': '城乡居民基本医疗保险',
  '391': '城乡居民基本医疗保险（二档）',
  '392': '城乡居民大病医疗保险',
  '410': '工伤保险',
  '510': '生育保险',
}

/**
 * 人员身份类别 (`psn_idet_type`). The national dictionary values were not found (domain.md §10),
 * so yibao keeps its own codes; an import maps local codes onto these.
 */
export type IdentityType =
  | 'TEKUN'
  | 'GUER'
  | 'SHISHI_WUREN'
  | 'ZHONGDU_CANJI'
  | 'DIBAO'
  | 'DIBAO_BIANYUAN'
  | 'JIANCE'
  | 'TUOPIN'
  | 'YINBING_ZHIPIN'
export const IDENTITY_LABELS: Record<IdentityType, string> = {
  TEKUN: '特困人员',
  GUER: '孤儿',
  SHISHI_WUREN: '事实无人抚养儿童',
  ZHONGDU_CANJI: '重度残疾人',
  DIBAO: '低保对象',
  DIBAO_BIANYUAN: '低保边缘家庭成员',
  JIANCE: '防返贫监测对象',
  TUOPIN: '脱贫人口',
  YINBING_ZHIPIN: '因病致贫重病患者',
}
export const IDENTITY_TYPES = Object.keys(IDENTITY_LABELS) as IdentityType[]

/** 定点医药机构类型. */
export type InstitutionType = 'HOSPITAL' | 'CLINIC' | 'VILLAGE_CLINIC' | 'PHARMACY'
export const INSTITUTION_TYPE_LABELS: Record<InstitutionType, string> = {
  HOSPITAL: '医院',
  CLINIC: '诊所',
  VILLAGE_CLINIC: '村卫生室',
  PHARMACY: '定点零售药店',
}

/** 医院等级: 3 三级, 2 二级, 1 一级, 0 未定级 / 不适用 (clinics, village clinics, pharmacies). */
export type InstitutionLevel = 0 | 1 | 2 | 3
export const LEVEL_LABELS: Record<InstitutionLevel, string> = {
  0: '未定级',
  1: '一级',
  2: '二级',
  3: '三级',
}

/** Where an institution sits for tier-based policy ("351"): 县级 / 市级 / 省级. */
export type InstitutionTier = 'COUNTY' | 'CITY' | 'PROVINCE'
export const TIER_LABELS: Record<InstitutionTier, string> = {
  COUNTY: '县级',
  CITY: '市级',
  PROVINCE: '省级',
}

/** 医疗类别大类 `med_mdtrt_type`: 1 门诊, 2 住院, 3 购药, 4 其他. */
export type EncounterKind = 'OUTPATIENT' | 'INPATIENT' | 'PHARMACY' | 'OTHER'
export const ENCOUNTER_KIND_LABELS: Record<EncounterKind, string> = {
  OUTPATIENT: '门诊',
  INPATIENT: '住院',
  PHARMACY: '购药',
  OTHER: '其他',
}
export const ENCOUNTER_KIND_CODES: Record<EncounterKind, '1' | '2' | '3' | '4'> = {
  OUTPATIENT: '1',
  INPATIENT: '2',
  PHARMACY: '3',
  OTHER: '4',
}

/** 医疗类别 `med_type` (national values, common subset). */
export const MED_TYPE_LABELS: Record<string, string> = {
  '11': '普通门诊',
  '12': '门诊挂号',
  '13': '急诊',
  '14': '门诊慢特病',
  '16': '门诊两病',
  '21': '普通住院',
  '22': '外伤住院',
  '24': '转外诊治住院',
  '41': '定点药店购药',
  '51': '生育门诊',
  '52': '生育住院',
  '9901': '其他门诊',
}

/** Which encounter kind a `med_type` belongs to. */
export function encounterKindOfMedType(medType: string): EncounterKind {
  if (medType.startsWith('2') || medType === '52') return 'INPATIENT'
  if (medType.startsWith('4')) return 'PHARMACY'
  if (medType.startsWith('1') || medType === '51' || medType === '9901') return 'OUTPATIENT'
  return 'OTHER'
}

/** 目录类别 `list_type` / `hilist_type`. */
export type ListType = '101' | '102' | '201' | '301'
export const LIST_TYPE_LABELS: Record<ListType, string> = {
  '101': '西药中成药',
  '102': '中药饮片',
  '201': '医疗服务项目',
  '301': '医用耗材',
}

/** 收费项目等级 `chrgitm_lv` / `hilist_lv`: 01 甲类, 02 乙类, 03 丙类 (自费). */
export type CatalogClass = '01' | '02' | '03'
export const CATALOG_CLASS_LABELS: Record<CatalogClass, string> = {
  '01': '甲类',
  '02': '乙类',
  '03': '丙类',
}

/** 收费项目类别 `med_chrgitm_type` / `chrg_type`. */
export type ChargeType =
  '01' | '02' | '03' | '04' | '05' | '06' | '07' | '08' | '09' | '10' | '11' | '12' | '13' | '14'
export const CHARGE_TYPE_LABELS: Record<ChargeType, string> = {
  '01': '床位费',
  '02': '诊察费',
  '03': '检查费',
  '04': '化验费',
  '05': '治疗费',
  '06': '手术费',
  '07': '护理费',
  '08': '卫生材料费',
  '09': '西药费',
  '10': '中药饮片费',
  '11': '中成药费',
  '12': '一般诊疗费',
  '13': '挂号费',
  '14': '其他费',
}

/** 离院方式 `dscg_way`. */
export const DISCHARGE_WAY_LABELS: Record<string, string> = {
  '1': '医嘱离院',
  '2': '医嘱转院',
  '3': '医嘱转社区卫生服务机构/乡镇卫生院',
  '4': '非医嘱离院',
  '5': '死亡',
  '9': '其他',
}

/** 诊断类别 `diag_type` / `inout_dise_type`. */
export const DIAGNOSIS_TYPE_LABELS: Record<string, string> = {
  '1': '入院诊断',
  '2': '出院诊断',
  '3': '门诊诊断',
}

/** 人员类别 of medical staff. */
export type StaffKind = 'DOCTOR' | 'PHARMACIST' | 'NURSE' | 'TECHNICIAN'
export const STAFF_KIND_LABELS: Record<StaffKind, string> = {
  DOCTOR: '医师',
  PHARMACIST: '药师',
  NURSE: '护士',
  TECHNICIAN: '医技人员',
}

/** 基金支付类型 `fund_pay_type` (domain.md §2.6). */
export const FUND_PAY_TYPE_LABELS: Record<string, string> = {
  '310100': '职工基本医疗保险统筹基金',
  '310200': '职工基本医疗保险个人账户基金',
  '320100': '公务员医疗补助基金',
  '330100': '职工大额医疗费用补助基金',
  '340100': '离休人员医疗保障基金',
  '350100': '一至六级残疾军人医疗补助基金',
  '370100': '企业补充医疗保险基金',
  '390100': '城乡居民基本医疗保险基金',
  '390200': '城乡居民大病医疗保险基金',
  '510100': '生育基金',
  '610100': '医疗救助基金',
  '999997': '其他基金',
}
