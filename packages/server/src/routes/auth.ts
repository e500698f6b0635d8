// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { badRequest, OutcomeError, unauthorized } from '@yibao/domain'
import { appendAuditLog, createSession, deleteSession, verifyPassword } from '@yibao/storage'
import type { AppContext } from '../app.js'
import { requireUser, sessionCookie } from '../session-auth.js'

/**
 * Sign-in for people: `POST /auth/login` (user name and password → session cookie and CSRF
 * token), `POST /auth/logout`, `GET /auth/me`.
 */
export function authRoutes(ctx: AppContext): FastifyPluginCallback {
  const ttl = ctx.config.sessionHours * 3600
  return function auth(app, _options, done) {
    app.post(
      '/auth/login',
      { schema: { tags: ['用户与权限'], summary: '登录（用户名、密码）' } },
      async (request, reply) => {
        const body = (request.body ?? {}) as { username?: unknown; password?: unknown }
        if (typeof body.username !== 'string' || body.username.trim() === '') {
          throw new OutcomeError(badRequest('username：不能为空', 'username'))
        }
        if (typeof body.password !== 'string' || body.password === '') {
          throw new OutcomeError(badRequest('password：不能为空', 'password'))
        }
        const username = body.username.trim()
        const user = await verifyPassword(ctx.db, username, body.password, {
          allowDemo: !ctx.config.production,
        })
        if (user === undefined) {
          await appendAuditLog(ctx.db, {
            actor: `user:${username}`,
            action: 'auth.login.failed',
            target: username,
            detail: { ip: request.ip },
          })
          throw new OutcomeError({
            issues: [{ ...unauthorized.issues[0]!, message: '用户名或密码错误' }],
          })
        }
        const session = await createSession(ctx.db, user.id, ttl)
        await appendAuditLog(ctx.db, {
          actor: `user:${user.username}`,
          action: 'auth.login',
          target: user.id,
          detail: { ip: request.ip },
        })
        void reply.header('set-cookie', sessionCookie(session.token, ttl, ctx.config.production))
        return { user: publicUser(user), csrfToken: session.csrfToken }
      }
    )
    app.post(
      '/auth/logout',
      { schema: { tags: ['用户与权限'], summary: '退出登录' }, preHandler: requireUser() },
      async (request, reply) => {
        if (request.sessionToken !== null) await deleteSession(ctx.db, request.sessionToken)
        await appendAuditLog(ctx.db, {
          actor: `user:${request.user!.username}`,
          action: 'auth.logout',
          target: request.user!.id,
        })
        return reply
          .header('set-cookie', sessionCookie('', 0, ctx.config.production))
          .status(204)
          .send()
      }
    )
    app.get(
      '/auth/me',
      {
        schema: { tags: ['用户与权限'], summary: '当前用户与 CSRF 令牌' },
        preHandler: requireUser(),
      },
      (request, reply) =>
        reply.send({ user: publicUser(request.user!), csrfToken: request.csrfToken })
    )
    done()
  }
}

/** What the console is told about a user. */
export function publicUser(user: {
  id: string
  username: string
  displayName: string
  role: string
  institutionCode: string | null
}): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    institutionCode: user.institutionCode,
  }
}
