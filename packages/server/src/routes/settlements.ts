// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { appendAuditLog, ingestSettlementMessage } from '@yibao/storage'
import type { AppContext } from '../app.js'
import { codeChecker } from '../code-checker.js'
import { outcomeSchema } from './outcome-schema.js'

const message = {
  type: 'object',
  description:
    '一次结算，国家字段名：{ mdtrt_d, setl_d, fee_list_d[], setl_list_diag_d[], setl_list_oprn_d[] }，或 4101A 结算清单形式 { setlinfo, diseinfo[], oprninfo[], payinfo[], fee_list_d[] }',
  additionalProperties: true,
} as const

/**
 * `POST /api/v1/settlements`: takes one settlement with its encounter, fee lines, diagnoses and
 * operations in national field names, validates it like a file import and stores it.
 * 201 when stored, 200 when the same settlement was already stored, 400 with the field paths
 * when invalid, 409 when the id exists with other content.
 */
export function settlementRoutes(ctx: AppContext): FastifyPluginCallback {
  const codes = codeChecker(ctx.knowledge)
  return function settlements(app, _options, done) {
    app.post(
      '/settlements',
      {
        schema: {
          tags: ['数据接入'],
          summary: '上传结算（结算信息、就诊信息、费用明细、诊断、手术操作）',
          body: message,
          response: {
            200: { type: 'object', additionalProperties: true },
            201: { type: 'object', additionalProperties: true },
            400: outcomeSchema,
            409: outcomeSchema,
          },
        },
      },
      async (request, reply) => {
        const result = await ingestSettlementMessage(ctx.db, request.body, { codes })
        if (result.status === 'created') {
          // Until sign-in exists, the actor is the calling address.
          await appendAuditLog(ctx.db, {
            actor: `api:${request.ip}`,
            action: 'settlement.ingest',
            target: settlementId(request.body),
            detail: { batchId: result.batchId, counts: result.counts },
          })
        }
        return reply.status(result.status === 'created' ? 201 : 200).send(result)
      }
    )
    done()
  }
}

/** The settlement id of a message in either form, for the audit log. */
function settlementId(body: unknown): string | null {
  const b = body as { setl_d?: { setl_id?: unknown }; setlinfo?: { setl_id?: unknown } }
  const id = b.setl_d?.setl_id ?? b.setlinfo?.setl_id
  return typeof id === 'string' ? id : null
}
