// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { badRequest, OutcomeError } from '@yibao/domain'
import { codeChecker } from '@yibao/server'
import type { ImportProgress } from '@yibao/storage'
import { importNhsaDir } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { openContext } from '../context.js'
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
    if (values.json) printJson(io, report)
    else printImportReport(io, report)
    return report.status === 'imported' || report.status === 'unchanged' ? 0 : 1
  } finally {
    await ctx.db.close()
  }
}

function printImportReport(io: CliIo, report: Awaited<ReturnType<typeof importNhsaDir>>): void {
  println(io, JSON.stringify(report, null, 2))
}
