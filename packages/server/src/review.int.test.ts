// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Finding } from '@yibao/audit'
import type { FindingSeverity } from '@yibao/domain'
import { WorkingCalendar } from '@yibao/domain'
import type { Database } from '@yibao/storage'
import {
  createUser,
  DEMO_PASSWORD,
  ensureDemoAccounts,
  expireOverdueFindings,
  loadRecordBatch,
  SYSTEM,
  testBackends,
  testRecordBatch,
  writeFindings,
} from '@yibao/storage'
import { DEFAULT_REVIEW_POLICY } from '@yibao/supervision'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient, testFinding } from './testing.js'

const records = testRecordBatch({ persons: 40, seed: 3 })
// Thursday 2025-03-06; the clock the server judges deadlines by.
const TODAY = '2025-03-06'
let now = new Date(`${TODAY}T10:00:00+08:00`)

/** Findings on stored encounters: `n` per institution, with the given severities and amounts. */
function findingsOf(
  institution: string,
  specs: readonly { severity: FindingSeverity; amount: number }[]
): Finding[] {
  const encounters = records.encounters.filter((e) => e.institutionCode === institution)
  return specs.map((spec, i) => {
    const e = encounters[i]!
    const line = records.feeLines.find((l) => l.mdtrtId === e.mdtrtId)!
    return testFinding(records, institution, i, {
      severity: spec.severity,
      amount: spec.amount,
      lines: [
        { feedetlSn: line.feedetlSn, mdtrtId: e.mdtrtId, role: 'VIOLATING', amount: spec.amount },
      ],
      message: `测试疑点 ${i}`,
      knowledgePointId: 'B3-0001',
    })
  })
}

// A tiny valid PDF header is enough for the type check.
const PDF = Buffer.from('%PDF-1.4\n% yibao test attachment\n').toString('base64')

describe.each(testBackends())('the review chain over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  const A = 'H001'
  const B = 'H002'
  const fourEyes = DEFAULT_REVIEW_POLICY.fourEyesAmount
  const a = findingsOf(A, [
    { severity: 'SUSPECT', amount: 12_345 },
    { severity: 'SUSPECT', amount: 20_000 },
    { severity: 'CLEAR', amount: 3_333 },
    { severity: 'CLEAR', amount: 4_444 },
    { severity: 'SUSPECT', amount: fourEyes + 100 },
  ])
  const b = findingsOf(B, [
    { severity: 'SUSPECT', amount: 7_000 },
    { severity: 'CLEAR', amount: 8_000 },
  ])

  beforeAll(async () => {
    now = new Date(`${TODAY}T10:00:00+08:00`)
    db = await backend.open()
    await loadRecordBatch(db, records)
    await writeFindings(db, 'R-TEST', [...a, ...b])
    await ensureDemoAccounts(db)
    await createUser(db, {
      username: 'reviewer2',
      displayName: '第二复审员',
      role: 'reviewer',
      password: 'second-reviewer-pw',
    })
    server = await startTestServer(db, { clock: () => now })
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  const login = (user: string, password = DEMO_PASSWORD): Promise<TestClient> =>
    TestClient.login(server.base, user, password)

  test('dispatch → appeal → re-review → deduction, with every step in the audit log', async () => {
    const auditor = await login('auditor')
    // Without the CSRF token a cookie session changes nothing.
    const noCsrf = await auditor.request(
      'POST',
      '/api/v1/dispatches',
      { findingIds: [a[0]!.id] },
      { csrf: false }
    )
    expect(noCsrf.status).toBe(403)

    const dispatched = await auditor.post('/api/v1/dispatches', {
      findingIds: [...a, ...b].map((f) => f.id),
    })
    expect(dispatched.status).toBe(201)
    const calendar = new WorkingCalendar()
    const deadline = calendar.addWorkingDays(TODAY, DEFAULT_REVIEW_POLICY.appealDays)
    expect(deadline).toBe('2025-03-20')
    expect(
      dispatched.body.dispatches.map((d: any) => [
        d.institutionCode,
        d.count,
        d.amount,
        d.appealDeadline,
      ])
    ).toEqual([
      [A, 5, a.reduce((s, f) => s + f.amount, 0), deadline],
      [B, 2, 15_000, deadline],
    ])
    // Dispatching again is an illegal transition, named.
    const again = await auditor.post('/api/v1/dispatches', { findingIds: [a[0]!.id] })
    expect(again.status).toBe(409)
    expect(again.body.issues[0].message).toContain('DISPATCHED')
    expect(again.body.issues[0].message).toContain('GENERATED')

    const inst = await login(`inst-${A}`)
    const own = await inst.get('/api/v1/findings?pageSize=50')
    expect(own.status).toBe(200)
    expect(own.body.total).toBe(5)
    expect(
      own.body.items.every((f: any) => f.institutionCode === A && f.state === 'DISPATCHED')
    ).toBe(true)

    // A bad attachment refuses the whole appeal and stores nothing.
    const bad = await inst.post(`/api/v1/findings/${a[0]!.id}/appeal`, {
      action: 'appeal',
      reason: '用药符合说明书',
      attachments: [
        { name: 'basis.pdf', contentType: 'application/pdf', data: PDF },
        { name: 'tool.exe', contentType: 'application/octet-stream', data: PDF },
      ],
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues[0].path).toBe('attachments[1].name')
    expect((await inst.get(`/api/v1/findings/${a[0]!.id}`)).body.state).toBe('DISPATCHED')

    const appealed = await inst.post(`/api/v1/findings/${a[0]!.id}/appeal`, {
      action: 'appeal',
      reason: '用药符合说明书',
      attachments: [{ name: '病历摘要.pdf', contentType: 'application/pdf', data: PDF }],
    })
    expect(appealed.status).toBe(200)
    expect(appealed.body.state).toBe('APPEALED')
    const attachment = appealed.body.appeal.attachments[0]
    expect(attachment).toMatchObject({ name: '病历摘要.pdf', contentType: 'application/pdf' })
    expect(
      (
        await inst.post(`/api/v1/findings/${a[1]!.id}/appeal`, {
          action: 'appeal',
          reason: '已退费',
        })
      ).body.state
    ).toBe('APPEALED')
    expect(
      (await inst.post(`/api/v1/findings/${a[2]!.id}/appeal`, { action: 'accept' })).body.state
    ).toBe('DEDUCTED')
    expect(
      (
        await inst.post(`/api/v1/findings/${a[4]!.id}/appeal`, {
          action: 'appeal',
          reason: '诊疗必需',
        })
      ).body.state
    ).toBe('APPEALED')
    // An appeal without a reason names the field.
    const noReason = await inst.post(`/api/v1/findings/${a[3]!.id}/appeal`, { action: 'appeal' })
    expect(noReason.status).toBe(400)
    expect(noReason.body.issues[0].path).toBe('reason')

    const reviewer = await login('reviewer')
    const file = await reviewer.download(`/api/v1/attachments/${attachment.id}`)
    expect(file.status).toBe(200)
    expect(Buffer.from(await file.arrayBuffer()).toString('base64')).toBe(PDF)

    const upheld = await reviewer.post(`/api/v1/findings/${a[0]!.id}/decision`, {
      decision: 'uphold',
      amount: 10_000,
      basis: '超说明书用药，病历无特殊说明',
    })
    expect(upheld.status).toBe(200)
    expect(upheld.body).toMatchObject({ state: 'DEDUCTED', decidedAmount: 10_000 })
    const tooMuch = await reviewer.post(`/api/v1/findings/${a[1]!.id}/decision`, {
      decision: 'uphold',
      amount: 20_001,
      basis: '金额超过疑点金额',
    })
    expect(tooMuch.status).toBe(400)
    expect(tooMuch.body.issues[0].path).toBe('amount')
    const dismissed = await reviewer.post(`/api/v1/findings/${a[1]!.id}/decision`, {
      decision: 'dismiss',
      basis: '机构已提供退费凭证',
    })
    expect(dismissed.body.state).toBe('DISMISSED')

    // Four eyes: above the threshold a second reviewer approves.
    const pending = await reviewer.post(`/api/v1/findings/${a[4]!.id}/decision`, {
      decision: 'uphold',
      basis: '无诊疗必需依据',
    })
    expect(pending.body.state).toBe('PENDING_APPROVAL')
    const self = await reviewer.post(`/api/v1/findings/${a[4]!.id}/decision`, {
      decision: 'approve',
      basis: '自己批准',
    })
    expect(self.status).toBe(409)
    const second = await login('reviewer2', 'second-reviewer-pw')
    const approved = await second.post(`/api/v1/findings/${a[4]!.id}/decision`, {
      decision: 'approve',
      basis: '同意认定',
    })
    expect(approved.body).toMatchObject({ state: 'DEDUCTED', decidedAmount: fourEyes + 100 })

    // Deductions equal the upheld amounts to the fen.
    const fund = await login('fund_manager')
    const deductions = await fund.get('/api/v1/deductions')
    expect(deductions.body.totalAmount).toBe(10_000 + a[2]!.amount + fourEyes + 100)
    const instDeductions = await inst.get('/api/v1/deductions')
    expect(instDeductions.body.items.every((d: any) => d.institutionCode === A)).toBe(true)

    const funnel = await auditor.get('/api/v1/funnel?groupBy=institution')
    expect(funnel.body.total).toMatchObject({
      flagged: { count: 7 },
      dispatched: { count: 7 },
      appealed: { count: 3 },
      upheld: { count: 3, amount: 10_000 + a[2]!.amount + fourEyes + 100 },
      dismissed: { count: 1, amount: a[1]!.amount },
      deducted: { count: 3, amount: 10_000 + a[2]!.amount + fourEyes + 100 },
    })
    expect(funnel.body.total.upheldRate).toBeCloseTo(3 / 7)

    // Overturning a deducted finding writes the reversal; the net deduction falls by its amount.
    const overturned = await reviewer.post(`/api/v1/findings/${a[0]!.id}/decision`, {
      decision: 'overturn',
      basis: '行政复议撤销',
    })
    expect(overturned.body.state).toBe('DISMISSED')
    const after = await fund.get(`/api/v1/deductions?institutionCode=${A}`)
    expect(after.body.totalAmount).toBe(a[2]!.amount + fourEyes + 100)
    expect(
      after.body.items.filter((d: any) => d.reversalOf !== null).map((d: any) => d.amount)
    ).toEqual([-10_000])

    const detail = await reviewer.get(`/api/v1/findings/${a[0]!.id}`)
    expect(detail.body.history.map((h: any) => [h.action, h.from, h.to])).toEqual([
      ['finding.dispatch', 'GENERATED', 'DISPATCHED'],
      ['finding.appeal', 'DISPATCHED', 'APPEALED'],
      ['finding.uphold', 'APPEALED', 'UPHELD'],
      ['finding.deduct', 'UPHELD', 'DEDUCTED'],
      ['finding.overturn', 'DEDUCTED', 'DISMISSED'],
    ])
    const admin = await login('admin')
    const log = await admin.get('/api/v1/audit-log?action=finding.&pageSize=200')
    expect(log.body.items.filter((e: any) => e.target === a[0]!.id)).toHaveLength(5)
    expect(log.body.items.every((e: any) => e.actor.startsWith('user:'))).toBe(true)
  })

  test('silence past the appeal deadline upholds a clear finding and sends a suspect one to review', async () => {
    // Nothing moves on the deadline day itself.
    expect(await expireOverdueFindings(db, '2025-03-20', SYSTEM)).toBe(0)
    const moved = await expireOverdueFindings(db, '2025-03-21', SYSTEM)
    expect(moved).toBe(3)
    const auditor = await login('auditor')
    const states = await auditor.get(`/api/v1/findings?ids=&pageSize=50`)
    const stateOf = new Map(states.body.items.map((f: any) => [f.id, f.state]))
    expect(stateOf.get(a[3]!.id)).toBe('DEDUCTED')
    expect(stateOf.get(b[0]!.id)).toBe('REVIEWING')
    expect(stateOf.get(b[1]!.id)).toBe('DEDUCTED')
    // Running it again moves nothing.
    expect(await expireOverdueFindings(db, '2025-03-21', SYSTEM)).toBe(0)
    // The institution can no longer answer.
    now = new Date('2025-03-21T10:00:00+08:00')
    const late = await (
      await login(`inst-${B}`)
    ).post(`/api/v1/findings/${b[0]!.id}/appeal`, {
      action: 'appeal',
      reason: '迟到的申诉',
    })
    expect(late.status).toBe(409)
  })

  test('two draws with the same seed give the same claims, at least 5 % of each institution', async () => {
    const reviewer = await login('reviewer')
    const body = { from: '2024-01-01', to: '2025-12-31', rate: 0.05, seed: 'chenxi-2025' }
    const first = await reviewer.post('/api/v1/samples', body)
    const second = await reviewer.post('/api/v1/samples', body)
    expect(first.status).toBe(201)
    expect(second.body.items.map((i: any) => i.mdtrtId)).toEqual(
      first.body.items.map((i: any) => i.mdtrtId)
    )
    expect(first.body.sample.sampled / first.body.sample.population).toBeGreaterThanOrEqual(0.05)
    for (const s of first.body.byInstitution)
      expect(s.sampled).toBeGreaterThanOrEqual(Math.ceil(0.05 * s.population))
    // No drawn claim has a finding: only machine-passed claims are sampled.
    const flagged = new Set([...a, ...b].map((f) => f.mdtrtId))
    expect(first.body.items.some((i: any) => flagged.has(i.mdtrtId))).toBe(false)

    // A reviewer's error on one claim extrapolates only when the fund manager applies it.
    const item = first.body.items[0]
    const checked = await reviewer.post(
      `/api/v1/samples/${first.body.sample.id}/items/${item.mdtrtId}`,
      {
        result: 'ERROR',
        errorAmount: 100,
      }
    )
    expect(checked.status).toBe(200)
    const inst = checked.body.byInstitution.find(
      (s: any) => s.institutionCode === item.institutionCode
    )
    expect(inst.errorAmount).toBe(100)
    const fund = await login('fund_manager')
    const sampleId = first.body.sample.id as string
    // Not before every drawn claim is re-reviewed.
    const early = await fund.post(`/api/v1/samples/${sampleId}/apply`)
    expect(early.status).toBe(409)
    expect(early.body.issues[0].message).toContain(`${first.body.items.length - 1} 条就诊未复审`)
    for (const other of first.body.items.slice(1)) {
      const pass = await reviewer.post(`/api/v1/samples/${sampleId}/items/${other.mdtrtId}`, {
        result: 'PASS',
      })
      expect(pass.status).toBe(200)
    }
    const badPass = await reviewer.post(
      `/api/v1/samples/${sampleId}/items/${first.body.items[1].mdtrtId}`,
      { result: 'PASS', errorAmount: 5 }
    )
    expect(badPass.status).toBe(400)
    expect(badPass.body.issues[0].path).toBe('errorAmount')
    const checkedAll = await fund.get(`/api/v1/samples/${sampleId}`)
    const final = checkedAll.body.byInstitution.find(
      (x: any) => x.institutionCode === item.institutionCode
    )
    // The error found in the sample, and its extrapolation to the institution's other claims.
    expect(final.errorAmount).toBe(100)
    expect(final.projected).toBe(
      Math.round((100 * (final.populationAmount - final.sampledAmount)) / final.checkedAmount)
    )
    const before = (await fund.get('/api/v1/deductions')).body.totalAmount
    const applied = await fund.post(`/api/v1/samples/${sampleId}/apply`)
    expect(applied.status).toBe(200)
    const projected = Number(final.projected)
    expect(applied.body.applied).toBe(100 + projected)
    expect((await fund.get('/api/v1/deductions')).body.totalAmount).toBe(
      Number(before) + 100 + projected
    )
    expect((await fund.post(`/api/v1/samples/${first.body.sample.id}/apply`)).status).toBe(409)
  })
})
