// SPDX-License-Identifier: Apache-2.0
import type {
  CatalogClass,
  EncounterKind,
  IdentityType,
  InstitutionLevel,
  InstitutionTier,
  InsuType,
  ListType,
  OutcomeIssue,
} from '@yibao/domain'
import {
  CATALOG_CLASS_LABELS,
  IDENTITY_LABELS,
  INSUTYPE_LABELS,
  lineAmount,
  LIST_TYPE_LABELS,
  parseScaled,
  parseTimestamp,
  TIER_LABELS,
} from '@yibao/domain'
import type { SettlementInput, SettlementLineInput } from '@yibao/settlement'
import { careTypeOf } from '@yibao/settlement'
import { BodyReader } from './body-reader.js'

/** An encounter of the calculator, read into the engine's input. */
export interface CalculateEncounter {
  readonly input: SettlementInput
  /** The person's 统筹区 whose active policy applies when none is named (`*` when not given). */
  readonly admdvs: string
  /** Each line's name and code as given, by `feedetlSn` (the line's number, from 1). */
  readonly names: ReadonlyMap<string, { name: string | null; code: string | null }>
}

/** The care kinds the calculator takes (`OTHER` encounters are not settled by a policy). */
const KINDS: Readonly<Record<Exclude<EncounterKind, 'OTHER'>, string>> = {
  INPATIENT: '住院',
  OUTPATIENT: '门诊',
  PHARMACY: '购药',
}

const ENCOUNTER_FIELDS = [
  'time',
  'insuType',
  'medType',
  'kind',
  'level',
  'tier',
  'identities',
  'admdvs',
  'psnNo',
  'lines',
]

const LINE_FIELDS = [
  'name',
  'code',
  'listType',
  'catalogClass',
  'quantity',
  'price',
  'amount',
  'capPrice',
  'restricted',
]

/** At most this many lines in one calculation. */
export const MAX_CALCULATE_LINES = 2000

/** Reads fields, collecting one issue per problem with the field's path. */
class Reader extends BodyReader {
  oneOf<T extends string | number>(v: unknown, path: string, codes: readonly T[]): T | null {
    if (v === undefined || v === null || v === '') {
      this.fail(path, '必填')
      return null
    }
    if (!codes.includes(v as T)) {
      this.fail(path, `应为 ${codes.join('、')} 之一，收到 ${JSON.stringify(v)}`)
      return null
    }
    return v as T
  }

  optionalText(v: unknown, path: string, max = 200): string | null {
    if (v === undefined || v === null || v === '') return null
    if (typeof v !== 'string' || v.length > max) {
      this.fail(path, `应为不超过 ${max} 个字符的文本，收到 ${JSON.stringify(v)}`)
      return null
    }
    return v.trim() === '' ? null : v.trim()
  }

  /** Yuan with at most `scale` decimals, not negative, as an integer of 10^-scale yuan. */
  yuan(v: unknown, path: string, scale: 2 | 4): number | null {
    const scaled =
      (typeof v === 'number' && Number.isFinite(v) && Number(v.toFixed(scale)) === v) ||
      (typeof v === 'string' && new RegExp(`^\\s*\\d+(\\.\\d{0,${scale}})?\\s*$`).test(v))
        ? parseScaled(v, scale)
        : undefined
    if (scaled === undefined || scaled < 0) {
      this.fail(path, `应为不小于 0、最多 ${scale} 位小数的金额（元），收到 ${JSON.stringify(v)}`)
      return null
    }
    return scaled
  }
}

interface ReadLine {
  readonly input: SettlementLineInput
  readonly name: string | null
  readonly code: string | null
}

function line(r: Reader, value: unknown, path: string, n: number): ReadLine | null {
  const o = r.object(value, path, LINE_FIELDS)
  if (o === null) return null
  const name = r.optionalText(o['name'], `${path}.name`)
  const code = r.optionalText(o['code'], `${path}.code`, 64)
  const listType = r.oneOf(o['listType'], `${path}.listType`, Object.keys(LIST_TYPE_LABELS))
  const catalogClass = r.oneOf(
    o['catalogClass'],
    `${path}.catalogClass`,
    Object.keys(CATALOG_CLASS_LABELS)
  )
  const q = o['quantity']
  let quantity: number | null = null
  if (typeof q === 'number' && Number.isFinite(q) && q > 0 && q <= 1e7) quantity = q
  else r.fail(`${path}.quantity`, `应为大于 0 的数量，收到 ${JSON.stringify(q)}`)
  const price = r.yuan(o['price'], `${path}.price`, 4)
  const amount =
    o['amount'] === undefined || o['amount'] === null
      ? quantity !== null && price !== null
        ? lineAmount(quantity, price)
        : null
      : r.yuan(o['amount'], `${path}.amount`, 2)
  const capPrice =
    o['capPrice'] === undefined || o['capPrice'] === null
      ? null
      : r.yuan(o['capPrice'], `${path}.capPrice`, 4)
  const restricted = o['restricted']
  if (restricted !== undefined && restricted !== null && typeof restricted !== 'boolean') {
    r.fail(`${path}.restricted`, `应为 true 或 false，收到 ${JSON.stringify(restricted)}`)
  }
  if (
    listType === null ||
    catalogClass === null ||
    quantity === null ||
    price === null ||
    amount === null
  ) {
    return null
  }
  return {
    input: {
      feedetlSn: String(n),
      listType: listType as ListType,
      catalogClass: catalogClass as CatalogClass,
      quantity,
      price,
      amount,
      capPrice,
      restricted: restricted === true,
    },
    name,
    code,
  }
}

/**
 * Reads the `encounter` of `POST /api/v1/settlement/calculate`: the settlement time, the
 * person's insurance and identities, the institution's level and tier, the kind of care and
 * the fee lines, with unit prices and amounts in yuan. Every problem is reported with its path
 * (`encounter.lines[2].price`); unknown fields are refused so that a misspelt one is not
 * silently ignored.
 *
 * @param value - the `encounter` field of the body
 * @returns the engine's input, or the issues
 */
export function readCalculateEncounter(
  value: unknown
): { value: CalculateEncounter; issues?: undefined } | { issues: OutcomeIssue[] } {
  const r = new Reader()
  const o = r.object(value, 'encounter', ENCOUNTER_FIELDS)
  if (o === null) return { issues: r.issues }
  const rawTime = o['time']
  const time = typeof rawTime === 'string' ? parseTimestamp(rawTime) : undefined
  if (time === undefined) {
    r.fail(
      'encounter.time',
      `应为日期时间（2025-06-14T10:00:00+08:00）或日期（2025-06-14），收到 ${JSON.stringify(rawTime)}`
    )
  }
  const insuType = r.oneOf(o['insuType'], 'encounter.insuType', Object.keys(INSUTYPE_LABELS))
  const medType = o['medType']
  if (typeof medType !== 'string' || !/^\d{1,6}$/.test(medType)) {
    r.fail('encounter.medType', `应为医疗类别代码（如 21），收到 ${JSON.stringify(medType)}`)
  }
  const kind = r.oneOf(o['kind'], 'encounter.kind', Object.keys(KINDS))
  const level = r.oneOf(o['level'], 'encounter.level', [0, 1, 2, 3])
  const tier = r.oneOf(o['tier'], 'encounter.tier', Object.keys(TIER_LABELS))
  const identities: IdentityType[] = []
  const rawIdentities = o['identities'] ?? []
  if (!Array.isArray(rawIdentities)) {
    r.fail('encounter.identities', '应为身份类别的数组')
  } else {
    rawIdentities.forEach((v, i) => {
      const type = r.oneOf(v, `encounter.identities[${i}]`, Object.keys(IDENTITY_LABELS))
      if (type !== null && !identities.includes(type as IdentityType)) {
        identities.push(type as IdentityType)
      }
    })
  }
  let admdvs = '*'
  const rawAdmdvs = o['admdvs']
  if (rawAdmdvs !== undefined && rawAdmdvs !== null && rawAdmdvs !== '') {
    if (typeof rawAdmdvs === 'string' && /^[\w*.-]{1,64}$/.test(rawAdmdvs)) admdvs = rawAdmdvs
    else r.fail('encounter.admdvs', `应为统筹区编码，收到 ${JSON.stringify(rawAdmdvs)}`)
  }
  let psnNo = 'CALC'
  const rawPsnNo = o['psnNo']
  if (rawPsnNo !== undefined && rawPsnNo !== null && rawPsnNo !== '') {
    if (typeof rawPsnNo === 'string' && /^[\w.-]{1,64}$/.test(rawPsnNo)) psnNo = rawPsnNo
    else r.fail('encounter.psnNo', `应为人员编号，收到 ${JSON.stringify(rawPsnNo)}`)
  }
  const lines: SettlementLineInput[] = []
  const names = new Map<string, { name: string | null; code: string | null }>()
  const rawLines = o['lines']
  if (!Array.isArray(rawLines) || rawLines.length === 0) {
    r.fail('encounter.lines', '应为至少一条费用明细的数组')
  } else if (rawLines.length > MAX_CALCULATE_LINES) {
    r.fail('encounter.lines', `一次最多计算 ${MAX_CALCULATE_LINES} 条费用明细`)
  } else {
    rawLines.forEach((v, i) => {
      const read = line(r, v, `encounter.lines[${i}]`, i + 1)
      if (read === null) return
      lines.push(read.input)
      names.set(read.input.feedetlSn, { name: read.name, code: read.code })
    })
  }
  if (r.issues.length > 0) return { issues: r.issues }
  const encounterKind = kind as Exclude<EncounterKind, 'OTHER'>
  return {
    value: {
      input: {
        setlId: 'CALC',
        mdtrtId: 'CALC',
        psnNo,
        institutionCode: 'CALC',
        time: time!,
        insuType: insuType as InsuType,
        medType: medType as string,
        careType: careTypeOf(encounterKind, medType as string),
        level: level as InstitutionLevel,
        tier: tier as InstitutionTier,
        identities,
        lines,
      },
      admdvs,
      names,
    },
  }
}
