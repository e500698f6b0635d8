// SPDX-License-Identifier: Apache-2.0
import type { Fen } from '@yibao/domain'
import { roundHalfUp } from '@yibao/domain'
import { allocate } from './allocate.js'
import type { MonthSettlements } from './statement.js'
import type { PaymentMethod, PaymentPlan } from './plan.js'

/** One institution's year, as the annual clearing needs it. */
export interface ClearingInput {
  readonly institutionCode: string
  readonly institutionName: string
  readonly method: PaymentMethod
  /** Points of the year (point methods). */
  readonly points: number
  /** The year's point-method stays: patients' and other funds' payments. */
  readonly pointCases: MonthSettlements
  /** All the year's settlements. */
  readonly settlements: MonthSettlements
  /** 总额预付 annual quota. */
  readonly annualQuota: Fen
  /** Σ monthly 应付 already paid (before deductions and deposit). */
  readonly prepaid: Fen
  /** Deposit withheld over the year. */
  readonly depositWithheld: Fen
}

/** One institution's clearing. */
export interface ClearingRow {
  readonly institutionCode: string
  readonly institutionName: string
  readonly method: PaymentMethod
  readonly points: number
  /** Value of the points at the 结算点值 (cost-based: before subtracting other payers). */
  readonly pointValueAmount: Fen
  /** The institution's share of the point budget (its points' value less other payers). */
  readonly pointFund: Fen
  /** That share after the assessment coefficient. */
  readonly pointFundPaid: Fen
  /** What the year's fund owes before the assessment coefficient. */
  readonly fundPayable: Fen
  readonly assessmentCoefficient: number
  /** After the assessment coefficient. */
  readonly fundPaid: Fen
  /** Kept back by the assessment; goes to the reserve. */
  readonly retained: Fen
  readonly prepaid: Fen
  readonly depositWithheld: Fen
  readonly depositReturned: Fen
  /** What is still to pay (negative: to recover) = fundPaid − prepaid + depositReturned. */
  readonly balance: Fen
  readonly explanation: string
}

/** The annual clearing of a plan. */
export interface Clearing {
  readonly admdvs: string
  readonly year: number
  readonly variant: 'COST' | 'FUND'
  readonly annualFund: Fen
  /** 调剂金 kept back at the start. */
  readonly reserve: Fen
  /** annualFund − reserve: what the point institutions share. */
  readonly fundAvailable: Fen
  readonly totalPoints: number
  /** 结算点值 in yuan per point. */
  readonly settlementPointValue: number
  readonly rows: readonly ClearingRow[]
  /** The reserve after the assessment retentions. */
  readonly reserveAfter: Fen
  /** The point budget nobody earned (no points at all), else 0. */
  readonly undistributed: Fen
  /** Σ pointFundPaid + reserveAfter + undistributed = annualFund, recomputed from the rows. */
  readonly identityHolds: boolean
}

const yuan = (fen: Fen): string => (fen / 100).toFixed(2)

/**
 * The annual clearing (domain.md §6.4):
 *
 * - the point institutions share `annualFund − reserve`: cost-based, the points' value is that
 *   fund plus the patients' and other funds' payments of their stays, split by points to the fen
 *   (largest remainder), less those payments; fund-based, the fund itself is split by points;
 * - each share is multiplied by the institution's assessment coefficient; what that keeps back
 *   returns to the reserve, so Σ paid + reserve = the annual fund exactly;
 * - 总额预付: min(quota, the basic fund of the year's settlements), less the indicator penalties;
 *   按项目付费: the basic fund of the year's settlements;
 * - the deposit is returned in proportion to the assessment coefficient (capped at 1).
 */
export function clearYear(
  plan: PaymentPlan,
  inputs: readonly ClearingInput[],
  globalPenaltyBp: (input: ClearingInput) => number = () => 0
): Clearing {
  const reserve = roundHalfUp((plan.annualFund * plan.reserveBp) / 10_000)
  const fundAvailable = plan.annualFund - reserve
  const point = inputs.filter((i) => i.method === 'DIP' || i.method === 'DRG')
  const totalPoints = point.reduce((a, i) => a + i.points, 0)
  const others = point.reduce((a, i) => a + i.pointCases.ownPay + i.pointCases.otherFunds, 0)
  const distributed = plan.clearingVariant === 'COST' ? fundAvailable + others : fundAvailable
  const shares =
    totalPoints > 0
      ? allocate(
          distributed,
          point.map((i) => i.points)
        )
      : point.map(() => 0)
  const share = new Map(point.map((i, k) => [i, shares[k]!]))
  const settlementPointValue = totalPoints > 0 ? distributed / 100 / totalPoints : 0
  const rows = inputs.map((i): ClearingRow => {
    const coef = plan.assessment[i.institutionCode] ?? 1
    let pointValueAmount = 0
    let pointFund = 0
    let pointFundPaid = 0
    let fundPayable: Fen
    let fundPaid: Fen
    let explanation: string
    if (i.method === 'DIP' || i.method === 'DRG') {
      pointValueAmount = share.get(i)!
      const less =
        plan.clearingVariant === 'COST' ? i.pointCases.ownPay + i.pointCases.otherFunds : 0
      const rest = i.settlements.basicFund - i.pointCases.basicFund
      pointFund = pointValueAmount - less
      pointFundPaid = roundHalfUp(pointFund * coef)
      fundPayable = pointFund + rest
      fundPaid = pointFundPaid + rest
      explanation =
        `${i.points.toFixed(4)} 点按结算点值 ${settlementPointValue.toFixed(4)} 元计 ${yuan(pointValueAmount)} 元` +
        (less > 0 ? `，减个人负担及其他基金 ${yuan(less)} 元` : '') +
        (coef !== 1 ? `，乘考核系数 ${coef}` : '') +
        (rest !== 0 ? `，加非点数结算的统筹基金 ${yuan(rest)} 元` : '')
    } else if (i.method === 'GLOBAL') {
      const base = Math.min(i.annualQuota, i.settlements.basicFund)
      const penalty = globalPenaltyBp(i)
      fundPayable = roundHalfUp((base * (10_000 - penalty)) / 10_000)
      fundPaid = roundHalfUp(fundPayable * coef)
      explanation =
        `总额预付：额度 ${yuan(i.annualQuota)} 元与实际统筹基金 ${yuan(i.settlements.basicFund)} 元取低` +
        (penalty > 0 ? `，指标未达标扣减 ${penalty / 100}%` : '') +
        (coef !== 1 ? `，乘考核系数 ${coef}` : '')
    } else {
      fundPayable = i.settlements.basicFund
      fundPaid = fundPayable
      explanation = `按项目付费：全年统筹基金支付 ${yuan(fundPayable)} 元`
    }
    const depositReturned = roundHalfUp(i.depositWithheld * Math.min(1, Math.max(0, coef)))
    return {
      institutionCode: i.institutionCode,
      institutionName: i.institutionName,
      method: i.method,
      points: i.points,
      pointValueAmount,
      pointFund,
      pointFundPaid,
      fundPayable,
      assessmentCoefficient: coef,
      fundPaid,
      retained: fundPayable - fundPaid,
      prepaid: i.prepaid,
      depositWithheld: i.depositWithheld,
      depositReturned,
      balance: fundPaid - i.prepaid + depositReturned,
      explanation,
    }
  })
  const retainedPoint = rows.reduce((a, r) => a + (r.pointFund - r.pointFundPaid), 0)
  const reserveAfter = reserve + retainedPoint
  const undistributed = totalPoints > 0 ? 0 : fundAvailable
  const identityHolds =
    rows.reduce((a, r) => a + r.pointFundPaid, 0) + reserveAfter + undistributed === plan.annualFund
  return {
    admdvs: plan.admdvs,
    year: plan.year,
    variant: plan.clearingVariant,
    annualFund: plan.annualFund,
    reserve,
    fundAvailable,
    totalPoints: Math.round(totalPoints * 10_000) / 10_000,
    settlementPointValue: Math.round(settlementPointValue * 1e6) / 1e6,
    rows,
    reserveAfter,
    undistributed,
    identityHolds,
  }
}
