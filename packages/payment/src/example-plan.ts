// SPDX-License-Identifier: Apache-2.0
import type { PaymentPlan } from './plan.js'
import { DEFAULT_DIP, DEFAULT_DRG, DEFAULT_GLOBAL } from './plan.js'

/**
 * An illustrative DIP plan for a county 统筹区 and year: hospitals paid by DIP, township and
 * community centres (一级 clinics) by 总额预付 when a quota is given, everyone else by item;
 * 5 % reserve, 90 % pre-payment, 10 % deposit halved for credit level A, due on the 25th.
 */
export function examplePlan(
  admdvs: string,
  year: number,
  overrides: Partial<PaymentPlan> = {}
): PaymentPlan {
  return {
    id: `pay-${admdvs}-${year}`,
    name: `${year} 年度 DIP 付费方案`,
    admdvs,
    year,
    pointMethod: 'DIP',
    annualFund: 0,
    reserveBp: 500,
    budgetPointValue: 10,
    prepayBp: 9000,
    clearingVariant: 'COST',
    depositBp: 1000,
    depositHalvedFor: ['A'],
    creditLevels: {},
    assessment: {},
    dueDay: 25,
    methods: [{ method: 'DIP', types: ['HOSPITAL'] }],
    dip: DEFAULT_DIP,
    drg: DEFAULT_DRG,
    global: DEFAULT_GLOBAL,
    ...overrides,
  }
}
