// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { badRequest, OutcomeError } from '@yibao/domain'
import type { AgreementAction } from '@yibao/supervision'
import { AGREEMENT_STATUS_LABELS, BLACKLIST_EFFECTS } from '@yibao/supervision'
import {
  addBlacklistEntry,
  changeAgreement,
  listAgreements,
  listBlacklist,
  signAgreement,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { objectBody, optionalText, textOrEmpty } from '../request-values.js'
import { sendXlsx } from '../xlsx.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { answer, described, refusals } from './versioned-documents.js'

const tags = ['协议与黑名单']

/** Service agreements (suspend, resume, terminate with a re-application bar) and blacklists. */
export function agreementRoutes(ctx: AppContext): FastifyPluginCallback {
  return function agreements(app, _options, done) {
    app.get(
      '/agreements',
      {
        schema: { tags, summary: '定点协议（institution 筛选）' },
        preHandler: requireUser('agreements.read'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        return {
          items: await listAgreements(ctx.db, optionalText(q, 'institution')),
        }
      }
    )
    app.post(
      '/agreements',
      {
        schema: {
          tags,
          summary: '签订协议（解除后禁止期内、列入黑名单的机构不得签订）',
          body: described('{ institution, signedOn }'),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('agreements.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        return reply
          .status(201)
          .send(
            await signAgreement(
              ctx.db,
              textOrEmpty(b, 'institution'),
              textOrEmpty(b, 'signedOn'),
              viewerOf(request)
            )
          )
      }
    )
    app.post(
      '/agreements/:id/actions',
      {
        schema: {
          tags,
          summary:
            '中止（suspend）、恢复（resume）、解除（terminate，kind: VIOLATION 3 年 / BREACH 1 年不得重新申请）',
          body: described('{ action, date, reason, kind? }'),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('agreements.manage'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const b = objectBody(request)
        const action = textOrEmpty(b, 'action')
        const base = { date: textOrEmpty(b, 'date'), reason: textOrEmpty(b, 'reason') }
        let act: AgreementAction
        if (action === 'suspend' || action === 'resume') act = { action, ...base }
        else if (action === 'terminate') {
          const kind = textOrEmpty(b, 'kind')
          if (kind !== 'VIOLATION' && kind !== 'BREACH') {
            throw new OutcomeError(
              badRequest(
                `kind：应为 VIOLATION 或 BREACH，收到 ${JSON.stringify(b['kind'] ?? null)}`,
                'kind'
              )
            )
          }
          act = { action, kind, ...base }
        } else {
          throw new OutcomeError(
            badRequest(
              `action：应为 suspend、resume 或 terminate，收到 ${JSON.stringify(b['action'] ?? null)}`,
              'action'
            )
          )
        }
        return changeAgreement(ctx.db, id, act, viewerOf(request))
      }
    )
    app.get(
      '/blacklist',
      {
        schema: { tags, summary: '黑名单（type 筛选）与各类对象的效力' },
        preHandler: requireUser('agreements.read'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        return {
          effects: BLACKLIST_EFFECTS,
          items: await listBlacklist(ctx.db, optionalText(q, 'type')),
        }
      }
    )
    app.post(
      '/blacklist',
      {
        schema: {
          tags,
          summary: '列入黑名单',
          body: described(
            '{ subjectType: INSTITUTION | STAFF | INSURED, subjectId, from, to?, reason }'
          ),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('blacklist.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const entry = await addBlacklistEntry(
          ctx.db,
          {
            subjectType: textOrEmpty(b, 'subjectType'),
            subjectId: textOrEmpty(b, 'subjectId'),
            from: textOrEmpty(b, 'from'),
            to: textOrEmpty(b, 'to') || null,
            reason: textOrEmpty(b, 'reason'),
          },
          viewerOf(request)
        )
        return reply.status(201).send(entry)
      }
    )
    app.get(
      '/agreements/export.xlsx',
      {
        schema: { tags, summary: '导出定点协议与黑名单（xlsx，两张工作表合为一张清单）' },
        preHandler: requireUser('agreements.read'),
      },
      async (_request, reply) => {
        const SUBJECT = { INSTITUTION: '定点机构', STAFF: '医务人员', INSURED: '参保人' } as const
        const rows = [
          ...(await listAgreements(ctx.db)).map((a) => ({
            kind: '定点协议',
            subject: a.institutionCode,
            status: AGREEMENT_STATUS_LABELS[a.status],
            since: a.statusSince,
            until: a.reapplyNotBefore ?? '',
            reason: a.reason ?? '',
          })),
          ...(await listBlacklist(ctx.db)).map((b) => ({
            kind: `黑名单（${SUBJECT[b.subjectType]}）`,
            subject: b.subjectId,
            status: '列入黑名单',
            since: b.from,
            until: b.to ?? '',
            reason: b.reason,
          })),
        ]
        return sendXlsx(
          reply,
          'agreements-blacklist.xlsx',
          '协议与黑名单',
          [
            { header: '类别', key: 'kind', width: 18 },
            { header: '对象', key: 'subject', width: 20 },
            { header: '状态', key: 'status', width: 12 },
            { header: '起始日期', key: 'since', width: 12 },
            { header: '截止 / 可重新申请日期', key: 'until', width: 20 },
            { header: '理由', key: 'reason', width: 30 },
          ],
          rows
        )
      }
    )
    done()
  }
}
