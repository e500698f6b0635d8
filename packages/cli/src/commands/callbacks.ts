// SPDX-License-Identifier: Apache-2.0
import {
  badRequest,
  fenToYuan,
  INSTITUTION_TYPE_LABELS,
  notFound,
  OutcomeError,
  yuanToFen,
} from '@yibao/domain'
import type { CallbackList } from '@yibao/storage'
import {
  drawCallbackList,
  listCallbackDraws,
  readCallbackList,
  recordCallbackAnswer,
} from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { runVerb } from '../verb-command.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  from: { type: 'string' },
  to: { type: 'string' },
  size: { type: 'string' },
  seed: { type: 'string' },
  received: { type: 'string' },
  unreached: { type: 'boolean', default: false },
  days: { type: 'string' },
  'own-pay': { type: 'string' },
  note: { type: 'string' },
  by: { type: 'string' },
} as const

const USAGE = [
  '用法：yibao callbacks <draw|draws|show|answer> [选项] [--dir 数据目录] [--json]',
  '  draw --from 日期 --to 日期 --size N [--seed N]   从期间内的结算抽取回访对象（按机构类型分层，住院与疑点金额加权；',
  '                                                   不给 seed 时随机生成并记录，同一 seed 与数据结果相同）',
  '  draws                                            回访抽取记录',
  '  show 抽取编号                                    回访名单：结算记录与回访结果',
  '  answer 抽取编号 序号 --received yes|no [--days N] [--own-pay 元] [--note 文本] [--by 接听人]',
  '  answer 抽取编号 序号 --unreached [--note 文本]   登记回访结果；与记录不符时生成线索',
].join('\n')

/** A whole-number option, undefined when absent, else a usage error naming it. */
function intOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined
  if (!/^\d+$/.test(value)) {
    throw new OutcomeError(badRequest(`--${name} 应为非负整数：${value}`, `--${name}`))
  }
  return Number(value)
}

function printList(io: CliIo, list: CallbackList): void {
  println(
    io,
    `回访抽取 ${list.id}：${list.from} 至 ${list.to}，抽取 ${list.drawn} 人（要求 ${list.size}），seed ${list.seed}，算法 ${list.algorithm}`
  )
  for (const s of list.strata) {
    println(
      io,
      `  ${INSTITUTION_TYPE_LABELS[s.type]}：结算 ${s.settlements} 笔、${s.persons} 人，抽取 ${s.drawn} 人`
    )
  }
  for (const i of list.items) {
    const r = i.records
    const a = i.answer
    const result =
      a === null
        ? '待回访'
        : !a.reached
          ? '未接通'
          : a.mismatch
            ? `不符 → 线索 ${a.clueId}`
            : '相符'
    println(
      io,
      `  ${String(i.seq).padStart(3)}  ${i.psnNo} ${r.personName ?? ''}  ${r.institutionName}  ${r.begin ?? ''}${r.end !== null && r.end !== r.begin ? `～${r.end}` : ''}（${r.days} 天）  基金 ${fenToYuan(r.fundPaid)} 元、个人 ${fenToYuan(r.ownPay)} 元  ${result}`
    )
  }
}

/** `yibao callbacks`: 随机抽查回访 — draw persons to call, show the list, record answers. */
export async function callbacksCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('callbacks', args, OPTIONS)
  const [verb, id, seq] = positionals
  const show = (list: CallbackList): void => {
    if (values.json) printJson(io, list)
    else printList(io, list)
  }
  return runVerb(
    io,
    { verb, usage: USAGE, values, role: 'inspector' },
    {
      draw: async (ctx, viewer) => {
        if (values.from === undefined || values.to === undefined || values.size === undefined) {
          throw new OutcomeError(badRequest('请给出 --from、--to 与 --size', '--size'))
        }
        const input = {
          from: values.from,
          to: values.to,
          size: intOption(values.size, 'size'),
          seed: intOption(values.seed, 'seed'),
        }
        show(await drawCallbackList(ctx.db, input, viewer))
      },
      draws: async (ctx) => {
        const all = await listCallbackDraws(ctx.db)
        if (values.json) {
          printJson(io, all)
          return
        }
        for (const d of all) {
          println(
            io,
            `${d.id}  ${d.createdAt}  ${d.from} 至 ${d.to}  seed ${d.seed}  抽取 ${d.drawn}  已回访 ${d.answered}（接通 ${d.reached}，不符 ${d.mismatches}）  ${d.createdBy}`
          )
        }
      },
      show: async (ctx) => {
        if (id === undefined) throw new OutcomeError(badRequest('请给出抽取编号', 'id'))
        const list = await readCallbackList(ctx.db, id)
        if (list === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的回访抽取`))
        show(list)
      },
      answer: async (ctx, viewer) => {
        const n = intOption(seq, 'seq')
        if (id === undefined || n === undefined) {
          throw new OutcomeError(badRequest('请给出抽取编号与序号', 'id'))
        }
        if (!values.unreached && values.received !== 'yes' && values.received !== 'no') {
          throw new OutcomeError(
            badRequest('请给出 --received yes|no（或 --unreached）', '--received')
          )
        }
        const ownPayText = values['own-pay']
        const ownPay = ownPayText === undefined ? undefined : yuanToFen(ownPayText)
        if (ownPayText !== undefined && (ownPay === undefined || ownPay < 0)) {
          throw new OutcomeError(badRequest(`--own-pay 应为金额（元）：${ownPayText}`, '--own-pay'))
        }
        const item = await recordCallbackAnswer(
          ctx.db,
          id,
          n,
          values.unreached
            ? { reached: false, note: values.note }
            : {
                received: values.received === 'yes',
                days: intOption(values.days, 'days'),
                ownPay,
                note: values.note,
                answeredBy: values.by,
              },
          viewer
        )
        if (values.json) {
          printJson(io, item)
          return
        }
        const a = item.answer!
        println(
          io,
          !a.reached
            ? `已登记：${id} 第 ${n} 号未接通`
            : a.mismatch
              ? `与记录不符：${a.reasons.join('；')}；已生成线索 ${a.clueId}`
              : `已登记：${id} 第 ${n} 号与记录相符`
        )
      },
    }
  )
}
