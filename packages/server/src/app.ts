// SPDX-License-Identifier: Apache-2.0
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { notFound } from '@yibao/domain'
import type { Database } from '@yibao/storage'
import type { Knowledge } from '@yibao/knowledge'
import type { YibaoConfig } from './config.js'
import { ApiKeyVerifier } from './api-key-auth.js'
import { errorHandler } from './error-handler.js'
import { RealtimeAudit } from './realtime-audit.js'
import { auditEncounterRoutes } from './routes/audit-encounters.js'
import { healthRoutes } from './routes/health.js'
import { hsaRoutes } from './routes/hsa.js'
import { settlementRoutes } from './routes/settlements.js'

/** What request handlers need: the database, the active knowledge and the config. */
export interface AppContext {
  readonly db: Database
  readonly knowledge: Knowledge
  readonly pack: { readonly version: string; readonly effectiveFrom: string }
  readonly config: YibaoConfig
  /**
   * Compiled rules and reference data of the real-time audit. Absent: read from the database
   * when the app is built. Pass one to call `refresh()` on it later (after importing
   * institutions or price caps, or changing rule overrides).
   */
  readonly realtime?: RealtimeAudit | undefined
}

/** The version string served in health and OpenAPI. */
export const YIBAO_VERSION = '0.1.0'

/**
 * Builds the HTTP application: one error handler, structured logs, OpenAPI at `/api/docs`, and
 * the routers mounted in one readable block.
 */
export async function createApp(ctx: AppContext): Promise<FastifyInstance> {
  const realtime = ctx.realtime ?? (await RealtimeAudit.load(ctx.db, ctx.knowledge))
  const apiKeys = new ApiKeyVerifier(ctx.db, ctx.config.apiKeyCacheSeconds * 1000)
  const app = Fastify({
    logger: { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimit,
  })
  app.decorateRequest('apiKey', null)
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(notFound(`没有这个地址：${request.method} ${request.url}`))
  })

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'yibao 医保基金智能监管平台 API',
        description:
          '医保基金智能监管、结算与支付平台的 HTTP 接口。错误统一以 Outcome（issues: severity、code、message、path）返回。',
        version: YIBAO_VERSION,
      },
      tags: [
        { name: '系统', description: '健康检查与系统信息' },
        { name: '数据接入', description: '结算清单与费用明细上传（国家字段名）' },
        {
          name: '智能审核',
          description:
            '事前（3101）、事中（3102）审核与服务反馈（3103），按国家接口报文；以及单次就诊的 REST 审核。需要 API Key（yibao apikey create）。',
        },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  // Routers
  await app.register(healthRoutes(ctx), { prefix: '/api/v1' })
  await app.register(settlementRoutes(ctx), { prefix: '/api/v1' })
  await app.register(hsaRoutes(ctx, { realtime, apiKeys }), { prefix: '/api/v1' })
  await app.register(auditEncounterRoutes({ realtime, apiKeys }), { prefix: '/api/v1' })

  return app
}
