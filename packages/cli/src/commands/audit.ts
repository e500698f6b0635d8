// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import type { RuleDefinition } from '@yibao/audit'
import { readRuleFile, RULE_LIBRARY } from '@yibao/audit'
import {
  badRequest,
  fenToYuan,
  FINDING_SEVERITY_LABELS,
  invalid,
  OutcomeError,
} from '@yibao/domain'
import type { AuditRunReport } from '@yibao/storage'
import { appendAuditLog, runAudit } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor, openContext, today } from '../context.js'
import { COMMON_OPTIONS, parseCommand, periodOptions } from '../options.js'
import { Progress } from '../progress.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  rules: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  workers: { type: 'string' },
} as const

const USAGE = [
  '用法：yibao audit [--dir 数据目录] [--from 日期 --to 日期] [--rules 文件|规则编码,…] [--dry-run] [--workers N] [--json]',
  '  事后 100% 初审：审核已存储的全部就诊（或期间内开始的就诊），写入疑点（按规则集版本和期间幂等），',
  '  输出各规则命中数与金额；演示统筹区另输出按违规类型的召回与误报。',
  '  --rules 只运行这些规则：规则编码（逗号分隔），或 JSON 规则文件（新规则或基于规则库的变体）。',
  '  --dry-run 回测：只计算不写入，列出规则会标记的疑点。',
  '  --workers 工作线程数（默认为 CPU 核数 − 2；2 核机器上在读取线程内审核更快）。',
].join('\n')

/** The rules a `--rules` argument selects: a JSON file of definitions, or library ids. */
function selectRules(
  io: CliIo,
  arg: string | undefined
): { definitions?: RuleDefinition[]; ruleIds?: string[] } {
  if (arg === undefined) return {}
  const file = path.resolve(io.cwd, arg)
  if (fs.existsSync(file) && fs.statSync(file).isFile()) {
    let json: unknown
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'))
    } catch (err) {
      throw new OutcomeError(
        badRequest(
          `规则文件不是有效的 JSON：${err instanceof Error ? err.message : String(err)}`,
          arg
        )
      )
    }
    const { definitions, issues } = readRuleFile(json, RULE_LIBRARY)
    if (issues.length > 0) throw new OutcomeError(invalid(issues))
    return { definitions }
  }
  const ids = arg
    .split(',')
    .map((x) => x.trim())
    .filter((x) => x !== '')
  const unknown = ids.filter((id) => !RULE_LIBRARY.some((r) => r.id === id))
  if (ids.length === 0 || unknown.length > 0) {
    throw new OutcomeError(
      badRequest(
        `--rules：既不是文件，也不是规则库中的编码：${unknown.join('、') || arg}`,
        '--rules'
      )
    )
  }
  return { ruleIds: ids }
}

/** `yibao audit`: batch 事后 初审 of every stored encounter. */
export async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('audit', args, OPTIONS)
  if (values.help) {
    println(io, USAGE)
    return 0
  }
  const { from, to } = periodOptions(values)
  const workers = values.workers === undefined ? undefined : Number(values.workers)
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > 64)) {
    throw new OutcomeError(badRequest(`--workers 应为 0–64 的整数：${values.workers}`, '--workers'))
  }
  const selection = selectRules(io, values.rules)
  const ctx = await openContext(io, values.dir)
  try {
    const bar = new Progress(io, values['dry-run'] ? '回测' : '初审', 0)
    const report = await runAudit(ctx.db, {
      knowledge: ctx.knowledge,
      from,
      to,
      ...selection,
      dryRun: values['dry-run'],
      workers,
      actor: cliActor(),
      rulesDate: today(),
      onProgress: (done, total) => {
        bar.setTotal(total)
        bar.update(done)
      },
    })
    bar.done()
    if (!report.dryRun) {
      await appendAuditLog(ctx.db, {
        actor: cliActor(),
        action: 'audit.run',
        target: report.runId,
        detail: {
          rulesetVersion: report.rulesetVersion,
          from: report.from,
          to: report.to,
          findings: report.findings,
          newFindings: report.newFindings,
          amount: report.amount,
        },
      })
    }
    if (values.json) printJson(io, jsonReport(report))
    else printReport(io, report)
    return 0
  } finally {
    await ctx.db.close()
  }
}

/** The JSON form: the report, with a sample of findings for back-tests. */
function jsonReport(report: AuditRunReport): unknown {
  const { findingList, ...rest } = report
  return report.dryRun ? { ...rest, sample: findingList.slice(0, 100) } : rest
}

function printReport(io: CliIo, r: AuditRunReport): void {
  println(
    io,
    `${r.dryRun ? '回测（未写入）' : `初审完成，批次 ${r.runId ?? ''}`}：规则 ${r.rules} 条（规则集 ${r.rulesetVersion}，知识包 ${r.packVersion}），` +
      `${r.persons} 人、${r.encounters} 次就诊、${r.lines} 条明细`
  )
  println(io, `疑点 ${r.findings} 个（新增 ${r.newFindings}），违规金额 ${fenToYuan(r.amount)} 元`)
  for (const x of r.byRule) {
    println(
      io,
      `  ${x.ruleId.padEnd(17)} ${x.ruleName}（${FINDING_SEVERITY_LABELS[x.severity as keyof typeof FINDING_SEVERITY_LABELS] ?? x.severity}）  ${String(x.findings).padStart(6)} 个  ${fenToYuan(x.amount).padStart(14)} 元`
    )
  }
  if (r.truth) {
    println(io, '\n与注入真值比较（按违规类型）：')
    for (const [type, t] of Object.entries(r.truth.byType)) {
      const recall = t.recall === null ? '—' : `${(t.recall * 100).toFixed(1)}%`
      println(
        io,
        `  ${type.padEnd(4)} 注入 ${t.truths}，发现 ${t.found}，召回 ${recall}，误报 ${t.falsePositives}`
      )
    }
  }
  if (r.dryRun) {
    for (const f of r.findingList.slice(0, 20)) {
      println(io, `  ${f.date} ${f.mdtrtId} [${f.ruleId}] ${f.message}`)
    }
    if (r.findingList.length > 20) println(io, `  ……共 ${r.findingList.length} 个`)
  }
}
