// SPDX-License-Identifier: Apache-2.0
import { badRequest, dateOf, fromEpochMs, isIsoDate, OutcomeError } from '@yibao/domain'
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
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

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

/** `yibao staff`: staff payment qualification (医保支付资格). */
export async function staffCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('staff', args, OPTIONS)
  const [verb, code] = positionals
  if (values.help || verb === undefined) {
    println(io, USAGE)
    return verb === undefined && !values.help ? 2 : 0
  }
  const today = dateOf(fromEpochMs(Date.now()))
  const ctx = await openContext(io, values.dir)
  const viewer = { actor: cliActor(), role: 'inspector' as const, institutionCode: null }
  const day = (v: string): string => {
    if (!isIsoDate(v)) throw new OutcomeError(badRequest(`--date 应为 YYYY-MM-DD：${v}`, '--date'))
    return v
  }
  const need = (v: string | undefined, name: string): string => {
    if (v === undefined) throw new OutcomeError(badRequest(`请给出 ${name}`, name))
    return v
  }
  const number = (v: string | undefined, name: string): number | null => {
    if (v === undefined) return null
    const n = Number(v)
    if (!Number.isInteger(n)) throw new OutcomeError(badRequest(`${name} 应为整数：${v}`, name))
    return n
  }
  try {
    let file: StaffFile
    switch (verb) {
      case 'triggers': {
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
        return 0
      }
      case 'list': {
        const all = await listStaffFiles(ctx.db, day(values.date ?? today))
        if (values.json) printJson(io, all)
        else if (all.length === 0) println(io, '还没有记分记录。')
        else for (const f of all) printFile(io, f)
        return 0
      }
      case 'show':
        file = await readStaffFile(ctx.db, need(code, '人员编码'), day(values.date ?? today))
        break
      case 'points':
        file = await recordPointEvent(
          ctx.db,
          {
            staffCode: need(code, '人员编码'),
            decisionDate: need(values.date, '--date'),
            trigger: need(values.trigger, '--trigger'),
            responsibility: values.responsibility,
            points: number(values.points, '--points'),
            suspensionMonths: number(values.months, '--months'),
            institutionCode: values.institution ?? null,
            findingId: values.finding ?? null,
            note: values.note ?? null,
          },
          viewer
        )
        break
      case 'reregister':
        file = await recordReregistration(
          ctx.db,
          need(code, '人员编码'),
          need(values.date, '--date'),
          viewer
        )
        break
      default:
        throw new OutcomeError(
          badRequest(`未知的子命令 ${verb}（可用 list、show、points、reregister、triggers）`, verb)
        )
    }
    if (values.json) printJson(io, file)
    else printFile(io, file)
    return 0
  } finally {
    await ctx.db.close()
  }
}
