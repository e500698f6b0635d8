// SPDX-License-Identifier: Apache-2.0
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import type { OutcomeIssue } from '@yibao/domain'
import {
  fenToYuan,
  IDENTITY_TYPES,
  invalid,
  isIsoDate,
  OutcomeError,
  parseScaled,
} from '@yibao/domain'
import type { BenefitPolicy } from './benefit-policy.js'
import { CARE_TYPES } from './care-type.js'

// A benefit policy as people read and write it (YAML or JSON files, the API, the console):
// amounts in yuan, ratios in percent. One schema below drives the check of a document (every
// problem named by its path), its conversion to the engine's fen and basis points, and the way
// back, so the three cannot drift apart.

/** How one value is written in a document and held in a policy. */
type Kind =
  | { readonly t: 'text' }
  | { readonly t: 'int'; readonly min: number; readonly max: number }
  | { readonly t: 'yuan' }
  | { readonly t: 'percent' }
  | { readonly t: 'bool' }
  | { readonly t: 'date' }
  | { readonly t: 'code' }
  | { readonly t: 'enum'; readonly values: readonly (string | number)[] }
  | { readonly t: 'list'; readonly of: Kind }
  | { readonly t: 'nullable'; readonly of: Kind }
  | { readonly t: 'optional'; readonly of: Kind }
  | { readonly t: 'object'; readonly fields: readonly Field[] }
  | { readonly t: 'map'; readonly keys: readonly string[]; readonly of: Kind }

/** A field: its name in the policy, its name in a document, and its kind. */
interface Field {
  readonly key: string
  readonly doc: string
  readonly kind: Kind
}

const text: Kind = { t: 'text' }
const yuan: Kind = { t: 'yuan' }
const percent: Kind = { t: 'percent' }
const bool: Kind = { t: 'bool' }
const code: Kind = { t: 'code' }
const nullable = (of: Kind): Kind => ({ t: 'nullable', of })
const optional = (of: Kind): Kind => ({ t: 'optional', of })
const list = (of: Kind): Kind => ({ t: 'list', of })
const object = (...fields: Field[]): Kind => ({ t: 'object', fields })
const f = (key: string, kind: Kind, doc = key): Field => ({ key, doc, kind })
const same = (key: string, kind: Kind): Field => f(key, kind)

const INSU = ['310', '320', '330', '340', '390', '391', '392', '410', '510']
const LEVELS = [0, 1, 2, 3]
const TIERS = ['COUNTY', 'CITY', 'PROVINCE']
const LISTS = ['101', '102', '201', '301']

const SCOPE: readonly Field[] = [
  same('insuTypes', optional(list({ t: 'enum', values: INSU }))),
  same('careTypes', optional(list({ t: 'enum', values: CARE_TYPES }))),
  same('levels', optional(list({ t: 'enum', values: LEVELS }))),
  same('tiers', optional(list({ t: 'enum', values: TIERS }))),
  same('identities', optional(list({ t: 'enum', values: IDENTITY_TYPES }))),
]

const POLICY: Kind = object(
  same('id', code),
  same('name', text),
  same('admdvs', code),
  same('year', { t: 'int', min: 2000, max: 2100 }),
  same('effectiveFrom', { t: 'date' }),
  same('effectiveTo', nullable({ t: 'date' })),
  same(
    'lines',
    object(
      f('preselfpayBp', percent, 'preselfpay'),
      f(
        'preselfpayBpByListType',
        optional({ t: 'map', keys: LISTS, of: percent }),
        'preselfpayByListType'
      )
    )
  ),
  same(
    'basic',
    list(
      object(
        ...SCOPE,
        same('deductible', yuan),
        same('deductiblePer', { t: 'enum', values: ['STAY', 'YEAR'] }),
        f('ratioBp', percent, 'ratio'),
        same('annualCap', nullable(yuan)),
        same('capGroup', optional(code)),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'employeeSupplement',
    nullable(
      object(
        ...SCOPE,
        f('ratioBp', percent, 'ratio'),
        same('annualCap', nullable(yuan)),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'critical',
    nullable(
      object(
        ...SCOPE,
        same('deductible', yuan),
        same('segments', list(object(same('from', yuan), f('ratioBp', percent, 'ratio')))),
        same('annualCap', nullable(yuan)),
        same('countsPreselfpay', bool),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'tilts',
    list(
      object(
        ...SCOPE,
        same('name', text),
        f('basicRatioBonusBp', percent, 'basicRatioBonus'),
        f('criticalDeductibleBp', percent, 'criticalDeductibleShare'),
        f('criticalRatioBonusBp', percent, 'criticalRatioBonus'),
        same('criticalUncapped', bool)
      )
    )
  ),
  same(
    'assistance',
    list(
      object(
        ...SCOPE,
        same('name', text),
        same('deductible', yuan),
        f('ratioBp', percent, 'ratio'),
        same('annualLimit', nullable(yuan)),
        same('countsPreselfpay', bool),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'supplements',
    list(
      object(
        ...SCOPE,
        same('name', text),
        f('ratioBp', percent, 'ratio'),
        same('annualLimit', nullable(yuan)),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'backstops',
    list(
      object(
        ...SCOPE,
        same('name', text),
        same('capByTier', { t: 'map', keys: TIERS, of: yuan }),
        same('includeFullSelfPay', bool),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'account',
    nullable(
      object(same('insuTypes', list({ t: 'enum', values: INSU })), same('fundPayType', code))
    )
  )
)

function describe(v: unknown): string {
  return v === undefined ? '无' : JSON.stringify(v)
}

/** Reads a document value into a policy value, or records an issue and returns undefined. */
function read(kind: Kind, v: unknown, path: string, issues: OutcomeIssue[]): unknown {
  // Records the problem; the value read is then absent (undefined).
  const bad = (message: string): unknown => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
    return undefined
  }
  switch (kind.t) {
    case 'optional':
      return v === undefined || v === null ? undefined : read(kind.of, v, path, issues)
    case 'nullable':
      return v === null ? null : read(kind.of, v, path, issues)
    case 'text':
      return typeof v === 'string' && v.trim() !== '' ? v.trim() : bad('应为非空文本')
    case 'code':
      return (typeof v === 'string' || typeof v === 'number') && /^[\w*.-]{1,64}$/.test(String(v))
        ? String(v)
        : bad(`应为编码（字母、数字、_ - . *），收到 ${describe(v)}`)
    case 'int':
      return Number.isInteger(v) && (v as number) >= kind.min && (v as number) <= kind.max
        ? v
        : bad(`应为 ${kind.min}–${kind.max} 的整数，收到 ${describe(v)}`)
    case 'bool':
      return typeof v === 'boolean' ? v : bad(`应为 true 或 false，收到 ${describe(v)}`)
    case 'date':
      return typeof v === 'string' && isIsoDate(v)
        ? v
        : bad(`应为 YYYY-MM-DD 日期，收到 ${describe(v)}`)
    case 'yuan': {
      const fen = typeof v === 'number' || typeof v === 'string' ? parseScaled(v, 2) : undefined
      return fen !== undefined && fen >= 0 && exactDecimals(v, 2)
        ? fen
        : bad(`应为不小于 0、最多两位小数的金额（元），收到 ${describe(v)}`)
    }
    case 'percent': {
      const bp = typeof v === 'number' || typeof v === 'string' ? parseScaled(v, 2) : undefined
      return bp !== undefined && bp >= 0 && bp <= 10_000 && exactDecimals(v, 2)
        ? bp
        : bad(`应为 0–100 之间、最多两位小数的百分数，收到 ${describe(v)}`)
    }
    case 'enum':
      return kind.values.includes(v as string | number)
        ? v
        : bad(`应为 ${kind.values.join('、')} 之一，收到 ${describe(v)}`)
    case 'list': {
      if (!Array.isArray(v)) return bad(`应为列表，收到 ${describe(v)}`)
      return v.map((x, i) => read(kind.of, x, `${path}[${i}]`, issues))
    }
    case 'map': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad('应为对象')
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v)) {
        if (!kind.keys.includes(k)) {
          const at = `${path}.${k}`
          issues.push({
            severity: 'error',
            code: 'invalid',
            message: `${at}：未知的键（可用 ${kind.keys.join('、')}）`,
            path: at,
          })
          continue
        }
        out[k] = read(kind.of, x, `${path}.${k}`, issues)
      }
      return out
    }
    case 'object': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad('应为对象')
      const o = v as Record<string, unknown>
      const known = new Set(kind.fields.map((x) => x.doc))
      for (const k of Object.keys(o)) {
        if (!known.has(k)) {
          issues.push({
            severity: 'error',
            code: 'invalid',
            message: `${path}.${k}：未知字段`,
            path: `${path}.${k}`,
          })
        }
      }
      const out: Record<string, unknown> = {}
      for (const field of kind.fields) {
        const value = o[field.doc]
        if (value === undefined && field.kind.t !== 'optional') {
          const at = `${path}.${field.doc}`
          issues.push({
            severity: 'error',
            code: 'invalid',
            message: `${at}：缺少此字段`,
            path: at,
          })
          continue
        }
        const read1 = read(field.kind, value, `${path}.${field.doc}`, issues)
        if (read1 !== undefined) out[field.key] = read1
      }
      return out
    }
  }
}

/** A number or text with at most `scale` decimals (27.5, '27.50'), not 27.555. */
function exactDecimals(v: unknown, scale: number): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && Number(v.toFixed(scale)) === v
  return typeof v === 'string' && new RegExp(`^\\s*\\d+(\\.\\d{0,${scale}})?\\s*$`).test(v)
}

/** Writes a policy value back as a document value. */
function write(kind: Kind, v: unknown): unknown {
  switch (kind.t) {
    case 'optional':
    case 'nullable':
      return v === undefined || v === null ? v : write(kind.of, v)
    case 'yuan':
      return Number(fenToYuan(v as number))
    case 'percent':
      return (v as number) / 100
    case 'list':
      return (v as unknown[]).map((x) => write(kind.of, x))
    case 'map':
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, write(kind.of, x)])
      )
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const field of kind.fields) {
        const x = (v as Record<string, unknown>)[field.key]
        if (x !== undefined) out[field.doc] = write(field.kind, x)
      }
      return out
    }
    case 'text':
    case 'code':
    case 'int':
    case 'bool':
    case 'date':
    case 'enum':
      return v
  }
}

/** The checks a policy needs beyond the shape of its fields. */
function coherence(p: BenefitPolicy, issues: OutcomeIssue[]): void {
  const bad = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  if (p.effectiveTo !== null && p.effectiveTo < p.effectiveFrom) {
    bad('$.effectiveTo', `不能早于生效日期 ${p.effectiveFrom}`)
  }
  const segments = p.critical?.segments ?? []
  if (p.critical !== null && segments[0]?.from !== 0) {
    bad('$.critical.segments[0].from', '第一段应从 0 元开始')
  }
  segments.forEach((s, i) => {
    if (i > 0 && s.from <= segments[i - 1]!.from) {
      bad(`$.critical.segments[${i}].from`, '各段起点应逐段增大')
    }
  })
}

/**
 * A policy from a document (amounts in yuan, ratios in percent), with every problem named by
 * its path (`$.basic[2].ratio`); throws an `OutcomeError` listing them all.
 *
 * @param doc - the parsed document
 */
export function policyFromDocument(doc: unknown): BenefitPolicy {
  const issues: OutcomeIssue[] = []
  const policy = read(POLICY, doc, '$', issues) as BenefitPolicy
  if (issues.length === 0) coherence(policy, issues)
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return policy
}

/** A policy as a document: amounts in yuan, ratios in percent. */
export function policyToDocument(policy: BenefitPolicy): Record<string, unknown> {
  return write(POLICY, policy) as Record<string, unknown>
}

/**
 * Reads a policy file: YAML or JSON (JSON is YAML too). A syntax error names its line.
 *
 * @param source - the file's text
 */
export function parsePolicyText(source: string): BenefitPolicy {
  let doc: unknown
  try {
    doc = parseYaml(source)
  } catch (err) {
    const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line
    throw new OutcomeError(
      invalid([
        {
          severity: 'error',
          code: 'invalid',
          message: `政策文件${line === undefined ? '' : `第 ${line} 行`}无法解析：${(err as Error).message.split('\n')[0]}`,
          path: line === undefined ? '$' : `line ${line}`,
        },
      ]),
      err
    )
  }
  return policyFromDocument(doc)
}

/** A policy file's text, as YAML (default) or JSON. */
export function formatPolicyText(policy: BenefitPolicy, format: 'yaml' | 'json' = 'yaml'): string {
  const doc = policyToDocument(policy)
  return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : stringifyYaml(doc)
}
