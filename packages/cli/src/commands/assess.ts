// SPDX-License-Identifier: Apache-2.0
import { BAND_LABELS } from '@yibao/supervision'
import type { StoredAssessment, Viewer } from '@yibao/storage'
import { adjustCredit, listAssessments, recordAssessmentEntry, runAssessment } from '@yibao/storage'
import type { CliContext } from '../context.js'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { COMMON_OPTIONS, parseCommand, requiredOption } from '../options.js'
import { runVerb } from '../verb-command.js'

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
  const need = (v: string | undefined, name: string): string =>
    requiredOption(v, name, { nonBlank: true })
  const print = (results: readonly StoredAssessment[]): void => {
    if (values.json) printJson(io, results)
    else {
      for (const r of results) {
        println(
          io,
          `${r.institutionCode.padEnd(14)} ${r.score.toFixed(2).padStart(8)} ${BAND_LABELS[r.band]}  信用 ${r.creditLevel}${r.veto === null ? '' : `  一票否决：${r.veto}`}`
        )
      }
    }
  }
  const entry =
    (veto: boolean) =>
    async (ctx: CliContext, viewer: Viewer, period: string): Promise<void> => {
      const points = veto ? 0 : Number(need(values.points, '--points'))
      await recordAssessmentEntry(
        ctx.db,
        {
          institutionCode: need(values.institution, '--institution'),
          period,
          item: veto ? 'VETO' : need(values.item, '--item'),
          points,
          reason: need(values.reason, '--reason'),
        },
        viewer
      )
      println(io, '已记录；运行 yibao assess run 重新计分')
    }
  return runVerb(
    io,
    {
      verb,
      usage: USAGE,
      values,
      role: 'inspector',
      prepare: () => requiredOption(values.period, '--period'),
    },
    {
      run: async (ctx, viewer, period) => {
        const { results } = await runAssessment(
          ctx.db,
          period,
          viewer,
          values.institution === undefined ? {} : { institutionCode: values.institution }
        )
        print(results)
      },
      list: async (ctx, _viewer, period) => {
        print(await listAssessments(ctx.db, period, values.institution))
      },
      deduct: entry(false),
      veto: entry(true),
      credit: async (ctx, viewer, period) => {
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
      },
    }
  )
}
