// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import type { Database, DocumentKind, StoredVersion, VersionedBody } from '@yibao/storage'
import { activateVersion, listVersions, readVersion, saveDraftVersion } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { inputFile, printJson, println } from '../io.js'
import type { CliContext } from '../context.js'
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', default: 'yaml' },
  year: { type: 'string' },
  admdvs: { type: 'string' },
  activate: { type: 'boolean', default: false },
  method: { type: 'string' },
} as const

/** A command over versioned documents (benefit policies, payment plans). */
export interface VersionedCommandSpec<T extends VersionedBody> {
  readonly name: string
  readonly kind: DocumentKind<T>
  /** Usage lines after the common ones. */
  readonly usage: readonly string[]
  parseText(source: string): T
  formatText(body: T, format: 'yaml' | 'json'): string
  /** The version in force for a region and year (export without an id). */
  inForce(db: Database, admdvs: string, year: number): Promise<T>
  /** Extra verbs, e.g. `suggest`; return undefined when the verb is not theirs. */
  extra?(
    verb: string,
    ctx: CliContext,
    values: {
      year?: string
      admdvs?: string
      method?: string
      activate: boolean
      json: boolean
    },
    io: CliIo
  ): Promise<number | undefined>
}

/** Saves a body as a draft and, when asked, activates it; prints the outcome. */
export async function saveAndMaybeActivate<T extends VersionedBody>(
  db: Database,
  kind: DocumentKind<T>,
  body: T,
  activate: boolean,
  json: boolean,
  io: CliIo
): Promise<StoredVersion<T>> {
  const actor = { actor: cliActor(), role: 'admin' as const, institutionCode: null }
  let stored = await saveDraftVersion(db, kind, kind.toDocument(body), actor)
  if (activate) stored = await activateVersion(db, kind, body.id, actor)
  if (json) printJson(io, { id: body.id, status: stored.status })
  else println(io, `已导入 ${body.id}（${body.name}），状态 ${stored.status}`)
  return stored
}

/** Runs `yibao <name> <list|export|import|activate|…>`. */
export async function versionedCommand<T extends VersionedBody>(
  spec: VersionedCommandSpec<T>,
  args: readonly string[],
  io: CliIo
): Promise<number> {
  const { values, positionals } = parseCommand(spec.name, args, OPTIONS)
  const [verb, arg] = positionals
  if (values.help || verb === undefined) {
    println(io, spec.usage.join('\n'))
    return verb === undefined && !values.help ? 2 : 0
  }
  if (values.format !== 'yaml' && values.format !== 'json') {
    throw new OutcomeError(badRequest(`--format 应为 yaml 或 json：${values.format}`, '--format'))
  }
  const format = values.format
  const { kind } = spec
  const ctx = await openContext(io, values.dir)
  const actor = { actor: cliActor(), role: 'admin' as const, institutionCode: null }
  try {
    switch (verb) {
      case 'list': {
        const all = await listVersions(ctx.db, kind)
        if (values.json) {
          printJson(
            io,
            all.map((p) => ({
              id: p.body.id,
              name: p.body.name,
              admdvs: p.body.admdvs,
              year: p.body.year,
              status: p.status,
              ...kind.effective(p.body),
              updatedAt: p.updatedAt,
            }))
          )
        } else {
          if (all.length === 0)
            println(io, `还没有${kind.label}。用 yibao ${spec.name} import 文件 --activate 导入。`)
          for (const p of all) {
            println(
              io,
              `${p.body.id.padEnd(24)} ${p.status.padEnd(8)} ${p.body.admdvs} ${p.body.year}  ${p.body.name}`
            )
          }
        }
        return 0
      }
      case 'export': {
        let body: T
        if (arg !== undefined) {
          const stored = await readVersion(ctx.db, kind, arg)
          if (stored === undefined)
            throw new OutcomeError(notFound(`没有编号为 ${arg} 的${kind.label}`))
          body = stored.body
        } else {
          const year = Number(values.year)
          if (!Number.isInteger(year)) {
            throw new OutcomeError(badRequest('未指定版本编号时须给出 --year', '--year'))
          }
          body = await spec.inForce(ctx.db, values.admdvs ?? '*', year)
        }
        io.stdout.write(values.json ? spec.formatText(body, 'json') : spec.formatText(body, format))
        return 0
      }
      case 'import': {
        if (arg === undefined) throw new OutcomeError(badRequest(`请给出${kind.label}文件`, 'file'))
        const body = spec.parseText(fs.readFileSync(inputFile(io, arg), 'utf8'))
        await saveAndMaybeActivate(ctx.db, kind, body, values.activate, values.json, io)
        return 0
      }
      case 'activate': {
        if (arg === undefined) throw new OutcomeError(badRequest('请给出版本编号', 'id'))
        const stored = await activateVersion(ctx.db, kind, arg, actor)
        if (values.json) printJson(io, { id: arg, status: stored.status })
        else println(io, `已启用 ${arg}（${stored.body.admdvs} ${stored.body.year} 年）`)
        return 0
      }
      default: {
        const done = await spec.extra?.(verb, ctx, values, io)
        if (done !== undefined) return done
        throw new OutcomeError(badRequest(`未知的子命令 ${verb}（${spec.usage[0]}）`, verb))
      }
    }
  } finally {
    await ctx.db.close()
  }
}
