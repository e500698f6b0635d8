// SPDX-License-Identifier: Apache-2.0
import Fastify from 'fastify'
import type { FastifyInstance } from 'fastify'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fastifyStatic from '@fastify/static'
import { notFound } from '@yibao/domain'
import type { Database } from '@yibao/storage'
import { expireOverdueFindings, failInterruptedJobs, SYSTEM } from '@yibao/storage'
import type { Knowledge } from '@yibao/knowledge'
import type { YibaoConfig } from './config.js'
import { ApiKeyVerifier } from './api-key-auth.js'
import { errorHandler } from './error-handler.js'
import { RealtimeAudit } from './realtime-audit.js'
import { sessionReader } from './session-auth.js'
import { todayOf } from './today.js'
import { adminRoutes } from './routes/admin.js'
import { auditEncounterRoutes } from './routes/audit-encounters.js'
import { authRoutes } from './routes/auth.js'
import { jobRoutes } from './routes/jobs.js'
import { screeningRoutes } from './routes/screening.js'
import { reviewRoutes } from './routes/review.js'
import { reviewPolicyRoutes } from './routes/review-policy.js'
import { healthRoutes } from './routes/health.js'
import { hsaRoutes } from './routes/hsa.js'
import { settlementRoutes } from './routes/settlements.js'
import { agreementRoutes } from './routes/agreements.js'
import { assessmentRoutes } from './routes/assessments.js'
import { inspectionRoutes } from './routes/inspections.js'
import { paymentRoutes } from './routes/payment.js'
import { staffRoutes } from './routes/staff.js'
import { publicCasesPage, reportRoutes } from './routes/reports.js'
import { benefitSettlementRoutes } from './routes/settlement.js'
import { clueRoutes } from './routes/clues.js'
import { callbackRoutes } from './routes/callbacks.js'

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
  /** The clock of the review chain's deadlines (tests pass a fixed one). Default: now. */
  readonly clock?: (() => Date) | undefined
}

/** How often dispatched findings past their appeal deadline are moved on, ms. */
const EXPIRY_INTERVAL_MS = 10 * 60 * 1000

/** The built console: `YIBAO_WEB_DIR`, else the web package's `dist` beside this package. */
function webDir(configured: string | undefined): string | null {
  const dir =
    configured ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist')
  return fs.existsSync(path.join(dir, 'index.html')) ? dir : null
}

/** True for a page of the console's router: not the API, and not a file name with a suffix. */
function isConsolePath(url: string): boolean {
  const path = url.split('?')[0]!
  if (path.startsWith('/api/')) return false
  return !/\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1))
}

/** The version string served in health and OpenAPI. */
export const YIBAO_VERSION = '0.1.0'

/**
 * Builds the HTTP application: one error handler, structured logs, OpenAPI at `/api/docs`, and
 * the routers mounted in one readable block.
 */
export async function createApp(ctx: AppContext): Promise<FastifyInstance> {
  const realtime =
    ctx.realtime ??
    (await RealtimeAudit.load(ctx.db, ctx.knowledge, {
      historyCacheLines: ctx.config.historyCacheLines,
    }))

  const apiKeys = new ApiKeyVerifier(ctx.db, ctx.config.apiKeyCacheSeconds * 1000)
  const app = Fastify({
    logger: { level: ctx.config.logLevel },
    bodyLimit: ctx.config.bodyLimit,
  })
  app.decorateRequest('apiKey', null)
  app.decorateRequest('user', null)
  app.decorateRequest('csrfToken', null)
  app.decorateRequest('sessionToken', null)
  app.addHook('onRequest', sessionReader(ctx.db))
  app.setErrorHandler(errorHandler)
  const consoleDir = webDir(ctx.config.webDir)
  app.setNotFoundHandler((request, reply) => {
    // The console's own paths (/findings/…) load its page; the API and missing files (a
    // script of an older build) answer 404.
    if (consoleDir !== null && request.method === 'GET' && isConsolePath(request.url)) {
      return reply
        .header('cache-control', 'no-cache')
        .type('text/html; charset=utf-8')
        .sendFile('index.html')
    }
    return reply.status(404).send(notFound(`没有这个地址：${request.method} ${request.url}`))
  })
  if (consoleDir !== null) {
    await app.register(fastifyStatic, {
      root: consoleDir,
      prefix: '/',
      wildcard: true,
      index: 'index.html',
      // Built scripts and styles carry a content hash in their names and never change; the
      // rest is revalidated, so that a new build is picked up at once.
      setHeaders: (res, file) => {
        const hashed = file.startsWith(path.join(consoleDir, 'assets') + path.sep)
        res.setHeader('cache-control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  } else {
    app.get('/', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .send(
          '<!doctype html><meta charset="utf-8"><title>yibao</title><p>控制台尚未构建：请运行 npm run build。接口文档见 <a href="/api/docs">/api/docs</a>。</p>'
        )
    )
  }

  // The review chain's deadlines: dispatched findings past their appeal window move on.
  const expire = async (): Promise<void> => {
    try {
      const moved = await expireOverdueFindings(ctx.db, todayOf(ctx), SYSTEM)
      if (moved > 0) app.log.info({ moved }, '申诉期满的疑点已按规则处理')
    } catch (err) {
      app.log.error({ err }, '处理申诉期满的疑点失败')
    }
  }
  const timer = setInterval(() => void expire(), EXPIRY_INTERVAL_MS)
  timer.unref()
  app.addHook('onReady', async () => {
    await failInterruptedJobs(ctx.db)
    await expire()
  })
  if (ctx.realtime === undefined) {
    // The real-time audit was made here, so it is closed here (its history cache listens).
    app.addHook('onClose', async () => {
      await realtime.close()
    })
  }
  app.addHook('onClose', (_instance, done) => {
    clearInterval(timer)
    done()
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
          name: '用户与权限',
          description: '登录（会话 Cookie + X-CSRF-Token）、用户、API Key、审计日志',
        },
        {
          name: '疑点复审',
          description: '疑点下发 → 机构申诉 → 复审 → 扣款；随机抽查复审；审核漏斗',
        },
        { name: '后台任务', description: '批量审核等长任务及其进度' },
        {
          name: '待遇与结算',
          description:
            '待遇政策版本（导入、草稿、启用、导出）、结算计算器、政策测算与结算核查（后台任务）',
        },
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
  await app.register(authRoutes(ctx), { prefix: '/api/v1' })
  await app.register(reviewRoutes(ctx), { prefix: '/api/v1' })
  await app.register(reviewPolicyRoutes(ctx), { prefix: '/api/v1' })
  await app.register(adminRoutes(ctx, apiKeys), { prefix: '/api/v1' })
  await app.register(jobRoutes(ctx), { prefix: '/api/v1' })
  await app.register(benefitSettlementRoutes(ctx), { prefix: '/api/v1' })
  await app.register(paymentRoutes(ctx), { prefix: '/api/v1' })
  await app.register(staffRoutes(ctx, realtime), { prefix: '/api/v1' })
  await app.register(reportRoutes(ctx), { prefix: '/api/v1' })
  await app.register(publicCasesPage(ctx))
  await app.register(inspectionRoutes(ctx), { prefix: '/api/v1' })
  await app.register(assessmentRoutes(ctx), { prefix: '/api/v1' })
  await app.register(agreementRoutes(ctx), { prefix: '/api/v1' })
  await app.register(clueRoutes(ctx), { prefix: '/api/v1' })
  await app.register(callbackRoutes(ctx), { prefix: '/api/v1' })
  await app.register(screeningRoutes(ctx), { prefix: '/api/v1' })

  return app
}
