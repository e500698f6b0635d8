// SPDX-License-Identifier: Apache-2.0
import type { Queryable } from './database.js'
import { RECORD_TABLES } from './record-tables.js'

/** How many records of each kind the database holds. */
export interface RecordCounts {
  readonly institutions: number
  readonly persons: number
  readonly identities: number
  readonly staff: number
  readonly encounters: number
  readonly settlements: number
  readonly feeLines: number
  readonly diagnoses: number
  readonly operations: number
  readonly findings: number
  /** Injected violations of a synthetic region, per violation type code. */
  readonly truth: Record<string, number>
  readonly truthTotal: number
}

const COUNTED = [
  'institutions',
  'persons',
  'identities',
  'staff',
  'encounters',
  'settlements',
  'feeLines',
  'diagnoses',
  'operations',
] as const

/**
 * Counts the records of each kind (exact `count(*)`; about 0.1 s per million rows on PGlite).
 *
 * @param db - the database
 * @returns the counts
 */
export async function countRecords(db: Queryable): Promise<RecordCounts> {
  const selects = COUNTED.map((k) => `(SELECT count(*) FROM ${RECORD_TABLES[k].table}) AS "${k}"`)
  const [row] = await db.query<Record<string, number>>(
    `SELECT ${selects.join(', ')}, (SELECT count(*) FROM finding) AS "findings"`
  )
  const truthRows = await db.query<{ type: string; n: number }>(
    `SELECT type, count(*) AS n FROM ${RECORD_TABLES.truth.table} GROUP BY type ORDER BY type`
  )
  const truth: Record<string, number> = {}
  let truthTotal = 0
  for (const r of truthRows) {
    truth[r.type] = r.n
    truthTotal += r.n
  }
  const n = (k: string): number => row?.[k] ?? 0
  return {
    institutions: n('institutions'),
    persons: n('persons'),
    identities: n('identities'),
    staff: n('staff'),
    encounters: n('encounters'),
    settlements: n('settlements'),
    feeLines: n('feeLines'),
    diagnoses: n('diagnoses'),
    operations: n('operations'),
    findings: n('findings'),
    truth,
    truthTotal,
  }
}
