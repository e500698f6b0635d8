// SPDX-License-Identifier: Apache-2.0
import type { CatalogClass, ChargeType, Gender, ListType } from '@yibao/domain'
import type {
  KnowledgeCondition,
  KnowledgePack,
  KnowledgePoint,
  ServiceItem,
} from '@yibao/knowledge'
import { hashString } from './random.js'

/** How a drug is given, which decides its quantity, price and charge type. */
export type DrugForm = 'INJECTION' | 'ORAL' | 'TOPICAL'

/** A chargeable drug of the demo catalogue (national code from the pack, or a local code). */
export interface DemoDrug {
  readonly code: string
  readonly name: string
  /** True when the code is a national 医保药品代码 from the pack. */
  readonly national: boolean
  readonly catalogClass: CatalogClass
  readonly categoryCode: string
  readonly form: DrugForm
  /** 西药 09 or 中成药 11. */
  readonly chargeType: ChargeType
  /** Unit price (per tablet, ampoule or tube). */
  readonly price: number
  readonly points: readonly KnowledgePoint[]
}

/** A chargeable service item or consumable with its local base price. */
export interface DemoItem {
  readonly code: string
  readonly name: string
  readonly listType: ListType
  readonly chargeType: ChargeType
  readonly catalogClass: CatalogClass
  /** Base price in fen (三级 price); caps per level derive from it. */
  readonly basePrice: number
  readonly points: readonly KnowledgePoint[]
}

/** A DIP group usable as an inpatient case type. */
export interface DemoCaseType {
  readonly dipCode: string
  readonly diagCode: string
  readonly diagName: string
  /** ICD-9-CM-3 main operation, or null for conservative treatment. */
  readonly opCode: string | null
  readonly opName: string | null
  readonly primaryCare: boolean
}

/** A diagnosis with its ICD-10 code and name. */
export interface DemoDiagnosis {
  readonly code: string
  readonly name: string
}

/** Price factor of each institution level relative to the base (三级) price. */
export const LEVEL_PRICE_FACTOR: readonly number[] = [0.85, 0.85, 0.92, 1]

/** The national codes of the fixed daily inpatient items. */
export const BED_FEE_CODE = '001109000010000'
/**
 * 层流洁净病房床位费: never billed by the clean background; the F7 injector bills it at 一级
 * hospitals, which have no laminar-flow ward (capability `LAMINAR`).
 */
export const LAMINAR_BED_CODE = '001109000020000'
export const INPATIENT_CONSULT_CODE = '001102000050000'
export const NURSING_CODES = ['001201000040000', '001201000030000', '001201000050000'] as const

const CONSUMABLES: readonly [string, number, CatalogClass, 'DAILY' | 'SURGERY' | 'OUT'][] = [
  ['一次性使用输液器', 350, '02', 'DAILY'],
  ['一次性使用静脉留置针', 1800, '02', 'DAILY'],
  ['一次性使用无菌注射器', 80, '01', 'OUT'],
  ['医用脱脂纱布', 500, '01', 'OUT'],
  ['医用透气敷贴', 600, '02', 'DAILY'],
  ['一次性使用导尿包', 3500, '02', 'SURGERY'],
  ['一次性使用吸痰管', 400, '02', 'DAILY'],
  ['可吸收手术缝合线', 4500, '02', 'SURGERY'],
  ['一次性使用管型吻合器', 280000, '02', 'SURGERY'],
  ['腹腔引流管', 6000, '02', 'SURGERY'],
  ['可吸收止血纱布', 38000, '02', 'SURGERY'],
  ['一次性使用手术衣包', 4800, '02', 'SURGERY'],
  ['医用护理垫', 400, '03', 'DAILY'],
  ['一次性使用备皮包', 1200, '03', 'SURGERY'],
  ['医用冰袋', 1500, '03', 'OUT'],
]

/**
 * High-value consumables (乙类, local codes) that costly stays add to reach their cost: implants
 * and devices of the 集采 lists at typical post-集采 prices (base price in fen).
 */
const HIGH_VALUE: readonly [string, number][] = [
  ['人工髋关节假体（集采）', 720_000],
  ['骨科接骨板内固定系统', 450_000],
  ['椎间融合器', 380_000],
  ['一次性使用腔镜切割吻合器', 260_000],
  ['人工晶状体', 120_000],
  ['冠状动脉药物洗脱支架（集采）', 80_000],
  ['一次性使用腔镜穿刺器', 60_000],
]

/** 目录外 (丙类) consumables of costly stays: what the patient pays in full (base price in fen). */
const SELF_PAID: readonly [string, number][] = [
  ['进口可吸收止血材料', 260_000],
  ['一次性使用超声刀头', 380_000],
  ['一次性使用镇痛泵', 38_000],
  ['医用防压疮气垫', 18_000],
  ['医用弹力袜', 16_000],
  ['医用护理垫', 400],
]

// Chapters and categories whose diagnoses depend on sex or age; the clean background avoids them.
const FEMALE_DIAG = /^(O|N7|N8|N9[0-8]|C5[1-8]|D0[67]|D2[5-8]|D39|Z3[2-9])/
const MALE_DIAG = /^(N4[0-9]|N5[01]|C6[0-3]|D29|D40)/
const AGE_DIAG = /^(P|Q)/
const EXCLUDED_MAIN = /^(V|W|X|Y|Z|U|R99|S|T)/

/** Static restriction summary of a code, from its knowledge points. */
export interface Restrictions {
  readonly gender: Gender | null
  readonly age: Extract<KnowledgeCondition, { kind: 'AGE' }> | null
  readonly minLevel: number
  readonly setting: 'INPATIENT' | 'OUTPATIENT' | null
  readonly insuranceOnly: boolean
  readonly courseDays: number | null
  readonly periodDays: number | null
  readonly frequency: Extract<KnowledgeCondition, { kind: 'FREQUENCY' }> | null
  readonly surgeryGroup: string | null
}

/** Summarises the conditions of a code's knowledge points. */
export function restrictionsOf(points: readonly KnowledgePoint[]): Restrictions {
  let gender: Gender | null = null
  let age: Restrictions['age'] = null
  let minLevel = 0
  let setting: Restrictions['setting'] = null
  let insuranceOnly = false
  let courseDays: number | null = null
  let periodDays: number | null = null
  let frequency: Restrictions['frequency'] = null
  let surgeryGroup: string | null = null
  for (const p of points) {
    const c = p.condition
    switch (c.kind) {
      case 'GENDER':
        gender = c.gender
        break
      case 'AGE':
        age = c
        break
      case 'INSURANCE_TYPE':
        insuranceOnly = true
        break
      case 'CARE_SETTING':
        setting = c.setting
        break
      case 'INSTITUTION_LEVEL':
        minLevel = Math.max(minLevel, c.minLevel)
        break
      case 'PAYMENT_COURSE':
        courseDays = courseDays === null ? c.maxDays : Math.min(courseDays, c.maxDays)
        break
      case 'PERIOD_FREQUENCY':
        periodDays = Math.max(periodDays ?? 0, c.periodDays)
        break
      case 'FREQUENCY':
        frequency = c
        break
      case 'SURGERY_DISCOUNT':
        surgeryGroup = c.group
        break
      case 'DUPLICATE_CHARGE':
        break
      default:
        c satisfies never
    }
  }
  return {
    gender,
    age,
    minLevel,
    setting,
    insuranceOnly,
    courseDays,
    periodDays,
    frequency,
    surgeryGroup,
  }
}

/** True when an age (years and days) is inside an AGE condition's range. */
export function ageAllowed(
  age: Extract<KnowledgeCondition, { kind: 'AGE' }>,
  years: number,
  days: number
): boolean {
  const v = age.unit === 'DAY' ? days : years
  return (age.min === null || v >= age.min) && (age.maxExclusive === null || v < age.maxExclusive)
}

function drugForm(name: string, dosageForm: string | null): DrugForm {
  const text = `${dosageForm ?? ''}${name}`
  if (/注射|输液/.test(text)) return 'INJECTION'
  if (/软膏|乳膏|凝胶|滴眼|滴耳|滴鼻|眼膏|栓|外用|贴|搽|喷雾|洗剂|酊|吸入|气雾/.test(text)) {
    return 'TOPICAL'
  }
  return 'ORAL'
}

function spread(code: string, min: number, max: number, step: number): number {
  const h = hashString(code) / 4294967296
  return Math.round((min + (max - min) * h * h) / step) * step
}

function drugPrice(code: string, form: DrugForm): number {
  // PriceE4 per unit: tablets ¥0.10–3.00, ampoules ¥10–150, tubes ¥8–40.
  if (form === 'INJECTION') return spread(code, 100_000, 1_500_000, 100)
  if (form === 'TOPICAL') return spread(code, 80_000, 400_000, 100)
  return spread(code, 1_000, 30_000, 10)
}

/** The national code of 血液透析 (门诊慢特病 of 尿毒症 patients). */
export const DIALYSIS_CODE = '003110000060000'

function itemBasePrice(code: string, name: string): number {
  if (code.startsWith(DIALYSIS_CODE.slice(0, 13))) return 42_000
  if (code === BED_FEE_CODE) return 3000
  // 层流洁净病房: about three times an ordinary bed (百级 / 千级 dearer).
  if (code.startsWith(LAMINAR_BED_CODE.slice(0, 12))) {
    return code === '001109000020100' ? 15_000 : code === '001109000020200' ? 12_000 : 9000
  }
  if (code === INPATIENT_CONSULT_CODE) return 1200
  if (code === NURSING_CODES[0]) return 1800
  if (code === NURSING_CODES[1]) return 2800
  if (code === NURSING_CODES[2]) return 1000
  const p = code.slice(0, 4)
  if (p === '0011') return spread(code, 1000, 12000, 10)
  if (p === '0012') return spread(code, 500, 6000, 10)
  if (p === '0025') return spread(code, 1000, 12000, 10)
  if (p === '0021' || p === '0022' || p === '0023' || p === '0024') {
    return spread(code, 3000, 40000, 100)
  }
  if (p === '0033' || p === '0032') return spread(code, 80000, 600000, 1000)
  if (/监测|监护/.test(name)) return spread(code, 200, 800, 10)
  return spread(code, 1500, 30000, 100)
}

function itemChargeType(code: string): ChargeType {
  if (code.startsWith('001109')) return '01'
  if (code.startsWith('001102')) return '02'
  if (code.startsWith('001201')) return '07'
  if (code.startsWith('0025')) return '04'
  if (/^002[1-4]/.test(code)) return '03'
  if (/^003[23]/.test(code)) return '06'
  return '05'
}

/**
 * The demo's view of a knowledge pack: chargeable drugs, items and consumables with local base
 * prices, diagnosis pools and DIP case types, and the knowledge points indexed by code so that the
 * clean background can respect them and the injectors can break them.
 */
export class DemoCatalog {
  readonly pack: KnowledgePack
  readonly pointsByCode = new Map<string, KnowledgePoint[]>()
  readonly restrictionsByCode = new Map<string, Restrictions>()
  /** Codes that must not be charged in the same encounter as the key (batch 7, both ways). */
  readonly conflicts = new Map<string, Set<string>>()
  readonly drugs: DemoDrug[] = []
  readonly items = new Map<string, DemoItem>()
  readonly consumables: DemoItem[] = []
  /** High-value consumables (乙类) added to costly stays, most expensive first. */
  readonly highValue: DemoItem[] = []
  /** 目录外 (丙类) consumables added to costly stays, most expensive first. */
  readonly selfPaid: DemoItem[] = []
  /** Unrestricted injections (local codes, no knowledge point) at ¥40 or more, for costly stays. */
  readonly costlyInjections: DemoDrug[] = []
  /** 饮片 payable by the fund (local codes). */
  readonly herbs: DemoItem[] = []
  /** 饮片 excluded from fund payment (local codes, rule D3). */
  readonly notPayableHerbs: DemoItem[] = []
  readonly labs: DemoItem[] = []
  readonly exams: DemoItem[] = []
  readonly treatments: DemoItem[] = []
  /** Surgery items of batch 2, by discount group. */
  readonly surgeryGroups = new Map<string, DemoItem[]>()
  /** Hour-based monitoring items (FREQUENCY per HOUR). */
  readonly hourItems: DemoItem[] = []
  /** The period-limited lab used for chronic patients (e.g. 糖化血红蛋白), if any. */
  readonly periodLab: DemoItem | null
  readonly outpatientDiagnoses: DemoDiagnosis[] = []
  readonly chronicDiagnoses: DemoDiagnosis[] = []
  /** Costly 门诊慢特病 (尿毒症 first, then cancers), treated monthly at the county hospital. */
  readonly seriousChronicDiagnoses: DemoDiagnosis[] = []
  readonly caseTypes: DemoCaseType[] = []
  readonly diagnosisByCode = new Map<string, DemoDiagnosis>()
  readonly procedureNames = new Map<string, string>()
  readonly #byCategory = new Map<string, DemoDrug[]>()

  /** @param pack - the knowledge pack the region is generated against */
  constructor(pack: KnowledgePack) {
    this.pack = pack
    for (const p of pack.points) {
      for (const code of p.codes) {
        let list = this.pointsByCode.get(code)
        if (!list) this.pointsByCode.set(code, (list = []))
        list.push(p)
        if (p.condition.kind === 'DUPLICATE_CHARGE') {
          this.#conflict(code, p.condition.pairedCode)
        }
      }
    }
    for (const [code, pts] of this.pointsByCode)
      this.restrictionsByCode.set(code, restrictionsOf(pts))
    this.#buildDrugs()
    this.#buildItems()
    this.periodLab =
      [...this.items.values()].find(
        (i) => this.restrictions(i.code).periodDays !== null && /糖化血红蛋白/.test(i.name)
      ) ?? null
    this.#buildDiagnoses()
  }

  /** The knowledge points of a code (empty when unrestricted). */
  points(code: string): readonly KnowledgePoint[] {
    return this.pointsByCode.get(code) ?? []
  }

  /** The restriction summary of a code. */
  restrictions(code: string): Restrictions {
    return this.restrictionsByCode.get(code) ?? restrictionsOf([])
  }

  /** Drugs of a category prefix (e.g. `XC09`), or all drugs for ''. */
  drugsOfCategory(prefix: string): readonly DemoDrug[] {
    let list = this.#byCategory.get(prefix)
    if (!list) {
      list = this.drugs.filter((d) => d.categoryCode.startsWith(prefix))
      this.#byCategory.set(prefix, list)
    }
    return list
  }

  #conflict(a: string, b: string): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let s = this.conflicts.get(x)
      if (!s) this.conflicts.set(x, (s = new Set()))
      s.add(y)
    }
  }

  #buildDrugs(): void {
    const cat = this.pack.catalogDrugs
    const rowsWithCode = new Set<number>()
    for (const d of this.pack.drugCodes) {
      if (d.catalogIndex === null) continue
      const row = cat[d.catalogIndex]
      if (!row || row.notPayable || row.part.includes('饮片')) continue
      rowsWithCode.add(d.catalogIndex)
      const form = drugForm(row.name, row.dosageForm)
      this.drugs.push({
        code: d.code,
        name: row.name,
        national: true,
        catalogClass: row.catalogClass ?? '02',
        categoryCode: row.categoryCode ?? d.code.slice(0, 4),
        form,
        chargeType: d.code.startsWith('Z') ? '11' : '09',
        price: drugPrice(d.code, form),
        points: this.points(d.code),
      })
    }
    // Catalogue rows with no national code in the pack and no 限定支付范围 get a stable local code,
    // so that the background can prescribe ordinary drugs (the pack only knows restricted codes).
    cat.forEach((row, i) => {
      if (rowsWithCode.has(i) || row.notPayable || row.part.includes('饮片')) return
      if (row.restriction !== null || row.catalogClass === null) return
      if (row.part.includes('谈判') || row.part.includes('竞价')) return
      const chinese = row.part.includes('中成药') || (row.categoryCode ?? '').startsWith('Z')
      const code = `${chinese ? 'LZ' : 'LX'}431223${String(row.number ?? i).padStart(5, '0')}`
      const form = drugForm(row.name, row.dosageForm)
      this.drugs.push({
        code,
        name: row.name,
        national: false,
        catalogClass: row.catalogClass,
        categoryCode: row.categoryCode ?? (chinese ? 'Z' : 'X'),
        form,
        chargeType: chinese ? '11' : '09',
        price: drugPrice(code, form),
        points: [],
      })
    })
    cat.forEach((row, i) => {
      if (!row.part.includes('饮片')) return
      const code = `T431223${String(row.number ?? i).padStart(5, '0')}`
      const herb: DemoItem = {
        code,
        name: row.name,
        listType: '102',
        chargeType: '10',
        catalogClass: row.notPayable ? '03' : (row.catalogClass ?? '02'),
        basePrice: spread(code, 2, 60, 1) * 10,
        points: [],
      }
      ;(row.notPayable ? this.notPayableHerbs : this.herbs).push(herb)
    })
  }

  #buildItems(): void {
    for (const s of this.pack.serviceItems) this.#addItem(s)
    CONSUMABLES.forEach(([name, price, cls], i) => {
      const item: DemoItem = {
        code: `C431223${String(i + 1).padStart(4, '0')}`,
        name,
        listType: '301',
        chargeType: '08',
        catalogClass: cls,
        basePrice: price,
        points: [],
      }
      this.consumables.push(item)
      this.items.set(item.code, item)
    })
    const extra = (list: readonly [string, number][], cls: CatalogClass, out: DemoItem[]): void => {
      for (const [name, price] of list) {
        const item: DemoItem = {
          code: `C431223${String(CONSUMABLES.length + this.highValue.length + this.selfPaid.length + 1).padStart(4, '0')}`,
          name,
          listType: '301',
          chargeType: '08',
          catalogClass: cls,
          basePrice: price,
          points: [],
        }
        out.push(item)
        this.items.set(item.code, item)
      }
    }
    extra(HIGH_VALUE, '02', this.highValue)
    extra(SELF_PAID, '03', this.selfPaid)
    for (const d of this.drugs) {
      if (!d.national && d.form === 'INJECTION' && d.price >= 400_000) this.costlyInjections.push(d)
    }
    this.costlyInjections.sort((a, b) => b.price - a.price || a.code.localeCompare(b.code))
    for (const item of this.herbs) this.items.set(item.code, item)
    for (const item of this.notPayableHerbs) this.items.set(item.code, item)
  }

  #addItem(s: ServiceItem): void {
    const points = this.points(s.code)
    const item: DemoItem = {
      code: s.code,
      name: s.name,
      listType: '201',
      chargeType: itemChargeType(s.code),
      catalogClass: '01',
      basePrice: itemBasePrice(s.code, s.name),
      points,
    }
    this.items.set(s.code, item)
    const r = this.restrictions(s.code)
    if (r.surgeryGroup !== null) {
      if (r.gender === null && r.age === null && r.courseDays === null && r.periodDays === null) {
        let g = this.surgeryGroups.get(r.surgeryGroup)
        if (!g) this.surgeryGroups.set(r.surgeryGroup, (g = []))
        g.push(item)
      }
      return
    }
    if (r.frequency !== null) {
      if (r.frequency.per === 'HOUR' && /心电监测|血氧饱和度监测|指脉氧监测/.test(s.name)) {
        this.hourItems.push(item)
      }
      return
    }
    const plain =
      r.gender === null &&
      r.age === null &&
      r.courseDays === null &&
      r.periodDays === null &&
      !r.insuranceOnly &&
      r.setting === null &&
      r.minLevel === 0
    if (!plain) return
    const p = s.code.slice(0, 4)
    if (p === '0025' && !s.name.includes('加收')) this.labs.push(item)
    else if (/^002[1-3]/.test(s.code) && !/造影|加收|术中/.test(s.name)) this.exams.push(item)
    else if ((p === '0031' || p === '0012') && !/监测|抢救|试验|术/.test(s.name)) {
      this.treatments.push(item)
    }
  }

  #buildDiagnoses(): void {
    const byPrefix = new Map<string, DemoDiagnosis>()
    for (const d of this.pack.diagnoses) {
      const dx = { code: d.code, name: d.name }
      this.diagnosisByCode.set(d.code, dx)
      // The first (shortest, pack order) code of each 3- and 4-char category stands for it.
      for (const len of [3, 5]) {
        const k = d.code.slice(0, len)
        const prev = byPrefix.get(k)
        if (!prev || d.code.length < prev.code.length) byPrefix.set(k, dx)
      }
    }
    for (const p of this.pack.procedures) this.procedureNames.set(p.code, p.name)
    const take = (prefixes: readonly string[], out: DemoDiagnosis[]): void => {
      for (const k of prefixes) {
        const d = byPrefix.get(k)
        if (d) out.push(d)
      }
    }
    take(
      ['J06.9', 'J02.9', 'J20.9', 'J03.9', 'K29.7', 'K30', 'M54.5', 'R51', 'A09', 'K59.0', 'L30.9'],
      this.outpatientDiagnoses
    )
    take(['M17.9', 'H10.9', 'J30.4', 'M79.1', 'R05', 'B35.3', 'K21.9'], this.outpatientDiagnoses)
    take(['I10', 'E11.9', 'I25.1', 'J44.9', 'I69.3', 'E78.5'], this.chronicDiagnoses)
    take(['N18', 'C34', 'C16', 'C22', 'C18', 'C15'], this.seriousChronicDiagnoses)
    for (const g of this.pack.dip) {
      const cat = g.diagCategory
      if (EXCLUDED_MAIN.test(cat) || isSexSpecificDiagnosis(cat) || AGE_DIAG.test(cat)) continue
      const dx = byPrefix.get(cat) ?? byPrefix.get(cat.slice(0, 3))
      if (!dx || !dx.code.startsWith(cat.slice(0, 3))) continue
      let opCode: string | null = null
      if (g.mainOps.length > 0) {
        for (const alt of g.mainOps.flatMap((o) => o.split(/[/+]/))) {
          if (this.procedureNames.has(alt.trim())) {
            opCode = alt.trim()
            break
          }
        }
        if (opCode === null) continue
      }
      this.caseTypes.push({
        dipCode: g.code,
        diagCode: dx.code,
        diagName: dx.name,
        opCode,
        opName: opCode === null ? null : (this.procedureNames.get(opCode) ?? null),
        primaryCare: g.primaryCare,
      })
    }
  }

  /** A diagnosis whose code starts with `prefix`, or undefined. */
  diagnosisWithPrefix(prefix: string): DemoDiagnosis | undefined {
    for (const d of this.pack.diagnoses) {
      if (d.code.startsWith(prefix)) return { code: d.code, name: d.name }
    }
    return undefined
  }
}

/** True when an ICD-10 code is specific to one sex (pregnancy, female or male genital organs). */
export function isSexSpecificDiagnosis(code: string): boolean {
  return FEMALE_DIAG.test(code) || MALE_DIAG.test(code)
}

/** The sex an ICD-10 code is restricted to, or null. */
export function diagnosisSex(code: string): Gender | null {
  if (FEMALE_DIAG.test(code)) return '2'
  if (MALE_DIAG.test(code)) return '1'
  return null
}

/** True when an ICD-10 code only fits infants (perinatal chapter P). */
export function isPerinatalDiagnosis(code: string): boolean {
  return code.startsWith('P')
}
