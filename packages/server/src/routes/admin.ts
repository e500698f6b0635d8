// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import type { Role } from '@yibao/supervision'
import {
  appendAuditLog,
  createApiKey,
  createUser,
  listApiKeys,
  listUsers,
  queryAuditLog,
  revokeApiKey,
  setUserDisabled,
  setUserPassword,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import type { ApiKeyVerifier } from '../api-key-auth.js'
import { objectBody, positiveInt, textField } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { publicUser } from './auth.js'

const tags = ['用户与权限']

/** Administration: users, API keys of HIS systems, the audit log (admins only). */
export function adminRoutes(ctx: AppContext, apiKeys: ApiKeyVerifier): FastifyPluginCallback {
  return function admin(app, _options, done) {
    app.get(
      '/users',
      { schema: { tags, summary: '用户列表' }, preHandler: requireUser('users.manage') },
      async () => ({
        items: (await listUsers(ctx.db)).map((u) => ({
          ...publicUser(u),
          demo: u.demo,
          createdAt: u.createdAt,
          disabledAt: u.disabledAt,
        })),
      })
    )
    app.post(
      '/users',
      { schema: { tags, summary: '新建用户' }, preHandler: requireUser('users.manage') },
      async (request, reply) => {
        const b = objectBody(request)
        const institution = b['institutionCode']
        const user = await createUser(ctx.db, {
          username: textField(b, 'username'),
          displayName: textField(b, 'displayName'),
          role: textField(b, 'role') as Role,
          institutionCode: typeof institution === 'string' ? institution : null,
          password: textField(b, 'password'),
        })
        await appendAuditLog(ctx.db, {
          actor: viewerOf(request).actor,
          action: 'user.create',
          target: user.id,
          detail: { after: publicUser(user) },
        })
        return reply.status(201).send(publicUser(user))
      }
    )
    for (const disabled of [true, false]) {
      app.post(
        `/users/:id/${disabled ? 'disable' : 'enable'}`,
        {
          schema: { tags, summary: disabled ? '停用用户（立即结束其会话）' : '启用用户' },
          preHandler: requireUser('users.manage'),
        },
        async (request) => {
          const { id } = request.params as { id: string }
          const viewer = viewerOf(request)
          if (disabled && request.user!.id === id) {
            throw new OutcomeError(badRequest('id：不能停用自己的账号', 'id'))
          }
          const user = await setUserDisabled(ctx.db, id, disabled)
          if (user === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的用户`))
          await appendAuditLog(ctx.db, {
            actor: viewer.actor,
            action: disabled ? 'user.disable' : 'user.enable',
            target: id,
            detail: { username: user.username },
          })
          return {
            ...publicUser(user),
            demo: user.demo,
            createdAt: user.createdAt,
            disabledAt: user.disabledAt,
          }
        }
      )
    }
    app.post(
      '/users/:id/password',
      {
        schema: { tags, summary: '重置用户密码（其会话随即结束）' },
        preHandler: requireUser('users.manage'),
      },
      async (request, reply) => {
        const { id } = request.params as { id: string }
        const user = await setUserPassword(ctx.db, id, textField(objectBody(request), 'password'))
        if (user === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的用户`))
        await appendAuditLog(ctx.db, {
          actor: viewerOf(request).actor,
          action: 'user.password.reset',
          target: id,
          detail: { username: user.username },
        })
        return reply.status(204).send()
      }
    )
    app.get(
      '/api-keys',
      {
        schema: { tags, summary: 'HIS 接口 API Key 列表' },
        preHandler: requireUser('apiKeys.manage'),
      },
      async () => ({ items: await listApiKeys(ctx.db) })
    )
    app.post(
      '/api-keys',
      {
        schema: { tags, summary: '新建 API Key（只显示一次）' },
        preHandler: requireUser('apiKeys.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const name = textField(b, 'name').trim()
        if (name === '') throw new OutcomeError(badRequest('name：不能为空', 'name'))
        const inst = b['institutionCode']
        const institutionCode = typeof inst === 'string' && inst.trim() !== '' ? inst.trim() : null
        if (institutionCode !== null) {
          const found = await ctx.db.query('SELECT 1 FROM institution WHERE code = $1', [
            institutionCode,
          ])
          if (found.length === 0) {
            throw new OutcomeError(
              badRequest(`institutionCode：没有编码为 ${institutionCode} 的机构`, 'institutionCode')
            )
          }
        }
        const created = await createApiKey(ctx.db, { name, institutionCode })
        await appendAuditLog(ctx.db, {
          actor: viewerOf(request).actor,
          action: 'apikey.create',
          target: created.id,
          detail: { name, institutionCode, prefix: created.prefix },
        })
        return reply.status(201).send({ ...created, name, institutionCode })
      }
    )
    app.delete(
      '/api-keys/:id',
      { schema: { tags, summary: '吊销 API Key' }, preHandler: requireUser('apiKeys.manage') },
      async (request, reply) => {
        const { id } = request.params as { id: string }
        if (!(await revokeApiKey(ctx.db, id))) {
          throw new OutcomeError(notFound(`没有编号为 ${id} 的有效 API Key`))
        }
        // Refused by this server at once, not only when its cache runs out.
        apiKeys.forget()
        await appendAuditLog(ctx.db, {
          actor: viewerOf(request).actor,
          action: 'apikey.revoke',
          target: id,
        })
        return reply.status(204).send()
      }
    )
    app.get(
      '/audit-log',
      {
        schema: { tags, summary: '审计日志（只增不改）' },
        preHandler: requireUser('auditLog.read'),
      },
      async (request) => {
        const q = request.query as Record<string, string | undefined>
        return queryAuditLog(ctx.db, {
          page: positiveInt(q['page'], 'page', 1),
          pageSize: positiveInt(q['pageSize'], 'pageSize', 50),
          actor: q['actor'] || undefined,
          action: q['action'] || undefined,
        })
      }
    )
    done()
  }
}
