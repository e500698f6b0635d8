// SPDX-License-Identifier: Apache-2.0
import { dayDate, groupBy } from '../data.js'
import type { ScreeningData, ScreeningEncounter } from '../data.js'
import type { ScreeningHit } from '../hit.js'

// ICD-10 chapters and categories that only one sex can have, and perinatal conditions (P00–P96)
// that an adult cannot have.
const FEMALE_ONLY = /^(O|N7[0-7]|N8|N9[0-8]|C5[1-8]|D0[67]|D2[5-8]|D39|Z3[2-9])/
const MALE_ONLY = /^(N4[0-9]|N5[01]|C6[0-3]|D29|D40)/
const PERINATAL = /^P/

/** Why an encounter cannot be the insured person's own, or null. */
function identityConflict(
  e: ScreeningEncounter,
  person: { gender: string; birthDay: number; deathDay: number | null } | undefined,
  stays: readonly ScreeningEncounter[]
): string | null {
  if (!person) return null
  if (person.deathDay !== null && e.beginDay > person.deathDay)
    return `参保人已于${dayDate(person.deathDay)}死亡，${dayDate(e.beginDay)}仍发生结算`
  const open = stays.find(
    (s) =>
      s !== e &&
      s.institutionCode !== e.institutionCode &&
      s.beginDay < e.beginDay &&
      e.beginDay < s.endDay
  )
  if (open)
    return `${dayDate(open.beginDay)}至${dayDate(open.endDay)}在${open.institutionCode}住院期间，${dayDate(e.beginDay)}又在${e.institutionCode}结算`
  const dx = e.mainDiag ?? ''
  if (person.gender === '1' && FEMALE_ONLY.test(dx)) return `男性参保人的诊断为女性疾病（${dx}）`
  if (person.gender === '2' && MALE_ONLY.test(dx)) return `女性参保人的诊断为男性疾病（${dx}）`
  if (PERINATAL.test(dx) && e.beginDay - person.birthDay >= 366)
    return `${Math.floor((e.beginDay - person.birthDay) / 365.25)}岁参保人的诊断为围产期疾病（${dx}）`
  return null
}

/**
 * 冒名就医 (F5): encounters that cannot be the insured person's own — after the person's death,
 * while the person is in hospital elsewhere (the admission and discharge days tolerated), or with
 * a main diagnosis that the person's sex or age excludes. The whole fund payment is suspect.
 */
export function impersonation(data: ScreeningData): ScreeningHit[] {
  const hits: ScreeningHit[] = []
  for (const [psnNo, encounters] of groupBy(data.encounters, (e) => e.psnNo)) {
    const person = data.persons.get(psnNo)
    const stays = encounters.filter((e) => e.kind === 'INPATIENT')
    for (const e of encounters) {
      const why = identityConflict(e, person, stays)
      if (!why) continue
      hits.push({
        pattern: 'F5',
        subject: 'ENCOUNTER',
        subjectId: e.id,
        institutionCode: e.institutionCode,
        psnNo,
        mdtrtId: e.id,
        amount: e.fundPaid,
        score: why.includes('死亡') ? 0.95 : 0.75,
        clusterId: null,
        explanation: { summary: why, encounters: [e.id], days: [dayDate(e.beginDay)] },
      })
    }
  }
  return hits
}
