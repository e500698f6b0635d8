// SPDX-License-Identifier: Apache-2.0
import { dayDate, groupBy } from '../data.js'
import type { ScreeningData, ScreeningEncounter } from '../data.js'
import type { ScreeningHit } from '../hit.js'
import type { ScreeningParams } from '../params.js'

/** Two persons who came to the same institution together, and on which days. */
export interface CompanionEdge {
  readonly a: string
  readonly b: string
  readonly institutionCode: string
  /** Days they came together within the window (day numbers, ascending). */
  readonly days: readonly number[]
  /** Their encounters on those days. */
  readonly encounters: readonly string[]
}

/** A group of persons who keep coming together (结伴就医). */
export interface CompanionCluster {
  readonly id: string
  readonly institutionCode: string
  readonly persons: readonly string[]
  readonly edges: readonly CompanionEdge[]
}

/** Longest run of days within `window` days of its first one. */
function densestRun(days: readonly number[], window: number): number[] {
  let best: number[] = []
  let from = 0
  for (let to = 0; to < days.length; to++) {
    while ((days[to] as number) - (days[from] as number) > window) from++
    if (to - from + 1 > best.length) best = days.slice(from, to + 1)
  }
  return best
}

/**
 * The co-occurrence graph of 结伴就医: persons are linked when their visits (outpatient visits
 * and admissions) at the same institution started within `companionMinutes` of each other on at
 * least `companionMinTimes` days within `companionWindowDays`. In each connected part of the
 * graph, the persons who were there on at least `companionMinTimes` days (within the window) when
 * at least `companionMinPersons` of them came together form the cluster.
 */
export function companionClusters(
  data: ScreeningData,
  params: ScreeningParams
): CompanionCluster[] {
  const visits = data.encounters.filter((e) => e.kind === 'OUTPATIENT' || e.kind === 'INPATIENT')
  const pairs = new Map<
    string,
    { days: Set<number>; encounters: Map<string, number>; inst: string }
  >()
  for (const group of groupBy(visits, (e) => `${e.institutionCode}\u0000${e.beginDay}`).values()) {
    if (group.length < 2) continue
    group.sort((x, y) => x.beginMinute - y.beginMinute)
    for (let i = 0; i < group.length; i++) {
      const x = group[i] as ScreeningEncounter
      for (let j = i + 1; j < group.length; j++) {
        const y = group[j] as ScreeningEncounter
        if (y.beginMinute - x.beginMinute > params.companionMinutes) break
        if (x.psnNo === y.psnNo) continue
        const [a, b] = x.psnNo < y.psnNo ? [x.psnNo, y.psnNo] : [y.psnNo, x.psnNo]
        const key = `${x.institutionCode}\u0000${a}\u0000${b}`
        let p = pairs.get(key)
        if (!p) {
          p = { days: new Set(), encounters: new Map(), inst: x.institutionCode }
          pairs.set(key, p)
        }
        p.days.add(x.beginDay)
        p.encounters.set(x.id, x.beginDay).set(y.id, y.beginDay)
      }
    }
  }
  // Edges, then connected components per institution (union–find).
  const edges: CompanionEdge[] = []
  for (const [key, p] of pairs) {
    if (p.days.size < params.companionMinTimes) continue
    const run = densestRun(
      [...p.days].sort((x, y) => x - y),
      params.companionWindowDays
    )
    if (run.length < params.companionMinTimes) continue
    const [, a, b] = key.split('\u0000') as [string, string, string]
    const inRun = new Set(run)
    const encounters = [...p.encounters]
      .filter(([, day]) => inRun.has(day))
      .map(([id]) => id)
      .sort()
    edges.push({ a, b, institutionCode: p.inst, days: run, encounters })
  }
  const parent = new Map<string, string>()
  const find = (x: string): string => {
    let r = x
    while (parent.get(r) !== r) r = parent.get(r) as string
    parent.set(x, r)
    return r
  }
  const node = (inst: string, p: string): string => {
    const k = `${inst}\u0000${p}`
    if (!parent.has(k)) parent.set(k, k)
    return k
  }
  for (const e of edges) {
    const ra = find(node(e.institutionCode, e.a))
    const rb = find(node(e.institutionCode, e.b))
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb)
  }
  // A group day: at least `companionMinPersons` of a component together. A person belongs to the
  // group when present on `companionMinTimes` group days within the window; chance pairs that
  // merely chain into a component (A with B one week, B with C another) do not make a group.
  const byRoot = groupBy(edges, (e) => find(node(e.institutionCode, e.a)))
  const clusters: CompanionCluster[] = []
  for (const [root, own] of byRoot) {
    const together = new Map<number, Set<string>>()
    for (const e of own)
      for (const d of e.days) {
        const set = together.get(d) ?? new Set<string>()
        together.set(d, set.add(e.a).add(e.b))
      }
    const groupDays = new Map<string, number[]>()
    for (const [d, set] of together) {
      if (set.size < params.companionMinPersons) continue
      for (const person of set) groupDays.set(person, [...(groupDays.get(person) ?? []), d])
    }
    const persons = [...groupDays]
      .filter(
        ([, days]) =>
          densestRun(
            days.sort((x, y) => x - y),
            params.companionWindowDays
          ).length >= params.companionMinTimes
      )
      .map(([person]) => person)
      .sort()
    if (persons.length < params.companionMinPersons) continue
    const set = new Set(persons)
    const [inst] = root.split('\u0000') as [string]
    clusters.push({
      id: `F9:${inst}:${persons[0]}`,
      institutionCode: inst,
      persons,
      edges: own.filter((e) => set.has(e.a) && set.has(e.b)),
    })
  }
  return clusters.sort((x, y) => (x.id < y.id ? -1 : 1))
}

/** 结伴就医 (F9): every person of a companion cluster is a hit; the amount is the fund's payment for the group visits. */
export function companions(
  data: ScreeningData,
  params: ScreeningParams,
  clusters: readonly CompanionCluster[] = companionClusters(data, params)
): ScreeningHit[] {
  const byId = new Map(data.encounters.map((e) => [e.id, e] as const))
  const hits: ScreeningHit[] = []
  for (const c of clusters) {
    const days = [...new Set(c.edges.flatMap((e) => e.days))].sort((x, y) => x - y)
    for (const psnNo of c.persons) {
      const own = [
        ...new Set(
          c.edges.flatMap((e) => e.encounters).filter((id) => byId.get(id)?.psnNo === psnNo)
        ),
      ].sort()
      const amount = own.reduce((s, id) => s + (byId.get(id)?.fundPaid ?? 0), 0)
      hits.push({
        pattern: 'F9',
        subject: 'PERSON',
        subjectId: psnNo,
        institutionCode: c.institutionCode,
        psnNo,
        mdtrtId: own.at(-1) ?? null,
        amount,
        score: Math.min(
          1,
          0.5 +
            0.1 * (c.persons.length - params.companionMinPersons) +
            0.1 * (days.length - params.companionMinTimes)
        ),
        clusterId: c.id,
        explanation: {
          summary: `与${c.persons.length - 1}名参保人在${c.institutionCode}同日同时段就诊${days.length}天（${dayDate(days[0] as number)}起${params.companionWindowDays}天内）`,
          persons: c.persons,
          encounters: own,
          days: days.map(dayDate),
        },
      })
    }
  }
  return hits
}
