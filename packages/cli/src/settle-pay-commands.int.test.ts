// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { demoPolicy } from '@yibao/datagen'
import type { Clearing } from '@yibao/payment'
import { parsePolicyText } from '@yibao/settlement'
import { listAuditLog, openDatabase, readRecords } from '@yibao/storage'
import { main } from './main.js'
import { recordingIo } from './test-io.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-settle-'))
const dir = path.join(tmp, 'demo')
const root = path.resolve(import.meta.dirname, '../../..')
const HALVED = path.join(root, 'examples/settlement/demo-critical-halved.yaml')

async function run(args: string[]) {
  const io = recordingIo({ YIBAO_LOG_LEVEL: 'silent' }, tmp)
  const code = await main(args, io)
  return { code, out: io.out(), err: io.err() }
}

beforeAll(async () => {
  expect((await run(['demo', '--scale', 'small', '--dir', dir, '--json'])).code).toBe(0)
}, 240_000)
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('yibao settle and yibao whatif on the small demo region', () => {
  test('the demo stores its policy, and the example what-if file is it with the 大病 deductible halved', async () => {
    const list = await run(['policy', 'list', '--dir', dir, '--json'])
    expect(JSON.parse(list.out)).toEqual([
      expect.objectContaining({ id: '431223-2025-demo', status: 'ACTIVE', year: 2025 }),
    ])
    const demo = demoPolicy('431223', 2025)
    const halved = parsePolicyText(fs.readFileSync(HALVED, 'utf8'))
    expect({ ...halved, id: demo.id, name: demo.name }).toEqual({
      ...demo,
      critical: { ...demo.critical!, deductible: demo.critical!.deductible / 2 },
    })
  })

  test('settle finds exactly the settlements recorded without a tilt, and every other one the same', async () => {
    const r = await run(['settle', '--dir', dir, '--year', '2025', '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out)
    const db = await openDatabase({ dir })
    try {
      const truth = (await readRecords(db, 'truth')).filter((t) => t.type === 'P1')
      const settlements = (await readRecords(db, 'settlements')).filter((s) => !s.refunded)
      expect(truth.length).toBeGreaterThan(5)
      expect(report.missedTilt.map((m: { mdtrtId: string }) => m.mdtrtId).sort()).toEqual(
        truth.map((t) => t.mdtrtId).sort()
      )
      // Each shortfall is the injected amount.
      const amount = new Map(truth.map((t) => [t.mdtrtId, t.amount]))
      for (const m of report.missedTilt) {
        expect(m.engineFund - m.recordedFund).toBe(amount.get(m.mdtrtId))
        expect(m.reason).toContain('漏享倾斜')
      }
      expect(report.truth).toMatchObject({
        injected: truth.length,
        found: truth.length,
        missing: [],
        extra: [],
      })
      expect(report.settlements).toBe(settlements.length)
      expect(report.byStatus).toEqual({
        SAME: settlements.length - truth.length,
        MISSED_TILT: truth.length,
        RESTRICTED_PAID: 0,
        DIFFERS: 0,
      })
      const log = await listAuditLog(db, 20)
      expect(log.some((e) => e.action === 'settlement.check' && e.target === '2025')).toBe(true)
    } finally {
      await db.close()
    }
    // A re-run gives the same and stores each verdict once.
    const again = JSON.parse((await run(['settle', '--dir', dir, '--year', '2025', '--json'])).out)
    expect(again.byStatus).toEqual(report.byStatus)
  })

  test('after the batch audit, lines a restriction excludes but the fund paid are reported', async () => {
    expect((await run(['audit', '--dir', dir, '--json'])).code).toBe(0)
    const report = JSON.parse((await run(['settle', '--dir', dir, '--year', '2025', '--json'])).out)
    expect(report.byStatus.RESTRICTED_PAID).toBeGreaterThan(0)
    expect(report.byStatus.DIFFERS).toBe(0)
    for (const x of report.restrictedPaid) {
      expect(x.engineFund).toBeLessThan(x.recordedFund)
      expect(x.reason).toContain('不符合限制性支付规定')
    }
  })

  test('rates gives the reimbursement rates per month, adding up to the year', async () => {
    const r = JSON.parse(
      (await run(['rates', '--dir', dir, '--year', '2025', '--by', 'month', '--json'])).out
    )
    expect(r.groups.map((g: { key: string }) => g.key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`)
    )
    const sum = (k: string): number =>
      r.groups.reduce((t: number, g: Record<string, number>) => t + g[k]!, 0)
    expect(sum('fund')).toBe(r.total.fund)
    expect(sum('medfee')).toBe(r.total.medfee)
    expect(r.total.actual).toBeCloseTo(r.total.fund / r.total.medfee)
    expect(r.total.policyScopeWithPreselfpay).toBeLessThan(r.total.policyScope)
    expect((await run(['rates', '--dir', dir, '--year', '2025', '--by', 'ward'])).code).toBe(1)
  })

  test('whatif with the 大病 deductible halved prints per-layer totals and the deviation', async () => {
    const r = await run(['whatif', '--dir', dir, '--year', '2025', '--policy', HALVED, '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out)
    const layer = (key: string) => report.layers.find((l: { key: string }) => l.key === key)
    expect(layer('hifp_pay').difference).toBe(0)
    expect(layer('hifmi_pay').changed).toBeGreaterThan(layer('hifmi_pay').base)
    expect(layer('hifmi_pay').deviation).toBeCloseTo(
      layer('hifmi_pay').difference / layer('hifmi_pay').base
    )
    const total = layer('fund_pay_sumamt')
    expect(total.difference).toBe(
      ['hifp_pay', 'hifob_pay', 'hifmi_pay', 'maf_pay', 'oth_pay'].reduce(
        (t, k) => t + Number(layer(k).difference),
        0
      )
    )
    expect(layer('psn_part_amt').difference).toBe(-total.difference)
    // 职工 are not in 居民大病保险.
    const employee = report.byCategory.find((c: { key: string }) => c.key === '职工·普通参保人')
    expect(employee.difference).toBe(0)
    const text = await run(['whatif', '--dir', dir, '--year', '2025', '--policy', HALVED])
    expect(text.out).toContain('居民大病保险')
    expect(text.out).toMatch(/偏差 \+\d+\.\d\d%/)
    const bad = await run([
      'whatif',
      '--dir',
      dir,
      '--year',
      '2025',
      '--policy',
      path.join(root, 'README.md'),
    ])
    expect(bad.code).toBe(1)
  })
})

describe('yibao payplan and yibao pay on the small demo region', () => {
  test('the demo stores a payment plan that exports and imports as a document', async () => {
    const list = JSON.parse((await run(['payplan', 'list', '--dir', dir, '--json'])).out)
    expect(list).toEqual([
      expect.objectContaining({ id: 'pay-431223-2025', status: 'ACTIVE', year: 2025 }),
    ])
    const yaml = (await run(['payplan', 'export', 'pay-431223-2025', '--dir', dir])).out
    expect(yaml).toContain('pointMethod: DIP')
    const file = path.join(tmp, 'plan.yaml')
    fs.writeFileSync(file, yaml.replace('id: pay-431223-2025', 'id: pay-431223-2025-b'))
    const imported = await run(['payplan', 'import', file, '--dir', dir, '--json'])
    expect(JSON.parse(imported.out)).toEqual({ id: 'pay-431223-2025-b', status: 'DRAFT' })
    fs.writeFileSync(file, yaml.replace(/reserve: [\d.]+/, 'reserve: 120'))
    const bad = await run(['payplan', 'import', file, '--dir', dir])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('$.reserve')
  })

  test('pay prints statements that reconcile with settlements, deductions and deposits', async () => {
    const r = await run(['pay', '--dir', dir, '--month', '2025-03', '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out)
    expect(report.reconciled).toBe(true)
    expect(report.reconciliation.every((c: { ok: boolean }) => c.ok)).toBe(true)
    // Out-of-area hospitals are left to their own regions, and say so.
    expect(report.skipped.map((s: { admdvs: string }) => s.admdvs).sort()).toEqual([
      '430102',
      '431202',
    ])
    const db = await openDatabase({ dir })
    try {
      const [sums] = await db.query<{ basic: number; n: number }>(
        `SELECT coalesce(sum(s.hifp_pay), 0)::bigint AS basic, count(*)::int AS n
         FROM settlement s JOIN institution i ON i.code = s.institution_code
         WHERE i.admdvs = '431223' AND NOT s.refunded
           AND s.setl_time >= '2025-03-01T00:00:00+08:00' AND s.setl_time < '2025-04-01T00:00:00+08:00'`
      )
      const [ledger] = await db.query<{ total: number }>(
        `SELECT coalesce(sum(amount), 0)::bigint AS total FROM deposit_ledger WHERE month = '2025-03'`
      )
      const basic = report.reconciliation.find((c: { name: string }) =>
        c.name.startsWith('统筹基金')
      )
      expect(basic.actual).toBe(sums!.basic)
      expect(ledger!.total).toBe(report.totals.deposit)
      let net = 0
      for (const s of report.statements as {
        net: number
        payable: number
        deductions: number
        deposit: number
      }[]) {
        expect(s.net).toBe(s.payable - s.deductions - s.deposit)
        net += s.net
      }
      expect(report.totals.net).toBe(net)
      expect(report.totals.cases).toBeGreaterThan(0)
    } finally {
      await db.close()
    }
    const text = await run(['pay', '--dir', dir, '--month', '2025-03'])
    expect(text.out).toContain('未变')
    expect(text.out).toMatch(/✓ 实付 = 应付 − 扣款 − 保证金/)
    expect(text.out).not.toContain('✗')
  })

  test('pay --clear clears the year: Σ payments + reserve = the annual fund', async () => {
    const r = await run([
      'pay',
      '--dir',
      dir,
      '--clear',
      '--year',
      '2025',
      '--admdvs',
      '431223',
      '--json',
    ])
    expect(r.code).toBe(0)
    const c = (JSON.parse(r.out) as { stored: { clearing: Clearing } }).stored.clearing
    expect(c.identityHolds).toBe(true)
    const paid = c.rows
      .filter((row) => row.method === 'DIP')
      .reduce((a, row) => a + row.pointFundPaid, 0)
    expect(paid + c.reserveAfter).toBe(c.annualFund)
    const text = await run(['pay', '--dir', dir, '--clear', '--year', '2025', '--admdvs', '431223'])
    expect(text.out).toContain('与上一版相同')
    expect(text.out).toContain('✓ 相符')
  })
})

describe('yibao screen on the small demo region', () => {
  test('--evaluate finds every injected screening pattern with precision and recall ≥ 0.95 and reports the queue’s top 5 %', async () => {
    const r = await run(['screen', '--dir', dir, '--evaluate', '--json'])
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out) as {
      runId: string
      clues: number
      patterns: Record<string, { hits: number }>
      evaluation: {
        patterns: {
          pattern: string
          truthTypes: string[]
          truth: number
          precision: number | null
          recall: number | null
        }[]
        queue: { items: number; topItems: number; share: number | null; truthAmount: number }
      }
    }
    const db = await openDatabase({ dir })
    try {
      const injected = new Set((await readRecords(db, 'truth')).map((t) => t.type))
      const withTruth = report.evaluation.patterns.filter((p) => p.truth > 0)
      // Every pattern whose truth types the demo injects is evaluated …
      expect(withTruth.map((p) => p.pattern).sort()).toEqual(
        report.evaluation.patterns
          .filter((p) => p.truthTypes.some((t) => injected.has(t)))
          .map((p) => p.pattern)
          .sort()
      )
      expect(withTruth.length).toBeGreaterThanOrEqual(4)
      // … and found.
      for (const p of withTruth) {
        expect(p.precision, p.pattern).toBeGreaterThanOrEqual(0.95)
        expect(p.recall, p.pattern).toBeGreaterThanOrEqual(0.95)
      }
      const q = report.evaluation.queue
      expect(q.topItems).toBe(Math.ceil(q.items * 0.05))
      expect(q.share).toBeGreaterThan(0)
      expect(q.share).toBeLessThanOrEqual(1)
      // The hits went to the clue workflow, one clue each.
      const hits = Object.values(report.patterns).reduce((n, p) => n + p.hits, 0)
      expect(report.clues).toBe(hits)
      const [batch] = await db.query<{ n: number }>(
        `SELECT clue_count AS n FROM clue_batch WHERE source = 'SCREENING' AND file_name = $1`,
        [`screening:${report.runId}`]
      )
      expect(batch?.n).toBe(hits)
    } finally {
      await db.close()
    }
    const text = await run(['screen', '--dir', dir, '--no-clues'])
    expect(text.code).toBe(0)
    expect(text.out).toContain('生成线索 0 条')
  })

  test('a bad date is refused naming the option; the Kaggle harness skips cleanly without the claim files', async () => {
    const bad = await run(['screen', '--dir', dir, '--from', '2025-13-01'])
    expect(bad.code).not.toBe(0)
    expect(bad.err).toContain('--from')
    const empty = fs.mkdtempSync(path.join(tmp, 'kaggle-'))
    const kaggle = await run(['screen', '--kaggle', empty])
    expect(kaggle.code).toBe(0)
    expect(kaggle.out).toContain('缺少')
  })
})
