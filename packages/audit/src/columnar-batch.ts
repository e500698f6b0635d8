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
import { civilFromDays, dayNumber, daysInMonth } from '@yibao/domain'
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

/**
 * `Number(code) || 0` of a short numeric code (`'01'`, `'390'`): digits are read directly, since
 * the general number parser is a large share of encoding a line; anything else goes to it.
 */
export function codeNumber(code: string): number {
  // Records read from storage may hold null where the type says text.
  const n = typeof code === 'string' ? code.length : 0
  if (n > 0 && n <= 4) {
    let v = 0
    for (let i = 0; i < n; i++) {
      const digit = code.charCodeAt(i) - 48
      if (digit < 0 || digit > 9) return Number(code) || 0
      v = v * 10 + digit
    }
    return v
  }
  return Number(code) || 0
}

/** `LIST` of a list type, 0 for none (a switch: a look-up by a fresh string key is slow). */
function listCode(listType: string): number {
  switch (listType) {
    case '101':
      return LIST['101']
    case '102':
      return LIST['102']
    case '201':
      return LIST['201']
    case '301':
      return LIST['301']
    default:
      return 0
  }
}

/** Local seconds since 1970-01-01 00:00 Shanghai time of a normalised timestamp. */
export function localSeconds(ts: Timestamp): number {
  // dayNumber reads the date part, the first ten characters.
  const day = dayNumber(ts)
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

/** Encounters by begin time, then mdtrt_id (code-unit order, as `COLLATE "C"`). */
function encounterOrder(a: Encounter, b: Encounter): number {
  if (a.begin !== b.begin) return a.begin < b.begin ? -1 : 1
  return a.mdtrtId === b.mdtrtId ? 0 : a.mdtrtId < b.mdtrtId ? -1 : 1
}

/** Fee lines by time, then feedetl_sn (code-unit order). */
function lineOrder(a: FeeLine, b: FeeLine): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1
  return a.feedetlSn === b.feedetlSn ? 0 : a.feedetlSn < b.feedetlSn ? -1 : 1
}

/** Diagnoses and operations by their sequence number. */
function seqOrder(a: { seq: number }, b: { seq: number }): number {
  return a.seq - b.seq
}

/**
 * Sorts `rows` in place (stably), unless they are in order already: lines and encounters nearly
 * always arrive in order, and one pass to see that is cheaper than the sort's comparisons.
 */
function sortIfNeeded<T>(rows: T[], order: (a: T, b: T) => number): T[] {
  for (let i = 1; i < rows.length; i++) {
    if (order(rows[i - 1]!, rows[i]!) > 0) return rows.sort(order)
  }
  return rows
}

/**
 * Typed-array columns carved out of one buffer: one allocation for the batch instead of one per
 * column (a real-time batch is small, and allocating ~45 buffers cost more than filling them).
 * Float64 columns come first, then Int32, then bytes, so that every view is aligned.
 */
class ColumnBuffer {
  private readonly buffer: ArrayBuffer
  private offset = 0

  /** @param f64 - Float64 elements; i32 - Int32 elements; u8 - byte elements, in all */
  constructor(f64: number, i32: number, u8: number) {
    this.buffer = new ArrayBuffer(f64 * 8 + i32 * 4 + u8)
  }

  f64(n: number): Float64Array {
    const a = new Float64Array(this.buffer, this.offset, n)
    this.offset += n * 8
    return a
  }

  i32(n: number): Int32Array {
    const a = new Int32Array(this.buffer, this.offset, n)
    this.offset += n * 4
    return a
  }

  u8(n: number): Uint8Array {
    const a = new Uint8Array(this.buffer, this.offset, n)
    this.offset += n
    return a
  }

  i8(n: number): Int8Array {
    const a = new Int8Array(this.buffer, this.offset, n)
    this.offset += n
    return a
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
      const list = encByPerson.get(p.psnNo)
      if (list !== undefined) for (const e of sortIfNeeded(list, encounterOrder)) encounters.push(e)
    }
    const lines: FeeLine[] = []
    const diagnoses: Diagnosis[] = []
    const operations: Operation[] = []
    for (const e of encounters) {
      const ls = linesByEnc.get(e.mdtrtId)
      if (ls !== undefined) for (const l of sortIfNeeded(ls, lineOrder)) lines.push(l)
      const ds = diagByEnc.get(e.mdtrtId)
      if (ds !== undefined) for (const d of sortIfNeeded(ds, seqOrder)) diagnoses.push(d)
      const os = opByEnc.get(e.mdtrtId)
      if (os !== undefined) for (const o of sortIfNeeded(os, seqOrder)) operations.push(o)
    }

    const np = persons.length
    const ne = encounters.length
    const nl = lines.length
    const nd = diagnoses.length
    const no = operations.length
    // Elements of each width over the columns carved below (a wrong count throws a RangeError).
    const columns = new ColumnBuffer(
      2 * ne + 6 * nl,
      6 * np + 11 * ne + 4 * nl + nd + no,
      np + 4 * ne + 5 * nl
    )
    // Float64
    this.eBeginSec = columns.f64(ne)
    this.eEndSec = columns.f64(ne)
    this.lSec = columns.f64(nl)
    this.lQty = columns.f64(nl)
    this.lPrice = columns.f64(nl)
    this.lAmount = columns.f64(nl)
    this.lUpload = columns.f64(nl)
    this.lCap = columns.f64(nl)
    // Int32
    this.pBirth = columns.i32(np)
    this.pBirthYear = columns.i32(np)
    this.pBirthMd = columns.i32(np)
    this.pDeath = columns.i32(np)
    this.pEnc0 = columns.i32(np)
    this.pEnc1 = columns.i32(np)
    this.ePerson = columns.i32(ne)
    this.eInsu = columns.i32(ne)
    this.eMedType = columns.i32(ne)
    this.eBeginDay = columns.i32(ne)
    this.eEndDay = columns.i32(ne)
    this.eLine0 = columns.i32(ne)
    this.eLine1 = columns.i32(ne)
    this.eDiag0 = columns.i32(ne)
    this.eDiag1 = columns.i32(ne)
    this.eOp0 = columns.i32(ne)
    this.eOp1 = columns.i32(ne)
    this.lEnc = columns.i32(nl)
    this.lCode = columns.i32(nl)
    this.lDay = columns.i32(nl)
    this.lDays = columns.i32(nl)
    this.dCode = columns.i32(nd)
    this.oCode = columns.i32(no)
    // Bytes
    this.pGender = columns.u8(np)
    this.eKind = columns.u8(ne)
    this.eLevel = columns.i8(ne)
    this.eInstType = columns.u8(ne)
    this.eFocus = columns.u8(ne)
    this.lList = columns.u8(nl)
    this.lClass = columns.u8(nl)
    this.lCharge = columns.u8(nl)
    this.lDscgMed = columns.u8(nl)
    this.lFocus = columns.u8(nl)
    this.persons = persons
    this.encounters = encounters
    this.settlements = encounters.map((e) => setlByEnc.get(e.mdtrtId))
    this.lines = lines
    this.diagnoses = diagnoses
    this.operations = operations

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
        this.eInsu[ei] = codeNumber(e.insuType)
        this.eMedType[ei] = codeNumber(e.medType)
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
          this.lList[li] = listCode(l.listType)
          this.lClass[li] = codeNumber(l.catalogClass)
          this.lCharge[li] = codeNumber(l.chargeType)
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
    const calendar = new ColumnBuffer(0, 2 * span, 0)
    this.dYear = calendar.i32(span)
    this.dMd = calendar.i32(span)
    // Day after day from the first: no date conversion (and no array) per day.
    let [y, m, day] = civilFromDays(minDay)
    for (let d = 0; d < span; d++) {
      this.dYear[d] = y
      this.dMd[d] = m * 100 + day
      if (++day > daysInMonth(y, m)) {
        day = 1
        if (++m > 12) {
          m = 1
          y++
        }
      }
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
