// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError } from '@yibao/domain'
import { formatPlanText, parsePlanText } from '@yibao/payment'
import { PAYMENT_PLANS, planInForce, suggestPaymentPlan } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { saveAndMaybeActivate, versionedCommand } from './versioned-command.js'

/** `yibao payplan`: payment-plan versions (DIP / DRG budget, point values, deposits). */
export function payplanCommand(args: readonly string[], io: CliIo): Promise<number> {
  return versionedCommand(
    {
      name: 'payplan',
      kind: PAYMENT_PLANS,
      usage: [
        '用法：yibao payplan <list|export|import|activate|suggest> [选项] [--dir 数据目录] [--json]',
        '  list                              付费方案各版本（草稿、启用、停用）',
        '  export [版本编号] [--format yaml|json] [--year 年 --admdvs 统筹区]',
        '                                    输出一个版本：金额单位元，比例为百分数，系数与点值为小数',
        '  import 文件 [--activate]          导入 YAML / JSON 付费方案为草稿，可随即启用',
        '  activate 版本编号                 启用草稿：同一统筹区同一年原先启用的版本随之停用',
        '  suggest --admdvs 统筹区 --year 年 [--method DIP|DRG] [--activate]',
        '                                    按该统筹区该年已存的住院数据测算方案草稿：预算、预算点值，',
        '                                    DIP 的每分费用或 DRG 各组的基准点数（按结算清单上的 DRG 编码）',
      ],
      parseText: parsePlanText,
      formatText: formatPlanText,
      inForce: planInForce,
      async extra(verb, ctx, values, io) {
        if (verb !== 'suggest') return undefined
        const year = Number(values.year)
        if (!Number.isInteger(year)) throw new OutcomeError(badRequest('请给出 --year', '--year'))
        if (values.admdvs === undefined) {
          throw new OutcomeError(badRequest('请给出 --admdvs', '--admdvs'))
        }
        const method = values.method ?? 'DIP'
        if (method !== 'DIP' && method !== 'DRG') {
          throw new OutcomeError(badRequest(`--method 应为 DIP 或 DRG：${method}`, '--method'))
        }
        const plan = await suggestPaymentPlan(ctx.db, values.admdvs, year, ctx.pack, method)
        await saveAndMaybeActivate(ctx.db, PAYMENT_PLANS, plan, values.activate, values.json, io)
        return 0
      },
    },
    args,
    io
  )
}
