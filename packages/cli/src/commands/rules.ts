// SPDX-License-Identifier: Apache-2.0
import { AMOUNT_BASIS_LABELS, RULE_LIBRARY, STAGE_LABELS } from '@yibao/audit'
import { FINDING_SEVERITY_LABELS } from '@yibao/domain'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

/** `yibao rules list [--json]`: the rule library with id, name, category, stages, severity. */
export async function rulesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('rules', args, COMMON_OPTIONS)
  const [sub = 'list'] = positionals
  if (values.help || sub !== 'list') {
    println(
      io,
      '用法：yibao rules list [--json]\n  列出规则库：规则编码、国家规则名称、分类、适用环节、严重程度、违规金额口径、参数。'
    )
    return values.help ? 0 : 2
  }
  const rules = RULE_LIBRARY.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    violation: r.violation,
    stages: r.stages,
    severity: r.severity,
    amountBasis: r.amountBasis,
    params: Object.fromEntries(Object.entries(r.params).map(([k, p]) => [k, p.default])),
    knowledge: r.knowledge,
    description: r.description,
  }))
  if (values.json) {
    printJson(io, rules)
    return 0
  }
  for (const r of rules) {
    println(
      io,
      `${r.id.padEnd(17)} ${r.name}  〔${r.category}；${r.stages.map((s) => STAGE_LABELS[s]).join('、')}；${FINDING_SEVERITY_LABELS[r.severity]}；${AMOUNT_BASIS_LABELS[r.amountBasis]}〕`
    )
  }
  println(io, `\n共 ${rules.length} 条规则`)
  return Promise.resolve(0)
}
