// SPDX-License-Identifier: Apache-2.0
import type { Person } from '@yibao/domain'
import type { Queryable, SqlValue } from './database.js'
import type { PersonRecords } from '@yibao/domain'
import type { EncounterPeriod } from './person-records.js'
import { periodCondition, readPersonRecords } from './person-records.js'
import { RECORD_TABLES, recordSelectList, recordsFromRows } from './record-tables.js'

/** Options of `streamPersonChunks`. */
export interface StreamPersonChunksOptions extends EncounterPeriod {
  /** Persons per chunk (default 2000). */
  chunkSize?: number
}

/**
 * Streams every person with their records, in chunks of `chunkSize` persons in byte order of
 * `psn_no` (keyset pagination on the `COLLATE "C"` primary key). With a period, only persons
 * with an encounter beginning in it are included, with those encounters and what hangs off them.
 * Each chunk is a few short indexed queries, so PGlite's thread is never blocked for long and
 * memory stays bounded whatever the size of the region.
 *
 * @param db - the database
 * @param options - chunk size and period
 * @returns the chunks, in person order; a person is never split across chunks
 * @example
 * ```ts
 * for await (const chunk of streamPersonChunks(db, { from: '2024-01-01', to: '2024-12-31' })) {
 *   audit(chunk)
 * }
 * ```
 */
export async function* streamPersonChunks(
  db: Queryable,
  options: StreamPersonChunksOptions = {}
): AsyncGenerator<PersonRecords> {
  const { chunkSize = 2000 } = options
  const size = Math.max(1, Math.floor(chunkSize))
  const period = { from: options.from, to: options.to }
  const cond = periodCondition(period, 3)
  const active =
    cond.sql === ''
      ? ''
      : ` AND EXISTS (SELECT 1 FROM encounter e WHERE e.psn_no = x.psn_no AND ${cond.sql})`
  const table = RECORD_TABLES.persons
  let after = ''
  for (;;) {
    const params: SqlValue[] = [after, size, ...cond.params]
    const persons: Person[] = recordsFromRows(
      table,
      await db.query(
        `SELECT ${recordSelectList(table, 'x')} FROM person x` +
          ` WHERE x.psn_no COLLATE "C" > $1${active}` +
          ` ORDER BY x.psn_no COLLATE "C" LIMIT $2`,
        params
      )
    )
    if (persons.length === 0) return
    yield await readPersonRecords(db, persons, period)
    if (persons.length < size) return
    after = persons[persons.length - 1]!.psnNo
  }
}
