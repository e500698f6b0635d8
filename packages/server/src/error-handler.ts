// SPDX-License-Identifier: Apache-2.0
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Outcome } from '@yibao/domain'
import { badRequest, normalizeOutcome, OutcomeError, outcomeStatus } from '@yibao/domain'

/**
 * The one place where failures become HTTP responses: an `Outcome` (or `OutcomeError`) maps to
 * its status; Fastify's own client errors (bad JSON, schema validation, body too large) become
 * `invalid` / `too-large` outcomes; anything else is logged as "Unhandled error" and answered 500
 * without internals.
 */
export function errorHandler(
  error: FastifyError | Error,
  request: FastifyRequest,
  reply: FastifyReply
): FastifyReply {
  let outcome: Outcome
  const fe = error as FastifyError
  if (error instanceof OutcomeError) {
    outcome = error.outcome
  } else if (fe.validation) {
    outcome = {
      issues: fe.validation.map((v) => ({
        severity: 'error' as const,
        code: 'invalid' as const,
        message: v.message ?? '格式不正确',
        path: `${fe.validationContext ?? 'body'}${v.instancePath.replace(/\//g, '.')}`,
      })),
    }
  } else if (fe.statusCode === 413) {
    outcome = { issues: [{ severity: 'error', code: 'too-large', message: '请求体过大' }] }
  } else if (fe.statusCode !== undefined && fe.statusCode >= 400 && fe.statusCode < 500) {
    outcome = badRequest(`请求无效：${error.message}`)
  } else {
    request.log.error({ err: error }, 'Unhandled error')
    outcome = { issues: [{ severity: 'error', code: 'exception', message: '服务器内部错误' }] }
    return reply.status(500).send(outcome)
  }
  const status = outcomeStatus(normalizeOutcome(outcome))
  if (status >= 500) request.log.error({ err: error, outcome }, 'Request failed')
  return reply.status(status).send(outcome)
}
