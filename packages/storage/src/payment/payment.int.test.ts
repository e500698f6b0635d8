// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadBuiltinPack } from '@yibao/knowledge'
import type { PaymentPlan, Statement } from '@yibao/payment'
import { monthlyQuota, planToDocument } from '@yibao/payment'
import type { Database } from '../database.js'
import { loadRecordBatch } from '../load-record-batch.js'
import { writeFindings } from '../findings.js'
import { answerFinding, dispatchFindings } from '../review/review-findings.js'
import type { Viewer } from '../review/viewer.js'
import { SYSTEM } from '../review/viewer.js'
import { testFinding, testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { activateVersion, saveDraftVersion } from '../versioned-documents.js'
import { runClearing } from './clear-payment.js'
import { PAYMENT_PLANS } from './payment-plans.js'
import { listStatements, readStatement, runPaymentMonth } from './run-payment.js'
import { suggestPaymentPlan } from './suggest-plan.js'

const pack = loadBuiltinPack()
const records = testRecordBatch({ persons: 60, seed: 5 })
const ADMDVS = '431222'
const YEAR = Number(records.settlements[0]!.time.slice(0, 4))
/** The month with the most settlements; the deduction is decided in the next one. */
const MONTH = (() => {
  const n = new Map<string, number>()
  for (const s of records.settlements)
    n.set(s.time.slice(0, 7), (n.get(s.time.slice(0, 7)) ?? 0) + 1)
  return [...n].sort((a, b) => b[1] - a[1])[0]![0]
})()
const FM: Viewer = { actor: 'user:fund_manager', role: 'fund_manager', institutionCode: null }

describe.each(testBackends())('paying institutions on $name', (backend) => {
  let db: Database
  let plan: PaymentPlan
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    const suggested = await suggestPaymentPlan(db, ADMDVS, YEAR, pack)
    plan = {
      ...suggested,
      creditLevels: { H001: 'A' },
      methods: [
        { method: 'GLOBAL', institutions: ['C001'], annualQuota: 1_200_011 },
        ...suggested.methods,
      ],
    }
    await saveDraftVersion(db, PAYMENT_PLANS, planToDocument(plan), SYSTEM)
    await activateVersion(db, PAYMENT_PLANS, plan.id, SYSTEM)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a plan sized from the data prices the year: budget over the DIP fund, a point value', () => {
    expect(plan.annualFund).toBeGreaterThan(0)
    expect(plan.budgetPointValue).toBeGreaterThan(0)
    expect(plan.dip.costPerPoint).toBeGreaterThan(0)
  })

  test('a month’s statements follow the plan and reconcile to the fen', async () => {
    const r = await runPaymentMonth(db, { month: MONTH, viewer: FM, pack })
    expect(r.reconciled).toBe(true)
    expect(r.created).toBe(r.statements.length)
    expect(r.totals.cases).toBeGreaterThan(0)
    const byCode = new Map(r.statements.map((s) => [s.institutionCode, s]))
    // 总额预付: the month's twelfth; deposit 10 % (H001 rated A: 5 %).
    expect(byCode.get('C001')).toMatchObject({
      method: 'GLOBAL',
      payable: monthlyQuota(1_200_011, MONTH),
    })
    const h1 = await readStatement(db, byCode.get('H001')!.id, { offset: 0, limit: 1000 })
    const h2 = await readStatement(db, byCode.get('H002')!.id, { offset: 0, limit: 1000 })
    for (const [found, bp] of [
      [h1!, 500],
      [h2!, 1000],
    ] as const) {
      const s: Statement = found.statement
      expect(s.method).toBe('DIP')
      expect(s.depositBp).toBe(bp)
      expect(s.deposit).toBe(Math.round((Math.max(0, s.payable) * bp) / 10_000))
      // Points are the sum of the stored cases'; 应付 follows the formula.
      const points = found.cases.reduce((a, c) => a + Number(c['points']), 0)
      expect(s.points).toBeCloseTo(points, 4)
      expect(found.caseCount).toBe(found.cases.length)
      const pointAmount = Math.round((s.points * plan.budgetPointValue * plan.prepayBp) / 100)
      expect(s.pointAmount).toBe(pointAmount)
      expect(s.payable).toBe(
        pointAmount -
          s.pointCases.ownPay -
          s.pointCases.otherFunds +
          s.settlements.basicFund -
          s.pointCases.basicFund
      )
      expect(s.net).toBe(s.payable - s.deductions - s.deposit)
      expect(s.indicators!.cases).toBe(found.caseCount)
    }
  })

  test('a re-run with nothing changed stores nothing', async () => {
    const before = await listStatements(db, { month: MONTH, current: false })
    const r = await runPaymentMonth(db, { month: MONTH, viewer: FM, pack })
    expect(r).toMatchObject({
      created: 0,
      superseded: 0,
      unchanged: before.length,
      reconciled: true,
    })
    expect(await listStatements(db, { month: MONTH, current: false })).toHaveLength(before.length)
  })

  test('an upheld deduction appears once, in the month it was upheld; the old version stays', async () => {
    const decided = `${MONTH}-20`
    const finding = testFinding(records, 'H002', 0, { severity: 'CLEAR', amount: 12_345 })
    await writeFindings(db, 'R-PAY', [finding])
    const auditor: Viewer = { actor: 'user:auditor', role: 'auditor', institutionCode: null }
    await dispatchFindings(db, { findingIds: [finding.id] }, auditor, decided)
    const inst: Viewer = { actor: 'user:inst-H002', role: 'institution', institutionCode: 'H002' }
    await answerFinding(db, finding.id, { action: 'accept' }, inst, decided)

    const r = await runPaymentMonth(db, { month: MONTH, viewer: FM, pack })
    expect(r).toMatchObject({ created: 1, superseded: 1, reconciled: true })
    const versions = await listStatements(db, {
      month: MONTH,
      institutionCode: 'H002',
      current: false,
    })
    expect(versions.map((v) => [v.version, v.current, v.deductions])).toEqual([
      [2, true, 12_345],
      [1, false, 0],
    ])
    expect(versions[0]!.net).toBe(versions[0]!.payable - 12_345 - versions[0]!.deposit)
    const [current] = await listStatements(db, { month: MONTH, institutionCode: 'H002' })
    const detail = await readStatement(db, current!.id)
    expect(detail!.statement.deductionItems.map((d) => [d.findingId, d.amount])).toEqual([
      [finding.id, 12_345],
    ])
    // No other month carries it, and running the month again does not repeat it.
    const months = new Set(records.settlements.map((s) => s.time.slice(0, 7)))
    months.delete(MONTH)
    const other = [...months][0]!
    const o = await runPaymentMonth(db, { month: other, viewer: FM, pack })
    expect(o.totals.deductions).toBe(0)
    const again = await runPaymentMonth(db, { month: MONTH, viewer: FM, pack })
    expect(again.created).toBe(0)
    expect(again.totals.deductions).toBe(12_345)
    // The deposit ledger reversed version 1's deposit when version 2 replaced it.
    const ledger = await db.query<{ amount: number; statement_id: string }>(
      `SELECT amount, statement_id FROM deposit_ledger WHERE institution_code = 'H002' AND month = $1
       ORDER BY id`,
      [MONTH]
    )
    expect(ledger.map((l) => l.amount)).toEqual([
      versions[1]!.deposit,
      -versions[1]!.deposit,
      versions[0]!.deposit,
    ])
  })

  test('the annual clearing shares the fund to the fen and returns the deposits', async () => {
    const { stored, status } = await runClearing(db, ADMDVS, YEAR, FM)
    expect(status).toBe('created')
    const c = stored.clearing
    expect(c.identityHolds).toBe(true)
    const point = c.rows.filter((r) => r.method === 'DIP')
    expect(point.reduce((a, r) => a + r.pointFundPaid, 0) + c.reserveAfter).toBe(plan.annualFund)
    const prepaid = await listStatements(db, { year: YEAR })
    for (const row of c.rows) {
      const paid = prepaid.filter((s) => s.institutionCode === row.institutionCode)
      expect(row.prepaid).toBe(paid.reduce((a, s) => a + s.payable, 0))
      expect(row.depositWithheld).toBe(paid.reduce((a, s) => a + s.deposit, 0))
      expect(row.balance).toBe(row.fundPaid - row.prepaid + row.depositReturned)
    }
    expect(stored.monthsMissing.length).toBeGreaterThan(0)
    // Unchanged data: the same clearing; changed assessment: a new version, returns redone.
    expect((await runClearing(db, ADMDVS, YEAR, FM)).status).toBe('unchanged')
    const returned = await db.query<{ total: number }>(
      `SELECT coalesce(sum(amount), 0)::bigint AS total FROM deposit_ledger WHERE kind = 'RETURNED'`
    )
    expect(returned[0]!.total).toBe(c.rows.reduce((a, r) => a + r.depositReturned, 0))
  })

  test('a region without a plan is named when asked for, and skipped otherwise', async () => {
    await expect(
      runPaymentMonth(db, { month: `${YEAR + 1}-01`, admdvs: ADMDVS, viewer: FM, pack })
    ).rejects.toThrow(/没有 \d{4} 年启用的付费方案/)
    await expect(runPaymentMonth(db, { month: '2025-13', viewer: FM, pack })).rejects.toThrow(
      /月份应为 YYYY-MM/
    )
  })
})

describe.each(testBackends())('a DRG region on $name', (backend) => {
  let db: Database
  const drgRecords = testRecordBatch({ persons: 40, seed: 8 })
  // The settlement list brings each stay's DRG; one is outside the CHS-DRG list.
  const stays = drgRecords.encounters.filter((e) => e.kind === 'INPATIENT')
  const codes = ['ES21', 'GS15', 'ZZ99']
  const encounters = drgRecords.encounters.map((e) => {
    const i = stays.indexOf(e)
    return i < 0 ? e : { ...e, drgCode: codes[i % codes.length]! }
  })
  const month = stays[0]!.begin.slice(0, 7)
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, { ...drgRecords, encounters })
    const drgYear = Number(month.slice(0, 4))
    const plan = await suggestPaymentPlan(db, ADMDVS, drgYear, pack, 'DRG')
    // Weights from the stays' own mean costs, for the codes in CHS-DRG only.
    expect(plan.drg.weights.map((w) => w.code)).toEqual(['ES21', 'GS15'])
    const mean = plan.drg.weights.find((w) => w.code === 'ES21')!.meanCost
    const es21 = stays.filter((_, i) => i % 3 === 0)
    expect(es21.length).toBeGreaterThan(0)
    expect(mean).toBeGreaterThan(0)
    const drg = {
      ...plan.drg,
      weights: plan.drg.weights.map((w) => (w.code === 'GS15' ? { ...w, dailyPoints: 6 } : w)),
    }
    await saveDraftVersion(db, PAYMENT_PLANS, planToDocument({ ...plan, drg }), SYSTEM)
    await activateVersion(db, PAYMENT_PLANS, plan.id, SYSTEM)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('stays are priced by their DRG; a code outside CHS-DRG 1.1 earns nothing and says why', async () => {
    const r = await runPaymentMonth(db, { month, viewer: FM, pack })
    expect(r.reconciled).toBe(true)
    const cases = await db.query<{
      mdtrt_id: string
      group_code: string | null
      cost_type: string
      points: number
      note: string | null
    }>('SELECT mdtrt_id, group_code, cost_type, points, note FROM payment_case')
    expect(cases.length).toBeGreaterThan(0)
    for (const c of cases) {
      const e = encounters.find((x) => x.mdtrtId === c.mdtrt_id)!
      if (e.drgCode === 'ZZ99') {
        expect(c).toMatchObject({ group_code: null, cost_type: 'UNGROUPED', points: 0 })
        expect(c.note).toContain('ZZ99')
      } else if (e.drgCode === 'GS15') {
        expect(c.cost_type).toBe('PER_DIEM')
        expect(c.points % 6).toBe(0)
      } else {
        expect(c.group_code).toBe('ES21')
        expect(c.points).toBeGreaterThan(0)
      }
    }
  })
})
