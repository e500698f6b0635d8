// SPDX-License-Identifier: Apache-2.0
import type { IdentityType, IsoDate, OutcomeIssue } from '@yibao/domain'
import { badRequest, invalid, isIsoDate, notFound, OutcomeError } from '@yibao/domain'
import type { SourceTable } from '@yibao/knowledge'
import { readCsvTable } from '@yibao/knowledge'
import type { MatchStatus, RosterPerson, RosterRow } from '@yibao/supervision'
import { identityOfLabel, matchRoster, subsidies } from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import { newId } from '../new-id.js'
import { insertRows } from '../sql-where.js'

/** Columns of a roster file. */
export const ROSTER_COLUMNS = {
  idNumber: '身份证号',
  name: '姓名',
  identity: '身份类别',
  validFrom: '起始日期',
  validTo: '终止日期',
} as const

/** Departments that deliver rosters. */
export const ROSTER_SOURCES = ['民政', '残联', '乡村振兴', '退役军人', '其他'] as const

/**
 * Reads a roster table (a CSV file or an .xlsx worksheet whose header row has the columns of
 * `ROSTER_COLUMNS`); every problem is named by file, row and column, and any problem refuses
 * the whole file.
 */
export function parseRoster(table: SourceTable): RosterRow[] {
  const file = table.sheet === null ? table.file : `${table.file}「${table.sheet}」`
  const at = Object.fromEntries(
    Object.entries(ROSTER_COLUMNS).map(([k, label]) => [k, table.header.indexOf(label)])
  ) as Record<keyof typeof ROSTER_COLUMNS, number>
  const missing = Object.entries(ROSTER_COLUMNS).filter(
    ([k]) => at[k as keyof typeof ROSTER_COLUMNS] < 0 && k !== 'validTo'
  )
  if (missing.length > 0) {
    throw new OutcomeError(
      badRequest(`${file} 表头：缺少列 ${missing.map(([, l]) => l).join('、')}`, 'header')
    )
  }
  const issues: OutcomeIssue[] = []
  const rows: RosterRow[] = []
  for (const { line, cells } of table.rows) {
    if (cells.every((v) => v === '')) continue
    const cell = (key: keyof typeof ROSTER_COLUMNS): string =>
      at[key] < 0 ? '' : (cells[at[key]] ?? '')
    const bad = (key: keyof typeof ROSTER_COLUMNS, message: string): void => {
      issues.push({
        severity: 'error',
        code: 'invalid',
        message: `${file} 第 ${line} 行 ${ROSTER_COLUMNS[key]}：${message}`,
        path: `${table.file}:${line}:${ROSTER_COLUMNS[key]}`,
      })
    }
    const identity = identityOfLabel(cell('identity'))
    if (identity === undefined) bad('identity', `未知的身份类别「${cell('identity')}」`)
    if (cell('name') === '') bad('name', '不能为空')
    const from = cell('validFrom')
    const to = cell('validTo')
    if (!isIsoDate(from)) bad('validFrom', `应为 YYYY-MM-DD，收到「${from}」`)
    if (to !== '' && (!isIsoDate(to) || to < from)) {
      bad('validTo', `应为不早于起始日期的 YYYY-MM-DD，收到「${to}」`)
    }
    rows.push({
      line,
      idNumber: cell('idNumber').toUpperCase(),
      name: cell('name'),
      identity: identity!,
      validFrom: from,
      validTo: to === '' ? null : to,
    })
  }
  if (issues.length > 0) throw new OutcomeError(invalid(issues))
  return rows
}

/** A roster CSV given as text (the API's body), as a table. */
export function rosterTableFromText(file: string, text: string): SourceTable {
  return readCsvTable(file, new TextEncoder().encode(text))
}

/** What an import did. */
export interface RosterImport {
  readonly batchId: string
  readonly status: 'imported' | 'unchanged'
  readonly counts: Readonly<Record<MatchStatus, number>>
  readonly identitiesTagged: number
  readonly subsidies: { readonly persons: number; readonly amount: number }
}

/**
 * Imports a department's roster for a year: every row matched to the insured (by ID number and
 * name; other names to review), matched rows tag the person's identity for their validity, and
 * the year's subsidies are recomputed, one per person at the highest rate — all in one
 * transaction with an audit-log entry. The same file again changes nothing.
 *
 * @param contribution - the year's individual contribution (居民个人缴费标准), fen
 */
export async function importRoster(
  db: Database,
  input: { source: string; year: number; table: SourceTable; contribution: number },
  viewer: Viewer
): Promise<RosterImport> {
  if (!(ROSTER_SOURCES as readonly string[]).includes(input.source)) {
    throw new OutcomeError(
      badRequest(
        `source：应为 ${ROSTER_SOURCES.join('、')} 之一，收到「${input.source}」`,
        'source'
      )
    )
  }
  const rows = parseRoster(input.table)
  const hash = input.table.sha256
  const file =
    input.table.sheet === null ? input.table.file : `${input.table.file}「${input.table.sheet}」`
  const [done] = await db.query<{ id: string; counts: RosterImport['counts'] }>(
    'SELECT id, counts FROM subsidy_batch WHERE source = $1 AND year = $2 AND content_hash = $3',
    [input.source, input.year, hash]
  )
  if (done !== undefined) {
    return {
      batchId: done.id,
      status: 'unchanged',
      counts: done.counts,
      identitiesTagged: 0,
      subsidies: await subsidyTotals(db, input.year),
    }
  }
  const ids = [...new Set(rows.map((r) => r.idNumber))]
  const found = await db.query<{
    psn_no: string
    name: string
    certno: string
    death_date: IsoDate | null
  }>('SELECT psn_no, name, certno, death_date FROM person WHERE certno = ANY($1::text[])', [ids])
  const persons = new Map<string, RosterPerson>(
    found.map((p) => [
      p.certno,
      { psnNo: p.psn_no, name: p.name, certno: p.certno, deathDate: p.death_date },
    ])
  )
  const matches = matchRoster(rows, persons)
  const counts: Record<MatchStatus, number> = { MATCHED: 0, REVIEW: 0, UNMATCHED: 0, INVALID: 0 }
  for (const m of matches) counts[m.status]++
  const batchId = newId('ZZ')
  let tagged = 0
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO subsidy_batch (id, source, year, file_name, content_hash, counts, created_by)
       VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7)`,
      [batchId, input.source, input.year, file, hash, JSON.stringify(counts), viewer.actor]
    )
    await insertRows(
      tx,
      'subsidy_roster_row',
      [
        'batch_id',
        'line',
        'id_number',
        'name',
        'identity',
        'valid_from',
        'valid_to',
        'status',
        'psn_no',
        'reason',
      ],
      matches.map((m) => [
        batchId,
        m.row.line,
        m.row.idNumber,
        m.row.name,
        m.row.identity,
        m.row.validFrom,
        m.row.validTo,
        m.status,
        m.psnNo,
        m.reason,
      ])
    )
    tagged = await tagIdentities(
      tx,
      matches.filter((m) => m.status === 'MATCHED').map((m) => ({ psnNo: m.psnNo!, row: m.row })),
      `${input.source}:${batchId}`
    )
    await recomputeSubsidies(tx, input.year, input.contribution)
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'subsidy.import',
      target: batchId,
      detail: {
        source: input.source,
        year: input.year,
        file,
        counts,
        identitiesTagged: tagged,
      },
    })
  })
  return {
    batchId,
    status: 'imported',
    counts,
    identitiesTagged: tagged,
    subsidies: await subsidyTotals(db, input.year),
  }
}

/**
 * Tags the persons' identities for the rows' validity (in the rows' order, so the first of
 * rows with the same start wins), leaving those already tagged.
 *
 * @returns how many were tagged
 */
async function tagIdentities(
  tx: Queryable,
  tags: readonly { readonly psnNo: string; readonly row: RosterRow }[],
  source: string
): Promise<number> {
  const added = await insertRows(
    tx,
    'person_identity',
    ['psn_no', 'type', 'begin_date', 'end_date', 'source'],
    tags.map(({ psnNo, row }) => [psnNo, row.identity, row.validFrom, row.validTo, source]),
    { suffix: 'ON CONFLICT (psn_no, type, begin_date) DO NOTHING RETURNING psn_no' }
  )
  return added.length
}

/** Recomputes a year's subsidies from every matched roster row valid in the year. */
async function recomputeSubsidies(
  tx: Queryable,
  year: number,
  contribution: number
): Promise<void> {
  const matched = await tx.query<{ psn_no: string; identity: IdentityType }>(
    `SELECT DISTINCT r.psn_no, r.identity FROM subsidy_roster_row r
     WHERE r.status = 'MATCHED' AND r.valid_from <= $2::date AND (r.valid_to IS NULL OR r.valid_to >= $1::date)`,
    [`${year}-01-01`, `${year}-12-31`]
  )
  await tx.query('DELETE FROM subsidy WHERE year = $1', [year])
  await insertRows(
    tx,
    'subsidy',
    ['psn_no', 'year', 'identity', 'rate_bp', 'amount', 'also_eligible'],
    subsidies(
      matched.map((m) => ({ psnNo: m.psn_no, identity: m.identity })),
      contribution
    ).map((s) => [s.psnNo, year, s.identity, s.rateBp, s.amount, JSON.stringify(s.alsoEligible)]),
    { casts: { also_eligible: '::text::jsonb' } }
  )
}

async function subsidyTotals(
  db: Queryable,
  year: number
): Promise<{ persons: number; amount: number }> {
  const [t] = await db.query<{ persons: number; amount: number }>(
    'SELECT count(*)::int AS persons, coalesce(sum(amount), 0)::bigint AS amount FROM subsidy WHERE year = $1',
    [year]
  )
  return t!
}

/**
 * Decides a row waiting for review: `MATCH` confirms the person (tags the identity and
 * recomputes the year's subsidies), `REJECT` leaves it out. Both are audited.
 */
export async function resolveRosterRow(
  db: Database,
  batchId: string,
  line: number,
  decision: 'MATCH' | 'REJECT',
  contribution: number,
  viewer: Viewer
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx.query<{
      status: string
      psn_no: string | null
      identity: IdentityType
      valid_from: IsoDate
      valid_to: IsoDate | null
      year: number
      source: string
      id_number: string
      name: string
    }>(
      `SELECT r.status, r.psn_no, r.identity, r.valid_from, r.valid_to, b.year, b.source, r.id_number, r.name
       FROM subsidy_roster_row r JOIN subsidy_batch b ON b.id = r.batch_id
       WHERE r.batch_id = $1 AND r.line = $2 FOR UPDATE`,
      [batchId, line]
    )
    if (row === undefined) throw new OutcomeError(notFound(`批次 ${batchId} 没有第 ${line} 行`))
    if (row.status !== 'REVIEW')
      throw new OutcomeError(
        badRequest(`第 ${line} 行状态为 ${row.status}，只有待核对的行可以处理`, 'line')
      )
    await tx.query(
      'UPDATE subsidy_roster_row SET status = $3, resolved_by = $4 WHERE batch_id = $1 AND line = $2',
      [batchId, line, decision === 'MATCH' ? 'MATCHED' : 'REJECTED', viewer.actor]
    )
    if (decision === 'MATCH') {
      await tagIdentities(
        tx,
        [
          {
            psnNo: row.psn_no!,
            row: {
              line,
              idNumber: row.id_number,
              name: row.name,
              identity: row.identity,
              validFrom: row.valid_from,
              validTo: row.valid_to,
            },
          },
        ],
        `${row.source}:${batchId}`
      )
      await recomputeSubsidies(tx, row.year, contribution)
    }
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'subsidy.review',
      target: `${batchId}:${line}`,
      detail: { decision },
    })
  })
}

/** A year's reconciliation: rows by status and source, subsidies by identity, the lists to act on. */
export async function rosterReport(
  db: Queryable,
  year: number
): Promise<{
  year: number
  rows: { source: string; status: string; count: number }[]
  subsidies: { identity: string; rateBp: number; persons: number; amount: number }[]
  totals: { persons: number; amount: number }
  review: { batchId: string; line: number; idNumber: string; name: string; reason: string | null }[]
  unmatched: {
    batchId: string
    line: number
    idNumber: string
    name: string
    reason: string | null
  }[]
}> {
  const rows = await db.query<{ source: string; status: string; count: number }>(
    `SELECT b.source, r.status, count(*)::int AS count FROM subsidy_roster_row r
     JOIN subsidy_batch b ON b.id = r.batch_id WHERE b.year = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
    [year]
  )
  const subs = await db.query<{
    identity: string
    rate_bp: number
    persons: number
    amount: number
  }>(
    `SELECT identity, rate_bp, count(*)::int AS persons, sum(amount)::bigint AS amount FROM subsidy
     WHERE year = $1 GROUP BY 1, 2 ORDER BY 2 DESC, 1`,
    [year]
  )
  type Listed = {
    batchId: string
    line: number
    idNumber: string
    name: string
    reason: string | null
  }
  const list = async (status: string): Promise<Listed[]> =>
    (
      await db.query<{
        batch_id: string
        line: number
        id_number: string
        name: string
        reason: string | null
      }>(
        `SELECT r.batch_id, r.line, r.id_number, r.name, r.reason FROM subsidy_roster_row r
         JOIN subsidy_batch b ON b.id = r.batch_id WHERE b.year = $1 AND r.status = $2 ORDER BY r.batch_id, r.line`,
        [year, status]
      )
    ).map((r) => ({
      batchId: r.batch_id,
      line: r.line,
      idNumber: r.id_number,
      name: r.name,
      reason: r.reason,
    }))
  return {
    year,
    rows,
    subsidies: subs.map((s) => ({
      identity: s.identity,
      rateBp: s.rate_bp,
      persons: s.persons,
      amount: s.amount,
    })),
    totals: await subsidyTotals(db, year),
    review: await list('REVIEW'),
    unmatched: await list('UNMATCHED'),
  }
}
