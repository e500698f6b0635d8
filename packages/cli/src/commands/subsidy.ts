// SPDX-License-Identifier: Apache-2.0
import { badRequest, fenToYuan, IDENTITY_LABELS, OutcomeError, yuanToFen } from '@yibao/domain'
import type { IdentityType } from '@yibao/domain'
import { readSourceTables } from '@yibao/knowledge'
import type { Viewer } from '@yibao/storage'
import { importRoster, resolveRosterRow, rosterReport, ROSTER_SOURCES } from '@yibao/storage'
import type { CliContext } from '../context.js'
import type { CliIo } from '../io.js'
import { inputFile, printJson, println } from '../io.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { runVerb } from '../verb-command.js'
import { yearOption } from './settle.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  source: { type: 'string' },
  year: { type: 'string' },
  contribution: { type: 'string', default: '400' },
  batch: { type: 'string' },
  line: { type: 'string' },
} as const

const USAGE = [
  '用法：yibao subsidy <import|report|match|reject> [选项] [--dir 数据目录] [--json]',
  '  import 名单.csv|名单.xlsx --source 民政|残联|乡村振兴|退役军人|其他 --year 年 [--contribution 个人缴费标准（元，默认 400）]',
  '        列：身份证号、姓名、身份类别（特困人员、低保对象…）、起始日期、终止日期（可空）',
  '        按身份证号（校验码）与姓名匹配参保人，匹配的标记身份（结算倾斜自动适用），同一人只按最高比例资助一次；',
  '        姓名不一致的进入人工核对，未参保的列入动员参保名单。同一文件重复导入不改动。',
  '  report --year 年                 对账：各来源各状态人数、按身份的资助人数与金额、待核对与未参保名单',
  '  match|reject --batch 批次 --line 行号 --year 年 [--contribution 元]   处理待核对的行',
].join('\n')

/** `yibao subsidy`: enrollment-subsidy rosters (资助参保、免申即享). */
export async function subsidyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('subsidy', args, OPTIONS)
  const [verb, file] = positionals
  const prepare = (): { year: number; contribution: number } => {
    const year = yearOption(values.year)
    const contribution = yuanToFen(values.contribution)
    if (contribution === undefined || contribution < 0) {
      throw new OutcomeError(
        badRequest(`--contribution 应为金额（元）：${values.contribution}`, '--contribution')
      )
    }
    return { year, contribution }
  }
  const resolve =
    (decision: 'MATCH' | 'REJECT') =>
    async (
      ctx: CliContext,
      viewer: Viewer,
      { contribution }: { contribution: number }
    ): Promise<void> => {
      const line = Number(values.line)
      if (values.batch === undefined || !Number.isInteger(line)) {
        throw new OutcomeError(badRequest('请给出 --batch 与 --line', '--line'))
      }
      await resolveRosterRow(ctx.db, values.batch, line, decision, contribution, viewer)
      println(io, `已${decision === 'MATCH' ? '确认匹配' : '排除'} ${values.batch} 第 ${line} 行`)
    }
  return runVerb(
    io,
    { verb, usage: USAGE, values, role: 'fund_manager', prepare },
    {
      import: async (ctx, viewer, { year, contribution }) => {
        if (file === undefined) throw new OutcomeError(badRequest('请给出名单文件', 'file'))
        if (values.source === undefined) {
          throw new OutcomeError(
            badRequest(`请给出 --source（${ROSTER_SOURCES.join('、')}）`, '--source')
          )
        }
        const tables = await readSourceTables(inputFile(io, file))
        if (tables.length !== 1) {
          throw new OutcomeError(
            badRequest(`${file}：应只有一张名单表，实有 ${tables.length} 张工作表`, 'file')
          )
        }
        const r = await importRoster(
          ctx.db,
          { source: values.source, year, table: tables[0]!, contribution },
          viewer
        )
        if (values.json) printJson(io, r)
        else {
          println(
            io,
            `${r.status === 'imported' ? '已导入' : '与已导入的文件相同，未改动'}：批次 ${r.batchId}`
          )
          println(
            io,
            `  匹配 ${r.counts.MATCHED}，待核对 ${r.counts.REVIEW}，未参保 ${r.counts.UNMATCHED}，身份证号无效 ${r.counts.INVALID}；新标记身份 ${r.identitiesTagged}`
          )
          println(
            io,
            `  ${year} 年资助 ${r.subsidies.persons} 人，${fenToYuan(r.subsidies.amount)} 元`
          )
        }
      },
      report: async (ctx, _viewer, { year }) => {
        const r = await rosterReport(ctx.db, year)
        if (values.json) printJson(io, r)
        else {
          println(
            io,
            `${year} 年资助参保对账：资助 ${r.totals.persons} 人，${fenToYuan(r.totals.amount)} 元`
          )
          for (const s of r.subsidies) {
            println(
              io,
              `  ${IDENTITY_LABELS[s.identity as IdentityType] ?? s.identity}（${s.rateBp / 100}%）：${s.persons} 人，${fenToYuan(s.amount)} 元`
            )
          }
          for (const row of r.rows) println(io, `  ${row.source} ${row.status}：${row.count}`)
          for (const x of r.review)
            println(io, `  待核对 ${x.batchId} 第 ${x.line} 行 ${x.name}：${x.reason ?? ''}`)
          println(io, `  未参保（动员参保）：${r.unmatched.length} 人`)
        }
      },
      match: resolve('MATCH'),
      reject: resolve('REJECT'),
    }
  )
}
