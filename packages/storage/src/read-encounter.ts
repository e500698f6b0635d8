// SPDX-License-Identifier: Apache-2.0
import type {
  Diagnosis,
  Encounter,
  FeeLine,
  Operation,
  Settlement,
  SettlementFundDetail,
} from '@yibao/domain'
import type { Queryable } from './database.js'
import { readRecords } from './read-records.js'

/** An encounter with everything that hangs off it. */
export interface EncounterRecords {
  readonly encounter: Encounter
  readonly diagnoses: Diagnosis[]
  readonly operations: Operation[]
  /** Sorted by time. */
  readonly feeLines: FeeLine[]
  /**
   * The settlement, or several (a refund and its re-settlement, interim settlements of a long
   * stay), sorted by time.
   */
  readonly settlements: Settlement[]
  /** Fund details of those settlements. */
  readonly fundDetails: SettlementFundDetail[]
}

/**
 * Reads one encounter with its diagnoses, operations, fee lines, settlements and their fund
 * details.
 *
 * @param db - the database
 * @param mdtrtId - the encounter id
 * @returns the records, or undefined when no such encounter is stored
 */
export async function readEncounter(
  db: Queryable,
  mdtrtId: string
): Promise<EncounterRecords | undefined> {
  const [encounter] = await readRecords(db, 'encounters', {
    where: 'mdtrt_id = $1',
    params: [mdtrtId],
  })
  if (encounter === undefined) return undefined
  const byEncounter = { where: 'mdtrt_id = $1', params: [mdtrtId] }
  const diagnoses = (await readRecords(db, 'diagnoses', byEncounter)).sort((a, b) => a.seq - b.seq)
  const operations = (await readRecords(db, 'operations', byEncounter)).sort(
    (a, b) => a.seq - b.seq
  )
  const feeLines = (await readRecords(db, 'feeLines', byEncounter)).sort((a, b) =>
    a.time === b.time ? 0 : Date.parse(a.time) - Date.parse(b.time)
  )
  const settlements = (await readRecords(db, 'settlements', byEncounter)).sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time)
  )
  const fundDetails =
    settlements.length === 0
      ? []
      : await readRecords(db, 'fundDetails', {
          where: 'setl_id = ANY($1::text[])',
          params: [settlements.map((s) => s.setlId)],
        })
  return { encounter, diagnoses, operations, feeLines, settlements, fundDetails }
}
