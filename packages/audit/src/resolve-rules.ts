// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, OutcomeIssue } from '@yibao/domain'
import { FINDING_SEVERITY_LABELS, invalid, OutcomeError } from '@yibao/domain'
import type {
  ActiveRule,
  ParamValue,
  RuleDefinition,
  RuleOverride,
  RuleParams,
  Stage,
} from './rule.js'

/** Where and when the rules apply. */
export interface RuleScope {
  /** 统筹区 (医保区划); overrides for `*` apply everywhere. */
  readonly admdvs?: string | undefined
  /** The date the rules are in force on. */
  readonly date: IsoDate
  /** Only rules of this stage (absent = all stages). */
  readonly stage?: Stage | undefined
  /** Only these rule ids (absent = all). */
  readonly ruleIds?: readonly string[] | undefined
}

function sameType(spec: ParamValue, value: unknown): boolean {
  if (Array.isArray(spec)) return Array.isArray(value) && value.every((v) => typeof v === 'string')
  return typeof value === typeof spec
}

/**
 * Checks overrides against the rule definitions: known rule, known parameters of the right type,
 * valid severity and dates. Each problem names the override and the field.
 *
 * @returns the issues (empty when all are valid)
 */
export function checkOverrides(
  defs: readonly RuleDefinition[],
  overrides: readonly RuleOverride[]
): OutcomeIssue[] {
  const byId = new Map(defs.map((d) => [d.id, d]))
  const issues: OutcomeIssue[] = []
  overrides.forEach((o, n) => {
    const at = `overrides[${n}]`
    const def = byId.get(o.ruleId)
    if (!def) {
      issues.push({
        severity: 'error',
        code: 'invalid',
        message: `没有规则 ${o.ruleId}`,
        path: `${at}.ruleId`,
      })
      return
    }
    for (const [name, value] of Object.entries(o.params ?? {})) {
      const spec = def.params[name]
      if (!spec) {
        issues.push({
          severity: 'error',
          code: 'invalid',
          message: `规则 ${o.ruleId} 没有参数 ${name}`,
          path: `${at}.params.${name}`,
        })
      } else if (!sameType(spec.default, value)) {
        issues.push({
          severity: 'error',
          code: 'invalid',
          message: `规则 ${o.ruleId} 的参数 ${name}（${spec.label}）类型应与默认值 ${JSON.stringify(spec.default)} 相同`,
          path: `${at}.params.${name}`,
        })
      }
    }
    if (o.severity !== undefined && !Object.hasOwn(FINDING_SEVERITY_LABELS, o.severity)) {
      issues.push({
        severity: 'error',
        code: 'invalid',
        message: `严重程度应为 ${Object.keys(FINDING_SEVERITY_LABELS).join('/')}`,
        path: `${at}.severity`,
      })
    }
    if (o.to !== null && o.to < o.from) {
      issues.push({
        severity: 'error',
        code: 'invalid',
        message: '失效日期早于生效日期',
        path: `${at}.to`,
      })
    }
  })
  return issues
}

/**
 * The rules in force for a region on a date: each definition with its default parameters,
 * changed by the overrides valid on that date (region-specific after `*`, later `from` last).
 *
 * @throws OutcomeError when an override is invalid
 */
export function resolveRules(
  defs: readonly RuleDefinition[],
  overrides: readonly RuleOverride[],
  scope: RuleScope
): ActiveRule[] {
  const issues = checkOverrides(defs, overrides)
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  const applicable = overrides
    .filter(
      (o) =>
        (o.admdvs === '*' || o.admdvs === scope.admdvs) &&
        o.from <= scope.date &&
        (o.to === null || scope.date <= o.to)
    )
    .sort((a, b) =>
      a.admdvs === b.admdvs ? (a.from < b.from ? -1 : 1) : a.admdvs === '*' ? -1 : 1
    )
  const wanted = scope.ruleIds === undefined ? null : new Set(scope.ruleIds)
  const active: ActiveRule[] = []
  for (const def of defs) {
    if (wanted !== null && !wanted.has(def.id)) continue
    if (scope.stage !== undefined && !def.stages.includes(scope.stage)) continue
    let params: RuleParams = Object.fromEntries(
      Object.entries(def.params).map(([name, spec]) => [name, spec.default])
    )
    let severity = def.severity
    let enabled = true
    for (const o of applicable) {
      if (o.ruleId !== def.id) continue
      if (o.params) params = { ...params, ...o.params }
      if (o.severity) severity = o.severity
      if (o.enabled !== undefined) enabled = o.enabled
    }
    if (enabled) active.push({ def, params, severity })
  }
  return active
}
