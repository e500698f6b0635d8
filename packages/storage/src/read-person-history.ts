// SPDX-License-Identifier: Apache-2.0
import type { Person, PersonRecords } from '@yibao/domain'
import type { Queryable } from './database.js'
import type { EncounterPeriod } from './person-records.js'
import { periodCondition } from './person-records.js'
import type { RecordKind, RecordTable, RecordTypes } from './record-tables.js'
import { RECORD_TABLES } from './record-tables.js'
import { recordsFromTextRows, recordTextArray } from './records-from-copy-text.js'

/** One person's records; `person` is undefined when the person is not stored. */
export interface PersonHistory extends Omit<PersonRecords, 'persons'> {
  readonly person: Person | undefined
}

/**
 * The kinds of a history, each read as one JSON array of text arrays. Rows hanging off an
 * encounter are found through `mdtrt_id = ANY(…)`, which keeps to the index whatever the
 * statistics say (a join may be planned as a scan of the whole table before ANALYZE).
 */
const OF_ENCOUNTERS = 'x.mdtrt_id = ANY (ARRAY(SELECT mdtrt_id FROM e))'
const PARTS = [
  ['persons', 'person x WHERE x.psn_no = $1', ''],
  ['identities', 'person_identity x WHERE x.psn_no = $1', 'x.begin_date, x.type COLLATE "C"'],
  ['encounters', 'e x', 'x.begin_time, x.mdtrt_id COLLATE "C"'],
  ['diagnoses', `diagnosis x WHERE ${OF_ENCOUNTERS}`, ''],
  ['operations', `operation x WHERE ${OF_ENCOUNTERS}`, ''],
  ['feeLines', `fee_line x WHERE ${OF_ENCOUNTERS}`, 'x.fee_time, x.feedetl_sn COLLATE "C"'],
  ['settlements', `settlement x WHERE ${OF_ENCOUNTERS}`, 'x.setl_time, x.setl_id COLLATE "C"'],
] as const satisfies readonly (readonly [RecordKind, string, string])[]

/** The one statement of a history read, by period shape (built once each). */
const statements = new Map<string, string>()

function statement(condition: string): string {
  let sql = statements.get(condition)
  if (sql === undefined) {
    const columns = PARTS.map(([kind, from, order]) => {
      const array = recordTextArray(RECORD_TABLES[kind], 'x')
      const orderBy = order === '' ? '' : ` ORDER BY ${order}`
      return `(SELECT json_agg(${array}${orderBy})::text FROM ${from}) AS "${kind}"`
    })
    sql =
      `WITH e AS (SELECT * FROM encounter e WHERE e.psn_no = $1${condition === '' ? '' : ` AND ${condition}`})` +
      ` SELECT ${columns.join(', ')}`
    statements.set(condition, sql)
  }
  return sql
}

function parse<K extends RecordKind>(kind: K, json: unknown): RecordTypes[K][] {
  if (typeof json !== 'string') return []
  const rows = JSON.parse(json) as (string | null)[][]
  return recordsFromTextRows(RECORD_TABLES[kind] as RecordTable<K>, rows)
}

/**
 * Reads one person's records for real-time audit (3101/3102): identities, and the encounters
 * beginning in the period with their diagnoses, operations, fee lines and settlements, sorted by
 * time. One statement, one round trip: each kind comes back as a JSON array of its rows' text
 * values, converted by the same rules as COPY output.
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
  const cond = periodCondition(period, 2)
  // One statement text per period shape: prepared, it is planned once per connection.
  const [row] = await db.query(statement(cond.sql), [psnNo, ...cond.params], { prepare: true })
  const encounters = parse('encounters', row?.encounters)
  // Diagnoses and operations in encounter order, then by their sequence number.
  const order = new Map(encounters.map((e, i) => [e.mdtrtId, i]))
  const inEncounterOrder = <T extends { mdtrtId: string; seq: number }>(xs: T[]): T[] =>
    xs.sort((a, b) => order.get(a.mdtrtId)! - order.get(b.mdtrtId)! || a.seq - b.seq)
  return {
    person: parse('persons', row?.persons)[0],
    identities: parse('identities', row?.identities),
    encounters,
    diagnoses: inEncounterOrder(parse('diagnoses', row?.diagnoses)),
    operations: inEncounterOrder(parse('operations', row?.operations)),
    feeLines: parse('feeLines', row?.feeLines),
    settlements: parse('settlements', row?.settlements),
  }
}
