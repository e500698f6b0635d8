// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import type { AppContext } from '../app.js'
import { YIBAO_VERSION } from '../app.js'

/** Health of the database and the active knowledge pack. */
export interface Health {
  status: 'ok' | 'degraded'
  version: string
  database: {
    kind: string
    location: string
    ok: boolean
    schemaVersion: number | null
    error?: string
  }
  pack: { version: string; effectiveFrom: string }
}

/**
 * `GET /api/v1/health`: 200 when the database answers, 503 otherwise.
 */
export function healthRoutes(ctx: AppContext): FastifyPluginCallback {
  return function health(app, _options, done) {
    app.get(
      '/health',
      {
        schema: {
          tags: ['系统'],
          summary: '健康检查：数据库与知识包版本',
          response: {
            200: { type: 'object', additionalProperties: true },
            503: { type: 'object', additionalProperties: true },
          },
        },
      },
      async (_request, reply) => {
        const body: Health = {
          status: 'ok',
          version: YIBAO_VERSION,
          database: { kind: ctx.db.kind, location: ctx.db.location, ok: true, schemaVersion: null },
          pack: { version: ctx.pack.version, effectiveFrom: ctx.pack.effectiveFrom },
        }
        try {
          const rows = await ctx.db.query<{ v: number | null }>(
            'SELECT max(version) AS v FROM schema_migration'
          )
          body.database.schemaVersion = rows[0]?.v ?? null
        } catch (err) {
          body.status = 'degraded'
          body.database.ok = false
          body.database.error = err instanceof Error ? err.message : String(err)
        }
        return reply.status(body.status === 'ok' ? 200 : 503).send(body)
      }
    )
    done()
  }
}
