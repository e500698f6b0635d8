// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { BenefitPolicy } from '@yibao/settlement'
import {
  EXAMPLE_POLICY_2020,
  examplePolicyOfYear,
  formatPolicyText,
  parsePolicyText,
  policyFromDocument,
  policyToDocument,
} from '@yibao/settlement'
import type { Database } from '@yibao/storage'
import {
  DEMO_PASSWORD,
  ensureDemoAccounts,
  loadRecordBatch,
  testBackends,
  testRecordBatch,
} from '@yibao/storage'
import type { TestServer } from './testing.js'
import { startTestServer, TestClient } from './testing.js'

const records = testRecordBatch({ persons: 30, seed: 11 })
const YEAR = Number(records.settlements[0]!.time.slice(0, 4))

/** The example policy as every region's policy for the test records' year, under another id. */
function policyOfYear(id: string, changes: Partial<BenefitPolicy> = {}): BenefitPolicy {
  return { ...examplePolicyOfYear(YEAR, id), ...changes }
}

/** The bill of domain.md §7.4: 目录外 2,000, 乙类 30,000, 甲类 18,000 at a 二级 county hospital. */
const EXAMPLE_ENCOUNTER = {
  time: '2020-06-10T10:00:00+08:00',
  insuType: '390',
  medType: '21',
  kind: 'INPATIENT',
  level: 2,
  tier: 'COUNTY',
  identities: ['DIBAO', 'TUOPIN'],
  lines: [
    { name: '目录外药品', listType: '101', catalogClass: '03', quantity: 1, price: 2000 },
    { name: '乙类药品', listType: '101', catalogClass: '02', quantity: 1, price: 30000 },
    { name: '甲类药品', listType: '101', catalogClass: '01', quantity: 1, price: 18000 },
  ],
}

const pathsOf = (body: { issues: { path?: string }[] }): (string | undefined)[] =>
  body.issues.map((i) => i.path)

describe.each(testBackends())('benefit policies and settlement on $name', (backend) => {
  let db: Database
  let server: TestServer
  let manager: TestClient
  let auditor: TestClient
  let admin: TestClient

  /** Waits until a job has ended and answers it. */
  async function finished(client: TestClient, id: string): Promise<any> {
    for (let i = 0; i < 600; i++) {
      const res = await client.get(`/api/v1/jobs/${id}`)
      expect(res.status).toBe(200)
      if (res.body.status !== 'RUNNING') return res.body
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`任务 ${id} 未结束`)
  }

  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await ensureDemoAccounts(db)
    server = await startTestServer(db)
    manager = await TestClient.login(server.base, 'fund_manager', DEMO_PASSWORD)
    auditor = await TestClient.login(server.base, 'auditor', DEMO_PASSWORD)
    admin = await TestClient.login(server.base, 'admin', DEMO_PASSWORD)
  })
  afterAll(async () => {
    await server?.close()
    await db?.close()
  })

  test('a policy is imported as a draft, edited, activated, then frozen; its YAML export reads back the same', async () => {
    const imported = await manager.post('/api/v1/policies/import', {
      text: formatPolicyText(policyOfYear('T-1')),
    })
    expect(imported.status).toBe(201)
    expect(imported.body).toMatchObject({ id: 'T-1', status: 'DRAFT', year: YEAR, admdvs: '*' })
    expect(imported.body.document.basic[0].ratio).toBe(75)

    const read = await manager.get('/api/v1/policies/T-1')
    const document = { ...read.body.document, name: '测试政策（修订）' }
    document.basic[0] = { ...document.basic[0], ratio: 77.5 }
    const edited = await manager.post('/api/v1/policies', document)
    expect(edited.status).toBe(200)
    expect(edited.body).toMatchObject({ name: '测试政策（修订）', status: 'DRAFT' })
    expect(edited.body.document.basic[0].ratio).toBe(77.5)

    const activated = await manager.post('/api/v1/policies/T-1/activate')
    expect(activated.status).toBe(200)
    expect(activated.body).toMatchObject({ status: 'ACTIVE', activatedBy: 'user:fund_manager' })
    const listed = await auditor.get('/api/v1/policies')
    expect(listed.body.items.map((p: any) => [p.id, p.status, p.name])).toEqual([
      ['T-1', 'ACTIVE', '测试政策（修订）'],
    ])

    const refused = await manager.post('/api/v1/policies', { ...document, name: '再改' })
    expect(refused.status).toBe(409)
    expect(refused.body.issues[0].message).toContain('已启用，不能修改')
    const reimported = await manager.post('/api/v1/policies/import', {
      text: formatPolicyText(policyOfYear('T-1')),
    })
    expect(reimported.status).toBe(409)
    expect((await manager.post('/api/v1/policies/T-1/activate')).status).toBe(409)
    expect((await manager.post('/api/v1/policies/NOPE/activate')).status).toBe(404)

    const yaml = await manager.download('/api/v1/policies/T-1/export?format=yaml')
    expect(yaml.status).toBe(200)
    expect(yaml.headers.get('content-type')).toContain('yaml')
    expect(yaml.headers.get('content-disposition')).toBe('attachment; filename="policy-T-1.yaml"')
    const stored = policyFromDocument((await manager.get('/api/v1/policies/T-1')).body.document)
    expect(parsePolicyText(await yaml.text())).toEqual(stored)
    const json = await manager.download('/api/v1/policies/T-1/export?format=json')
    expect(json.headers.get('content-disposition')).toContain('policy-T-1.json')
    expect(policyFromDocument(await json.json())).toEqual(stored)
    expect((await manager.get('/api/v1/policies/T-1/export?format=xml')).status).toBe(400)

    const log = await admin.get('/api/v1/audit-log?action=policy.&pageSize=10')
    expect(log.body.items.map((e: any) => [e.action, e.target, e.actor]).reverse()).toEqual([
      ['policy.create', 'T-1', 'user:fund_manager'],
      ['policy.update', 'T-1', 'user:fund_manager'],
      ['policy.activate', 'T-1', 'user:fund_manager'],
    ])
  })

  test('a bad policy is refused with the path of every problem, and nothing is saved', async () => {
    const doc = policyToDocument(policyOfYear('T-BAD')) as Record<string, any>
    doc['basic'][1].ratio = 150
    doc['critical'].segments[0].from = 'abc'
    doc['colour'] = 'blue'
    const bad = await manager.post('/api/v1/policies', doc)
    expect(bad.status).toBe(400)
    expect(pathsOf(bad.body)).toEqual([
      '$.colour',
      '$.basic[1].ratio',
      '$.critical.segments[0].from',
    ])
    expect(bad.body.issues[1].message).toContain('0–100')

    const yaml = await manager.post('/api/v1/policies/import', { text: 'id: [unclosed\nname: x' })
    expect(yaml.status).toBe(400)
    expect(yaml.body.issues[0].path).toMatch(/^line \d+$/)
    const missing = await manager.post('/api/v1/policies/import', {})
    expect(pathsOf(missing.body)).toEqual(['text'])
    const notObject = await manager.request('POST', '/api/v1/policies', ['x'])
    expect(notObject.status).toBe(400)
    expect((await manager.get('/api/v1/policies/T-BAD')).status).toBe(404)
  })

  test('the calculator settles the worked example of §7.4 to the fen, with the steps explained', async () => {
    const example = formatPolicyText(EXAMPLE_POLICY_2020)
    expect((await manager.post('/api/v1/policies/import', { text: example })).status).toBe(201)

    // No policy active for 2020 yet: the calculator needs one named.
    const none = await auditor.post('/api/v1/settlement/calculate', {
      encounter: EXAMPLE_ENCOUNTER,
    })
    expect(none.status).toBe(400)
    expect(pathsOf(none.body)).toEqual(['policyId'])

    const res = await auditor.post('/api/v1/settlement/calculate', {
      policyId: 'example-2020',
      encounter: EXAMPLE_ENCOUNTER,
    })
    expect(res.status).toBe(200)
    expect(res.body.policy).toEqual({ id: 'example-2020', name: EXAMPLE_POLICY_2020.name })
    expect(res.body.settlement).toMatchObject({
      medfeeSumamt: 5_000_000,
      fulamtOwnpayAmt: 200_000,
      preselfpayAmt: 300_000,
      inscpScpAmt: 4_500_000,
      hifpPay: 3_560_000,
      hifmiPay: 123_500,
      mafPay: 571_550,
      othPay: 244_950,
      fundPaySumamt: 4_500_000,
      psnPartAmt: 500_000,
      time: '2020-06-10T10:00:00+08:00',
    })
    expect(res.body.tilt).toBe('脱贫人口倾斜')
    expect(res.body.steps.map((s: any) => [s.layer, s.amount])).toEqual([
      ['BASIC', 3_560_000],
      ['CRITICAL', 123_500],
      ['ASSISTANCE', 571_550],
      ['BACKSTOP', 244_950],
    ])
    const text = res.body.steps.map((s: any) => s.text).join('\n')
    expect(text).toContain('起付线 500.00 元，按 80%（75% + 脱贫人口倾斜 5%）支付 35600.00 元')
    expect(text).toContain('起付线 7500.00 元（脱贫人口倾斜，按 50%）')
    expect(text).toContain('按 70% 支付 5715.50 元')
    expect(text).toContain('个人承担 3000.00 元，政府兜底 2449.50 元')
    expect(res.body.details.map((d: any) => d.fundPayType)).toEqual([
      '390100',
      '390200',
      '610100',
      '999997',
    ])
    expect(res.body.national.setlinfo).toMatchObject({
      hifp_pay: 35_600,
      hifmi_pay: 1_235,
      maf_pay: 5_715.5,
      oth_pay: 2_449.5,
      psn_part_amt: 5_000,
    })
    expect(res.body.national.setldetail).toHaveLength(4)
    expect(
      res.body.lines.map((l: any) => [l.name, l.fullSelfPay, l.preselfpay, l.inScope])
    ).toEqual([
      ['目录外药品', 200_000, 0, 0],
      ['乙类药品', 0, 300_000, 2_700_000],
      ['甲类药品', 0, 0, 1_800_000],
    ])

    // Activated, it is the policy in force for 2020 everywhere: no id needed.
    expect((await manager.post('/api/v1/policies/example-2020/activate')).status).toBe(200)
    const inForce = await auditor.post('/api/v1/settlement/calculate', {
      encounter: { ...EXAMPLE_ENCOUNTER, time: '2020-06-10', admdvs: '431222' },
    })
    expect(inForce.status).toBe(200)
    expect(inForce.body.settlement.psnPartAmt).toBe(500_000)
    expect(inForce.body.cashFirst).toBeNull()

    // A person on the insured blacklist pays first; the step says what the fund would pay.
    const inspector = await TestClient.login(server.base, 'inspector', DEMO_PASSWORD)
    const listed = await inspector.post('/api/v1/blacklist', {
      subjectType: 'INSURED',
      subjectId: 'P-BLACK',
      from: '2020-01-01',
      reason: '冒名就医',
    })
    expect(listed.status).toBe(201)
    const cash = await auditor.post('/api/v1/settlement/calculate', {
      encounter: { ...EXAMPLE_ENCOUNTER, time: '2020-06-10', admdvs: '431222', psnNo: 'P-BLACK' },
    })
    expect(cash.status).toBe(200)
    expect(cash.body.cashFirst).toEqual({ reason: '冒名就医', from: '2020-01-01' })
    expect(cash.body.settlement).toMatchObject({ fundPaySumamt: 0, psnCashPay: 5_000_000 })
    expect(cash.body.steps.map((x: any) => x.layer)).toEqual(['CASH_FIRST'])
    expect(cash.body.steps[0].text).toContain('可由基金支付 45000.00 元')
    const other = await auditor.post('/api/v1/settlement/calculate', {
      encounter: { ...EXAMPLE_ENCOUNTER, time: '2020-06-10', admdvs: '431222', psnNo: 'P-OTHER' },
    })
    expect(other.body.settlement.fundPaySumamt).toBe(4_500_000)
  })

  test('the calculator names the field of every bad value; amounts default to quantity × price', async () => {
    const bad = await auditor.post('/api/v1/settlement/calculate', {
      policyId: 'example-2020',
      encounter: {
        ...EXAMPLE_ENCOUNTER,
        time: '2020-02-30',
        level: 5,
        identities: ['DIBAO', 'NOBODY'],
        lines: [
          { listType: '101', catalogClass: '04', quantity: 1, price: 10 },
          { listType: '101', catalogClass: '01', quantity: 0, price: 0.00001 },
          { listType: '101', catalogClass: '01', quantity: 1, price: 1, amount: 1.005, colour: 1 },
        ],
      },
    })
    expect(bad.status).toBe(400)
    expect(pathsOf(bad.body)).toEqual([
      'encounter.time',
      'encounter.level',
      'encounter.identities[1]',
      'encounter.lines[0].catalogClass',
      'encounter.lines[1].quantity',
      'encounter.lines[1].price',
      'encounter.lines[2].colour',
      'encounter.lines[2].amount',
    ])
    const unknownPolicy = await auditor.post('/api/v1/settlement/calculate', {
      policyId: 'NOPE',
      encounter: EXAMPLE_ENCOUNTER,
    })
    expect(pathsOf(unknownPolicy.body)).toEqual(['policyId'])

    const res = await auditor.post('/api/v1/settlement/calculate', {
      policyId: 'example-2020',
      encounter: {
        ...EXAMPLE_ENCOUNTER,
        identities: [],
        lines: [
          { listType: '101', catalogClass: '01', quantity: 3, price: 0.035 },
          { listType: '201', catalogClass: '01', quantity: 2, price: '120', capPrice: 100 },
          { listType: '101', catalogClass: '01', quantity: 1, price: 50, restricted: true },
        ],
      },
    })
    expect(res.status).toBe(200)
    expect(res.body.lines.map((l: any) => [l.amount, l.fullSelfPay, l.overPrice])).toEqual([
      [11, 0, 0],
      [24_000, 0, 4_000],
      [5_000, 5_000, 0],
    ])
  })

  test('a what-if of a changed policy runs as a job to its per-layer result', async () => {
    const noPolicy = await manager.post('/api/v1/whatif-runs', { year: YEAR })
    expect(pathsOf(noPolicy.body)).toEqual(['document'])
    const badDoc = await manager.post('/api/v1/whatif-runs', {
      year: YEAR,
      document: { ...policyToDocument(policyOfYear('T-2')), lines: { preselfpay: 'x' } },
    })
    expect(pathsOf(badDoc.body)).toEqual(['document.lines.preselfpay'])
    const noYear = await manager.post('/api/v1/whatif-runs', {
      year: YEAR + 1,
      document: policyToDocument(policyOfYear('T-2')),
    })
    expect(pathsOf(noYear.body)).toEqual(['year'])

    const base = policyFromDocument((await manager.get('/api/v1/policies/T-1')).body.document)
    const changed = policyOfYear('T-2', {
      basic: base.basic.map((b) => ({ ...b, ratioBp: Math.min(10_000, b.ratioBp + 1000) })),
    })
    const started = await manager.post('/api/v1/whatif-runs', {
      year: YEAR,
      document: policyToDocument(changed),
    })
    expect(started.status).toBe(202)
    expect(started.body.job).toMatchObject({ kind: 'whatif', status: 'RUNNING' })
    const job = await finished(manager, started.body.job.id)
    expect(job).toMatchObject({ status: 'DONE', progress: 1 })
    const result = job.detail.result
    expect(job.detail.policy).toMatchObject({ id: 'T-2' })
    expect(result.basePolicies).toEqual(['T-1'])
    expect(result.settlements).toBeGreaterThan(0)
    const basic = result.layers.find((l: any) => l.key === 'hifp_pay')
    expect(basic.changed).toBeGreaterThan(basic.base)
    expect(basic.difference).toBe(basic.changed - basic.base)
    expect(
      result.byLevel.reduce((t: number, l: { settlements: number }) => t + l.settlements, 0)
    ).toBe(result.settlements)

    // A stored draft by its id gives the same figures.
    await manager.post('/api/v1/policies', policyToDocument(changed))
    const byId = await manager.post('/api/v1/whatif-runs', { policyId: 'T-2' })
    expect(byId.status).toBe(202)
    expect((await finished(manager, byId.body.job.id)).detail.result).toEqual(result)

    const log = await admin.get('/api/v1/audit-log?action=whatif.start')
    expect(log.body.items.map((e: any) => e.target).sort()).toEqual(
      [started.body.job.id, byId.body.job.id].sort()
    )
  })

  test('a settlement check stores a verdict for every settlement of the year, read back paged', async () => {
    expect(pathsOf((await auditor.post('/api/v1/settlement-checks', {})).body)).toEqual(['year'])
    const empty = await auditor.get('/api/v1/settlement-checks')
    expect(empty.body).toMatchObject({ year: null, total: 0, items: [] })

    const started = await auditor.post('/api/v1/settlement-checks', { year: YEAR })
    expect(started.status).toBe(202)
    const job = await finished(auditor, started.body.job.id)
    expect(job.status).toBe('DONE')
    expect(job.detail.settlements).toBeGreaterThan(0)

    const page1 = await auditor.get(`/api/v1/settlement-checks?year=${YEAR}&pageSize=5`)
    expect(page1.status).toBe(200)
    const counts = page1.body.counts
    expect(counts).toEqual(job.detail.byStatus)
    const sum = Object.values(counts as Record<string, number>).reduce((t, n) => t + n, 0)
    expect(sum).toBe(job.detail.settlements)
    expect(page1.body.total).toBe(sum - counts.SAME)
    expect(page1.body.total).toBeGreaterThan(5)
    expect(page1.body.items).toHaveLength(5)
    for (const item of page1.body.items) {
      expect(item.status).not.toBe('SAME')
      expect(item.reason).toEqual(expect.any(String))
      expect(item.policyId).toBe('T-1')
      expect(typeof item.recordedFund).toBe('number')
    }
    const page2 = await auditor.get(`/api/v1/settlement-checks?year=${YEAR}&pageSize=5&page=2`)
    const ids = (p: any) => p.body.items.map((i: any) => i.setlId)
    expect(ids(page2).some((id: string) => ids(page1).includes(id))).toBe(false)
    // Without a year: the latest year checked.
    expect((await auditor.get('/api/v1/settlement-checks')).body.year).toBe(YEAR)
    const differs = await auditor.get(`/api/v1/settlement-checks?year=${YEAR}&status=DIFFERS`)
    expect(differs.body.total).toBe(counts.DIFFERS)
    expect((await auditor.get('/api/v1/settlement-checks?status=SAME')).status).toBe(400)
  })
})
