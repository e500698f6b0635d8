// SPDX-License-Identifier: Apache-2.0
import { DEFAULT_CAPABILITY_ITEMS } from '@yibao/domain'

/** Thresholds of the screening models; every one is a configurable default. */
export interface ScreeningParams {
  /** 挂床: consecutive inpatient days with only bed, consultation and nursing fees. */
  readonly ghostBedDays: number
  /** 分解住院: at most this many days from discharge to the next admission, same institution. */
  readonly splitAdmissionDays: number
  /** Main-diagnosis prefixes of planned readmissions (化疗、放疗、透析) that are not 分解住院. */
  readonly plannedDiagPrefixes: readonly string[]
  /** 结伴就医: visits at the same institution whose start times lie within this many minutes. */
  readonly companionMinutes: number
  /** 结伴就医: at least this many persons in a group … */
  readonly companionMinPersons: number
  /** … who came together at least this many times … */
  readonly companionMinTimes: number
  /** … within this many days. */
  readonly companionWindowDays: number
  /** Capability code → item code prefixes that need it (虚记费用). */
  readonly capabilityItems: Readonly<Record<string, readonly string[]>>
  /** Robust z-score from which an indicator is an outlier. */
  readonly outlierZ: number
  /** Encounters an institution needs for its indicators to count. */
  readonly institutionMinEncounters: number
  /** Encounters a doctor needs for its indicators to count. */
  readonly doctorMinEncounters: number
  /** Peer groups (same type and level) need this many members to be compared at all. */
  readonly minPeers: number
  /** Sales lines a pharmacy needs for its item mix to count. */
  readonly pharmacyMinLines: number
}

/** The defaults (domain.md §1.5.5; [K] values kept configurable). */
export const DEFAULT_SCREENING_PARAMS: ScreeningParams = {
  ghostBedDays: 3,
  splitAdmissionDays: 15,
  plannedDiagPrefixes: ['Z51', 'Z49'],
  companionMinutes: 30,
  companionMinPersons: 3,
  companionMinTimes: 3,
  companionWindowDays: 90,
  capabilityItems: DEFAULT_CAPABILITY_ITEMS,
  outlierZ: 3.5,
  institutionMinEncounters: 30,
  doctorMinEncounters: 20,
  pharmacyMinLines: 20,
  minPeers: 8,
}
