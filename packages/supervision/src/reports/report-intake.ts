// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Kind, OutcomeIssue } from '@yibao/domain'
import { bool, field, list, object, optional, readDocument, text } from '@yibao/domain'
import { idCheckChar } from '../id-number.js'

// What a report is taken from (domain.md §3.1 and the case-record fields there): the channel,
// real-name, anonymous or joint, who or what is reported, the clues, and for real-name and joint
// reports who reports. Every problem is named by its path (`$.reporters[0].phone`).

/** How a report came in. */
export type ReportChannel = '12345' | 'WECHAT' | 'WEB' | 'LETTER' | 'VISIT' | 'PHONE'

/** Chinese names of the channels. */
export const REPORT_CHANNEL_LABELS: Record<ReportChannel, string> = {
  12345: '12345 热线',
  WECHAT: '微信公众号',
  WEB: '网站',
  LETTER: '来信',
  VISIT: '来访',
  PHONE: '电话',
}

/** Every channel. */
export const REPORT_CHANNELS = Object.keys(REPORT_CHANNEL_LABELS) as ReportChannel[]

/** Whether the reporter gave their name; joint reports have several reporters. */
export type ReportKind = 'REAL_NAME' | 'ANONYMOUS' | 'JOINT'

/** Chinese names of the kinds. */
export const REPORT_KIND_LABELS: Record<ReportKind, string> = {
  REAL_NAME: '实名',
  ANONYMOUS: '匿名',
  JOINT: '联名',
}

/** Every kind. */
export const REPORT_KINDS = Object.keys(REPORT_KIND_LABELS) as ReportKind[]

/** Who is reported. */
export type ReportSubjectType = 'INSTITUTION' | 'PHARMACY' | 'AGENCY' | 'EMPLOYER' | 'INDIVIDUAL'

/** Chinese names of the subject types. */
export const REPORT_SUBJECT_LABELS: Record<ReportSubjectType, string> = {
  INSTITUTION: '定点医疗机构',
  PHARMACY: '定点零售药店',
  AGENCY: '经办机构',
  EMPLOYER: '参保单位',
  INDIVIDUAL: '个人',
}

/** Every subject type. */
export const REPORT_SUBJECT_TYPES = Object.keys(REPORT_SUBJECT_LABELS) as ReportSubjectType[]

/** One reporter, as given: the values that are encrypted at rest. */
export interface ReporterIdentity {
  readonly name: string
  readonly phone: string | null
  readonly idNumber: string | null
}

/** A report as taken. */
export interface ReportIntake {
  readonly channel: ReportChannel
  readonly kind: ReportKind
  readonly subjectType: ReportSubjectType
  /** The institution code, or another identifier of who is reported. */
  readonly subjectId: string
  readonly subjectName: string | null
  /** What is reported (e.g. a violation code or a short title); same subject + matter = same report. */
  readonly matter: string | null
  readonly clues: string
  /** The reporter works or worked at the reported institution (内部人员). */
  readonly insider: boolean
  /** The day it was received; absent: today. */
  readonly receivedDate: IsoDate | null
  readonly reporters: readonly ReporterIdentity[]
}

/** Longest clues text accepted. */
export const MAX_CLUES_LENGTH = 20_000

const enumOf = (values: readonly string[]): Kind => ({ t: 'enum', values })
const reporter = object(
  field('name', text),
  field('phone', optional(text)),
  field('idNumber', optional(text))
)

const COMMON = [
  field('subjectType', enumOf(REPORT_SUBJECT_TYPES)),
  field('subjectId', text),
  field('subjectName', optional(text)),
  field('matter', optional(text)),
  field('clues', text),
]

const INTAKE: Kind = object(
  field('channel', enumOf(REPORT_CHANNELS)),
  field('kind', enumOf(REPORT_KINDS)),
  ...COMMON,
  field('insider', optional(bool)),
  field('receivedDate', optional({ t: 'date' })),
  field('reporters', optional(list(reporter)))
)

const PUBLIC_INTAKE: Kind = object(...COMMON)

const PHONE = /^\+?[0-9][0-9 -]{4,19}$/

/** True for a resident ID number (居民身份证号): 18 characters with a valid check digit, or 15 digits. */
export function isResidentIdNumber(value: string): boolean {
  if (/^\d{15}$/.test(value)) return true
  if (!/^\d{17}[\dX]$/.test(value)) return false
  return idCheckChar(value.slice(0, 17)) === value[17]
}

function coherence(r: ReportIntake, issues: OutcomeIssue[]): void {
  const bad = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  const n = r.reporters.length
  if (r.kind === 'ANONYMOUS' && n > 0) bad('$.reporters', '匿名举报不登记举报人信息')
  if (r.kind === 'REAL_NAME' && n !== 1) bad('$.reporters', `实名举报应有 1 名举报人，收到 ${n} 名`)
  if (r.kind === 'JOINT' && n < 2) bad('$.reporters', `联名举报应有至少 2 名举报人，收到 ${n} 名`)
  if (r.clues.length > MAX_CLUES_LENGTH) bad('$.clues', `不能超过 ${MAX_CLUES_LENGTH} 字`)
  if (r.subjectId.length > 64) bad('$.subjectId', '不能超过 64 个字符')
  r.reporters.forEach((p, i) => {
    const at = `$.reporters[${i}]`
    if (p.name.length > 50) bad(`${at}.name`, '不能超过 50 个字符')
    if (p.phone !== null && !PHONE.test(p.phone)) bad(`${at}.phone`, '应为电话号码')
    if (p.idNumber !== null && !isResidentIdNumber(p.idNumber)) {
      bad(`${at}.idNumber`, '应为 18 位（校验位正确）或 15 位居民身份证号')
    }
  })
}

function complete(doc: Record<string, unknown>): ReportIntake {
  const reporters = (doc['reporters'] as Partial<ReporterIdentity>[] | undefined) ?? []
  return {
    ...(doc as unknown as ReportIntake),
    subjectName: (doc['subjectName'] as string | undefined) ?? null,
    matter: (doc['matter'] as string | undefined) ?? null,
    insider: (doc['insider'] as boolean | undefined) ?? false,
    receivedDate: (doc['receivedDate'] as string | undefined) ?? null,
    reporters: reporters.map((p) => ({
      name: p.name!,
      phone: p.phone ?? null,
      idNumber: p.idNumber?.toUpperCase() ?? null,
    })),
  }
}

/**
 * A report taken by staff (phone, letter, visit…), every problem named by its path; the number
 * of reporters must fit the kind.
 */
export function reportIntakeFromDocument(doc: unknown): ReportIntake {
  return complete(
    readDocument<Record<string, unknown>>(INTAKE, doc, (v, issues) => {
      coherence(complete(v), issues)
    })
  )
}

/** A report from the public web form: always anonymous, no reporter details. */
export function publicReportFromDocument(doc: unknown): ReportIntake {
  const read = readDocument<Record<string, unknown>>(PUBLIC_INTAKE, doc, (v, issues) => {
    coherence(complete({ ...v, channel: 'WEB', kind: 'ANONYMOUS' }), issues)
  })
  return complete({ ...read, channel: 'WEB', kind: 'ANONYMOUS' })
}
