// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { badRequest, notFound, OutcomeError } from '@yibao/domain'
import { formatPolicyText, parsePolicyText, policyToDocument } from '@yibao/settlement'
import {
  activatePolicy,
  listBenefitPolicies,
  PoliciesInForce,
  readBenefitPolicy,
  saveDraftPolicy,
} from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  format: { type: 'string', default: 'yaml' },
  year: { type: 'string' },
  admdvs: { type: 'string' },
  activate: { type: 'boolean', default: false },
} as const

const USAGE = [
  '用法：yibao policy <list|export|import|activate> [选项] [--dir 数据目录] [--json]',
  '  list                              待遇政策各版本（草稿、启用、停用）',
  '  export [版本编号] [--format yaml|json] [--year 年 --admdvs 统筹区]',
  '                                    输出一个版本（默认：该统筹区该年启用的版本），金额单位元、比例为百分数',
  '  import 文件 [--activate]          导入 YAML / JSON 政策文件为草稿（同编号的草稿被替换），可随即启用',
  '  activate 版本编号                 启用草稿：同一统筹区同一年原先启用的版本随之停用',
].join('\n')

/** `yibao policy`: benefit-policy versions. */
export async function policyCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('policy', args, OPTIONS)
  const [verb, arg] = positionals
  if (values.help || verb === undefined) {
    println(io, USAGE)
    return verb === undefined && !values.help ? 2 : 0
  }
  if (values.format !== 'yaml' && values.format !== 'json') {
    throw new OutcomeError(badRequest(`--format 应为 yaml 或 json：${values.format}`, '--format'))
  }
  const ctx = await openContext(io, values.dir)
  const actor = { actor: cliActor(), role: 'admin' as const, institutionCode: null }
  try {
    switch (verb) {
      case 'list': {
        const all = await listBenefitPolicies(ctx.db)
        if (values.json) {
          printJson(
            io,
            all.map((p) => ({
              id: p.policy.id,
              name: p.policy.name,
              admdvs: p.policy.admdvs,
              year: p.policy.year,
              status: p.status,
              effectiveFrom: p.policy.effectiveFrom,
              effectiveTo: p.policy.effectiveTo,
              updatedAt: p.updatedAt,
            }))
          )
        } else {
          if (all.length === 0)
            println(io, '还没有待遇政策。用 yibao policy import 文件 --activate 导入。')
          for (const p of all) {
            println(
              io,
              `${p.policy.id.padEnd(24)} ${p.status.padEnd(8)} ${p.policy.admdvs} ${p.policy.year}  ${p.policy.name}`
            )
          }
        }
        return 0
      }
      case 'export': {
        let stored
        if (arg !== undefined) {
          stored = await readBenefitPolicy(ctx.db, arg)
          if (stored === undefined) throw new OutcomeError(notFound(`没有编号为 ${arg} 的政策版本`))
        } else {
          const year = Number(values.year)
          if (!Number.isInteger(year)) {
            throw new OutcomeError(badRequest('未指定版本编号时须给出 --year', '--year'))
          }
          const policy = (await PoliciesInForce.load(ctx.db)).forYear(values.admdvs ?? '*', year)
          stored = (await readBenefitPolicy(ctx.db, policy.id))!
        }
        io.stdout.write(
          values.json
            ? `${JSON.stringify(policyToDocument(stored.policy), null, 2)}\n`
            : formatPolicyText(stored.policy, values.format)
        )
        return 0
      }
      case 'import': {
        if (arg === undefined) throw new OutcomeError(badRequest('请给出政策文件', 'file'))
        const file = path.resolve(io.cwd, arg)
        if (!fs.existsSync(file)) throw new OutcomeError(notFound(`没有文件 ${arg}`))
        const policy = parsePolicyText(fs.readFileSync(file, 'utf8'))
        let stored = await saveDraftPolicy(ctx.db, policyToDocument(policy), actor)
        if (values.activate) stored = await activatePolicy(ctx.db, policy.id, actor)
        if (values.json) printJson(io, { id: policy.id, status: stored.status })
        else println(io, `已导入 ${policy.id}（${policy.name}），状态 ${stored.status}`)
        return 0
      }
      case 'activate': {
        if (arg === undefined) throw new OutcomeError(badRequest('请给出版本编号', 'id'))
        const stored = await activatePolicy(ctx.db, arg, actor)
        if (values.json) printJson(io, { id: arg, status: stored.status })
        else println(io, `已启用 ${arg}（${stored.policy.admdvs} ${stored.policy.year} 年）`)
        return 0
      }
      default:
        throw new OutcomeError(
          badRequest(`未知的子命令 ${verb}（可用 list、export、import、activate）`, verb)
        )
    }
  } finally {
    await ctx.db.close()
  }
}
