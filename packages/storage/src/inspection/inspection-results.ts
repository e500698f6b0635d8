// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import { badRequest, conflict, isIsoDate, notFound, OutcomeError } from '@yibao/domain'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import { readRecords } from '../read-records.js'
import { readReportCalendar } from '../reports/report-policy-store.js'
import type { Viewer } from '../review/viewer.js'
import { readDraw } from './inspections.js'

/** Working days within which results are published (一公开). */
export const PUBLISH_WITHIN_WORKING_DAYS = 20

/** The result of inspecting one drawn institution. */
export interface InspectionResult {
  readonly drawId: string
  readonly institutionCode: string
  readonly kind: 'WRITTEN' | 'ONSITE'
  readonly inspectedOn: IsoDate
  readonly outcome: 'NO_ISSUE' | 'ISSUES'
  readonly summary: string
  readonly amount: number
  readonly rectifyBy: IsoDate | null
  readonly rectifiedOn: IsoDate | null
  readonly followUp: string | null
  /** Publication due date: 20 working days after the inspection. */
  readonly publishBy: IsoDate
  readonly publishedOn: IsoDate | null
  readonly publicationUrl: string | null
  /** Rectification late: its deadline passed on `asOf` without rectification. */
  readonly rectificationOverdue: boolean
  /** Publication late on `asOf`. */
  readonly publicationOverdue: boolean
}

function toResult(r: Record<string, unknown>, asOf: IsoDate): InspectionResult {
  const rectifyBy = (r['rectify_by'] as IsoDate | null) ?? null
  const rectifiedOn = (r['rectified_on'] as IsoDate | null) ?? null
  const publishBy = r['publish_by'] as IsoDate
  const publishedOn = (r['published_on'] as IsoDate | null) ?? null
  return {
    drawId: r['draw_id'] as string,
    institutionCode: r['institution_code'] as string,
    kind: r['kind'] as InspectionResult['kind'],
    inspectedOn: r['inspected_on'] as IsoDate,
    outcome: r['outcome'] as InspectionResult['outcome'],
    summary: r['summary'] as string,
    amount: r['amount'] as number,
    rectifyBy,
    rectifiedOn,
    followUp: (r['follow_up'] as string | null) ?? null,
    publishBy,
    publishedOn,
    publicationUrl: (r['publication_url'] as string | null) ?? null,
    rectificationOverdue: rectifyBy !== null && rectifiedOn === null && asOf > rectifyBy,
    publicationOverdue: publishedOn === null && asOf > publishBy,
  }
}

function date(value: unknown, name: string): IsoDate {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new OutcomeError(
      badRequest(`${name}：应为 YYYY-MM-DD，收到 ${JSON.stringify(value ?? null)}`, name)
    )
  }
  return value
}

/**
 * Records the result of inspecting a drawn institution: 书面 or 实地, outcome, amount at issue
 * and, when issues were found, the rectification deadline; the publication falls due 20 working
 * days later. Only institutions the draw selected can be given a result, once (409 after).
 */
export async function recordInspectionResult(
  db: Database,
  drawId: string,
  institutionCode: string,
  input: {
    kind: string
    inspectedOn: string
    outcome: string
    summary: string
    amount?: number
    rectifyBy?: string | null
  },
  viewer: Viewer
): Promise<InspectionResult> {
  const draw = await readDraw(db, drawId)
  if (draw === undefined) throw new OutcomeError(notFound(`没有编号为 ${drawId} 的抽取`))
  if (!draw.objects.some((o) => o.object.code === institutionCode)) {
    throw new OutcomeError(
      badRequest(
        `institutionCode：${institutionCode} 不在抽取 ${drawId} 的检查对象中`,
        'institutionCode'
      )
    )
  }
  if (input.kind !== 'WRITTEN' && input.kind !== 'ONSITE') {
    throw new OutcomeError(
      badRequest(
        `kind：应为 WRITTEN（书面）或 ONSITE（实地），收到 ${JSON.stringify(input.kind)}`,
        'kind'
      )
    )
  }
  if (input.outcome !== 'NO_ISSUE' && input.outcome !== 'ISSUES') {
    throw new OutcomeError(
      badRequest(
        `outcome：应为 NO_ISSUE 或 ISSUES，收到 ${JSON.stringify(input.outcome)}`,
        'outcome'
      )
    )
  }
  const inspectedOn = date(input.inspectedOn, 'inspectedOn')
  const amount = input.amount ?? 0
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new OutcomeError(
      badRequest(
        `amount：应为不小于 0 的金额（分），收到 ${JSON.stringify(input.amount)}`,
        'amount'
      )
    )
  }
  let rectifyBy: IsoDate | null = null
  if (input.outcome === 'ISSUES') {
    rectifyBy = date(input.rectifyBy, 'rectifyBy')
    if (rectifyBy < inspectedOn)
      throw new OutcomeError(badRequest('rectifyBy：整改期限不能早于检查日期', 'rectifyBy'))
  }
  if (input.summary.trim() === '')
    throw new OutcomeError(badRequest('summary：请写明检查情况', 'summary'))
  const publishBy = (await readReportCalendar(db)).addWorkingDays(
    inspectedOn,
    PUBLISH_WITHIN_WORKING_DAYS
  )
  return db.transaction(async (tx) => {
    const [existing] = await tx.query(
      'SELECT 1 FROM inspection_result WHERE draw_id = $1 AND institution_code = $2',
      [drawId, institutionCode]
    )
    if (existing !== undefined)
      throw new OutcomeError(
        conflict(`${institutionCode} 在抽取 ${drawId} 中已有检查结果`, 'institutionCode')
      )
    await tx.query(
      `INSERT INTO inspection_result (draw_id, institution_code, kind, inspected_on, outcome, summary, amount, rectify_by, publish_by, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        drawId,
        institutionCode,
        input.kind,
        inspectedOn,
        input.outcome,
        input.summary.trim(),
        amount,
        rectifyBy,
        publishBy,
        viewer.actor,
      ]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'inspection.result',
      target: `${drawId}|${institutionCode}`,
      detail: { kind: input.kind, outcome: input.outcome, amount, rectifyBy, publishBy },
    })
    return (await listInspectionResults(tx, { drawId, asOf: inspectedOn })).find(
      (r) => r.institutionCode === institutionCode
    )!
  })
}

/** Records the rectification (follow-up) or the publication of a result. */
export async function updateInspectionResult(
  db: Database,
  drawId: string,
  institutionCode: string,
  change: {
    rectifiedOn?: string
    followUp?: string
    publishedOn?: string
    publicationUrl?: string
  },
  viewer: Viewer
): Promise<InspectionResult> {
  const rectifiedOn =
    change.rectifiedOn === undefined ? undefined : date(change.rectifiedOn, 'rectifiedOn')
  const publishedOn =
    change.publishedOn === undefined ? undefined : date(change.publishedOn, 'publishedOn')
  if (rectifiedOn === undefined && publishedOn === undefined) {
    throw new OutcomeError(
      badRequest(
        'rectifiedOn：请给出整改完成日期（rectifiedOn）或公示日期（publishedOn）',
        'rectifiedOn'
      )
    )
  }
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ outcome: string }>(
      'SELECT outcome FROM inspection_result WHERE draw_id = $1 AND institution_code = $2 FOR UPDATE',
      [drawId, institutionCode]
    )
    if (row === undefined)
      throw new OutcomeError(notFound(`${institutionCode} 在抽取 ${drawId} 中没有检查结果`))
    if (rectifiedOn !== undefined && row.outcome !== 'ISSUES') {
      throw new OutcomeError(conflict('rectifiedOn：检查未发现问题，无需整改', 'rectifiedOn'))
    }
    await tx.query(
      `UPDATE inspection_result SET
         rectified_on = coalesce($3, rectified_on), follow_up = coalesce($4, follow_up),
         published_on = coalesce($5, published_on), publication_url = coalesce($6, publication_url),
         updated_at = now()
       WHERE draw_id = $1 AND institution_code = $2`,
      [
        drawId,
        institutionCode,
        rectifiedOn ?? null,
        change.followUp ?? null,
        publishedOn ?? null,
        change.publicationUrl ?? null,
      ]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: publishedOn !== undefined ? 'inspection.publish' : 'inspection.rectify',
      target: `${drawId}|${institutionCode}`,
      detail: change,
    })
    return (await listInspectionResults(tx, { drawId, asOf: rectifiedOn ?? publishedOn! })).find(
      (r) => r.institutionCode === institutionCode
    )!
  })
}

/** Results of a draw or of a year, with what is overdue on `asOf`. */
export async function listInspectionResults(
  db: Queryable,
  filter: { drawId?: string; year?: number; asOf: IsoDate }
): Promise<InspectionResult[]> {
  const where: string[] = []
  const params: (string | number)[] = []
  if (filter.drawId !== undefined) {
    params.push(filter.drawId)
    where.push(`draw_id = $${params.length}`)
  }
  if (filter.year !== undefined) {
    params.push(`${filter.year}-01-01`, `${filter.year}-12-31`)
    where.push(`inspected_on BETWEEN $${params.length - 1}::date AND $${params.length}::date`)
  }
  const rows = await db.query<Record<string, unknown>>(
    `SELECT * FROM inspection_result ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY inspected_on, institution_code`,
    params
  )
  return rows.map((r) => toResult(r, filter.asOf))
}

/**
 * Coverage of a year's inspections (书面稽核 / 实地稽核) by institution type: institutions
 * inspected at least once of those registered, overall and per kind.
 */
export async function inspectionCoverage(
  db: Queryable,
  year: number
): Promise<
  {
    type: string
    institutions: number
    written: number
    onsite: number
    any: number
    writtenShare: number
    onsiteShare: number
  }[]
> {
  const institutions = await readRecords(db, 'institutions')
  const results = await listInspectionResults(db, { year, asOf: `${year}-12-31` })
  const seen = new Map<string, Set<string>>()
  for (const r of results) {
    const kinds = seen.get(r.institutionCode) ?? new Set<string>()
    kinds.add(r.kind)
    seen.set(r.institutionCode, kinds)
  }
  const types = [...new Set(institutions.map((i) => i.type))].sort()
  const share = (n: number, d: number): number =>
    d === 0 ? 0 : Math.round((n / d) * 10_000) / 10_000
  return types.map((type) => {
    const mine = institutions.filter((i) => i.type === type)
    const written = mine.filter((i) => seen.get(i.code)?.has('WRITTEN')).length
    const onsite = mine.filter((i) => seen.get(i.code)?.has('ONSITE')).length
    const any = mine.filter((i) => seen.has(i.code)).length
    return {
      type,
      institutions: mine.length,
      written,
      onsite,
      any,
      writtenShare: share(written, mine.length),
      onsiteShare: share(onsite, mine.length),
    }
  })
}
