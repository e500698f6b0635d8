// SPDX-License-Identifier: Apache-2.0
import type { IdentityType } from '@yibao/domain'
import type { BasicRule, BenefitPolicy } from '@yibao/settlement'

// The demo region's benefit policy (domain.md §7.2, simple and fixed): basic insurance with a
// deductible per stay and a ratio by insurance type and level, 乙类 先行自付 10 %, 丙类 fully
// self-paid; 职工大额 90 % above the 职工 basic cap; 居民大病保险 on the yearly in-scope burden;
// tilts, 医疗救助 by identity, and 特困 政府兜底 for county stays. Demo settlements are made by the
// settlement engine under it, and `yibao demo` stores it as the region's active policy.

const TILTED: readonly IdentityType[] = ['TEKUN', 'GUER', 'SHISHI_WUREN', 'DIBAO', 'JIANCE']

/** Basic rows of one insurance type and care type, by level 0–1, 2 and 3. */
function byLevel(
  insu: '310' | '390',
  care: 'INPATIENT' | 'OUTPATIENT',
  deductibles: readonly [number, number, number],
  ratios: readonly [number, number, number],
  annualCap: number | null
): BasicRule[] {
  const levels = [[0, 1], [2], [3]] as const
  return levels.map((lv, i) => ({
    insuTypes: [insu],
    careTypes: [care],
    levels: lv,
    deductible: deductibles[i]!,
    deductiblePer: 'STAY' as const,
    ratioBp: ratios[i]!,
    annualCap,
    fundPayType: insu === '310' ? '310100' : '390100',
  }))
}

/** The demo region's policy for a year. */
export function demoPolicy(admdvs: string, year: number): BenefitPolicy {
  return {
    id: `${admdvs}-${year}-demo`,
    name: `演示统筹区 ${year} 年待遇政策`,
    admdvs,
    year,
    effectiveFrom: `${year}-01-01`,
    effectiveTo: `${year}-12-31`,
    lines: { preselfpayBp: 1000 },
    basic: [
      ...byLevel('310', 'INPATIENT', [30_000, 60_000, 90_000], [9000, 8500, 8000], 15_000_000),
      ...byLevel('390', 'INPATIENT', [20_000, 50_000, 100_000], [8500, 7200, 5800], null),
      ...(['310', '390'] as const).flatMap((insu): BasicRule[] => [
        {
          insuTypes: [insu],
          careTypes: ['PHARMACY'],
          deductible: 0,
          deductiblePer: 'STAY',
          ratioBp: 5000,
          annualCap: null,
          fundPayType: insu === '310' ? '310100' : '390100',
        },
        {
          insuTypes: [insu],
          careTypes: ['CHRONIC'],
          deductible: 0,
          deductiblePer: 'STAY',
          ratioBp: insu === '310' ? 8000 : 6500,
          annualCap: null,
          fundPayType: insu === '310' ? '310100' : '390100',
        },
      ]),
      ...byLevel('310', 'OUTPATIENT', [0, 0, 0], [6000, 5500, 5000], null),
      ...byLevel('390', 'OUTPATIENT', [0, 0, 0], [5500, 5000, 4500], null),
    ],
    employeeSupplement: {
      insuTypes: ['310'],
      careTypes: ['INPATIENT'],
      ratioBp: 9000,
      annualCap: null,
      fundPayType: '330100',
    },
    critical: {
      insuTypes: ['390'],
      careTypes: ['INPATIENT', 'CHRONIC'],
      deductible: 1_200_000,
      segments: [
        { from: 0, ratioBp: 6000 },
        { from: 5_000_000, ratioBp: 7000 },
        { from: 10_000_000, ratioBp: 8000 },
      ],
      annualCap: null,
      countsPreselfpay: false,
      fundPayType: '390200',
    },
    tilts: [
      {
        name: '困难群众住院倾斜',
        identities: TILTED,
        insuTypes: ['390'],
        careTypes: ['INPATIENT'],
        basicRatioBonusBp: 500,
        criticalDeductibleBp: 5000,
        criticalRatioBonusBp: 500,
        criticalUncapped: true,
      },
      {
        name: '困难群众大病保险倾斜',
        identities: TILTED,
        insuTypes: ['390'],
        careTypes: ['CHRONIC'],
        basicRatioBonusBp: 0,
        criticalDeductibleBp: 5000,
        criticalRatioBonusBp: 500,
        criticalUncapped: true,
      },
    ],
    assistance: [
      {
        name: '医疗救助（第一类）',
        identities: ['TEKUN', 'GUER', 'SHISHI_WUREN'],
        careTypes: ['INPATIENT', 'CHRONIC'],
        deductible: 0,
        ratioBp: 8500,
        annualLimit: 3_000_000,
        countsPreselfpay: false,
        fundPayType: '610100',
      },
      {
        name: '医疗救助（第二类）',
        identities: ['ZHONGDU_CANJI', 'DIBAO'],
        careTypes: ['INPATIENT', 'CHRONIC'],
        deductible: 0,
        ratioBp: 7500,
        annualLimit: 3_000_000,
        countsPreselfpay: false,
        fundPayType: '610100',
      },
      {
        name: '医疗救助（第三类）',
        identities: ['DIBAO_BIANYUAN', 'JIANCE'],
        careTypes: ['INPATIENT', 'CHRONIC'],
        deductible: 100_000,
        ratioBp: 6500,
        annualLimit: 2_000_000,
        countsPreselfpay: false,
        fundPayType: '610100',
      },
    ],
    supplements: [],
    backstops: [
      {
        name: '特困人员县域内住院政府兜底',
        identities: ['TEKUN'],
        careTypes: ['INPATIENT'],
        capByTier: { COUNTY: 0 },
        includeFullSelfPay: true,
        fundPayType: '999997',
      },
    ],
    account: { insuTypes: ['310'], fundPayType: '310200' },
  }
}
