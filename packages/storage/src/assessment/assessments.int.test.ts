// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadBuiltinPack } from '@yibao/knowledge'
import { planToDocument } from '@yibao/payment'
import { reportIntakeFromDocument } from '@yibao/supervision'
import type { Database } from '../database.js'
import { listAuditLog } from '../audit-log.js'
import { writeFindings } from '../findings.js'
import { loadRecordBatch } from '../load-record-batch.js'
import { runClearing } from '../payment/clear-payment.js'
import { PAYMENT_PLANS } from '../payment/payment-plans.js'
import { runPaymentMonth } from '../payment/run-payment.js'
import { suggestPaymentPlan } from '../payment/suggest-plan.js'
import { answerFinding, dispatchFindings } from '../review/review-findings.js'
import type { Viewer } from '../review/viewer.js'
import { SYSTEM } from '../review/viewer.js'
import { testFinding, testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { activateVersion, saveDraftVersion } from '../versioned-documents.js'
import { createUser } from '../users.js'
import { assignReport, intakeReport, moveReport } from '../reports/reports.js'
import { ReportVault } from '../reports/report-vault.js'
import {
  adjustCredit,
  listAssessments,
  recordAssessmentEntry,
  runAssessment,
} from './assessments.js'

const records = testRecordBatch({ persons: 40, seed: 12 })
const YEAR = Number(records.settlements[0]!.time.slice(0, 4))
const MONTH = records.settlements[0]!.time.slice(0, 7)
const ASSESSOR: Viewer = { actor: 'user:inspector', role: 'inspector', institutionCode: null }

describe.each(testBackends())('千分制 assessments on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('upheld violations and assessors’ entries take marks off; results are versioned', async () => {
    // Two findings of H001 upheld in the year.
    const findings = [0, 1].map((n) => testFinding(records, 'H001', n, { severity: 'CLEAR' }))
    await writeFindings(db, 'R-KH', findings)
    const day = `${MONTH}-15`
    await dispatchFindings(
      db,
      { findingIds: findings.map((f) => f.id) },
      { actor: 'user:auditor', role: 'auditor', institutionCode: null },
      day
    )
    const inst: Viewer = { actor: 'user:inst-H001', role: 'institution', institutionCode: 'H001' }
    for (const f of findings) await answerFinding(db, f.id, { action: 'accept' }, inst, day)

    await recordAssessmentEntry(
      db,
      {
        institutionCode: 'H002',
        period: String(YEAR),
        item: 'BASIC-TRAIN',
        points: 30,
        reason: '未公示',
      },
      ASSESSOR
    )
    await expect(
      recordAssessmentEntry(
        db,
        { institutionCode: 'H002', period: String(YEAR), item: 'COST-OUT', points: 1, reason: 'x' },
        ASSESSOR
      )
    ).rejects.toThrow(/不是人工考核项/)
    await expect(
      recordAssessmentEntry(
        db,
        { institutionCode: 'H002', period: '2025-Q5', item: 'BASIC-TRAIN', points: 1, reason: 'x' },
        ASSESSOR
      )
    ).rejects.toThrow(/period/)

    // A report against H002 verified in the year counts as an upheld complaint.
    await createUser(db, {
      username: 'rh',
      displayName: 'rh',
      role: 'report_handler',
      password: 'a-long-password',
    })
    const handler: Viewer = { actor: 'user:rh', role: 'report_handler', institutionCode: null }
    const vault = new ReportVault(db, { production: false })
    const intake = reportIntakeFromDocument({
      channel: 'PHONE',
      kind: 'ANONYMOUS',
      subjectType: 'INSTITUTION',
      subjectId: 'H002',
      clues: '挂床住院',
    })
    const { report } = await intakeReport(db, vault, intake, handler, `${YEAR}-03-03`)
    await assignReport(db, vault, report.id, 'rh', handler)
    await moveReport(db, vault, report.id, { action: 'accept' }, handler, `${YEAR}-03-04`)
    await moveReport(
      db,
      vault,
      report.id,
      { action: 'verify', handlingDecision: 'PENALTY', caseValue: 100_000, matter: '挂床住院' },
      handler,
      `${YEAR}-03-20`
    )

    const first = await runAssessment(db, String(YEAR), ASSESSOR)
    expect(first.created).toBe(records.institutions.length)
    const byCode = new Map(first.results.map((r) => [r.institutionCode, r]))
    const h1 = byCode.get('H001')!
    expect(h1.items.find((i) => i.code === 'SERVICE-VIOLATION')).toMatchObject({
      value: 2,
      deducted: 4,
    })
    expect(byCode.get('H002')!.items.find((i) => i.code === 'BASIC-TRAIN')!.score).toBe(20)
    expect(byCode.get('H002')!.items.find((i) => i.code === 'SAT-COMPLAINT')).toMatchObject({
      value: 1,
      deducted: 5,
    })
    for (const r of first.results) {
      expect(r.score).toBe(r.items.reduce((a, i) => a + i.score, 0))
    }
    expect((await runAssessment(db, String(YEAR), ASSESSOR)).created).toBe(0)

    await recordAssessmentEntry(
      db,
      {
        institutionCode: 'H002',
        period: String(YEAR),
        item: 'VETO',
        points: 0,
        reason: '欺诈骗保查实',
      },
      ASSESSOR
    )
    const again = await runAssessment(db, String(YEAR), ASSESSOR, { institutionCode: 'H002' })
    expect(again.created).toBe(1)
    expect(again.results[0]).toMatchObject({
      score: 0,
      credit: 'D',
      version: 2,
      veto: '欺诈骗保查实',
    })
    const adjusted = await adjustCredit(
      db,
      'H002',
      String(YEAR),
      'C',
      '异议复核：部分事实不成立',
      ASSESSOR
    )
    expect(adjusted).toMatchObject({
      credit: 'D',
      creditLevel: 'C',
      adjustReason: '异议复核：部分事实不成立',
    })
    const log = await listAuditLog(db, 20)
    expect(log.map((e) => e.action)).toEqual(
      expect.arrayContaining(['assessment.entry', 'assessment.run', 'assessment.credit'])
    )
  })

  test('the year’s coefficients go into the clearing and last year’s credit into the deposit', async () => {
    const plan = await suggestPaymentPlan(db, '431222', YEAR, loadBuiltinPack())
    await saveDraftVersion(
      db,
      PAYMENT_PLANS,
      planToDocument({ ...plan, annualFund: 100_000_000 }),
      SYSTEM
    )
    await activateVersion(db, PAYMENT_PLANS, plan.id, SYSTEM)
    const fm: Viewer = { actor: 'user:fund_manager', role: 'fund_manager', institutionCode: null }
    await runPaymentMonth(db, { month: MONTH, viewer: fm, pack: loadBuiltinPack() })
    const { stored } = await runClearing(db, '431222', YEAR, fm)
    const scores = new Map(
      (await listAssessments(db, String(YEAR))).map((r) => [r.institutionCode, r.coefficient])
    )
    const h2 = stored.clearing.rows.find((r) => r.institutionCode === 'H002')!
    expect(h2.assessmentCoefficient).toBe(scores.get('H002'))
    expect(h2.pointFundPaid).toBe(0)
    expect(h2.depositReturned).toBe(0)
    expect(stored.clearing.identityHolds).toBe(true)
    // Credit from last year's assessment halves the deposit of the next year's statements.
    await recordAssessmentEntry(
      db,
      {
        institutionCode: 'H001',
        period: String(YEAR - 1),
        item: 'BASIC-TRAIN',
        points: 0,
        reason: '无',
      },
      ASSESSOR
    )
    await runAssessment(db, String(YEAR - 1), ASSESSOR, { institutionCode: 'H001' })
    const { withAssessments } = await import('./assessments.js')
    const applied = await withAssessments(db, plan, 'monthly')
    expect(applied.creditLevels['H001']).toBe('A')
  })
})
