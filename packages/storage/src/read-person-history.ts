// SPDX-License-Identifier: Apache-2.0
import type { Person } from '@yibao/domain'
import type { Queryable } from './database.js'
import type { PersonRecords } from '@yibao/domain'
import type { EncounterPeriod } from './person-records.js'
import { readPersonRecords } from './person-records.js'
import { RECORD_TABLES, recordSelectList, recordsFromRows } from './record-tables.js'

/** One person's records; `person` is undefined when the person is not stored. */
export interface PersonHistory extends Omit<PersonRecords, 'persons'> {
  readonly person: Person | undefined
}

/**
 * Reads one person's records for real-time audit (3101/3102): identities, and the encounters
 * beginning in the period with their diagnoses, operations, fee lines and settlements, sorted by
 * time.
 *
 * @param db - the database
 * @param psnNo - the person number
 * @param period - encounters by begin date (default: all)
 * @returns the history (empty arrays when nothing is stored)
 */
export async function readPersonHistory(
  db: Queryable,
  psnNo: string,
  period: EncounterPeriod = {}
): Promise<PersonHistory> {
  const table = RECORD_TABLES.persons
  const [[person], records] = await Promise.all([
    db
      .query(`SELECT ${recordSelectList(table)} FROM person WHERE psn_no = $1`, [psnNo])
      .then((rows) => recordsFromRows(table, rows)),
    readPersonRecords(db, [{ psnNo } as Person], period),
  ])
  return {
    person,
    identities: records.identities,
    encounters: records.encounters,
    diagnoses: records.diagnoses,
    operations: records.operations,
    feeLines: records.feeLines,
    settlements: records.settlements,
  }
}
