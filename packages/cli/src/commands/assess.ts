// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError } from '@yibao/domain'
import { BAND_LABELS } from '@yibao/supervision'
import { adjustCredit, listAssessments, recordAssessmentEntry, runAssessment } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  period: { type: 'string' },
  institution: { type: 'string' },
  item: { type: 'string' },
  points: { type: 'string' },
  reason: { type: 'string' },
  credit: { type: 'string' },
} as const

const USAGE = [
  '用法：yibao assess <run|list|deduct|veto|credit> --period 2025|2025-Q2 [选项] [--dir 数据目录] [--json]',
  '  run [--institution 机构]              按千分制模板计分：认定违规、目录外与个人负担比例、上传质量自动计分，加人工扣分；',
  '                                       分档（优秀 / 合格 / 基本合格 / 不合格）与信用等级 A–D；结果有变化时生成新版本',
  '  list                                  本期考核结果（分数从低到高）',
  '  deduct --institution 机构 --item 考核项 --points 分 --reason 理由   人工扣分',
  '  veto --institution 机构 --reason 理由   一票否决（记 0 分）',
  '  credit --institution 机构 --credit A|B|C|D --reason 理由   异议或信用修复后调整信用等级',
  '  年度考核的系数（分数 / 1000）用于该年度清算与保证金返还，信用等级用于次年保证金比例。',
].join('\n')

/** `yibao assess`: 千分制 assessment and credit levels. */
export async function assessCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('assess', args, OPTIONS)
  const [verb] = positionals
  if (values.help || verb === undefined) {
    println(io, USAGE)
    return verb === undefined && !values.help ? 2 : 0
  }
  const period = values.period
  if (period === undefined) throw new OutcomeError(badRequest('请给出 --period', '--period'))
  const need = (v: string | undefined, name: string): string => {
    if (v === undefined || v.trim() === '')
      throw new OutcomeError(badRequest(`请给出 ${name}`, name))
    return v
  }
  const ctx = await openContext(io, values.dir)
  const viewer = { actor: cliActor(), role: 'inspector' as const, institutionCode: null }
  try {
    switch (verb) {
      case 'run':
      case 'list': {
        const results =
          verb === 'run'
            ? (
                await runAssessment(
                  ctx.db,
                  period,
                  viewer,
                  values.institution === undefined ? {} : { institutionCode: values.institution }
                )
              ).results
            : await listAssessments(ctx.db, period, values.institution)
        if (values.json) printJson(io, results)
        else {
          for (const r of results) {
            println(
              io,
              `${r.institutionCode.padEnd(14)} ${r.score.toFixed(2).padStart(8)} ${BAND_LABELS[r.band]}  信用 ${r.creditLevel}${r.veto === null ? '' : `  一票否决：${r.veto}`}`
            )
          }
        }
        return 0
      }
      case 'deduct':
      case 'veto': {
        const points = verb === 'veto' ? 0 : Number(need(values.points, '--points'))
        await recordAssessmentEntry(
          ctx.db,
          {
            institutionCode: need(values.institution, '--institution'),
            period,
            item: verb === 'veto' ? 'VETO' : need(values.item, '--item'),
            points,
            reason: need(values.reason, '--reason'),
          },
          viewer
        )
        println(io, '已记录；运行 yibao assess run 重新计分')
        return 0
      }
      case 'credit': {
        const r = await adjustCredit(
          ctx.db,
          need(values.institution, '--institution'),
          period,
          need(values.credit, '--credit'),
          need(values.reason, '--reason'),
          viewer
        )
        if (values.json) printJson(io, r)
        else
          println(
            io,
            `${r.institutionCode} ${period} 信用等级调整为 ${r.creditLevel}（原评定 ${r.credit}）`
          )
        return 0
      }
      default:
        throw new OutcomeError(
          badRequest(`未知的子命令 ${verb}（可用 run、list、deduct、veto、credit）`, verb)
        )
    }
  } finally {
    await ctx.db.close()
  }
}
