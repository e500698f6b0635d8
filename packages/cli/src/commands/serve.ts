// SPDX-License-Identifier: Apache-2.0
import { badRequest, dateOf, fromEpochMs, OutcomeError } from '@yibao/domain'
import { createApp } from '@yibao/server'
import { DEMO_PASSWORD, ensureDemoAccounts, getMeta, runAudit } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printDemoAccounts, println } from '../io.js'
import { openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { buildDemo } from './demo.js'
import { Progress } from '../progress.js'
import { cliActor } from '../context.js'

/**
 * `yibao serve [--dir D] [--host H] [--port P] [--demo]`: serves the API. With `--demo`, first
 * builds the small demo region when the data directory has no complete one.
 * Resolves when the server stops (SIGINT / SIGTERM).
 */
export async function serveCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('serve', args, {
    ...COMMON_OPTIONS,
    host: { type: 'string' },
    port: { type: 'string' },
    demo: { type: 'boolean', default: false },
  })
  if (values.help) {
    println(
      io,
      [
        '用法：yibao serve [--dir 数据目录] [--host 地址] [--port 端口] [--demo]',
        '  启动 HTTP 服务。--demo：数据目录中没有演示统筹区时先生成（small 规模）。',
        '  设置 DATABASE_URL 时使用 PostgreSQL，否则使用数据目录中的 PGlite。',
      ].join('\n')
    )
    return 0
  }
  const env = { ...io.env }
  if (values.host !== undefined) env.YIBAO_HOST = values.host
  if (values.port !== undefined) env.YIBAO_PORT = values.port
  const ctx = await openContext({ ...io, env }, values.dir)
  let closed = false
  let demoAccounts: string[] = []
  try {
    if (values.demo) {
      const demo = await getMeta<{ status?: string }>(ctx.db, 'demo')
      if (demo?.status !== 'complete') {
        io.stderr.write('数据目录中还没有演示统筹区，正在生成（small 规模，约 10 秒）…\n')
        await buildDemo(ctx.db, ctx.pack, { scale: 'small', seed: 1 }, io)
      }
      const [{ n }] = (await ctx.db.query('SELECT count(*)::int AS n FROM audit_run')) as [
        { n: number },
      ]
      if (n === 0) {
        io.stderr.write('正在对演示统筹区做批量审核（事后初审）…\n')
        const progress = new Progress(io, '批量审核（参保人）', 0)
        await runAudit(ctx.db, {
          knowledge: ctx.knowledge,
          actor: cliActor(),
          rulesDate: dateOf(fromEpochMs(Date.now())),
          onProgress: (done, total) => {
            progress.setTotal(total)
            progress.update(done)
          },
        })
        progress.done()
      }
      demoAccounts = await ensureDemoAccounts(ctx.db)
    }
    const app = await createApp({
      db: ctx.db,
      knowledge: ctx.knowledge,
      pack: { version: ctx.pack.version, effectiveFrom: ctx.pack.effectiveFrom },
      config: ctx.config,
    })
    let address: string
    try {
      address = await app.listen({ host: ctx.config.host, port: ctx.config.port })
    } catch (err) {
      throw new OutcomeError(
        badRequest(
          `无法监听 ${ctx.config.host}:${ctx.config.port}：${err instanceof Error ? err.message : String(err)}`
        ),
        err
      )
    }
    const shown = address.replace('127.0.0.1', 'localhost')
    println(io, `yibao 已启动：${shown}`)
    println(io, `  健康检查  ${shown}/api/v1/health`)
    println(io, `  接口文档  ${shown}/api/docs`)
    println(
      io,
      `  数据库    ${ctx.db.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}（${ctx.db.location}），知识包 ${ctx.pack.version}`
    )
    println(io, `  控制台    ${shown}/`)
    if (demoAccounts.length > 0) {
      if (ctx.config.production) println(io, '  生产模式：演示账号已停用，不能登录。')
      else printDemoAccounts(io, demoAccounts, DEMO_PASSWORD)
    }
    println(io, '按 Ctrl+C 停止。')
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        void app.close().then(resolve, resolve)
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    await ctx.db.close()
    closed = true
    return 0
  } finally {
    if (!closed) await ctx.db.close()
  }
}
