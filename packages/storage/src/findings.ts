// SPDX-License-Identifier: Apache-2.0
import type { Finding, FindingLine, RuleOverride, RuleParams } from '@yibao/audit'
import type { FindingSeverity, IsoDate, Timestamp } from '@yibao/domain'
import { notFound, OutcomeError } from '@yibao/domain'
import type { Database, Queryable, SqlValue } from './database.js'
import { CopyTextWriter } from './copy-text-writer.js'

/** A period of finding days: from / to are calendar dates, both included; absent = open. */
export interface FindingPeriod {
  from?: IsoDate | undefined
  to?: IsoDate | undefined
}

/** Which findings `readFindings` returns; every condition given must hold. */
export interface FindingFilter extends FindingPeriod {
  /** The violating encounter (not the related ones). */
  mdtrtId?: string | undefined
  psnNo?: string | undefined
  ruleId?: string | undefined
  /** At most this many findings. */
  limit?: number | undefined
}

/** The findings of one rule in a period. */
export interface RuleFindingSummary {
  readonly ruleId: string
  /** Name, violation code and severity of the rule's latest finding. */
  readonly ruleName: string
  readonly violation: string
  readonly severity: string
  readonly findings: number
  /** Distinct violating encounters. */
  readonly encounters: number
  /** Σ violation amount, fen. */
  readonly amount: number
}

/** What an audit run is started with. */
export interface AuditRunStart {
  readonly id: string
  readonly rulesetVersion: string
  readonly packVersion: string
  readonly from?: IsoDate | undefined
  readonly to?: IsoDate | undefined
  /** A dry run computes findings without keeping them. */
  readonly dryRun: boolean
  readonly actor: string
}

/** How an audit run ended. */
export interface AuditRunResult {
  readonly status: 'DONE' | 'FAILED'
  readonly persons: number
  readonly encounters: number
  readonly lines: number
  readonly findings: number
  /** Findings not stored by an earlier run. */
  readonly newFindings: number
  /** Σ violation amount of the findings, fen. */
  readonly amount: number
  /** Any JSON, e.g. counts per rule. */
  readonly summary: unknown
}

/** A stored audit run. */
export interface AuditRun {
  readonly id: string
  readonly rulesetVersion: string
  readonly packVersion: string
  readonly from: IsoDate | null
  readonly to: IsoDate | null
  readonly dryRun: boolean
  readonly status: 'RUNNING' | 'DONE' | 'FAILED'
  readonly startedAt: Timestamp
  readonly finishedAt: Timestamp | null
  readonly persons: number
  readonly encounters: number
  readonly lines: number
  readonly findings: number
  readonly newFindings: number
  readonly amount: number
  readonly actor: string
  readonly summary: unknown
}

/** Columns of `finding` written by `writeFindings`, in COPY order. */
const FINDING_COLUMNS = [
  'id',
  'rule_id',
  'rule_name',
  'violation',
  'severity',
  'psn_no',
  'mdtrt_id',
  'institution_code',
  'finding_date',
  'feedetl_sn',
  'lines',
  'related_encounters',
  'amount',
  'message',
  'evidence',
  'knowledge_point_id',
  'pack_version',
  'params',
  'run_id',
] as const

const TAB = 9
const NEWLINE = 10

/** A PostgreSQL array literal of texts, every element quoted (so `NULL` stays a string). */
function textArrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`
}

/** The findings as COPY text rows in the order of `FINDING_COLUMNS`. */
function findingsToCopyText(runId: string, findings: readonly Finding[]): Uint8Array[] {
  const w = new CopyTextWriter()
  const field = (value: string | null, first = false): void => {
    if (!first) w.byte(TAB)
    if (value === null) w.ascii('\\N')
    else w.text(value)
  }
  for (const f of findings) {
    field(f.id, true)
    field(f.ruleId)
    field(f.ruleName)
    field(f.violation)
    field(f.severity)
    field(f.psnNo)
    field(f.mdtrtId)
    field(f.institutionCode)
    field(f.date)
    field(f.lines.find((l) => l.role === 'VIOLATING')?.feedetlSn ?? null)
    field(JSON.stringify(f.lines))
    field(textArrayLiteral(f.relatedEncounters))
    w.byte(TAB)
    w.int(f.amount)
    field(f.message)
    field(f.evidence)
    field(f.knowledgePointId)
    field(f.packVersion)
    field(JSON.stringify(f.params))
    field(runId)
    w.byte(NEWLINE)
  }
  return w.finish()
}

function isDatabase(db: Queryable): db is Database {
  return typeof (db as Partial<Database>).transaction === 'function'
}

/**
 * Stores findings idempotently: a finding whose id is stored already is left as it is (ids are
 * deterministic, so re-running a period adds only what is new). The findings are copied into a
 * temporary staging table with one `COPY` and inserted from there, which stays fast for tens of
 * thousands of findings.
 *
 * @param db - a `Database` (the write then runs in its own transaction) or a transaction (the
 *   write joins it, e.g. to commit together with `finishAuditRun`)
 * @param runId - the audit run that computed them, stored with each new finding
 * @param findings - the findings
 * @returns the number of findings stored that were not stored before
 */
export async function writeFindings(
  db: Queryable,
  runId: string,
  findings: readonly Finding[]
): Promise<number> {
  if (findings.length === 0) return 0
  if (isDatabase(db)) return db.transaction((tx) => writeFindings(tx, runId, findings))
  const columns = FINDING_COLUMNS.join(', ')
  await db.exec('CREATE TEMP TABLE finding_in (LIKE finding INCLUDING DEFAULTS) ON COMMIT DROP')
  await db.copyFrom(
    'finding_in',
    FINDING_COLUMNS,
    Buffer.concat(findingsToCopyText(runId, findings))
  )
  const [row] = await db.query<{ n: number }>(
    `WITH ins AS (
       INSERT INTO finding (${columns}) SELECT ${columns} FROM finding_in
       ON CONFLICT (id) DO NOTHING RETURNING 1
     )
     SELECT count(*) AS n FROM ins`
  )
  // Dropped now, not at commit, so that the same transaction can write findings again.
  await db.exec('DROP TABLE finding_in')
  return row?.n ?? 0
}

/** `finding_date` conditions for a period, parameters numbered after `params`. */
function findingDateConditions(period: FindingPeriod, params: SqlValue[], alias = ''): string[] {
  const parts: string[] = []
  if (period.from !== undefined) {
    params.push(period.from)
    parts.push(`${alias}finding_date >= $${params.length}::date`)
  }
  if (period.to !== undefined) {
    params.push(period.to)
    parts.push(`${alias}finding_date <= $${params.length}::date`)
  }
  return parts
}

function where(parts: readonly string[]): string {
  return parts.length === 0 ? '' : ` WHERE ${parts.join(' AND ')}`
}

/**
 * Reads stored findings, by day, encounter, rule and id (byte order).
 *
 * @param db - the database
 * @param filter - encounter, person, rule, period of finding days, limit
 * @returns the findings, exactly as written
 */
export async function readFindings(db: Queryable, filter: FindingFilter = {}): Promise<Finding[]> {
  const params: SqlValue[] = []
  const parts = findingDateConditions(filter, params)
  const eq = (column: string, value: string | undefined): void => {
    if (value === undefined) return
    params.push(value)
    parts.push(`${column} = $${params.length}`)
  }
  eq('mdtrt_id', filter.mdtrtId)
  eq('psn_no', filter.psnNo)
  eq('rule_id', filter.ruleId)
  let limit = ''
  if (filter.limit !== undefined) {
    params.push(Math.max(0, Math.floor(filter.limit)))
    limit = ` LIMIT $${params.length}`
  }
  const rows = await db.query<Record<string, unknown>>(
    `SELECT id, rule_id, rule_name, violation, severity, psn_no, mdtrt_id, institution_code,
            finding_date, lines, to_jsonb(related_encounters) AS related_encounters, amount,
            message, evidence, knowledge_point_id, pack_version, params
     FROM finding${where(parts)}
     ORDER BY finding_date, mdtrt_id COLLATE "C", rule_id COLLATE "C", id COLLATE "C"${limit}`,
    params
  )
  return rows.map((r): Finding => ({
    id: r['id'] as string,
    ruleId: r['rule_id'] as string,
    ruleName: (r['rule_name'] as string | null) ?? '',
    violation: (r['violation'] as string | null) ?? '',
    severity: r['severity'] as FindingSeverity,
    psnNo: (r['psn_no'] as string | null) ?? '',
    mdtrtId: (r['mdtrt_id'] as string | null) ?? '',
    institutionCode: (r['institution_code'] as string | null) ?? '',
    date: (r['finding_date'] as IsoDate | null) ?? '',
    lines: r['lines'] as FindingLine[],
    relatedEncounters: r['related_encounters'] as string[],
    amount: Number(r['amount']),
    message: (r['message'] as string | null) ?? '',
    evidence: (r['evidence'] as string | null) ?? '',
    knowledgePointId: (r['knowledge_point_id'] as string | null) ?? null,
    packVersion: (r['pack_version'] as string | null) ?? '',
    params: r['params'] as RuleParams,
  }))
}

/**
 * Counts findings per rule over the findings dated in a period.
 *
 * @param db - the database
 * @param period - finding days, both ends included
 * @returns one summary per rule, by rule id
 */
export async function summarizeFindings(
  db: Queryable,
  period: FindingPeriod = {}
): Promise<RuleFindingSummary[]> {
  const params: SqlValue[] = []
  const parts = findingDateConditions(period, params)
  const latest = (column: string): string =>
    `(array_agg(${column} ORDER BY created_at DESC, id DESC))[1]`
  const rows = await db.query<Record<string, unknown>>(
    `SELECT rule_id, ${latest('rule_name')} AS rule_name, ${latest('violation')} AS violation,
            ${latest('severity')} AS severity, count(*) AS findings,
            count(DISTINCT mdtrt_id) AS encounters, coalesce(sum(amount), 0)::bigint AS amount
     FROM finding${where(parts)}
     GROUP BY rule_id ORDER BY rule_id COLLATE "C"`,
    params
  )
  return rows.map((r) => ({
    ruleId: r['rule_id'] as string,
    ruleName: (r['rule_name'] as string | null) ?? '',
    violation: (r['violation'] as string | null) ?? '',
    severity: r['severity'] as string,
    findings: Number(r['findings']),
    encounters: Number(r['encounters']),
    amount: Number(r['amount']),
  }))
}

/**
 * Records the start of an audit run (status `RUNNING`).
 *
 * @param db - the database
 * @param run - id, versions, period, dry run, actor
 */
export async function startAuditRun(db: Queryable, run: AuditRunStart): Promise<void> {
  await db.query(
    `INSERT INTO audit_run (id, ruleset_version, pack_version, period_from, period_to, dry_run,
                            status, actor)
     VALUES ($1, $2, $3, $4::date, $5::date, $6, 'RUNNING', $7)`,
    [
      run.id,
      run.rulesetVersion,
      run.packVersion,
      run.from ?? null,
      run.to ?? null,
      run.dryRun,
      run.actor,
    ]
  )
}

/**
 * Records the end of an audit run: status, counts, summary and the finishing time.
 *
 * @param db - the database (or the transaction that wrote its findings)
 * @param id - the run
 * @param result - status, counts, summary
 * @returns nothing; throws an `OutcomeError` (not found) when the run is unknown
 */
export async function finishAuditRun(
  db: Queryable,
  id: string,
  result: AuditRunResult
): Promise<void> {
  const updated = await db.query(
    `UPDATE audit_run SET status = $2, finished_at = now(), persons = $3, encounters = $4,
            lines = $5, findings = $6, new_findings = $7, amount = $8,
            summary = $9::text::jsonb
     WHERE id = $1 RETURNING id`,
    [
      id,
      result.status,
      result.persons,
      result.encounters,
      result.lines,
      result.findings,
      result.newFindings,
      result.amount,
      JSON.stringify(result.summary ?? {}),
    ]
  )
  if (updated.length === 0) throw new OutcomeError(notFound(`审核批次 ${id} 不存在`))
}

const AUDIT_RUN_COLUMNS = `id, ruleset_version, pack_version, period_from, period_to, dry_run,
  status, started_at, finished_at, persons, encounters, lines, findings, new_findings, amount,
  actor, summary`

function toAuditRun(r: Record<string, unknown>): AuditRun {
  return {
    id: r['id'] as string,
    rulesetVersion: r['ruleset_version'] as string,
    packVersion: r['pack_version'] as string,
    from: (r['period_from'] as IsoDate | null) ?? null,
    to: (r['period_to'] as IsoDate | null) ?? null,
    dryRun: r['dry_run'] as boolean,
    status: r['status'] as AuditRun['status'],
    startedAt: r['started_at'] as Timestamp,
    finishedAt: (r['finished_at'] as Timestamp | null) ?? null,
    persons: Number(r['persons']),
    encounters: Number(r['encounters']),
    lines: Number(r['lines']),
    findings: Number(r['findings']),
    newFindings: Number(r['new_findings']),
    amount: Number(r['amount']),
    actor: r['actor'] as string,
    summary: r['summary'],
  }
}

/**
 * The latest audit runs, newest first.
 *
 * @param db - the database
 * @param limit - at most this many (default 20)
 * @returns the runs
 */
export async function listAuditRuns(db: Queryable, limit = 20): Promise<AuditRun[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT ${AUDIT_RUN_COLUMNS} FROM audit_run
     ORDER BY started_at DESC, id COLLATE "C" DESC LIMIT $1`,
    [Math.max(0, Math.floor(limit))]
  )
  return rows.map(toAuditRun)
}

/**
 * The latest completed (`DONE`, not dry) run of a ruleset version over exactly a period, so that
 * a batch audit already done need not run again.
 *
 * @param db - the database
 * @param rulesetVersion - the ruleset version
 * @param from - first day of the period (undefined or null: open)
 * @param to - last day of the period (undefined or null: open)
 * @returns the run, or null
 */
export async function findCompletedRun(
  db: Queryable,
  rulesetVersion: string,
  from: IsoDate | null | undefined,
  to: IsoDate | null | undefined
): Promise<AuditRun | null> {
  const [row] = await db.query<Record<string, unknown>>(
    `SELECT ${AUDIT_RUN_COLUMNS} FROM audit_run
     WHERE status = 'DONE' AND NOT dry_run AND ruleset_version = $1
       AND period_from IS NOT DISTINCT FROM $2::date AND period_to IS NOT DISTINCT FROM $3::date
     ORDER BY finished_at DESC, id COLLATE "C" DESC LIMIT 1`,
    [rulesetVersion, from ?? null, to ?? null]
  )
  return row === undefined ? null : toAuditRun(row)
}

/**
 * Stores a rule override, replacing the one with the same rule, region and first day.
 *
 * @param db - the database
 * @param o - the override, with an optional note on why
 */
export async function saveRuleOverride(
  db: Queryable,
  o: RuleOverride & { readonly note?: string | undefined }
): Promise<void> {
  await db.query(
    `INSERT INTO rule_override (rule_id, admdvs, valid_from, valid_to, params, severity, enabled,
                                note)
     VALUES ($1, $2, $3::date, $4::date, $5::text::jsonb, $6, $7, $8)
     ON CONFLICT (rule_id, admdvs, valid_from) DO UPDATE SET valid_to = EXCLUDED.valid_to,
       params = EXCLUDED.params, severity = EXCLUDED.severity, enabled = EXCLUDED.enabled,
       note = EXCLUDED.note`,
    [
      o.ruleId,
      o.admdvs,
      o.from,
      o.to,
      JSON.stringify(o.params ?? {}),
      o.severity ?? null,
      o.enabled ?? null,
      o.note ?? null,
    ]
  )
}

/**
 * The stored rule overrides, by rule, region and first day. `params`, `severity` and `enabled`
 * are present only when set (empty parameters count as not set); the note is not returned.
 *
 * @param db - the database
 * @returns the overrides
 */
export async function listRuleOverrides(db: Queryable): Promise<RuleOverride[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT rule_id, admdvs, valid_from, valid_to, params, severity, enabled FROM rule_override
     ORDER BY rule_id COLLATE "C", admdvs COLLATE "C", valid_from`
  )
  return rows.map((r) => {
    const params = r['params'] as RuleParams
    const severity = r['severity'] as FindingSeverity | null
    const enabled = r['enabled'] as boolean | null
    return {
      ruleId: r['rule_id'] as string,
      admdvs: r['admdvs'] as string,
      from: r['valid_from'] as IsoDate,
      to: (r['valid_to'] as IsoDate | null) ?? null,
      ...(Object.keys(params).length > 0 ? { params } : {}),
      ...(severity != null ? { severity } : {}),
      ...(enabled != null ? { enabled } : {}),
    }
  })
}

/**
 * Removes a rule override.
 *
 * @param db - the database
 * @param ruleId - its rule
 * @param admdvs - its region (`*` for every region)
 * @param from - its first day
 * @returns true when an override was removed
 */
export async function deleteRuleOverride(
  db: Queryable,
  ruleId: string,
  admdvs: string,
  from: IsoDate
): Promise<boolean> {
  const rows = await db.query(
    `DELETE FROM rule_override WHERE rule_id = $1 AND admdvs = $2 AND valid_from = $3::date
     RETURNING rule_id`,
    [ruleId, admdvs, from]
  )
  return rows.length > 0
}
