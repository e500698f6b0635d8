// SPDX-License-Identifier: Apache-2.0
// `npm run bench -- settlement`: (a) settlements per second on one core of `settleEncounter`
// for 30-line encounters under a realistic benefit policy (居民 and 职工 basic rows by care
// type and level, 职工大额, 大病 in 3 segments, 2 tilts, 3 assistance rules, "180", "351"),
// the inputs generated from a fixed seed before timing; (b) what-if over the county demo year
// (YIBAO_BENCH_WHATIF_SCALE=small|county|skip). JSON on stdout, progress on stderr.
// YIBAO_BENCH_SETTLEMENT_PERSONS sets the number of persons (default 20,000) and
// YIBAO_BENCH_SETTLEMENT_ROUNDS the timed rounds (default 7).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { buildDemo } from '@yibao/cli'
import { demoPolicy } from '@yibao/datagen'
import { IDENTITY_TYPES, lineAmount } from '@yibao/domain'
import { loadBuiltinPack } from '@yibao/knowledge'
import { settleEncounter, startOfYear } from '@yibao/settlement'
import { migrate, openDatabase, whatIfStored } from '@yibao/storage'

const log = (msg) => process.stderr.write(msg + '\n')
const round = (x, d = 0) => Math.round(x * 10 ** d) / 10 ** d
const yuan = (y) => Math.round(y * 100)

const PERSONS = Number(process.env.YIBAO_BENCH_SETTLEMENT_PERSONS ?? 20_000)
const ROUNDS = Number(process.env.YIBAO_BENCH_SETTLEMENT_ROUNDS ?? 7)
const LINES_PER_ENCOUNTER = 30
const TARGET = 200_000
const SEED = 20_250_101
const YEAR = 2025

/** mulberry32: a small seeded PRNG, so every run settles the same inputs. */
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

/**
 * A provincial policy of the ANHUI_2020 shape (settle-encounter.test.ts), filled out: 32 basic
 * rows scanned in order (居民 first), so rule matching costs what a real table costs.
 */
function benchPolicy() {
  const basic = []
  // [care type, deductible per, deductible by level 0–3 (yuan), ratio by level (bp), cap group]
  const residentRows = [
    ['INPATIENT', 'STAY', [200, 300, 500, 1_000], [9_000, 8_500, 7_500, 6_000], 'basic'],
    ['OUTPATIENT', 'YEAR', [0, 0, 100, 200], [6_000, 5_500, 5_000, 4_000], 'outpatient'],
    ['CHRONIC', 'YEAR', [200, 200, 200, 200], [7_000, 6_500, 6_000, 6_000], 'chronic'],
    ['PHARMACY', 'YEAR', [0, 0, 0, 0], [5_000, 5_000, 5_000, 5_000], 'outpatient'],
  ]
  const employeeRows = [
    ['INPATIENT', 'STAY', [300, 400, 600, 1_000], [9_500, 9_000, 8_500, 8_000], 'basic'],
    ['OUTPATIENT', 'YEAR', [800, 800, 1_000, 1_200], [7_000, 6_500, 6_000, 5_500], 'outpatient'],
    ['CHRONIC', 'YEAR', [0, 0, 0, 0], [8_500, 8_000, 8_000, 7_500], 'chronic'],
    ['PHARMACY', 'YEAR', [800, 800, 800, 800], [6_000, 6_000, 6_000, 6_000], 'outpatient'],
  ]
  const caps = {
    390: { basic: yuan(300_000), outpatient: yuan(1_500), chronic: yuan(20_000) },
    310: { basic: yuan(400_000), outpatient: yuan(6_000), chronic: yuan(50_000) },
  }
  for (const [insuType, rows, fundPayType] of [
    ['390', residentRows, '390100'],
    ['310', employeeRows, '310100'],
  ]) {
    for (const [careType, per, deductibles, ratios, capGroup] of rows) {
      for (const level of [0, 1, 2, 3]) {
        basic.push({
          insuTypes: [insuType],
          careTypes: [careType],
          levels: [level],
          deductible: yuan(deductibles[level]),
          deductiblePer: per,
          ratioBp: ratios[level],
          annualCap: caps[insuType][capGroup],
          capGroup,
          fundPayType,
        })
      }
    }
  }
  const poor = ['TEKUN', 'DIBAO', 'TUOPIN']
  return {
    id: 'bench-2025',
    name: '基准：居民与职工医保、大病、救助、“180”与“351”（2025）',
    admdvs: '*',
    year: YEAR,
    effectiveFrom: `${YEAR}-01-01`,
    effectiveTo: null,
    lines: { preselfpayBp: 1_000, preselfpayBpByListType: { 301: 2_000 } },
    basic,
    employeeSupplement: {
      insuTypes: ['310'],
      ratioBp: 9_000,
      annualCap: yuan(400_000),
      fundPayType: '330100',
    },
    critical: {
      insuTypes: ['390'],
      careTypes: ['INPATIENT', 'CHRONIC'],
      deductible: yuan(15_000),
      segments: [
        { from: 0, ratioBp: 6_000 },
        { from: yuan(50_000), ratioBp: 7_000 },
        { from: yuan(100_000), ratioBp: 8_000 },
      ],
      annualCap: yuan(300_000),
      countsPreselfpay: false,
      fundPayType: '390200',
    },
    tilts: [
      {
        name: '脱贫人口倾斜',
        identities: poor,
        careTypes: ['INPATIENT'],
        basicRatioBonusBp: 500,
        criticalDeductibleBp: 5_000,
        criticalRatioBonusBp: 500,
        criticalUncapped: true,
      },
      {
        name: '防返贫监测对象倾斜',
        identities: ['JIANCE', 'DIBAO_BIANYUAN', 'YINBING_ZHIPIN'],
        insuTypes: ['390'],
        basicRatioBonusBp: 0,
        criticalDeductibleBp: 5_000,
        criticalRatioBonusBp: 500,
        criticalUncapped: false,
      },
    ],
    assistance: [
      {
        name: '特困人员救助',
        identities: ['TEKUN', 'GUER', 'SHISHI_WUREN'],
        careTypes: ['INPATIENT', 'CHRONIC'],
        deductible: 0,
        ratioBp: 10_000,
        annualLimit: null,
        countsPreselfpay: true,
        fundPayType: '610100',
      },
      {
        name: '低保对象救助',
        identities: ['DIBAO', 'ZHONGDU_CANJI'],
        careTypes: ['INPATIENT', 'CHRONIC'],
        deductible: 0,
        ratioBp: 7_000,
        annualLimit: yuan(50_000),
        countsPreselfpay: false,
        fundPayType: '610100',
      },
      {
        name: '低保边缘与监测对象救助',
        identities: ['DIBAO_BIANYUAN', 'JIANCE', 'YINBING_ZHIPIN'],
        careTypes: ['INPATIENT'],
        deductible: yuan(1_000),
        ratioBp: 6_000,
        annualLimit: yuan(30_000),
        countsPreselfpay: false,
        fundPayType: '610100',
      },
    ],
    supplements: [
      {
        name: '慢性病门诊补充医疗保障（“180”）',
        identities: poor,
        careTypes: ['CHRONIC'],
        ratioBp: 8_000,
        annualLimit: null,
        fundPayType: '999997',
      },
    ],
    backstops: [
      {
        name: '“351”政府兜底',
        identities: poor,
        careTypes: ['INPATIENT'],
        capByTier: { COUNTY: yuan(3_000), CITY: yuan(5_000), PROVINCE: yuan(10_000) },
        includeFullSelfPay: false,
        fundPayType: '999997',
      },
    ],
    account: { insuTypes: ['310'], fundPayType: '310200' },
  }
}

/** Persons with their encounters of the year in time order, generated from `SEED`. */
function benchPersons() {
  const rand = prng(SEED)
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1))
  const pick = (xs) => xs[Math.floor(rand() * xs.length)]
  // Log-uniform between lo and hi: many small prices, a few large ones.
  const logUniform = (lo, hi) => Math.round(lo * (hi / lo) ** rand())
  const LIST_TYPES = ['101', '101', '101', '102', '201', '201', '301']
  const persons = []
  let lines = 0
  let withIdentities = 0
  for (let p = 0; p < PERSONS; p++) {
    const psnNo = `P${String(p).padStart(8, '0')}`
    const insuType = rand() < 0.7 ? '390' : '310'
    const identities = []
    if (rand() < 0.1) {
      withIdentities++
      identities.push(pick(IDENTITY_TYPES))
      if (rand() < 0.3) {
        const second = pick(IDENTITY_TYPES)
        if (second !== identities[0]) identities.push(second)
      }
    }
    const days = Array.from({ length: int(1, 5) }, () => int(0, 363)).sort((a, b) => a - b)
    const encounters = days.map((day, k) => {
      const r = rand()
      const careType =
        r < 0.25 ? 'INPATIENT' : r < 0.6 ? 'OUTPATIENT' : r < 0.8 ? 'CHRONIC' : 'PHARMACY'
      const level = careType === 'PHARMACY' ? 0 : pick([0, 1, 1, 2, 2, 2, 3])
      const tier = level === 3 ? (rand() < 0.7 ? 'CITY' : 'PROVINCE') : 'COUNTY'
      const medType = { INPATIENT: '21', OUTPATIENT: '11', CHRONIC: '14', PHARMACY: '41' }[careType]
      // Unit prices in PriceE4 (¥1 = 10,000): a stay's lines are dearer, and one stay in ten has
      // a large line that reaches 大病 and the annual caps.
      const [lo, hi] = careType === 'INPATIENT' ? [50_000, 20_000_000] : [10_000, 2_000_000]
      const big = careType === 'INPATIENT' && rand() < 0.1
      const setlId = `S${p}-${k}`
      const feeLines = []
      for (let i = 0; i < LINES_PER_ENCOUNTER; i++) {
        const c = rand()
        const catalogClass = c < 0.55 ? '01' : c < 0.9 ? '02' : '03'
        const quantity = pick([1, 1, 1, 2, 3, 0.5, 10])
        const price = big && i === 0 ? logUniform(100_000_000, 2_000_000_000) : logUniform(lo, hi)
        const capped = rand() < 0.15
        feeLines.push({
          feedetlSn: `${setlId}-${i}`,
          listType: pick(LIST_TYPES),
          catalogClass,
          quantity,
          price,
          amount: lineAmount(quantity, price),
          capPrice: capped ? Math.round(price * (0.7 + rand() * 0.6)) : null,
          restricted: rand() < 0.02,
        })
      }
      lines += feeLines.length
      const date = new Date(Date.UTC(YEAR, 0, 1 + day)).toISOString().slice(0, 10)
      return {
        setlId,
        mdtrtId: `M${p}-${k}`,
        psnNo,
        institutionCode: `H${String(int(1, 400)).padStart(4, '0')}`,
        time: `${date}T${String(int(8, 17)).padStart(2, '0')}:00:00+08:00`,
        insuType,
        medType,
        careType,
        level,
        tier,
        identities,
        lines: feeLines,
      }
    })
    const account = insuType === '310' ? yuan(int(0, 5_000)) : 0
    persons.push({ account, encounters })
  }
  return { persons, lines, withIdentities }
}

/**
 * Settles every person's year once (a fresh `startOfYear` per person, encounters in order) and
 * returns sums of the amounts, so that variants can be compared and no work is optimised away.
 */
function settleAll(persons, policy, options) {
  let fund = 0
  let person = 0
  let account = 0
  let rows = 0
  let rowAmounts = 0
  let settlements = 0
  for (const p of persons) {
    const ytd = startOfYear(YEAR, p.account)
    for (const e of p.encounters) {
      const r = settleEncounter(e, policy, ytd, options)
      const s = r.settlement
      fund += s.fundPaySumamt
      person += s.psnPartAmt
      account += s.acctPay
      for (const d of r.details) {
        rows++
        rowAmounts += d.amount
      }
      settlements++
    }
  }
  return {
    settlements,
    fundPaySumamt: fund,
    psnPartAmt: person,
    acctPay: account,
    rows,
    rowAmounts,
  }
}

/** Times `ROUNDS` rounds after one warm-up round. */
function measure(label, persons, lines, policy, options) {
  const sums = settleAll(persons, policy, options)
  const seconds = []
  for (let k = 0; k < ROUNDS; k++) {
    const started = performance.now()
    settleAll(persons, policy, options)
    seconds.push((performance.now() - started) / 1000)
    log(`${label}: 第 ${k + 1}/${ROUNDS} 轮 ${round(sums.settlements / seconds[k])} 笔/秒`)
  }
  const sorted = [...seconds].sort((a, b) => a - b)
  const best = sorted[0]
  const median = sorted[Math.floor(sorted.length / 2)]
  return {
    result: {
      roundSeconds: seconds.map((s) => round(s, 3)),
      settlementsPerSecond: {
        best: round(sums.settlements / best),
        median: round(sums.settlements / median),
      },
      linesPerSecond: { best: round(lines / best), median: round(lines / median) },
    },
    sums,
  }
}

/**
 * (b) What-if over a demo year: the region generated into a PGlite directory (untimed), then the
 * year replayed under its policy and under one with the 大病 deductible halved, as `yibao whatif`
 * does. County scale by default; `YIBAO_BENCH_WHATIF_SCALE=small` for a quick run, `skip` for none.
 */
async function benchWhatIf() {
  const scale = process.env.YIBAO_BENCH_WHATIF_SCALE ?? 'county'
  if (scale === 'skip') return null
  if (scale !== 'small' && scale !== 'county') throw new Error(`未知规模 ${scale}`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-bench-whatif-'))
  const db = await openDatabase({ dir })
  try {
    await migrate(db)
    const quietIo = {
      stdout: { write: () => true, isTTY: false },
      stderr: { write: (t) => process.stderr.write(t), isTTY: false },
      env: {},
      cwd: process.cwd(),
    }
    log(`（b）生成 ${scale} 规模演示统筹区（不计时）…`)
    const built = Date.now()
    await buildDemo(db, loadBuiltinPack(), { scale, seed: 1 }, quietIo)
    const generateSeconds = (Date.now() - built) / 1000
    const current = demoPolicy('431223', 2025)
    const changed = {
      ...current,
      id: `${current.id}-critical-halved`,
      critical: { ...current.critical, deductible: current.critical.deductible / 2 },
    }
    log('（b）政策测算：大病保险起付线减半…')
    const rss = () => process.memoryUsage().rss
    let peak = rss()
    const timer = setInterval(() => (peak = Math.max(peak, rss())), 200)
    const start = process.hrtime.bigint()
    const r = await whatIfStored(db, changed, { year: 2025 })
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    clearInterval(timer)
    peak = Math.max(peak, rss())
    const layer = (key) => r.layers.find((l) => l.key === key)
    return {
      scale,
      settlements: r.settlements,
      seconds: round(seconds, 2),
      settlementsPerSecond: Math.round(r.settlements / seconds),
      peakRssMb: Math.round(peak / 2 ** 20),
      generateSeconds: round(generateSeconds, 1),
      criticalBaseYuan: layer('hifmi_pay').base / 100,
      criticalChangedYuan: layer('hifmi_pay').changed / 100,
      fundDeviation: round(layer('fund_pay_sumamt').deviation, 4),
    }
  } finally {
    await db.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

const policy = benchPolicy()
log(
  `生成 ${PERSONS.toLocaleString('en-US')} 名参保人的年度就诊（每次 ${LINES_PER_ENCOUNTER} 条明细）…`
)
const { persons, lines, withIdentities } = benchPersons()
const encounters = persons.reduce((n, p) => n + p.encounters.length, 0)
log(`${encounters.toLocaleString('en-US')} 次结算、${lines.toLocaleString('en-US')} 条明细`)

const plain = measure('默认', persons, lines, policy, {})
const withLines = measure('{ lines: true }', persons, lines, policy, { lines: true })
const noExplain = measure('{ explain: false }', persons, lines, policy, { explain: false })
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b)

const result = {
  benchmark: 'settlement',
  machine: { cpus: os.cpus().length, node: process.version },
  input: {
    seed: SEED,
    year: YEAR,
    persons: PERSONS,
    personsWithIdentities: withIdentities,
    settlements: encounters,
    linesPerSettlement: LINES_PER_ENCOUNTER,
    lines,
    policy: {
      basicRows: policy.basic.length,
      tilts: policy.tilts.length,
      assistance: policy.assistance.length,
      supplements: policy.supplements.length,
      backstops: policy.backstops.length,
    },
  },
  settle: {
    rounds: ROUNDS,
    warmupRounds: 1,
    ...plain.result,
    target: {
      settlementsPerSecondPerCore: TARGET,
      met: plain.result.settlementsPerSecond.median >= TARGET,
    },
    withLines: withLines.result,
    withoutExplain: noExplain.result,
    totals: plain.sums,
    sameAmountsInEveryVariant: same(plain.sums, withLines.sums) && same(plain.sums, noExplain.sums),
  },
  whatIf: await benchWhatIf(),
  note:
    'settle（a）：单线程、默认选项（含中文步骤说明）下每核每秒结算笔数，每人一个 startOfYear、按时间顺序结算，' +
    '输入在计时前由固定种子生成；每种选项预热 1 轮后计时多轮，target.met 按中位数判断。' +
    'withLines：{ lines: true }（另返回每条明细的拆分）；withoutExplain：{ explain: false }（只省中文步骤说明，金额相同，' +
    '见 sameAmountsInEveryVariant）。' +
    'whatIf（b）：在 PGlite 中生成演示统筹区（默认县级，YIBAO_BENCH_WHATIF_SCALE=small|county|skip），' +
    '以大病保险起付线减半的政策对全年已存储的就诊按现行与测算两套政策各结算一遍（yibao whatif 的同一函数），计时不含生成。',
}
process.stdout.write(JSON.stringify(result, null, 2) + '\n')
