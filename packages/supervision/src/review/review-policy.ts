// SPDX-License-Identifier: Apache-2.0
import type { FindingSeverity, IsoDate, OutcomeIssue } from '@yibao/domain'
import { isIsoDate } from '@yibao/domain'

/**
 * The local parameters of the review chain of one 统筹区 (domain.md §1.7; all [K] defaults, the
 * 两库 Measures leave the days to each region's agreement).
 */
export interface ReviewPolicy {
  /** Working days an institution has to accept or appeal after dispatch (申诉期). */
  readonly appealDays: number
  /** Working days the bureau has to decide after the appeal window closes (复审期). */
  readonly reviewDays: number
  /** Where a dispatched finding goes when the appeal window passes without an answer. */
  readonly noAppeal: Readonly<Record<FindingSeverity, 'UPHELD' | 'REVIEWING'>>
  /** Upheld amounts above this (fen) need a second reviewer's approval (双人复核). */
  readonly fourEyesAmount: number
  /** Default share of machine-passed claims drawn for re-review (抽查复审), 0–1. */
  readonly sampleRate: number
  /** Weekday public holidays (法定节假日). */
  readonly holidays: readonly IsoDate[]
  /** Weekend days that are worked (调休上班). */
  readonly workdays: readonly IsoDate[]
}

/** The defaults: 10 working days to appeal, 15 to review, CLEAR upheld on silence. */
export const DEFAULT_REVIEW_POLICY: ReviewPolicy = {
  appealDays: 10,
  reviewDays: 15,
  noAppeal: { CLEAR: 'UPHELD', HIGH_SUSPECT: 'REVIEWING', SUSPECT: 'REVIEWING', INFO: 'REVIEWING' },
  fourEyesAmount: 500_000,
  sampleRate: 0.05,
  holidays: [],
  workdays: [],
}

/**
 * A policy with some of its values changed; `noAppeal` is changed per severity.
 *
 * @param base - the policy changed
 * @param changes - the values that replace the base's
 */
export function mergeReviewPolicy(
  base: ReviewPolicy,
  changes: Partial<ReviewPolicy>
): ReviewPolicy {
  return {
    ...base,
    ...changes,
    noAppeal: { ...base.noAppeal, ...(changes.noAppeal ?? {}) },
  }
}

/**
 * Checks a policy read from storage or an admin's input; returns the problems, each naming the
 * field.
 */
export function validateReviewPolicy(p: ReviewPolicy): OutcomeIssue[] {
  const issues: OutcomeIssue[] = []
  const bad = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  const days = (path: 'appealDays' | 'reviewDays'): void => {
    const v = p[path]
    if (!Number.isInteger(v) || v < 1 || v > 90) bad(path, `应为 1–90 之间的整数，收到 ${v}`)
  }
  days('appealDays')
  days('reviewDays')
  if (p.noAppeal === null || typeof p.noAppeal !== 'object') {
    bad('noAppeal', '应为按严重程度的对象')
  } else {
    for (const [severity, to] of Object.entries(p.noAppeal)) {
      if (!(severity in DEFAULT_REVIEW_POLICY.noAppeal)) {
        bad(`noAppeal.${severity}`, `未知严重程度 ${severity}`)
      } else if (to !== 'UPHELD' && to !== 'REVIEWING') {
        bad(`noAppeal.${severity}`, `应为 UPHELD 或 REVIEWING，收到 ${String(to)}`)
      }
    }
  }
  if (!Number.isInteger(p.fourEyesAmount) || p.fourEyesAmount < 0) {
    bad('fourEyesAmount', `应为非负整数（分），收到 ${p.fourEyesAmount}`)
  }
  if (typeof p.sampleRate !== 'number' || !(p.sampleRate > 0 && p.sampleRate <= 1)) {
    bad('sampleRate', `应在 (0, 1] 之间，收到 ${p.sampleRate}`)
  }
  for (const key of ['holidays', 'workdays'] as const) {
    const list: unknown = p[key]
    if (!Array.isArray(list)) {
      bad(key, '应为日期数组')
      continue
    }
    list.forEach((d: unknown, i) => {
      if (typeof d !== 'string' || !isIsoDate(d)) {
        bad(`${key}[${i}]`, `应为 YYYY-MM-DD 日期，收到 ${String(d)}`)
      }
    })
  }
  return issues
}
