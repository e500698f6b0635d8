// SPDX-License-Identifier: Apache-2.0
import type { FindingSeverity, OutcomeIssue, PersonRecords, Timestamp } from '@yibao/domain'
import { fenToYuan, fromEpochMs, toNationalDateTime, violationType } from '@yibao/domain'
import type { CompiledRuleSet } from '../compile.js'
import type { Finding } from '../finding.js'
import type { AuditReference } from '../reference.js'
import type { HsaAuditRequest, HsaPatient } from './hsa-audit-request.js'

/** A person's stored records besides the person (what storage's history read returns). */
export type StoredHistory = Omit<PersonRecords, 'persons'> & {
  readonly person: PersonRecords['persons'][number] | undefined
}

/** The records of one patient: the request's encounters over the stored history. */
export function patientRecords(patient: HsaPatient, history?: StoredHistory): PersonRecords {
  const own = new Set(patient.encounters.map((e) => e.mdtrtId))
  const keep = <T extends { mdtrtId: string }>(rows: readonly T[] | undefined): T[] =>
    (rows ?? []).filter((x) => !own.has(x.mdtrtId))
  const stored = history?.person
  return {
    // The registry's death date and identities stay; the request's gender and birth date rule.
    persons: [{ ...patient.person, deathDate: stored?.deathDate ?? null }],
    identities: [...(history?.identities ?? [])],
    encounters: [...keep(history?.encounters), ...patient.encounters],
    diagnoses: [...keep(history?.diagnoses), ...patient.diagnoses],
    operations: [...keep(history?.operations), ...patient.operations],
    feeLines: [...keep(history?.feeLines), ...patient.feeLines],
    settlements: keep(history?.settlements),
  }
}

/**
 * Audits every patient of a 3101/3102 request: each is a batch of one person (the request's
 * lines plus the stored history), judged on the request's current encounter and orders.
 *
 * @param engine - the compiled rules of the request's stage
 * @param request - the parsed request
 * @param reference - the region's reference data
 * @param histories - stored history by person number
 */
export function auditHsaRequest(
  engine: CompiledRuleSet,
  request: HsaAuditRequest,
  reference: AuditReference,
  histories: ReadonlyMap<string, StoredHistory> = new Map()
): Finding[] {
  const ref =
    request.institutions.size > 0 ? reference.withInstitutions(request.institutions) : reference
  const findings: Finding[] = []
  for (const patient of request.patients) {
    findings.push(
      ...engine.audit({
        records: patientRecords(patient, histories.get(patient.person.psnNo)),
        reference: ref,
        lineCaps: patient.lineCaps,
        focus: { encounters: patient.focusEncounters, lines: patient.focusLines },
      })
    )
  }
  return findings
}

/** `sev_deg` of a severity (the official dictionary was not found; documented placeholder). */
export const SEV_DEG: Record<FindingSeverity, string> = {
  CLEAR: '1',
  HIGH_SUSPECT: '2',
  SUSPECT: '3',
  INFO: '4',
}

const BEHAVIOUR_TYPE: Record<string, string> = {
  DRUG_POLICY: '1',
  ITEM_POLICY: '1',
  MANAGEMENT: '2',
  MEDICAL: '3',
  BEHAVIOUR: '4',
}

const yuanNumber = (fen: number): number => Number(fenToYuan(fen))

/** One `output.result[]` entry of a 3101/3102 answer. */
export interface HsaResult {
  readonly jr_id: string
  readonly rule_id: string
  readonly rule_name: string
  readonly vola_cont: string
  readonly patn_id: string
  readonly mdtrt_id: string
  readonly judge_result_detail_dtos: readonly {
    readonly jrd_id: string
    readonly patn_id: string
    readonly mdtrt_id: string
    readonly rx_id: string
    readonly vola_item_type: '1' | '2'
    readonly vola_amt: number
  }[]
  readonly vola_amt: number
  readonly vola_amt_stas: string
  readonly sev_deg: string
  readonly vola_evid: string
  readonly vola_bhvr_type: string
  readonly task_id: string | null
}

/** A finding in the national result shape. */
export function hsaResult(f: Finding, taskId: string | null): HsaResult {
  return {
    jr_id: f.id,
    rule_id: f.ruleId,
    rule_name: f.ruleName,
    vola_cont: f.message.slice(0, 500),
    patn_id: f.psnNo,
    mdtrt_id: f.mdtrtId,
    judge_result_detail_dtos: f.lines.map((l, n) => ({
      jrd_id: `${f.id}-${n + 1}`,
      patn_id: f.psnNo,
      mdtrt_id: l.mdtrtId,
      rx_id: l.feedetlSn,
      vola_item_type: l.role === 'VIOLATING' ? '1' : '2',
      vola_amt: yuanNumber(l.amount),
    })),
    vola_amt: yuanNumber(f.amount),
    vola_amt_stas: f.amount > 0 ? '1' : '0',
    sev_deg: SEV_DEG[f.severity],
    vola_evid: f.evidence.slice(0, 500),
    vola_bhvr_type: BEHAVIOUR_TYPE[violationType(f.violation)?.family ?? ''] ?? '2',
    task_id: taskId,
  }
}

/** The national answer envelope. */
export interface HsaResponse {
  readonly infcode: number
  readonly inf_refmsgid: string | null
  readonly refmsg_time: string
  readonly respond_time: string
  readonly err_msg: string | null
  readonly warn_msg: string | null
  readonly output: { readonly result: readonly HsaResult[] } | Record<string, never>
}

function nowText(now: Timestamp): string {
  return toNationalDateTime(now)
}

/** A successful 3101/3102 answer. */
export function hsaAuditResponse(
  request: HsaAuditRequest,
  findings: readonly Finding[],
  received: Timestamp,
  now: Timestamp = fromEpochMs(Date.now())
): HsaResponse {
  return {
    infcode: 0,
    inf_refmsgid: request.msgid,
    refmsg_time: nowText(received),
    respond_time: nowText(now),
    err_msg: null,
    warn_msg: null,
    output: { result: findings.map((f) => hsaResult(f, request.taskId)) },
  }
}

/** A refusal: non-zero `infcode` and the problems, each naming its field. */
export function hsaErrorResponse(
  msgid: string | null,
  issues: readonly OutcomeIssue[],
  received: Timestamp,
  now: Timestamp = fromEpochMs(Date.now())
): HsaResponse {
  return {
    infcode: -1,
    inf_refmsgid: msgid,
    refmsg_time: nowText(received),
    respond_time: nowText(now),
    err_msg: issues
      .slice(0, 20)
      .map((i) => i.message)
      .join('；'),
    warn_msg: null,
    output: {},
  }
}

/** The `msgid` of a body, if it has one (for answering malformed requests). */
export function msgidOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null
  const v = (body as Record<string, unknown>).msgid
  return typeof v === 'string' ? v : null
}

/** One feedback row of a 3103 request. */
export interface HsaFeedbackRow {
  readonly warnRsltId: string
  readonly warnType: string
  readonly dspoWay: string
  readonly dspoWayRea: string | null
}

/**
 * Reads a 3103 (事前事中服务反馈) request: `warn_type` 1/2 and `warns[]` with `warn_rslt_id`,
 * `dspo_way` 1 (continue, reason required) / 2 (modify).
 */
export function parseHsaFeedback(
  body: unknown
):
  | { rows: HsaFeedbackRow[]; msgid: string | null; issues?: undefined }
  | { issues: OutcomeIssue[] } {
  const issues: OutcomeIssue[] = []
  const fail = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  const env = body as Record<string, unknown> | null
  if (env === null || typeof env !== 'object')
    return { issues: [{ severity: 'error', code: 'invalid', message: '$：应为对象', path: '$' }] }
  const code = (v: unknown): string =>
    typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : ''
  if (code(env.infno) !== '3103') fail('$.infno', `应为 3103，收到 ${code(env.infno) || '空'}`)
  const data = (env.input as Record<string, unknown> | undefined)?.data as
    Record<string, unknown> | undefined
  if (data === undefined || data === null || typeof data !== 'object') {
    fail('$.input.data', '必填')
    return { issues }
  }
  const warnType = code(data.warn_type)
  if (warnType !== '1' && warnType !== '2')
    fail('$.input.data.warn_type', `应为 1 事前或 2 事中，收到 ${warnType || '空'}`)
  const warns = data.warns
  if (!Array.isArray(warns) || warns.length === 0) {
    fail('$.input.data.warns', '必填，应为非空数组')
    return { issues }
  }
  const rows: HsaFeedbackRow[] = []
  warns.forEach((w: unknown, n) => {
    const p = `$.input.data.warns[${n}]`
    const o = w as Record<string, unknown> | null
    if (o === null || typeof o !== 'object') {
      fail(p, '应为对象')
      return
    }
    const id = typeof o.warn_rslt_id === 'string' ? o.warn_rslt_id.trim() : ''
    if (id === '') fail(`${p}.warn_rslt_id`, '必填')
    const way = code(o.dspo_way)
    if (way !== '1' && way !== '2')
      fail(`${p}.dspo_way`, `应为 1 继续执行或 2 返回修改，收到 ${way || '空'}`)
    const rea =
      typeof o.dspo_way_rea === 'string' && o.dspo_way_rea.trim() !== ''
        ? o.dspo_way_rea.trim()
        : null
    if (way === '1' && rea === null) fail(`${p}.dspo_way_rea`, '继续执行医嘱时必须填写理由')
    rows.push({ warnRsltId: id, warnType, dspoWay: way, dspoWayRea: rea })
  })
  if (issues.length > 0) return { issues }
  return { rows, msgid: typeof env.msgid === 'string' ? env.msgid : null }
}
