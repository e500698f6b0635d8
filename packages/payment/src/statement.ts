// SPDX-License-Identifier: Apache-2.0
import type { Fen, IsoDate } from '@yibao/domain'
import { roundHalfUp } from '@yibao/domain'
import { allocate } from './allocate.js'
import type { PaymentIndicators } from './indicators.js'
import type { PayeeInstitution, PaymentMethod, PaymentPlan } from './plan.js'
import { depositRateBp, methodOf } from './plan.js'

/** What the institution's settlements of a month add up to. */
export interface MonthSettlements {
  readonly count: number
  readonly totalCost: Fen
  /** 统筹基金 paid (hifp_pay). */
  readonly basicFund: Fen
  /** 大病, 救助, 兜底 and the other funds. */
  readonly otherFunds: Fen
  /** What patients paid. */
  readonly ownPay: Fen
  /** 全自费 amounts (目录外). */
  readonly outOfList: Fen
}

/** An upheld deduction (or its reversal) booked in the month. */
export interface StatementDeduction {
  readonly id: string
  readonly findingId: string | null
  readonly sampleId: string | null
  readonly amount: Fen
}

/** Inputs of one institution's monthly statement. */
export interface StatementInput {
  readonly plan: PaymentPlan
  readonly month: string
  readonly institution: PayeeInstitution
  /** All settlements of the month. */
  readonly settlements: MonthSettlements
  /** Point-method cases of the month: their points and their payments. */
  readonly points: number
  readonly pointCases: MonthSettlements
  readonly deductions: readonly StatementDeduction[]
  readonly indicators: PaymentIndicators | null
}

/** A monthly statement (月度拨付单) of one institution. All amounts in fen. */
export interface Statement {
  readonly institutionCode: string
  readonly institutionName: string
  readonly month: string
  readonly method: PaymentMethod
  /** Points of the month (point methods). */
  readonly points: number
  /** 预算点值 in yuan per point (point methods). */
  readonly pointValue: number
  readonly prepayBp: number
  /** Points × 预算点值 × prepay share, before subtracting other payers (point methods). */
  readonly pointAmount: Fen
  readonly ownPay: Fen
  readonly otherFunds: Fen
  /** 应付. */
  readonly payable: Fen
  readonly deductions: Fen
  readonly deductionItems: readonly StatementDeduction[]
  readonly depositBp: number
  /** 预留保证金 withheld. */
  readonly deposit: Fen
  /** 实付 = 应付 − deductions − deposit. */
  readonly net: Fen
  readonly dueDate: IsoDate
  readonly settlements: MonthSettlements
  /** The point-method stays among them. */
  readonly pointCases: MonthSettlements
  readonly indicators: PaymentIndicators | null
  /** How 应付 was found, in Chinese. */
  readonly explanation: string
}

/** The due date of a month's statement: `dueDay` of the next month. */
export function dueDateOf(month: string, dueDay: number): IsoDate {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const ny = m === 12 ? y + 1 : y
  const nm = m === 12 ? 1 : m + 1
  return `${ny}-${String(nm).padStart(2, '0')}-${String(dueDay).padStart(2, '0')}`
}

/** A month's share of an annual quota: twelve integer parts adding up to it. */
export function monthlyQuota(annualQuota: Fen, month: string): Fen {
  const m = Number(month.slice(5, 7))
  return allocate(
    annualQuota,
    Array.from({ length: 12 }, () => 1)
  )[m - 1]!
}

const yuan = (fen: Fen): string => (fen / 100).toFixed(2)

/**
 * One institution's monthly statement:
 *
 * - DIP / DRG: 应付 = round(points × 预算点值 × prepay share) − patients' payments − other funds
 *   of the point-method stays, plus the basic fund of the institution's other settlements;
 * - 按项目付费: 应付 = the basic fund of the month's settlements;
 * - 总额预付: 应付 = the month's twelfth of the annual quota.
 *
 * Then 实付 = 应付 − upheld deductions of the month − deposit, the deposit being the rate (halved
 * for credit-rated institutions) on a positive 应付.
 */
export function monthlyStatement(input: StatementInput): Statement {
  const { plan, month, institution, settlements, pointCases } = input
  const { method, rule } = methodOf(plan, institution)
  let pointAmount = 0
  let payable: Fen
  let explanation: string
  if (method === 'DIP' || method === 'DRG') {
    pointAmount = roundHalfUp((input.points * plan.budgetPointValue * plan.prepayBp) / 100)
    const rest = settlements.basicFund - pointCases.basicFund
    payable = pointAmount - pointCases.ownPay - pointCases.otherFunds + rest
    explanation =
      `${input.points.toFixed(4)} 点 × 预算点值 ${plan.budgetPointValue} 元 × 预拨比例 ${plan.prepayBp / 100}% = ${yuan(pointAmount)} 元，` +
      `减个人负担 ${yuan(pointCases.ownPay)} 元、其他基金 ${yuan(pointCases.otherFunds)} 元` +
      (rest !== 0 ? `，加非点数结算的统筹基金 ${yuan(rest)} 元` : '')
  } else if (method === 'GLOBAL') {
    payable = monthlyQuota(rule?.annualQuota ?? 0, month)
    explanation = `总额预付：年度额度 ${yuan(rule?.annualQuota ?? 0)} 元的本月份额`
  } else {
    payable = settlements.basicFund
    explanation = `按项目付费：本月 ${settlements.count} 笔结算的统筹基金支付`
  }
  const deductions = input.deductions.reduce((a, d) => a + d.amount, 0)
  const depositBp = depositRateBp(plan, institution.code)
  const deposit = roundHalfUp((Math.max(0, payable) * depositBp) / 10_000)
  return {
    institutionCode: institution.code,
    institutionName: institution.name,
    month,
    method,
    points: input.points,
    pointValue: method === 'DIP' || method === 'DRG' ? plan.budgetPointValue : 0,
    prepayBp: plan.prepayBp,
    pointAmount,
    ownPay: method === 'DIP' || method === 'DRG' ? pointCases.ownPay : 0,
    otherFunds: method === 'DIP' || method === 'DRG' ? pointCases.otherFunds : 0,
    payable,
    deductions,
    deductionItems: input.deductions,
    depositBp,
    deposit,
    net: payable - deductions - deposit,
    dueDate: dueDateOf(month, plan.dueDay),
    settlements,
    pointCases,
    indicators: input.indicators,
    explanation,
  }
}
