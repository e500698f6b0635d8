// SPDX-License-Identifier: Apache-2.0
import type { ScreeningData } from './data.js'
import type { ScreeningHit } from './hit.js'
import { companionClusters, companions } from './models/companions.js'
import type { CompanionCluster } from './models/companions.js'
import { doctorOutliers } from './models/doctors.js'
import { impersonation } from './models/identity.js'
import { capabilityGaps, institutionOutliers, pharmacySwaps } from './models/institutions.js'
import { ghostBeds, splitAdmissions } from './models/stays.js'
import type { ScreeningParams } from './params.js'
import { DEFAULT_SCREENING_PARAMS } from './params.js'
import { encounterRisks, subjectRisks } from './risk.js'
import type { RiskScore } from './risk.js'

/** What one screening run found. */
export interface ScreeningResult {
  readonly hits: readonly ScreeningHit[]
  readonly clusters: readonly CompanionCluster[]
  readonly encounterRisks: readonly RiskScore[]
  readonly institutionRisks: readonly RiskScore[]
  readonly doctorRisks: readonly RiskScore[]
}

/** Progress of a run: the step done and how many there are. */
export type ScreeningProgress = (step: string, done: number, of: number) => void

/**
 * Runs every screening model over the data, then scores encounters, institutions and doctors.
 * Pure: the same data and parameters give the same result, hits in model then subject order.
 */
export function screen(
  data: ScreeningData,
  params: ScreeningParams = DEFAULT_SCREENING_PARAMS,
  progress?: ScreeningProgress
): ScreeningResult {
  const steps = 10
  let done = 0
  const step = <T>(name: string, f: () => T): T => {
    const r = f()
    progress?.(name, ++done, steps)
    return r
  }
  const clusters = step('结伴就医共现图', () => companionClusters(data, params))
  const institutions = step('机构指标', () => institutionOutliers(data, params))
  const doctors = step('医生指标', () => doctorOutliers(data, params))
  const hits: ScreeningHit[] = [
    ...step('挂床住院', () => ghostBeds(data, params)),
    ...step('分解住院', () => splitAdmissions(data, params)),
    ...step('冒名就医', () => impersonation(data)),
    ...step('结伴就医', () => companions(data, params, clusters)),
    ...step('药店串换', () => pharmacySwaps(data, params)),
    ...step('虚记费用', () => capabilityGaps(data, params)),
    ...institutions.hits.filter((h) => h.pattern === 'Z1'),
    ...institutions.hits.filter((h) => h.pattern === 'ZB'),
    ...doctors.hits,
  ]
  return step('风险评分', () => ({
    hits,
    clusters,
    encounterRisks: encounterRisks(hits),
    institutionRisks: subjectRisks(
      'INSTITUTION',
      institutions.profiles.map((p) => ({
        id: p.subject.institution.code,
        institutionCode: p.subject.institution.code,
        readings: p.readings,
      })),
      hits
    ),
    doctorRisks: subjectRisks(
      'DOCTOR',
      doctors.profiles.map((p) => ({
        id: p.subject.doctor,
        institutionCode: p.subject.institution.code,
        readings: p.readings,
      })),
      hits.filter((h) => h.subject === 'DOCTOR')
    ),
  }))
}
