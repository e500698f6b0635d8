// SPDX-License-Identifier: Apache-2.0
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '@yibao/storage'
import {
  createUser,
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  NATIONAL_DAY_2025,
  saveReviewPolicy,
  SYSTEM,
  testBackends,
  testFinding,
  testRecordBatch,
  writeFindings,
} from '@yibao/storage'
import type { Role } from '@yibao/supervision'
import { ROLES } from '@yibao/supervision'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient } from './testing.js'

const records = testRecordBatch({ persons: 10, seed: 8 })
const SECOND_HANDLER = 'report_handler2'
const PASSWORD = 'another-long-password'

const NAME = '赵春梅'
const PHONE = '13600001111'
const ID_NUMBER = '11010519491231002X'
const SECRETS = [NAME, PHONE, ID_NUMBER]

describe.each(testBackends())('reports and rewards over HTTP on $name', (backend) => {
  let db: Database
  let server: TestServer
  let now = new Date('2025-09-26T10:00:00+08:00')
  const on = (date: string): void => {
    now = new Date(`${date}T10:00:00+08:00`)
  }
  const clients = new Map<Role, TestClient>()
  let second: TestClient

  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await writeFindings(db, 'R-TEST', [testFinding(records, 'H001', 0)])
    await ensureDemoAccounts(db)
    await createUser(db, {
      username: SECOND_HANDLER,
      displayName: '举报受理员二',
      role: 'report_handler',
      password: PASSWORD,
    })
    await saveReviewPolicy(db, '*', NATIONAL_DAY_2025, SYSTEM)
    server = await startTestServer(db, { clock: () => now })
    for (const role of ROLES) {
      const user = role === 'institution' ? 'inst-H001' : role
      clients.set(role, await TestClient.login(server.base, user, DEMO_PASSWORD))
    }
    second = await TestClient.login(server.base, SECOND_HANDLER, PASSWORD)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })
  const handler = (): TestClient => clients.get('report_handler')!

  /** Assigns, accepts and verifies a report, on the days given. */
  async function verify(id: string, caseValue: number | null, matter: string): Promise<void> {
    expect(
      (await handler().post(`/api/v1/reports/${id}/assign`, { handler: 'report_handler' })).status
    ).toBe(200)
    on('2025-09-30')
    const accepted = await handler().post(`/api/v1/reports/${id}/transitions`, { action: 'accept' })
    expect(accepted.status).toBe(200)
    on('2025-11-03')
    const verified = await handler().post(`/api/v1/reports/${id}/transitions`, {
      action: 'verify',
      matter,
      handlingDecision: 'PENALTY',
      ...(caseValue === null ? {} : { caseValue }),
    })
    expect(verified.status).toBe(200)
  }

  test('an anonymous web report is assigned, accepted, verified and rewarded up to the cap', async () => {
    on('2025-09-26')
    const anonymous = new TestClient(server.base)
    const taken = await anonymous.post('/api/v1/public/reports', {
      subjectType: 'INSTITUTION',
      subjectId: 'H001',
      subjectName: '测试医院',
      clues: '该院长期虚构住院病人骗取医保基金',
    })
    expect(taken.status).toBe(201)
    // Friday 09-26 + 15 working days, the worked Sunday counted and the holiday skipped.
    expect(taken.body).toEqual({
      claimCode: expect.stringMatching(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/),
      receivedDate: '2025-09-26',
      acceptDeadline: '2025-10-23',
    })
    const code = taken.body.claimCode as string
    const bad = await anonymous.post('/api/v1/public/reports', { subjectType: 'X', clues: '' })
    expect(bad.status).toBe(400)
    expect(bad.body.issues.map((i: any) => i.path)).toEqual([
      '$.subjectType',
      '$.subjectId',
      '$.clues',
    ])

    const list = await handler().get('/api/v1/reports?channel=WEB')
    expect(list.body.total).toBe(1)
    const id = list.body.items[0].id as string
    expect(list.body.items[0]).toMatchObject({ kind: 'ANONYMOUS', state: 'RECEIVED' })

    const claim = await anonymous.get(`/api/v1/public/reports/claim?code=${code}`)
    expect(claim.body).toMatchObject({ state: 'RECEIVED', reward: null })

    await verify(id, 1_000_000_000, '虚构住院')
    const read = await handler().get(`/api/v1/reports/${id}`)
    expect(read.body).toMatchObject({
      state: 'VERIFIED',
      decisionDate: '2025-09-30',
      // Tuesday 09-30 + 5 working days: 10-09, 10-10, 10-11 (worked Saturday), 10-13, 10-14.
      notifyDeadline: '2025-10-14',
      closeDeadline: '2025-12-29',
      caseValue: 1_000_000_000,
      handler: { username: 'report_handler' },
    })
    const linked = await handler().post(`/api/v1/reports/${id}/findings`, {
      findingIds: ['F-H001-0'],
    })
    expect(linked.body.findingIds).toEqual(['F-H001-0'])

    const proposed = await handler().post(`/api/v1/reports/${id}/reward`, { grade: 1 })
    expect(proposed.status).toBe(200)
    // 3 % of ¥10,000,000 is ¥300,000: capped at ¥200,000.
    expect(proposed.body.reward).toMatchObject({ state: 'PROPOSED', amount: 20_000_000 })
    expect(proposed.body.reward.computation).toMatchObject({ basis: 'CAP' })
    expect((await handler().post(`/api/v1/reports/${id}/reward/approval`)).status).toBe(403)
    expect(
      (await clients.get('fund_manager')!.post(`/api/v1/reports/${id}/reward/approval`)).status
    ).toBe(403)
    const approved = await second.post(`/api/v1/reports/${id}/reward/approval`)
    expect(approved.body.reward).toMatchObject({
      state: 'APPROVED',
      approvedBy: `user:${SECOND_HANDLER}`,
    })
    on('2025-11-20')
    const paid = await handler().post(`/api/v1/reports/${id}/reward/payment`, {
      paymentRef: 'ZZ20251120001',
    })
    expect(paid.body.reward).toMatchObject({ state: 'PAID', paidDate: '2025-11-20' })

    const claimed = await anonymous.get(`/api/v1/public/reports/claim?code=${code}`)
    expect(claimed.body).toEqual({
      state: 'VERIFIED',
      stateLabel: '已查实',
      receivedDate: '2025-09-26',
      decisionDate: '2025-09-30',
      reward: {
        state: 'PAID',
        stateLabel: '奖励已发放',
        amount: 20_000_000,
        paidDate: '2025-11-20',
      },
    })
    const wrong = await anonymous.get('/api/v1/public/reports/claim?code=0000-0000-0000-0000')
    expect(wrong.status).toBe(404)

    const disclosed = await handler().post(`/api/v1/reports/${id}/disclosure`, {
      disclose: true,
      text: '某医院虚构住院骗取医保基金，已追回并处罚款',
    })
    expect(disclosed.body.disclose).toBe(true)
    const cases = await anonymous.get('/api/v1/public/reports/cases')
    expect(cases.body.items).toEqual([
      {
        subjectType: 'INSTITUTION',
        matter: '虚构住院',
        verifiedMonth: '2025-11',
        caseValue: 1_000_000_000,
        handlingDecision: 'PENALTY',
        text: '某医院虚构住院骗取医保基金，已追回并处罚款',
      },
    ])
    const page = await anonymous.request('GET', '/public/cases')
    expect(page.status).toBe(200)
    expect(page.body).toContain('某医院虚构住院骗取医保基金，已追回并处罚款')
    expect(page.body).toContain('涉及金额 10000000.00 元')
  })

  test('the insider raise and the floor hold over HTTP', async () => {
    on('2025-09-26')
    const take = async (subjectId: string, insider: boolean) => {
      const res = await handler().post('/api/v1/reports', {
        channel: 'LETTER',
        kind: 'REAL_NAME',
        subjectType: 'PHARMACY',
        subjectId,
        clues: '药店串换药品',
        insider,
        reporters: [{ name: '钱一', phone: '13700000000' }],
      })
      expect(res.status).toBe(201)
      expect(res.body.claimCode).toBeNull()
      return res.body.report.id as string
    }
    const insider = await take('P-INSIDER', true)
    await verify(insider, 10_000_000, '串换药品')
    const raised = await handler().post(`/api/v1/reports/${insider}/reward`, { grade: 1 })
    // 3 % of ¥100,000 = ¥3,000, +20 % for an insider.
    expect(raised.body.reward).toMatchObject({ amount: 360_000, computation: { bonusBp: 2_000 } })
    // An inspector sees the amount, not the raise.
    const seen = await clients.get('inspector')!.get(`/api/v1/reports/${insider}`)
    expect(seen.body.reward.amount).toBe(360_000)
    expect(seen.body.reward.computation).toEqual({
      grade: 1,
      caseValue: 10_000_000,
      amount: 360_000,
      basis: 'PERCENT',
      floor: 40_000,
      cap: 20_000_000,
    })
    on('2025-09-26')
    const small = await take('P-SMALL', false)
    await verify(small, 100_000, '串换药品')
    const floor = await handler().post(`/api/v1/reports/${small}/reward`, { grade: 2 })
    // 2 % of ¥1,000 is ¥20, raised to grade 2's floor of ¥300.
    expect(floor.body.reward).toMatchObject({ amount: 30_000, computation: { basis: 'FLOOR' } })
  })

  test('the reporter’s name, phone and ID number reach report handlers only, and are stored encrypted', async () => {
    on('2025-09-26')
    const taken = await handler().post('/api/v1/reports', {
      channel: '12345',
      kind: 'REAL_NAME',
      subjectType: 'INSTITUTION',
      subjectId: 'H002',
      clues: '医院分解住院',
      insider: true,
      reporters: [{ name: NAME, phone: PHONE, idNumber: ID_NUMBER }],
    })
    expect(taken.status).toBe(201)
    const id = taken.body.report.id as string
    expect(taken.body.report.identity.reporters).toEqual([
      { name: NAME, phone: PHONE, idNumber: ID_NUMBER },
    ])
    await verify(id, 2_000_000, '分解住院')
    expect((await handler().post(`/api/v1/reports/${id}/reward`, { grade: 3 })).status).toBe(200)
    const leaky = await handler().post(`/api/v1/reports/${id}/disclosure`, {
      disclose: true,
      text: `${NAME}举报某医院分解住院`,
    })
    expect(leaky.status).toBe(400)
    expect(leaky.body.issues[0].path).toBe('$.text')

    // Bodies that change something are invalid, except the approval (an administrator's
    // answer then carries the report).
    const endpoints: { method: string; path: string; body?: unknown }[] = [
      { method: 'GET', path: '/api/v1/reports' },
      { method: 'GET', path: '/api/v1/reports?kind=REAL_NAME' },
      { method: 'GET', path: `/api/v1/reports/${id}` },
      { method: 'GET', path: '/api/v1/reports/stats' },
      { method: 'GET', path: '/api/v1/report-policy' },
      { method: 'POST', path: '/api/v1/reports', body: { kind: 'REAL_NAME' } },
      { method: 'POST', path: `/api/v1/reports/${id}/assign`, body: { handler: 'nobody' } },
      { method: 'POST', path: `/api/v1/reports/${id}/transitions`, body: { action: 'x' } },
      { method: 'POST', path: `/api/v1/reports/${id}/findings`, body: { findingIds: ['NOPE'] } },
      { method: 'POST', path: `/api/v1/reports/${id}/notification`, body: { date: 'x' } },
      { method: 'POST', path: `/api/v1/reports/${id}/disclosure`, body: {} },
      { method: 'POST', path: `/api/v1/reports/${id}/reward`, body: { grade: 9 } },
      { method: 'POST', path: `/api/v1/reports/${id}/reward/approval`, body: {} },
      { method: 'POST', path: `/api/v1/reports/${id}/reward/payment`, body: {} },
      { method: 'POST', path: `/api/v1/reports/${id}/reward/waiver`, body: {} },
      { method: 'PUT', path: '/api/v1/report-policy', body: { acceptDays: 0 } },
      { method: 'GET', path: '/api/v1/public/reports/cases' },
      { method: 'GET', path: '/public/cases' },
      { method: 'GET', path: '/api/v1/reports/export.xlsx' },
      { method: 'GET', path: '/api/v1/public/reports/claim?code=NOPE' },
      { method: 'GET', path: '/api/v1/audit-log?action=report.' },
    ]
    const leaks: string[] = []
    let handlerSaw = false
    const callers: [string, TestClient][] = [
      ['anonymous', new TestClient(server.base)],
      ...[...clients].map(([role, c]): [string, TestClient] => [role, c]),
    ]
    for (const [who, client] of callers) {
      for (const e of endpoints) {
        const res = await client.request(e.method, e.path, e.body)
        const text = JSON.stringify(res.body)
        const found = SECRETS.filter((s) => text.includes(s))
        if (who === 'report_handler') {
          handlerSaw ||= found.length === SECRETS.length
        } else if (found.length > 0) {
          leaks.push(`${who} ${e.method} ${e.path} → ${res.status} shows ${found.join(', ')}`)
        }
      }
    }
    expect(leaks).toEqual([])
    expect(handlerSaw).toBe(true)
    const admin = await clients.get('admin')!.get(`/api/v1/reports/${id}`)
    expect(admin.status).toBe(200)
    expect(admin.body).not.toHaveProperty('identity')

    const [row] = await db.query<{ t: string }>(
      'SELECT r::text AS t FROM report_reporter r WHERE report_id = $1',
      [id]
    )
    for (const s of SECRETS) {
      expect(row!.t).not.toContain(s)
      expect(row!.t).not.toContain(Buffer.from(s, 'utf8').toString('hex'))
    }
  })

  test('statistics count by channel, state and month for every reader of them', async () => {
    const stats = await clients.get('fund_manager')!.get('/api/v1/reports/stats?from=2025-01-01')
    expect(stats.status).toBe(200)
    expect(stats.body).toMatchObject({
      byChannel: { WEB: 1, LETTER: 2, 12345: 1 },
      byState: { VERIFIED: 4 },
      // The administrator approved one reward while every endpoint was tried.
      rewards: { PAID: 1, APPROVED: 1, PROPOSED: 2, paidAmount: 20_000_000 },
    })
    expect(stats.body.byMonth).toEqual([
      { month: '2025-09', received: 4, accepted: 4, verified: 4, caseValue: 1_012_100_000 },
    ])
    expect((await clients.get('institution')!.get('/api/v1/reports/stats')).status).toBe(403)
  })

  test('the report policy is the admin’s to change, every bad field named', async () => {
    const admin = clients.get('admin')!
    const current = await admin.get('/api/v1/report-policy')
    expect(current.body.policy).toMatchObject({ acceptDays: 15, notifyDays: 5, closeDays: 90 })
    const bad = await admin.request('PUT', '/api/v1/report-policy', {
      ...current.body.policy,
      acceptDays: 0,
    })
    expect(bad.status).toBe(400)
    expect(bad.body.issues.map((i: any) => i.path)).toEqual(['$.acceptDays'])
    const saved = await admin.request('PUT', '/api/v1/report-policy', {
      ...current.body.policy,
      acceptDays: 10,
    })
    expect(saved.body.policy.acceptDays).toBe(10)
    on('2025-09-26')
    const taken = await new TestClient(server.base).post('/api/v1/public/reports', {
      subjectType: 'EMPLOYER',
      subjectId: 'E-1',
      clues: '单位虚报参保人数',
    })
    expect(taken.body.acceptDeadline).toBe('2025-10-16')
    await admin.request('PUT', '/api/v1/report-policy', current.body.policy)
  })

  test('in production no report is taken without YIBAO_REPORT_KEY; with it, reports are taken', async () => {
    await createUser(db, {
      username: 'rh-production',
      displayName: '举报受理员（生产）',
      role: 'report_handler',
      password: PASSWORD,
    })
    const body = {
      channel: 'VISIT',
      kind: 'REAL_NAME',
      subjectType: 'INDIVIDUAL',
      subjectId: 'P-1',
      clues: '冒名就医',
      reporters: [{ name: NAME }],
    }
    // Its refusals are logged as errors (503); kept out of the test output.
    const keyless = await startTestServer(db, {
      env: { YIBAO_ENV: 'production', YIBAO_LOG_LEVEL: 'fatal' },
    })
    try {
      const refused = await new TestClient(keyless.base).post('/api/v1/public/reports', {
        subjectType: 'INDIVIDUAL',
        subjectId: 'P-1',
        clues: '冒名就医',
      })
      expect(refused.status).toBe(503)
      expect(refused.body.issues[0].message).toContain('YIBAO_REPORT_KEY')
      const staff = await TestClient.login(keyless.base, 'rh-production', PASSWORD)
      expect((await staff.post('/api/v1/reports', body)).status).toBe(503)
    } finally {
      await keyless.close()
    }
    const keyed = await startTestServer(db, {
      env: { YIBAO_ENV: 'production', YIBAO_REPORT_KEY: randomBytes(32).toString('base64') },
    })
    try {
      const staff = await TestClient.login(keyed.base, 'rh-production', PASSWORD)
      const taken = await staff.post('/api/v1/reports', body)
      expect(taken.status).toBe(201)
      expect(taken.body.report.identity.reporters[0].name).toBe(NAME)
    } finally {
      await keyed.close()
    }
  })

  test('one address may send only a few reports an hour', async () => {
    const fresh = await startTestServer(db)
    try {
      const client = new TestClient(fresh.base)
      const statuses: number[] = []
      for (let i = 0; i < 6; i++) {
        const res = await client.post('/api/v1/public/reports', {
          subjectType: 'INSTITUTION',
          subjectId: `H-LIMIT-${i}`,
          clues: '重复收费',
        })
        statuses.push(res.status)
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429])
    } finally {
      await fresh.close()
    }
  })
})
