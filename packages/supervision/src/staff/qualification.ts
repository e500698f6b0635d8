// SPDX-License-Identifier: Apache-2.0
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import type { IsoDate, Kind } from '@yibao/domain'
import {
  addDays,
  addMonths,
  badRequest,
  code,
  documentCodec,
  field,
  list,
  object,
  OutcomeError,
  text,
} from '@yibao/domain'

// 医保支付资格 (domain.md §4): points given to responsible staff after a decision against their
// institution, summed per natural year; 9 suspends, 12 terminates with a re-registration bar.

/** Degree of responsibility for the act behind a point event. */
export type Responsibility = 'MAIN' | 'IMPORTANT' | 'GENERAL'

export const RESPONSIBILITY_LABELS: Record<Responsibility, string> = {
  MAIN: '主要责任',
  IMPORTANT: '重要责任',
  GENERAL: '一般责任',
}

/** A kind of decision against the institution that gives points. */
export interface PointTrigger {
  readonly code: string
  readonly name: string
  readonly points: Readonly<Record<Responsibility, number>>
}

/** The default trigger → points table (domain.md §4; to be replaced by the province's rules). */
export const DEFAULT_POINT_TRIGGERS: readonly PointTrigger[] = [
  {
    code: 'AGREEMENT',
    name: '违反协议，约谈或限期整改（病历书写、未实时上传、未核验身份等）',
    points: { MAIN: 3, IMPORTANT: 2, GENERAL: 1 },
  },
  {
    code: 'ART38',
    name: '第三十八条违规行为（分解住院、挂床、过度诊疗、重复收费、串换等），损失未达较大',
    points: { MAIN: 6, IMPORTANT: 5, GENERAL: 4 },
  },
  {
    code: 'ART38_SERIOUS',
    name: '第三十八条违规行为，损失较大、再犯或科室暂停',
    points: { MAIN: 9, IMPORTANT: 8, GENERAL: 7 },
  },
  {
    code: 'FRAUD',
    name: '第四十条欺诈骗保（虚构服务、伪造资料、诱导或协助冒名、虚假就医）或移送司法',
    points: { MAIN: 12, IMPORTANT: 11, GENERAL: 10 },
  },
]

/** How long a suspension lasts, by the year's total (9, 10, 11 points), in months (1–6). */
export const DEFAULT_SUSPENSION_MONTHS: Readonly<Record<9 | 10 | 11, number>> = {
  9: 1,
  10: 3,
  11: 5,
}

/** Points given to one person by one decision. */
export interface PointEvent {
  readonly id: string
  readonly staffCode: string
  /** Date of the penalty or sanction decision: the points count in its natural year. */
  readonly decisionDate: IsoDate
  readonly points: number
  readonly responsibility: Responsibility
  readonly trigger: string
  /** Months of suspension the agency chose for this event (1–6), when it suspends. */
  readonly suspensionMonths?: number | null
}

/** A period in which a person may not be paid by the fund. `to` is the last day, null open. */
export interface QualificationPeriod {
  readonly status: 'SUSPENDED' | 'TERMINATED'
  readonly from: IsoDate
  readonly to: IsoDate | null
  /** The event that started it. */
  readonly eventId: string
  /** Terminations: the first day re-registration is allowed. */
  readonly barUntil?: IsoDate
}

/** A person's file: yearly totals and the periods they follow. */
export interface QualificationFile {
  readonly staffCode: string
  readonly yearTotals: Readonly<Record<string, number>>
  readonly periods: readonly QualificationPeriod[]
}

/** The points of a trigger and responsibility, or refuses naming the unknown trigger. */
export function pointsOf(
  trigger: string,
  responsibility: Responsibility,
  table: readonly PointTrigger[] = DEFAULT_POINT_TRIGGERS
): number {
  const t = table.find((x) => x.code === trigger)
  if (t === undefined) {
    throw new OutcomeError(
      badRequest(
        `trigger：未知的记分情形 ${trigger}（可用 ${table.map((x) => x.code).join('、')}）`,
        'trigger'
      )
    )
  }
  return t.points[responsibility]
}

/**
 * The periods a person's point events lead to. Events count in the natural year of their
 * decision date (totals restart every 1 January). Each event that brings the year's total to
 * 9–11 suspends from its date for the event's months (else 1, 3 or 5 by the total), extending a
 * suspension still running; the event that brings it to 12 or more terminates from its date,
 * with re-registration barred for 3 years when that one event gave 12 points or more, else 1
 * year. A termination lasts until a re-registration on or after the bar.
 *
 * @param events - the person's events, any order
 * @param reregistrations - dates of re-registration after a termination
 */
export function qualificationFile(
  staffCode: string,
  events: readonly PointEvent[],
  reregistrations: readonly IsoDate[] = [],
  suspensionMonths: Readonly<Record<9 | 10 | 11, number>> = DEFAULT_SUSPENSION_MONTHS
): QualificationFile {
  const sorted = [...events].sort((a, b) =>
    a.decisionDate === b.decisionDate
      ? a.id < b.id
        ? -1
        : 1
      : a.decisionDate < b.decisionDate
        ? -1
        : 1
  )
  const rereg = [...reregistrations].sort()
  const yearTotals: Record<string, number> = {}
  const periods: QualificationPeriod[] = []
  let terminated: { index: number; barUntil: IsoDate } | null = null
  for (const e of sorted) {
    if (terminated !== null) {
      const back = rereg.find((d) => d >= terminated!.barUntil && d <= e.decisionDate)
      if (back === undefined) {
        const year = e.decisionDate.slice(0, 4)
        yearTotals[year] = (yearTotals[year] ?? 0) + e.points
        continue
      }
      periods[terminated.index] = { ...periods[terminated.index]!, to: addDays(back, -1) }
      terminated = null
    }
    const year = e.decisionDate.slice(0, 4)
    const total = (yearTotals[year] ?? 0) + e.points
    yearTotals[year] = total
    if (total >= 12) {
      const barUntil = addMonths(e.decisionDate, e.points >= 12 ? 36 : 12)
      periods.push({
        status: 'TERMINATED',
        from: e.decisionDate,
        to: null,
        eventId: e.id,
        barUntil,
      })
      terminated = { index: periods.length - 1, barUntil }
    } else if (total >= 9) {
      const months = e.suspensionMonths ?? suspensionMonths[total as 9 | 10 | 11]
      const last = periods.at(-1)
      const running = last?.status === 'SUSPENDED' && last.to !== null && last.to >= e.decisionDate
      const end = addDays(addMonths(e.decisionDate, months), -1)
      if (running) {
        periods[periods.length - 1] = { ...last, to: end > last.to ? end : last.to }
      } else {
        periods.push({ status: 'SUSPENDED', from: e.decisionDate, to: end, eventId: e.id })
      }
    }
  }
  if (terminated !== null) {
    const back = rereg.find((d) => d >= terminated.barUntil)
    if (back !== undefined) {
      periods[terminated.index] = { ...periods[terminated.index]!, to: addDays(back, -1) }
    }
  }
  return { staffCode, yearTotals, periods }
}

/** The status of a person on a date under their periods: TERMINATED wins over SUSPENDED. */
export function statusOn(
  periods: readonly QualificationPeriod[],
  date: IsoDate
): 'SUSPENDED' | 'TERMINATED' | null {
  let status: 'SUSPENDED' | 'TERMINATED' | null = null
  for (const p of periods) {
    if (date < p.from || (p.to !== null && date > p.to)) continue
    if (p.status === 'TERMINATED') return 'TERMINATED'
    status = 'SUSPENDED'
  }
  return status
}

/**
 * Checks a re-registration date against the person's open termination: refused (400 naming the
 * date) before the bar, or when nothing is terminated.
 */
export function checkReregistration(file: QualificationFile, date: IsoDate): void {
  const open = file.periods.find((p) => p.status === 'TERMINATED' && p.to === null)
  if (open === undefined) {
    throw new OutcomeError(
      badRequest(`date：${file.staffCode} 的医保支付资格未被终止，无需重新登记`, 'date')
    )
  }
  if (date < open.barUntil!) {
    throw new OutcomeError(
      badRequest(
        `date：${file.staffCode} 的资格于 ${open.from} 终止，${open.barUntil} 前不得重新登记`,
        'date'
      )
    )
  }
}

/** A region's rules of payment qualification: the trigger table and the suspension months. */
export interface StaffRules {
  readonly triggers: readonly PointTrigger[]
  readonly suspensionMonths: Readonly<Record<9 | 10 | 11, number>>
}

export const DEFAULT_STAFF_RULES: StaffRules = {
  triggers: DEFAULT_POINT_TRIGGERS,
  suspensionMonths: DEFAULT_SUSPENSION_MONTHS,
}

const pointsKind: Kind = { t: 'int', min: 1, max: 12 }
const monthsKind: Kind = { t: 'int', min: 1, max: 6 }

/** Staff rules as documents (YAML / JSON); trigger codes must be unique. */
export const STAFF_RULES_CODEC = documentCodec<StaffRules>(
  object(
    field(
      'triggers',
      list(
        object(
          field('code', code),
          field('name', text),
          field(
            'points',
            object(
              field('MAIN', pointsKind),
              field('IMPORTANT', pointsKind),
              field('GENERAL', pointsKind)
            )
          )
        )
      )
    ),
    field(
      'suspensionMonths',
      object(field('9', monthsKind), field('10', monthsKind), field('11', monthsKind))
    )
  ),
  '记分规则文件',
  { parse: parseYaml, stringify: stringifyYaml },
  (rules, issues) => {
    const seen = new Set<string>()
    rules.triggers.forEach((t, i) => {
      if (seen.has(t.code)) {
        issues.push({
          severity: 'error',
          code: 'invalid',
          message: `$.triggers[${i}].code：记分情形 ${t.code} 重复`,
          path: `$.triggers[${i}].code`,
        })
      }
      seen.add(t.code)
    })
  }
)
