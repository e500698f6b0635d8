// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { badRequest, OutcomeError } from '@yibao/domain'
import { listReviewPolicies, saveReviewPolicy } from '@yibao/storage'
import { DEFAULT_REVIEW_POLICY } from '@yibao/supervision'
import type { AppContext } from '../app.js'
import { requireUser, viewerOf } from '../session-auth.js'

const tags = ['疑点复审']

/**
 * The review chain's parameters per 统筹区 (申诉期、复审期、逾期处理、双人复核金额、抽样比例、
 * 节假日): read by the bureau's staff, changed by admins.
 */
export function reviewPolicyRoutes(ctx: AppContext): FastifyPluginCallback {
  return function reviewPolicy(app, _options, done) {
    app.get(
      '/review-policies',
      {
        schema: { tags, summary: '复审参数：默认值与各统筹区' },
        preHandler: requireUser('reviewPolicy.read'),
      },
      async () => ({ defaults: DEFAULT_REVIEW_POLICY, items: await listReviewPolicies(ctx.db) })
    )
    app.put(
      '/review-policies/:admdvs',
      {
        schema: { tags, summary: '修改复审参数（* 为全部统筹区）；null 恢复上级取值' },
        preHandler: requireUser('reviewPolicy.manage'),
      },
      async (request) => {
        const { admdvs } = request.params as { admdvs: string }
        const body = request.body
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new OutcomeError(badRequest('请求体应为 JSON 对象', '$'))
        }
        if (admdvs !== '*') {
          const known = await ctx.db.query(
            `SELECT 1 FROM region WHERE admdvs = $1
             UNION ALL SELECT 1 FROM review_policy WHERE admdvs = $1 LIMIT 1`,
            [admdvs]
          )
          if (known.length === 0) {
            throw new OutcomeError(badRequest(`admdvs：没有编码为 ${admdvs} 的统筹区`, 'admdvs'))
          }
        }
        const policy = await saveReviewPolicy(
          ctx.db,
          admdvs,
          body as Record<string, unknown>,
          viewerOf(request)
        )
        return { admdvs, policy }
      }
    )
    done()
  }
}
