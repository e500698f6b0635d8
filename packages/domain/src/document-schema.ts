// SPDX-License-Identifier: Apache-2.0
import { fenToYuan, parseScaled } from './money.js'
import type { OutcomeIssue } from './outcome.js'
import { invalid, OutcomeError } from './outcome.js'
import { isIsoDate } from './dates.js'

// Documents people read and write (YAML or JSON files, the API, the console) hold amounts in
// yuan and ratios in percent. A schema of fields drives the check of a document (every problem
// named by its path), its conversion to the engine's fen and basis points, and the way back, so
// the three cannot drift apart.

/** How one value is written in a document and held in a policy. */
export type Kind =
  | { readonly t: 'text' }
  | { readonly t: 'int'; readonly min: number; readonly max: number }
  | { readonly t: 'yuan' }
  | { readonly t: 'percent' }
  | { readonly t: 'number'; readonly min: number; readonly max: number; readonly scale: number }
  | { readonly t: 'bool' }
  | { readonly t: 'date' }
  | { readonly t: 'code' }
  | { readonly t: 'enum'; readonly values: readonly (string | number)[] }
  | { readonly t: 'list'; readonly of: Kind }
  | { readonly t: 'nullable'; readonly of: Kind }
  | { readonly t: 'optional'; readonly of: Kind }
  | { readonly t: 'object'; readonly fields: readonly Field[] }
  | { readonly t: 'map'; readonly keys: readonly string[]; readonly of: Kind }
  /** An object whose keys are codes (institution codes…) and whose values share one kind. */
  | { readonly t: 'record'; readonly of: Kind }

/** A field: its name in the policy, its name in a document, and its kind. */
export interface Field {
  readonly key: string
  readonly doc: string
  readonly kind: Kind
}

export const text: Kind = { t: 'text' }
export const yuan: Kind = { t: 'yuan' }
export const percent: Kind = { t: 'percent' }
export const bool: Kind = { t: 'bool' }
export const code: Kind = { t: 'code' }
export const nullable = (of: Kind): Kind => ({ t: 'nullable', of })
export const optional = (of: Kind): Kind => ({ t: 'optional', of })
export const list = (of: Kind): Kind => ({ t: 'list', of })
export const object = (...fields: Field[]): Kind => ({ t: 'object', fields })
/** A field whose document name differs from its key (`ratioBp` written as `ratio`). */
export const renamedField = (key: string, kind: Kind, doc = key): Field => ({ key, doc, kind })
/** A field with the same name in the document and the value. */
export const field = (key: string, kind: Kind): Field => renamedField(key, kind)

function describe(v: unknown): string {
  return v === undefined ? '无' : JSON.stringify(v)
}

/** Reads a document value into a policy value, or records an issue and returns undefined. */
export function readDocumentValue(
  kind: Kind,
  v: unknown,
  path: string,
  issues: OutcomeIssue[]
): unknown {
  // Records the problem; the value read is then absent (undefined).
  const bad = (message: string): unknown => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
    return undefined
  }
  switch (kind.t) {
    case 'optional':
      return v === undefined || v === null ? undefined : readDocumentValue(kind.of, v, path, issues)
    case 'nullable':
      return v === null ? null : readDocumentValue(kind.of, v, path, issues)
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
    case 'number':
      return typeof v === 'number' &&
        v >= kind.min &&
        v <= kind.max &&
        exactDecimals(Math.abs(v), kind.scale)
        ? v
        : bad(
            `应为 ${kind.min}–${kind.max} 之间、最多 ${kind.scale} 位小数的数，收到 ${describe(v)}`
          )
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
      return v.map((x, i) => readDocumentValue(kind.of, x, `${path}[${i}]`, issues))
    }
    case 'record': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad('应为对象')
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v)) {
        out[k] = readDocumentValue(kind.of, x, `${path}.${k}`, issues)
      }
      return out
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
        out[k] = readDocumentValue(kind.of, x, `${path}.${k}`, issues)
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
        const read1 = readDocumentValue(field.kind, value, `${path}.${field.doc}`, issues)
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
export function writeDocumentValue(kind: Kind, v: unknown): unknown {
  switch (kind.t) {
    case 'optional':
    case 'nullable':
      return v === undefined || v === null ? v : writeDocumentValue(kind.of, v)
    case 'yuan':
      return Number(fenToYuan(v as number))
    case 'percent':
      return (v as number) / 100
    case 'list':
      return (v as unknown[]).map((x) => writeDocumentValue(kind.of, x))
    case 'map':
    case 'record':
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>).map(([k, x]) => [
          k,
          writeDocumentValue(kind.of, x),
        ])
      )
    case 'object': {
      const out: Record<string, unknown> = {}
      for (const field of kind.fields) {
        const x = (v as Record<string, unknown>)[field.key]
        if (x !== undefined) out[field.doc] = writeDocumentValue(field.kind, x)
      }
      return out
    }
    case 'text':
    case 'code':
    case 'int':
    case 'number':
    case 'bool':
    case 'date':
    case 'enum':
      return v
  }
}

/**
 * Reads a whole document against its schema; throws an `OutcomeError` listing every problem
 * by its path (`$.basic[2].ratio`), after `coherence` adds the checks beyond field shapes.
 *
 * @param schema - the document's schema
 * @param doc - the parsed document
 * @param coherence - further checks, run only when the fields themselves are valid
 */
export function readDocument<T>(
  schema: Kind,
  doc: unknown,
  coherence?: (value: T, issues: OutcomeIssue[]) => void
): T {
  const issues: OutcomeIssue[] = []
  const value = readDocumentValue(schema, doc, '$', issues) as T
  if (issues.length === 0) coherence?.(value, issues)
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return value
}

/**
 * The error for a document file that is not valid YAML or JSON, naming its line.
 *
 * @param err - what the YAML parser threw
 * @param label - what the file is, e.g. 政策文件
 */
export function documentSyntaxError(err: unknown, label: string): OutcomeError {
  const line = (err as { linePos?: { line: number }[] }).linePos?.[0]?.line
  return new OutcomeError(
    invalid([
      {
        severity: 'error',
        code: 'invalid',
        message: `${label}${line === undefined ? '' : `第 ${line} 行`}无法解析：${(err as Error).message.split('\n')[0]}`,
        path: line === undefined ? '$' : `line ${line}`,
      },
    ]),
    err
  )
}

/** The YAML functions a document codec uses (the `yaml` package's `parse` and `stringify`). */
export interface YamlFunctions {
  parse(source: string): unknown
  stringify(value: unknown): string
}

/** Reading and writing one kind of document as values, documents and YAML / JSON text. */
export interface DocumentCodec<T> {
  readonly fromDocument: (doc: unknown) => T
  readonly toDocument: (value: T) => Record<string, unknown>
  /** Reads a YAML or JSON text (JSON is YAML too); a syntax error names its line. */
  readonly parseText: (source: string) => T
  /** A value's text, as YAML (default) or JSON. */
  readonly formatText: (value: T, format?: 'yaml' | 'json') => string
}

/**
 * A codec for one kind of document.
 *
 * @param schema - the document's schema
 * @param label - what the file is called in errors, e.g. 政策文件
 * @param yaml - the YAML functions
 * @param coherence - checks beyond the fields' shapes
 */
export function documentCodec<T>(
  schema: Kind,
  label: string,
  yaml: YamlFunctions,
  coherence?: (value: T, issues: OutcomeIssue[]) => void
): DocumentCodec<T> {
  const fromDocument = (doc: unknown): T => readDocument<T>(schema, doc, coherence)
  const toDocument = (value: T): Record<string, unknown> =>
    writeDocumentValue(schema, value) as Record<string, unknown>
  return {
    fromDocument,
    toDocument,
    parseText: (source) => {
      let doc: unknown
      try {
        doc = yaml.parse(source)
      } catch (err) {
        throw documentSyntaxError(err, label)
      }
      return fromDocument(doc)
    },
    formatText: (value, format = 'yaml') => {
      const doc = toDocument(value)
      return format === 'json' ? `${JSON.stringify(doc, null, 2)}\n` : yaml.stringify(doc)
    },
  }
}
