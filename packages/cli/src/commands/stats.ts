// SPDX-License-Identifier: Apache-2.0
import { countRecords } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { claimCounts, printCounts, printJson, println } from '../io.js'
import { openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

/** `yibao stats [--dir D] [--json]`: record counts per kind and the knowledge-pack version. */
export async function statsCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('stats', args, COMMON_OPTIONS)
  if (values.help) {
    println(io, '用法：yibao stats [--dir 数据目录] [--json]\n  各类记录数量与当前知识包版本。')
    return 0
  }
  const ctx = await openContext(io, values.dir)
  try {
    const counts = await countRecords(ctx.db)
    const result = {
      database: ctx.db.kind,
      location: ctx.db.location,
      pack: { version: ctx.pack.version, effectiveFrom: ctx.pack.effectiveFrom },
      ...claimCounts(counts),
      findings: counts.findings,
    }
    if (values.json) printJson(io, result)
    else {
      println(
        io,
        `数据库      ${ctx.db.kind === 'pglite' ? 'PGlite' : 'PostgreSQL'}（${ctx.db.location}）`
      )
      println(io, `知识包      ${ctx.pack.version}（${ctx.pack.effectiveFrom} 起）`)
      printCounts(io, [
        ['定点医药机构', result.institutions],
        ['参保人员', result.persons],
        ['就诊', result.encounters],
        ['结算', result.settlements],
        ['费用明细', result.feeLines],
        ['诊断', result.diagnoses],
        ['手术操作', result.operations],
        ['疑点', result.findings],
      ])
    }
    return 0
  } finally {
    await ctx.db.close()
  }
}
