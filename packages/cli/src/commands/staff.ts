// SPDX-License-Identifier: Apache-2.0
import { badRequest, isIsoDate, OutcomeError } from '@yibao/domain'
import type { StaffFile } from '@yibao/storage'
import {
  listStaffFiles,
  readStaffFile,
  readStaffRules,
  recordPointEvent,
  recordReregistration,
} from '@yibao/storage'
import { RESPONSIBILITY_LABELS } from '@yibao/supervision'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { today } from '../context.js'
import { COMMON_OPTIONS, parseCommand, requiredOption } from '../options.js'
import { runVerb } from '../verb-command.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  date: { type: 'string' },
  trigger: { type: 'string' },
  responsibility: { type: 'string', default: 'MAIN' },
  points: { type: 'string' },
  months: { type: 'string' },
  institution: { type: 'string' },
  finding: { type: 'string' },
  note: { type: 'string' },
} as const

const USAGE = [
  '用法：yibao staff <list|show|points|reregister|triggers> [选项] [--dir 数据目录] [--json]',
  '  list [--date 日期]                    有记分记录的人员：年度累计与当日状态',
  '  show 人员编码 [--date 日期]           一医一档：执业机构、记分记录、暂停与终止期间',
  '  points 人员编码 --date 决定日期 --trigger 情形 [--responsibility MAIN|IMPORTANT|GENERAL]',
  '         [--points 分值] [--months 暂停月数] [--institution 机构] [--finding 疑点] [--note 说明]',
  '                                        记分；自然年内累计 9 分暂停、12 分终止（一次 12 分禁止 3 年重新登记）',
  '  reregister 人员编码 --date 日期       终止后重新登记（须在禁止期满之后）',
  '  triggers                              记分情形与分值表',
].join('\n')

const STATUS = { SUSPENDED: '暂停', TERMINATED: '终止' } as const

function printFile(io: CliIo, f: StaffFile): void {
  println(
    io,
    `${f.staffCode} ${f.name}（${f.title}） ${f.statusDate} 状态：${f.status === null ? '正常' : STATUS[f.status]}`
  )
  for (const [year, total] of Object.entries(f.yearTotals))
    println(io, `  ${year} 年累计 ${total} 分`)
  for (const e of f.events) {
    println(
      io,
      `  ${e.decisionDate} ${e.trigger} ${RESPONSIBILITY_LABELS[e.responsibility]} ${e.points} 分${e.note === null ? '' : `（${e.note}）`}`
    )
  }
  for (const p of f.periods) {
    println(
      io,
      `  ${STATUS[p.status]} ${p.from} 至 ${p.to ?? '—'}${p.barUntil === undefined ? '' : `，${p.barUntil} 起可重新登记`}`
    )
  }
}

/** A `--date` value, else a usage error. */
function day(v: string): string {
  if (!isIsoDate(v)) throw new OutcomeError(badRequest(`--date 应为 YYYY-MM-DD：${v}`, '--date'))
  return v
}

/** An optional whole-number option, null when absent, else a usage error naming it. */
function wholeNumber(v: string | undefined, name: string): number | null {
  if (v === undefined) return null
  const n = Number(v)
  if (!Number.isInteger(n)) throw new OutcomeError(badRequest(`${name} 应为整数：${v}`, name))
  return n
}

/** `yibao staff`: staff payment qualification (医保支付资格). */
export async function staffCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('staff', args, OPTIONS)
  const [verb, code] = positionals
  const print = (file: StaffFile): void => {
    if (values.json) printJson(io, file)
    else printFile(io, file)
  }
  return runVerb(
    io,
    { verb, usage: USAGE, values, role: 'inspector' },
    {
      list: async (ctx) => {
        const all = await listStaffFiles(ctx.db, day(values.date ?? today()))
        if (values.json) printJson(io, all)
        else if (all.length === 0) println(io, '还没有记分记录。')
        else for (const f of all) printFile(io, f)
      },
      show: async (ctx) => {
        print(
          await readStaffFile(ctx.db, requiredOption(code, '人员编码'), day(values.date ?? today()))
        )
      },
      points: async (ctx, viewer) => {
        print(
          await recordPointEvent(
            ctx.db,
            {
              staffCode: requiredOption(code, '人员编码'),
              decisionDate: requiredOption(values.date, '--date'),
              trigger: requiredOption(values.trigger, '--trigger'),
              responsibility: values.responsibility,
              points: wholeNumber(values.points, '--points'),
              suspensionMonths: wholeNumber(values.months, '--months'),
              institutionCode: values.institution ?? null,
              findingId: values.finding ?? null,
              note: values.note ?? null,
            },
            viewer
          )
        )
      },
      reregister: async (ctx, viewer) => {
        print(
          await recordReregistration(
            ctx.db,
            requiredOption(code, '人员编码'),
            requiredOption(values.date, '--date'),
            viewer
          )
        )
      },
      triggers: async (ctx) => {
        const rules = await readStaffRules(ctx.db)
        if (values.json) printJson(io, rules)
        else {
          for (const t of rules.triggers) {
            println(
              io,
              `${t.code.padEnd(14)} 主要 ${t.points.MAIN} / 重要 ${t.points.IMPORTANT} / 一般 ${t.points.GENERAL}  ${t.name}`
            )
          }
          const m = rules.suspensionMonths
          println(io, `累计 9 / 10 / 11 分暂停 ${m[9]} / ${m[10]} / ${m[11]} 个月；12 分终止`)
        }
      },
    }
  )
}
