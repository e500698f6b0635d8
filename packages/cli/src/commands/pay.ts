// SPDX-License-Identifier: Apache-2.0
import { badRequest, fenToYuan, OutcomeError } from '@yibao/domain'
import type { ClearingRunResult, PaymentRunResult } from '@yibao/storage'
import { runClearing, runPaymentMonth } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { Progress } from '../progress.js'
import { yearOption } from './settle.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  month: { type: 'string' },
  year: { type: 'string' },
  admdvs: { type: 'string' },
  clear: { type: 'boolean', default: false },
} as const

const USAGE = [
  '用法：yibao pay --month YYYY-MM [--admdvs 统筹区] [--dir 数据目录] [--json]',
  '      yibao pay --clear --year 年 --admdvs 统筹区 [--dir 数据目录] [--json]',
  '  月度拨付：按启用的付费方案，DIP / DRG 机构按点数 × 预算点值 × 预拨比例减个人负担和其他基金，',
  '  按项目付费机构按统筹基金支付，总额预付机构按年度额度的月份额；再减本月认定的扣款和预留保证金，',
  '  得出每家机构的应付、扣款、保证金、实付和到期日，并与结算、扣款表、保证金台账逐项核对。',
  '  可重复运行：结果不变则不改动；有变化则生成新版本，旧版本保留。',
  '  --clear：年度清算，按结算点值重新计算全年应付，乘考核系数，返还保证金，核对 Σ支付 + 调剂金 = 年度基金。',
].join('\n')

const yuan = (fen: number): string => fenToYuan(fen)
const METHOD = { DIP: 'DIP', DRG: 'DRG', FFS: '按项目', GLOBAL: '总额预付' } as const

/** `yibao pay`: the monthly payment run, or with `--clear` the annual clearing. */
export async function payCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('pay', args, OPTIONS)
  if (values.help) {
    println(io, USAGE)
    return 0
  }
  const viewer = { actor: cliActor(), role: 'fund_manager' as const, institutionCode: null }
  if (values.clear) {
    const year = yearOption(values.year)
    if (values.admdvs === undefined)
      throw new OutcomeError(badRequest('请给出 --admdvs', '--admdvs'))
    const ctx = await openContext(io, values.dir)
    try {
      const result = await runClearing(ctx.db, values.admdvs, year, viewer)
      if (values.json) printJson(io, result)
      else printClearing(io, result)
      return result.stored.clearing.identityHolds ? 0 : 1
    } finally {
      await ctx.db.close()
    }
  }
  if (values.month === undefined)
    throw new OutcomeError(badRequest('请给出 --month YYYY-MM', '--month'))
  const ctx = await openContext(io, values.dir)
  try {
    const bar = new Progress(io, `${values.month} 月度拨付`, 0)
    let stage = ''
    const result = await runPaymentMonth(ctx.db, {
      month: values.month,
      ...(values.admdvs === undefined ? {} : { admdvs: values.admdvs }),
      viewer,
      pack: ctx.pack,
      onProgress: (s, done, total) => {
        if (s !== stage) {
          stage = s
          bar.setTotal(total)
        }
        bar.update(done)
      },
    })
    bar.done()
    if (values.json) printJson(io, result)
    else printRun(io, result)
    return result.reconciled ? 0 : 1
  } finally {
    await ctx.db.close()
  }
}

function printRun(io: CliIo, r: PaymentRunResult): void {
  println(
    io,
    `${r.month} 月度拨付：${r.statements.length} 家机构，新生成 ${r.created} 份（其中替换旧版 ${r.superseded} 份），未变 ${r.unchanged} 份`
  )
  println(io, '')
  println(
    io,
    '机构编码     付费方式          点数          应付(元)      扣款(元)    保证金(元)      实付(元)  到期日      版本'
  )
  for (const s of r.statements) {
    println(
      io,
      [
        s.institutionCode.padEnd(12),
        METHOD[s.method].padEnd(8),
        s.points.toFixed(2).padStart(12),
        yuan(s.payable).padStart(13),
        yuan(s.deductions).padStart(12),
        yuan(s.deposit).padStart(12),
        yuan(s.net).padStart(13),
        ` ${s.dueDate}`,
        ` v${s.version}`,
      ].join(' ')
    )
  }
  const t = r.totals
  println(io, '')
  println(
    io,
    `合计：点数 ${t.points.toFixed(4)}（${t.cases} 例），应付 ${yuan(t.payable)} 元，扣款 ${yuan(t.deductions)} 元，保证金 ${yuan(t.deposit)} 元，实付 ${yuan(t.net)} 元`
  )
  println(io, '核对：')
  for (const c of r.reconciliation) {
    println(io, `  ${c.ok ? '✓' : '✗'} ${c.name}：${c.expected} / ${c.actual}`)
  }
}

function printClearing(io: CliIo, r: ClearingRunResult): void {
  const c = r.stored.clearing
  println(
    io,
    `${c.admdvs} ${c.year} 年度清算（第 ${r.stored.version} 版，${r.status === 'created' ? '新生成' : '与上一版相同'}）`
  )
  println(
    io,
    `年度基金 ${yuan(c.annualFund)} 元，调剂金 ${yuan(c.reserve)} 元，可分配 ${yuan(c.fundAvailable)} 元；总点数 ${c.totalPoints}，结算点值 ${c.settlementPointValue} 元（${c.variant === 'COST' ? '费用口径' : '基金口径'}）`
  )
  if (r.stored.monthsMissing.length > 0)
    println(io, `注意：以下月份没有拨付单：${r.stored.monthsMissing.join('、')}`)
  println(
    io,
    '机构编码      付费方式        全年应付(元)    已预付(元)   返还保证金(元)   清算差额(元)'
  )
  for (const row of c.rows) {
    println(
      io,
      [
        row.institutionCode.padEnd(12),
        METHOD[row.method].padEnd(8),
        yuan(row.fundPaid).padStart(14),
        yuan(row.prepaid).padStart(13),
        yuan(row.depositReturned).padStart(14),
        yuan(row.balance).padStart(14),
      ].join(' ')
    )
  }
  println(
    io,
    `Σ点数法机构支付 + 调剂金（含考核扣留 ${yuan(c.reserveAfter - c.reserve)} 元）= 年度基金：${c.identityHolds ? '✓ 相符' : '✗ 不符'}`
  )
}
