// SPDX-License-Identifier: Apache-2.0
import type {
  FastifyError,
  FastifyPluginCallback,
  FastifyReply,
  FastifyRequest,
  FastifySchema,
} from 'fastify'
import type { HsaAuditRequest, HsaPatient, HsaResponse } from '@yibao/audit'
import {
  auditHsaRequest,
  hsaAuditResponse,
  hsaErrorResponse,
  msgidOf,
  parseHsaAuditRequest,
  parseHsaFeedback,
} from '@yibao/audit'
import type { IsoDate, IssueCode, OutcomeIssue, Timestamp } from '@yibao/domain'
import { dateOf, fromEpochMs, OutcomeError, outcomeStatus, toNationalDateTime } from '@yibao/domain'
import type { ApiKeyOwner, HsaResultRow } from '@yibao/storage'
import { appendAuditLog, saveHsaFeedback, saveHsaResults } from '@yibao/storage'
import type { AppContext } from '../app.js'
import type { ApiKeyVerifier } from '../api-key-auth.js'
import { BackgroundWrites } from '../background-writes.js'
import { presentedApiKey } from '../api-key-auth.js'
import type { RealtimeAudit } from '../realtime-audit.js'

/** What the real-time routes share with the rest of the application. */
export interface RealtimeServices {
  readonly realtime: RealtimeAudit
  readonly apiKeys: ApiKeyVerifier
}

/** `err_msg` of a request without a valid API key. */
export const API_KEY_MESSAGE = '未提供或无效的 API Key'

const nationalBody = {
  type: 'object',
  additionalProperties: true,
} as const

const nationalAnswer = {
  type: 'object',
  description:
    '国家接口应答：infcode（0 成功，非 0 失败）、inf_refmsgid、refmsg_time、respond_time、err_msg（失败原因，指明字段路径）、warn_msg、output',
  additionalProperties: true,
} as const

const security: { [scheme: string]: string[] }[] = [{ apiKey: [] }, { bearer: [] }]

/** The route's own body check only: the national schemas are documentation. */
const noSchemaValidation = (): (() => true) => () => true

function issue(path: string, message: string, code: IssueCode = 'invalid'): OutcomeIssue {
  return { severity: 'error', code, message: `${path}：${message}`, path }
}

function now(): Timestamp {
  return fromEpochMs(Date.now())
}

/** Answers in the national shape with a non-zero `infcode`. */
function refuse(
  reply: FastifyReply,
  status: number,
  msgid: string | null,
  issues: readonly OutcomeIssue[],
  received: Timestamp
): FastifyReply {
  return reply.status(status).send(hsaErrorResponse(msgid, issues, received))
}

/**
 * The body as a JSON object. Bodies sent as `text/plain` or without a content type arrive as
 * text and are read as JSON here.
 */
function jsonObject(
  body: unknown
): { body: Record<string, unknown>; issue?: undefined } | { issue: OutcomeIssue } {
  let value = body
  if (value === undefined || value === '') return { issue: issue('$', '请求体为空') }
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value)
    } catch {
      return { issue: issue('$', '请求体不是有效的 JSON') }
    }
  }
  if (Array.isArray(value)) return { issue: issue('$', '应为 JSON 对象，不能是数组') }
  if (value === null || typeof value !== 'object') {
    return { issue: issue('$', `应为 JSON 对象，收到 ${JSON.stringify(value)}`) }
  }
  return { body: value as Record<string, unknown> }
}

/** The problem when a 3101 body is posted to 3102 or the reverse. */
function infnoMismatch(
  body: Record<string, unknown>,
  expected: string,
  parseIssues: readonly OutcomeIssue[] | undefined
): OutcomeIssue[] {
  const got = body.infno
  const text = typeof got === 'string' || typeof got === 'number' ? String(got).trim() : null
  if (text === null || text === expected) return []
  if (parseIssues?.some((i) => i.path === '$.infno')) return []
  return [issue('$.infno', `本接口为 ${expected}，收到 ${text}`)]
}

/**
 * The refusal when an institution's key sends a request for another institution: the envelope's
 * `fixmedins_code` and the `medins_id` of every encounter under judgement must be its own.
 */
function institutionRefusal(owner: ApiKeyOwner, request: HsaAuditRequest): OutcomeIssue | null {
  const own = owner.institutionCode
  if (own === null) return null
  if (request.institutionCode !== own) {
    return issue(
      '$.fixmedins_code',
      `该 API Key 仅限机构 ${own} 使用，请求的机构为 ${request.institutionCode ?? '空'}`,
      'forbidden'
    )
  }
  for (const [pi, patient] of request.patients.entries()) {
    for (const [ei, encounter] of patient.encounters.entries()) {
      if (!patient.focusEncounters.has(encounter.mdtrtId) || encounter.institutionCode === own) {
        continue
      }
      return issue(
        `$.input.data.patient_dtos[${pi}].fsi_encounter_dtos[${ei}].medins_id`,
        `该 API Key 仅限机构 ${own} 使用，就诊 ${encounter.mdtrtId} 的机构为 ${encounter.institutionCode}`,
        'forbidden'
      )
    }
  }
  return null
}

/** HTTP status of a refusal: authentication and permission keep theirs, the rest is 200. */
function refusalStatus(issues: readonly OutcomeIssue[]): number {
  const status = outcomeStatus({ issues })
  return status === 401 || status === 403 ? status : status >= 500 ? 500 : 200
}

/**
 * The national routes (`POST /hsa/3101`, `/hsa/3102`, `/hsa/3103`): an API key in `X-API-Key`
 * (or `Authorization: Bearer`), the national envelope in, the national answer out. Every problem
 * with the request — not JSON, not an object, a missing or invalid field, the wrong `infno` for
 * the path, a body over the size limit — is answered HTTP 200 with `infcode` -1 and an `err_msg`
 * naming the field by its JSON path; a missing or invalid key is HTTP 401, a key of another
 * institution HTTP 403, both in the national shape.
 */
export function hsaRoutes(ctx: AppContext, services: RealtimeServices): FastifyPluginCallback {
  const { realtime, apiKeys } = services
  return function hsa(app, _options, done) {
    const writes = new BackgroundWrites<HsaResultRow>(
      (rows) => saveHsaResults(ctx.db, rows),
      (err) => {
        app.log.error({ err }, '保存 3101/3102 审核结果失败')
      }
    )
    app.addHook('onClose', () => writes.idle())
    // Bodies without a JSON content type reach the handler as text, which reads them as JSON.
    app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, next) => {
      next(null, body)
    })
    app.setErrorHandler(nationalErrorHandler(ctx.config.bodyLimit))
    app.addHook('onRequest', async (request, reply) => {
      const key = presentedApiKey(request.headers)
      const owner = key === null ? null : await apiKeys.verify(key)
      if (owner === null) {
        return refuse(reply, 401, null, [issueOf('unauthorized', API_KEY_MESSAGE)], now())
      }
      request.apiKey = owner
      return undefined
    })

    const auditHandler =
      (infno: '3101' | '3102') =>
      async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
        const received = now()
        const read = jsonObject(request.body)
        if (read.issue) return refuse(reply, 200, null, [read.issue], received)
        const body = read.body
        const msgid = msgidOf(body)
        const parsed = parseHsaAuditRequest(body)
        const issues = [...infnoMismatch(body, infno, parsed.issues), ...(parsed.issues ?? [])]
        if (parsed.request === undefined || issues.length > 0) {
          return refuse(reply, 200, msgid, issues, received)
        }
        const hsa = parsed.request
        const denied = institutionRefusal(request.apiKey!, hsa)
        if (denied !== null) return refuse(reply, 403, msgid, [denied], received)

        const today = dateOf(received)
        const selection = realtime.selectRules(hsa.ruleIds)
        const engine = realtime.engine(hsa.stage, today, selection.ruleIds, hsa.admdvs)
        const histories = await realtime.histories(
          hsa.patients.map((p) => ({
            psnNo: p.person.psnNo,
            date: judgedDate(p) ?? today,
          }))
        )
        const findings = auditHsaRequest(engine, hsa, realtime.reference, histories)
        const answer = hsaAuditResponse(hsa, findings, received)
        const results = 'result' in answer.output ? answer.output.result : []
        if (results.length > 0) {
          // Stored without holding up the answer; 3103 waits for these writes first.
          const rows = results.map((r, n): HsaResultRow => ({
            jrId: r.jr_id,
            infno,
            msgid: hsa.msgid,
            taskId: hsa.taskId,
            institutionCode: findings[n]?.institutionCode ?? hsa.institutionCode,
            psnNo: r.patn_id,
            mdtrtId: r.mdtrt_id,
            ruleId: r.rule_id,
            severity: r.sev_deg,
            amount: findings[n]?.amount ?? 0,
            result: r,
          }))
          writes.add(rows)
        }
        request.log.debug(
          { infno, msgid, patients: hsa.patients.length, results: results.length },
          'hsa audit'
        )
        const warn =
          selection.unknown.length > 0
            ? `未知的规则编码已忽略：${selection.unknown.join('、')}`
            : null
        // Serialised here: the route's response schema only documents the answer, and its
        // compiled serialiser is slower than JSON.stringify for an object it leaves open.
        return reply
          .type('application/json; charset=utf-8')
          .send(JSON.stringify(warn === null ? answer : { ...answer, warn_msg: warn }))
      }

    app.post(
      '/hsa/3101',
      {
        schema: nationalSchema(
          '3101',
          '事前审核（3101）：医嘱开具时审核，返回违规明细',
          '按国家 3101 接口：input.data.patient_dtos[] → fsi_encounter_dtos[] → 诊断、医嘱、手术；结合已存储的近一年就诊历史审核当前就诊与当前医嘱。请求有误时 HTTP 200、infcode -1，err_msg 指明字段路径（如 $.input.data.patient_dtos[0].patn_id）。需要 API Key（X-API-Key 或 Authorization: Bearer）。'
        ),
        validatorCompiler: noSchemaValidation,
      },
      auditHandler('3101')
    )
    app.post(
      '/hsa/3102',
      {
        schema: nationalSchema(
          '3102',
          '事中审核（3102）：结算前审核，返回违规明细',
          '按国家 3102 接口，报文结构同 3101；审核环节为事中。需要 API Key。'
        ),
        validatorCompiler: noSchemaValidation,
      },
      auditHandler('3102')
    )
    app.post(
      '/hsa/3103',
      {
        schema: nationalSchema(
          '3103',
          '事前事中服务反馈（3103）：对返回的违规明细给出处理方式',
          'input.data.warn_type（1 事前、2 事中）与 warns[]（warn_rslt_id 为 3101/3102 返回的 jr_id；dspo_way 1 继续执行须填写理由，2 返回修改）。任一 warn_rslt_id 未知时整批不保存。需要 API Key。'
        ),
        validatorCompiler: noSchemaValidation,
      },
      async (request, reply) => {
        const received = now()
        const read = jsonObject(request.body)
        if (read.issue) return refuse(reply, 200, null, [read.issue], received)
        const body = read.body
        const msgid = msgidOf(body)
        const parsed = parseHsaFeedback(body)
        if (parsed.issues) return refuse(reply, 200, msgid, parsed.issues, received)
        const owner = request.apiKey!
        const fixmedins =
          typeof body.fixmedins_code === 'string' && body.fixmedins_code.trim() !== ''
            ? body.fixmedins_code.trim()
            : null
        if (owner.institutionCode !== null && fixmedins !== owner.institutionCode) {
          const denied = issue(
            '$.fixmedins_code',
            `该 API Key 仅限机构 ${owner.institutionCode} 使用，请求的机构为 ${fixmedins ?? '空'}`,
            'forbidden'
          )
          return refuse(reply, 403, msgid, [denied], received)
        }
        const institutionCode = fixmedins ?? owner.institutionCode
        await writes.idle()
        const { unknown } = await saveHsaFeedback(
          ctx.db,
          parsed.rows.map((r) => ({ ...r, institutionCode, msgid: parsed.msgid })),
          owner.institutionCode
        )
        if (unknown.length > 0) {
          const index = new Map<string, number>()
          parsed.rows.forEach((r, n) => {
            if (!index.has(r.warnRsltId)) index.set(r.warnRsltId, n)
          })
          const issues = unknown.map((id) =>
            issue(
              `$.input.data.warns[${index.get(id) ?? 0}].warn_rslt_id`,
              `没有编号为 ${id} 的审核结果（应为 3101/3102 返回的 jr_id），本次反馈均未保存`
            )
          )
          return refuse(reply, 200, msgid, issues, received)
        }
        await appendAuditLog(ctx.db, {
          actor: `apikey:${owner.name}`,
          action: 'hsa.feedback',
          target: parsed.msgid,
          detail: {
            keyId: owner.id,
            institutionCode,
            warnType: parsed.rows[0]?.warnType ?? null,
            warns: parsed.rows.map((r) => ({ warnRsltId: r.warnRsltId, dspoWay: r.dspoWay })),
          },
        })
        const answer: HsaResponse = {
          infcode: 0,
          inf_refmsgid: msgid,
          refmsg_time: toNationalDateTime(received),
          respond_time: toNationalDateTime(now()),
          err_msg: null,
          warn_msg: null,
          output: {},
        }
        return reply.send(answer)
      }
    )
    done()
  }
}

/** OpenAPI of a national route; the body is checked by the handler, not by the schema. */
function nationalSchema(infno: string, summary: string, description: string): FastifySchema {
  return {
    tags: ['智能审核'],
    summary,
    description,
    security,
    body: {
      ...nationalBody,
      description: `国家 ${infno} 接口请求报文（infno、msgid、fixmedins_code、input.data…）`,
    },
    response: { 200: nationalAnswer, 401: nationalAnswer, 403: nationalAnswer },
  }
}

function issueOf(code: IssueCode, message: string): OutcomeIssue {
  return { severity: 'error', code, message }
}

/**
 * The error handler of the national routes: Fastify's own client errors (bad JSON, empty body,
 * body too large, unsupported content type) and `OutcomeError`s are answered in the national
 * shape with HTTP 200 (401 / 403 for authentication and permission); anything else is logged and
 * answered 500, still in the national shape.
 */
function nationalErrorHandler(bodyLimit: number) {
  return (error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    const received = now()
    const fe = error as FastifyError
    let issues: readonly OutcomeIssue[]
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        issues = [issue('$', `请求体过大（上限 ${bodyLimit} 字节）`, 'too-large')]
        break
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        issues = [issue('$', '请求体不是有效的 JSON')]
        break
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        issues = [issue('$', '请求体为空')]
        break
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        issues = [issue('$', '不支持的 Content-Type，应为 application/json')]
        break
      default:
        if (error instanceof OutcomeError) issues = error.outcome.issues
        else if (error instanceof SyntaxError) issues = [issue('$', '请求体不是有效的 JSON')]
        else if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
          issues = [issue('$', `请求无效：${error.message}`)]
        } else {
          request.log.error({ err: error }, 'Unhandled error')
          return refuse(reply, 500, null, [issueOf('exception', '服务器内部错误')], received)
        }
    }
    const status = refusalStatus(issues)
    if (status >= 500) request.log.error({ err: error }, 'Request failed')
    const body = jsonObjectOrNull(request.body)
    return refuse(reply, status, body === null ? null : msgidOf(body), issues, received)
  }
}

function jsonObjectOrNull(body: unknown): Record<string, unknown> | null {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : null
}

/** The earliest begin date of a patient's encounters under judgement. */
function judgedDate(p: HsaPatient): IsoDate | undefined {
  let date: IsoDate | undefined
  for (const e of p.encounters) {
    if (!p.focusEncounters.has(e.mdtrtId)) continue
    const d = dateOf(e.begin)
    if (date === undefined || d < date) date = d
  }
  return date
}
