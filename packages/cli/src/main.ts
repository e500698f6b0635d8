// SPDX-License-Identifier: Apache-2.0
import { normalizeOutcome, outcomeStatus } from '@yibao/domain'
import { apikeyCommand } from './commands/apikey.js'
import { assessCommand } from './commands/assess.js'
import { auditCommand } from './commands/audit.js'
import { callbacksCommand } from './commands/callbacks.js'
import { checkCommand } from './commands/check.js'
import { cluesCommand } from './commands/clues.js'
import { demoCommand } from './commands/demo.js'
import { importCommand } from './commands/import.js'
import { inspectCommand } from './commands/inspect.js'
import { knowledgeCommand } from './commands/knowledge.js'
import { migrateCommand } from './commands/migrate.js'
import { payCommand } from './commands/pay.js'
import { payplanCommand } from './commands/payplan.js'
import { policyCommand } from './commands/policy.js'
import { ratesCommand } from './commands/rates.js'
import { rulesCommand } from './commands/rules.js'
import { screenCommand } from './commands/screen.js'
import { serveCommand } from './commands/serve.js'
import { settleCommand } from './commands/settle.js'
import { staffCommand } from './commands/staff.js'
import { subsidyCommand } from './commands/subsidy.js'
import { statsCommand } from './commands/stats.js'
import { whatifCommand } from './commands/whatif.js'
import type { CliIo } from './io.js'
import { println, processIo } from './io.js'

type Command = (args: readonly string[], io: CliIo) => Promise<number>

const COMMANDS: Record<string, { run: Command; summary: string }> = {
  apikey: { run: apikeyCommand, summary: 'HIS 接口 API Key：创建（只显示一次）、列出、吊销' },
  assess: {
    run: assessCommand,
    summary: '千分制考核与信用等级：计分、人工扣分、一票否决、信用调整',
  },
  audit: {
    run: auditCommand,
    summary: '事后 100% 初审：审核已存储的全部就诊，写入疑点（--dry-run 回测）',
  },
  callbacks: {
    run: callbacksCommand,
    summary: '随机抽查回访：按机构类型分层、加权抽取回访对象（可复现）、登记回访结果',
  },
  check: { run: checkCommand, summary: '离线审核 3101/3102 请求文件，输出国家格式应答' },
  clues: {
    run: cluesCommand,
    summary: '线索核查：导入国家省市下发的线索批次、列表、各批次核查漏斗',
  },
  demo: { run: demoCommand, summary: '生成按辰溪县校准的演示统筹区（注入违规并记录真值）' },
  import: { run: importCommand, summary: '导入国家医保信息平台抽取表（CSV / Parquet）' },
  inspect: {
    run: inspectCommand,
    summary: '双随机、一公开：抽取检查对象与检查组（可复现）、抽取记录、检查人员名录库',
  },
  knowledge: { run: knowledgeCommand, summary: '知识包：列出、导入新版本、查询编码、导入限价表' },
  migrate: { run: migrateCommand, summary: '执行数据库迁移' },
  pay: {
    run: payCommand,
    summary: '月度拨付（DIP / DRG 点数、扣款、保证金、实付）与年度清算（--clear）',
  },
  payplan: {
    run: payplanCommand,
    summary: '付费方案版本：列出、导出、导入、启用、按数据测算（suggest）',
  },
  policy: { run: policyCommand, summary: '待遇政策版本：列出、导出、导入（YAML / JSON）、启用' },
  rates: { run: ratesCommand, summary: '报销比：实际与政策范围内（两种口径），按月、机构或参保人' },
  rules: { run: rulesCommand, summary: '列出审核规则库' },
  screen: {
    run: screenCommand,
    summary: '事后大数据筛查：各筛查模型、风险评分、线索，--evaluate 与注入真值比较',
  },
  serve: { run: serveCommand, summary: '启动 HTTP 服务（--demo 先生成演示数据）' },
  settle: {
    run: settleCommand,
    summary: '按待遇政策重算一年的全部结算，列出不一致（漏享倾斜等）及原因',
  },
  staff: {
    run: staffCommand,
    summary: '医保支付资格（驾照式记分）：一医一档、记分、暂停与终止、重新登记',
  },
  subsidy: {
    run: subsidyCommand,
    summary: '资助参保与免申即享：导入部门名单、匹配、标记身份、资助对账',
  },
  stats: { run: statsCommand, summary: '各类记录数量与知识包版本' },
  whatif: {
    run: whatifCommand,
    summary: '政策测算：用改动后的政策重算一年，比较各层基金支出与偏差',
  },
}

function usage(io: CliIo): void {
  println(io, 'yibao — 医保基金智能监管、结算与支付平台\n\n用法：yibao <命令> [选项]\n\n命令：')
  for (const [name, c] of Object.entries(COMMANDS)) println(io, `  ${name.padEnd(10)} ${c.summary}`)
  println(
    io,
    '\n通用选项：--dir 数据目录（默认 ./.yibao）  --json 机器可读输出  --help 帮助\n设置 DATABASE_URL（或 YIBAO_DATABASE_URL）时使用 PostgreSQL。'
  )
}

/**
 * Runs the `yibao` command line and returns the exit code: 0 success, 1 failure, 2 usage error.
 * Errors are printed once, in Chinese, to stderr; `--json` keeps stdout machine-readable.
 *
 * @param argv - arguments after the program name
 * @param io - where to read env and write output (tests pass their own)
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    usage(io)
    return name === undefined ? 2 : 0
  }
  if (name === '--version') {
    println(io, '0.1.0')
    return 0
  }
  const command = COMMANDS[name]
  if (!command) {
    io.stderr.write(`未知命令：${name}\n`)
    usage(io)
    return 2
  }
  try {
    return await command.run(args, io)
  } catch (err) {
    return handleError(err, io, args.includes('--json'))
  }
}

/** Prints an error once and returns exit code 1. */
export function handleError(err: unknown, io: CliIo, json: boolean): number {
  const outcome = normalizeOutcome(err)
  if (json) io.stdout.write(JSON.stringify(outcome, null, 2) + '\n')
  for (const issue of outcome.issues) {
    io.stderr.write(`错误：${issue.path ? issue.path + '：' : ''}${issue.message}\n`)
  }
  if (outcomeStatus(outcome) >= 500 && err instanceof Error && err.stack && io.env.YIBAO_DEBUG) {
    io.stderr.write(err.stack + '\n')
  }
  return 1
}
