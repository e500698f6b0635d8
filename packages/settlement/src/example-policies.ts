// SPDX-License-Identifier: Apache-2.0
import type { Fen } from '@yibao/domain'
import type { BenefitPolicy } from './benefit-policy.js'

const yuan = (y: number): Fen => Math.round(y * 100)

/**
 * The parameters of the worked examples of domain.md §7.4 (a 2020 Anhui-style poverty tilt):
 * 居民 inpatient at a 二级 hospital ¥500 and 75 %, chronic outpatient ¥200 a year and 60 %;
 * 大病 ¥15,000 and 60 / 70 / 80 %; for 低保、脱贫、特困 the basic ratio +5 points, the 大病
 * deductible halved and +5 points without cap, 救助 70 % for 特困 and 低保, "180" and "351".
 * Illustrative, for tests, examples and the console's calculator; not any region's policy.
 */
export const EXAMPLE_POLICY_2020: BenefitPolicy = {
  id: 'example-2020',
  name: '示例：居民医保与脱贫人口倾斜（2020）',
  admdvs: '*',
  year: 2020,
  effectiveFrom: '2020-01-01',
  effectiveTo: null,
  lines: { preselfpayBp: 1000 },
  basic: [
    {
      insuTypes: ['390'],
      careTypes: ['INPATIENT'],
      levels: [2],
      deductible: yuan(500),
      deductiblePer: 'STAY',
      ratioBp: 7500,
      annualCap: yuan(300_000),
      fundPayType: '390100',
    },
    {
      insuTypes: ['390'],
      careTypes: ['CHRONIC'],
      deductible: yuan(200),
      deductiblePer: 'YEAR',
      ratioBp: 6000,
      annualCap: null,
      fundPayType: '390100',
    },
  ],
  employeeSupplement: null,
  critical: {
    insuTypes: ['390'],
    careTypes: ['INPATIENT'],
    deductible: yuan(15_000),
    segments: [
      { from: 0, ratioBp: 6000 },
      { from: yuan(50_000), ratioBp: 7000 },
      { from: yuan(100_000), ratioBp: 8000 },
    ],
    annualCap: yuan(300_000),
    countsPreselfpay: false,
    fundPayType: '390200',
  },
  tilts: [
    {
      name: '脱贫人口倾斜',
      identities: ['DIBAO', 'TUOPIN', 'TEKUN'],
      careTypes: ['INPATIENT'],
      basicRatioBonusBp: 500,
      criticalDeductibleBp: 5000,
      criticalRatioBonusBp: 500,
      criticalUncapped: true,
    },
  ],
  assistance: [
    {
      name: '医疗救助',
      identities: ['TEKUN', 'DIBAO'],
      careTypes: ['INPATIENT', 'CHRONIC'],
      deductible: 0,
      ratioBp: 7000,
      annualLimit: yuan(50_000),
      countsPreselfpay: false,
      fundPayType: '610100',
    },
  ],
  supplements: [
    {
      name: '慢性病门诊补充医疗保障（“180”）',
      identities: ['TUOPIN', 'DIBAO', 'TEKUN'],
      careTypes: ['CHRONIC'],
      ratioBp: 8000,
      annualLimit: null,
      fundPayType: '999997',
    },
  ],
  backstops: [
    {
      name: '“351”政府兜底',
      identities: ['TUOPIN', 'DIBAO', 'TEKUN'],
      careTypes: ['INPATIENT'],
      capByTier: { COUNTY: yuan(3_000), CITY: yuan(5_000), PROVINCE: yuan(10_000) },
      includeFullSelfPay: false,
      fundPayType: '999997',
    },
  ],
  account: { insuTypes: ['310'], fundPayType: '310200' },
}

/**
 * The example policy for another year as every region's policy, with its basic rows widened to
 * every insurance type and level and a last row for every care type: for tests over generated
 * records of any kind.
 *
 * @param year - the year it is for
 * @param id - the version id
 */
export function examplePolicyOfYear(year: number, id: string): BenefitPolicy {
  const basic = EXAMPLE_POLICY_2020.basic.map((b) => ({
    ...b,
    insuTypes: undefined,
    levels: undefined,
  }))
  return {
    ...EXAMPLE_POLICY_2020,
    id,
    year,
    effectiveFrom: `${year}-01-01`,
    effectiveTo: `${year}-12-31`,
    basic: [...basic, { ...basic[0]!, careTypes: undefined }],
  }
}
