// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError } from '@yibao/domain'
import type { SettlementCheckSummary } from '@yibao/storage'
import { appendAuditLog, checkStoredSettlements, readRecords } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println, yuanText } from '../io.js'
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { Progress } from '../progress.js'

const OPTIONS = { ...COMMON_OPTIONS, year: { type: 'string' } } as const

const USAGE = [
  '用法：yibao settle --year 年 [--dir 数据目录] [--json]',
  '  按该年启用的待遇政策重新计算每一笔已存储的结算（逐人按结算时间累计年度起付、封顶、大病基数、救助额度），',
  '  保存比对结果（可重复运行），并列出与记录不一致的结算及原因：漏享倾斜、限制性规定的费用由基金支付、其他差异。',
  '  演示统筹区另与注入真值比较（P1：漏享倾斜）。',
].join('\n')

/** Parses `--year`. */
export function yearOption(value: string | undefined): number {
  const year = Number(value)
  if (value === undefined || !Number.isInteger(year) || year < 2000 || year > 2100) {
    throw new OutcomeError(badRequest(`--year 应为四位年份：${value ?? '未给出'}`, '--year'))
  }
  return year
}

/** `yibao settle`: the engine's recomputation of a year's stored settlements. */
export async function settleCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('settle', args, OPTIONS)
  if (values.help) {
    println(io, USAGE)
    return 0
  }
  const year = yearOption(values.year)
  const ctx = await openContext(io, values.dir)
  try {
    const bar = new Progress(io, `重算 ${year} 年结算（参保人）`, 0)
    const summary = await checkStoredSettlements(ctx.db, {
      year,
      onProgress: (done, total) => {
        bar.setTotal(total)
        bar.update(done)
      },
    })
    bar.done()
    await appendAuditLog(ctx.db, {
      actor: cliActor(),
      action: 'settlement.check',
      target: String(year),
      detail: { settlements: summary.settlements, byStatus: summary.byStatus },
    })
    const truth = await missedTiltTruth(ctx.db, summary)
    if (values.json) printJson(io, { ...summary, ...(truth === null ? {} : { truth }) })
    else printSummary(io, summary, truth)
    return 0
  } finally {
    await ctx.db.close()
  }
}

/** How the missed-tilt list compares with the injected truth (P1), when there is any. */
async function missedTiltTruth(
  db: Parameters<typeof readRecords>[0],
  summary: SettlementCheckSummary
): Promise<{ injected: number; found: number; missing: string[]; extra: string[] } | null> {
  const truth = (await readRecords(db, 'truth')).filter((t) => t.type === 'P1')
  if (truth.length === 0) return null
  const injected = new Set(truth.map((t) => t.mdtrtId))
  const found = new Set(summary.missedTilt.map((m) => m.mdtrtId))
  return {
    injected: injected.size,
    found: [...found].filter((m) => injected.has(m)).length,
    missing: [...injected].filter((m) => !found.has(m)).sort(),
    extra: [...found].filter((m) => !injected.has(m)).sort(),
  }
}

function printSummary(
  io: CliIo,
  s: SettlementCheckSummary,
  truth: Awaited<ReturnType<typeof missedTiltTruth>>
): void {
  println(io, `${s.year} 年结算重算：${s.settlements} 笔`)
  println(
    io,
    `  一致 ${s.byStatus.SAME}，漏享倾斜 ${s.byStatus.MISSED_TILT}，限制性费用由基金支付 ${s.byStatus.RESTRICTED_PAID}，其他差异 ${s.byStatus.DIFFERS}` +
      (s.withoutPolicy > 0 ? `；无启用政策未重算 ${s.withoutPolicy}` : '')
  )
  if (s.missedTilt.length > 0) {
    println(io, '\n漏享倾斜（结算时未落实倾斜政策）：')
    for (const m of s.missedTilt) {
      println(
        io,
        `  ${m.setlId}  ${m.psnNo}  ${m.institutionCode}  实付 ${yuanText(m.recordedFund)}，应付 ${yuanText(m.engineFund)}，少付 ${yuanText(m.engineFund - m.recordedFund)}`
      )
    }
  }
  const others = [...s.restrictedPaid, ...s.differs]
  if (others.length > 0) {
    println(io, '\n其他不一致（前 20 笔）：')
    for (const m of others.slice(0, 20)) println(io, `  ${m.setlId}  ${m.reason ?? ''}`)
  }
  if (truth !== null) {
    println(
      io,
      `\n与注入真值比较（P1 漏享倾斜）：注入 ${truth.injected}，找到 ${truth.found}，漏报 ${truth.missing.length}，多报 ${truth.extra.length}`
    )
  }
}
