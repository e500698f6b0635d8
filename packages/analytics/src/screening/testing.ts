// SPDX-License-Identifier: Apache-2.0
import type { InstitutionCapability } from '@yibao/domain'
import type {
  CapabilityLine,
  PharmacySales,
  ScreeningData,
  ScreeningEncounter,
  ScreeningInstitution,
  ScreeningPerson,
  StayDay,
} from './data.js'
import { dayNumber } from './data.js'

/** Day number of a date, for tests. */
export const d = dayNumber

/** An encounter with sensible defaults: an outpatient visit of 100 yuan, 60 % paid by the fund. */
export function encounter(
  e: Partial<ScreeningEncounter> & Pick<ScreeningEncounter, 'id' | 'psnNo' | 'institutionCode'>
): ScreeningEncounter {
  const beginDay = e.beginDay ?? d('2025-03-01')
  const total = e.total ?? 10_000
  return {
    kind: 'OUTPATIENT',
    beginDay,
    endDay: beginDay,
    beginMinute: beginDay * 1440 + 9 * 60,
    mainDiag: 'J06.900',
    doctor: null,
    readmitPlanned: false,
    total,
    drug: Math.round(total * 0.4),
    consumable: 0,
    examLab: 0,
    selfPaid: 0,
    fundPaid: Math.round(total * 0.6),
    accountPaid: 0,
    ...e,
  }
}

/** A person, male and born in 1960 unless told otherwise. */
export function person(psnNo: string, p: Partial<ScreeningPerson> = {}): ScreeningPerson {
  return { psnNo, gender: '1', birthDay: d('1960-05-01'), deathDay: null, ...p }
}

/** An institution, a level-1 hospital unless told otherwise. */
export function institution(
  code: string,
  p: Partial<ScreeningInstitution> = {}
): ScreeningInstitution {
  return { code, name: `机构${code}`, type: 'HOSPITAL', level: 1, ...p }
}

/** Screening data from its parts; persons default to every psnNo of the encounters. */
export function screeningData(parts: {
  institutions?: ScreeningInstitution[]
  persons?: ScreeningPerson[]
  encounters?: ScreeningEncounter[]
  stayDays?: StayDay[]
  capabilities?: InstitutionCapability[]
  capabilityLines?: CapabilityLine[]
  pharmacySales?: PharmacySales[]
}): ScreeningData {
  const encounters = [...(parts.encounters ?? [])].sort((a, b) =>
    a.psnNo < b.psnNo ? -1 : a.psnNo > b.psnNo ? 1 : a.beginMinute - b.beginMinute
  )
  const persons = new Map<string, ScreeningPerson>()
  for (const e of encounters) persons.set(e.psnNo, person(e.psnNo))
  for (const p of parts.persons ?? []) persons.set(p.psnNo, p)
  const codes = new Set(encounters.map((e) => e.institutionCode))
  const institutions = parts.institutions ?? [...codes].sort().map((c) => institution(c))
  return {
    institutions,
    persons,
    encounters,
    stayDays: parts.stayDays ?? [],
    capabilities: parts.capabilities ?? [],
    capabilityLines: parts.capabilityLines ?? [],
    pharmacySales: parts.pharmacySales ?? [],
  }
}
