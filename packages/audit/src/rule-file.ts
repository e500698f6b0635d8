// SPDX-License-Identifier: Apache-2.0
import type { OutcomeIssue } from '@yibao/domain'
import { FINDING_SEVERITY_LABELS, violationType } from '@yibao/domain'
import type { Logic } from './logic.js'
import { LOGICS } from './logics/index.js'
import type { AmountBasis, ParamSpec, RuleDefinition, Stage } from './rule.js'
import { AMOUNT_BASIS_LABELS, STAGE_LABELS } from './rule.js'

/**
 * Reads rule definitions for a back-test: a JSON array whose entries are either a variant of a
 * library rule (`{ "base": "GZ…", "id": "…", "params": { "maxCount": 8 }, … }` — any field of
 * the base may be replaced, parameters by value) or a whole new rule with every field of
 * `RuleDefinition` (its `logic` one of the engine's logics). Every problem names the entry and
 * the field.
 *
 * @param value - the parsed JSON
 * @param library - the rules `base` refers to
 * @param logics - the logics a rule may name
 */
export function readRuleFile(
  value: unknown,
  library: readonly RuleDefinition[],
  logics: Readonly<Record<string, Logic>> = LOGICS
): { definitions: RuleDefinition[]; issues: OutcomeIssue[] } {
  const issues: OutcomeIssue[] = []
  const fail = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  if (!Array.isArray(value)) {
    fail('$', '规则文件应为 JSON 数组')
    return { definitions: [], issues }
  }
  const byId = new Map(library.map((r) => [r.id, r]))
  const definitions: RuleDefinition[] = []
  const seen = new Set<string>()
  value.forEach((entry: unknown, n) => {
    const at = `$[${n}]`
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      fail(at, '应为对象')
      return
    }
    const e = entry as Record<string, unknown>
    const base = typeof e.base === 'string' ? byId.get(e.base) : undefined
    if (e.base !== undefined && !base) {
      fail(`${at}.base`, `规则库中没有 ${JSON.stringify(e.base)}`)
      return
    }
    const text = (key: string): string | undefined => {
      const v = e[key]
      if (v === undefined) return undefined
      if (typeof v !== 'string' || v.trim() === '') fail(`${at}.${key}`, '应为非空文本')
      return typeof v === 'string' ? v.trim() : undefined
    }
    const id = text('id') ?? base?.id
    if (id === undefined) {
      fail(`${at}.id`, '必填')
      return
    }
    if (seen.has(id)) fail(`${at}.id`, `规则编码 ${id} 重复`)
    seen.add(id)
    const logic = text('logic') ?? base?.logic ?? ''
    if (!Object.hasOwn(logics, logic))
      fail(`${at}.logic`, `没有逻辑 ${logic || '（空）'}，可选：${Object.keys(logics).join('、')}`)
    const violation = text('violation') ?? base?.violation ?? ''
    if (!violationType(violation))
      fail(`${at}.violation`, `违规类型 ${violation || '（空）'} 不在目录中`)
    const severity = (text('severity') ?? base?.severity ?? '') as RuleDefinition['severity']
    if (!Object.hasOwn(FINDING_SEVERITY_LABELS, severity))
      fail(`${at}.severity`, `应为 ${Object.keys(FINDING_SEVERITY_LABELS).join('/')}`)
    const amountBasis = (text('amountBasis') ?? base?.amountBasis ?? '') as AmountBasis
    if (!Object.hasOwn(AMOUNT_BASIS_LABELS, amountBasis))
      fail(`${at}.amountBasis`, `应为 ${Object.keys(AMOUNT_BASIS_LABELS).join('/')}`)
    let stages = base?.stages ?? (['POST'] as readonly Stage[])
    if (e.stages !== undefined) {
      if (
        !Array.isArray(e.stages) ||
        e.stages.some((s) => typeof s !== 'string' || !Object.hasOwn(STAGE_LABELS, s))
      ) {
        fail(`${at}.stages`, '应为 PRE/IN/POST 组成的数组')
      } else stages = e.stages as Stage[]
    }
    const params: Record<string, ParamSpec> = { ...(base?.params ?? {}) }
    const given = e.params
    if (
      given !== undefined &&
      (given === null || typeof given !== 'object' || Array.isArray(given))
    ) {
      fail(`${at}.params`, '应为对象')
    } else {
      for (const [name, v] of Object.entries((given ?? {}) as Record<string, unknown>)) {
        const spec = params[name]
        if (spec) {
          const ok = Array.isArray(spec.default)
            ? Array.isArray(v) && v.every((x) => typeof x === 'string')
            : typeof v === typeof spec.default
          if (!ok)
            fail(`${at}.params.${name}`, `类型应与默认值 ${JSON.stringify(spec.default)} 相同`)
          else params[name] = { ...spec, default: v as ParamSpec['default'] }
        } else if (base) {
          fail(`${at}.params.${name}`, `规则 ${base.id} 没有参数 ${name}`)
        } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'default' in v) {
          params[name] = { label: name, ...(v as { default: ParamSpec['default'] }) }
        } else fail(`${at}.params.${name}`, '新规则的参数应写作 { "default": 值, "label": "名称" }')
      }
    }
    definitions.push({
      id,
      name: text('name') ?? base?.name ?? id,
      violation,
      category: text('category') ?? base?.category ?? '自定义',
      stages,
      severity,
      amountBasis,
      logic,
      params,
      knowledge: base?.knowledge ?? [],
      description: text('description') ?? base?.description ?? '',
    })
  })
  return { definitions: issues.length === 0 ? definitions : [], issues }
}
