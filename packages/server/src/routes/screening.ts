// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback, FastifyRequest } from 'fastify'
import { SCREENING_PATTERNS } from '@yibao/analytics'
import { badRequest, fenToYuan, notFound, OutcomeError } from '@yibao/domain'
import {
  evaluateScreeningRun,
  listScreeningHits,
  listScreeningRisks,
  listScreeningRuns,
  readEncounter,
  readScreeningCluster,
  readScreeningRun,
  reviewQueuePage,
  runScreening,
  screeningParams,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { JobLauncher } from '../job-launcher.js'
import { objectBody, optionalDate, positiveInt } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { answer, described, refusals } from './versioned-documents.js'

const tags = ['大数据筛查']

const SUBJECTS = ['ENCOUNTER', 'INSTITUTION', 'DOCTOR'] as const

/** `page` and `pageSize` (at most 200) of a query as offset and limit. */
function paging(q: Record<string, string | undefined>): { offset: number; limit: number } {
  const page = positiveInt(q['page'], 'page', 1)
  const size = Math.min(200, positiveInt(q['pageSize'], 'pageSize', 20))
  return { offset: (page - 1) * size, limit: size }
}

/** The id of a run, `latest` for the newest finished one. */
async function runId(ctx: AppContext, request: FastifyRequest): Promise<string> {
  const { id } = request.params as { id: string }
  return (await readScreeningRun(ctx.db, id)).id
}

/**
 * 事后大数据筛查: runs of every screening model in the background (with progress), their hits
 * with explanations, the companion clusters as graphs, risk scores of encounters, institutions
 * and doctors, the evaluation against a synthetic region's truth, and the risk-ranked review
 * queue over undecided findings and open screening clues.
 */
export function screeningRoutes(ctx: AppContext): FastifyPluginCallback {
  const jobs = new JobLauncher(ctx.db)
  return function screening(app, _options, done) {
    app.addHook('onClose', () => jobs.settle())
    app.get(
      '/screening/patterns',
      {
        schema: { tags, summary: '筛查模型及现行参数（默认值、本局设置 screening.params）' },
        preHandler: requireUser('screening.read'),
      },
      async () => ({ patterns: SCREENING_PATTERNS, params: await screeningParams(ctx.db) })
    )
    app.post(
      '/screening/runs',
      {
        schema: {
          tags,
          summary: '运行大数据筛查（后台运行，进度见后台任务）；命中作为一批“大数据筛查”线索',
          body: described('{ from?: YYYY-MM-DD, to?: YYYY-MM-DD, clues?: 是否生成线索（默认是） }'),
          response: { 202: answer, ...refusals },
        },
        preHandler: requireUser('screening.run'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const from = optionalDate(b['from'], 'from')
        const to = optionalDate(b['to'], 'to')
        if (from !== undefined && to !== undefined && to < from)
          throw new OutcomeError(badRequest('to 早于 from', 'to'))
        if (b['clues'] !== undefined && typeof b['clues'] !== 'boolean')
          throw new OutcomeError(badRequest('clues 应为 true 或 false', 'clues'))
        const clues = b['clues'] !== false
        const viewer = viewerOf(request)
        const job = await jobs.launch(
          request,
          'screening',
          '大数据筛查',
          { action: 'screening.run.start', detail: { from: from ?? null, to: to ?? null, clues } },
          async (onProgress) => {
            const s = await runScreening(ctx.db, viewer, {
              from,
              to,
              clues,
              onProgress: (fraction, message) => {
                onProgress(Math.round(fraction * 100), 100, message)
              },
            })
            const total = Object.values(s.patterns).reduce((n, p) => n + p.hits, 0)
            const amount = Object.values(s.patterns).reduce((n, p) => n + p.amount, 0)
            return {
              message: `完成：${s.encounters} 次就诊，命中 ${total} 条，疑似 ${fenToYuan(amount)} 元，生成线索 ${s.clues} 条`,
              detail: { ...s },
            }
          },
          '%'
        )
        return reply.status(202).send({ job })
      }
    )
    app.get(
      '/screening/runs',
      {
        schema: { tags, summary: '筛查运行记录（最新在前）' },
        preHandler: requireUser('screening.read'),
      },
      async () => ({ items: await listScreeningRuns(ctx.db) })
    )
    app.get(
      '/screening/runs/:id',
      {
        schema: { tags, summary: '一次筛查（latest：最近完成的一次）：各模型命中数与金额' },
        preHandler: requireUser('screening.read'),
      },
      async (request) => readScreeningRun(ctx.db, (request.params as { id: string }).id)
    )
    app.get(
      '/screening/runs/:id/hits',
      {
        schema: {
          tags,
          summary: '命中及其解释（pattern、institutionCode、clusterId 筛选，按金额降序分页）',
        },
        preHandler: requireUser('screening.read'),
      },
      async (request) => {
        const q = request.query as Record<string, string | undefined>
        return listScreeningHits(ctx.db, await runId(ctx, request), {
          pattern: q['pattern'] || undefined,
          institutionCode: q['institutionCode'] || undefined,
          clusterId: q['clusterId'] || undefined,
          ...paging(q),
        })
      }
    )
    app.get(
      '/screening/runs/:id/clusters/:clusterId',
      {
        schema: { tags, summary: '结伴就医团伙：成员、同行关系（共同就诊日）与命中' },
        preHandler: requireUser('screening.read'),
      },
      async (request) =>
        readScreeningCluster(
          ctx.db,
          await runId(ctx, request),
          (request.params as { clusterId: string }).clusterId
        )
    )
    app.get(
      '/screening/runs/:id/risks',
      {
        schema: {
          tags,
          summary: '风险评分（subject：ENCOUNTER、INSTITUTION、DOCTOR），含构成因素与指标对比',
        },
        preHandler: requireUser('screening.read'),
      },
      async (request) => {
        const q = request.query as Record<string, string | undefined>
        const subject = q['subject'] ?? 'INSTITUTION'
        if (!(SUBJECTS as readonly string[]).includes(subject))
          throw new OutcomeError(
            badRequest(`subject 应为 ${SUBJECTS.join('、')}：${subject}`, 'subject')
          )
        return listScreeningRisks(
          ctx.db,
          await runId(ctx, request),
          subject as (typeof SUBJECTS)[number],
          paging(q)
        )
      }
    )
    app.get(
      '/screening/runs/:id/evaluation',
      {
        schema: {
          tags,
          summary: '与注入真值比较（演示统筹区）：各模型精确率、召回率与复审队列前 5% 覆盖率',
        },
        preHandler: requireUser('screening.read'),
      },
      async (request) => evaluateScreeningRun(ctx.db, await runId(ctx, request))
    )
    app.get(
      '/screening/encounters/:mdtrtId',
      {
        schema: { tags, summary: '钻取：一次就诊的诊断、手术、费用明细与结算' },
        preHandler: requireUser('screening.read'),
      },
      async (request) => {
        const { mdtrtId } = request.params as { mdtrtId: string }
        const records = await readEncounter(ctx.db, mdtrtId)
        if (records === undefined) throw new OutcomeError(notFound(`没有就诊 ${mdtrtId}`))
        return records
      }
    )
    app.get(
      '/screening/queue',
      {
        schema: {
          tags,
          summary:
            '复审队列：未决疑点与未办结的筛查线索，按可追回金额 × 认定概率排序（capacity：每日可复审件数）',
        },
        preHandler: requireUser('screening.read'),
      },
      async (request) => {
        const q = request.query as Record<string, string | undefined>
        return reviewQueuePage(
          ctx.db,
          { capacityPerDay: positiveInt(q['capacity'], 'capacity', 40) },
          paging(q)
        )
      }
    )
    done()
  }
}
