// SPDX-License-Identifier: Apache-2.0
import type { KnowledgePoint } from '@yibao/knowledge'
import type { ActiveRule, ParamValue } from './rule.js'

const BATCH_NUMERALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']

function showValue(v: ParamValue): string {
  return Array.isArray(v) ? v.join('、') : String(v)
}

/**
 * The basis of a finding (`vola_evid`): the knowledge point with its batch and text, or the
 * rule's parameters when it reads none.
 *
 * @example
 * evidenceOf(rule, point, '2025.1')
 * // '两库第一批《药品区分性别使用》知识点 B1-0001（知识包 2025.1）：限女性'
 */
export function evidenceOf(rule: ActiveRule, point: KnowledgePoint | null, pack: string): string {
  if (point !== null) {
    const batch = BATCH_NUMERALS[point.batch] ?? String(point.batch)
    return `两库第${batch}批《${rule.def.name}》知识点 ${point.id}（知识包 ${pack}）：${point.text}`.slice(
      0,
      500
    )
  }
  const params = Object.entries(rule.params)
    .filter(([name]) => rule.def.params[name] !== undefined)
    .map(([name, v]) => {
      const spec = rule.def.params[name]!
      return `${spec.label}${showValue(v)}${spec.unit ?? ''}`
    })
  const basis = rule.def.knowledge.length > 0 ? `；依据：${rule.def.knowledge.join('、')}` : ''
  return `规则《${rule.def.name}》（${rule.def.id}）${params.length > 0 ? `，${params.join('，')}` : ''}${basis}`.slice(
    0,
    500
  )
}
