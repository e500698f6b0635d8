// SPDX-License-Identifier: Apache-2.0
import type { IdentityType, InstitutionType, IsoDate } from '@yibao/domain'
import type { DemoOptions, DemoScale } from './demo-options.js'

/** The kinds of encounter the demo generates, used for the settlement mix. */
export type DemoEncounterKind =
  'VILLAGE' | 'CLINIC' | 'HOSPITAL_OUTPATIENT' | 'CHRONIC' | 'PHARMACY' | 'INPATIENT'

/** Figures of the calibration source (辰溪县医疗保障局 2024 年工作总结). */
export const SEED_FIGURES = {
  insured: 393_675,
  employees: 25_212,
  residents: 368_463,
  /** 特困、孤儿、事实无人抚养儿童、重度残疾人. */
  severeGroup: 9_247,
  /** 低保、低保边缘家庭成员、监测对象. */
  assistedGroup: 13_451,
  /**
   * 七类困难人员 to subsidise. The report gives 23,119, while its two groups add up to 22,698; the
   * 稳定脱贫人口 are taken as 八类人员 − 23,119.
   */
  sevenGroups: 23_119,
  /** 八类人员 in total (七类困难人员 + 稳定脱贫人口). */
  eightGroups: 89_049,
  /** 享受医疗保障待遇的补偿人次, 2024-01 … 2024-10. */
  benefitPersonTimes: 785_218,
  /** 补偿金额 (万元), for comparison with generated totals. */
  benefitAmountWan: 33_696.8,
  employeeBenefitWan: 4_882.15,
  residentBenefitWan: 28_814.65,
  /** 大病保险补偿人次 and 一、二类对象医疗救助人次, 2024-01 … 2024-10. */
  criticalIllnessTimes: 5_672,
  assistanceTimes: 24_480,
  /** 大病保险补偿金额 (万元), and the 倾斜政策 part of it (人次, 万元). */
  criticalIllnessWan: 2_018,
  criticalTiltTimes: 1_844,
  criticalTiltWan: 347.43,
  /** 一、二类对象医疗救助金额 (万元). */
  assistanceWan: 1_661.63,
  /** 特困人员住院自负费用政府兜底: 人次 and 万元. */
  dodiTimes: 3_409,
  dodiWan: 156.48,
  /** 县统筹区域内住院平均补偿率: 职工 and 城乡居民. */
  employeeInpatientRate: 0.695,
  residentInpatientRate: 0.6224,
  /** 基本医疗保险基金 settled with the county's own 定点医药机构 (万元), 2024-01 … 2024-10. */
  countyBasicFundWan: 23_644.01,
  hospitals: 39,
  villageClinics: 308,
  clinics: 13,
  pharmacies: 93,
} as const

/**
 * Share of each encounter kind among settlements. Assumption (the seed gives only the total):
 * village clinics and pharmacies carry most person-times in a rural county; inpatient stays are
 * about 6 %.
 */
export const SETTLEMENT_MIX: Readonly<Record<DemoEncounterKind, number>> = {
  VILLAGE: 0.36,
  CLINIC: 0.04,
  HOSPITAL_OUTPATIENT: 0.17,
  CHRONIC: 0.1,
  PHARMACY: 0.27,
  INPATIENT: 0.06,
}

/**
 * How the identity groups of the seed split into identity types. Assumption: the seed gives only
 * the two group totals and the 八类人员 total.
 */
export const IDENTITY_SHARES: Readonly<Partial<Record<IdentityType, number>>> = {
  TEKUN: 0.5,
  GUER: 0.04,
  SHISHI_WUREN: 0.06,
  ZHONGDU_CANJI: 0.4,
  DIBAO: 0.65,
  DIBAO_BIANYUAN: 0.15,
  JIANCE: 0.2,
  TUOPIN: 1,
}

/**
 * The money figures of the seed scaled to a plan (amounts in 万元), and how a generated region is
 * measured against them:
 * - 补偿金额 = Σ `fund_pay_sumamt − oth_pay` (基本医保, 大额补助, 大病保险, 医疗救助; 政府兜底 is a
 *   separate county budget), split by 险种;
 * - 县内基本医保基金结算 = Σ `hifp_pay + hifob_pay` at institutions of the county (the rest of the
 *   basic fund goes to the city and province hospitals);
 * - 大病 / 救助 / 兜底 人次 = settlements with `hifmi_pay` / `maf_pay` / `oth_pay` > 0, 倾斜 = 大病 of
 *   persons holding a tilted identity;
 * - 住院补偿率 = Σ (`fund_pay_sumamt − oth_pay`) ÷ Σ `medfee_sumamt` of inpatient settlements.
 */
export interface DemoMoneyTargets {
  readonly benefitWan: number
  readonly employeeBenefitWan: number
  readonly residentBenefitWan: number
  readonly countyBasicFundWan: number
  readonly criticalIllnessTimes: number
  readonly criticalIllnessWan: number
  readonly criticalTiltTimes: number
  readonly criticalTiltWan: number
  readonly assistanceTimes: number
  readonly assistanceWan: number
  readonly dodiTimes: number
  readonly dodiWan: number
  /** Rates are not scaled. */
  readonly employeeInpatientRate: number
  readonly residentInpatientRate: number
}

/** The calibration targets of a demo region. */
export interface DemoPlan {
  readonly scale: DemoScale
  readonly seed: number
  /** Fraction of the seed's population (1 for county, 1/50 for small). */
  readonly factor: number
  readonly admdvs: string
  readonly regionName: string
  readonly periodStart: IsoDate
  readonly periodEnd: IsoDate
  readonly batchSize: number
  readonly persons: number
  /** 职工 (310). */
  readonly employees: number
  /** 居民 (390). */
  readonly residents: number
  /** Persons per identity group. */
  readonly identityGroups: {
    readonly severe: number
    readonly assisted: number
    readonly tuopin: number
  }
  readonly identities: Readonly<Partial<Record<IdentityType, number>>>
  /** Institutions are not scaled. */
  readonly institutionsByType: Readonly<Record<InstitutionType, number>>
  readonly expectedSettlements: number
  readonly expectedByKind: Readonly<Record<DemoEncounterKind, number>>
  /** Number of person batches (after the reference batch). */
  readonly batches: number
  /** The seed's money figures scaled by `factor`. */
  readonly money: DemoMoneyTargets
}

/**
 * The calibration targets for a scale: what `generateRegion` aims at, for printing and tests.
 *
 * @param options - scale and seed (rates are ignored)
 * @returns the plan
 */
export function demoPlan(options: Pick<DemoOptions, 'scale' | 'seed' | 'batchSize'>): DemoPlan {
  const factor = options.scale === 'county' ? 1 : 1 / 50
  const scaled = (n: number): number => Math.round(n * factor)
  const employees = scaled(SEED_FIGURES.employees)
  const residents = scaled(SEED_FIGURES.residents)
  const severe = scaled(SEED_FIGURES.severeGroup)
  const assisted = scaled(SEED_FIGURES.assistedGroup)
  const tuopin = scaled(SEED_FIGURES.eightGroups - SEED_FIGURES.sevenGroups)
  const split = (total: number, types: IdentityType[]): Partial<Record<IdentityType, number>> => {
    const out: Partial<Record<IdentityType, number>> = {}
    let left = total
    types.forEach((t, i) => {
      const n = i === types.length - 1 ? left : Math.round(total * (IDENTITY_SHARES[t] ?? 0))
      out[t] = n
      left -= n
    })
    return out
  }
  const expectedSettlements = scaled(SEED_FIGURES.benefitPersonTimes)
  const expectedByKind = {} as Record<DemoEncounterKind, number>
  for (const [k, share] of Object.entries(SETTLEMENT_MIX)) {
    expectedByKind[k as DemoEncounterKind] = Math.round(expectedSettlements * share)
  }
  const persons = employees + residents
  const batchSize = options.batchSize ?? 2000
  return {
    scale: options.scale,
    seed: options.seed,
    factor,
    admdvs: '431223',
    regionName: '辰溪县（演示）',
    periodStart: '2025-01-01',
    periodEnd: '2025-10-31',
    batchSize,
    persons,
    employees,
    residents,
    identityGroups: { severe, assisted, tuopin },
    identities: {
      ...split(severe, ['TEKUN', 'GUER', 'SHISHI_WUREN', 'ZHONGDU_CANJI']),
      ...split(assisted, ['DIBAO', 'DIBAO_BIANYUAN', 'JIANCE']),
      TUOPIN: tuopin,
    },
    institutionsByType: {
      HOSPITAL: SEED_FIGURES.hospitals,
      VILLAGE_CLINIC: SEED_FIGURES.villageClinics,
      CLINIC: SEED_FIGURES.clinics,
      PHARMACY: SEED_FIGURES.pharmacies,
    },
    expectedSettlements,
    expectedByKind,
    batches: Math.ceil(persons / batchSize),
    money: moneyTargets(factor),
  }
}

/** The seed's money figures times `factor` (person-times rounded, amounts in 万元). */
function moneyTargets(factor: number): DemoMoneyTargets {
  const F = SEED_FIGURES
  const wan = (n: number): number => Math.round(n * factor * 100) / 100
  const times = (n: number): number => Math.round(n * factor)
  return {
    benefitWan: wan(F.benefitAmountWan),
    employeeBenefitWan: wan(F.employeeBenefitWan),
    residentBenefitWan: wan(F.residentBenefitWan),
    countyBasicFundWan: wan(F.countyBasicFundWan),
    criticalIllnessTimes: times(F.criticalIllnessTimes),
    criticalIllnessWan: wan(F.criticalIllnessWan),
    criticalTiltTimes: times(F.criticalTiltTimes),
    criticalTiltWan: wan(F.criticalTiltWan),
    assistanceTimes: times(F.assistanceTimes),
    assistanceWan: wan(F.assistanceWan),
    dodiTimes: times(F.dodiTimes),
    dodiWan: wan(F.dodiWan),
    employeeInpatientRate: F.employeeInpatientRate,
    residentInpatientRate: F.residentInpatientRate,
  }
}
