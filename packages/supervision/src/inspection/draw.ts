// SPDX-License-Identifier: Apache-2.0
import type { InstitutionLevel, InstitutionType } from '@yibao/domain'
import { badRequest, OutcomeError } from '@yibao/domain'
import { SeededStream, weightedOrder } from '../seeded-stream.js'

// 双随机、一公开 (domain.md §8): objects drawn at random from the object register with ratios per
// type raised for low credit and high risk, teams of certified inspectors drawn at random with
// conflicts avoided. The draw depends only on the plan, the registers and the seed, so that
// anyone can reproduce it from the published record.

/** Version of the draw algorithm, recorded with every draw. */
export const DRAW_ALGORITHM =
  'yibao-draw/1 (sha256 counter PRNG; Efraimidis–Spirakis weighted sampling; least-loaded teams)'

/** A designated institution in the object register (检查对象名录库). */
export interface InspectionObject {
  readonly code: string
  readonly name: string
  readonly type: InstitutionType
  readonly level: InstitutionLevel
  readonly admdvs: string
  /** Credit level A–D, or null when not rated. */
  readonly credit: string | null
  /** Risk score 0–1 (e.g. the share of its settled amount flagged by the audit). */
  readonly risk: number
}

/** An inspector in the register (执法检查人员名录库). */
export interface Inspector {
  readonly id: string
  readonly name: string
  /** 执法证 number; inspectors without one are not drawn. */
  readonly certificate: string | null
  readonly specialty: string
  readonly unit: string
  /** Institutions the inspector declared a conflict with (former employer, family, interest). */
  readonly conflicts: readonly string[]
}

/** A random-inspection plan. */
export interface InspectionPlan {
  readonly id: string
  readonly name: string
  /** Share of each type's objects to draw, in basis points; ⌈ratio × count⌉, at least `minPerType`. */
  readonly ratioBp: Readonly<Partial<Record<InstitutionType, number>>>
  readonly minPerType: number
  /** Weight multiplier by credit level; unrated objects use `unrated`. */
  readonly creditWeights: Readonly<Record<string, number>>
  readonly unrated: number
  /** weight = credit weight × (1 + riskFactor × risk). */
  readonly riskFactor: number
  readonly teamSize: number
  /** Only objects of this region (absent: all). */
  readonly admdvs?: string
}

/** One drawn object with its team and the inspectors passed over for a conflict (回避). */
export interface DrawnObject {
  readonly object: InspectionObject
  readonly weight: number
  readonly team: readonly string[]
  readonly avoided: readonly string[]
}

/** A draw's full record. */
export interface Draw {
  readonly planId: string
  readonly seed: number
  readonly algorithm: string
  readonly objects: readonly DrawnObject[]
  readonly byType: Readonly<Partial<Record<InstitutionType, { register: number; drawn: number }>>>
}

/** The default plan: more pharmacies and clinics than hospitals, low credit and high risk first. */
export const DEFAULT_INSPECTION_PLAN: InspectionPlan = {
  id: 'default',
  name: '年度双随机抽查计划（默认）',
  ratioBp: { HOSPITAL: 2000, CLINIC: 1000, VILLAGE_CLINIC: 300, PHARMACY: 500 },
  minPerType: 1,
  creditWeights: { A: 0.5, B: 1, C: 2, D: 3 },
  unrated: 1,
  riskFactor: 4,
  teamSize: 2,
}

const TYPE_ORDER: readonly InstitutionType[] = ['HOSPITAL', 'CLINIC', 'VILLAGE_CLINIC', 'PHARMACY']

/**
 * Draws objects and teams. Objects: per type, ⌈ratio × register⌉ (at least `minPerType`, at most
 * all) by weighted sampling without replacement, the weight from credit and risk. Teams: for each
 * drawn object in code order, `teamSize` certified inspectors without a conflict with it, the
 * least loaded first and ties broken at random; a conflicted inspector is passed over (回避) and
 * recorded. Refuses (400) a type it cannot staff.
 */
export function drawInspection(
  plan: InspectionPlan,
  objects: readonly InspectionObject[],
  inspectors: readonly Inspector[],
  seed: number
): Draw {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new OutcomeError(badRequest(`seed：应为非负整数，收到 ${seed}`, 'seed'))
  }
  const register = [...objects]
    .filter((o) => plan.admdvs === undefined || o.admdvs === plan.admdvs)
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const byType: Partial<Record<InstitutionType, { register: number; drawn: number }>> = {}
  const drawn: { object: InspectionObject; weight: number }[] = []
  for (const type of TYPE_ORDER) {
    const pool = register.filter((o) => o.type === type)
    const ratio = plan.ratioBp[type] ?? 0
    if (pool.length === 0 || ratio === 0) continue
    const n = Math.min(
      pool.length,
      Math.max(plan.minPerType, Math.ceil((pool.length * ratio) / 10_000))
    )
    const keyed = weightedOrder(
      pool,
      (o) => {
        const credit =
          o.credit === null ? plan.unrated : (plan.creditWeights[o.credit] ?? plan.unrated)
        return credit * (1 + plan.riskFactor * Math.min(1, Math.max(0, o.risk)))
      },
      seed,
      `objects:${type}`
    )
    drawn.push(...keyed.slice(0, n).map(({ item, weight }) => ({ object: item, weight })))
    byType[type] = { register: pool.length, drawn: n }
  }
  drawn.sort((a, b) => (a.object.code < b.object.code ? -1 : 1))
  const certified = inspectors.filter((i) => i.certificate !== null && i.certificate !== '')
  const load = new Map(certified.map((i) => [i.id, 0]))
  const teamStream = new SeededStream(seed, 'teams')
  const result = drawn.map(({ object, weight }): DrawnObject => {
    const order = certified
      .map((i) => ({ i, key: teamStream.next() }))
      .sort((a, b) => load.get(a.i.id)! - load.get(b.i.id)! || a.key - b.key)
    const team: string[] = []
    const avoided: string[] = []
    for (const { i } of order) {
      if (team.length === plan.teamSize) break
      if (i.conflicts.includes(object.code)) {
        avoided.push(i.id)
        continue
      }
      team.push(i.id)
    }
    if (team.length < plan.teamSize) {
      throw new OutcomeError(
        badRequest(
          `inspectors：${object.code}（${object.name}）只能配 ${team.length} 名无利害关系的持证检查人员，少于 ${plan.teamSize} 名`,
          'inspectors'
        )
      )
    }
    for (const id of team) load.set(id, load.get(id)! + 1)
    return { object, weight: Math.round(weight * 10_000) / 10_000, team, avoided }
  })
  return { planId: plan.id, seed, algorithm: DRAW_ALGORITHM, objects: result, byType }
}

/**
 * A demo register of inspectors for a region's institutions: `n` certified officers of the
 * bureau and its agency (one without a certificate, who is never drawn), each declaring a
 * conflict with a few institutions chosen from the seed.
 */
export function demoInspectors(institutionCodes: readonly string[], n = 12, seed = 1): Inspector[] {
  const stream = new SeededStream(seed, 'demo-inspectors')
  const surnames = [
    '王',
    '李',
    '张',
    '刘',
    '陈',
    '杨',
    '黄',
    '赵',
    '吴',
    '周',
    '徐',
    '孙',
    '马',
    '朱',
  ]
  const given = ['建', '国', '红', '梅', '志', '强', '秀', '英', '海', '燕', '文', '军', '丽', '华']
  const specialties = ['医疗', '药学', '财务', '信息', '法制']
  const units = ['医疗保障局', '医疗保障事务中心', '医疗保障基金监管所']
  const codes = [...institutionCodes].sort()
  return Array.from({ length: n + 1 }, (_, k): Inspector => {
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(stream.next() * xs.length)]!
    const conflicts = new Set<string>()
    const count = 1 + Math.floor(stream.next() * 3)
    while (conflicts.size < Math.min(count, codes.length)) conflicts.add(pick(codes))
    return {
      id: `JC${String(k + 1).padStart(3, '0')}`,
      name: `${pick(surnames)}${pick(given)}${pick(given)}`,
      certificate: k === n ? null : `湘医保执 ${String(20250001 + k)}`,
      specialty: pick(specialties),
      unit: pick(units),
      conflicts: [...conflicts].sort(),
    }
  })
}
