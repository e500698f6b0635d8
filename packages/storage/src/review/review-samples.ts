// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto'
import type { IsoDate, Timestamp } from '@yibao/domain'
import { badRequest, conflict, isIsoDate, notFound, OutcomeError } from '@yibao/domain'
import type { SampleCandidate, SampleStratum } from '@yibao/supervision'
import { drawSample, extrapolate } from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database, Queryable } from '../database.js'
import { readReviewPolicy } from './review-policy-store.js'
import type { Viewer } from './viewer.js'
import { newId } from '../new-id.js'

/** A stored sample. */
export interface ReviewSample {
  readonly id: string
  readonly seed: string
  readonly from: IsoDate
  readonly to: IsoDate
  readonly rate: number
  /** Machine-passed claims of the period. */
  readonly population: number
  readonly sampled: number
  readonly createdBy: string
  readonly createdAt: Timestamp
  readonly appliedBy: string | null
  readonly appliedAt: Timestamp | null
}

/** One institution's part of a sample, with the reviewers' results and the extrapolation. */
export interface SampleInstitution extends SampleStratum {
  readonly institutionName: string | null
  readonly checked: number
  readonly errors: number
  readonly checkedAmount: number
  readonly errorAmount: number
  readonly errorRate: number
  readonly unsampledAmount: number
  /** Extrapolated amount, fen (reported; applied only on confirmation). */
  readonly projected: number
}

/** One drawn claim and its re-review result. */
export interface SampleItem {
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly amount: number
  readonly result: 'PASS' | 'ERROR' | null
  readonly errorAmount: number
  readonly note: string | null
}

/** A sample with its institutions and items. */
export interface SampleView {
  readonly sample: ReviewSample
  readonly byInstitution: readonly SampleInstitution[]
  readonly items: readonly SampleItem[]
}

/**
 * The machine-passed claims of a period: settled encounters beginning in it (Asia/Shanghai days)
 * with no finding, each with its settled total.
 */
export async function machinePassedClaims(
  db: Queryable,
  from: IsoDate,
  to: IsoDate
): Promise<SampleCandidate[]> {
  const rows = await db.query<Record<string, unknown>>(
    `SELECT e.mdtrt_id, e.psn_no, e.institution_code, sum(s.medfee_sumamt)::bigint AS amount
     FROM encounter e JOIN settlement s ON s.mdtrt_id = e.mdtrt_id AND NOT s.refunded
     WHERE e.begin_time >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND e.begin_time < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND NOT EXISTS (SELECT 1 FROM finding f WHERE f.mdtrt_id = e.mdtrt_id)
     GROUP BY e.mdtrt_id, e.psn_no, e.institution_code`,
    [from, to]
  )
  return rows.map((r) => ({
    mdtrtId: r['mdtrt_id'] as string,
    psnNo: r['psn_no'] as string,
    institutionCode: r['institution_code'] as string,
    amount: Number(r['amount']),
  }))
}

/**
 * Draws and stores a random re-review sample of a period's machine-passed claims, stratified by
 * institution, with a recorded seed (given, or generated): the same seed over the same claims
 * redraws the same sample.
 */
export async function createSample(
  db: Database,
  input: { from: IsoDate; to: IsoDate; rate?: number | undefined; seed?: string | undefined },
  viewer: Viewer
): Promise<SampleView> {
  for (const k of ['from', 'to'] as const) {
    if (!isIsoDate(input[k])) {
      throw new OutcomeError(badRequest(`${k}：应为 YYYY-MM-DD 日期，收到 ${input[k]}`, k))
    }
  }
  if (input.from > input.to) throw new OutcomeError(badRequest('to：不能早于 from', 'to'))
  const rate = input.rate
  if (rate !== undefined && !(typeof rate === 'number' && rate > 0 && rate <= 1)) {
    throw new OutcomeError(badRequest(`rate：应在 (0, 1] 之间，收到 ${String(rate)}`, 'rate'))
  }
  const seed = input.seed?.trim() || randomBytes(8).toString('hex')
  const claims = await machinePassedClaims(db, input.from, input.to)
  if (claims.length === 0) {
    throw new OutcomeError(badRequest('该期间没有机审通过的已结算就诊', 'from'))
  }
  // Without a rate, each institution's region's policy says how many to draw.
  const draw = drawSample(claims, rate ?? (await regionRates(db, claims)), seed)
  const bureauRate = rate ?? (await readReviewPolicy(db)).sampleRate
  const id = newId('CY')
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO review_sample (id, seed, period_from, period_to, rate, population, sampled, strata, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text::jsonb, $9)`,
      [
        id,
        seed,
        input.from,
        input.to,
        bureauRate,
        claims.length,
        draw.items.length,
        JSON.stringify(draw.strata),
        viewer.actor,
      ]
    )
    const text = draw.items
      .map((c) => [id, c.mdtrtId, c.psnNo, c.institutionCode, String(c.amount)].join('\t'))
      .join('\n')
    await tx.copyFrom(
      'review_sample_item',
      ['sample_id', 'mdtrt_id', 'psn_no', 'institution_code', 'amount'],
      `${text}\n`
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'sample.create',
      target: id,
      detail: {
        seed,
        from: input.from,
        to: input.to,
        rate: rate ?? 'policy',
        population: claims.length,
        sampled: draw.items.length,
      },
    })
  })
  return (await readSample(db, id))!
}

/** Each institution's sample rate: its region's review policy (the bureau's when unknown). */
async function regionRates(
  db: Queryable,
  claims: readonly SampleCandidate[]
): Promise<(institutionCode: string) => number> {
  const codes = [...new Set(claims.map((c) => c.institutionCode))]
  const rows = await db.query<{ code: string; admdvs: string | null }>(
    'SELECT code, admdvs FROM institution WHERE code = ANY($1::text[])',
    [codes]
  )
  const regionOf = new Map(rows.map((r) => [r.code, r.admdvs ?? undefined]))
  const rates = new Map<string | undefined, number>()
  for (const admdvs of new Set(regionOf.values())) {
    rates.set(admdvs, (await readReviewPolicy(db, admdvs)).sampleRate)
  }
  const fallback = (await readReviewPolicy(db)).sampleRate
  return (code) => rates.get(regionOf.get(code)) ?? fallback
}

/** Samples, newest first. */
export async function listSamples(db: Queryable): Promise<ReviewSample[]> {
  const rows = await db.query<Record<string, unknown>>(
    `${SAMPLE_SELECT} ORDER BY created_at DESC, id`
  )
  return rows.map(toSample)
}

const SAMPLE_SELECT = `SELECT id, seed, period_from, period_to, rate, population, sampled, strata,
  created_by, created_at, applied_by, applied_at FROM review_sample`

function toSample(r: Record<string, unknown>): ReviewSample {
  return {
    id: r['id'] as string,
    seed: r['seed'] as string,
    from: r['period_from'] as IsoDate,
    to: r['period_to'] as IsoDate,
    rate: Number(r['rate']),
    population: Number(r['population']),
    sampled: Number(r['sampled']),
    createdBy: r['created_by'] as string,
    createdAt: r['created_at'] as Timestamp,
    appliedBy: (r['applied_by'] as string | null) ?? null,
    appliedAt: (r['applied_at'] as Timestamp | null) ?? null,
  }
}

/** A sample with its items, per-institution results and extrapolation. */
export async function readSample(db: Queryable, id: string): Promise<SampleView | undefined> {
  const [row] = await db.query<Record<string, unknown>>(`${SAMPLE_SELECT} WHERE id = $1`, [id])
  if (row === undefined) return undefined
  const [items, names] = await Promise.all([
    db.query<Record<string, unknown>>(
      `SELECT mdtrt_id, psn_no, institution_code, amount, result, error_amount, note
       FROM review_sample_item WHERE sample_id = $1 ORDER BY institution_code COLLATE "C", mdtrt_id COLLATE "C"`,
      [id]
    ),
    db.query<{ code: string; name: string }>('SELECT code, name FROM institution'),
  ])
  const nameOf = new Map(names.map((n) => [n.code, n.name]))
  const sampleItems = items.map((r): SampleItem => ({
    mdtrtId: r['mdtrt_id'] as string,
    psnNo: r['psn_no'] as string,
    institutionCode: r['institution_code'] as string,
    amount: Number(r['amount']),
    result: (r['result'] as 'PASS' | 'ERROR' | null) ?? null,
    errorAmount: Number(r['error_amount']),
    note: (r['note'] as string | null) ?? null,
  }))
  const strata = row['strata'] as SampleStratum[]
  const byInstitution = strata.map((s): SampleInstitution => {
    const mine = sampleItems.filter((i) => i.institutionCode === s.institutionCode)
    const checked = mine.filter((i) => i.result !== null)
    const checkedAmount = checked.reduce((a, i) => a + i.amount, 0)
    const errorAmount = checked.reduce((a, i) => a + i.errorAmount, 0)
    const [x] = extrapolate([
      {
        institutionCode: s.institutionCode,
        populationAmount: s.populationAmount,
        sampledAmount: s.sampledAmount,
        checkedAmount,
        errorAmount,
      },
    ])
    return {
      ...s,
      institutionName: nameOf.get(s.institutionCode) ?? null,
      checked: checked.length,
      errors: checked.filter((i) => i.result === 'ERROR').length,
      checkedAmount,
      errorAmount,
      errorRate: x!.errorRate,
      unsampledAmount: x!.unsampledAmount,
      projected: x!.projected,
    }
  })
  return { sample: toSample(row), byInstitution, items: sampleItems }
}

/** Records a reviewer's result on one sampled claim. */
export async function recordSampleResult(
  db: Database,
  sampleId: string,
  mdtrtId: string,
  input: { result: 'PASS' | 'ERROR'; errorAmount?: number | undefined; note?: string | undefined },
  viewer: Viewer
): Promise<void> {
  if (input.result !== 'PASS' && input.result !== 'ERROR') {
    throw new OutcomeError(
      badRequest(`result：应为 PASS 或 ERROR，收到 ${String(input.result)}`, 'result')
    )
  }
  await db.transaction(async (tx) => {
    const [item] = await tx.query<{ amount: number; applied: boolean }>(
      `SELECT i.amount, s.applied_at IS NOT NULL AS applied FROM review_sample_item i
       JOIN review_sample s ON s.id = i.sample_id
       WHERE i.sample_id = $1 AND i.mdtrt_id = $2 FOR UPDATE OF i`,
      [sampleId, mdtrtId]
    )
    if (item === undefined) {
      throw new OutcomeError(notFound(`抽样 ${sampleId} 中没有就诊 ${mdtrtId}`))
    }
    if (item.applied)
      throw new OutcomeError(conflict(`抽样 ${sampleId} 的外推已应用，结果不能再改`))
    const amount = item.amount
    const errorAmount = input.result === 'PASS' ? 0 : (input.errorAmount ?? amount)
    if (input.result === 'PASS' && input.errorAmount !== undefined && input.errorAmount !== 0) {
      throw new OutcomeError(
        badRequest('errorAmount：无差错（PASS）时不能填写差错金额', 'errorAmount')
      )
    }
    if (
      input.result === 'ERROR' &&
      (!Number.isInteger(errorAmount) || errorAmount < 1 || errorAmount > amount)
    ) {
      throw new OutcomeError(
        badRequest(
          `errorAmount：应为 1 至 ${amount} 之间的整数（分），收到 ${String(input.errorAmount)}`,
          'errorAmount'
        )
      )
    }
    await tx.query(
      `UPDATE review_sample_item SET result = $3, error_amount = $4, note = $5, checked_by = $6,
         checked_at = now() WHERE sample_id = $1 AND mdtrt_id = $2`,
      [sampleId, mdtrtId, input.result, errorAmount, input.note?.trim() || null, viewer.actor]
    )
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'sample.check',
      target: sampleId,
      detail: { mdtrtId, result: input.result, errorAmount },
    })
  })
}

/**
 * Applies a sample once the bureau confirms, when every drawn claim has been re-reviewed: per
 * institution, a deduction of the errors found in its sampled claims and one of the errors
 * extrapolated to its unsampled claims, in the month of `today`. Applying twice, or before the
 * re-review is complete, is refused (409).
 *
 * @returns the total deducted, fen
 */
export async function applySample(
  db: Database,
  sampleId: string,
  viewer: Viewer,
  today: IsoDate
): Promise<number> {
  return db.transaction(async (tx) => {
    const [row] = await tx.query<{ applied: boolean }>(
      'SELECT applied_at IS NOT NULL AS applied FROM review_sample WHERE id = $1 FOR UPDATE',
      [sampleId]
    )
    if (row === undefined) throw new OutcomeError(notFound(`没有编号为 ${sampleId} 的抽样`))
    if (row.applied) throw new OutcomeError(conflict(`抽样 ${sampleId} 的外推已应用过`))
    const view = (await readSample(tx, sampleId))!
    const unchecked = view.items.filter((i) => i.result === null).length
    if (unchecked > 0) {
      throw new OutcomeError(
        conflict(`抽样 ${sampleId} 还有 ${unchecked} 条就诊未复审，全部复审后才能应用`)
      )
    }
    let total = 0
    for (const inst of view.byInstitution) {
      const parts = [
        [inst.errorAmount, `抽查复审差错：${inst.errors} 条就诊`],
        [inst.projected, `抽查复审外推：差错率 ${(inst.errorRate * 100).toFixed(2)}%`],
      ] as const
      for (const [amount, note] of parts) {
        if (amount <= 0) continue
        total += amount
        await tx.query(
          `INSERT INTO deduction (id, institution_code, month, sample_id, amount, created_by, note)
           VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [
            newId('DK'),
            inst.institutionCode,
            today.slice(0, 7),
            sampleId,
            amount,
            viewer.actor,
            note,
          ]
        )
      }
    }
    await tx.query('UPDATE review_sample SET applied_at = now(), applied_by = $2 WHERE id = $1', [
      sampleId,
      viewer.actor,
    ])
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'sample.apply',
      target: sampleId,
      detail: {
        total,
        found: view.byInstitution.reduce((a, i) => a + i.errorAmount, 0),
        projected: view.byInstitution.reduce((a, i) => a + i.projected, 0),
      },
    })
    return total
  })
}
