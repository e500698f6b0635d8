// SPDX-License-Identifier: Apache-2.0
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Finding } from '@yibao/audit'
import type { Database } from '@yibao/storage'
import {
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  testBackends,
  testRecordBatch,
  writeFindings,
} from '@yibao/storage'
import type { Role } from '@yibao/supervision'
import { permissionsOf, ROLES } from '@yibao/supervision'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient, testFinding } from './testing.js'

const records = testRecordBatch({ persons: 30, seed: 5 })

const findingOn = (institution: string, n: number): Finding => testFinding(records, institution, n)

const bureau = (...roles: Role[]): Role[] => roles
const READERS = bureau('admin', 'auditor', 'reviewer', 'inspector', 'fund_manager', 'institution')
const SAMPLE_READERS = bureau('admin', 'auditor', 'reviewer', 'fund_manager')
const FUNNEL_READERS = ROLES.filter((r) => r !== 'institution')
const POLICY_READERS = bureau('admin', 'auditor', 'reviewer', 'inspector', 'fund_manager')
const POLICY_MANAGERS = bureau('admin', 'fund_manager')
const CALCULATORS = ROLES.filter((r) => r !== 'institution')
const CHECKERS = bureau('admin', 'auditor', 'fund_manager')
const PAYMENT_READERS = bureau('admin', 'auditor', 'inspector', 'fund_manager')
const STATEMENT_READERS = bureau('admin', 'auditor', 'inspector', 'fund_manager', 'institution')
const STAFF_READERS = bureau('admin', 'auditor', 'reviewer', 'inspector', 'fund_manager')
const INSPECTION_READERS = bureau('admin', 'auditor', 'inspector', 'fund_manager')
const SUBSIDY_READERS = bureau('admin', 'auditor', 'fund_manager')

/**
 * Every endpoint of the console API with the roles allowed to use it. Written out here, apart
 * from the permission table the server uses, so that a change to either shows up. Bodies are
 * invalid on purpose where a call would change something: an allowed role gets past
 * authorisation and is stopped by validation (400 / 404), never by 401 / 403.
 */
const MATRIX: readonly {
  method: string
  path: string
  body?: unknown
  allowed: readonly Role[]
}[] = [
  { method: 'GET', path: '/api/v1/auth/me', allowed: ROLES },
  { method: 'GET', path: '/api/v1/findings', allowed: READERS },
  { method: 'GET', path: '/api/v1/findings/export.xlsx', allowed: READERS },
  { method: 'GET', path: '/api/v1/findings/NOPE', allowed: READERS },
  { method: 'POST', path: '/api/v1/dispatches', body: { findingIds: [] }, allowed: ['auditor'] },
  { method: 'GET', path: '/api/v1/dispatches', allowed: READERS },
  {
    method: 'POST',
    path: '/api/v1/findings/NOPE/appeal',
    body: { action: 'x' },
    allowed: ['institution'],
  },
  {
    method: 'POST',
    path: '/api/v1/findings/NOPE/decision',
    body: { decision: 'x', basis: 'b' },
    allowed: ['reviewer'],
  },
  { method: 'GET', path: '/api/v1/attachments/NOPE', allowed: READERS },
  { method: 'POST', path: '/api/v1/samples', body: {}, allowed: ['auditor', 'reviewer'] },
  { method: 'GET', path: '/api/v1/samples', allowed: SAMPLE_READERS },
  { method: 'GET', path: '/api/v1/samples/NOPE', allowed: SAMPLE_READERS },
  {
    method: 'POST',
    path: '/api/v1/samples/NOPE/items/NOPE',
    body: { result: 'x' },
    allowed: ['reviewer'],
  },
  { method: 'POST', path: '/api/v1/samples/NOPE/apply', body: {}, allowed: ['fund_manager'] },
  {
    method: 'GET',
    path: '/api/v1/deductions',
    allowed: bureau('admin', 'auditor', 'reviewer', 'fund_manager', 'institution'),
  },
  {
    method: 'GET',
    path: '/api/v1/funnel',
    allowed: FUNNEL_READERS,
  },
  {
    method: 'GET',
    path: '/api/v1/dashboard',
    allowed: FUNNEL_READERS,
  },
  {
    method: 'GET',
    path: '/api/v1/funnel/export.xlsx',
    allowed: FUNNEL_READERS,
  },
  { method: 'GET', path: '/api/v1/findings?sort=reviewDeadline', allowed: READERS },
  { method: 'GET', path: '/api/v1/review-policies', allowed: SAMPLE_READERS },
  {
    method: 'PUT',
    path: '/api/v1/review-policies/NOPE',
    body: { appealDays: 5 },
    allowed: ['admin'],
  },
  { method: 'POST', path: '/api/v1/auth/password', body: {}, allowed: ROLES },
  { method: 'POST', path: '/api/v1/users/NOPE/disable', body: {}, allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/users/NOPE/enable', body: {}, allowed: ['admin'] },
  {
    method: 'POST',
    path: '/api/v1/users/NOPE/password',
    body: { password: 'short' },
    allowed: ['admin'],
  },
  { method: 'GET', path: '/api/v1/audit-log', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/users', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/users', body: { username: '' }, allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/api-keys', allowed: ['admin'] },
  { method: 'POST', path: '/api/v1/api-keys', body: { name: '' }, allowed: ['admin'] },
  { method: 'DELETE', path: '/api/v1/api-keys/NOPE', allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/jobs', allowed: STAFF_READERS },
  { method: 'GET', path: '/api/v1/jobs/NOPE', allowed: STAFF_READERS },
  {
    method: 'POST',
    path: '/api/v1/audit-runs',
    body: { from: 'not-a-date' },
    allowed: ['auditor'],
  },
  { method: 'GET', path: '/api/v1/policies', allowed: POLICY_READERS },
  { method: 'GET', path: '/api/v1/policies/NOPE', allowed: POLICY_READERS },
  { method: 'GET', path: '/api/v1/policies/NOPE/export?format=yaml', allowed: POLICY_READERS },
  { method: 'POST', path: '/api/v1/policies', body: { id: '' }, allowed: POLICY_MANAGERS },
  { method: 'POST', path: '/api/v1/policies/import', body: {}, allowed: POLICY_MANAGERS },
  { method: 'POST', path: '/api/v1/policies/NOPE/activate', body: {}, allowed: POLICY_MANAGERS },
  {
    method: 'POST',
    path: '/api/v1/settlement/calculate',
    body: { encounter: {} },
    allowed: CALCULATORS,
  },
  {
    method: 'POST',
    path: '/api/v1/whatif-runs',
    body: { year: 1 },
    allowed: bureau('admin', 'fund_manager'),
  },
  { method: 'POST', path: '/api/v1/settlement-checks', body: { year: 1 }, allowed: CHECKERS },
  { method: 'GET', path: '/api/v1/settlement-checks', allowed: CHECKERS },
  { method: 'GET', path: '/api/v1/payment-plans', allowed: PAYMENT_READERS },
  { method: 'GET', path: '/api/v1/payment-plans/NOPE', allowed: PAYMENT_READERS },
  { method: 'POST', path: '/api/v1/payment-plans', body: { id: '' }, allowed: POLICY_MANAGERS },
  { method: 'POST', path: '/api/v1/payment-plans/suggest', body: {}, allowed: POLICY_MANAGERS },
  { method: 'POST', path: '/api/v1/payment-runs', body: { month: 'x' }, allowed: ['fund_manager'] },
  { method: 'GET', path: '/api/v1/payment/months', allowed: STATEMENT_READERS },
  { method: 'GET', path: '/api/v1/payment/statements', allowed: STATEMENT_READERS },
  { method: 'GET', path: '/api/v1/payment/statements/NOPE', allowed: STATEMENT_READERS },
  {
    method: 'GET',
    path: '/api/v1/payment/statements/export.xlsx?month=x',
    allowed: STATEMENT_READERS,
  },
  { method: 'POST', path: '/api/v1/payment-clearings', body: {}, allowed: ['fund_manager'] },
  { method: 'GET', path: '/api/v1/payment-clearings', allowed: PAYMENT_READERS },
  { method: 'GET', path: '/api/v1/staff-point-triggers', allowed: STAFF_READERS },
  { method: 'PUT', path: '/api/v1/staff-rules', body: {}, allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/staff', allowed: STAFF_READERS },
  { method: 'GET', path: '/api/v1/staff/NOPE', allowed: STAFF_READERS },
  { method: 'POST', path: '/api/v1/staff/NOPE/points', body: {}, allowed: ['inspector'] },
  { method: 'POST', path: '/api/v1/staff/NOPE/reregistration', body: {}, allowed: ['inspector'] },
  { method: 'GET', path: '/api/v1/inspection/objects', allowed: INSPECTION_READERS },
  { method: 'GET', path: '/api/v1/inspection/inspectors', allowed: INSPECTION_READERS },
  { method: 'GET', path: '/api/v1/inspection/default-plan', allowed: INSPECTION_READERS },
  { method: 'POST', path: '/api/v1/inspection-draws', body: { seed: -1 }, allowed: ['inspector'] },
  { method: 'GET', path: '/api/v1/inspection-draws', allowed: INSPECTION_READERS },
  { method: 'GET', path: '/api/v1/inspection-draws/NOPE', allowed: INSPECTION_READERS },
  { method: 'GET', path: '/api/v1/inspection-draws/NOPE/export.xlsx', allowed: INSPECTION_READERS },
  {
    method: 'POST',
    path: '/api/v1/inspection-draws/NOPE/results/NOPE',
    body: {},
    allowed: ['inspector'],
  },
  {
    method: 'POST',
    path: '/api/v1/inspection-draws/NOPE/results/NOPE/progress',
    body: {},
    allowed: ['inspector'],
  },
  { method: 'GET', path: '/api/v1/inspection-results', allowed: INSPECTION_READERS },
  { method: 'GET', path: '/api/v1/inspection-coverage?year=x', allowed: INSPECTION_READERS },
  {
    method: 'GET',
    path: '/api/v1/inspection-results/publication.xlsx?year=x',
    allowed: INSPECTION_READERS,
  },
  { method: 'GET', path: '/api/v1/assessment-template', allowed: INSPECTION_READERS },
  { method: 'PUT', path: '/api/v1/assessment-template', body: { id: '' }, allowed: ['admin'] },
  { method: 'GET', path: '/api/v1/assessments?period=x', allowed: INSPECTION_READERS },
  {
    method: 'POST',
    path: '/api/v1/assessment-runs',
    body: { period: 'x' },
    allowed: ['inspector'],
  },
  { method: 'POST', path: '/api/v1/assessment-entries', body: {}, allowed: ['inspector'] },
  { method: 'POST', path: '/api/v1/assessments/credit', body: {}, allowed: ['inspector'] },
  { method: 'POST', path: '/api/v1/subsidy-rosters', body: {}, allowed: ['fund_manager'] },
  { method: 'GET', path: '/api/v1/subsidy-report?year=x', allowed: SUBSIDY_READERS },
  {
    method: 'POST',
    path: '/api/v1/subsidy-rosters/NOPE/rows/1',
    body: {},
    allowed: ['fund_manager'],
  },
  { method: 'GET', path: '/api/v1/agreements', allowed: INSPECTION_READERS },
  { method: 'POST', path: '/api/v1/agreements', body: {}, allowed: ['fund_manager'] },
  { method: 'POST', path: '/api/v1/agreements/NOPE/actions', body: {}, allowed: ['fund_manager'] },
  { method: 'GET', path: '/api/v1/blacklist', allowed: INSPECTION_READERS },
  { method: 'GET', path: '/api/v1/agreements/export.xlsx', allowed: INSPECTION_READERS },
  {
    method: 'GET',
    path: '/api/v1/assessments/export.xlsx?period=2025',
    allowed: INSPECTION_READERS,
  },
  { method: 'GET', path: '/api/v1/subsidy-report/export.xlsx?year=2025', allowed: SUBSIDY_READERS },
  { method: 'GET', path: '/api/v1/staff/export.xlsx', allowed: STAFF_READERS },
  {
    method: 'GET',
    path: '/api/v1/reports/export.xlsx',
    allowed: bureau('admin', 'inspector', 'report_handler'),
  },
  { method: 'POST', path: '/api/v1/blacklist', body: {}, allowed: ['inspector'] },
  { method: 'POST', path: '/api/v1/reports', body: {}, allowed: ['report_handler'] },
  {
    method: 'GET',
    path: '/api/v1/reports',
    allowed: bureau('admin', 'inspector', 'report_handler'),
  },
  {
    method: 'GET',
    path: '/api/v1/reports/stats',
    allowed: bureau('admin', 'inspector', 'report_handler', 'fund_manager'),
  },
  {
    method: 'GET',
    path: '/api/v1/reports/NOPE',
    allowed: bureau('admin', 'inspector', 'report_handler'),
  },
  ...[
    'assign',
    'transitions',
    'findings',
    'disclosure',
    'reward',
    'reward/payment',
    'reward/waiver',
  ]
    .map((step) => `/api/v1/reports/NOPE/${step}`)
    .map((path) => ({ method: 'POST', path, body: {}, allowed: bureau('report_handler') })),
  {
    method: 'POST',
    path: '/api/v1/reports/NOPE/notification',
    body: { date: 'x' },
    allowed: ['report_handler'],
  },
  {
    method: 'POST',
    path: '/api/v1/reports/NOPE/reward/approval',
    body: {},
    allowed: bureau('admin', 'report_handler'),
  },
  {
    method: 'GET',
    path: '/api/v1/report-policy',
    allowed: bureau('admin', 'inspector', 'report_handler'),
  },
  { method: 'PUT', path: '/api/v1/report-policy', body: {}, allowed: ['admin'] },
  ...[
    '/api/v1/clue-batches',
    '/api/v1/clue-batches/NOPE/export.xlsx',
    '/api/v1/clues',
    '/api/v1/clues/funnel',
    '/api/v1/clues/NOPE',
  ].map((path) => ({
    method: 'GET',
    path,
    allowed: bureau('admin', 'auditor', 'inspector', 'fund_manager'),
  })),
  ...[
    'clue-batches',
    'clues',
    'clues/NOPE/assign',
    'clues/NOPE/start',
    'clues/NOPE/links',
    'clues/NOPE/close',
  ].map((path) => ({
    method: 'POST',
    path: `/api/v1/${path}`,
    body: {},
    allowed: bureau('inspector'),
  })),
  ...[
    '/api/v1/callback-draws',
    '/api/v1/callback-draws/NOPE',
    '/api/v1/callback-draws/NOPE/export.xlsx',
  ].map((path) => ({ method: 'GET', path, allowed: bureau('admin', 'auditor', 'inspector') })),
  { method: 'POST', path: '/api/v1/callback-draws', body: { size: 0 }, allowed: ['inspector'] },
  ...[
    '/api/v1/screening/patterns',
    '/api/v1/screening/runs',
    '/api/v1/screening/runs/NOPE',
    '/api/v1/screening/runs/NOPE/hits',
    '/api/v1/screening/runs/NOPE/risks?subject=INSTITUTION',
    '/api/v1/screening/runs/NOPE/clusters/NOPE',
    '/api/v1/screening/runs/NOPE/evaluation',
    '/api/v1/screening/queue',
    '/api/v1/screening/encounters/NOPE',
  ].map((path) => ({ method: 'GET', path, allowed: STAFF_READERS })),
  { method: 'POST', path: '/api/v1/screening/runs', body: { from: 'x' }, allowed: ['inspector'] },
  {
    method: 'POST',
    path: '/api/v1/callback-draws/NOPE/items/1/answer',
    body: {},
    allowed: ['inspector'],
  },
]

describe.each(testBackends())('authorisation on $name', (backend) => {
  let db: Database
  let server: TestServer
  const clients = new Map<Role, TestClient>()
  const A = 'H001'
  const B = 'H002'

  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await writeFindings(db, 'R-TEST', [
      findingOn(A, 0),
      findingOn(A, 1),
      findingOn(B, 0),
      findingOn(B, 1),
    ])
    await ensureDemoAccounts(db)
    server = await startTestServer(db)
    for (const role of ROLES) {
      const user = role === 'institution' ? `inst-${A}` : role
      clients.set(role, await TestClient.login(server.base, user, DEMO_PASSWORD))
    }
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  test('every role against every endpoint: allowed or refused exactly as the matrix says', async () => {
    const outcomes: string[] = []
    const expected: string[] = []
    const anonymous = new TestClient(server.base)
    for (const e of MATRIX) {
      const anon = await anonymous.request(e.method, e.path, e.body)
      outcomes.push(
        `anonymous ${e.method} ${e.path} → ${anon.status === 401 ? 'refused' : anon.status}`
      )
      expected.push(`anonymous ${e.method} ${e.path} → refused`)
      for (const role of ROLES) {
        const res = await clients.get(role)!.request(e.method, e.path, e.body)
        const refused = res.status === 401 || res.status === 403
        outcomes.push(
          `${role} ${e.method} ${e.path} → ${refused ? `refused ${res.status}` : 'allowed'}`
        )
        expected.push(
          `${role} ${e.method} ${e.path} → ${e.allowed.includes(role) ? 'allowed' : 'refused 403'}`
        )
      }
    }
    expect(outcomes).toEqual(expected)
  })

  test('an institution never reads, lists or counts another institution’s findings, appeals, attachments or deductions', async () => {
    const auditor = clients.get('auditor')!
    expect(
      (
        await auditor.post('/api/v1/dispatches', {
          findingIds: [`F-${A}-0`, `F-${B}-0`, `F-${B}-1`],
        })
      ).status
    ).toBe(201)
    const other = await TestClient.login(server.base, `inst-${B}`, DEMO_PASSWORD)
    const pdf = Buffer.from('%PDF-1.4\nB 的申诉材料\n').toString('base64')
    const appeal = await other.post(`/api/v1/findings/F-${B}-0/appeal`, {
      action: 'appeal',
      reason: '符合诊疗规范',
      attachments: [{ name: 'b.pdf', contentType: 'application/pdf', data: pdf }],
    })
    expect(appeal.status).toBe(200)
    const attachmentId = appeal.body.appeal.attachments[0].id as string
    expect(
      (await other.post(`/api/v1/findings/F-${B}-1/appeal`, { action: 'accept' })).body.state
    ).toBe('DEDUCTED')

    const inst = clients.get('institution')!
    const listed = await inst.get(`/api/v1/findings?institutionCode=${B}`)
    expect(listed.body).toMatchObject({ total: 0, items: [] })
    const all = await inst.get('/api/v1/findings?pageSize=100')
    expect(all.body.total).toBe(2)
    expect(all.body.items.map((f: any) => f.institutionCode)).toEqual([A, A])
    expect((await inst.get(`/api/v1/findings/F-${B}-0`)).status).toBe(404)
    expect((await inst.get(`/api/v1/attachments/${attachmentId}`)).status).toBe(404)
    expect((await inst.post(`/api/v1/findings/F-${B}-0/appeal`, { action: 'accept' })).status).toBe(
      404
    )
    const deductions = await inst.get(`/api/v1/deductions?institutionCode=${B}`)
    expect(deductions.body).toMatchObject({ total: 0, totalAmount: 0 })
    const dispatches = await inst.get('/api/v1/dispatches')
    expect(dispatches.body.items.map((d: any) => d.institutionCode)).toEqual([A])

    const xlsx = await inst.download(`/api/v1/findings/export.xlsx`)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer)
    const sheet = book.worksheets[0]!
    const codes: unknown[] = []
    sheet.eachRow((row, n) => {
      if (n > 1) codes.push(row.getCell(5).value)
    })
    expect(codes).toEqual([A, A])
    // The bureau sees both.
    expect((await clients.get('reviewer')!.get(`/api/v1/attachments/${attachmentId}`)).status).toBe(
      200
    )
  })

  test('the console is told what each role may do, as the server enforces it', async () => {
    for (const role of ROLES) {
      const me = await clients.get(role)!.get('/api/v1/auth/me')
      expect(me.body.user.permissions).toEqual(permissionsOf(role))
    }
    expect(permissionsOf('institution')).toEqual([
      'findings.read',
      'findings.appeal',
      'deductions.read',
      'statements.read',
    ])
  })

  test('demo accounts are refused in production mode', async () => {
    const production = await startTestServer(db, { env: { YIBAO_ENV: 'production' } })
    try {
      const res = await new TestClient(production.base).request('POST', '/api/v1/auth/login', {
        username: 'admin',
        password: DEMO_PASSWORD,
      })
      expect(res.status).toBe(401)
    } finally {
      await production.close()
    }
  })

  test('logging out ends the session', async () => {
    const client = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204)
    expect((await client.get('/api/v1/auth/me')).status).toBe(401)
    const wrong = await new TestClient(server.base).request('POST', '/api/v1/auth/login', {
      username: 'inspector',
      password: 'wrong-password',
    })
    expect(wrong.status).toBe(401)
  })
})
