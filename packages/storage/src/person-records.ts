// SPDX-License-Identifier: Apache-2.0
import type {
  Diagnosis,
  Encounter,
  FeeLine,
  IsoDate,
  Operation,
  Person,
  PersonIdentity,
  PersonRecords,
  Settlement,
} from '@yibao/domain'
import type { Queryable, SqlValue } from './database.js'
import type { RecordKind, RecordTable, RecordTypes } from './record-tables.js'
import { RECORD_TABLES, recordSelectList, recordsFromRows } from './record-tables.js'
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

/**
 * Up to this many persons are read with plain SELECTs run concurrently (real time on
 * PostgreSQL), more with COPY (chunks). PGlite always reads with COPY: it decodes a COPY blob
 * faster than the row messages of a SELECT, and runs one statement at a time anyway.
 */
const SELECT_PERSONS = 4

/** How a read is done: COPY for chunks of persons, plain SELECT for a few (real time). */
type ReadMode = 'copy' | 'select'

/** A parameter of a person read: a text or a text array. */
type ReadParam = string | readonly string[]

/**
 * One read: a SELECT with parameters (prepared once, planned once), or the same statement with
 * the parameters written in for COPY (which takes none).
 */
async function select<K extends RecordKind>(
  db: Queryable,
  mode: ReadMode,
  kind: K,
  alias: string,
  sql: (columns: string) => string,
  params: readonly ReadParam[]
): Promise<RecordTypes[K][]> {
  const table = RECORD_TABLES[kind] as RecordTable<K>
  if (mode === 'select') {
    return recordsFromRows(
      table,
      await db.query(sql(recordSelectList(table, alias)), params as SqlValue[])
    )
  }
  const inlined = sql(recordCopyColumns(table, alias)).replace(/\$(\d+)/g, (_, n: string) => {
    const v = params[Number(n) - 1]!
    return typeof v === 'string' ? sqlLiteral(v, 'text') : textArray(v)
  })
  return copyRecords(db, kind, inlined)
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
  // $1 is the person numbers; the period's dates follow.
  const cond = periodCondition(period, 2)
  const inPeriod = cond.sql === '' ? '' : ` AND ${cond.sql}`
  const personParams: ReadParam[] = [ids, ...(cond.params as string[])]
  // A few persons (real time) are read with SELECTs run concurrently; chunks with COPY.
  const pglite = 'kind' in db && (db as { kind?: string }).kind === 'pglite'
  const mode: ReadMode = !pglite && ids.length <= SELECT_PERSONS ? 'select' : 'copy'
  const readIdentities = (): Promise<PersonIdentity[]> =>
    select(
      db,
      mode,
      'identities',
      'x',
      (c) =>
        `SELECT ${c} FROM person_identity x WHERE x.psn_no = ANY($1::text[])` +
        ` ORDER BY x.psn_no COLLATE "C", x.begin_date, x.type COLLATE "C"`,
      [ids]
    )
  const readEncounters = (): Promise<Encounter[]> =>
    select(
      db,
      mode,
      'encounters',
      'e',
      (c) =>
        `SELECT ${c} FROM encounter e WHERE e.psn_no = ANY($1::text[])${inPeriod}` +
        ` ORDER BY e.psn_no COLLATE "C", e.begin_time, e.mdtrt_id COLLATE "C"`,
      personParams
    )
  // SELECTs run concurrently (on PostgreSQL over the pool); COPYs one after another, since a
  // connection in COPY mode takes no other statement.
  const [identities, encounters] =
    mode === 'select'
      ? await Promise.all([readIdentities(), readEncounters()])
      : [await readIdentities(), await readEncounters()]
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
  const [column, keys] = cond.sql === '' ? ['psn_no', ids] : ['mdtrt_id', mdtrtIds]
  const order = new Map(mdtrtIds.map((id, i) => [id, i]))
  const inEncounterOrder = <T extends { mdtrtId: string; seq: number }>(xs: T[]): T[] =>
    xs.sort((a, b) => order.get(a.mdtrtId)! - order.get(b.mdtrtId)! || a.seq - b.seq)
  const byEncounter = 'mdtrt_id = ANY($1::text[])'
  const readDiagnoses = (): Promise<Diagnosis[]> =>
    select(db, mode, 'diagnoses', 'x', (c) => `SELECT ${c} FROM diagnosis x WHERE ${byEncounter}`, [
      mdtrtIds,
    ])
  const readOperations = (): Promise<Operation[]> =>
    select(
      db,
      mode,
      'operations',
      'x',
      (c) => `SELECT ${c} FROM operation x WHERE ${byEncounter}`,
      [mdtrtIds]
    )
  const readFeeLines = (): Promise<FeeLine[]> =>
    select(
      db,
      mode,
      'feeLines',
      'x',
      (c) =>
        `SELECT ${c} FROM fee_line x WHERE x.${byEncounter}` +
        ` ORDER BY x.psn_no COLLATE "C", x.fee_time, x.feedetl_sn COLLATE "C"`,
      [mdtrtIds]
    )
  const readSettlements = (): Promise<Settlement[]> =>
    select(
      db,
      mode,
      'settlements',
      'x',
      (c) =>
        `SELECT ${c} FROM settlement x WHERE x.${column} = ANY($1::text[])` +
        ` ORDER BY x.psn_no COLLATE "C", x.setl_time, x.setl_id COLLATE "C"`,
      [keys]
    )
  const [diagnoses, operations, feeLines, settlements] =
    mode === 'select'
      ? await Promise.all([readDiagnoses(), readOperations(), readFeeLines(), readSettlements()])
      : [
          await readDiagnoses(),
          await readOperations(),
          await readFeeLines(),
          await readSettlements(),
        ]
  inEncounterOrder(diagnoses)
  inEncounterOrder(operations)
  return { persons, identities, encounters, diagnoses, operations, feeLines, settlements }
}
