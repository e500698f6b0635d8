// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Finding } from '@yibao/audit'
import {
  AuditReference,
  auditHsaRequest,
  hsaRequestOf,
  parseHsaAuditRequest,
  RULE_LIBRARY,
  RuleEngines,
} from '@yibao/audit'
import type { Database } from '@yibao/storage'
import {
  listAuditLog,
  openDatabase,
  readFindings,
  readPersonHistory,
  readRecords,
  runAudit,
} from '@yibao/storage'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { main } from './main.js'
import { recordingIo } from './test-io.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-audit-'))
const dir = path.join(tmp, 'demo')
const env = { YIBAO_LOG_LEVEL: 'silent' }

async function run(args: string[]) {
  const io = recordingIo(env, tmp)
  const code = await main(args, io)
  return { code, out: io.out(), err: io.err() }
}

interface JsonReport {
  rules: number
  persons: number
  lines: number
  findings: number
  newFindings: number
  byRule: { ruleId: string; findings: number; amount: number }[]
  truth: {
    byType: Record<
      string,
      {
        covered: boolean
        truths: number
        found: number
        recall: number | null
        falsePositives: number
      }
    >
  }
  sample?: Finding[]
}

beforeAll(async () => {
  const demo = await run(['demo', '--scale', 'small', '--dir', dir])
  expect(demo.code, demo.err).toBe(0)
})
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('yibao audit on the demo region', () => {
  let first: JsonReport
  test('every injected type a rule covers is found, and clean encounters give no finding', async () => {
    const r = await run(['audit', '--dir', dir, '--json'])
    expect(r.code, r.err).toBe(0)
    expect(r.err).toMatch(/初审/)
    first = JSON.parse(r.out) as JsonReport
    expect(first.rules).toBeGreaterThanOrEqual(60)
    expect(first.findings).toBeGreaterThan(0)
    expect(first.newFindings).toBe(first.findings)
    const covered = Object.entries(first.truth.byType).filter(([, t]) => t.covered && t.truths > 0)
    expect(covered.length).toBeGreaterThanOrEqual(30)
    for (const [type, t] of covered) {
      expect({ type, recall: t.recall }).toEqual({ type, recall: 1 })
    }
    for (const [type, t] of Object.entries(first.truth.byType)) {
      expect({ type, falsePositives: t.falsePositives }).toEqual({ type, falsePositives: 0 })
    }
    // 结伴就医 is a screening pattern with no deterministic rule: reported, not claimed.
    expect(first.truth.byType.F9).toMatchObject({ covered: false, found: 0 })
  })

  test('a second run writes nothing new, and the run and its audit-log entry are recorded', async () => {
    const r = await run(['audit', '--dir', dir, '--json', '--workers', '0'])
    expect(r.code, r.err).toBe(0)
    const again = JSON.parse(r.out) as JsonReport
    expect(again.findings).toBe(first.findings)
    expect(again.newFindings).toBe(0)
    expect(again.byRule).toEqual(first.byRule)
    const db = await openDatabase({ dir })
    try {
      expect(await readFindings(db, { limit: 1_000_000 })).toHaveLength(first.findings)
      const log = await listAuditLog(db, 10)
      expect(log.filter((e) => e.action === 'audit.run')).toHaveLength(2)
    } finally {
      await db.close()
    }
  })

  test('a dry-run back-test of a changed rule shows its findings without writing any', async () => {
    const rules = path.join(tmp, 'rules.json')
    fs.writeFileSync(
      rules,
      JSON.stringify([{ base: 'GZ10000204002000', id: 'TEST-M15', params: { maxCount: 3 } }])
    )
    const r = await run(['audit', '--dir', dir, '--rules', rules, '--dry-run', '--json'])
    expect(r.code, r.err).toBe(0)
    const test = JSON.parse(r.out) as JsonReport
    const strict = test.byRule.find((x) => x.ruleId === 'TEST-M15')
    const base = first.byRule.find((x) => x.ruleId === 'GZ10000204002000')
    expect(strict?.findings).toBeGreaterThan(base?.findings ?? 0)
    expect(test.sample?.every((f) => f.ruleId === 'TEST-M15')).toBe(true)
    const db = await openDatabase({ dir })
    try {
      expect(await readFindings(db, { ruleId: 'TEST-M15' })).toEqual([])
    } finally {
      await db.close()
    }
  })

  test('a bad rule file is refused with the entry and field named', async () => {
    const rules = path.join(tmp, 'bad-rules.json')
    fs.writeFileSync(
      rules,
      JSON.stringify([{ base: 'GZ10000204002000', params: { maxCount: '5' } }])
    )
    const r = await run(['audit', '--dir', dir, '--rules', rules, '--dry-run'])
    expect(r.code).toBe(1)
    expect(r.err).toContain('$[0].params.maxCount')
  })

  test('yibao rules list --json lists every rule with its national name', async () => {
    const r = await run(['rules', 'list', '--json'])
    expect(r.code).toBe(0)
    const list = JSON.parse(r.out) as { id: string; name: string; stages: string[] }[]
    expect(list.length).toBeGreaterThanOrEqual(60)
    expect(list.find((x) => x.id === 'GZ10000301004000')?.name).toBe('药品区分性别使用')
    expect(new Set(list.map((x) => x.id)).size).toBe(list.length)
  })
})

describe('real time agrees with batch on the demo region', () => {
  let db: Database
  beforeAll(async () => {
    db = await openDatabase({ dir })
  })
  afterAll(async () => {
    await db.close()
  })

  test('3102 answers for stored encounters equal the batch findings on them', async () => {
    const knowledge = new Knowledge(loadBuiltinPack())
    // Rules that run both 事中 and 事后.
    const ruleIds = RULE_LIBRARY.filter(
      (r) => r.stages.includes('IN') && r.stages.includes('POST')
    ).map((r) => r.id)
    const batch = await runAudit(db, {
      knowledge,
      ruleIds,
      dryRun: true,
      workers: 0,
      actor: 'test',
      rulesDate: '2025-10-31',
    })
    const institutions = await readRecords(db, 'institutions')
    const reference = new AuditReference({
      institutions,
      priceCaps: await readRecords(db, 'priceCaps'),
      capabilities: await readRecords(db, 'capabilities'),
    })
    const level = new Map(institutions.map((i) => [i.code, i.level]))
    const engine = new RuleEngines(knowledge).get({ stage: 'IN', date: '2025-10-31', ruleIds })
    const touching = (f: Finding, mdtrtId: string): boolean =>
      f.lines.some((l) => l.role === 'VIOLATING')
        ? f.lines.some((l) => l.role === 'VIOLATING' && l.mdtrtId === mdtrtId)
        : f.mdtrtId === mdtrtId || f.relatedEncounters.includes(mdtrtId)
    // Every encounter with a finding, and every 40th of the others.
    const flagged = new Set(batch.findingList.flatMap((f) => [f.mdtrtId, ...f.relatedEncounters]))
    const encounters = await readRecords(db, 'encounters')
    const chosen = encounters.filter((e, n) => flagged.has(e.mdtrtId) || n % 40 === 0)
    expect(chosen.length).toBeGreaterThan(300)
    let compared = 0
    for (const e of chosen) {
      const history = await readPersonHistory(db, e.psnNo)
      const person = history.person!
      const body = hsaRequestOf(
        '3102',
        person,
        {
          encounter: e,
          diagnoses: history.diagnoses.filter((d) => d.mdtrtId === e.mdtrtId),
          operations: history.operations.filter((o) => o.mdtrtId === e.mdtrtId),
          feeLines: history.feeLines.filter((l) => l.mdtrtId === e.mdtrtId),
          level: level.get(e.institutionCode) ?? 0,
        },
        `T${e.mdtrtId}`
      )
      const parsed = parseHsaAuditRequest(JSON.parse(JSON.stringify(body)))
      expect(parsed.issues).toBeUndefined()
      const realtime = auditHsaRequest(
        engine,
        parsed.request!,
        reference,
        new Map([[e.psnNo, history]])
      )
      const expected = batch.findingList.filter((f) => touching(f, e.mdtrtId))
      expect({ mdtrtId: e.mdtrtId, findings: realtime }).toEqual({
        mdtrtId: e.mdtrtId,
        findings: expected,
      })
      compared += expected.length
    }
    expect(compared).toBeGreaterThan(150)
  })
})

describe('yibao staff on the demo region', () => {
  test('a doctor reaching 12 points is terminated, and lines they order afterwards are flagged', async () => {
    const db = await openDatabase({ dir })
    let doctor: string
    let cut: string
    try {
      const [busiest] = await db.query<{ doctor: string }>(
        `SELECT order_doctor AS doctor FROM fee_line WHERE order_doctor IS NOT NULL
         GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`
      )
      doctor = busiest!.doctor
      const days = await db.query<{ day: string }>(
        `SELECT DISTINCT to_char(fee_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day
         FROM fee_line WHERE order_doctor = $1 ORDER BY 1`,
        [doctor]
      )
      cut = days[Math.floor(days.length / 2)]!.day
    } finally {
      await db.close()
    }
    const m21 = RULE_LIBRARY.find((r) => r.violation === 'M21')!.id
    const before = await run(['audit', '--dir', dir, '--rules', m21, '--dry-run', '--json'])
    expect((JSON.parse(before.out) as JsonReport).findings).toBe(0)

    const year = cut.slice(0, 4)
    const first = await run([
      'staff',
      'points',
      doctor,
      '--date',
      `${year}-01-02`,
      '--trigger',
      'ART38',
      '--dir',
      dir,
    ])
    expect(first.code, first.err).toBe(0)
    const second = await run([
      'staff',
      'points',
      doctor,
      '--date',
      cut,
      '--trigger',
      'ART38',
      '--dir',
      dir,
      '--json',
    ])
    const file = JSON.parse(second.out)
    expect(file).toMatchObject({ status: 'TERMINATED', yearTotals: { [year]: 12 } })
    expect(file.periods.at(-1)).toMatchObject({
      from: cut,
      barUntil: `${Number(year) + 1}${cut.slice(4)}`,
    })

    const after = await run(['audit', '--dir', dir, '--rules', m21, '--dry-run', '--json'])
    const flagged = (JSON.parse(after.out) as JsonReport).findings
    const check = await openDatabase({ dir })
    try {
      const [expected] = await check.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM fee_line l JOIN encounter e ON e.mdtrt_id = l.mdtrt_id
         WHERE (l.order_doctor = $1 OR l.exec_doctor = $1) AND e.med_type <> '13'
           AND to_char(l.fee_time AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') >= $2`,
        [doctor, cut]
      )
      expect(expected!.n).toBeGreaterThan(0)
      expect(flagged).toBe(expected!.n)
    } finally {
      await check.close()
    }
    const show = await run(['staff', 'show', doctor, '--date', cut, '--dir', dir])
    expect(show.out).toContain('状态：终止')
  })
})

describe('yibao inspect on the demo region', () => {
  interface DrawJson {
    id: string
    seed: number
    algorithm: string
    objects: {
      object: { code: string; admdvs: string; risk: number }
      team: string[]
      avoided: string[]
    }[]
  }

  test('a draw with seed 42 twice gives the same objects and teams, never a team in conflict', async () => {
    const a = await run(['inspect', 'draw', '--dir', dir, '--seed', '42', '--json'])
    expect(a.code, a.err).toBe(0)
    const b = await run(['inspect', 'draw', '--dir', dir, '--seed', '42', '--json'])
    const first = JSON.parse(a.out) as DrawJson
    const second = JSON.parse(b.out) as DrawJson
    expect(second.id).not.toBe(first.id)
    expect(second.objects).toEqual(first.objects)
    expect(first.objects.length).toBeGreaterThan(10)
    // The demo region's own institutions only, risk from the audit's findings.
    expect(new Set(first.objects.map((o) => o.object.admdvs))).toEqual(new Set(['431223']))
    expect(first.objects.some((o) => o.object.risk > 0)).toBe(true)
    const inspectors = JSON.parse(
      (await run(['inspect', 'inspectors', '--dir', dir, '--json'])).out
    ) as {
      id: string
      certificate: string | null
      conflicts: string[]
    }[]
    const byId = new Map(inspectors.map((i) => [i.id, i]))
    for (const o of first.objects) {
      expect(o.team).toHaveLength(2)
      for (const id of o.team) {
        expect(byId.get(id)!.certificate).not.toBeNull()
        expect(byId.get(id)!.conflicts).not.toContain(o.object.code)
      }
    }
    const other = JSON.parse(
      (await run(['inspect', 'draw', '--dir', dir, '--seed', '43', '--json'])).out
    ) as DrawJson
    expect(other.objects.map((o) => o.object.code)).not.toEqual(
      first.objects.map((o) => o.object.code)
    )
    const draws = JSON.parse((await run(['inspect', 'draws', '--dir', dir, '--json'])).out) as {
      seed: number
    }[]
    expect(draws.map((d) => d.seed).sort()).toEqual([42, 42, 43])
  })

  test('a plan file changes the ratios; a bad one is refused with the field named', async () => {
    const plan = (await run(['inspect', 'plan'])).out
    const file = path.join(tmp, 'inspect-plan.yaml')
    fs.writeFileSync(file, plan.replace(/HOSPITAL: \d+/, 'HOSPITAL: 50'))
    const r = await run(['inspect', 'draw', '--dir', dir, '--seed', '7', '--plan', file, '--json'])
    expect(r.code, r.err).toBe(0)
    const d = JSON.parse(r.out) as { byType: Record<string, { register: number; drawn: number }> }
    expect(d.byType['HOSPITAL']!.drawn).toBe(Math.ceil(d.byType['HOSPITAL']!.register / 2))
    fs.writeFileSync(file, plan.replace(/teamSize: \d+/, 'teamSize: 1'))
    const bad = await run(['inspect', 'draw', '--dir', dir, '--seed', '7', '--plan', file])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('$.teamSize')
  })
})
