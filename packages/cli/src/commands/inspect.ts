// SPDX-License-Identifier: Apache-2.0
import { randomInt } from 'node:crypto'
import fs from 'node:fs'
import { badRequest, INSTITUTION_TYPE_LABELS, notFound, OutcomeError } from '@yibao/domain'
import type { InspectionPlan, Inspector } from '@yibao/supervision'
import {
  DEFAULT_INSPECTION_PLAN,
  formatInspectionPlanText,
  parseInspectionPlanText,
} from '@yibao/supervision'
import type { Database, StoredDraw } from '@yibao/storage'
import {
  listDraws,
  listInspectors,
  readDraw,
  readRecords,
  recordDraw,
  saveInspectors,
} from '@yibao/storage'
import type { CliIo } from '../io.js'
import { inputFile, printJson, println } from '../io.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { runVerb } from '../verb-command.js'

const OPTIONS = { ...COMMON_OPTIONS, seed: { type: 'string' }, plan: { type: 'string' } } as const

const USAGE = [
  '用法：yibao inspect <draw|draws|show|inspectors|plan> [选项] [--dir 数据目录] [--json]',
  '  draw [--seed N] [--plan 计划文件]   双随机抽取检查对象与检查组（默认：本统筹区的默认计划；不给 seed 时随机生成并记录）',
  '                                       同一 seed、同一名录库结果完全相同；检查组回避申报了利害关系的人员',
  '  draws                                抽取记录（计划、seed、算法版本）',
  '  show 抽取编号                        一次抽取的对象与检查组',
  '  inspectors [import 文件.json]        检查人员名录库（执法证、专业、单位、申报的利害关系机构）',
  '  plan                                 输出默认抽查计划（YAML，可改后用 --plan 使用）',
].join('\n')

function printDraw(io: CliIo, d: StoredDraw, names: Map<string, string>): void {
  println(io, `抽取 ${d.id}：计划 ${d.plan.name}，seed ${d.seed}，算法 ${d.algorithm}`)
  for (const [type, c] of Object.entries(d.byType)) {
    println(
      io,
      `  ${INSTITUTION_TYPE_LABELS[type as keyof typeof INSTITUTION_TYPE_LABELS]}：名录 ${c.register} 家，抽取 ${c.drawn} 家`
    )
  }
  for (const o of d.objects) {
    const team = o.team.map((id) => `${id} ${names.get(id) ?? ''}`).join('、')
    const avoided = o.avoided.length > 0 ? `（回避 ${o.avoided.join('、')}）` : ''
    println(
      io,
      `  ${o.object.code} ${o.object.name}  信用 ${o.object.credit ?? '未评'} 风险 ${o.object.risk}  检查组：${team}${avoided}`
    )
  }
}

/** `yibao inspect`: 双随机、一公开 draws and the inspector register. */
export async function inspectCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('inspect', args, OPTIONS)
  const [verb, arg, file] = positionals
  const printPlan = (): void => {
    io.stdout.write(
      formatInspectionPlanText(DEFAULT_INSPECTION_PLAN, values.json ? 'json' : 'yaml')
    )
  }
  // The default plan needs no data directory.
  if (verb === 'plan' && !values.help) {
    printPlan()
    return 0
  }
  const show = async (db: Database, d: StoredDraw): Promise<void> => {
    if (values.json) printJson(io, d)
    else printDraw(io, d, new Map((await listInspectors(db)).map((i) => [i.id, i.name])))
  }
  return runVerb(
    io,
    { verb, usage: USAGE, values, role: 'inspector' },
    {
      draw: async (ctx, viewer) => {
        let plan: InspectionPlan
        if (values.plan !== undefined) {
          plan = parseInspectionPlanText(fs.readFileSync(inputFile(io, values.plan), 'utf8'))
        } else {
          // The region's default plan: the 统筹区 most institutions belong to (out-of-area
          // institutions are inspected by their own bureaus).
          const count = new Map<string, number>()
          for (const i of await readRecords(ctx.db, 'institutions')) {
            count.set(i.admdvs, (count.get(i.admdvs) ?? 0) + 1)
          }
          const home = [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0]
          plan =
            home === undefined
              ? DEFAULT_INSPECTION_PLAN
              : { ...DEFAULT_INSPECTION_PLAN, admdvs: home }
        }
        const seed = values.seed === undefined ? randomInt(0, 2 ** 31) : Number(values.seed)
        if (!Number.isSafeInteger(seed) || seed < 0) {
          throw new OutcomeError(badRequest(`--seed 应为非负整数：${values.seed}`, '--seed'))
        }
        await show(ctx.db, await recordDraw(ctx.db, plan, seed, viewer))
      },
      draws: async (ctx) => {
        const all = await listDraws(ctx.db)
        if (values.json) printJson(io, all)
        else
          for (const d of all)
            println(
              io,
              `${d.id}  ${d.createdAt}  计划 ${d.planId}  seed ${d.seed}  ${d.objects} 个对象  ${d.createdBy}`
            )
      },
      show: async (ctx) => {
        if (arg === undefined) throw new OutcomeError(badRequest('请给出抽取编号', 'id'))
        const d = await readDraw(ctx.db, arg)
        if (d === undefined) throw new OutcomeError(notFound(`没有编号为 ${arg} 的抽取`))
        await show(ctx.db, d)
      },
      inspectors: async (ctx, viewer) => {
        if (arg === 'import') {
          if (file === undefined)
            throw new OutcomeError(badRequest('请给出名录文件（JSON 数组）', 'file'))
          const list = readInspectorFile(fs.readFileSync(inputFile(io, file), 'utf8'))
          await saveInspectors(ctx.db, list, viewer)
          println(io, `已保存 ${list.length} 名检查人员`)
          return
        }
        const inspectors = await listInspectors(ctx.db)
        if (values.json) printJson(io, inspectors)
        else
          for (const i of inspectors)
            println(
              io,
              `${i.id} ${i.name}  ${i.certificate ?? '无执法证'}  ${i.specialty}  ${i.unit}  利害关系：${i.conflicts.join('、') || '无'}`
            )
      },
      // Answered above without opening the data directory; here for the list of subcommands.
      plan: () => {
        printPlan()
        return Promise.resolve()
      },
    }
  )
}

/** Reads an inspector file: a JSON array, each entry's bad fields named by index. */
function readInspectorFile(source: string): Inspector[] {
  let doc: unknown
  try {
    doc = JSON.parse(source)
  } catch (err) {
    throw new OutcomeError(badRequest(`名录文件不是有效的 JSON：${(err as Error).message}`, 'file'))
  }
  if (!Array.isArray(doc)) throw new OutcomeError(badRequest('名录文件应为 JSON 数组', '$'))
  return doc.map((x: unknown, k): Inspector => {
    const o = (x ?? {}) as Record<string, unknown>
    const text = (name: string, required = true): string | null => {
      const v = o[name]
      if (typeof v === 'string' && v.trim() !== '') return v.trim()
      if (!required && (v === undefined || v === null)) return null
      throw new OutcomeError(badRequest(`$[${k}].${name}：应为非空文本`, `$[${k}].${name}`))
    }
    const conflicts = o['conflicts'] ?? []
    if (!Array.isArray(conflicts) || conflicts.some((c) => typeof c !== 'string')) {
      throw new OutcomeError(badRequest(`$[${k}].conflicts：应为机构编码数组`, `$[${k}].conflicts`))
    }
    return {
      id: text('id')!,
      name: text('name')!,
      certificate: text('certificate', false),
      specialty: text('specialty')!,
      unit: text('unit')!,
      conflicts: conflicts as string[],
    }
  })
}
