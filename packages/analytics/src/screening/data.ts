// SPDX-License-Identifier: Apache-2.0
import type { EncounterKind, Gender, InstitutionCapability, InstitutionType } from '@yibao/domain'

/** An institution as screening sees it. */
export interface ScreeningInstitution {
  readonly code: string
  readonly name: string
  readonly type: InstitutionType
  readonly level: number
}

/** A person as screening sees it. Days are counted from 1970-01-01 in Asia/Shanghai. */
export interface ScreeningPerson {
  readonly psnNo: string
  readonly gender: Gender
  readonly birthDay: number
  readonly deathDay: number | null
}

/**
 * One encounter with its fee totals by kind (integer fen). Times are minutes and days since
 * 1970-01-01 in Asia/Shanghai, so that "the same day" and "within 30 minutes" are simple sums.
 */
export interface ScreeningEncounter {
  readonly id: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly kind: EncounterKind
  readonly beginMinute: number
  readonly beginDay: number
  readonly endDay: number
  readonly mainDiag: string | null
  readonly doctor: string | null
  readonly readmitPlanned: boolean
  /** 医疗费总额. */
  readonly total: number
  /** 药品 (西药、中成药、中药饮片). */
  readonly drug: number
  /** 卫生材料. */
  readonly consumable: number
  /** 检查、化验. */
  readonly examLab: number
  /** 全自费 (目录外). */
  readonly selfPaid: number
  /** 基金支付. */
  readonly fundPaid: number
  /** 个人账户支付. */
  readonly accountPaid: number
}

/** Fees of one inpatient day: all of it, and whether anything but bed, consultation and nursing. */
export interface StayDay {
  readonly mdtrtId: string
  readonly day: number
  readonly amount: number
  readonly active: boolean
}

/** A fee line of an item that needs a registered capability (from `capabilityItems`). */
export interface CapabilityLine {
  readonly feedetlSn: string
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly day: number
  readonly code: string
  readonly name: string
  readonly amount: number
}

/** What a pharmacy sold of one catalogue code over the period. */
export interface PharmacySales {
  readonly institutionCode: string
  readonly code: string
  readonly name: string
  readonly amount: number
  readonly lines: number
}

/** Everything the screening models read; storage builds it from the system of record. */
export interface ScreeningData {
  readonly institutions: readonly ScreeningInstitution[]
  readonly persons: ReadonlyMap<string, ScreeningPerson>
  /** Sorted by person, then begin time. */
  readonly encounters: readonly ScreeningEncounter[]
  /** Inpatient days, sorted by encounter and day. */
  readonly stayDays: readonly StayDay[]
  readonly capabilities: readonly InstitutionCapability[]
  readonly capabilityLines: readonly CapabilityLine[]
  readonly pharmacySales: readonly PharmacySales[]
}

/** Day number (days since 1970-01-01) of an ISO date `YYYY-MM-DD`. */
export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000)
}

/** ISO date `YYYY-MM-DD` of a day number. */
export function dayDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}

/** Groups items by a key, keeping their order. */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const g = groups.get(k)
    if (g) g.push(item)
    else groups.set(k, [item])
  }
  return groups
}
