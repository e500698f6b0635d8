// SPDX-License-Identifier: Apache-2.0
// Test support for the rule tests: a small scenario builder whose defaults give clean records
// (no rule of the library flags them), a reference with a fixed set of institutions, hand-made
// knowledge packs, and a one-call way to compile the library. Imported by tests only.
import type {
  CatalogClass,
  ChargeType,
  Diagnosis,
  Encounter,
  EncounterKind,
  Fen,
  FeeLine,
  Gender,
  Institution,
  InstitutionCapability,
  InstitutionLevel,
  InstitutionType,
  InsuType,
  IsoDate,
  ListType,
  Operation,
  Person,
  PersonRecords,
  PriceCap,
  PriceE4,
  Settlement,
  Timestamp,
} from '@yibao/domain'
import { addDays, epochMs, fromEpochMs, lineAmount } from '@yibao/domain'
import type { Knowledge, KnowledgeKind, KnowledgePack, KnowledgePoint } from '@yibao/knowledge'
import { PACK_FORMAT } from '@yibao/knowledge'
import { CompiledRuleSet } from './compile.js'
import type { Finding } from './finding.js'
import { RULE_LIBRARY } from './library.js'
import { LOGICS } from './logics/index.js'
import type { StaffQualification } from './reference.js'
import { AuditReference } from './reference.js'
import type { RuleScope } from './resolve-rules.js'
import { resolveRules } from './resolve-rules.js'
import type { RuleOverride } from './rule.js'

/** The 统筹区 of every default institution and person. */
export const REGION = '110105'

/** The day rules are resolved on. */
export const RULE_DATE = '2025-06-30'

/** A unit price in yuan as `PriceE4` (`yuan(12.5)` → 125000). */
export function yuan(value: number): PriceE4 {
  return Math.round(value * 10_000)
}

/** A Shanghai timestamp: `at('2025-06-02', '09:30')` → `2025-06-02T09:30:00+08:00`. */
export function at(date: IsoDate, time = '09:00'): Timestamp {
  return `${date}T${time.length === 5 ? `${time}:00` : time}+08:00`
}

/** A timestamp moved by some minutes. */
export function plusMinutes(ts: Timestamp, minutes: number): Timestamp {
  return fromEpochMs(epochMs(ts) + minutes * 60_000)
}

/** An institution of the test region. */
export function institution(
  code: string,
  opts: { type?: InstitutionType; level?: InstitutionLevel; admdvs?: string; name?: string } = {}
): Institution {
  return {
    code,
    name: opts.name ?? `机构${code}`,
    type: opts.type ?? 'HOSPITAL',
    level: opts.level ?? 3,
    admdvs: opts.admdvs ?? REGION,
    tier: 'CITY',
  }
}

/**
 * The institutions every scenario knows: hospitals of level 3, 2 and 1, a clinic, a village
 * clinic and a retail pharmacy (the last three 未定级).
 */
export const INSTITUTIONS: readonly Institution[] = [
  institution('H3', { level: 3 }),
  institution('H2', { level: 2 }),
  institution('H1', { level: 1 }),
  institution('C0', { type: 'CLINIC', level: 0 }),
  institution('V0', { type: 'VILLAGE_CLINIC', level: 0 }),
  institution('PH', { type: 'PHARMACY', level: 0 }),
]

/** A local price cap (default: level 3 of the test region, valid from 2025-01-01). */
export function priceCap(
  code: string,
  cap: PriceE4,
  opts: { level?: InstitutionLevel; admdvs?: string; begin?: IsoDate; end?: IsoDate | null } = {}
): PriceCap {
  return {
    admdvs: opts.admdvs ?? REGION,
    code,
    level: opts.level ?? 3,
    cap,
    begin: opts.begin ?? '2025-01-01',
    end: opts.end ?? null,
  }
}

/** What a fee line is: code, name, list and charge type, unit price. */
export interface Item {
  readonly code: string
  readonly name: string
  readonly listType: ListType
  readonly chargeType: ChargeType
  readonly price: PriceE4
}

/**
 * Everyday items. Bed, nursing and inpatient consultation are real national codes (each with a
 * 两库 限定频次 of once a day); the drug, the CT and the outpatient fee are local codes the
 * knowledge pack does not know.
 */
export const ITEMS = {
  drug: {
    code: 'T-DRUG-0001',
    name: '阿莫西林胶囊',
    listType: '101',
    chargeType: '09',
    price: yuan(0.85),
  },
  drug2: {
    code: 'T-DRUG-0002',
    name: '氨溴索口服溶液',
    listType: '101',
    chargeType: '09',
    price: yuan(1.2),
  },
  bed: {
    code: '001109000010000',
    name: '普通病房床位费',
    listType: '201',
    chargeType: '01',
    price: yuan(50),
  },
  nursing: {
    code: '001201000040000',
    name: 'Ⅱ级护理',
    listType: '201',
    chargeType: '07',
    price: yuan(20),
  },
  consult: {
    code: '001102000050000',
    name: '住院诊查费',
    listType: '201',
    chargeType: '02',
    price: yuan(15),
  },
  visit: {
    code: 'T-ITEM-0001',
    name: '普通门诊诊查费',
    listType: '201',
    chargeType: '02',
    price: yuan(10),
  },
  lab: {
    code: '002503020010000',
    name: '葡萄糖测定',
    listType: '201',
    chargeType: '04',
    price: yuan(8),
  },
  ct: {
    code: 'T-ITEM-CT01',
    name: '胸部CT平扫',
    listType: '201',
    chargeType: '03',
    price: yuan(180),
  },
  infusion: {
    code: 'T-ITEM-0002',
    name: '静脉输液',
    listType: '201',
    chargeType: '05',
    price: yuan(12),
  },
} as const satisfies Record<string, Item>

/** Price caps (level 3) of the routine items, above their prices. */
export const ROUTINE_CAPS: readonly PriceCap[] = [
  priceCap(ITEMS.bed.code, yuan(60)),
  priceCap(ITEMS.nursing.code, yuan(25)),
  priceCap(ITEMS.consult.code, yuan(20)),
  priceCap(ITEMS.lab.code, yuan(10)),
  priceCap(ITEMS.ct.code, yuan(200)),
]

/** Options of an encounter. */
export interface EncounterOptions {
  readonly institution?: string
  readonly medType?: string
  readonly insuType?: InsuType
  readonly begin?: Timestamp
  readonly end?: Timestamp | null
  readonly dscgWay?: string | null
  /** Main diagnosis code and name (also written as the list's main diagnosis). */
  readonly diag?: readonly [code: string, name: string] | null
  readonly deathDate?: IsoDate | null
  readonly readmitPlanned?: boolean
}

/** Options of a fee line; anything left out comes from `ITEMS.drug` and the encounter. */
export interface LineOptions extends Partial<Item> {
  /** Day of the line (time 10:00 plus a minute per earlier line of the encounter). */
  readonly date?: IsoDate
  /** Exact time (wins over `date`). */
  readonly time?: Timestamp
  readonly quantity?: number
  /** Default: `lineAmount(quantity, price)`. */
  readonly amount?: Fen
  readonly catalogClass?: CatalogClass
  readonly days?: number | null
  readonly dischargeMed?: boolean
  readonly rxNo?: string | null
  /** Default: the line's time (uploaded at once); null = unknown. */
  readonly uploadTime?: Timestamp | null
  readonly orderDoctor?: string | null
  readonly execDoctor?: string | null
}

/** Options of `Scenario.reference`. */
export interface ReferenceOptions {
  readonly institutions?: readonly Institution[]
  readonly priceCaps?: readonly PriceCap[]
  readonly staffQualification?: StaffQualification
  readonly capabilities?: readonly InstitutionCapability[]
}

const MED_TYPE: Record<EncounterKind, string> = {
  OUTPATIENT: '11',
  INPATIENT: '21',
  PHARMACY: '41',
  OTHER: '9901',
}

/**
 * A scenario: persons and their records, with ids numbered in order of creation (`P01`,
 * `P01-E1`, `P01-E1-L01`), so that the same building steps give the same ids.
 *
 * @example
 * const s = new Scenario()
 * const p = s.person({ gender: '2' })
 * const v = s.outpatient(p, { date: '2025-06-02' })
 * s.line(v, { ...ITEMS.drug, quantity: 24 })
 * engine.audit({ records: s.records(), reference: s.reference() })
 */
export class Scenario {
  readonly persons: Person[] = []
  readonly encounters: Encounter[] = []
  readonly diagnoses: Diagnosis[] = []
  readonly operations: Operation[] = []
  readonly feeLines: FeeLine[] = []
  readonly settlements: Settlement[] = []
  private readonly encounterCount = new Map<string, number>()
  private readonly lineCount = new Map<string, number>()
  private readonly prefix: string

  /** @param prefix - prefix of person numbers (distinct scenarios may share a batch) */
  constructor(prefix = 'P') {
    this.prefix = prefix
  }

  /** A person (default: man born 1980-05-15, 职工医保, alive). */
  person(
    opts: {
      psnNo?: string
      gender?: Gender
      birthDate?: IsoDate
      deathDate?: IsoDate | null
      insuType?: InsuType
    } = {}
  ): Person {
    const n = this.persons.length + 1
    const birthDate = opts.birthDate ?? '1980-05-15'
    const p: Person = {
      psnNo: opts.psnNo ?? `${this.prefix}${String(n).padStart(2, '0')}`,
      name: `参保人${n}`,
      certno: `110105${birthDate.replaceAll('-', '')}${String(n).padStart(4, '0')}`,
      gender: opts.gender ?? '1',
      birthDate,
      insuType: opts.insuType ?? '310',
      admdvs: REGION,
      deathDate: opts.deathDate ?? null,
    }
    this.persons.push(p)
    return p
  }

  /** An encounter of any kind (the typed helpers below are shorter). */
  encounter(
    p: Person,
    kind: EncounterKind,
    begin: Timestamp,
    end: Timestamp | null,
    opts: EncounterOptions = {}
  ): Encounter {
    const k = (this.encounterCount.get(p.psnNo) ?? 0) + 1
    this.encounterCount.set(p.psnNo, k)
    const diag = opts.diag === undefined ? (['J06.900', '急性上呼吸道感染'] as const) : opts.diag
    const e: Encounter = {
      mdtrtId: `${p.psnNo}-E${k}`,
      psnNo: p.psnNo,
      institutionCode: opts.institution ?? (kind === 'PHARMACY' ? 'PH' : 'H3'),
      kind,
      medType: opts.medType ?? MED_TYPE[kind],
      insuType: opts.insuType ?? p.insuType,
      begin: opts.begin ?? begin,
      end: opts.end === undefined ? end : opts.end,
      admDept: null,
      dscgDept: null,
      dscgWay: opts.dscgWay === undefined ? (kind === 'INPATIENT' ? '1' : null) : opts.dscgWay,
      mainDiagCode: diag?.[0] ?? null,
      chiefDoctor: null,
      matnStas: null,
      deathDate: opts.deathDate ?? null,
      readmitPlanned: opts.readmitPlanned ?? false,
      drgCode: null,
      admdvs: REGION,
    }
    this.encounters.push(e)
    if (diag && kind !== 'PHARMACY') {
      this.diagnosis(e, diag[0], diag[1], { type: kind === 'INPATIENT' ? '2' : '3' })
    }
    return e
  }

  /** An outpatient visit (普通门诊) at `H3` on `date`, 09:00–09:30. */
  outpatient(p: Person, opts: EncounterOptions & { date?: IsoDate } = {}): Encounter {
    const begin = opts.begin ?? at(opts.date ?? '2025-06-02', '09:00')
    return this.encounter(p, 'OUTPATIENT', begin, plusMinutes(begin, 30), opts)
  }

  /** A purchase at the pharmacy `PH` on `date` at 16:00. */
  pharmacy(p: Person, opts: EncounterOptions & { date?: IsoDate } = {}): Encounter {
    const begin = opts.begin ?? at(opts.date ?? '2025-06-02', '16:00')
    return this.encounter(p, 'PHARMACY', begin, begin, { diag: null, ...opts })
  }

  /**
   * An inpatient stay (普通住院) at `H3`, admitted `from` 09:00 and discharged `to` 11:00 (医嘱离院),
   * main diagnosis 肺炎 J18.900 unless given.
   */
  stay(p: Person, opts: EncounterOptions & { from: IsoDate; to: IsoDate }): Encounter {
    return this.encounter(p, 'INPATIENT', at(opts.from, '09:00'), at(opts.to, '11:00'), {
      diag: ['J18.900', '肺炎'],
      ...opts,
    })
  }

  /** A diagnosis on the encounter's list (`main` when it is the first). */
  diagnosis(
    e: Encounter,
    code: string,
    name: string,
    opts: { type?: string; main?: boolean } = {}
  ): Diagnosis {
    const seq = this.diagnoses.filter((d) => d.mdtrtId === e.mdtrtId).length + 1
    const d: Diagnosis = {
      id: `${e.mdtrtId}-D${seq}`,
      mdtrtId: e.mdtrtId,
      seq,
      code,
      name,
      type: opts.type ?? '2',
      main: opts.main ?? seq === 1,
      admCond: null,
    }
    this.diagnoses.push(d)
    return d
  }

  /** An operation on the encounter's list. */
  operation(e: Encounter, code: string, name: string): Operation {
    const seq = this.operations.filter((o) => o.mdtrtId === e.mdtrtId).length + 1
    const o: Operation = {
      id: `${e.mdtrtId}-O${seq}`,
      mdtrtId: e.mdtrtId,
      seq,
      code,
      name,
      main: seq === 1,
      date: e.begin.slice(0, 10),
      anstWay: null,
      surgeonCode: null,
    }
    this.operations.push(o)
    return o
  }

  /** A fee line of an encounter; its amount is `lineAmount(quantity, price)` unless given. */
  line(e: Encounter, opts: LineOptions = {}): FeeLine {
    const n = (this.lineCount.get(e.mdtrtId) ?? 0) + 1
    this.lineCount.set(e.mdtrtId, n)
    const item = { ...ITEMS.drug, ...opts }
    const quantity = opts.quantity ?? 1
    const time =
      opts.time ??
      (opts.date === undefined ? plusMinutes(e.begin, n) : plusMinutes(at(opts.date, '10:00'), n))
    const l: FeeLine = {
      feedetlSn: `${e.mdtrtId}-L${String(n).padStart(2, '0')}`,
      mdtrtId: e.mdtrtId,
      setlId: null,
      psnNo: e.psnNo,
      institutionCode: e.institutionCode,
      time,
      code: item.code,
      name: item.name,
      listType: item.listType,
      catalogClass: opts.catalogClass ?? '01',
      chargeType: item.chargeType,
      quantity,
      price: item.price,
      amount: opts.amount ?? lineAmount(quantity, item.price),
      rxNo: opts.rxNo ?? null,
      orderDept: null,
      orderDoctor: opts.orderDoctor ?? null,
      execDept: null,
      execDoctor: opts.execDoctor ?? null,
      dischargeMed: opts.dischargeMed ?? false,
      days: opts.days ?? null,
      uploadTime: opts.uploadTime === undefined ? time : opts.uploadTime,
    }
    this.feeLines.push(l)
    return l
  }

  /**
   * A routine inpatient day: bed, nursing, consultation and a drug (so the day is not idle).
   * Every day of a stay but the discharge day gets one (住院天数“算入不算出”).
   */
  routineDay(e: Encounter, date: IsoDate): FeeLine[] {
    return [
      this.line(e, { ...ITEMS.bed, date }),
      this.line(e, { ...ITEMS.nursing, date }),
      this.line(e, { ...ITEMS.consult, date }),
      this.line(e, { ...ITEMS.drug, date, quantity: 3 }),
    ]
  }

  /** A stay with a routine day for each day from admission to the day before discharge. */
  routineStay(p: Person, opts: EncounterOptions & { from: IsoDate; to: IsoDate }): Encounter {
    const e = this.stay(p, opts)
    for (let d = opts.from; d < opts.to; d = addDays(d, 1)) this.routineDay(e, d)
    return e
  }

  /** The lines of an encounter so far. */
  linesOf(e: Encounter): FeeLine[] {
    return this.feeLines.filter((l) => l.mdtrtId === e.mdtrtId)
  }

  /**
   * A settlement of the encounter consistent with its lines so far (or with `total`): all of
   * it within the policy range, 70 % paid by the pooled fund, the rest in cash.
   */
  settle(e: Encounter, opts: { total?: Fen; ownpay?: Fen } = {}): Settlement {
    const total = opts.total ?? this.linesOf(e).reduce((sum, l) => sum + l.amount, 0)
    // 全自费: the 丙类 lines, unless the test says otherwise.
    const ownpay =
      opts.ownpay ??
      this.linesOf(e)
        .filter((l) => l.catalogClass === '03')
        .reduce((sum, l) => sum + l.amount, 0)
    const fund = Math.round(total * 0.7)
    const s: Settlement = {
      setlId: `${e.mdtrtId}-S${this.settlements.filter((x) => x.mdtrtId === e.mdtrtId).length + 1}`,
      mdtrtId: e.mdtrtId,
      psnNo: e.psnNo,
      institutionCode: e.institutionCode,
      time: e.end ?? e.begin,
      insuType: e.insuType,
      medType: e.medType,
      medfeeSumamt: total,
      fulamtOwnpayAmt: ownpay,
      overlmtSelfpay: 0,
      preselfpayAmt: 0,
      inscpScpAmt: total - ownpay,
      actPayDedc: 0,
      hifpPay: fund,
      cvlservPay: 0,
      hifesPay: 0,
      hifmiPay: 0,
      hifobPay: 0,
      hifdmPay: 0,
      mafPay: 0,
      othPay: 0,
      fundPaySumamt: fund,
      psnPartAmt: total - fund,
      acctPay: 0,
      psnCashPay: total - fund,
      hospPartAmt: 0,
      acctMulaidPay: 0,
      refunded: false,
    }
    this.settlements.push(s)
    return s
  }

  /** The records built so far (copies of the arrays). */
  records(): PersonRecords {
    return {
      persons: [...this.persons],
      identities: [],
      encounters: [...this.encounters],
      diagnoses: [...this.diagnoses],
      operations: [...this.operations],
      feeLines: [...this.feeLines],
      settlements: [...this.settlements],
    }
  }

  /** The region's reference: `INSTITUTIONS` (plus any given), price caps, staff look-up. */
  reference(opts: ReferenceOptions = {}): AuditReference {
    return new AuditReference({
      institutions: [...INSTITUTIONS, ...(opts.institutions ?? [])],
      priceCaps: opts.priceCaps ?? [],
      ...(opts.staffQualification ? { staffQualification: opts.staffQualification } : {}),
      ...(opts.capabilities ? { capabilities: opts.capabilities } : {}),
    })
  }
}

/** The library compiled on a knowledge pack (all stages unless a scope says otherwise). */
export function compileLibrary(
  knowledge: Knowledge,
  scope: Partial<RuleScope> = {},
  overrides: readonly RuleOverride[] = []
): CompiledRuleSet {
  const rules = resolveRules(RULE_LIBRARY, overrides, { date: RULE_DATE, ...scope })
  return new CompiledRuleSet(rules, knowledge, LOGICS)
}

/** Audits a scenario (every encounter judged). */
export function auditScenario(
  engine: CompiledRuleSet,
  s: Scenario,
  ref: ReferenceOptions = {}
): Finding[] {
  return engine.audit({ records: s.records(), reference: s.reference(ref) })
}

/** A knowledge point for hand-made packs (in force from 2025-01-01). */
export function knowledgePoint(
  id: string,
  subject: KnowledgePoint['subject'],
  codes: readonly string[],
  condition: KnowledgePoint['condition'],
  opts: { name?: string; batch?: number; text?: string } = {}
): KnowledgePoint {
  return {
    id,
    batch: opts.batch ?? 1,
    subject,
    codes,
    name: opts.name ?? id,
    text: opts.text ?? `测试知识点 ${id}`,
    condition,
    effectiveFrom: '2025-01-01',
    effectiveTo: null,
  }
}

/** A hand-made pack: the given points (and catalogue rows), everything else empty. */
export function handMadePack(
  points: readonly KnowledgePoint[],
  extra: Partial<Pick<KnowledgePack, 'catalogDrugs' | 'drugCodes' | 'serviceItems'>> = {}
): KnowledgePack {
  return {
    format: PACK_FORMAT,
    version: 'test.1',
    effectiveFrom: '2025-01-01',
    builtAt: '2025-01-01T00:00:00+08:00',
    sources: [],
    catalogDrugs: extra.catalogDrugs ?? [],
    drugCodes: extra.drugCodes ?? [],
    serviceItems: extra.serviceItems ?? [],
    diagnoses: [],
    procedures: [],
    drgs: [],
    dip: [],
    points,
  }
}

/** A knowledge point and the code to bill it with. */
export interface PickedPoint {
  readonly point: KnowledgePoint
  readonly code: string
}

/** Options of `pickPoint`. */
export interface PickOptions {
  /** Keep only these points. */
  readonly point?: (p: KnowledgePoint) => boolean
  /** Keep only these codes. */
  readonly code?: (code: string) => boolean
  /**
   * Kinds of other points the code may carry because one line cannot break them (a 重复收费
   * pair needs its partner, a 疗程 several days…).
   */
  readonly inert?: readonly KnowledgeKind[]
}

/**
 * The first point of a kind with a code that exercises exactly one rule: the point is the
 * code's first of that kind, the code's other points are of that kind or `inert`, and — for
 * drugs — the code has no 限定支付范围 (which would add the D8 reminder).
 *
 * @throws Error when the pack has no such point
 */
export function pickPoint(
  knowledge: Knowledge,
  kind: KnowledgeKind,
  opts: PickOptions = {}
): PickedPoint {
  const inert = new Set<KnowledgeKind>([kind, ...(opts.inert ?? [])])
  for (const point of knowledge.pointsOfKind(kind)) {
    if (opts.point && !opts.point(point)) continue
    const code = point.codes.find((c) => {
      const all = knowledge.pointsOfCode(c)
      return (
        all.find((q) => q.condition.kind === kind) === point &&
        all.every((q) => inert.has(q.condition.kind)) &&
        !knowledge.drug(c)?.catalog?.restriction &&
        (opts.code === undefined || opts.code(c))
      )
    })
    if (code !== undefined) return { point, code }
  }
  throw new Error(`知识包没有可用的 ${kind} 知识点`)
}
