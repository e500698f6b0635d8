// SPDX-License-Identifier: Apache-2.0
// `npm run bench -- payment`: groups and scores 1,000,000 inpatient cases against the DIP
// catalogue of the knowledge pack (with comprehensive-group fallbacks, low / high cost ratios and
// 特例单议 proposals), sums the points per institution and runs the annual clearing; target
// ≤ 5 s in all. The cases are generated from a fixed seed before timing. JSON on stdout,
// progress on stderr. YIBAO_BENCH_PAYMENT_CASES sets the number of cases, and
// YIBAO_BENCH_PAYMENT_ROUNDS the timed rounds (default 3).
import os from 'node:os'
import { loadBuiltinPack } from '@yibao/knowledge'
import { clearYear, examplePlan, PointScorer } from '@yibao/payment'

const log = (msg) => process.stderr.write(msg + '\n')
const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d
const CASES = Number(process.env.YIBAO_BENCH_PAYMENT_CASES ?? 1_000_000)
const ROUNDS = Number(process.env.YIBAO_BENCH_PAYMENT_ROUNDS ?? 3)
const TARGET_SECONDS = 5
const INSTITUTIONS = 120

/** mulberry32: a small seeded PRNG, so every run scores the same cases. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pack = loadBuiltinPack()
const plan = examplePlan('431223', 2025, { annualFund: 1_500_000_000_00 })
const rnd = prng(20_250_601)
const levels = Array.from({ length: INSTITUTIONS }, (_, i) => (i < 4 ? 3 : i < 20 ? 2 : 1))
const unlisted = pack.procedures.filter((p) => p.validOr).map((p) => p.code)

log(`生成 ${CASES.toLocaleString('en-US')} 个住院病例…`)
const cases = new Array(CASES)
for (let i = 0; i < CASES; i++) {
  const g = pack.dip[Math.floor(rnd() * pack.dip.length)]
  const inst = Math.floor(rnd() * INSTITUTIONS)
  const level = levels[inst]
  // 5 % carry an operation the catalogue does not list for the diagnosis (comprehensive group).
  const operations =
    rnd() < 0.05
      ? [unlisted[Math.floor(rnd() * unlisted.length)]]
      : g.mainOps.length === 0
        ? []
        : [
            g.mainOps[Math.floor(rnd() * g.mainOps.length)],
            ...g.otherOps.slice(0, 1).flatMap((o) => o.split('+')[0].split('/').slice(0, 1)),
          ]
  const factor = Math.exp((rnd() + rnd() + rnd() - 1.5) * 0.9)
  const month = 1 + Math.floor(rnd() * 12)
  const day = String(1 + Math.floor(rnd() * 28)).padStart(2, '0')
  const date = `2025-${String(month).padStart(2, '0')}-${day}`
  const totalCost = Math.max(100, Math.round(g.score * plan.dip.costPerPoint * 100 * factor))
  cases[i] = {
    mdtrtId: `M${i}`,
    psnNo: `P${Math.floor(rnd() * CASES * 0.7)}`,
    institutionCode: `H${String(inst).padStart(4, '0')}`,
    level,
    admitDate: date,
    dischargeDate: date,
    mainDiag: `${g.diagCategory}${g.diagCategory.length === 5 ? '00' : ''}`,
    operations,
    drgCode: null,
    dischargeWay: '1',
    bedDays: 1 + Math.floor(rnd() * 14),
    totalCost,
    ownPay: Math.round(totalCost * 0.25),
    otherFunds: Math.round(totalCost * 0.03),
  }
}

function runOnce() {
  const t0 = process.hrtime.bigint()
  const scorer = new PointScorer(plan, pack)
  const t1 = process.hrtime.bigint()
  const scored = scorer.score(cases)
  const t2 = process.hrtime.bigint()
  const byInst = new Map()
  for (const s of scored) {
    const c = s.case
    let a = byInst.get(c.institutionCode)
    if (a === undefined) {
      a = { points: 0, ownPay: 0, otherFunds: 0, basicFund: 0, totalCost: 0, count: 0 }
      byInst.set(c.institutionCode, a)
    }
    a.points += s.points
    a.ownPay += c.ownPay
    a.otherFunds += c.otherFunds
    a.basicFund += c.totalCost - c.ownPay - c.otherFunds
    a.totalCost += c.totalCost
    a.count++
  }
  const inputs = [...byInst].map(([code, a]) => {
    const sums = {
      count: a.count,
      totalCost: a.totalCost,
      basicFund: a.basicFund,
      otherFunds: a.otherFunds,
      ownPay: a.ownPay,
      outOfList: 0,
    }
    return {
      institutionCode: code,
      institutionName: code,
      method: 'DIP',
      points: round(a.points, 4),
      pointCases: sums,
      settlements: sums,
      annualQuota: 0,
      prepaid: Math.round(a.basicFund * 0.9),
      depositWithheld: Math.round(a.basicFund * 0.09),
    }
  })
  const clearing = clearYear(plan, inputs)
  const t3 = process.hrtime.bigint()
  const s = (a, b) => Number(b - a) / 1e9
  return {
    seconds: s(t0, t3),
    buildSeconds: s(t0, t1),
    scoreSeconds: s(t1, t2),
    clearSeconds: s(t2, t3),
    scored,
    clearing,
  }
}

log('预热…')
runOnce()
const rounds = []
let last
for (let r = 0; r < ROUNDS; r++) {
  last = runOnce()
  rounds.push(last)
  log(`第 ${r + 1} 轮：${last.seconds.toFixed(2)} 秒`)
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const secs = median(rounds.map((r) => r.seconds))
const kinds = { CORE: 0, COMPREHENSIVE: 0, NONE: 0 }
const types = {}
for (const s of last.scored) {
  kinds[s.groupKind]++
  types[s.costType] = (types[s.costType] ?? 0) + 1
}
process.stdout.write(
  JSON.stringify(
    {
      benchmark: 'payment',
      machine: { cpus: os.cpus().length, node: process.version },
      input: { cases: CASES, institutions: INSTITUTIONS, catalogueGroups: pack.dip.length },
      rounds: rounds.map((r) => ({
        seconds: round(r.seconds, 3),
        buildGrouperSeconds: round(r.buildSeconds, 3),
        groupAndScoreSeconds: round(r.scoreSeconds, 3),
        sumAndClearSeconds: round(r.clearSeconds, 3),
      })),
      medianSeconds: round(secs, 3),
      casesPerSecond: Math.round(CASES / secs),
      groups: kinds,
      costTypes: types,
      specialCaseProposals: last.scored.filter((s) => s.specialCandidate).length,
      clearing: {
        settlementPointValue: last.clearing.settlementPointValue,
        identityHolds: last.clearing.identityHolds,
      },
      target: { seconds: TARGET_SECONDS, met: secs <= TARGET_SECONDS },
    },
    null,
    2
  ) + '\n'
)
