// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { conflict, dateOf, fromEpochMs, notFound, OutcomeError } from '@yibao/domain'
import { finishJob, listJobs, readJob, runAudit, startJob, updateJob } from '@yibao/storage'
import type { AppContext } from '../app.js'
import { optionalDate } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'

const tags = ['后台任务']

/**
 * Background jobs: `POST /audit-runs` starts a batch audit (事后初审) and answers at once with
 * the job; `GET /jobs` and `GET /jobs/:id` show progress. One batch audit runs at a time.
 */
export function jobRoutes(ctx: AppContext): FastifyPluginCallback {
  let running: Promise<void> | null = null
  return function jobs(app, _options, done) {
    app.addHook('onClose', async () => {
      await running
    })
    app.get(
      '/jobs',
      { schema: { tags, summary: '后台任务与进度' }, preHandler: requireUser('jobs.read') },
      async () => ({ items: await listJobs(ctx.db) })
    )
    app.get(
      '/jobs/:id',
      { schema: { tags, summary: '一个后台任务' }, preHandler: requireUser('jobs.read') },
      async (request) => {
        const { id } = request.params as { id: string }
        const job = await readJob(ctx.db, id)
        if (job === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的任务`))
        return job
      }
    )
    app.post(
      '/audit-runs',
      {
        schema: { tags, summary: '发起批量审核（事后初审），后台运行' },
        preHandler: requireUser('audit.run'),
      },
      async (request, reply) => {
        const b = (request.body ?? {}) as Record<string, unknown>
        const from = optionalDate(b['from'], 'from')
        const to = optionalDate(b['to'], 'to')
        if (running !== null) throw new OutcomeError(conflict('已有批量审核在运行，请稍后再试'))
        const viewer = viewerOf(request)
        const job = await startJob(ctx.db, 'audit', viewer.actor)
        const today = dateOf(fromEpochMs(Date.now()))
        let last = 0
        running = runAudit(ctx.db, {
          knowledge: ctx.knowledge,
          from,
          to,
          actor: viewer.actor,
          rulesDate: to ?? today,
          onProgress: (doneCount, total) => {
            const now = Date.now()
            if (now - last < 500 && doneCount < total) return
            last = now
            void updateJob(
              ctx.db,
              job.id,
              total === 0 ? 1 : doneCount / total,
              `已审核 ${doneCount} / ${total} 人`
            )
          },
        })
          .then((report) =>
            finishJob(
              ctx.db,
              job.id,
              'DONE',
              `完成：${report.findings} 条疑点，新增 ${report.newFindings} 条`,
              {
                runId: report.runId,
                findings: report.findings,
                newFindings: report.newFindings,
                amount: report.amount,
              }
            )
          )
          .catch(async (err: unknown) => {
            request.log.error({ err }, '批量审核失败')
            await finishJob(
              ctx.db,
              job.id,
              'FAILED',
              err instanceof Error ? err.message : String(err)
            )
          })
          .finally(() => {
            running = null
          })
        return reply.status(202).send({ job })
      }
    )
    done()
  }
}
