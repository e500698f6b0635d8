// SPDX-License-Identifier: Apache-2.0
import type { Database } from './database.js'
import { RECORD_KINDS, RECORD_TABLES } from './record-tables.js'

/**
 * Tables emptied by `clearRecords`: every record table, plus what was derived from the records
 * (findings and the audit runs that made them, real-time results and their feedback, ingest
 * flags, import batches) and the review chain built on them. Knowledge packs, meta, rule
 * overrides, API keys, users, review policies, the audit log and the schema stay.
 */
export const CLEARED_TABLES: readonly string[] = [
  ...RECORD_KINDS.map((k) => RECORD_TABLES[k].table),
  'finding',
  'audit_run',
  'hsa_result',
  'hsa_feedback',
  'ingest_flag',
  'import_batch',
  // The review chain of the findings above: their states, batches, appeals, samples, deductions.
  'finding_review',
  'appeal_attachment',
  'dispatch_batch',
  'review_sample_item',
  'review_sample',
  'deduction',
  'job',
  // The settlement engine's recomputation of the records.
  'settlement_check',
  // What the institutions were paid for the records: statements, their cases, deposits, clearings.
  'payment_case',
  'payment_statement',
  'deposit_ledger',
  'payment_clearing',
  // Screening runs over the records: hits, risk scores, clusters (the clues they raised stay).
  'screening_cluster',
  'screening_risk',
  'screening_hit',
  'screening_run',
]

/**
 * Empties all record tables in one transaction, before a demo region is rebuilt. A crash leaves
 * either everything or nothing removed.
 *
 * @param db - the database
 */
export async function clearRecords(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.exec(`TRUNCATE ${CLEARED_TABLES.join(', ')}`)
  })
}
