// SPDX-License-Identifier: Apache-2.0
import type { IsoDate, Person, PersonRecords } from '@yibao/domain'
import type { Queryable, SqlValue } from './database.js'
import type { RecordKind, RecordTable, RecordTypes } from './record-tables.js'
import { RECORD_TABLES } from './record-tables.js'
import { copyRecords, recordCopyColumns } from './records-from-copy-text.js'
import { sqlLiteral } from './sql-literal.js'

/** A period of encounters: from / to are calendar dates (Asia/Shanghai), both included. */
export interface EncounterPeriod {
  /** First day of encounter begin. */
  from?: IsoDate | undefined
  /** Last day of encounter begin. */
  to?: IsoDate | undefined
}

/**
 * The SQL condition on encounter `e` for a period, with its parameters numbered from `first`.
 * Encounters are chosen by their begin time; everything hanging off an encounter (diagnoses,
 * operations, fee lines, settlements) follows its encounter, so a stay that crosses the end of
 * the period stays whole.
 */
export function periodCondition(
  period: EncounterPeriod,
  first: number,
  alias = 'e'
): { sql: string; params: SqlValue[] } {
  const parts: string[] = []
  const params: SqlValue[] = []
  if (period.from !== undefined) {
    params.push(period.from)
    parts.push(
      `${alias}.begin_time >= $${first + params.length - 1}::date::timestamp AT TIME ZONE 'Asia/Shanghai'`
    )
  }
  if (period.to !== undefined) {
    params.push(period.to)
    parts.push(
      `${alias}.begin_time < ($${first + params.length - 1}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`
    )
  }
  return { sql: parts.join(' AND '), params }
}

/** The period condition on encounter `e` with the dates inlined (COPY takes no parameters). */
function periodLiteralCondition(period: EncounterPeriod): string {
  const parts: string[] = []
  if (period.from !== undefined) {
    parts.push(
      `e.begin_time >= ${sqlLiteral(period.from, 'date')}::timestamp AT TIME ZONE 'Asia/Shanghai'`
    )
  }
  if (period.to !== undefined) {
    parts.push(
      `e.begin_time < (${sqlLiteral(period.to, 'date')} + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`
    )
  }
  return parts.join(' AND ')
}

async function select<K extends RecordKind>(
  db: Queryable,
  kind: K,
  alias: string,
  sql: (columns: string) => string
): Promise<RecordTypes[K][]> {
  const table = RECORD_TABLES[kind] as RecordTable<K>
  return copyRecords(db, kind, sql(recordCopyColumns(table, alias)))
}

/** `ARRAY['a', 'b']::text[]`: COPY takes no parameters. */
function textArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => sqlLiteral(v, 'text')).join(', ')}]::text[]`
}

/**
 * Reads the records of the given persons (already read) for a period: a handful of short
 * indexed queries, one per kind.
 *
 * @param db - the database
 * @param persons - the persons, in byte order of `psnNo`
 * @param period - encounters by begin date; identities are read whole
 * @returns the records of those persons
 */
export async function readPersonRecords(
  db: Queryable,
  persons: Person[],
  period: EncounterPeriod = {}
): Promise<PersonRecords> {
  const ids = persons.map((p) => p.psnNo)
  if (ids.length === 0) {
    return {
      persons,
      identities: [],
      encounters: [],
      diagnoses: [],
      operations: [],
      feeLines: [],
      settlements: [],
    }
  }
  const cond = periodLiteralCondition(period)
  const inPeriod = cond === '' ? '' : ` AND ${cond}`
  const idList = textArray(ids)
  // Identities and encounters are independent reads, and so are the four reads that follow the
  // encounters: on PostgreSQL each group runs concurrently over the pool (PGlite queues them).
  const [identities, encounters] = await Promise.all([
    select(
      db,
      'identities',
      'x',
      (c) =>
        `SELECT ${c} FROM person_identity x WHERE x.psn_no = ANY(${idList})` +
        ` ORDER BY x.psn_no COLLATE "C", x.begin_date, x.type COLLATE "C"`
    ),
    select(
      db,
      'encounters',
      'e',
      (c) =>
        `SELECT ${c} FROM encounter e WHERE e.psn_no = ANY(${idList})${inPeriod}` +
        ` ORDER BY e.psn_no COLLATE "C", e.begin_time, e.mdtrt_id COLLATE "C"`
    ),
  ])
  if (encounters.length === 0) {
    return {
      persons,
      identities,
      encounters,
      diagnoses: [],
      operations: [],
      feeLines: [],
      settlements: [],
    }
  }
  // Settlements are read by person when every encounter is wanted (one index range per person),
  // else by the encounters of the period. Fee lines are always read through their encounters:
  // fee_line keeps a single secondary index (mdtrt_id) so that bulk loads stay fast.
  const mdtrtIds = encounters.map((e) => e.mdtrtId)
  const [column, keys] = cond === '' ? ['psn_no', idList] : ['mdtrt_id', textArray(mdtrtIds)]
  const byEncounter = `mdtrt_id = ANY(${textArray(mdtrtIds)})`
  const order = new Map(mdtrtIds.map((id, i) => [id, i]))
  const inEncounterOrder = <T extends { mdtrtId: string; seq: number }>(xs: T[]): T[] =>
    xs.sort((a, b) => order.get(a.mdtrtId)! - order.get(b.mdtrtId)! || a.seq - b.seq)
  const [diagnoses, operations, feeLines, settlements] = await Promise.all([
    select(db, 'diagnoses', 'x', (c) => `SELECT ${c} FROM diagnosis x WHERE ${byEncounter}`).then(
      inEncounterOrder
    ),
    select(db, 'operations', 'x', (c) => `SELECT ${c} FROM operation x WHERE ${byEncounter}`).then(
      inEncounterOrder
    ),
    select(
      db,
      'feeLines',
      'x',
      (c) =>
        `SELECT ${c} FROM fee_line x WHERE x.${byEncounter}` +
        ` ORDER BY x.psn_no COLLATE "C", x.fee_time, x.feedetl_sn COLLATE "C"`
    ),
    select(
      db,
      'settlements',
      'x',
      (c) =>
        `SELECT ${c} FROM settlement x WHERE x.${column} = ANY(${keys})` +
        ` ORDER BY x.psn_no COLLATE "C", x.setl_time, x.setl_id COLLATE "C"`
    ),
  ])
  return { persons, identities, encounters, diagnoses, operations, feeLines, settlements }
}
