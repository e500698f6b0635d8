// SPDX-License-Identifier: Apache-2.0
import { groupBy } from '../data.js'
import type { ScreeningData, ScreeningEncounter, ScreeningInstitution } from '../data.js'
import type { ScreeningHit } from '../hit.js'
import type { ScreeningParams } from '../params.js'
import { share, sum } from './amounts.js'
import { meanSpread, peerProfiles, shareSpread } from './peers.js'
import type { Profile } from './peers.js'

/** A doctor's outpatient visits, for the doctor's indicators. */
export interface DoctorActivity {
  readonly doctor: string
  readonly institution: ScreeningInstitution
  readonly visits: readonly ScreeningEncounter[]
}

/**
 * Doctor-level outliers (DOC): outpatient 次均费用, 药占比 and 检查检验占比 of each doctor with
 * at least `doctorMinEncounters` visits, against the doctors of institutions of the same type and
 * level. A doctor beyond the outlier threshold on any of them is a hit.
 */
export function doctorOutliers(
  data: ScreeningData,
  params: ScreeningParams
): { profiles: Profile<DoctorActivity>[]; hits: ScreeningHit[] } {
  const institutions = new Map(data.institutions.map((i) => [i.code, i] as const))
  const outpatient = data.encounters.filter((e) => e.kind === 'OUTPATIENT' && e.doctor !== null)
  const activities: DoctorActivity[] = []
  for (const [key, visits] of groupBy(outpatient, (e) => `${e.institutionCode}\u0000${e.doctor}`)) {
    const [code, doctor] = key.split('\u0000') as [string, string]
    const institution = institutions.get(code)
    if (institution && visits.length >= params.doctorMinEncounters)
      activities.push({ doctor, institution, visits })
  }
  const profiles = peerProfiles(
    activities,
    (a) => `${a.institution.type}:${a.institution.level}`,
    [
      {
        name: '门诊次均费用',
        value: (a) => sum(a.visits, (e) => e.total) / a.visits.length,
        minSpread: meanSpread,
      },
      { name: '门诊药占比', value: (a) => share(a.visits, (e) => e.drug), minSpread: shareSpread },
      {
        name: '门诊检查检验占比',
        value: (a) => share(a.visits, (e) => e.examLab),
        minSpread: shareSpread,
      },
    ],
    params.minPeers
  )
  const hits: ScreeningHit[] = []
  for (const p of profiles) {
    const high = p.readings.filter((r) => r.z >= params.outlierZ)
    if (high.length === 0) continue
    const a = p.subject
    const cost = p.readings.find((r) => r.name === '门诊次均费用')
    const excess = cost
      ? Math.max(0, Math.round((cost.value - cost.peerMedian) * a.visits.length))
      : 0
    const fundRate =
      sum(a.visits, (e) => e.fundPaid) /
      Math.max(
        1,
        sum(a.visits, (e) => e.total)
      )
    hits.push({
      pattern: 'DOC',
      subject: 'DOCTOR',
      subjectId: a.doctor,
      institutionCode: a.institution.code,
      psnNo: null,
      mdtrtId: null,
      amount: Math.round(excess * fundRate),
      score: Math.min(1, 0.3 + Math.max(...high.map((r) => r.z)) / 20),
      clusterId: null,
      explanation: {
        summary: `医生${a.doctor}（${a.institution.name}，门诊${a.visits.length}人次）：${high
          .map(
            (r) =>
              `${r.name}${r.name.includes('占比') ? `${(r.value * 100).toFixed(1)}%` : (r.value / 100).toFixed(2) + '元'}，同类中位数${r.name.includes('占比') ? `${(r.peerMedian * 100).toFixed(1)}%` : (r.peerMedian / 100).toFixed(2) + '元'}（z=${r.z.toFixed(1)}）`
          )
          .join('；')}`,
        indicators: high,
      },
    })
  }
  return { profiles, hits }
}
