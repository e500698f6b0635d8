// SPDX-License-Identifier: Apache-2.0
import { appendAuditLog, migrate, openDatabase } from '@yibao/storage'
import { loadConfig } from '@yibao/server'
import { badRequest, OutcomeError } from '@yibao/domain'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

/** `yibao migrate [--dir D] [--json]`: applies pending schema migrations. */
export async function migrateCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('migrate', args, COMMON_OPTIONS)
  if (values.help) {
    println(
      io,
      '用法：yibao migrate [--dir 数据目录] [--json]\n  执行尚未执行的数据库迁移。设置 DATABASE_URL 时使用 PostgreSQL。'
    )
    return 0
  }
  const { config, problems } = loadConfig(
    io.env,
    values.dir === undefined ? {} : { dataDir: values.dir }
  )
  if (problems.length > 0) throw new OutcomeError(badRequest(`配置有误：${problems.join('；')}`))
  const db = await openDatabase({ url: config.databaseUrl, dir: config.dataDir })
  try {
    const result = await migrate(db)
    if (result.applied.length > 0) {
      await appendAuditLog(db, {
        actor: cliActor(),
        action: 'schema.migrate',
        target: String(result.current),
        detail: { applied: result.applied },
      })
    }
    if (values.json) printJson(io, { database: db.kind, location: db.location, ...result })
    else {
      println(io, `数据库：${db.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}（${db.location}）`)
      println(
        io,
        result.applied.length === 0
          ? `已是最新结构（版本 ${result.current}）`
          : `已执行 ${result.applied.length} 个迁移：${result.applied.map((m) => `${m.version} ${m.name}`).join('，')}`
      )
    }
    return 0
  } finally {
    await db.close()
  }
}
