// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import { badRequest, fenToYuan, OutcomeError } from '@yibao/domain'
import type { WhatIfLine } from '@yibao/settlement'
import { parsePolicyText } from '@yibao/settlement'
import { whatIfStored } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { inputFile, printJson, println } from '../io.js'
import { openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { Progress } from '../progress.js'
import { yearOption } from './settle.js'

const OPTIONS = { ...COMMON_OPTIONS, year: { type: 'string' }, policy: { type: 'string' } } as const

const USAGE = [
  '用法：yibao whatif --policy 政策文件 --year 年 [--dir 数据目录] [--json]',
  '  政策测算：用改动后的待遇政策（YAML / JSON，可先用 yibao policy export 导出现行版本再修改）',
  '  重新结算该年全部已存储的就诊，与现行启用的政策比较：各基金层次、各类参保人、各级医疗机构的基金支出及偏差。',
  '  不写入任何数据。',
].join('\n')

/** `yibao whatif`: a year replayed under a changed policy. */
export async function whatifCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('whatif', args, OPTIONS)
  if (values.help) {
    println(io, USAGE)
    return 0
  }
  const year = yearOption(values.year)
  if (values.policy === undefined) {
    throw new OutcomeError(badRequest('请用 --policy 给出改动后的政策文件', '--policy'))
  }
  const policy = parsePolicyText(fs.readFileSync(inputFile(io, values.policy), 'utf8'))
  const ctx = await openContext(io, values.dir)
  try {
    const bar = new Progress(io, `测算 ${year} 年（参保人）`, 0)
    const result = await whatIfStored(ctx.db, policy, {
      year,
      onProgress: (done, total) => {
        bar.setTotal(total)
        bar.update(done)
      },
    })
    bar.done()
    if (values.json) {
      printJson(io, { year, policy: policy.id, ...result })
      return 0
    }
    println(
      io,
      `${year} 年政策测算：${result.settlements} 笔结算，现行政策 ${result.basePolicies.join('、')}，测算政策 ${policy.id}`
    )
    printLines(io, '各基金层次', result.layers)
    printLines(io, '各类参保人（基金支付合计）', result.byCategory)
    printLines(io, '各级医疗机构（基金支付合计）', result.byLevel)
    return 0
  } finally {
    await ctx.db.close()
  }
}

function printLines(io: CliIo, title: string, lines: readonly WhatIfLine[]): void {
  println(io, `\n${title}：`)
  for (const l of lines) {
    const deviation =
      l.deviation === null
        ? '—'
        : `${l.deviation >= 0 ? '+' : ''}${(l.deviation * 100).toFixed(2)}%`
    println(
      io,
      `  ${l.name.padEnd(14, '　')} 现行 ${fenToYuan(l.base).padStart(15)} 元  测算 ${fenToYuan(l.changed).padStart(15)} 元  差额 ${fenToYuan(l.difference).padStart(14)} 元  偏差 ${deviation}`
    )
  }
}
