// SPDX-License-Identifier: Apache-2.0
import { OutcomeError } from '@yibao/domain'
import type { OutcomeIssue } from '@yibao/domain'
import type { Database } from '../database.js'
import { DuckStage } from './duck-stage.js'
import type { TableCounts } from './import-report.js'
import { runIngest } from './ingest-pipeline.js'
import type { IngestOptions } from './ingest-pipeline.js'
import { stageSettlementMessage } from './stage-settlement-message.js'

/** What `ingestSettlementMessage` did. */
export interface SettlementIngestResult {
  /** `created`: new records were stored; `unchanged`: the same settlement was already stored. */
  readonly status: 'created' | 'unchanged'
  /** The `import_batch` row of this message. */
  readonly batchId: number
  /** Counts per national table (and `payinfo`). */
  readonly counts: Readonly<Record<string, TableCounts>>
  /** Codes unknown to the knowledge pack, flagged in `ingest_flag`. */
  readonly flags: number
}

/**
 * Stores one settlement sent to `POST /api/v1/settlements`, through the same validation and
 * load pipeline as file imports. Two shapes are accepted, both in national field names:
 * `{ mdtrt_d: {…}, setl_d: {…}, fee_list_d: […], setl_list_diag_d?: […], setl_list_oprn_d?: […] }`
 * and the 4101A settlement list `{ setlinfo: {…}, diseinfo: […], oprninfo: […], payinfo: […],
 * fee_list_d: […] }`. Values a list record leaves out (its `mdtrt_id`, `setl_id`, `psn_no`,
 * `fixmedins_code`) are taken from the settlement.
 *
 * @param db - the system of record
 * @param message - the parsed JSON body
 * @returns `created` or `unchanged` (a re-sent identical settlement) with counts
 * @throws OutcomeError `invalid` listing every bad field by path (`fee_list_d[2].det_item_fee_sumamt`),
 *   or `conflict` when a stored id is sent again with other content; nothing is stored then
 * @example
 * ```ts
 * const r = await ingestSettlementMessage(db, body, { codes })
 * reply.status(r.status === 'created' ? 201 : 200).send(r)
 * ```
 */
export async function ingestSettlementMessage(
  db: Database,
  message: unknown,
  options: IngestOptions
): Promise<SettlementIngestResult> {
  const stage = await DuckStage.open()
  try {
    const input = await stageSettlementMessage(stage, message)
    const report = await runIngest(db, stage, input, { maxIssues: 200, ...options })
    switch (report.status) {
      case 'imported':
      case 'unchanged':
        return {
          status: report.status === 'imported' ? 'created' : 'unchanged',
          batchId: report.batchId,
          counts: report.tables,
          flags: report.flags,
        }
      case 'rejected':
      case 'conflict': {
        const code = report.status === 'rejected' ? 'invalid' : 'conflict'
        const issues = report.issues.map((i): OutcomeIssue => ({
          severity: 'error',
          code,
          message: i.message,
          path: i.path,
        }))
        throw new OutcomeError({ issues })
      }
      default:
        report.status satisfies never
        throw new Error('unreachable')
    }
  } finally {
    await stage.close()
  }
}
