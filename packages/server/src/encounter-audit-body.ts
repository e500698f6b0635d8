// SPDX-License-Identifier: Apache-2.0
import type { Stage } from '@yibao/audit'
import type {
  CatalogClass,
  ChargeType,
  Diagnosis,
  Encounter,
  EncounterKind,
  FeeLine,
  Gender,
  InsuType,
  IsoDate,
  ListType,
  Operation,
  OutcomeIssue,
  Person,
  Timestamp,
} from '@yibao/domain'
import {
  CATALOG_CLASS_LABELS,
  CHARGE_TYPE_LABELS,
  ENCOUNTER_KIND_LABELS,
  GENDER_LABELS,
  INSUTYPE_LABELS,
  LIST_TYPE_LABELS,
  parseDate,
  parseTimestamp,
  recordFieldNames,
} from '@yibao/domain'
import type { Json } from './body-reader.js'
import { BodyReader } from './body-reader.js'

/** One encounter to audit, as records (`POST /api/v1/audit/encounters`). */
export interface EncounterAuditBody {
  readonly person: Person
  readonly encounter: Encounter
  readonly diagnoses: Diagnosis[]
  readonly operations: Operation[]
  readonly feeLines: FeeLine[]
  /** 事前 PRE / 事中 IN (default) / 事后 POST. */
  readonly stage: Stage
  /** Only these rules (absent: every rule). */
  readonly ruleIds: readonly string[]
}

const STAGES = ['PRE', 'IN', 'POST'] as const

const FIELDS = {
  body: ['person', 'encounter', 'diagnoses', 'operations', 'feeLines', 'stage', 'ruleIds'],
  person: recordFieldNames('persons'),
  encounter: recordFieldNames('encounters'),
  diagnosis: recordFieldNames('diagnoses'),
  operation: recordFieldNames('operations'),
  feeLine: recordFieldNames('feeLines'),
} as const

/** Reads fields of a JSON body, collecting one issue per problem with the field's path. */
class Fields extends BodyReader {
  /** A top-level list; absent means empty. */
  list(o: Json, key: string): unknown[] {
    const v = o[key]
    if (v === undefined || v === null) return []
    if (!Array.isArray(v)) {
      this.fail(key, '应为数组')
      return []
    }
    return v
  }

  text(o: Json, key: string, path: string): string | null
  text(o: Json, key: string, path: string, required: true): string
  text(o: Json, key: string, path: string, required = false): string | null {
    const v = o[key]
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) this.fail(`${path}.${key}`, '必填')
      return required ? '' : null
    }
    if (typeof v !== 'string') {
      this.fail(`${path}.${key}`, `应为文本，收到 ${JSON.stringify(v)}`)
      return required ? '' : null
    }
    return v.trim()
  }

  /** A code from a fixed list; required unless a fallback is given. */
  oneOf<T extends string>(
    o: Json,
    key: string,
    path: string,
    labels: Readonly<Record<T, string>>,
    fallback?: T
  ): T {
    const codes = Object.keys(labels) as T[]
    const v = fallback === undefined ? this.text(o, key, path, true) : this.text(o, key, path)
    if (v === null) return fallback!
    if (v === '') return codes[0]!
    if (!codes.includes(v as T)) {
      this.fail(`${path}.${key}`, `应为 ${codes.join('、')} 之一，收到 ${v}`)
      return fallback ?? codes[0]!
    }
    return v as T
  }

  time(o: Json, key: string, path: string, required: boolean): Timestamp | null {
    const v = required ? this.text(o, key, path, true) : this.text(o, key, path)
    if (v === null || v === '') return null
    const ts = parseTimestamp(v)
    if (ts === undefined) this.fail(`${path}.${key}`, `不是有效的日期时间：${v}`)
    return ts ?? null
  }

  date(o: Json, key: string, path: string, required: boolean): IsoDate | null {
    const v = required ? this.text(o, key, path, true) : this.text(o, key, path)
    if (v === null || v === '') return null
    const d = parseDate(v)
    if (d === undefined) this.fail(`${path}.${key}`, `不是有效的日期：${v}`)
    return d ?? null
  }

  number(o: Json, key: string, path: string, kind: 'finite' | 'integer' | 'count'): number | null {
    const v = o[key]
    if (v === undefined || v === null) return null
    const ok =
      typeof v === 'number' &&
      (kind === 'finite'
        ? Number.isFinite(v)
        : Number.isSafeInteger(v) && (kind === 'integer' || v >= 0))
    if (!ok) {
      const want = { finite: '数值', integer: '整数', count: '非负整数' }[kind]
      this.fail(`${path}.${key}`, `应为${want}，收到 ${JSON.stringify(v)}`)
      return null
    }
    return v
  }

  required(o: Json, key: string, path: string, kind: 'finite' | 'integer' | 'count'): number {
    if (o[key] === undefined || o[key] === null) {
      this.fail(`${path}.${key}`, '必填')
      return 0
    }
    return this.number(o, key, path, kind) ?? 0
  }

  flag(o: Json, key: string, path: string): boolean {
    const v = o[key]
    if (v === undefined || v === null) return false
    if (typeof v !== 'boolean') {
      this.fail(`${path}.${key}`, `应为 true 或 false，收到 ${JSON.stringify(v)}`)
      return false
    }
    return v
  }

  /** A field that repeats the encounter's value (`psnNo`, `mdtrtId`…) must agree with it. */
  same(o: Json, key: string, path: string, expected: string): void {
    const v = this.text(o, key, path)
    if (v !== null && v !== expected)
      this.fail(`${path}.${key}`, `应与就诊的 ${expected} 一致，收到 ${v}`)
  }
}

/**
 * Reads the body of `POST /api/v1/audit/encounters`: one encounter with its person, diagnoses,
 * operations and fee lines, in the domain's field names (camelCase; amounts in fen, unit prices
 * in 1/10 000 yuan). Every problem is reported with the path of the field (`feeLines[2].price`);
 * unknown fields are refused so that a misspelt one is not silently ignored.
 *
 * @param body - the parsed JSON body
 * @returns the records, or the issues
 */
export function readEncounterAuditBody(
  body: unknown
): { value: EncounterAuditBody; issues?: undefined } | { issues: OutcomeIssue[] } {
  const r = new Fields()
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    r.fail('body', '应为 JSON 对象')
    return { issues: r.issues }
  }
  const b = body as Json
  for (const key of Object.keys(b)) {
    if (!(FIELDS.body as readonly string[]).includes(key)) r.fail(key, '未知字段')
  }
  const p = r.object(b.person, 'person', FIELDS.person)
  const e = r.object(b.encounter, 'encounter', FIELDS.encounter)
  if (p === null || e === null) return { issues: r.issues }

  const mdtrtId = r.text(e, 'mdtrtId', 'encounter', true)
  const psnNo = r.text(p, 'psnNo', 'person', true)
  r.same(e, 'psnNo', 'encounter', psnNo)
  const institutionCode = r.text(e, 'institutionCode', 'encounter', true)
  const kind = r.oneOf<EncounterKind>(e, 'kind', 'encounter', ENCOUNTER_KIND_LABELS)
  const insuType = r.oneOf<InsuType>(e, 'insuType', 'encounter', INSUTYPE_LABELS)
  const begin = r.time(e, 'begin', 'encounter', true)
  const end = r.time(e, 'end', 'encounter', false)
  if (begin !== null && end !== null && end < begin) r.fail('encounter.end', '早于 begin')
  const admdvs = r.text(e, 'admdvs', 'encounter') ?? ''
  const encounter: Encounter = {
    mdtrtId,
    psnNo,
    institutionCode,
    kind,
    medType: r.text(e, 'medType', 'encounter', true),
    insuType,
    begin: begin ?? '1970-01-01T00:00:00+08:00',
    end,
    admDept: r.text(e, 'admDept', 'encounter'),
    dscgDept: r.text(e, 'dscgDept', 'encounter'),
    dscgWay: r.text(e, 'dscgWay', 'encounter'),
    mainDiagCode: r.text(e, 'mainDiagCode', 'encounter'),
    chiefDoctor: r.text(e, 'chiefDoctor', 'encounter'),
    matnStas: r.text(e, 'matnStas', 'encounter'),
    deathDate: r.date(e, 'deathDate', 'encounter', false),
    readmitPlanned: r.flag(e, 'readmitPlanned', 'encounter'),
    drgCode: r.text(e, 'drgCode', 'encounter'),
    admdvs,
  }
  const person: Person = {
    psnNo,
    name: r.text(p, 'name', 'person') ?? '',
    certno: r.text(p, 'certno', 'person') ?? '',
    gender: r.oneOf<Gender>(p, 'gender', 'person', GENDER_LABELS),
    birthDate: r.date(p, 'birthDate', 'person', true) ?? '1900-01-01',
    insuType: r.oneOf<InsuType>(p, 'insuType', 'person', INSUTYPE_LABELS, insuType),
    admdvs: r.text(p, 'admdvs', 'person') ?? admdvs,
    deathDate: r.date(p, 'deathDate', 'person', false),
  }

  const diagnoses = r.list(b, 'diagnoses').map((v, n): Diagnosis | null => {
    const at = `diagnoses[${n}]`
    const d = r.object(v, at, FIELDS.diagnosis)
    if (d === null) return null
    r.same(d, 'mdtrtId', at, mdtrtId)
    const seq = r.number(d, 'seq', at, 'count') ?? n + 1
    return {
      id: r.text(d, 'id', at) ?? `${mdtrtId}-D${seq}`,
      mdtrtId,
      seq,
      code: r.text(d, 'code', at, true),
      name: r.text(d, 'name', at) ?? '',
      type: r.text(d, 'type', at) ?? (kind === 'INPATIENT' ? '2' : '3'),
      main: r.flag(d, 'main', at),
      admCond: r.text(d, 'admCond', at),
    }
  })
  const operations = r.list(b, 'operations').map((v, n): Operation | null => {
    const at = `operations[${n}]`
    const o = r.object(v, at, FIELDS.operation)
    if (o === null) return null
    r.same(o, 'mdtrtId', at, mdtrtId)
    const seq = r.number(o, 'seq', at, 'count') ?? n + 1
    return {
      id: r.text(o, 'id', at) ?? `${mdtrtId}-O${seq}`,
      mdtrtId,
      seq,
      code: r.text(o, 'code', at, true),
      name: r.text(o, 'name', at) ?? '',
      main: r.flag(o, 'main', at),
      date: r.date(o, 'date', at, false),
      anstWay: r.text(o, 'anstWay', at),
      surgeonCode: r.text(o, 'surgeonCode', at),
    }
  })
  const seen = new Set<string>()
  const feeLines = r.list(b, 'feeLines').map((v, n): FeeLine | null => {
    const at = `feeLines[${n}]`
    const l = r.object(v, at, FIELDS.feeLine)
    if (l === null) return null
    const feedetlSn = r.text(l, 'feedetlSn', at, true)
    if (feedetlSn !== '' && seen.has(feedetlSn)) r.fail(`${at}.feedetlSn`, `重复：${feedetlSn}`)
    seen.add(feedetlSn)
    r.same(l, 'mdtrtId', at, mdtrtId)
    r.same(l, 'psnNo', at, psnNo)
    r.same(l, 'institutionCode', at, institutionCode)
    const days = r.number(l, 'days', at, 'count')
    return {
      feedetlSn,
      mdtrtId,
      setlId: r.text(l, 'setlId', at),
      psnNo,
      institutionCode,
      time: r.time(l, 'time', at, false) ?? encounter.begin,
      code: r.text(l, 'code', at, true),
      name: r.text(l, 'name', at) ?? '',
      listType: r.oneOf<ListType>(l, 'listType', at, LIST_TYPE_LABELS),
      catalogClass: r.oneOf<CatalogClass>(l, 'catalogClass', at, CATALOG_CLASS_LABELS, '02'),
      chargeType: r.oneOf<ChargeType>(l, 'chargeType', at, CHARGE_TYPE_LABELS),
      quantity: r.required(l, 'quantity', at, 'finite'),
      price: r.required(l, 'price', at, 'count'),
      amount: r.required(l, 'amount', at, 'integer'),
      rxNo: r.text(l, 'rxNo', at),
      orderDept: r.text(l, 'orderDept', at),
      orderDoctor: r.text(l, 'orderDoctor', at),
      execDept: r.text(l, 'execDept', at),
      execDoctor: r.text(l, 'execDoctor', at),
      dischargeMed: r.flag(l, 'dischargeMed', at),
      days,
      uploadTime: r.time(l, 'uploadTime', at, false),
    }
  })

  let stage: Stage = 'IN'
  if (b.stage !== undefined && b.stage !== null) {
    if (typeof b.stage === 'string' && (STAGES as readonly string[]).includes(b.stage)) {
      stage = b.stage as Stage
    } else
      r.fail(
        'stage',
        `应为 PRE（事前）、IN（事中）或 POST（事后），收到 ${JSON.stringify(b.stage)}`
      )
  }
  const ruleIds = r.list(b, 'ruleIds').flatMap((v, n) => {
    if (typeof v === 'string' && v.trim() !== '') return [v.trim()]
    r.fail(`ruleIds[${n}]`, '应为规则编码文本')
    return []
  })

  if (r.issues.length > 0) return { issues: r.issues }
  return {
    value: {
      person,
      encounter,
      diagnoses: diagnoses.filter((x) => x !== null),
      operations: operations.filter((x) => x !== null),
      feeLines: feeLines.filter((x) => x !== null),
      stage,
      ruleIds,
    },
  }
}
