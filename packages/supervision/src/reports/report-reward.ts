// SPDX-License-Identifier: Apache-2.0
import type { Fen, IsoDate } from '@yibao/domain'
import { badRequest, conflict, OutcomeError } from '@yibao/domain'
import type { ReportState } from './report-state.js'

// 举报奖励 (domain.md §3.2): a one-off reward as a share of the verified case value (案值) by
// grade, raised for insiders, never below the grade's floor or the national floor, never above
// the national cap. Amounts are integer fen; the one rounding (half up) is of the share.

/** How much the report helped (Guangdong draft 2022: 1 = detailed facts and valid evidence). */
export type RewardGrade = 1 | 2 | 3

/** Every grade. */
export const REWARD_GRADES: readonly RewardGrade[] = [1, 2, 3]

/** The share of the case value and the floor of one grade. */
export interface RewardGradeRule {
  /** Share of the case value, basis points (300 = 3 %). */
  readonly rateBp: number
  /** Least reward of the grade, fen. */
  readonly floor: Fen
}

/**
 * Other rates for some subjects and case values (Hefei: reports on individuals 10 %, on
 * institutions above ¥500,000 4 %): the last band whose subject types include the report's and
 * whose lower bound the case value reaches replaces the grades' rates and floors, and adds
 * `addOn` to the share.
 */
export interface RewardBand {
  /** Subject types the band is for; absent = every type. */
  readonly subjectTypes?: readonly string[]
  /** Least case value of the band, fen. */
  readonly fromCaseValue: Fen
  readonly grades: Readonly<Record<RewardGrade, RewardGradeRule>>
  /** Fixed amount added to the share, fen. */
  readonly addOn: Fen
}

/** The reward table of a region (all [L] defaults: to be replaced by the province's rules). */
export interface RewardTable {
  readonly grades: Readonly<Record<RewardGrade, RewardGradeRule>>
  /** Bands by subject type and case value (分段), in order; none by default. */
  readonly bands?: readonly RewardBand[]
  /** Raise of the share for insiders (current or former staff of the reported institution), bp. */
  readonly insiderBonusBp: number
  /** National floor per case, fen (¥200). */
  readonly minimum: Fen
  /** National cap per case, fen (¥200,000). */
  readonly maximum: Fen
  /** Reward of a verified report without a case value (no fund loss), fen; 0 for none. */
  readonly noCaseValueReward: Fen
}

/** Guangdong draft 2022: 3 %, 2 %, 1 % with floors ¥400, ¥300, ¥200; insiders +20 %. */
export const DEFAULT_REWARD_TABLE: RewardTable = {
  grades: {
    1: { rateBp: 300, floor: 40_000 },
    2: { rateBp: 200, floor: 30_000 },
    3: { rateBp: 100, floor: 20_000 },
  },
  insiderBonusBp: 2_000,
  minimum: 20_000,
  maximum: 20_000_000,
  noCaseValueReward: 20_000,
}

/** What a reward is computed from. */
export interface RewardInput {
  readonly grade: RewardGrade
  /** The verified case value, fen; null (or 0) when no fund loss could be computed. */
  readonly caseValue: Fen | null
  readonly insider: boolean
  /** The reported subject's type, for the bands. */
  readonly subjectType?: string
}

/** Which bound decided a reward. */
export type RewardBasis = 'PERCENT' | 'FLOOR' | 'CAP' | 'NO_CASE_VALUE'

/** A reward and how it was reached. */
export interface RewardComputation extends RewardInput {
  readonly amount: Fen
  readonly basis: RewardBasis
  readonly rateBp: number
  /** The insider raise applied, bp (0 for others). */
  readonly bonusBp: number
  /** Case value × rate × (1 + bonus), rounded half up once; null without a case value. */
  readonly share: Fen | null
  /** The floor that applied: the grade's or the national one, whichever is higher. */
  readonly floor: Fen
  readonly cap: Fen
}

/** `n / d` rounded half up, for non-negative integers. */
function divideHalfUp(n: bigint, d: bigint): bigint {
  return (n * 2n + d) / (d * 2n)
}

/**
 * The reward of a verified report under a table: `min(cap, max(floor, share))` where the share
 * is case value × grade rate × (1 + insider raise) (+ the band's add-on), the rate and floor of
 * the band that applies to the subject and case value, else of the grade; or the no-case-value
 * reward (capped) when the case value is null or 0. Refuses (400) a grade or case value that is not one.
 *
 * @param input - grade, verified case value and insider flag
 * @param table - the region's table
 */
export function computeReward(
  input: RewardInput,
  table: RewardTable = DEFAULT_REWARD_TABLE
): RewardComputation {
  const band = [...(table.bands ?? [])]
    .reverse()
    .find(
      (b) =>
        (b.subjectTypes === undefined ||
          (input.subjectType !== undefined && b.subjectTypes.includes(input.subjectType))) &&
        (input.caseValue ?? 0) >= b.fromCaseValue
    )
  const rule = (band?.grades ?? table.grades)[input.grade] as RewardGradeRule | undefined
  if (rule === undefined) {
    throw new OutcomeError(
      badRequest(`grade：应为 1、2 或 3，收到 ${JSON.stringify(input.grade)}`, 'grade')
    )
  }
  const value = input.caseValue
  if (value !== null && (!Number.isSafeInteger(value) || value < 0)) {
    throw new OutcomeError(
      badRequest(`caseValue：应为非负整数（分），收到 ${JSON.stringify(value)}`, 'caseValue')
    )
  }
  const bonusBp = input.insider ? table.insiderBonusBp : 0
  const floor = Math.max(rule.floor, table.minimum)
  const base = { ...input, rateBp: rule.rateBp, bonusBp, floor, cap: table.maximum }
  if (value === null || value === 0) {
    return {
      ...base,
      share: null,
      amount: Math.min(table.maximum, table.noCaseValueReward),
      basis: 'NO_CASE_VALUE',
    }
  }
  const share =
    Number(
      divideHalfUp(BigInt(value) * BigInt(rule.rateBp) * BigInt(10_000 + bonusBp), 100_000_000n)
    ) + (band?.addOn ?? 0)
  const raised = Math.max(floor, share)
  const amount = Math.min(table.maximum, raised)
  const basis: RewardBasis = raised > table.maximum ? 'CAP' : share < floor ? 'FLOOR' : 'PERCENT'
  return { ...base, share, amount, basis }
}

/**
 * How joint reporters share one reward: equal parts in fen, the fen left over going one each to
 * the first reporters.
 *
 * @param amount - the reward, fen
 * @param reporters - how many share it (≥ 1)
 */
export function shareReward(amount: Fen, reporters: number): Fen[] {
  const n = Math.max(1, Math.floor(reporters))
  const part = Math.floor(amount / n)
  const left = amount - part * n
  return Array.from({ length: n }, (_, i) => part + (i < left ? 1 : 0))
}

/** A report as far as deciding who was first on a subject and matter goes. */
export interface ReportPriority {
  readonly id: string
  readonly receivedDate: IsoDate
  /** When it was registered (ties on the same day), any sortable text. */
  readonly createdAt: string
  readonly state: ReportState
  /** True once it has been verified (查实), also after closing. */
  readonly verified: boolean
}

function before(a: ReportPriority, b: ReportPriority): boolean {
  if (a.receivedDate !== b.receivedDate) return a.receivedDate < b.receivedDate
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt
  return a.id < b.id
}

/**
 * Checks that a report is the first valid one on its subject and matter: only that one is
 * rewarded. Refuses (409, naming the earlier report) when an earlier report on the same subject
 * and matter was verified, or is still being handled and may yet be.
 *
 * @param report - the report a reward is proposed for
 * @param sameMatter - the other reports on the same subject and matter
 */
export function checkFirstReporter(
  report: ReportPriority,
  sameMatter: readonly ReportPriority[]
): void {
  for (const other of sameMatter) {
    if (other.id === report.id || !before(other, report)) continue
    const pending = other.state === 'RECEIVED' || other.state === 'ACCEPTED'
    if (other.verified || pending) {
      throw new OutcomeError(
        conflict(
          `举报 ${other.id}（${other.receivedDate} 受理）就同一对象、同一事项在先` +
            (pending ? '，尚在办理中' : '，已查实') +
            `；奖励只给首个有效举报人`,
          'reportId'
        )
      )
    }
  }
}
