// SPDX-License-Identifier: Apache-2.0
import { CAPABILITY_NAMES, capabilityOfItem } from '@yibao/domain'
import { capabilityRegisterOf } from '@yibao/audit'
import { dayDate, groupBy } from '../data.js'
import type { ScreeningData, ScreeningEncounter, ScreeningInstitution } from '../data.js'
import type { IndicatorReading, ScreeningHit } from '../hit.js'
import type { ScreeningParams } from '../params.js'
import { fundShare, share, sum, yuan } from './amounts.js'
import { meanSpread, peerProfiles, shareSpread } from './peers.js'
import type { IndicatorDef, Profile } from './peers.js'

/** What an institution did over the period, for its indicators. */
export interface InstitutionActivity {
  readonly institution: ScreeningInstitution
  readonly outpatient: readonly ScreeningEncounter[]
  readonly inpatient: readonly ScreeningEncounter[]
  /** Stays followed by another stay of the person at the institution within 31 days. */
  readonly readmissions: number
  /** Stays whose cost is ≥ 2 × / ≤ 0.5 × the region's mean for their diagnosis category. */
  readonly highCost: number
  readonly lowCost: number
}

/** Indicators of institutions (药占比、耗材占比、检查检验占比、目录外费用占比、次均费用、平均住院日、再入院、高/低倍率). */
export function institutionIndicators(
  params: ScreeningParams
): readonly IndicatorDef<InstitutionActivity>[] {
  const minOut = params.institutionMinEncounters
  const minIn = Math.max(5, Math.round(params.institutionMinEncounters / 3))
  return [
    {
      name: '门诊药占比',
      value: (a) => share(a.outpatient, (e) => e.drug, minOut),
      minSpread: shareSpread,
    },
    {
      name: '门诊检查检验占比',
      value: (a) => share(a.outpatient, (e) => e.examLab, minOut),
      minSpread: shareSpread,
    },
    {
      name: '门诊耗材占比',
      value: (a) => share(a.outpatient, (e) => e.consumable, minOut),
      minSpread: shareSpread,
    },
    {
      name: '门诊次均费用',
      value: (a) =>
        a.outpatient.length < minOut
          ? null
          : sum(a.outpatient, (e) => e.total) / a.outpatient.length,
      minSpread: meanSpread,
    },
    {
      name: '住院药占比',
      value: (a) => share(a.inpatient, (e) => e.drug, minIn),
      minSpread: shareSpread,
    },
    {
      name: '住院耗材占比',
      value: (a) => share(a.inpatient, (e) => e.consumable, minIn),
      minSpread: shareSpread,
    },
    {
      name: '住院检查检验占比',
      value: (a) => share(a.inpatient, (e) => e.examLab, minIn),
      minSpread: shareSpread,
    },
    {
      name: '目录外费用占比',
      value: (a) => share(a.inpatient, (e) => e.selfPaid, minIn),
      minSpread: shareSpread,
    },
    {
      name: '住院次均费用',
      value: (a) =>
        a.inpatient.length < minIn ? null : sum(a.inpatient, (e) => e.total) / a.inpatient.length,
      minSpread: meanSpread,
    },
    {
      name: '平均住院日',
      value: (a) =>
        a.inpatient.length < minIn
          ? null
          : sum(a.inpatient, (e) => e.endDay - e.beginDay) / a.inpatient.length,
      minSpread: (m) => Math.max(0.5, m * 0.1),
    },
    {
      name: '31天再入院率',
      value: (a) => (a.inpatient.length < minIn ? null : a.readmissions / a.inpatient.length),
      minSpread: shareSpread,
    },
    {
      name: '高倍率病例占比',
      value: (a) => (a.inpatient.length < minIn ? null : a.highCost / a.inpatient.length),
      minSpread: shareSpread,
    },
    {
      name: '低倍率病例占比',
      value: (a) => (a.inpatient.length < minIn ? null : a.lowCost / a.inpatient.length),
      minSpread: shareSpread,
    },
  ]
}

/** Each institution's activity (not pharmacies: their item mix is read by `pharmacySwaps`). */
export function institutionActivities(data: ScreeningData): InstitutionActivity[] {
  const byInst = groupBy(data.encounters, (e) => e.institutionCode)
  const inpatient = data.encounters.filter((e) => e.kind === 'INPATIENT')
  const meanByDiag = new Map<string, number>()
  for (const [cat, stays] of groupBy(inpatient, (e) => (e.mainDiag ?? '').slice(0, 3)))
    if (stays.length >= 5) meanByDiag.set(cat, sum(stays, (e) => e.total) / stays.length)
  return data.institutions
    .filter((i) => i.type !== 'PHARMACY')
    .map((institution) => {
      const own = byInst.get(institution.code) ?? []
      const stays = own.filter((e) => e.kind === 'INPATIENT')
      let readmissions = 0
      let highCost = 0
      let lowCost = 0
      for (const [, list] of groupBy(stays, (e) => e.psnNo)) {
        list.sort((a, b) => a.beginDay - b.beginDay)
        for (let i = 1; i < list.length; i++) {
          const gap =
            (list[i] as ScreeningEncounter).beginDay - (list[i - 1] as ScreeningEncounter).endDay
          if (gap >= 0 && gap <= 31) readmissions++
        }
      }
      for (const e of stays) {
        const mean = meanByDiag.get((e.mainDiag ?? '').slice(0, 3))
        if (mean === undefined) continue
        if (e.total >= 2 * mean) highCost++
        else if (e.total <= 0.5 * mean) lowCost++
      }
      return {
        institution,
        outpatient: own.filter((e) => e.kind === 'OUTPATIENT'),
        inpatient: stays,
        readmissions,
        highCost,
        lowCost,
      }
    })
}

/** Readings at or beyond the outlier threshold, on the high side. */
const outlying = (readings: readonly IndicatorReading[], z: number): IndicatorReading[] =>
  readings.filter((r) => r.z >= z)

const describe = (r: IndicatorReading): string => {
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`
  const fmt =
    r.name.includes('占比') || r.name.includes('率')
      ? pct
      : r.name.includes('费用')
        ? (v: number) => `${(v / 100).toFixed(2)}元`
        : (v: number) => v.toFixed(1)
  return `${r.name}${fmt(r.value)}（同类中位数${fmt(r.peerMedian)}，z=${r.z.toFixed(1)}）`
}

/**
 * Institution indicators against the peer group of the same type and level: 药占比 beyond the
 * outlier threshold is a Z1 hit, any other indicator beyond it a ZB hit (one per institution).
 */
export function institutionOutliers(
  data: ScreeningData,
  params: ScreeningParams
): { profiles: Profile<InstitutionActivity>[]; hits: ScreeningHit[] } {
  const profiles = peerProfiles(
    institutionActivities(data),
    (a) => `${a.institution.type}:${a.institution.level}`,
    institutionIndicators(params),
    params.minPeers
  )
  const hits: ScreeningHit[] = []
  for (const p of profiles) {
    const high = outlying(p.readings, params.outlierZ)
    const drug = high.filter((r) => r.name.endsWith('药占比'))
    const other = high.filter((r) => !r.name.endsWith('药占比'))
    const a = p.subject
    const all = [...a.outpatient, ...a.inpatient]
    if (drug.length > 0) {
      // Excess drug spending over the peers' share, in the settings that are outliers.
      let excess = 0
      for (const r of drug) {
        const es = r.name.startsWith('门诊') ? a.outpatient : a.inpatient
        const total = sum(es, (e) => e.total)
        const fund = sum(es, (e) => e.fundPaid)
        excess += total > 0 ? Math.round((r.value - r.peerMedian) * fund) : 0
      }
      hits.push(institutionHit('Z1', a.institution, Math.max(0, excess), drug, all))
    }
    if (other.length > 0) hits.push(institutionHit('ZB', a.institution, 0, other, all))
  }
  return { profiles, hits }
}

function institutionHit(
  pattern: string,
  inst: ScreeningInstitution,
  amount: number,
  readings: IndicatorReading[],
  encounters: readonly ScreeningEncounter[]
): ScreeningHit {
  const top = Math.max(...readings.map((r) => r.z))
  return {
    pattern,
    subject: 'INSTITUTION',
    subjectId: inst.code,
    institutionCode: inst.code,
    psnNo: null,
    mdtrtId: null,
    amount,
    score: Math.min(1, 0.4 + top / 20),
    clusterId: null,
    explanation: {
      summary: `${inst.name}：${readings.map(describe).join('；')}（${encounters.length}人次）`,
      indicators: readings,
    },
  }
}

/**
 * 药店串换 (F6): a pharmacy whose sales lean on one catalogue item far beyond what its peers
 * sell of it (goods of daily life swiped as drugs). The lean is the item's share of the
 * pharmacy's sales minus its share of all other pharmacies' sales; outliers by robust z-score
 * across pharmacies that also lean at least 20 points. The amount is the excess sales.
 */
export function pharmacySwaps(data: ScreeningData, params: ScreeningParams): ScreeningHit[] {
  const pharmacies = new Map(
    data.institutions.filter((i) => i.type === 'PHARMACY').map((i) => [i.code, i] as const)
  )
  const sales = data.pharmacySales.filter((s) => pharmacies.has(s.institutionCode))
  const pooled = new Map<string, number>()
  let pooledTotal = 0
  for (const s of sales) {
    pooled.set(s.code, (pooled.get(s.code) ?? 0) + s.amount)
    pooledTotal += s.amount
  }
  interface Lean {
    readonly code: string
    readonly total: number
    readonly lines: number
    readonly item: string
    readonly name: string
    readonly share: number
    readonly peerShare: number
    readonly lean: number
  }
  const leans: Lean[] = []
  for (const [code, list] of groupBy(sales, (s) => s.institutionCode)) {
    const total = list.reduce((s, x) => s + x.amount, 0)
    const lines = list.reduce((s, x) => s + x.lines, 0)
    if (lines < params.pharmacyMinLines || total <= 0) continue
    let best: Lean | null = null
    for (const x of list) {
      const others = pooledTotal - total
      const peerShare = others > 0 ? ((pooled.get(x.code) ?? 0) - x.amount) / others : 0
      const share = x.amount / total
      const lean = share - peerShare
      if (!best || lean > best.lean)
        best = { code, total, lines, item: x.code, name: x.name, share, peerShare, lean }
    }
    if (best) leans.push(best)
  }
  const profiles = peerProfiles(
    leans,
    () => 'PHARMACY',
    [{ name: '单品销售偏离度', value: (l) => l.lean, minSpread: shareSpread }],
    params.minPeers
  )
  const hits: ScreeningHit[] = []
  for (const p of profiles) {
    const r = p.readings[0]
    const l = p.subject
    const inst = pharmacies.get(l.code)
    if (!r || !inst || r.z < params.outlierZ || l.lean < 0.2) continue
    hits.push({
      pattern: 'F6',
      subject: 'INSTITUTION',
      subjectId: l.code,
      institutionCode: l.code,
      psnNo: null,
      mdtrtId: null,
      amount: Math.round(l.lean * l.total),
      score: Math.min(1, 0.5 + r.z / 20),
      clusterId: null,
      explanation: {
        summary: `${inst.name}的【${l.name}】占其销售额${(l.share * 100).toFixed(1)}%，其他药店仅${(l.peerShare * 100).toFixed(1)}%（偏离度z=${r.z.toFixed(1)}），疑以药品名义刷卡销售生活用品`,
        indicators: [{ ...r, name: `【${l.name}】销售占比偏离` }],
      },
    })
  }
  return hits
}

/**
 * 虚记费用 (F7): items that need a registered capability (层流洁净病房、重症监护 …) billed by
 * an institution that had no such capability on the day. One hit per encounter. Nothing is
 * flagged while the register is empty.
 */
export function capabilityGaps(data: ScreeningData, params: ScreeningParams): ScreeningHit[] {
  // The same look-up the audit rule YB-F7-1 uses; without a register nothing is compared.
  const register = capabilityRegisterOf(data.capabilities)
  if (register === null) return []
  const needs = (code: string): string | undefined => capabilityOfItem(code, params.capabilityItems)
  const byId = new Map(data.encounters.map((e) => [e.id, e] as const))
  const gaps = data.capabilityLines.filter((l) => {
    const cap = needs(l.code)
    return cap !== undefined && !register(l.institutionCode, cap, dayDate(l.day))
  })
  const hits: ScreeningHit[] = []
  for (const [mdtrtId, lines] of groupBy(gaps, (l) => l.mdtrtId)) {
    const e = byId.get(mdtrtId)
    const first = lines[0]
    if (!e || !first) continue
    const amount = lines.reduce((s, l) => s + l.amount, 0)
    const caps = [...new Set(lines.map((l) => needs(l.code) ?? ''))]
    hits.push({
      pattern: 'F7',
      subject: 'ENCOUNTER',
      subjectId: mdtrtId,
      institutionCode: e.institutionCode,
      psnNo: e.psnNo,
      mdtrtId,
      amount: fundShare(e, amount),
      score: 0.9,
      clusterId: null,
      explanation: {
        summary: `机构未登记${caps.map((c) => CAPABILITY_NAMES[c] ?? c).join('、')}服务能力，却收取【${first.name}】等${lines.length}项费用${yuan(amount)}元`,
        encounters: [mdtrtId],
      },
    })
  }
  return hits
}
