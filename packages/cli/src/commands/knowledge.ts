// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { badRequest, isIsoDate, OutcomeError } from '@yibao/domain'
import {
  expandOfficialPaths,
  importOfficialFiles,
  Knowledge,
  serializePack,
} from '@yibao/knowledge'
import {
  appendAuditLog,
  listPackVersions,
  loadPriceCaps,
  parsePriceCapCsv,
  savePackVersion,
} from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor, loadPackAt, openContext, today } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

const USAGE = [
  '用法：yibao knowledge <子命令> [--dir 数据目录] [--json]',
  '  list                                   列出已存储的知识包版本',
  '  import 路径… [--version V] [--effective-from 日期]',
  '                                         由较新的官方文件（CSV 或 xlsx）生成新版本；未提供的部分沿用当前版本',
  '  show 编码 [--date 日期]                查询药品/项目/诊断/手术编码及其在该日期有效的知识点',
  '  prices 文件.csv                        导入本地医疗服务价格（限价）表',
].join('\n')

/** `yibao knowledge list|import|show|prices`. */
export async function knowledgeCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('knowledge', args, {
    ...COMMON_OPTIONS,
    version: { type: 'string' },
    'effective-from': { type: 'string' },
    date: { type: 'string' },
  })
  const [sub, ...rest] = positionals
  if (values.help || sub === undefined) {
    println(io, USAGE)
    return values.help ? 0 : 2
  }
  for (const opt of ['effective-from', 'date'] as const) {
    const v = values[opt]
    if (v !== undefined && !isIsoDate(v)) {
      throw new OutcomeError(badRequest(`--${opt} ${v} 无效：应为 YYYY-MM-DD`, `--${opt}`))
    }
  }
  const ctx = await openContext(io, values.dir)
  try {
    switch (sub) {
      case 'list': {
        const versions = await listPackVersions(ctx.db)
        if (values.json) printJson(io, { active: ctx.pack.version, versions })
        else {
          for (const v of versions) {
            println(
              io,
              `${v.version === ctx.pack.version ? '*' : ' '} ${v.version}  ${v.effectiveFrom} 起`
            )
          }
        }
        return 0
      }
      case 'import': {
        if (rest.length === 0) throw new OutcomeError(badRequest('请给出要导入的文件或目录'))
        const paths = expandOfficialPaths(rest.map((p) => path.resolve(io.cwd, p)))
        const effectiveFrom = values['effective-from'] ?? today()
        const base = await loadPackAt(ctx.db, effectiveFrom)
        const existing = await listPackVersions(ctx.db)
        const version =
          values.version ??
          nextVersion(
            existing.map((v) => v.version),
            effectiveFrom
          )
        const { pack, report } = await importOfficialFiles(paths, { base, version, effectiveFrom })
        await savePackVersion(ctx.db, {
          version: pack.version,
          effectiveFrom: pack.effectiveFrom,
          builtAt: pack.builtAt,
          sources: pack.sources,
          content: serializePack(pack),
        })
        await appendAuditLog(ctx.db, {
          actor: cliActor(),
          action: 'knowledge.import',
          target: pack.version,
          detail: { effectiveFrom, base: base.version, files: paths },
        })
        if (values.json) printJson(io, { version: pack.version, effectiveFrom, report })
        else {
          println(
            io,
            `已生成知识包 ${pack.version}（${effectiveFrom} 起生效，基于 ${base.version}）`
          )
          println(io, JSON.stringify(report, null, 2))
        }
        return 0
      }
      case 'show': {
        const code = rest[0]
        if (code === undefined) throw new OutcomeError(badRequest('请给出编码'))
        const date = values.date ?? today()
        // The version in force on that date answers, not today's.
        const pack = date === today() ? ctx.pack : await loadPackAt(ctx.db, date)
        const k = pack === ctx.pack ? ctx.knowledge : new Knowledge(pack)
        const result = {
          code,
          date,
          pack: pack.version,
          drug: k.drug(code) ?? null,
          serviceItem: k.serviceItem(code) ?? null,
          diagnosis: k.diagnosis(code) ?? null,
          procedure: k.procedure(code) ?? null,
          points: k.pointsFor(code, date),
        }
        if (!result.drug && !result.serviceItem && !result.diagnosis && !result.procedure) {
          if (values.json) printJson(io, result)
          else println(io, `知识包 ${pack.version} 中没有编码 ${code}`)
          return 1
        }
        printJson(io, result)
        return 0
      }
      case 'prices': {
        const file = rest[0]
        if (file === undefined) throw new OutcomeError(badRequest('请给出价格表 CSV 文件'))
        const full = path.resolve(io.cwd, file)
        const caps = parsePriceCapCsv(fs.readFileSync(full, 'utf8'), path.basename(full))
        await loadPriceCaps(ctx.db, caps)
        await appendAuditLog(ctx.db, {
          actor: cliActor(),
          action: 'prices.import',
          target: full,
          detail: { rows: caps.length },
        })
        if (values.json) printJson(io, { file: full, rows: caps.length })
        else println(io, `已导入限价 ${caps.length} 条`)
        return 0
      }
      default:
        println(io, USAGE)
        return 2
    }
  } finally {
    await ctx.db.close()
  }
}

/** `YYYY.N`: the next free number for the year of the effective date. */
export function nextVersion(existing: readonly string[], effectiveFrom: string): string {
  const year = effectiveFrom.slice(0, 4)
  let n = 1
  while (existing.includes(`${year}.${n}`)) n++
  return `${year}.${n}`
}
