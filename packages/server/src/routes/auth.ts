// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { badRequest, OutcomeError, tooMany, unauthorized } from '@yibao/domain'
import {
  appendAuditLog,
  createSession,
  deleteSession,
  setUserPassword,
  verifyPassword,
} from '@yibao/storage'
import type { Role } from '@yibao/supervision'
import { permissionsOf } from '@yibao/supervision'
import type { AppContext } from '../app.js'
import { LoginThrottle } from '../login-throttle.js'
import { requireUser, sessionCookie } from '../session-auth.js'

/**
 * Sign-in for people: `POST /auth/login` (user name and password → session cookie and CSRF
 * token), `POST /auth/logout`, `GET /auth/me`.
 */
export function authRoutes(ctx: AppContext): FastifyPluginCallback {
  const ttl = ctx.config.sessionHours * 3600
  const throttle = new LoginThrottle()
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
        const key = `${request.ip}|${username.toLowerCase()}`
        const wait = throttle.retryAfter(key)
        if (wait > 0) {
          throw new OutcomeError(
            tooMany(`登录失败次数过多，请 ${Math.ceil(wait / 60_000)} 分钟后再试`)
          )
        }
        const user = await verifyPassword(ctx.db, username, body.password, {
          allowDemo: !ctx.config.production,
        })
        if (user === undefined) {
          throttle.fail(key)
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
        throttle.succeed(key)
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
    app.post(
      '/auth/password',
      {
        schema: { tags: ['用户与权限'], summary: '修改自己的密码（须重新登录）' },
        preHandler: requireUser(),
      },
      async (request, reply) => {
        const body = (request.body ?? {}) as { current?: unknown; password?: unknown }
        const user = request.user!
        const current =
          typeof body.current === 'string'
            ? await verifyPassword(ctx.db, user.username, body.current, { allowDemo: true })
            : undefined
        if (current === undefined) {
          throw new OutcomeError(badRequest('current：当前密码不正确', 'current'))
        }
        if (typeof body.password !== 'string') {
          throw new OutcomeError(badRequest('password：应为文本', 'password'))
        }
        await setUserPassword(ctx.db, user.id, body.password)
        await appendAuditLog(ctx.db, {
          actor: `user:${user.username}`,
          action: 'user.password.change',
          target: user.id,
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

/** What the console is told about a user, with what their role allows. */
export function publicUser(user: {
  id: string
  username: string
  displayName: string
  role: Role
  institutionCode: string | null
}): Record<string, unknown> {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    institutionCode: user.institutionCode,
    permissions: permissionsOf(user.role),
  }
}
