// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Outcome } from '@yibao/domain'
import { OutcomeError, outcomeStatus } from '@yibao/domain'
import { publicReportFromDocument, reportIntakeFromDocument } from '@yibao/supervision'
import type { Database } from '../database.js'
import { writeFindings } from '../findings.js'
import { loadRecordBatch } from '../load-record-batch.js'
import { saveReviewPolicy } from '../review/review-policy-store.js'
import type { Viewer } from '../review/viewer.js'
import { SYSTEM } from '../review/viewer.js'
import { testFinding, testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { createUser } from '../users.js'
import { assignReport, linkReportFindings, moveReport, notifyReporter } from './handle-report.js'
import { intakeReport, PUBLIC_WEB_FORM } from './intake-report.js'
import { saveReportPolicy } from './report-policy-store.js'
import { claimReport, listReports, readReport, reportStatistics } from './report-reads.js'
import { approveReward, payReward, proposeReward, waiveReward } from './report-rewards.js'
import { REPORT_KEY_META, ReportVault } from './report-vault.js'
import { NATIONAL_DAY_2025 } from './report-test-calendar.js'

const records = testRecordBatch({ persons: 10, seed: 3 })
const viewer = (name: string, role: Viewer['role']): Viewer => ({
  actor: `user:${name}`,
  role,
  institutionCode: null,
})
const HANDLER = viewer('rh-a', 'report_handler')
const SECOND = viewer('rh-b', 'report_handler')
const ADMIN = viewer('admin', 'admin')
const INSPECTOR = viewer('inspector', 'inspector')

const NAME = '王秀英'
const PHONE = '13912345678'
const ID_NUMBER = '11010519491231002X'

async function refusal(run: () => Promise<unknown>): Promise<Outcome> {
  try {
    await run()
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome
    throw err
  }
  throw new Error('expected a refusal')
}

const realName = (overrides: Record<string, unknown> = {}) =>
  reportIntakeFromDocument({
    channel: 'PHONE',
    kind: 'REAL_NAME',
    subjectType: 'INSTITUTION',
    subjectId: 'H001',
    subjectName: '测试医院',
    clues: '住院病人白天不在床，费用照记',
    insider: true,
    reporters: [{ name: NAME, phone: PHONE, idNumber: ID_NUMBER }],
    ...overrides,
  })

describe.each(testBackends())('reports and rewards on $name', (backend) => {
  let db: Database
  let vault: ReportVault
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await writeFindings(db, 'R-TEST', [testFinding(records, 'H001', 0)])
    for (const name of ['rh-a', 'rh-b']) {
      await createUser(db, {
        username: name,
        displayName: name,
        role: 'report_handler',
        password: 'a-long-password',
      })
    }
    await saveReviewPolicy(db, '*', NATIONAL_DAY_2025, SYSTEM)
    vault = new ReportVault(db, { production: false })
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a real-name report runs from intake to a paid reward, deadlines in working days', async () => {
    const { report, claimCode } = await intakeReport(db, vault, realName(), HANDLER, '2025-09-26')
    expect(claimCode).toBeNull()
    // Friday 09-26 + 15 working days over the National Day holiday.
    expect(report).toMatchObject({ state: 'RECEIVED', acceptDeadline: '2025-10-23' })
    expect(report.identity).toEqual({
      insider: true,
      reporters: [{ name: NAME, phone: PHONE, idNumber: ID_NUMBER }],
    })
    const id = report.id

    const unassigned = await refusal(() =>
      moveReport(db, vault, id, { action: 'accept' }, HANDLER, '2025-09-30')
    )
    expect(outcomeStatus(unassigned)).toBe(409)
    const notHandler = await refusal(() => assignReport(db, vault, id, 'admin', HANDLER))
    expect(notHandler.issues[0]!.path).toBe('$.handler')
    await assignReport(db, vault, id, 'rh-a', HANDLER)
    const other = await refusal(() =>
      moveReport(db, vault, id, { action: 'accept' }, SECOND, '2025-09-30')
    )
    expect(outcomeStatus(other)).toBe(403)
    const early = await refusal(() =>
      moveReport(
        db,
        vault,
        id,
        { action: 'verify', handlingDecision: 'PENALTY' },
        HANDLER,
        '2025-09-30'
      )
    )
    expect(early.issues[0]!.message).toContain('当前状态为 RECEIVED')
    expect(early.issues[0]!.message).toContain('需要状态 ACCEPTED')
    const stray = await refusal(() =>
      moveReport(db, vault, id, { action: 'accept', caseValue: 1 }, HANDLER, '2025-09-30')
    )
    expect(stray.issues.map((i) => i.path)).toEqual(['$.caseValue'])

    const accepted = await moveReport(db, vault, id, { action: 'accept' }, HANDLER, '2025-09-30')
    expect(accepted).toMatchObject({
      state: 'ACCEPTED',
      decisionDate: '2025-09-30',
      notifyDeadline: '2025-10-14',
      closeDeadline: '2025-12-29',
    })
    const notified = await notifyReporter(db, vault, id, {}, HANDLER, '2025-10-09')
    expect(notified.notifiedDate).toBe('2025-10-09')
    const unknown = await refusal(() =>
      linkReportFindings(db, vault, id, { findingIds: ['F-H001-0', 'NOPE'] }, HANDLER)
    )
    expect(unknown.issues.map((i) => i.path)).toEqual(['$.findingIds[1]'])
    await linkReportFindings(db, vault, id, { findingIds: ['F-H001-0'] }, HANDLER)

    const verified = await moveReport(
      db,
      vault,
      id,
      { action: 'verify', caseValue: 10_000_000, matter: '挂床住院', handlingDecision: 'PENALTY' },
      HANDLER,
      '2025-11-03'
    )
    expect(verified).toMatchObject({
      state: 'VERIFIED',
      caseValue: 10_000_000,
      findingIds: ['F-H001-0'],
    })

    const proposed = await proposeReward(db, vault, id, { grade: 1 }, HANDLER)
    // 3 % of ¥100,000 with the insider's 20 %: ¥3,600.
    expect(proposed.reward).toMatchObject({
      state: 'PROPOSED',
      amount: 360_000,
      shares: [360_000],
    })
    expect(proposed.reward!.computation).toMatchObject({ basis: 'PERCENT', bonusBp: 2_000 })
    const self = await refusal(() => approveReward(db, vault, id, HANDLER))
    expect(outcomeStatus(self)).toBe(403)
    const unpaid = await refusal(() =>
      payReward(db, vault, id, { paymentRef: 'T1' }, HANDLER, '2025-11-10')
    )
    expect(unpaid.issues[0]!.message).toContain('需要状态 APPROVED')
    await approveReward(db, vault, id, SECOND)
    const paid = await payReward(
      db,
      vault,
      id,
      { paymentRef: 'ZZ20251110001' },
      HANDLER,
      '2025-11-10'
    )
    expect(paid.reward).toMatchObject({
      state: 'PAID',
      paidDate: '2025-11-10',
      approvedBy: 'user:rh-b',
    })
    const closed = await moveReport(db, vault, id, { action: 'close' }, HANDLER, '2025-11-11')
    expect(closed.state).toBe('CLOSED')
    expect(closed.events!.map((e) => e.action)).toEqual([
      'intake',
      'assign',
      'accept',
      'notify',
      'link',
      'verify',
      'reward.propose',
      'reward.approve',
      'reward.pay',
      'close',
    ])

    // Other readers get the report without any identity field; the reward without the raise.
    for (const who of [ADMIN, INSPECTOR]) {
      const seen = await readReport(db, vault, id, who)
      expect(seen).not.toHaveProperty('identity')
      expect(seen.reward!.computation).not.toHaveProperty('bonusBp')
      const text = JSON.stringify(seen)
      for (const secret of [NAME, PHONE, ID_NUMBER]) expect(text).not.toContain(secret)
      const listed = JSON.stringify(await listReports(db, vault, {}, who))
      for (const secret of [NAME, PHONE, ID_NUMBER]) expect(listed).not.toContain(secret)
    }
    const handlerList = await listReports(db, vault, { state: 'CLOSED' }, HANDLER)
    expect(handlerList.items[0]!.identity!.reporters[0]!.name).toBe(NAME)
  })

  test('identities are encrypted at rest and kept out of the event and audit logs', async () => {
    const { report } = await intakeReport(db, vault, realName(), HANDLER, '2025-09-26')
    const hex = (s: string): string => Buffer.from(s, 'utf8').toString('hex')
    const [row] = await db.query<{ t: string }>(
      'SELECT r::text AS t FROM report_reporter r WHERE report_id = $1',
      [report.id]
    )
    for (const secret of [NAME, PHONE, ID_NUMBER]) {
      expect(row!.t).not.toContain(secret)
      expect(row!.t).not.toContain(hex(secret))
    }
    const logs = await db.query<{ t: string }>(
      `SELECT string_agg(a::text, ' ') AS t FROM audit_log a WHERE action LIKE 'report.%'
       UNION ALL SELECT string_agg(e::text, ' ') FROM report_event e`
    )
    for (const l of logs) {
      for (const secret of [NAME, PHONE, ID_NUMBER]) expect(l.t).not.toContain(secret)
    }
    const update = await db
      .query('UPDATE report_event SET action = $1', ['x'])
      .then(() => 'updated')
      .catch((err: unknown) => String(err))
    expect(update).toContain('只能追加')
  })

  test('the identity key: kept once per database outside production, required in production', async () => {
    const again = new ReportVault(db, { production: false })
    const { report } = await intakeReport(db, vault, realName(), HANDLER, '2025-09-26')
    const read = await readReport(db, again, report.id, HANDLER)
    expect(read.identity!.reporters[0]!.name).toBe(NAME)
    expect(
      typeof (await db.query('SELECT value FROM meta WHERE key = $1', [REPORT_KEY_META]))[0]![
        'value'
      ]
    ).toBe('string')

    const production = new ReportVault(db, { production: true })
    const refused = await refusal(() =>
      intakeReport(db, production, realName(), HANDLER, '2025-09-26')
    )
    expect(outcomeStatus(refused)).toBe(503)
    expect(refused.issues[0]!.message).toContain('YIBAO_REPORT_KEY')
    // Reading without identities needs no key.
    expect((await readReport(db, production, report.id, ADMIN)).id).toBe(report.id)
    const bad = new ReportVault(db, { production: true, key: 'c2hvcnQ=' })
    expect(outcomeStatus(await refusal(() => bad.ready()))).toBe(503)

    const configured = new ReportVault(db, {
      production: true,
      key: randomBytes(32).toString('base64'),
    })
    const taken = await intakeReport(db, configured, realName(), HANDLER, '2025-09-26')
    expect(taken.report.identity!.reporters[0]!.phone).toBe(PHONE)
    const wrongKey = await refusal(() => readReport(db, configured, report.id, HANDLER))
    expect(outcomeStatus(wrongKey)).toBe(503)
  })

  test('an anonymous reporter follows their report and reward with the claim code only', async () => {
    const { report, claimCode } = await intakeReport(
      db,
      vault,
      publicReportFromDocument({
        subjectType: 'PHARMACY',
        subjectId: 'P-ANON-1',
        clues: '药店用医保卡刷生活用品',
      }),
      PUBLIC_WEB_FORM,
      '2025-01-03'
    )
    expect(report).not.toHaveProperty('identity')
    expect(claimCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/)
    const [stored] = await db.query<{ t: string }>(
      'SELECT r::text AS t FROM report r WHERE id = $1',
      [report.id]
    )
    expect(stored!.t).not.toContain(claimCode!)
    expect(await claimReport(db, claimCode!)).toEqual({
      state: 'RECEIVED',
      stateLabel: '已登记待受理',
      receivedDate: '2025-01-03',
      decisionDate: null,
      reward: null,
    })
    await assignReport(db, vault, report.id, 'rh-a', HANDLER)
    await moveReport(db, vault, report.id, { action: 'accept' }, HANDLER, '2025-01-06')
    await moveReport(
      db,
      vault,
      report.id,
      { action: 'verify', matter: '刷卡购买生活用品', handlingDecision: 'AGREEMENT' },
      HANDLER,
      '2025-02-06'
    )
    await proposeReward(db, vault, report.id, { grade: 2 }, HANDLER)
    const claim = await claimReport(db, claimCode!.toLowerCase().replaceAll('-', ''))
    expect(claim.state).toBe('VERIFIED')
    expect(claim.reward).toMatchObject({ state: 'PROPOSED', amount: 20_000 })
    expect(Object.keys(claim)).toEqual([
      'state',
      'stateLabel',
      'receivedDate',
      'decisionDate',
      'reward',
    ])
    await waiveReward(db, vault, report.id, { reason: '举报人声明放弃' }, HANDLER)
    expect((await claimReport(db, claimCode!)).reward!.state).toBe('WAIVED')
    expect(outcomeStatus(await refusal(() => claimReport(db, 'AAAA-BBBB-CCCC-DDDD')))).toBe(404)
  })

  test('only the first valid reporter of a subject and matter is rewarded', async () => {
    const take = async (date: string) => {
      const { report } = await intakeReport(
        db,
        vault,
        realName({ subjectId: 'H-FIRST', insider: false }),
        HANDLER,
        date
      )
      await assignReport(db, vault, report.id, 'rh-a', HANDLER)
      await moveReport(db, vault, report.id, { action: 'accept' }, HANDLER, date)
      return report.id
    }
    const first = await take('2025-03-03')
    const second = await take('2025-03-04')
    const verify = {
      action: 'verify',
      matter: '串换药品',
      handlingDecision: 'PENALTY',
      caseValue: 50_000,
    }
    await moveReport(db, vault, second, verify, HANDLER, '2025-03-10')
    const pending = await refusal(() => proposeReward(db, vault, second, { grade: 1 }, HANDLER))
    expect(pending.issues[0]!.message).toContain(first)
    await moveReport(db, vault, first, verify, HANDLER, '2025-03-10')
    const later = await refusal(() => proposeReward(db, vault, second, { grade: 1 }, HANDLER))
    expect(later.issues[0]!.message).toContain('已查实')
    const reward = await proposeReward(db, vault, first, { grade: 1 }, HANDLER)
    // 3 % of ¥500 is ¥15, under the grade's floor of ¥400.
    expect(reward.reward).toMatchObject({ amount: 40_000 })
    expect(reward.reward!.computation).toMatchObject({ basis: 'FLOOR' })
  })

  test('the reward table is configurable; the cap and a joint report’s shares hold', async () => {
    await saveReportPolicy(
      db,
      {
        acceptDays: 15,
        notifyDays: 5,
        closeDays: 90,
        reward: {
          grades: {
            1: { rate: 3, floor: 400 },
            2: { rate: 2, floor: 300 },
            3: { rate: 1, floor: 200 },
          },
          insiderBonus: 20,
          minimum: 200,
          maximum: 1_000,
          noCaseValueReward: 100,
        },
      },
      ADMIN
    )
    try {
      const { report } = await intakeReport(
        db,
        vault,
        realName({
          kind: 'JOINT',
          subjectId: 'H-JOINT',
          reporters: [{ name: '甲' }, { name: '乙' }, { name: '丙' }],
        }),
        HANDLER,
        '2025-04-01'
      )
      await assignReport(db, vault, report.id, 'rh-b', SECOND)
      await moveReport(db, vault, report.id, { action: 'accept' }, SECOND, '2025-04-02')
      await moveReport(
        db,
        vault,
        report.id,
        { action: 'verify', matter: '虚构诊疗', handlingDecision: 'PENALTY', caseValue: 9_000_000 },
        SECOND,
        '2025-04-20'
      )
      const capped = await proposeReward(db, vault, report.id, { grade: 2 }, SECOND)
      expect(capped.reward).toMatchObject({ amount: 100_000, shares: [33_334, 33_333, 33_333] })
      expect(capped.reward!.computation).toMatchObject({ basis: 'CAP' })
      await approveReward(db, vault, report.id, ADMIN)
    } finally {
      await db.query('DELETE FROM meta WHERE key = $1', ['reports.policy'])
    }
    const stats = await reportStatistics(db, { from: '2025-01-01', to: '2025-12-31' })
    expect(stats.byChannel.PHONE).toBeGreaterThan(0)
    expect(stats.byChannel.WEB).toBe(1)
    expect(stats.byKind.JOINT).toBe(1)
    expect(stats.rewards.PAID).toBe(1)
    expect(stats.rewards.paidAmount).toBe(360_000)
    expect(stats.byMonth.find((m) => m.month === '2025-04')).toMatchObject({
      received: 1,
      accepted: 1,
      verified: 1,
      caseValue: 9_000_000,
    })
    const text = JSON.stringify(stats)
    for (const secret of [NAME, PHONE, ID_NUMBER, '甲']) expect(text).not.toContain(secret)
  })
})
