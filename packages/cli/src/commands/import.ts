// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { badRequest, OutcomeError } from '@yibao/domain'
import { codeChecker } from '@yibao/server'
import type { ImportProgress, ImportReport } from '@yibao/storage'
import { appendAuditLog, importNhsaDir } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { Progress } from '../progress.js'

const STAGES: Record<ImportProgress['stage'], string> = {
  read: '读取',
  validate: '校验',
  check: '查重',
  load: '写入',
  done: '完成',
}

/**
 * `yibao import DIR [--dir D] [--json]`: imports NHSA extract files (setl_d, mdtrt_d, fee_list_d,
 * setl_list_diag_d, setl_list_oprn_d as CSV or Parquet). All or nothing; idempotent by id.
 * Exit code 1 when records were rejected or conflict with stored ones.
 */
export async function importCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('import', args, COMMON_OPTIONS)
  if (values.help || positionals.length !== 1) {
    println(
      io,
      [
        '用法：yibao import 文件目录 [--dir 数据目录] [--json]',
        '  导入国家医保信息平台抽取表（setl_d、mdtrt_d、fee_list_d、setl_list_diag_d、setl_list_oprn_d，',
        '  CSV 或 Parquet，列名按国家平台）。任一记录有误则全部不导入；按 ID 幂等，重复导入不增加记录。',
      ].join('\n')
    )
    return values.help ? 0 : 2
  }
  const source = path.resolve(io.cwd, positionals[0]!)
  if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) {
    throw new OutcomeError(badRequest(`目录不存在：${source}`, positionals[0]))
  }
  const ctx = await openContext(io, values.dir)
  try {
    let bar: Progress | undefined
    let stage = ''
    const report = await importNhsaDir(ctx.db, source, {
      codes: codeChecker(ctx.knowledge),
      onProgress: (p) => {
        const label = `${STAGES[p.stage]}${p.table ? ' ' + p.table : ''}`
        if (label !== stage) {
          bar?.done()
          stage = label
          bar = p.stage === 'done' ? undefined : new Progress(io, label, p.total ?? 0)
        }
        if (p.rows !== undefined) bar?.update(p.rows)
      },
    })
    bar?.done()
    await appendAuditLog(ctx.db, {
      actor: cliActor(),
      action: 'import.nhsa',
      target: source,
      detail: {
        status: report.status,
        batchId: report.batchId,
        tables: report.tables,
        issueCount: report.issueCount,
      },
    })
    if (values.json) printJson(io, report)
    else printImportReport(io, report)
    return report.status === 'imported' || report.status === 'unchanged' ? 0 : 1
  } finally {
    await ctx.db.close()
  }
}

const STATUS: Record<ImportReport['status'], string> = {
  imported: '导入完成',
  unchanged: '没有新记录：这些记录此前都已导入，内容相同',
  rejected: '有记录被拒绝，全部未导入',
  conflict: '有记录与已存储的同一 ID 内容不同（冲突），全部未导入',
}

/** Shown issues in the human-readable report; `--json` lists them all. */
const SHOWN_ISSUES = 50

function printImportReport(io: CliIo, report: ImportReport): void {
  println(io, `${STATUS[report.status]}（导入批次 ${report.batchId}）`)
  for (const [table, c] of Object.entries(report.tables)) {
    println(
      io,
      `  ${table.padEnd(18)} 读取 ${c.rows.toLocaleString('en-US').padStart(10)}  新增 ${c.added.toLocaleString('en-US').padStart(10)}  已存在 ${c.unchanged.toLocaleString('en-US').padStart(10)}`
    )
  }
  if (report.personsAdded > 0 || report.institutionsAdded > 0) {
    println(io, `  新增参保人 ${report.personsAdded}，新增定点医药机构 ${report.institutionsAdded}`)
  }
  if (report.flags > 0) println(io, `  知识包中没有的编码：${report.flags} 处（已导入并标记）`)
  if (report.issueCount > 0) {
    println(io, `问题 ${report.issueCount} 条：`)
    for (const issue of report.issues.slice(0, SHOWN_ISSUES)) println(io, `  ${issue.message}`)
    if (report.issueCount > SHOWN_ISSUES) {
      println(io, `  …另有 ${report.issueCount - SHOWN_ISSUES} 条，用 --json 查看全部`)
    }
  }
}
