// SPDX-License-Identifier: Apache-2.0
import type {
  Institution,
  InstitutionCapability,
  InstitutionLevel,
  PriceCap,
  Region,
  Staff,
  StaffKind,
  StaffLink,
} from '@yibao/domain'
import { chineseName } from './chinese-name.js'
import type { DemoCatalog } from './demo-catalog.js'
import { LEVEL_PRICE_FACTOR } from './demo-catalog.js'
import type { DemoPlan } from './demo-plan.js'
import { Random } from './random.js'

/** 科别 codes used by the demo (national 科室代码 style). */
export const DEPT_LABELS: Readonly<Record<string, string>> = {
  A02: '全科医疗科',
  A03: '内科',
  A04: '外科',
  A05: '妇产科',
  A07: '儿科',
  A30: '医学检验科',
  A32: '医学影像科',
  A50: '中医科',
  A99: '药房',
}

const TOWNS = [
  '辰阳镇',
  '孝坪镇',
  '田湾镇',
  '火马冲镇',
  '黄溪口镇',
  '潭湾镇',
  '安坪镇',
  '修溪镇',
  '船溪乡',
  '上蒲溪瑶族乡',
  '后塘瑶族乡',
  '苏木溪瑶族乡',
  '罗子山瑶族乡',
  '仙人湾瑶族乡',
  '龙头庵乡',
  '大水田乡',
  '谭家场乡',
  '柿溪乡',
  '长田湾乡',
  '桥头乡',
  '伍家湾乡',
  '小龙门乡',
  '锦滨乡',
]
const VILLAGE_A = '大小上下东西南北石竹松桃杨柳花黄白青红高长新老龙凤'
const VILLAGE_B = '坪溪湾岩冲坡垅塘田山口桥庄岭'
const PRIVATE_HOSPITALS = ['康宁', '仁爱', '济民', '安康', '同心', '康泰', '惠民', '华康', '福寿']
const CLINICS = [
  '李氏',
  '向阳',
  '百姓',
  '仁心',
  '杏林',
  '春晖',
  '民康',
  '健民',
  '益康',
  '平安',
  '张氏',
  '颐和',
  '长寿',
]
const PHARMACY_BRANDS = [
  '老百姓',
  '益丰',
  '仁和',
  '千金',
  '康之源',
  '福康',
  '德仁堂',
  '民生',
  '九芝堂',
]

/** Everything a batch of persons needs to know about the region's providers. */
export interface ReferenceData {
  readonly region: Region[]
  readonly institutions: Institution[]
  /** The capability register (`demoCapabilities`). */
  readonly capabilities: InstitutionCapability[]
  readonly staff: Staff[]
  readonly staffLinks: StaffLink[]
  readonly priceCaps: PriceCap[]
  /** County-level 二级 hospitals (人民医院, 中医医院, 妇幼保健院, …). */
  readonly countyHospitals: Institution[]
  readonly townshipHospitals: Institution[]
  readonly privateHospitals: Institution[]
  /** 三级 hospitals outside the county (referrals). */
  readonly outsideHospitals: Institution[]
  readonly villageClinics: Institution[]
  readonly clinics: Institution[]
  readonly pharmacies: Institution[]
  /** Township index of each village clinic (same order as `villageClinics`). */
  readonly villageTown: number[]
  /** Staff of an institution by kind, and doctors by department. */
  readonly staffOf: Map<string, InstitutionStaff>
  /** Departments of an institution (clinical ones first). */
  readonly deptsOf: Map<string, string[]>
}

/** The staff of one institution. */
export interface InstitutionStaff {
  readonly doctors: Map<string, string[]>
  readonly nurses: string[]
  readonly pharmacists: string[]
  readonly technicians: string[]
}

const DOCTOR_TITLES = ['主任医师', '副主任医师', '主治医师', '住院医师', '执业助理医师']
const DOCTOR_WEIGHTS = [5, 15, 35, 38, 7]

/**
 * Builds the region's reference data: the 453 institutions of the seed (not scaled), their staff
 * and departments, and a local price catalogue with a cap per item and institution level.
 *
 * @param plan - the calibration plan
 * @param catalog - the demo catalogue (for the price caps)
 * @returns the reference data
 */
export function buildReferenceData(plan: DemoPlan, catalog: DemoCatalog): ReferenceData {
  const rng = Random.derive(plan.seed, 0x7e1)
  const adm = plan.admdvs
  const region: Region[] = [
    { admdvs: '430000', name: '湖南省', parent: null },
    { admdvs: '431200', name: '怀化市', parent: '430000' },
    { admdvs: adm, name: plan.regionName, parent: '431200' },
  ]
  const institutions: Institution[] = []
  let hseq = 0
  let pseq = 0
  const hospital = (
    name: string,
    type: Institution['type'],
    level: InstitutionLevel,
    admdvs = adm,
    tier: Institution['tier'] = 'COUNTY'
  ): Institution => {
    const code =
      type === 'PHARMACY'
        ? `P${adm}${String(++pseq).padStart(5, '0')}`
        : `H${adm}${String(++hseq).padStart(5, '0')}`
    const inst: Institution = { code, name, type, level, admdvs, tier }
    institutions.push(inst)
    return inst
  }
  const countyHospitals = [
    hospital('辰溪县人民医院', 'HOSPITAL', 2),
    hospital('辰溪县中医医院', 'HOSPITAL', 2),
    hospital('辰溪县妇幼保健院', 'HOSPITAL', 2),
    hospital('辰溪县第二人民医院', 'HOSPITAL', 2),
    hospital('辰溪仁和骨伤医院', 'HOSPITAL', 2),
  ]
  const townshipHospitals = TOWNS.map((t) => hospital(`辰溪县${t}卫生院`, 'HOSPITAL', 1))
  const privateHospitals = PRIVATE_HOSPITALS.map((n) => hospital(`辰溪${n}医院`, 'HOSPITAL', 1))
  const outsideHospitals = [
    hospital('怀化市第一人民医院', 'HOSPITAL', 3, '431202', 'CITY'),
    hospital('湖南省人民医院', 'HOSPITAL', 3, '430102', 'PROVINCE'),
  ]
  const villageClinics: Institution[] = []
  const villageTown: number[] = []
  const nVillages = plan.institutionsByType.VILLAGE_CLINIC
  const usedNames = new Set<string>()
  for (let i = 0; i < nVillages; i++) {
    const town = Math.floor((i * TOWNS.length) / nVillages)
    let name = ''
    for (let k = 0; name === '' || usedNames.has(name); k++) {
      const a = VILLAGE_A.charAt((i * 7 + k * 3) % VILLAGE_A.length)
      const b = VILLAGE_B.charAt((i * 5 + k) % VILLAGE_B.length)
      name = `辰溪县${TOWNS[town] ?? ''}${a}${b}村卫生室`
    }
    usedNames.add(name)
    villageClinics.push(hospital(name, 'VILLAGE_CLINIC', 0))
    villageTown.push(town)
  }
  const clinics = CLINICS.slice(0, plan.institutionsByType.CLINIC).map((n) =>
    hospital(`辰溪${n}诊所`, 'CLINIC', 0)
  )
  const pharmacies: Institution[] = []
  for (let i = 0; i < plan.institutionsByType.PHARMACY; i++) {
    const brand = PHARMACY_BRANDS[i % PHARMACY_BRANDS.length] ?? ''
    const town = TOWNS[Math.floor(i / PHARMACY_BRANDS.length) % TOWNS.length] ?? ''
    const branch = Math.floor(i / (PHARMACY_BRANDS.length * TOWNS.length)) + 1
    pharmacies.push(
      hospital(`辰溪${brand}大药房${town}${branch > 1 ? `${branch}` : ''}店`, 'PHARMACY', 0)
    )
  }

  const staff: Staff[] = []
  const staffLinks: StaffLink[] = []
  const staffOf = new Map<string, InstitutionStaff>()
  const deptsOf = new Map<string, string[]>()
  const seqByKind: Record<StaffKind, number> = { DOCTOR: 0, NURSE: 0, PHARMACIST: 0, TECHNICIAN: 0 }
  const prefix: Record<StaffKind, string> = {
    DOCTOR: 'D',
    NURSE: 'N',
    PHARMACIST: 'Y',
    TECHNICIAN: 'J',
  }
  const person = (
    inst: Institution,
    kind: StaffKind,
    title: string,
    dept: string | null
  ): string => {
    const code = `${prefix[kind]}${adm}${String(++seqByKind[kind]).padStart(5, '0')}`
    staff.push({ code, name: chineseName(rng, rng.chance(0.5) ? '1' : '2'), kind, title })
    const begin = `20${String(rng.int(5, 23)).padStart(2, '0')}-${String(rng.int(1, 12)).padStart(2, '0')}-01`
    staffLinks.push({
      staffCode: code,
      institutionCode: inst.code,
      deptCode: dept,
      begin,
      end: null,
    })
    return code
  }
  const staffInstitution = (
    inst: Institution,
    depts: string[],
    doctorsPerDept: number,
    nurses: number,
    pharmacists: number,
    technicians: number,
    doctorTitle?: string
  ): void => {
    const s: InstitutionStaff = {
      doctors: new Map(),
      nurses: [],
      pharmacists: [],
      technicians: [],
    }
    deptsOf.set(inst.code, depts)
    for (const dept of depts) {
      const list: string[] = []
      for (let i = 0; i < doctorsPerDept; i++) {
        const title = doctorTitle ?? DOCTOR_TITLES[rng.weighted(DOCTOR_WEIGHTS)] ?? '住院医师'
        list.push(person(inst, 'DOCTOR', title, dept))
      }
      s.doctors.set(dept, list)
    }
    for (let i = 0; i < nurses; i++) {
      const title = ['主管护师', '护师', '护士'][rng.weighted([2, 4, 4])] ?? '护士'
      s.nurses.push(person(inst, 'NURSE', title, depts[i % depts.length] ?? null))
    }
    for (let i = 0; i < pharmacists; i++) {
      const title =
        inst.type === 'PHARMACY'
          ? '执业药师'
          : (['主管药师', '药师'][rng.weighted([1, 2])] ?? '药师')
      s.pharmacists.push(person(inst, 'PHARMACIST', title, inst.type === 'PHARMACY' ? null : 'A99'))
    }
    for (let i = 0; i < technicians; i++) {
      const title = ['主管技师', '技师'][rng.weighted([1, 2])] ?? '技师'
      s.technicians.push(person(inst, 'TECHNICIAN', title, i % 2 === 0 ? 'A30' : 'A32'))
    }
    staffOf.set(inst.code, s)
  }
  countyHospitals.forEach((h, i) => {
    const depts =
      i === 1
        ? ['A50', 'A03', 'A04']
        : i === 2
          ? ['A05', 'A07']
          : i === 4
            ? ['A04', 'A03']
            : ['A03', 'A04', 'A05', 'A07', 'A50']
    staffInstitution(h, depts, 10, 60, 6, 10)
  })
  for (const h of townshipHospitals) staffInstitution(h, ['A02', 'A03', 'A04', 'A50'], 2, 10, 1, 2)
  for (const h of privateHospitals) staffInstitution(h, ['A03', 'A04'], 3, 8, 1, 1)
  for (const h of outsideHospitals) staffInstitution(h, ['A03', 'A04', 'A05', 'A07'], 8, 20, 4, 6)
  for (const v of villageClinics) staffInstitution(v, ['A02'], rng.int(1, 2), 0, 0, 0, '乡村医生')
  for (const c of clinics) staffInstitution(c, ['A02'], rng.int(1, 2), 1, 0, 0)
  for (const p of pharmacies) staffInstitution(p, [], 0, 0, rng.int(1, 2), 0)
  // 多点执业: a few county doctors also practise at a private hospital.
  for (let i = 0; i < privateHospitals.length; i++) {
    const county = staffOf.get(countyHospitals[0]?.code ?? '')
    const doctor = county?.doctors.get('A04')?.[i]
    const priv = privateHospitals[i]
    if (doctor !== undefined && priv) {
      staffLinks.push({
        staffCode: doctor,
        institutionCode: priv.code,
        deptCode: 'A04',
        begin: '2024-03-01',
        end: null,
      })
    }
  }

  const priceCaps: PriceCap[] = []
  for (const item of catalog.items.values()) {
    if (item.listType === '102') continue
    for (let level = 0; level <= 3; level++) {
      priceCaps.push({
        admdvs: adm,
        code: item.code,
        level: level as InstitutionLevel,
        cap: capOf(item.basePrice, level),
        begin: plan.periodStart,
        end: null,
      })
    }
  }
  return {
    region,
    institutions,
    capabilities: demoCapabilities(institutions, plan.periodStart),
    staff,
    staffLinks,
    priceCaps,
    countyHospitals,
    townshipHospitals,
    privateHospitals,
    outsideHospitals,
    villageClinics,
    clinics,
    pharmacies,
    villageTown,
    staffOf,
    deptsOf,
  }
}

/** Capability codes of the demo register (服务能力登记). */
export const CAPABILITY_ICU = 'ICU'
export const CAPABILITY_LAMINAR = 'LAMINAR'

/**
 * The demo capability register: every hospital of level 2 or more has an intensive care unit
 * (`ICU`) and a laminar-flow clean ward (`LAMINAR`); 一级 hospitals have `ICU` only (the clean
 * background bills 重症监护 at township hospitals); clinics, village clinics and pharmacies have
 * none. Each entry starts on the first day of the period and does not end.
 *
 * @param institutions - the region's institutions
 * @param beginDate - first day of the period (YYYY-MM-DD)
 * @returns one entry per institution and capability
 */
export function demoCapabilities(
  institutions: readonly Institution[],
  beginDate: string
): InstitutionCapability[] {
  const out: InstitutionCapability[] = []
  for (const inst of institutions) {
    if (inst.type !== 'HOSPITAL' || inst.level < 1) continue
    const caps = inst.level >= 2 ? [CAPABILITY_ICU, CAPABILITY_LAMINAR] : [CAPABILITY_ICU]
    for (const capability of caps) {
      out.push({ institutionCode: inst.code, capability, beginDate, endDate: null })
    }
  }
  return out
}

/**
 * The price cap (PriceE4) of an item with a base price in fen at an institution level.
 *
 * @param basePrice - 三级 base price in fen
 * @param level - institution level 0–3 (0 uses the 一级 factor)
 * @returns the cap in ten-thousandths of a yuan, a whole number of fen
 */
export function capOf(basePrice: number, level: number): number {
  const factor = LEVEL_PRICE_FACTOR[level] ?? 1
  return Math.round(basePrice * factor) * 100
}
