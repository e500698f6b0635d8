// SPDX-License-Identifier: Apache-2.0
import type {
  Diagnosis,
  Encounter,
  FeeLine,
  Operation,
  Person,
  PersonRecords,
  Settlement,
  Timestamp,
} from '@yibao/domain'
import { civilFromDays, dayNumber } from '@yibao/domain'
import type { CodeDictionary } from './code-dictionary.js'
import type { AuditReference } from './reference.js'

/** "No such day" in day columns (open stays, unknown death). */
export const NO_DAY = 0x3fffffff

/** Encounter kinds as stored in `eKind`. */
export const KIND = { OUTPATIENT: 1, INPATIENT: 2, PHARMACY: 3, OTHER: 4 } as const

/** Institution types as stored in `eInstType`. */
export const INST_TYPE = { HOSPITAL: 1, CLINIC: 2, VILLAGE_CLINIC: 3, PHARMACY: 4 } as const

/** List types (`hilist_type`) as stored in `lList`. */
export const LIST = { '101': 1, '102': 2, '201': 3, '301': 4 } as const

/** Which encounters and lines a run judges; everything else is history. */
export interface AuditFocus {
  /** Encounters under judgement (mdtrt_id). */
  readonly encounters: ReadonlySet<string>
  /** Lines under judgement (feedetl_sn); when absent, every line of those encounters. */
  readonly lines?: ReadonlySet<string> | undefined
}

/** What a batch is built from: persons with their records, and the region's reference data. */
export interface AuditInput {
  readonly records: PersonRecords
  readonly reference: AuditReference
  /** Price caps given with the lines (3101 `lv1/2/3_hosp_item_pric`), by feedetl_sn. */
  readonly lineCaps?: ReadonlyMap<string, number> | undefined
  /** What to judge; absent = everything (batch audit). */
  readonly focus?: AuditFocus | undefined
}

/** The dictionaries a compiled rule set encodes codes with. */
export interface BatchDictionaries {
  readonly codes: CodeDictionary
  readonly diagnoses: CodeDictionary
  readonly operations: CodeDictionary
}

const KIND_OF: Record<string, number> = KIND
const INST_TYPE_OF: Record<string, number> = INST_TYPE
const LIST_OF: Record<string, number> = LIST

/** Local seconds since 1970-01-01 00:00 Shanghai time of a normalised timestamp. */
export function localSeconds(ts: Timestamp): number {
  const day = dayNumber(ts.slice(0, 10))
  const h = ts.charCodeAt(11) * 10 + ts.charCodeAt(12) - 528
  const m = ts.charCodeAt(14) * 10 + ts.charCodeAt(15) - 528
  const s = ts.charCodeAt(17) * 10 + ts.charCodeAt(18) - 528
  return day * 86400 + h * 3600 + m * 60 + s
}

/** A comparator by text fields in turn (code-unit order, as `COLLATE "C"`). */
export function byFields<K extends string>(
  ...keys: K[]
): (a: Readonly<Record<K, string>>, b: Readonly<Record<K, string>>) => number {
  return (a, b) => {
    for (const k of keys) {
      if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1
    }
    return 0
  }
}

function byKey<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    const k = key(row)
    const list = map.get(k)
    if (list) list.push(row)
    else map.set(k, [row])
  }
  return map
}

/**
 * A columnar batch: persons, their encounters sorted by begin time, and each encounter's lines
 * sorted by time, in typed arrays with dictionary-encoded codes. Lines of one encounter and
 * encounters of one person are contiguous, so per-line rules run straight down the columns and
 * cross-claim rules walk a person's `[pEnc0, pEnc1)` segment.
 */
export class ColumnarBatch {
  /** The region's reference data the batch was built with. */
  readonly reference: AuditReference
  // Persons
  readonly persons: Person[]
  readonly pGender: Uint8Array
  readonly pBirth: Int32Array
  readonly pBirthYear: Int32Array
  readonly pBirthMd: Int32Array
  readonly pDeath: Int32Array
  readonly pEnc0: Int32Array
  readonly pEnc1: Int32Array
  // Encounters
  readonly encounters: Encounter[]
  readonly settlements: (Settlement[] | undefined)[]
  readonly ePerson: Int32Array
  readonly eKind: Uint8Array
  readonly eInsu: Int32Array
  readonly eMedType: Int32Array
  readonly eLevel: Int8Array
  readonly eInstType: Uint8Array
  readonly eBeginDay: Int32Array
  readonly eEndDay: Int32Array
  readonly eBeginSec: Float64Array
  readonly eEndSec: Float64Array
  readonly eLine0: Int32Array
  readonly eLine1: Int32Array
  readonly eDiag0: Int32Array
  readonly eDiag1: Int32Array
  readonly eOp0: Int32Array
  readonly eOp1: Int32Array
  readonly eFocus: Uint8Array
  // Lines
  readonly lines: FeeLine[]
  readonly lEnc: Int32Array
  readonly lCode: Int32Array
  readonly lDay: Int32Array
  readonly lSec: Float64Array
  readonly lQty: Float64Array
  readonly lPrice: Float64Array
  readonly lAmount: Float64Array
  readonly lList: Uint8Array
  readonly lClass: Uint8Array
  readonly lCharge: Uint8Array
  readonly lDscgMed: Uint8Array
  readonly lDays: Int32Array
  readonly lUpload: Float64Array
  readonly lCap: Float64Array
  readonly lFocus: Uint8Array
  // Diagnoses and operations
  readonly diagnoses: Diagnosis[]
  readonly dCode: Int32Array
  readonly operations: Operation[]
  readonly oCode: Int32Array
  // Calendar of the batch's days, for ages in years
  readonly day0: number
  readonly dYear: Int32Array
  readonly dMd: Int32Array

  /**
   * Encodes persons and their records.
   *
   * @param input - records, reference data, focus
   * @param dict - the rule set's dictionaries
   */
  constructor(input: AuditInput, dict: BatchDictionaries) {
    const { records, reference, focus, lineCaps } = input
    this.reference = reference
    const persons = [...records.persons].sort(byFields('psnNo'))
    const personIndex = new Map(persons.map((p, i) => [p.psnNo, i]))
    const encByPerson = byKey(
      records.encounters.filter((e) => personIndex.has(e.psnNo)),
      (e) => e.psnNo
    )
    const linesByEnc = byKey(records.feeLines, (l) => l.mdtrtId)
    const diagByEnc = byKey(records.diagnoses, (d) => d.mdtrtId)
    const opByEnc = byKey(records.operations, (o) => o.mdtrtId)
    const setlByEnc = byKey(records.settlements, (s) => s.mdtrtId)

    const encounters: Encounter[] = []
    for (const p of persons) {
      const list = encByPerson.get(p.psnNo) ?? []
      list.sort(byFields('begin', 'mdtrtId'))
      encounters.push(...list)
    }
    const lines: FeeLine[] = []
    const diagnoses: Diagnosis[] = []
    const operations: Operation[] = []
    for (const e of encounters) {
      const ls = linesByEnc.get(e.mdtrtId) ?? []
      ls.sort(byFields('time', 'feedetlSn'))
      lines.push(...ls)
      diagnoses.push(...(diagByEnc.get(e.mdtrtId) ?? []).sort((a, b) => a.seq - b.seq))
      operations.push(...(opByEnc.get(e.mdtrtId) ?? []).sort((a, b) => a.seq - b.seq))
    }

    const np = persons.length
    const ne = encounters.length
    const nl = lines.length
    this.persons = persons
    this.pGender = new Uint8Array(np)
    this.pBirth = new Int32Array(np)
    this.pBirthYear = new Int32Array(np)
    this.pBirthMd = new Int32Array(np)
    this.pDeath = new Int32Array(np)
    this.pEnc0 = new Int32Array(np)
    this.pEnc1 = new Int32Array(np)
    this.encounters = encounters
    this.settlements = encounters.map((e) => setlByEnc.get(e.mdtrtId))
    this.ePerson = new Int32Array(ne)
    this.eKind = new Uint8Array(ne)
    this.eInsu = new Int32Array(ne)
    this.eMedType = new Int32Array(ne)
    this.eLevel = new Int8Array(ne)
    this.eInstType = new Uint8Array(ne)
    this.eBeginDay = new Int32Array(ne)
    this.eEndDay = new Int32Array(ne)
    this.eBeginSec = new Float64Array(ne)
    this.eEndSec = new Float64Array(ne)
    this.eLine0 = new Int32Array(ne)
    this.eLine1 = new Int32Array(ne)
    this.eDiag0 = new Int32Array(ne)
    this.eDiag1 = new Int32Array(ne)
    this.eOp0 = new Int32Array(ne)
    this.eOp1 = new Int32Array(ne)
    this.eFocus = new Uint8Array(ne)
    this.lines = lines
    this.lEnc = new Int32Array(nl)
    this.lCode = new Int32Array(nl)
    this.lDay = new Int32Array(nl)
    this.lSec = new Float64Array(nl)
    this.lQty = new Float64Array(nl)
    this.lPrice = new Float64Array(nl)
    this.lAmount = new Float64Array(nl)
    this.lList = new Uint8Array(nl)
    this.lClass = new Uint8Array(nl)
    this.lCharge = new Uint8Array(nl)
    this.lDscgMed = new Uint8Array(nl)
    this.lDays = new Int32Array(nl)
    this.lUpload = new Float64Array(nl)
    this.lCap = new Float64Array(nl)
    this.lFocus = new Uint8Array(nl)
    this.diagnoses = diagnoses
    this.dCode = new Int32Array(diagnoses.length)
    this.operations = operations
    this.oCode = new Int32Array(operations.length)

    let minDay = NO_DAY
    let maxDay = -NO_DAY
    const see = (d: number): void => {
      if (d < minDay) minDay = d
      if (d > maxDay) maxDay = d
    }

    let ei = 0
    let li = 0
    let di = 0
    let oi = 0
    for (let p = 0; p < np; p++) {
      const person = persons[p]!
      this.pGender[p] = person.gender === '1' ? 1 : person.gender === '2' ? 2 : 0
      const birth = dayNumber(person.birthDate)
      this.pBirth[p] = birth
      this.pBirthYear[p] = Number(person.birthDate.slice(0, 4))
      this.pBirthMd[p] =
        Number(person.birthDate.slice(5, 7)) * 100 + Number(person.birthDate.slice(8, 10))
      this.pDeath[p] = person.deathDate === null ? NO_DAY : dayNumber(person.deathDate)
      this.pEnc0[p] = ei
      const n = encByPerson.get(person.psnNo)?.length ?? 0
      for (let k = 0; k < n; k++, ei++) {
        const e = encounters[ei]!
        this.ePerson[ei] = p
        this.eKind[ei] = KIND_OF[e.kind] ?? KIND.OTHER
        this.eInsu[ei] = Number(e.insuType) || 0
        this.eMedType[ei] = Number(e.medType) || 0
        const inst = reference.institution(e.institutionCode)
        const level = inst?.level ?? 0
        this.eLevel[ei] = inst === undefined ? -1 : level
        this.eInstType[ei] = inst?.type ? (INST_TYPE_OF[inst.type] ?? 0) : 0
        const beginSec = localSeconds(e.begin)
        const endSec = e.end === null ? Infinity : localSeconds(e.end)
        this.eBeginSec[ei] = beginSec
        this.eBeginDay[ei] = Math.floor(beginSec / 86400)
        this.eEndSec[ei] = endSec
        this.eEndDay[ei] = e.end === null ? NO_DAY : Math.floor(endSec / 86400)
        see(Math.floor(beginSec / 86400))
        if (e.deathDate !== null) {
          const death = dayNumber(e.deathDate)
          if (death < this.pDeath[p]!) this.pDeath[p] = death
        }
        const focused = focus === undefined || focus.encounters.has(e.mdtrtId)
        this.eFocus[ei] = focused ? 1 : 0
        this.eLine0[ei] = li
        const admdvs = inst?.admdvs ?? null
        for (const l of linesByEnc.get(e.mdtrtId) ?? []) {
          this.lEnc[li] = ei
          this.lCode[li] = dict.codes.id(l.code, l.name, l.listType)
          const sec = localSeconds(l.time)
          this.lSec[li] = sec
          const day = Math.floor(sec / 86400)
          this.lDay[li] = day
          see(day)
          this.lQty[li] = l.quantity
          this.lPrice[li] = l.price
          this.lAmount[li] = l.amount
          this.lList[li] = LIST_OF[l.listType] ?? 0
          this.lClass[li] = Number(l.catalogClass) || 0
          this.lCharge[li] = Number(l.chargeType) || 0
          this.lDscgMed[li] = l.dischargeMed ? 1 : 0
          this.lDays[li] = l.days ?? -1
          this.lUpload[li] = l.uploadTime === null ? NaN : localSeconds(l.uploadTime)
          const given = lineCaps?.get(l.feedetlSn)
          const cap =
            given ??
            (inst === undefined ? undefined : reference.priceCap(l.code, level, day, admdvs))
          this.lCap[li] = cap ?? NaN
          this.lFocus[li] =
            focused && (focus?.lines === undefined || focus.lines.has(l.feedetlSn)) ? 1 : 0
          li++
        }
        this.eLine1[ei] = li
        this.eDiag0[ei] = di
        for (const d of diagByEnc.get(e.mdtrtId) ?? []) {
          this.dCode[di++] = dict.diagnoses.id(d.code, d.name)
        }
        this.eDiag1[ei] = di
        this.eOp0[ei] = oi
        for (const o of opByEnc.get(e.mdtrtId) ?? []) {
          this.oCode[oi++] = dict.operations.id(o.code, o.name)
        }
        this.eOp1[ei] = oi
      }
      this.pEnc1[p] = ei
    }
    if (minDay > maxDay) {
      minDay = 0
      maxDay = 0
    }
    // Ages need birthdays up to the latest day; a death can be after every fee.
    this.day0 = minDay
    const span = maxDay - minDay + 1
    this.dYear = new Int32Array(span)
    this.dMd = new Int32Array(span)
    for (let d = 0; d < span; d++) {
      const [y, m, day] = civilFromDays(minDay + d)
      this.dYear[d] = y
      this.dMd[d] = m * 100 + day
    }
  }

  /** Number of fee lines. */
  get lineCount(): number {
    return this.lines.length
  }

  /** Age in completed years of person `p` on day `d`. */
  ageYears(p: number, d: number): number {
    const k = d - this.day0
    const year = this.dYear[k]
    if (year === undefined) {
      const [y, m, day] = civilFromDays(d)
      return y - this.pBirthYear[p]! - (m * 100 + day < this.pBirthMd[p]! ? 1 : 0)
    }
    return year - this.pBirthYear[p]! - (this.dMd[k]! < this.pBirthMd[p]! ? 1 : 0)
  }
}
