// SPDX-License-Identifier: Apache-2.0
import type { FieldType, PersonRecords } from '@yibao/domain'
import { RECORD_FIELDS } from '@yibao/domain'

/** The fields of one record kind, by representation. */
interface KindFields {
  readonly strings: readonly string[]
  readonly numbers: readonly string[]
  readonly booleans: readonly string[]
}

/** The fields of every record kind, by representation (from `RECORD_FIELDS`). */
const FIELDS = Object.fromEntries(
  Object.entries(RECORD_FIELDS).map(([kind, fields]) => {
    const of = (type: FieldType): string[] =>
      Object.entries(fields as Record<string, FieldType>)
        .filter(([, t]) => t === type)
        .map(([name]) => name)
    return [kind, { strings: of('string'), numbers: of('number'), booleans: of('boolean') }]
  })
) as unknown as Record<keyof PersonRecords, KindFields>

interface PackedKind {
  readonly n: number
  /** String fields row by row, joined by U+0001 (null as U+0000): one string clones as a copy. */
  readonly strings: string
  readonly numbers: Float64Array
  readonly booleans: Uint8Array
}

/**
 * Person records in a compact form for worker threads: per kind, the string fields in one flat
 * array and the numbers and flags in typed arrays. Posting it costs a fraction of posting the
 * objects (structured clone writes every key of every object); the typed arrays are transferred.
 */
export interface PackedRecords {
  readonly kinds: Record<keyof PersonRecords, PackedKind>
}

const SEP = '\u0001'
// PostgreSQL text cannot hold NUL, so no stored string equals the null marker.
const NULL = '\u0000'

type Packer = (rows: readonly unknown[], s: string[], x: Float64Array, b: Uint8Array) => void
type Unpacker = (
  n: number,
  s: readonly (string | null)[],
  x: Float64Array,
  b: Uint8Array
) => unknown[]

// One packer and unpacker per kind, generated from the static field lists above: object literals
// with fixed keys keep V8 on fast, monomorphic property access (a loop over names does not).
/* eslint-disable @typescript-eslint/no-implied-eval */
function generate(f: KindFields): { pack: Packer; unpack: Unpacker } {
  const ns = f.strings.length
  const nx = f.numbers.length
  const nb = f.booleans.length
  const pack = new Function(
    'rows',
    's',
    'x',
    'b',
    `for (let r = 0; r < rows.length; r++) { const row = rows[r];` +
      f.strings.map((n, k) => `s[r * ${ns} + ${k}] = row.${n} ?? '\\u0000';`).join('') +
      f.numbers.map((n, k) => `x[r * ${nx} + ${k}] = row.${n} ?? NaN;`).join('') +
      f.booleans.map((n, k) => `b[r * ${nb} + ${k}] = row.${n} === true ? 1 : 0;`).join('') +
      '}'
  ) as Packer
  const field = [
    ...f.strings.map((n, k) => `${n}: s[r * ${ns} + ${k}]`),
    ...f.numbers.map((n, k) => `${n}: (w = x[r * ${nx} + ${k}]) !== w ? null : w`),
    ...f.booleans.map((n, k) => `${n}: b[r * ${nb} + ${k}] === 1`),
  ]
  const unpack = new Function(
    'n',
    's',
    'x',
    'b',
    `const rows = new Array(n); let w = 0;` +
      `for (let r = 0; r < n; r++) rows[r] = { ${field.join(', ')} };` +
      'return rows'
  ) as Unpacker
  return { pack, unpack }
}
/* eslint-enable @typescript-eslint/no-implied-eval */

const CODECS = Object.fromEntries(
  Object.entries(FIELDS).map(([kind, f]) => [kind, generate(f)])
) as Record<keyof PersonRecords, { pack: Packer; unpack: Unpacker }>

/** Packs records (see `PackedRecords`). */
export function packRecords(records: PersonRecords): PackedRecords {
  const kinds = {} as Record<keyof PersonRecords, PackedKind>
  for (const kind of Object.keys(FIELDS) as (keyof PersonRecords)[]) {
    const f = FIELDS[kind]
    const rows = records[kind]
    const n = rows.length
    const strings = new Array<string>(n * f.strings.length)
    const numbers = new Float64Array(n * f.numbers.length)
    const booleans = new Uint8Array(n * f.booleans.length)
    CODECS[kind].pack(rows, strings, numbers, booleans)
    kinds[kind] = { n, strings: strings.join(SEP), numbers, booleans }
  }
  return { kinds }
}

/** The typed arrays of packed records, to transfer with `postMessage`. */
export function packedTransferList(packed: PackedRecords): ArrayBuffer[] {
  return Object.values(packed.kinds).flatMap((k) => [
    k.numbers.buffer as ArrayBuffer,
    k.booleans.buffer as ArrayBuffer,
  ])
}

/** Unpacks records packed with `packRecords`: equal to the original. */
export function unpackRecords(packed: PackedRecords): PersonRecords {
  const out = {} as Record<keyof PersonRecords, unknown[]>
  for (const kind of Object.keys(FIELDS) as (keyof PersonRecords)[]) {
    const k = packed.kinds[kind]
    const strings: (string | null)[] = k.n === 0 ? [] : k.strings.split(SEP)
    if (strings.length !== k.n * FIELDS[kind].strings.length) {
      throw new Error(`${kind} 的文本字段含控制字符 U+0001，无法在线程间传递`)
    }
    for (let i = 0; i < strings.length; i++) if (strings[i] === NULL) strings[i] = null
    out[kind] = CODECS[kind].unpack(k.n, strings, k.numbers, k.booleans)
  }
  return out as unknown as PersonRecords
}
