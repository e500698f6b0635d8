// SPDX-License-Identifier: Apache-2.0
import type { Institution } from '@yibao/domain'
import { fenToYuan, lineAmount } from '@yibao/domain'
import type { DemoCatalog, DemoDrug } from '../demo-catalog.js'
import { BED_FEE_CODE, LAMINAR_BED_CODE } from '../demo-catalog.js'
import type { InjectContext, Injector } from '../injector.js'
import { hashString } from '../random.js'
import type { ReferenceData } from '../reference-data.js'
import { capOf } from '../reference-data.js'
import type { DraftEncounter, DraftLine } from '../timeline.js'
import { newOutpatient, pickEncounter, removeEncounter } from './injector-helpers.js'

/** Charge types of drugs (西药 09, 中药饮片 10, 中成药 11), for the drug share. */
const DRUG_CHARGE_TYPES: ReadonlySet<string> = new Set(['09', '10', '11'])

/** Drug share of an encounter's charges (0 for an empty encounter), and its drug charges (fen). */
export function drugShareOf(lines: readonly Pick<DraftLine, 'chargeType' | 'amount'>[]): {
  share: number
  drug: number
  total: number
} {
  let drug = 0
  let total = 0
  for (const l of lines) {
    total += l.amount
    if (DRUG_CHARGE_TYPES.has(l.chargeType)) drug += l.amount
  }
  return { share: total > 0 ? drug / total : 0, drug, total }
}

/** Lowest drug share of a Z1 encounter (a 大处方: nearly all of it drugs). */
export const Z1_MIN_SHARE = 0.85
/**
 * Lowest drug charges (fen) of a Z1 encounter: above what a background outpatient visit at a
 * township hospital can reach (普通门诊: at most four drugs, one of them an injection of ≤ ¥150 for
 * ≤ 6 units, about ¥1,140; 门诊慢特病: three oral drugs for 30 days, about ¥810).
 */
export const Z1_MIN_DRUG = 150_000
/** Drug charges (fen) above which a Z1 prescription only aims at the lowest drawn share, 88 %. */
const Z1_MAX_DRUG = 400_000
/** F6 purchases cost ¥100–300. */
const F6_AMOUNT: readonly [number, number] = [10_000, 30_000]

/** The township hospital where the Z1 injector prescribes (the second last one). */
export function z1Hospital(ref: ReferenceData): Institution | undefined {
  return ref.townshipHospitals[ref.townshipHospitals.length - 2]
}

/** The pharmacies that swipe insurance cards for daily goods (F6): every 30th from the 12th. */
export function swapPharmacies(ref: ReferenceData): Institution[] {
  return ref.pharmacies.filter((_, i) => i % 30 === 11)
}

/** A swap pharmacy with the drug it records and the price per box (PriceE4) it charges. */
export interface SwapShop {
  readonly inst: Institution
  readonly drug: DemoDrug
  /** PriceE4 per box, ¥30–59. */
  readonly price: number
}

// Vitamins and calcium (XA11 / XA12) that a pharmacy sells over the counter; the background never
// picks these categories for outpatient or pharmacy diagnoses.
const SWAP_NAME = /维生素|钙|硒/
const SWAP_EXCLUDED = /小儿|骨化|钾/

const swapCache = new WeakMap<ReferenceData, SwapShop[]>()

/**
 * The swap pharmacies and the drug each records instead of the daily goods it sells: a local-code
 * oral vitamin or calcium drug without knowledge points, different per pharmacy and chosen from the
 * pharmacy code, billed per box at a fixed price of ¥30–59.
 *
 * @param catalog - the demo catalogue
 * @param ref - the region's reference data
 * @returns one entry per swap pharmacy (empty when the catalogue has no candidate drug)
 */
export function swapShops(catalog: DemoCatalog, ref: ReferenceData): SwapShop[] {
  const cached = swapCache.get(ref)
  if (cached) return cached
  const seen = new Set<string>()
  const candidates: DemoDrug[] = []
  for (const d of catalog.drugs) {
    if (d.national || d.form !== 'ORAL' || seen.has(d.code)) continue
    if (!/^XA1[12]/.test(d.categoryCode) || !SWAP_NAME.test(d.name) || SWAP_EXCLUDED.test(d.name))
      continue
    seen.add(d.code)
    candidates.push(d)
  }
  candidates.sort((a, b) => a.code.localeCompare(b.code))
  const shops: SwapShop[] = []
  const used = new Set<string>()
  for (const inst of swapPharmacies(ref)) {
    if (candidates.length === 0) break
    const h = hashString(inst.code)
    let drug: DemoDrug | undefined
    for (let k = 0; k < candidates.length && !drug; k++) {
      const c = candidates[(h + k) % candidates.length]
      if (c && !used.has(c.code)) drug = c
    }
    if (!drug) break
    used.add(drug.code)
    const yuan = 30 + (hashString(`${inst.code}|${drug.code}`) % 30)
    shops.push({ inst, drug, price: yuan * 10_000 })
  }
  swapCache.set(ref, shops)
  return shops
}

/** Injectors of the patterns that big-data screening looks for (domain.md §1.5.5 F6, F7, Z1). */
export const SCREENING_INJECTORS: readonly Injector[] = [
  {
    code: 'F6',
    description: '定点药店以固定药品名义刷医保卡销售生活用品（药店串换）',
    inject(ctx, [t]) {
      if (!t) return false
      const shops = swapShops(ctx.catalog, ctx.ref)
      if (shops.length === 0) return false
      const shop = ctx.rng.pick(shops)
      const day = ctx.factory.freeDay(t, 0, ctx.factory.lastDay(t))
      if (day < 0 || !ctx.factory.underMonthlyLimit(t, day, true)) return false
      const unit = shop.price / 100
      const q = ctx.rng.int(Math.ceil(F6_AMOUNT[0] / unit), Math.floor(F6_AMOUNT[1] / unit))
      const begin = ctx.rng.int(8 * 3600, 21 * 3600)
      const enc = ctx.builder.open('PHARMACY', '41', shop.inst, day, begin, day, begin + 120)
      enc.doctor = null
      ctx.builder.addDrug(enc, { ...shop.drug, price: shop.price }, q, day, begin, null, 7)
      ctx.factory.add(t, enc)
      enc.truths.push({
        type: 'F6',
        line: null,
        charges: null,
        note: `在${shop.inst.name}以【${shop.drug.name}】名义刷医保卡购买生活用品`,
      })
      return true
    },
  },
  {
    code: 'F7',
    description: '一级医院无层流洁净病房，将普通病房床位费记为层流洁净病房床位费（虚记费用）',
    inject(ctx, [t]) {
      if (!t) return false
      const laminar = ctx.catalog.items.get(LAMINAR_BED_CODE)
      if (!laminar) return false
      const enc = pickEncounter(
        ctx,
        t,
        (e) =>
          e.kind === 'INPATIENT' &&
          e.inst.type === 'HOSPITAL' &&
          e.inst.level === 1 &&
          e.truths.length === 0 &&
          bedLines(e).length >= 4 &&
          !ctx.builder.conflicts(e, laminar.code)
      )
      if (!enc) return false
      const beds = bedLines(enc)
      const k = ctx.rng.int(2, Math.min(4, beds.length))
      const from = ctx.rng.int(0, beds.length - k)
      const price = capOf(laminar.basePrice, enc.inst.level)
      let charges = 0
      for (const line of beds.slice(from, from + k)) {
        line.code = laminar.code
        line.name = laminar.name
        line.listType = laminar.listType
        line.catalogClass = laminar.catalogClass
        line.chargeType = laminar.chargeType
        line.price = price
        line.amount = lineAmount(line.quantity, price)
        charges += line.amount
      }
      enc.truths.push({
        type: 'F7',
        line: null,
        charges,
        note: `${enc.inst.name}无层流洁净病房，收取层流洁净病房床位费${k}天（${fenToYuan(charges)}元）`,
      })
      return true
    },
  },
  {
    code: 'Z1',
    description: '指定乡镇卫生院门诊开大处方，单次就诊药占比85%以上',
    inject(ctx, [t]) {
      const inst = z1Hospital(ctx.ref)
      const pool = ctx.catalog.costlyInjections
      if (!t || !inst || pool.length < 5) return false
      const enc = newOutpatient(ctx, t, inst)
      if (!enc) return false
      const extra = bigPrescription(ctx, enc, pool)
      const { share } = drugShareOf(enc.lines)
      if (extra === 0) {
        removeEncounter(t, enc)
        return false
      }
      enc.truths.push({
        type: 'Z1',
        line: null,
        charges: extra,
        note: `在${inst.name}门诊大处方（药占比${(share * 100).toFixed(1)}%）`,
      })
      return true
    },
  },
]

/** The ordinary bed-fee lines of a stay, by day. */
function bedLines(enc: DraftEncounter): DraftLine[] {
  return enc.lines.filter((l) => l.code === BED_FEE_CODE).sort((a, b) => a.day - b.day)
}

/**
 * Adds 3–5 costly drugs on a second prescription of an outpatient visit so that its drug share
 * reaches at least a drawn 88–96 % (88 % when more would need over ¥4,000) and its drug charges at
 * least `Z1_MIN_DRUG` × 1–1.6 (visits without lab or exam reach 100 %). Returns the charges added, or 0 (having added nothing) when
 * the targets cannot be met.
 */
function bigPrescription(
  ctx: InjectContext,
  enc: DraftEncounter,
  pool: readonly DemoDrug[]
): number {
  const before = drugShareOf(enc.lines)
  const other = before.total - before.drug
  const drawn = 0.88 + 0.08 * ctx.rng.next()
  const need = (share: number): number => Math.ceil((share * other) / (1 - share))
  // A visit with a dear exam keeps to the lowest share rather than a ¥10,000 prescription.
  const target = Math.max(
    need(need(drawn) > Z1_MAX_DRUG ? 0.88 : drawn),
    Math.round(Z1_MIN_DRUG * (1 + 0.6 * ctx.rng.next()))
  )
  const want = target - before.drug
  const taken = new Set(enc.lines.map((l) => l.code))
  const drugs = ctx.rng.shuffle(pool.filter((d) => !taken.has(d.code))).slice(0, ctx.rng.int(3, 5))
  if (drugs.length < 3 || want <= 0) return 0
  const rx = ctx.builder.rxNo()
  const added: DraftLine[] = []
  let left = want
  drugs.forEach((d, i) => {
    const part =
      i === drugs.length - 1 ? left : (left / (drugs.length - i)) * (0.7 + 0.6 * ctx.rng.next())
    const q = Math.max(1, Math.ceil(part / (d.price / 100)))
    const line = ctx.builder.addDrug(
      enc,
      d,
      q,
      enc.beginDay,
      enc.beginSecond + 420 + i * 20,
      rx,
      Math.min(7, Math.ceil(q / 2))
    )
    left -= line.amount
    added.push(line)
  })
  const after = drugShareOf(enc.lines)
  if (after.share < Z1_MIN_SHARE || after.drug < Z1_MIN_DRUG) {
    enc.lines = enc.lines.filter((l) => !added.includes(l))
    return 0
  }
  return added.reduce((s, l) => s + l.amount, 0)
}
