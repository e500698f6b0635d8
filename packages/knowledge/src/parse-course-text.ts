// SPDX-License-Identifier: Apache-2.0

/** A payment-course restriction read from 两库 text such as `总时间不超过90天，评定间隔时间不短于14天。`. */
export interface CourseText {
  /** Longest paid course in days (一年 = 365, N个月 = N × 30). */
  readonly maxDays: number
  /** Shortest interval between two paid services, in days, or null. */
  readonly minIntervalDays: number | null
  /** `每周最多支付N次` → N per 7 days, or null. */
  readonly perWeek: number | null
}

const CN_DIGITS: Record<string, number> = {
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
}

/**
 * Reads a small number written in Arabic digits or in Chinese numerals up to 九十九
 * (一, 两, 十, 十四, 二十, 二十一…): course lengths, batch numbers (第十一批).
 *
 * @param text - `14`, `一`, `十一`…
 * @returns the number, or null when the text is neither
 */
export function smallNumber(text: string): number | null {
  if (/^\d+$/.test(text)) return Number(text)
  const m = /^([一二两三四五六七八九]?)十([一二三四五六七八九]?)$/.exec(text)
  if (m !== null)
    return (m[1] === '' ? 1 : CN_DIGITS[m[1]!]!) * 10 + (m[2] === '' ? 0 : CN_DIGITS[m[2]!]!)
  return CN_DIGITS[text] ?? null
}

/**
 * Parses the course text of 第八批-3 (医疗服务项目限支付疗程) rows.
 *
 * @param text - the 备注 text
 * @returns the parsed course, or null when no `不超过 N 天/个月/年` is found
 * @example
 * parseCourseText('支付不超过一年，每周最多支付一次。') // { maxDays: 365, minIntervalDays: null, perWeek: 1 }
 */
export function parseCourseText(text: string): CourseText | null {
  const max = /不超过\s*(\d+|[一二两三四五六七八九十])\s*(天|日|个月|月|年)/.exec(text)
  if (max === null) return null
  const amount = smallNumber(max[1]!)
  if (amount === null) return null
  const unit = max[2]!
  const maxDays =
    unit === '年' ? amount * 365 : unit === '天' || unit === '日' ? amount : amount * 30
  const interval = /间隔[^，。；,;]*?不(?:短|少)于\s*(\d+)\s*天/.exec(text)
  const weekly = /每周最多(?:支付)?\s*(\d+|[一二两三四五六七八九十])\s*次/.exec(text)
  return {
    maxDays,
    minIntervalDays: interval === null ? null : Number(interval[1]),
    perWeek: weekly === null ? null : smallNumber(weekly[1]!),
  }
}
