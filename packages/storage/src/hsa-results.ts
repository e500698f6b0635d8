// SPDX-License-Identifier: Apache-2.0
import type { Timestamp } from '@yibao/domain'
import type { Database, Queryable } from './database.js'

/** One violation returned by a 3101 (事前) / 3102 (事中) call. */
export interface HsaResultRow {
  /** `jr_id`: the id 3103 feedback refers to. */
  readonly jrId: string
  /** `3101` or `3102`. */
  readonly infno: string
  readonly msgid: string | null
  readonly taskId: string | null
  readonly institutionCode: string | null
  readonly psnNo: string | null
  readonly mdtrtId: string | null
  readonly ruleId: string
  readonly severity: string
  /** Violation amount, fen. */
  readonly amount: number
  /** The national result object as returned. */
  readonly result: unknown
}

/** 3103 feedback on one returned violation. */
export interface HsaFeedbackInput {
  /** `warn_rslt_id`: the `jr_id` of the violation. */
  readonly warnRsltId: string
  /** `1` 事前 / `2` 事中. */
  readonly warnType: string
  /** `1` continue / `2` modify. */
  readonly dspoWay: string
  readonly dspoWayRea: string | null
  readonly institutionCode: string | null
  readonly msgid: string | null
}

/** Stored 3103 feedback. */
export interface HsaFeedback extends HsaFeedbackInput {
  readonly id: number
  readonly receivedAt: Timestamp
}

/** What `saveHsaFeedback` did. */
export interface SaveHsaFeedbackResult {
  /** Rows stored (0 when any id is unknown). */
  readonly saved: number
  /** `warn_rslt_id`s no 3101/3102 call returned, in input order, each once. */
  readonly unknown: string[]
}

/** Rows per INSERT: a bound on one statement's size (feedback: under 65 535 parameters). */
const ROWS_PER_INSERT = 1000

/** `($1, $2, …), (…)` for `rows` rows of `width` parameters, with per-column casts. */
function valuesList(rows: number, casts: readonly string[]): string {
  const width = casts.length
  const tuples: string[] = []
  for (let r = 0; r < rows; r++) {
    tuples.push(`(${casts.map((cast, c) => `$${r * width + c + 1}${cast}`).join(', ')})`)
  }
  return tuples.join(', ')
}

/**
 * One statement for any number of results, which come as one JSON array of rows: the text is the
 * same whatever the count, so it is prepared and planned once per connection (a VALUES list is a
 * new statement for every count), and the rows need no per-value escaping on the way in.
 */
const SAVE_RESULTS = `INSERT INTO hsa_result (jr_id, infno, msgid, task_id, institution_code, psn_no,
                               mdtrt_id, rule_id, severity, amount, result)
  SELECT jr_id, infno, msgid, task_id, institution_code, psn_no, mdtrt_id, rule_id, severity,
         amount, result
  FROM jsonb_to_recordset($1::text::jsonb)
       AS r(jr_id text, infno text, msgid text, task_id text, institution_code text, psn_no text,
            mdtrt_id text, rule_id text, severity text, amount bigint, result jsonb)
  ON CONFLICT (jr_id) DO UPDATE SET infno = EXCLUDED.infno, msgid = EXCLUDED.msgid,
    task_id = EXCLUDED.task_id, institution_code = EXCLUDED.institution_code,
    psn_no = EXCLUDED.psn_no, mdtrt_id = EXCLUDED.mdtrt_id, rule_id = EXCLUDED.rule_id,
    severity = EXCLUDED.severity, amount = EXCLUDED.amount, result = EXCLUDED.result,
    created_at = now()`

/**
 * Stores the violations returned by real-time calls (of one call, or of several written
 * together). A violation stored before (same `jr_id`) is replaced, so that a repeated call
 * refreshes it; within `rows`, the last row of a `jr_id` wins.
 *
 * @param db - the database
 * @param rows - the violations, in the order they were returned
 */
export async function saveHsaResults(db: Queryable, rows: readonly HsaResultRow[]): Promise<void> {
  // One row per jr_id (the last wins): an upsert may not touch a row twice.
  const unique = [...new Map(rows.map((r) => [r.jrId, r])).values()]
  for (let i = 0; i < unique.length; i += ROWS_PER_INSERT) {
    const json = JSON.stringify(
      unique.slice(i, i + ROWS_PER_INSERT).map((r) => ({
        jr_id: r.jrId,
        infno: r.infno,
        msgid: r.msgid,
        task_id: r.taskId,
        institution_code: r.institutionCode,
        psn_no: r.psnNo,
        mdtrt_id: r.mdtrtId,
        rule_id: r.ruleId,
        severity: r.severity,
        amount: r.amount,
        result: r.result ?? null,
      }))
    )
    await db.query(SAVE_RESULTS, [json], { prepare: true })
  }
}

/**
 * Stores 3103 feedback, all or nothing in one transaction: when any `warnRsltId` is not the
 * `jr_id` of a stored 3101/3102 violation, nothing is stored and the unknown ids are returned.
 *
 * @param db - the database
 * @param rows - the feedback
 * @param institutionScope - only results returned to this institution may be referred to
 *   (an institution's API key); null for a bureau-wide key
 * @returns rows stored and unknown ids
 */
export async function saveHsaFeedback(
  db: Database,
  rows: readonly HsaFeedbackInput[],
  institutionScope: string | null = null
): Promise<SaveHsaFeedbackResult> {
  if (rows.length === 0) return { saved: 0, unknown: [] }
  const ids = [...new Set(rows.map((r) => r.warnRsltId))]
  return db.transaction(async (tx) => {
    const known = new Set(
      (
        await tx.query<{ jr_id: string }>(
          'SELECT jr_id FROM hsa_result WHERE jr_id = ANY($1::text[])' +
            ' AND ($2::text IS NULL OR institution_code = $2::text)',
          [ids, institutionScope]
        )
      ).map((r) => r.jr_id)
    )
    const unknown = ids.filter((id) => !known.has(id))
    if (unknown.length > 0) return { saved: 0, unknown }
    for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
      const part = rows.slice(i, i + ROWS_PER_INSERT)
      await tx.query(
        `INSERT INTO hsa_feedback (warn_rslt_id, warn_type, dspo_way, dspo_way_rea,
                                   institution_code, msgid)
         VALUES ${valuesList(part.length, ['', '', '', '', '', ''])}`,
        part.flatMap((r) => [
          r.warnRsltId,
          r.warnType,
          r.dspoWay,
          r.dspoWayRea,
          r.institutionCode,
          r.msgid,
        ])
      )
    }
    return { saved: rows.length, unknown: [] }
  })
}

/**
 * The 3103 feedback on one returned violation, in the order received.
 *
 * @param db - the database
 * @param jrId - the violation's `jr_id`
 * @returns the feedback
 */
export async function listHsaFeedback(db: Queryable, jrId: string): Promise<HsaFeedback[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, warn_rslt_id, warn_type, dspo_way, dspo_way_rea, institution_code, msgid,
            received_at
     FROM hsa_feedback WHERE warn_rslt_id = $1 ORDER BY id`,
    [jrId]
  )
  return rows.map((r) => ({
    id: Number(r['id']),
    warnRsltId: r['warn_rslt_id'] as string,
    warnType: r['warn_type'] as string,
    dspoWay: r['dspo_way'] as string,
    dspoWayRea: (r['dspo_way_rea'] as string | null) ?? null,
    institutionCode: (r['institution_code'] as string | null) ?? null,
    msgid: (r['msgid'] as string | null) ?? null,
    receivedAt: r['received_at'] as Timestamp,
  }))
}
