// SPDX-License-Identifier: Apache-2.0
import { SCREENING_PATTERNS } from '@yibao/analytics'
import type { ScreeningEvaluation, ScreeningRunSummary } from '@yibao/storage'
import { evaluateScreeningRun, runAudit, runScreening } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { percentText, printJson, println, yuanText } from '../io.js'
import { cliActor, openContext, today } from '../context.js'
import type { CliContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand, periodOptions } from '../options.js'
import { Progress } from '../progress.js'
import { evaluateKaggleDir } from '../kaggle-files.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  evaluate: { type: 'boolean', default: false },
  'no-clues': { type: 'boolean', default: false },
  kaggle: { type: 'string' },
} as const

const USAGE = [
  '用法：yibao screen [--dir 数据目录] [--from 日期] [--to 日期] [--no-clues] [--evaluate] [--json]',
  '  事后大数据筛查：对已存储的全部就诊运行各筛查模型（挂床住院、分解住院、冒名就医、结伴就医、',
  '  药店串换、虚记费用、机构与医生指标偏离同类），保存命中及其解释、风险评分和团伙图，',
  '  并把命中作为一批“大数据筛查”线索交给线索核查（--no-clues 则不生成线索）。',
  '  --evaluate：与演示统筹区的注入真值比较，给出各模型的精确率、召回率，以及按可追回金额 × 认定概率',
  '  排序的复审队列前 5% 覆盖的注入违规金额占比（尚无初审疑点时先运行一次事后初审）。',
  '',
  '用法：yibao screen --kaggle 目录 [--json]',
  '  Kaggle “Healthcare Provider Fraud” 机构级评估（ROC-AUC、PR-AUC）：目录中需有标签文件 Train-*.csv',
  '  及理赔明细 Train_Beneficiarydata*、Train_Inpatientdata*、Train_Outpatientdata*（.csv 或 .csv.gz）；',
  '  缺少明细时说明缺什么并跳过（退出码 0）。仅用于测试与基准，数据不随产品分发。',
].join('\n')

/** `yibao screen`: big-data screening over the stored claims, optionally against the truth. */
export async function screenCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('screen', args, OPTIONS)
  if (values.help) {
    println(io, USAGE)
    return 0
  }
  if (values.kaggle !== undefined) return kaggleCommand(values.kaggle, values.json, io)
  const { from, to } = periodOptions(values)
  const ctx = await openContext(io, values.dir)
  try {
    if (values.evaluate) await ensureFindings(ctx, io)
    const bar = new Progress(io, '大数据筛查', 100)
    const summary = await runScreening(
      ctx.db,
      { actor: cliActor(), role: 'admin', institutionCode: null },
      {
        from,
        to,
        clues: !values['no-clues'],
        onProgress: (fraction) => {
          bar.update(Math.round(fraction * 100))
        },
      }
    )
    bar.done()
    const evaluation = values.evaluate ? await evaluateScreeningRun(ctx.db, summary.runId) : null
    if (values.json) printJson(io, evaluation === null ? summary : { ...summary, evaluation })
    else printSummary(io, summary, evaluation)
    return 0
  } finally {
    await ctx.db.close()
  }
}

/** The review queue holds the machine audit's findings too: run it once when there are none. */
async function ensureFindings(ctx: CliContext, io: CliIo): Promise<void> {
  const [row] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM finding')
  if ((row?.n ?? 0) > 0) return
  io.stderr.write('尚无初审疑点：先运行一次事后初审，复审队列才包含规则疑点。\n')
  const bar = new Progress(io, '初审', 0)
  await runAudit(ctx.db, {
    knowledge: ctx.knowledge,
    actor: cliActor(),
    rulesDate: today(),
    onProgress: (done, total) => {
      bar.setTotal(total)
      bar.update(done)
    },
  })
  bar.done()
}

/** The Kaggle provider-level harness; a clean skip (exit 0) when the claim files are absent. */
async function kaggleCommand(dir: string, json: boolean, io: CliIo): Promise<number> {
  let bar: Progress | undefined
  const r = await evaluateKaggleDir(dir, (p) => {
    bar ??= new Progress(io, 'Kaggle 理赔明细（字节）', 0)
    bar.setTotal(p.totalBytes)
    bar.update(p.bytesRead)
  })
  bar?.done()
  if (json) {
    printJson(io, r)
    return 0
  }
  println(io, r.message)
  if (r.status === 'DONE') {
    const m = r.report
    println(io, `  机构 ${m.providers}（欺诈 ${m.positives}），${m.folds} 折交叉验证`)
    println(
      io,
      `  逻辑回归：ROC-AUC ${m.supervised.rocAuc.toFixed(3)}，PR-AUC ${m.supervised.prAuc.toFixed(3)}`
    )
    println(
      io,
      `  稳健 z 分数之和（无监督）：ROC-AUC ${m.unsupervised.rocAuc.toFixed(3)}，PR-AUC ${m.unsupervised.prAuc.toFixed(3)}`
    )
  }
  return 0
}

function printSummary(io: CliIo, s: ScreeningRunSummary, e: ScreeningEvaluation | null): void {
  println(
    io,
    `筛查 ${s.runId}：${s.encounters} 次就诊、${s.persons} 名参保人、${s.institutions} 家机构，用时 ${s.seconds} 秒`
  )
  for (const p of SCREENING_PATTERNS) {
    const c = s.patterns[p.code]
    if (c) println(io, `  ${p.code.padEnd(4)}${p.name}：${c.hits} 条，疑似 ${yuanText(c.amount)}`)
  }
  println(
    io,
    `  结伴就医团伙 ${s.clusters} 个；生成线索 ${s.clues} 条${s.clueBatchId ? `（批次 ${s.clueBatchId}）` : ''}` +
      (s.reusedClues > 0 ? `，另有 ${s.reusedClues} 条命中沿用以前筛查生成的线索` : '')
  )

  if (e === null) return
  println(io, '\n与注入真值比较（按模型的计数单位：就诊、参保人或机构）：')
  for (const p of e.patterns) {
    if (p.truthTypes.length === 0) {
      println(io, `  ${p.pattern.padEnd(4)}${p.name}：命中 ${p.flagged}（无注入真值）`)
      continue
    }
    println(
      io,
      `  ${p.pattern.padEnd(4)}${p.name}：真值 ${p.truth}，命中 ${p.flagged}，正确 ${p.truePositives}，精确率 ${percentText(p.precision)}，召回率 ${percentText(p.recall)}`
    )
  }
  const q = e.queue
  println(
    io,
    `\n复审队列 ${q.items} 项，前 5%（${q.topItems} 项）覆盖注入违规金额 ${yuanText(q.topTruthAmount)} / ${yuanText(q.truthAmount)}（${percentText(q.share)}）；整个队列覆盖 ${yuanText(q.queueTruthAmount)}`
  )
}
