// SPDX-License-Identifier: Apache-2.0
import type { FastifyInstance } from 'fastify'
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import type { Permission } from '@yibao/supervision'
import type { Database, DocumentKind, StoredVersion, VersionedBody } from '@yibao/storage'
import { activateVersion, listVersions, readVersion, saveDraftVersion } from '@yibao/storage'
import { objectBody, textField } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { outcomeSchema } from './outcome-schema.js'

/** A body described for OpenAPI only: the handler checks it field by field, naming each path. */
export const described = (description: string) =>
  ({ type: 'object', description, additionalProperties: true }) as const

export const answer = { type: 'object', additionalProperties: true } as const
export const refusals = { 400: outcomeSchema, 404: outcomeSchema, 409: outcomeSchema } as const

/** How one kind of versioned document is served. */
export interface VersionedRoutesSpec<T extends VersionedBody> {
  readonly db: Database
  readonly kind: DocumentKind<T>
  /** e.g. `/policies`. */
  readonly path: string
  /** Export file names start with this, e.g. `policy`. */
  readonly filePrefix: string
  readonly tags: readonly string[]
  readonly read: Permission
  readonly manage: Permission
  /** What people call the document, e.g. 政策文档 (for summaries). */
  readonly documentLabel: string
  parseText(source: string): T
  formatText(body: T, format: 'yaml' | 'json'): string
}

/** A version as listed: its names, dates and bookkeeping, no parameters. */
export function versionSummary<T extends VersionedBody>(
  kind: DocumentKind<T>,
  stored: StoredVersion<T>
): Record<string, unknown> {
  const b = stored.body
  const { from, to } = kind.effective(b)
  return {
    id: b.id,
    name: b.name,
    admdvs: b.admdvs,
    year: b.year,
    status: stored.status,
    effectiveFrom: from,
    effectiveTo: to,
    createdBy: stored.createdBy,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    activatedBy: stored.activatedBy,
    activatedAt: stored.activatedAt,
  }
}

/**
 * Registers the routes of a versioned document: list, read, export, save a draft, import a
 * YAML / JSON text, activate.
 */
export function registerVersionedRoutes<T extends VersionedBody>(
  app: FastifyInstance,
  spec: VersionedRoutesSpec<T>
): void {
  const { db, kind, path, tags } = spec
  const detail = (stored: StoredVersion<T>): Record<string, unknown> => ({
    ...versionSummary(kind, stored),
    document: kind.toDocument(stored.body),
  })
  const find = async (id: string): Promise<StoredVersion<T>> => {
    const stored = await readVersion(db, kind, id)
    if (stored === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的${kind.label}`))
    return stored
  }
  app.get(
    path,
    {
      schema: { tags, summary: `${kind.label}：各版本（草稿、启用、停用）` },
      preHandler: requireUser(spec.read),
    },
    async () => ({ items: (await listVersions(db, kind)).map((s) => versionSummary(kind, s)) })
  )
  app.get(
    `${path}/:id`,
    {
      schema: { tags, summary: `一个${kind.label}：状态与${spec.documentLabel}` },
      preHandler: requireUser(spec.read),
    },
    async (request) => detail(await find((request.params as { id: string }).id))
  )
  app.get(
    `${path}/:id/export`,
    {
      schema: { tags, summary: `导出${kind.label}（format=yaml 默认，或 json）` },
      preHandler: requireUser(spec.read),
    },
    async (request, reply) => {
      const { id } = request.params as { id: string }
      const format = (request.query as Record<string, unknown>)['format'] ?? 'yaml'
      if (format !== 'yaml' && format !== 'json') {
        throw new OutcomeError(
          badRequest(`format：应为 yaml 或 json，收到 ${JSON.stringify(format)}`, 'format')
        )
      }
      const stored = await find(id)
      return reply
        .type(
          format === 'json' ? 'application/json; charset=utf-8' : 'application/yaml; charset=utf-8'
        )
        .header(
          'content-disposition',
          `attachment; filename="${spec.filePrefix}-${id.replace(/[^\w.-]/g, '_')}.${format}"`
        )
        .send(spec.formatText(stored.body, format))
    }
  )
  app.post(
    path,
    {
      schema: {
        tags,
        summary: `保存${kind.label}草稿（请求体为${spec.documentLabel}；同编号的草稿被替换，已启用或停用的版本不能修改）`,
        body: described(`${spec.documentLabel}：金额单位元、比例为百分数`),
        response: { 200: answer, 201: answer, ...refusals },
      },
      preHandler: requireUser(spec.manage),
    },
    async (request, reply) => {
      const body = objectBody(request)
      const id = body['id']
      const existed =
        (typeof id === 'string' || typeof id === 'number') &&
        (await readVersion(db, kind, String(id))) !== undefined
      const stored = await saveDraftVersion(db, kind, body, viewerOf(request))
      return reply.status(existed ? 200 : 201).send(detail(stored))
    }
  )
  app.post(
    `${path}/import`,
    {
      schema: {
        tags,
        summary: `导入${kind.label}文件为草稿（{ text }：YAML 或 JSON 文本）`,
        body: described('{ text }：文件的文本（YAML 或 JSON）'),
        response: { 200: answer, 201: answer, ...refusals },
      },
      preHandler: requireUser(spec.manage),
    },
    async (request, reply) => {
      const body = spec.parseText(textField(objectBody(request), 'text'))
      const existed = (await readVersion(db, kind, body.id)) !== undefined
      const stored = await saveDraftVersion(db, kind, kind.toDocument(body), viewerOf(request))
      return reply.status(existed ? 200 : 201).send(detail(stored))
    }
  )
  app.post(
    `${path}/:id/activate`,
    {
      schema: {
        tags,
        summary: '启用草稿：同一统筹区同一年原先启用的版本随之停用',
        response: { 200: answer, ...refusals },
      },
      preHandler: requireUser(spec.manage),
    },
    async (request) => {
      const { id } = request.params as { id: string }
      return detail(await activateVersion(db, kind, id, viewerOf(request)))
    }
  )
}
