// SPDX-License-Identifier: Apache-2.0
import { badRequest, dateOf, OutcomeError } from '@yibao/domain'
import type { ReimbursementRates } from '@yibao/settlement'
import { reimbursementRates, reimbursementRatesBy } from '@yibao/settlement'
import { readRecords } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { percentText, printJson, println } from '../io.js'
import { openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { yearOption } from './settle.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  year: { type: 'string' },
  by: { type: 'string', default: 'month' },
} as const

const USAGE = [
  '用法：yibao rates --year 年 [--by month|institution|person] [--dir 数据目录] [--json]',
  '  已存储结算的报销比：实际报销比（基金支付 / 医疗费总额）、政策范围内报销比（基金支付 / 政策范围内费用，',
  '  另给先行自付计入分母的口径），以及仅基本医保统筹基金的两种口径；按月、按机构或按参保人分组。',
].join('\n')

const GROUPS = ['month', 'institution', 'person'] as const

/** `yibao rates`: reimbursement rates of a year's stored settlements. */
export async function ratesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('rates', args, OPTIONS)
  if (values.help) {
    println(io, USAGE)
    return 0
  }
  const year = yearOption(values.year)
  const by = values.by as (typeof GROUPS)[number]
  if (!GROUPS.includes(by)) {
    throw new OutcomeError(
      badRequest(`--by 应为 month、institution 或 person：${values.by}`, '--by')
    )
  }
  const ctx = await openContext(io, values.dir)
  try {
    const settlements = (await readRecords(ctx.db, 'settlements')).filter(
      (s) => Number(dateOf(s.time).slice(0, 4)) === year
    )
    const keyOf =
      by === 'month'
        ? (s: (typeof settlements)[number]) => dateOf(s.time).slice(0, 7)
        : by === 'institution'
          ? (s: (typeof settlements)[number]) => s.institutionCode
          : (s: (typeof settlements)[number]) => s.psnNo
    const groups = [...reimbursementRatesBy(settlements, keyOf)].sort(([a], [b]) =>
      a < b ? -1 : 1
    )
    const total = reimbursementRates(settlements)
    if (values.json) {
      printJson(io, { year, by, total, groups: groups.map(([key, r]) => ({ key, ...r })) })
      return 0
    }
    const row = (key: string, r: ReimbursementRates): string =>
      `  ${key.padEnd(18)} ${String(r.settlements).padStart(7)} 笔  实际 ${percentText(r.actual).padStart(6)}  ` +
      `政策范围内 ${percentText(r.policyScope).padStart(6)}（含先行自付 ${percentText(r.policyScopeWithPreselfpay)}）  ` +
      `统筹基金 ${percentText(r.basicPolicyScope)}（含先行自付 ${percentText(r.basicPolicyScopeWithPreselfpay)}）`
    println(
      io,
      `${year} 年报销比（按${by === 'month' ? '月' : by === 'institution' ? '机构' : '参保人'}）：`
    )
    println(io, row('合计', total))
    for (const [key, r] of groups) println(io, row(key, r))
    return 0
  } finally {
    await ctx.db.close()
  }
}
