// SPDX-License-Identifier: Apache-2.0
import { badRequest, conflict, notFound, OutcomeError } from '@yibao/domain'
import { loadConfig } from '@yibao/server'
import type { ApiKeyInfo, Database } from '@yibao/storage'
import {
  appendAuditLog,
  createApiKey,
  listApiKeys,
  migrate,
  openDatabase,
  readRecords,
  revokeApiKey,
} from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

const USAGE = [
  '用法：yibao apikey <子命令> [--dir 数据目录] [--json]',
  '  create --name 名称 [--institution 机构编码]   创建 API Key（供 HIS 调用 3101/3102/3103 与审核接口）；',
  '                                              指定机构时只能提交该机构的请求，不指定为全局（医保局）Key。',
  '                                              密钥只显示这一次，系统只保存其摘要。',
  '  list                                        列出 API Key（不含密钥本身）',
  '  revoke 编号                                 吊销 API Key；运行中的服务最迟在 YIBAO_API_KEY_CACHE_SECONDS（默认 30）秒内拒绝它',
].join('\n')

/** Shown with every new key. */
const SHOWN_ONCE = '请立即妥善保存此 API Key：它只显示这一次，系统只保存其摘要，无法再次查看。'

/** Opens and migrates the database of the data directory (no knowledge pack needed). */
async function openDb(io: CliIo, dir: string | undefined): Promise<Database> {
  const { config, problems } = loadConfig(io.env, dir === undefined ? {} : { dataDir: dir })
  if (problems.length > 0) throw new OutcomeError(badRequest(`配置有误：${problems.join('；')}`))
  const db = await openDatabase({ url: config.databaseUrl, dir: config.dataDir })
  try {
    await migrate(db)
    return db
  } catch (err) {
    await db.close()
    throw err
  }
}

function status(k: ApiKeyInfo): string {
  return k.revokedAt === null ? '有效' : `已吊销（${k.revokedAt}）`
}

/**
 * `yibao apikey create|list|revoke`: the API keys HIS systems use for the real-time interface.
 * Creating and revoking append to the audit log (never the key itself).
 */
export async function apikeyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('apikey', args, {
    ...COMMON_OPTIONS,
    name: { type: 'string' },
    institution: { type: 'string' },
  })
  const [sub, ...rest] = positionals
  if (values.help || sub === undefined) {
    println(io, USAGE)
    return values.help ? 0 : 2
  }
  if (sub !== 'create' && sub !== 'list' && sub !== 'revoke') {
    io.stderr.write(`未知子命令：apikey ${sub}\n`)
    println(io, USAGE)
    return 2
  }
  if (sub !== 'create' && (values.name !== undefined || values.institution !== undefined)) {
    throw new OutcomeError(badRequest(`--name、--institution 只用于 apikey create`))
  }
  if (sub === 'create') {
    const name = values.name?.trim() ?? ''
    if (name === '') throw new OutcomeError(badRequest('请用 --name 给出 API Key 的名称', '--name'))
    if (rest.length > 0) throw new OutcomeError(badRequest(`多余的参数：${rest.join(' ')}`))
  }
  if (sub === 'list' && rest.length > 0) {
    throw new OutcomeError(badRequest(`多余的参数：${rest.join(' ')}`))
  }
  if (sub === 'revoke' && rest.length !== 1) {
    throw new OutcomeError(badRequest('请给出一个要吊销的 API Key 编号（见 yibao apikey list）'))
  }

  const db = await openDb(io, values.dir)
  try {
    switch (sub) {
      case 'create': {
        const name = values.name!.trim()
        const institution = values.institution?.trim() || null
        if (institution !== null) {
          const known = await readRecords(db, 'institutions', {
            where: 'code = $1',
            params: [institution],
            limit: 1,
          })
          if (known.length === 0) {
            io.stderr.write(
              `注意：机构 ${institution} 尚未导入；Key 仍已创建，只能用于该机构的请求。\n`
            )
          }
        }
        const created = await createApiKey(db, { name, institutionCode: institution })
        await appendAuditLog(db, {
          actor: cliActor(),
          action: 'apikey.create',
          target: created.id,
          detail: { name, institutionCode: institution, prefix: created.prefix },
        })
        if (values.json) {
          printJson(io, { ...created, name, institutionCode: institution, warning: SHOWN_ONCE })
        } else {
          println(
            io,
            `已创建 API Key ${created.id}（名称：${name}；${institution === null ? '全局，可提交任何机构的请求' : `仅限机构 ${institution}`}）`
          )
          println(io, '')
          println(io, `  ${created.key}`)
          println(io, '')
          println(io, `HIS 调用时放在请求头 X-API-Key（或 Authorization: Bearer <Key>）中。`)
        }
        io.stderr.write(`${SHOWN_ONCE}\n`)
        return 0
      }
      case 'list': {
        const keys = await listApiKeys(db)
        if (values.json) {
          printJson(io, keys)
          return 0
        }
        if (keys.length === 0) {
          println(io, '还没有 API Key。用 yibao apikey create --name 名称 创建。')
          return 0
        }
        for (const k of keys) {
          println(
            io,
            `${k.id}  ${k.prefix}…  ${k.name}  ${k.institutionCode ?? '全局'}  创建于 ${k.createdAt}  ${status(k)}  最近使用 ${k.lastUsedAt ?? '—'}`
          )
        }
        return 0
      }
      case 'revoke': {
        const id = rest[0]!
        if (!(await revokeApiKey(db, id))) {
          const existing = (await listApiKeys(db)).find((k) => k.id === id)
          throw new OutcomeError(
            existing
              ? conflict(`API Key ${id} 已于 ${existing.revokedAt} 吊销`)
              : notFound(`没有编号为 ${id} 的 API Key`)
          )
        }
        const key = (await listApiKeys(db)).find((k) => k.id === id)
        await appendAuditLog(db, {
          actor: cliActor(),
          action: 'apikey.revoke',
          target: id,
          detail: { name: key?.name ?? null, institutionCode: key?.institutionCode ?? null },
        })
        if (values.json) printJson(io, { id, revoked: true })
        else {
          println(
            io,
            `已吊销 API Key ${id}。运行中的服务最迟在 YIBAO_API_KEY_CACHE_SECONDS（默认 30）秒内拒绝它。`
          )
        }
        return 0
      }
    }
  } finally {
    await db.close()
  }
}
