// SPDX-License-Identifier: Apache-2.0
import type { EncounterKind, Institution } from '@yibao/domain'
import { ageInDays, ageInYears, lineAmount } from '@yibao/domain'
import type { DayClock } from './day-clock.js'
import type { DemoCaseType, DemoCatalog, DemoDrug, DemoItem, DrugForm } from './demo-catalog.js'
import { ageAllowed } from './demo-catalog.js'
import {
  BED_FEE_CODE,
  DIALYSIS_CODE,
  INPATIENT_CONSULT_CODE,
  NURSING_CODES,
  isPerinatalDiagnosis,
  isSexSpecificDiagnosis,
} from './demo-catalog.js'
import type { Random } from './random.js'
import type { ReferenceData } from './reference-data.js'
import { capOf } from './reference-data.js'
import type { DraftEncounter, DraftLine, PersonTimeline } from './timeline.js'

/** Drug categories that fit a diagnosis, by ICD-10 prefix (first match wins). */
const CATEGORY_HINTS: readonly [RegExp, readonly string[]][] = [
  [/^(J0|J1|J2|J3)/, ['XJ01', 'XR05', 'XR06', 'ZA01', 'ZA02', 'ZA03']],
  [/^J4/, ['XR03', 'XR05', 'ZA']],
  [/^I1/, ['XC08', 'XC09', 'XC07', 'XC03']],
  [/^(I2|I6)/, ['XB01', 'XC10', 'XC01', 'ZA12', 'ZA06']],
  [/^E1[0-4]/, ['XA10']],
  [/^E78/, ['XC10']],
  [/^(K2|K3)/, ['XA02', 'XA03', 'ZA10']],
  [/^(A09|K5)/, ['XA07', 'ZA']],
  [/^M/, ['XM01', 'XM02', 'XN02', 'ZA16']],
  [/^(L|B35)/, ['XD01', 'XD07', 'XD']],
  [/^H1/, ['XS01']],
  [/^R/, ['XN02', 'ZA']],
  [/^N18/, ['XB03', 'XB05', 'XV03']],
  [/^C/, ['XL01', 'XL02', 'XA04']],
]

/** The cost a stay is built to: target charges (fen) and the 目录外 share of the added charges. */
export interface StayCost {
  readonly target: number
  readonly selfPaidShare: number
}

/** Whether a drug or item may be charged for a person in an encounter without breaking a rule. */
export interface ChargeContext {
  readonly t: PersonTimeline
  readonly enc: DraftEncounter
  readonly day: number
}

/**
 * Builds clean encounters: each line respects every knowledge point of its code (gender, age,
 * insurance type, care setting, institution level, course, frequency, duplicate charges), is
 * priced at or below the local cap, and has `amount = lineAmount(quantity, price)`. Injectors
 * use the same builder and then break one thing on purpose.
 */
export class EncounterBuilder {
  readonly catalog: DemoCatalog
  readonly ref: ReferenceData
  readonly clock: DayClock
  readonly rng: Random
  readonly #batch: string
  #rx = 0

  /**
   * @param batch - batch number, part of the prescription numbers so they stay unique
   */
  constructor(
    catalog: DemoCatalog,
    ref: ReferenceData,
    clock: DayClock,
    rng: Random,
    batch: number
  ) {
    this.catalog = catalog
    this.ref = ref
    this.clock = clock
    this.rng = rng
    this.#batch = String(batch).padStart(4, '0')
  }

  /** A new prescription / order number. */
  rxNo(): string {
    return `R${this.#batch}${String(++this.#rx).padStart(7, '0')}`
  }

  /** Age in years of the person on a day. */
  ageOn(t: PersonTimeline, day: number): number {
    return ageInYears(t.person.birthDate, this.clock.date(day))
  }

  /**
   * True when the stateless conditions of a code's knowledge points allow it here.
   *
   * @param code - drug or item code
   * @param c - person, encounter and day
   * @param except - condition kind to ignore (an injector breaking exactly that one)
   */
  allowed(code: string, c: ChargeContext, except?: string): boolean {
    const r = this.catalog.restrictions(code)
    if (r.insuranceOnly && except !== 'INSURANCE_TYPE') return false
    if (r.gender !== null && r.gender !== c.t.person.gender && except !== 'GENDER') return false
    if (r.minLevel > c.enc.inst.level && except !== 'INSTITUTION_LEVEL') return false
    if (r.setting !== null && except !== 'CARE_SETTING') {
      const inpatient = c.enc.kind === 'INPATIENT'
      if ((r.setting === 'INPATIENT') !== inpatient) return false
    }
    if (r.age !== null && except !== 'AGE') {
      const date = this.clock.date(c.day)
      const years = ageInYears(c.t.person.birthDate, date)
      const days = ageInDays(c.t.person.birthDate, date)
      if (!ageAllowed(r.age, years, days)) return false
    }
    return true
  }

  /** True when `code` conflicts (batch 7) with a code already in the encounter. */
  conflicts(enc: DraftEncounter, code: string): boolean {
    const set = this.catalog.conflicts.get(code)
    if (!set) return false
    for (const l of enc.lines) if (set.has(l.code)) return true
    return false
  }

  /** Picks a drug fitting the diagnosis, allowed here and not yet in `exclude`. */
  pickDrug(
    c: ChargeContext,
    diagnosis: string,
    forms: readonly DrugForm[],
    exclude: ReadonlySet<string>
  ): DemoDrug | null {
    const hints = CATEGORY_HINTS.find(([re]) => re.test(diagnosis))?.[1] ?? []
    for (let attempt = 0; attempt < 40; attempt++) {
      const prefix =
        attempt < 25 && hints.length > 0 ? this.rng.pick(hints) : attempt < 32 ? '' : 'X'
      const pool = this.catalog.drugsOfCategory(prefix)
      if (pool.length === 0) continue
      const d = this.rng.pick(pool)
      if (!forms.includes(d.form) || exclude.has(d.code)) continue
      const r = this.catalog.restrictions(d.code)
      if (r.courseDays !== null) continue
      if (this.allowed(d.code, c)) return d
    }
    return null
  }

  /** Adds a drug line. */
  addDrug(
    enc: DraftEncounter,
    d: DemoDrug,
    quantity: number,
    day: number,
    second: number,
    rxNo: string | null,
    days: number | null,
    dischargeMed = false
  ): DraftLine {
    return this.#push(
      enc,
      d.code,
      d.name,
      '101',
      d.catalogClass,
      d.chargeType,
      quantity,
      d.price,
      day,
      second,
      rxNo,
      days,
      dischargeMed,
      'DRUG'
    )
  }

  /** Adds a service item, consumable or 饮片 line charged at the cap of the institution's level. */
  addItem(
    enc: DraftEncounter,
    item: DemoItem,
    quantity: number,
    day: number,
    second: number,
    price = capOf(item.basePrice, enc.inst.level)
  ): DraftLine {
    return this.#push(
      enc,
      item.code,
      item.name,
      item.listType,
      item.catalogClass,
      item.chargeType,
      quantity,
      price,
      day,
      second,
      null,
      null,
      false,
      item.listType === '201' ? 'ITEM' : 'DRUG'
    )
  }

  #push(
    enc: DraftEncounter,
    code: string,
    name: string,
    listType: DraftLine['listType'],
    catalogClass: DraftLine['catalogClass'],
    chargeType: DraftLine['chargeType'],
    quantity: number,
    price: number,
    day: number,
    second: number,
    rxNo: string | null,
    days: number | null,
    dischargeMed: boolean,
    role: 'DRUG' | 'ITEM'
  ): DraftLine {
    const staff = this.ref.staffOf.get(enc.inst.code)
    let exec: string | null = enc.doctor
    let execDept = enc.dept
    if (staff) {
      if (chargeType === '04' || chargeType === '03') {
        exec = staff.technicians.length > 0 ? this.rng.pick(staff.technicians) : enc.doctor
        execDept = chargeType === '04' ? 'A30' : 'A32'
      } else if (role === 'DRUG' && enc.kind !== 'INPATIENT' && staff.pharmacists.length > 0) {
        exec = this.rng.pick(staff.pharmacists)
      } else if (enc.kind === 'INPATIENT' && staff.nurses.length > 0 && chargeType !== '06') {
        exec = this.rng.pick(staff.nurses)
      }
    }
    const line: DraftLine = {
      code,
      name,
      listType,
      catalogClass,
      chargeType,
      quantity,
      price,
      amount: lineAmount(quantity, price),
      day,
      second,
      rxNo,
      orderDept: enc.kind === 'PHARMACY' ? null : enc.dept,
      orderDoctor: enc.kind === 'PHARMACY' ? null : enc.doctor,
      execDept: enc.kind === 'PHARMACY' ? null : execDept,
      execDoctor: exec,
      dischargeMed,
      days,
      uploadDelay: 0,
      id: '',
    }
    enc.lines.push(line)
    return line
  }

  /** A new empty encounter with a doctor of the department. */
  open(
    kind: EncounterKind,
    medType: string,
    inst: Institution,
    beginDay: number,
    beginSecond: number,
    endDay: number,
    endSecond: number,
    dept?: string
  ): DraftEncounter {
    const depts = this.ref.deptsOf.get(inst.code) ?? []
    const d = dept !== undefined && depts.includes(dept) ? dept : (depts[0] ?? null)
    const doctors = d === null ? undefined : this.ref.staffOf.get(inst.code)?.doctors.get(d)
    return {
      kind,
      medType,
      inst,
      dept: d,
      doctor: doctors && doctors.length > 0 ? this.rng.pick(doctors) : null,
      beginDay,
      beginSecond,
      endDay,
      endSecond,
      diagnoses: [],
      operations: [],
      lines: [],
      dscgWay: kind === 'INPATIENT' ? '1' : null,
      readmitPlanned: false,
      truths: [],
      caseType: null,
      mdtrtId: '',
    }
  }

  /** An outpatient diagnosis fitting the person (no sex- or age-specific codes). */
  outpatientDiagnosis(t: PersonTimeline): { code: string; name: string } {
    if (t.chronic && this.rng.chance(0.3)) return t.chronic
    const list = this.catalog.outpatientDiagnoses
    for (let i = 0; i < 5; i++) {
      const d = this.rng.pick(list)
      if (!isSexSpecificDiagnosis(d.code) && !isPerinatalDiagnosis(d.code)) return d
    }
    return list[0] ?? { code: 'J06.900', name: '急性上呼吸道感染' }
  }

  /**
   * An outpatient visit (普通门诊 11 or 门诊慢特病 14) with one prescription of 1–4 drugs
   * (never more than 5), and at hospitals 0–2 labs or exams.
   */
  outpatient(
    t: PersonTimeline,
    inst: Institution,
    day: number,
    medType: '11' | '14'
  ): DraftEncounter {
    const begin = this.rng.int(8 * 3600, 17 * 3600)
    const dept = t.age < 14 && this.ref.deptsOf.get(inst.code)?.includes('A07') ? 'A07' : undefined
    const enc = this.open(
      'OUTPATIENT',
      medType,
      inst,
      day,
      begin,
      day,
      begin + 1800,
      dept ?? this.rng.pick(this.ref.deptsOf.get(inst.code) ?? ['A02'])
    )
    const dx = medType === '14' && t.chronic ? t.chronic : this.outpatientDiagnosis(t)
    enc.diagnoses.push(dx)
    const c: ChargeContext = { t, enc, day }
    const rx = this.rxNo()
    const used = new Set<string>()
    const nDrugs = medType === '14' ? this.rng.int(1, 3) : this.rng.int(inst.level === 0 ? 2 : 1, 4)
    let injection = false
    for (let i = 0; i < nDrugs; i++) {
      const forms: DrugForm[] =
        medType === '14'
          ? ['ORAL']
          : i === 0 && this.rng.chance(0.15)
            ? ['INJECTION']
            : ['ORAL', 'TOPICAL']
      const d = this.pickDrug(c, dx.code, forms, used)
      if (!d) continue
      used.add(d.code)
      const second = begin + 300 + i * 20
      if (d.form === 'INJECTION') {
        const days = this.rng.int(1, 3)
        this.addDrug(enc, d, days * this.rng.int(1, 2), day, second, rx, days)
        injection = true
      } else if (d.form === 'TOPICAL') {
        this.addDrug(enc, d, this.rng.int(1, 2), day, second, rx, this.rng.int(3, 7))
      } else {
        const days = medType === '14' ? this.rng.pick([14, 28, 30]) : this.rng.int(3, 7)
        this.addDrug(enc, d, days * this.rng.int(1, 3), day, second, rx, days)
      }
    }
    if (injection) {
      const syringe = this.catalog.consumables.find((x) => x.name.includes('注射器'))
      if (syringe) this.addItem(enc, syringe, this.rng.int(1, 3), day, begin + 600)
    }
    if (inst.level >= 1 && medType === '11') {
      const n = this.rng.int(0, 2)
      for (let i = 0; i < n; i++) {
        const pool = i === 0 ? this.catalog.labs : this.catalog.exams
        this.#addPlainItem(c, pool, 1, begin + 900 + i * 60)
      }
    }
    if (medType === '14' && t.chronic?.code.startsWith('E11') && this.catalog.periodLab) {
      const lab = this.catalog.periodLab
      const period = this.catalog.restrictions(lab.code).periodDays ?? 0
      const last = t.lastUse.get(lab.code)
      if ((last === undefined || day - last > period) && !this.conflicts(enc, lab.code)) {
        this.addItem(enc, lab, 1, day, begin + 900)
        t.lastUse.set(lab.code, day)
      }
    }
    if (medType === '14' && t.chronicCost > 0) this.#seriousChronic(c, rx, used, begin)
    if (enc.lines.length === 0) {
      const d = this.pickDrug(c, 'R', ['ORAL'], used)
      if (d) this.addDrug(enc, d, 6, day, begin + 300, rx, 3)
    }
    return enc
  }

  /**
   * The monthly treatment of a costly 门诊慢特病: 血液透析 sessions for 尿毒症, otherwise infusions
   * (chemotherapy) of unrestricted injections, up to the person's monthly cost.
   */
  #seriousChronic(c: ChargeContext, rx: string, used: Set<string>, begin: number): void {
    const { t, enc, day } = c
    const target = Math.round(t.chronicCost * (0.8 + 0.4 * this.rng.next()))
    let left = target - enc.lines.reduce((s, l) => s + l.amount, 0)
    const dialysis = this.catalog.items.get(DIALYSIS_CODE)
    if (t.chronic?.code.startsWith('N18') && dialysis) {
      const price = capOf(dialysis.basePrice, enc.inst.level)
      const n = Math.max(1, Math.min(13, Math.round(left / (price / 100))))
      left -= this.addItem(enc, dialysis, n, day, begin + 900, price).amount
    }
    const pool = this.catalog.costlyInjections
    // At most five drugs on one prescription (rule M12).
    const room = 5 - enc.lines.filter((l) => l.listType === '101').length
    for (let i = 0; i < Math.min(3, room) && left > 20_000 && pool.length > 0; i++) {
      const d = this.rng.pick(pool)
      if (used.has(d.code)) continue
      used.add(d.code)
      const q = Math.max(1, Math.min(40, Math.round(left / (d.price / 100))))
      left -= this.addDrug(enc, d, q, day, begin + 400 + i * 20, rx, 1).amount
    }
  }

  /** A pharmacy purchase (定点药店购药 41): 1–4 drugs, at most 7 days' supply. */
  pharmacy(t: PersonTimeline, inst: Institution, day: number): DraftEncounter {
    const begin = this.rng.int(8 * 3600, 21 * 3600)
    const enc = this.open('PHARMACY', '41', inst, day, begin, day, begin + 120)
    const staff = this.ref.staffOf.get(inst.code)
    enc.doctor = null
    const dx = this.outpatientDiagnosis(t)
    const c: ChargeContext = { t, enc, day }
    const used = new Set<string>()
    const n = this.rng.int(1, 4)
    for (let i = 0; i < n; i++) {
      const d = this.pickDrug(c, dx.code, ['ORAL', 'TOPICAL'], used)
      if (!d) continue
      used.add(d.code)
      const days = this.rng.int(3, 7)
      const line = this.addDrug(
        enc,
        d,
        d.form === 'ORAL' ? days * this.rng.int(1, 3) : 1,
        day,
        begin + i * 10,
        null,
        days
      )
      if (staff && staff.pharmacists.length > 0) line.execDoctor = this.rng.pick(staff.pharmacists)
    }
    if (enc.lines.length === 0) {
      const d = this.pickDrug(c, 'R', ['ORAL'], used)
      if (d) this.addDrug(enc, d, 6, day, begin, null, 3)
    }
    return enc
  }

  #addPlainItem(
    c: ChargeContext,
    pool: readonly DemoItem[],
    quantity: number,
    second: number
  ): DraftLine | null {
    if (pool.length === 0) return null
    for (let i = 0; i < 8; i++) {
      const item = this.rng.pick(pool)
      if (c.enc.lines.some((l) => l.code === item.code)) continue
      if (this.conflicts(c.enc, item.code) || !this.allowed(item.code, c)) continue
      return this.addItem(c.enc, item, quantity, c.day, second)
    }
    return null
  }

  /**
   * An inpatient stay (普通住院 21) from `admDay` for `los` days (discharge on `admDay + los`):
   * daily bed fee, 住院诊查费 and nursing, daily drugs, labs and exams, an operation with
   * consumables for surgical case types, and discharge medication.
   */
  inpatient(
    t: PersonTimeline,
    inst: Institution,
    admDay: number,
    los: number,
    caseType: DemoCaseType,
    cost?: StayCost
  ): DraftEncounter {
    const admSecond = this.rng.int(8 * 3600, 16 * 3600)
    const dscgDay = admDay + los
    const dscgSecond = this.rng.int(9 * 3600, 11 * 3600 + 3000)
    const surgical = caseType.opCode !== null
    const depts = this.ref.deptsOf.get(inst.code) ?? []
    const dept =
      surgical && depts.includes('A04')
        ? 'A04'
        : t.age < 14 && depts.includes('A07')
          ? 'A07'
          : depts.includes('A03')
            ? 'A03'
            : depts[0]
    const enc = this.open('INPATIENT', '21', inst, admDay, admSecond, dscgDay, dscgSecond, dept)
    enc.caseType = caseType
    enc.diagnoses.push({ code: caseType.diagCode, name: caseType.diagName })
    if (t.chronic && t.chronic.code.slice(0, 3) !== caseType.diagCode.slice(0, 3)) {
      enc.diagnoses.push(t.chronic)
    }
    const catalog = this.catalog
    const bed = catalog.items.get(BED_FEE_CODE)
    const consult = catalog.items.get(INPATIENT_CONSULT_CODE)
    const nursing = catalog.items.get(this.rng.chance(0.8) ? NURSING_CODES[0] : NURSING_CODES[1])
    const infusionSet = catalog.consumables[0]
    const c: ChargeContext = { t, enc, day: admDay }
    const used = new Set<string>()
    const orders: { d: (typeof catalog.drugs)[number]; q: number; rx: string }[] = []
    const nDrugs = this.rng.int(2, inst.level >= 2 ? 4 : 3)
    for (let i = 0; i < nDrugs; i++) {
      const d = this.pickDrug(
        c,
        caseType.diagCode,
        i === 0 ? ['INJECTION'] : ['INJECTION', 'ORAL'],
        used
      )
      if (!d) continue
      used.add(d.code)
      orders.push({
        d,
        q: d.form === 'ORAL' ? this.rng.int(2, 3) : this.rng.int(1, 3),
        rx: this.rxNo(),
      })
    }
    // A course-limited drug (batch 6) once per person, within its course length and the stay.
    if (inst.level >= 2 && this.rng.chance(0.12)) {
      const course = this.#pickCourseDrug(c)
      if (course) {
        const days = Math.min(los, course.max, this.rng.int(3, course.max))
        const rx = this.rxNo()
        for (let d = 0; d < days; d++) {
          this.addDrug(
            enc,
            course.drug,
            1,
            admDay + d,
            this.#dailySecond(enc, admDay + d),
            rx,
            null
          )
        }
        t.lastUse.set(`course:${course.key}`, admDay)
      }
    }
    const monitor =
      catalog.hourItems.length > 0 && this.rng.chance(0.2) ? this.rng.pick(catalog.hourItems) : null
    const monitorDays = monitor ? Math.min(los, this.rng.int(1, 3)) : 0
    for (let day = admDay; day < dscgDay; day++) {
      const s = this.#dailySecond(enc, day)
      if (bed) this.addItem(enc, bed, 1, day, s)
      if (consult) this.addItem(enc, consult, 1, day, s + 60)
      if (nursing) this.addItem(enc, nursing, 1, day, s + 120)
      let iv = false
      for (const o of orders) {
        this.addDrug(enc, o.d, o.q, day, s + 300, o.rx, null)
        if (o.d.form === 'INJECTION') iv = true
      }
      if (iv && infusionSet) this.addItem(enc, infusionSet, 1, day, s + 400)
      if (orders.length === 0) {
        const d = this.pickDrug({ t, enc, day }, caseType.diagCode, ['ORAL'], used)
        if (d) this.addDrug(enc, d, 2, day, s + 300, this.rxNo(), null)
      }
      if (monitor && day < admDay + monitorDays && !this.conflicts(enc, monitor.code)) {
        this.addItem(enc, monitor, day === admDay ? this.rng.int(4, 16) : 24, day, s + 500)
      }
    }
    const labDay = { t, enc, day: admDay }
    const labSecond = this.#dailySecond(enc, admDay) + 900
    const nLabs = this.rng.int(3, 6)
    for (let i = 0; i < nLabs; i++) this.#addPlainItem(labDay, catalog.labs, 1, labSecond + i * 30)
    const examDay = Math.min(admDay + 1, dscgDay - 1)
    const nExams = this.rng.int(1, 2)
    for (let i = 0; i < nExams; i++) {
      this.#addPlainItem(
        { t, enc, day: examDay },
        catalog.exams,
        1,
        this.#dailySecond(enc, examDay) + 1800 + i * 60
      )
    }
    const nTreat = this.rng.int(0, 2)
    for (let i = 0; i < nTreat; i++) {
      const day = this.rng.int(admDay, dscgDay - 1)
      this.#addPlainItem({ t, enc, day }, catalog.treatments, 1, this.#dailySecond(enc, day) + 2400)
    }
    if (surgical && caseType.opCode !== null) {
      const opDay = Math.min(admDay + 1, dscgDay - 1)
      const s = this.#dailySecond(enc, opDay) + 3600
      const groups = [...catalog.surgeryGroups.values()]
      if (groups.length > 0) {
        for (let i = 0; i < 6; i++) {
          const item = this.rng.pick(this.rng.pick(groups))
          if (this.conflicts(enc, item.code) || !this.allowed(item.code, { t, enc, day: opDay }))
            continue
          const line = this.addItem(enc, item, 1, opDay, s)
          line.execDoctor = enc.doctor
          break
        }
      }
      const surgeryConsumables = catalog.consumables.filter((x) => x.catalogClass !== '03')
      const n = this.rng.int(2, 4)
      for (let i = 0; i < n; i++) {
        const item = this.rng.pick(surgeryConsumables)
        if (enc.lines.some((l) => l.code === item.code && l.day === opDay)) continue
        this.addItem(enc, item, 1, opDay, s + 600 + i * 30)
      }
      enc.operations.push({
        code: caseType.opCode,
        name: caseType.opName ?? '',
        day: opDay,
        surgeon: enc.doctor,
      })
    }
    if (this.rng.chance(0.3)) {
      const pad = catalog.consumables.find((x) => x.catalogClass === '03')
      if (pad)
        this.addItem(enc, pad, this.rng.int(2, 10), admDay, this.#dailySecond(enc, admDay) + 700)
    }
    if (inst.code === this.ref.countyHospitals[1]?.code && catalog.herbs.length > 0) {
      const rx = this.rxNo()
      const herbDay = Math.min(admDay + 1, dscgDay - 1)
      const n = this.rng.int(6, 10)
      const taken = new Set<string>()
      for (let i = 0; i < n; i++) {
        const h = this.rng.pick(catalog.herbs)
        if (taken.has(h.code)) continue
        taken.add(h.code)
        const line = this.addItem(
          enc,
          h,
          this.rng.int(5, 15) * 7,
          herbDay,
          this.#dailySecond(enc, herbDay) + 3000
        )
        line.rxNo = rx
      }
    }
    const nDischarge = this.rng.int(0, 2)
    const rx = this.rxNo()
    for (let i = 0; i < nDischarge; i++) {
      const d = this.pickDrug({ t, enc, day: dscgDay }, caseType.diagCode, ['ORAL'], used)
      if (!d) continue
      used.add(d.code)
      const days = this.rng.int(3, 7)
      this.addDrug(enc, d, days * 2, dscgDay, Math.max(0, dscgSecond - 1800), rx, days, true)
    }
    if (cost) this.#topUp(enc, cost, used)
    return enc
  }

  /**
   * Raises a stay's charges towards `cost.target`: first the 目录外 share (丙类 consumables), then
   * for surgical stays one or two high-value consumables on the operation day, then up to six
   * daily infusion orders of unrestricted injections (local codes without knowledge points), so
   * that the clean background keeps every rule.
   */
  #topUp(enc: DraftEncounter, cost: StayCost, used: Set<string>): void {
    let left = cost.target - enc.lines.reduce((s, l) => s + l.amount, 0)
    if (left <= 0) return
    const days = enc.endDay - enc.beginDay
    const day = Math.min(enc.beginDay + 1, enc.endDay - 1)
    const second = this.#dailySecond(enc, day) + 3900
    let selfPaid = Math.round(left * cost.selfPaidShare)
    left -= selfPaid
    for (const item of this.catalog.selfPaid) {
      const price = capOf(item.basePrice, enc.inst.level)
      const q = Math.min(item.basePrice >= 100_000 ? 1 : 5, Math.floor(selfPaid / (price / 100)))
      if (q < 1 || (item.basePrice >= 100_000 && enc.operations.length === 0)) continue
      selfPaid -= this.addItem(enc, item, q, day, second).amount
    }
    left += selfPaid
    if (enc.operations.length > 0) {
      for (const item of this.catalog.highValue) {
        const price = capOf(item.basePrice, enc.inst.level) / 100
        if (price > left * 0.6 || enc.lines.some((l) => l.code === item.code)) continue
        left -= this.addItem(enc, item, 1, day, second + 60).amount
        if (this.rng.chance(0.5)) break
      }
    }
    const pool = this.catalog.costlyInjections
    for (let order = 0; order < 6 && left > days * 5_000 && pool.length > 0; order++) {
      const perDay = left / days / (6 - order > 1 ? 2 : 1)
      // Costly days need costly drugs: pick among the dearest when ten units would not do.
      const dear = pool.slice(0, Math.min(pool.length, 12))
      let d = this.rng.pick(pool)
      for (let i = 0; i < 6 && (used.has(d.code) || (d.price / 100) * 10 < perDay); i++) {
        d = this.rng.pick(i < 2 ? pool : dear)
      }
      if (used.has(d.code)) continue
      used.add(d.code)
      const q = Math.max(1, Math.min(10, Math.round(perDay / (d.price / 100))))
      const rx = this.rxNo()
      for (let k = 0; k < days; k++) {
        const dd = enc.beginDay + k
        left -= this.addDrug(enc, d, q, dd, this.#dailySecond(enc, dd) + 320, rx, null).amount
      }
    }
  }

  /** Seconds of the first daily charge of a stay day (after admission on the first day). */
  #dailySecond(enc: DraftEncounter, day: number): number {
    return day === enc.beginDay ? Math.min(enc.beginSecond + 600, 20 * 3600) : 8 * 3600 + 1200
  }

  #pickCourseDrug(c: ChargeContext): { drug: DemoDrug; max: number; key: string } | null {
    const pool = this.catalog.drugsOfCategory('')
    for (let i = 0; i < 60; i++) {
      const d = this.rng.pick(pool)
      const r = this.catalog.restrictions(d.code)
      if (r.courseDays === null || d.form !== 'INJECTION') continue
      const key = d.points.find((p) => p.condition.kind === 'PAYMENT_COURSE')?.id ?? d.code
      if (c.t.lastUse.has(`course:${key}`)) continue
      if (!this.allowed(d.code, c)) continue
      return { drug: d, max: r.courseDays, key }
    }
    return null
  }
}
