// SPDX-License-Identifier: Apache-2.0
// `npm run bench -- audit`: (a) batch audit of ~10 M generated fee lines with the full rule set
// over worker threads, and on the same lines the fused per-line kernel the engine generates
// against a hand-written kernel of the same predicates and DuckDB SQL of the same predicates;
// (c) 3101 over HTTP against PostgreSQL (bench-realtime.mjs). JSON on stdout, progress on stderr.
// YIBAO_BENCH_AUDIT_LINES sets the number of lines (default 10,000,000).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { AuditPool, ColumnarBatch, RULE_LIBRARY, RuleEngines } from '@yibao/audit'
import { generateRegion } from '@yibao/datagen'
import { Knowledge, loadBuiltinPack, serializePack } from '@yibao/knowledge'

const log = (msg) => process.stderr.write(msg + '\n')
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d
const target = Number(process.env.YIBAO_BENCH_AUDIT_LINES ?? 10_000_000)
const DATE = '2025-10-31'

const pack = loadBuiltinPack()
const knowledge = new Knowledge(pack)

log('生成演示统筹区（small）作为基础数据…')
const chunks = []
let institutions = []
let priceCaps = []
let baseLines = 0
for (const b of generateRegion(pack, { scale: 'small', seed: 5 })) {
  if (b.institutions) institutions = b.institutions
  if (b.priceCaps) priceCaps = b.priceCaps
  if (b.persons?.length) {
    chunks.push(b)
    baseLines += b.feeLines.length
  }
}
const copies = Math.max(1, Math.ceil(target / baseLines))

// (a) Full rule set, batch path: chunks of persons through the worker pool.
async function fullRuleSet(workers) {
  const setup = {
    pack: serializePack(pack),
    definitions: RULE_LIBRARY,
    overrides: [],
    scope: { stage: 'POST', date: DATE },
    institutions,
    priceCaps,
  }
  const pool = await AuditPool.start(setup, workers, knowledge)
  let lines = 0
  let findings = 0
  let peak = process.memoryUsage().rss
  const started = performance.now()
  const inFlight = []
  for (let k = 0; k < copies; k++) {
    for (const c of chunks) {
      inFlight.push(
        // Copies are independent chunks: the same persons audited again count as new lines.
        pool.run(c).then((r) => {
          lines += r.lines
          findings += r.findings.length
        })
      )
      if (inFlight.length >= Math.max(2, workers * 2)) await inFlight.shift()
      peak = Math.max(peak, process.memoryUsage().rss)
    }
  }
  await Promise.all(inFlight)
  const seconds = (performance.now() - started) / 1000
  await pool.close()
  return {
    workers,
    rules: pool.job.engine.rules.length,
    lines,
    findings,
    seconds: round(seconds),
    linesPerSecond: Math.round(lines / seconds),
    peakRssMainMb: Math.round(peak / 2 ** 20),
  }
}

// (b) One columnar batch of all lines, tiled to the target size.
function tiledBatch(engine) {
  const merged = {
    persons: chunks.flatMap((c) => c.persons),
    identities: chunks.flatMap((c) => c.identities),
    encounters: chunks.flatMap((c) => c.encounters),
    diagnoses: chunks.flatMap((c) => c.diagnoses),
    operations: chunks.flatMap((c) => c.operations),
    feeLines: chunks.flatMap((c) => c.feeLines),
    settlements: chunks.flatMap((c) => c.settlements),
  }
  const { AuditReference } = engine
  const base = engine.set.encode({
    records: merged,
    reference: new AuditReference({ institutions, priceCaps }),
  })
  const big = Object.create(ColumnarBatch.prototype)
  const np = base.persons.length
  const ne = base.encounters.length
  const nl = base.lineCount
  const tile = (arr, offset) => {
    const out = new arr.constructor(arr.length * copies)
    for (let k = 0; k < copies; k++) {
      if (offset === 0) out.set(arr, k * arr.length)
      else for (let i = 0; i < arr.length; i++) out[k * arr.length + i] = arr[i] + k * offset
    }
    return out
  }
  for (const [name, value] of Object.entries(base)) {
    if (!ArrayBuffer.isView(value)) big[name] = value
  }
  const offsets = { ePerson: np, pEnc0: ne, pEnc1: ne, eLine0: nl, eLine1: nl, lEnc: ne }
  for (const [name, value] of Object.entries(base)) {
    if (!ArrayBuffer.isView(value)) continue
    // The calendar is per day, not per line: shared by every copy.
    big[name] = name === 'dYear' || name === 'dMd' ? value : tile(value, offsets[name] ?? 0)
  }
  big.lines = { length: nl * copies }
  big.baseLines = base.lines
  Object.defineProperty(big, 'lineCount', { value: nl * copies })
  return big
}

function time(fn, runs = 3) {
  let best = Infinity
  let result
  for (let r = 0; r < runs; r++) {
    const t = performance.now()
    result = fn()
    best = Math.min(best, performance.now() - t)
  }
  return { ms: best, result }
}

/** Per-code attributes the hand kernel and the SQL read, computed from the knowledge by hand. */
function codeAttributes(b) {
  const src = b.baseLines
  let n = 0
  for (let i = 0; i < src.length; i++) n = Math.max(n, b.lCode[i] + 1)
  const codeOf = new Array(n)
  const nameOf = new Array(n)
  const listOf = new Array(n)
  for (let i = 0; i < src.length; i++) {
    const c = b.lCode[i]
    if (codeOf[c] !== undefined) continue
    codeOf[c] = src[i].code
    nameOf[c] = src[i].name
    listOf[c] = src[i].listType
  }
  const notPayable = new Set(pack.catalogDrugs.filter((d) => d.notPayable).map((d) => d.name))
  const a = {
    n,
    gender: new Int8Array(n), // drug or item gender point: 1/2
    ageDayMax: new Float64Array(n).fill(Infinity), // drug/item newborn
    ageYearMin: new Float64Array(n).fill(-Infinity),
    ageYearMax: new Float64Array(n).fill(Infinity),
    insuAllowed: new Int32Array(n).fill(-1),
    inpatientOnly: new Int8Array(n).fill(-1),
    minLevel: new Int8Array(n),
    herb: new Int8Array(n),
    klass: new Int8Array(n),
  }
  const insuBit = (x) =>
    x === '410' ? 1 : x === '510' ? 2 : x === '310' ? 4 : x === '390' ? 8 : 16
  for (let c = 0; c < n; c++) {
    const code = codeOf[c]
    if (code === undefined) continue
    const drug = listOf[c] === '101' || listOf[c] === '102'
    for (const p of knowledge.pointsOfCode(code)) {
      const k = p.condition
      if ((p.subject === 'DRUG') !== drug) continue
      if (k.kind === 'GENDER' && a.gender[c] === 0) a.gender[c] = Number(k.gender)
      if (k.kind === 'AGE' && k.unit === 'DAY' && (drug || p.batch === 1))
        a.ageDayMax[c] = k.maxExclusive ?? Infinity
      if (k.kind === 'AGE' && k.unit === 'YEAR' && (drug || p.batch === 1 || p.batch === 8)) {
        a.ageYearMin[c] = k.min ?? -Infinity
        a.ageYearMax[c] = k.maxExclusive ?? Infinity
      }
      if (k.kind === 'INSURANCE_TYPE' && drug)
        a.insuAllowed[c] = k.insuTypes.reduce((m, x) => m | insuBit(x), 0)
      if (k.kind === 'CARE_SETTING' && drug) a.inpatientOnly[c] = k.setting === 'INPATIENT' ? 1 : 0
      if (k.kind === 'INSTITUTION_LEVEL' && drug) a.minLevel[c] = k.minLevel
    }
    a.herb[c] = listOf[c] === '102' && notPayable.has(nameOf[c]) ? 1 : 0
    a.klass[c] = Number(knowledge.catalogClassOf(code) ?? 0)
  }
  a.insuBitOf = (insu) => insuBit(String(insu))
  return a
}

/** The same per-line predicates as the generated kernel, written by hand. */
function handKernel(b, a) {
  const {
    lEnc,
    lCode,
    lDay,
    lQty,
    lPrice,
    lAmount,
    lList,
    lClass,
    lCharge,
    lDscgMed,
    lDays,
    lCap,
    ePerson,
    eKind,
    eInsu,
    eLevel,
    eMedType,
    eInstType,
    eBeginDay,
    eEndDay,
    pGender,
    pBirth,
    pBirthYear,
    pBirthMd,
    dYear,
    dMd,
  } = b
  const day0 = b.day0
  const insuBits = new Int32Array(600)
  for (let x = 300; x < 600; x++) insuBits[x] = a.insuBitOf(x)
  let hits = 0
  const n = lEnc.length
  for (let i = 0; i < n; i++) {
    const c = lCode[i]
    const e = lEnc[i]
    const p = ePerson[e]
    const d = lDay[i]
    const list = lList[i]
    const drug = list === 1 || list === 2
    const g = a.gender[c]
    if (g !== 0 && pGender[p] !== 0 && pGender[p] !== g) hits++
    if (a.ageDayMax[c] !== Infinity && d - pBirth[p] >= a.ageDayMax[c]) hits++
    if (a.ageYearMax[c] !== Infinity || a.ageYearMin[c] !== -Infinity) {
      const ay = dYear[d - day0] - pBirthYear[p] - (dMd[d - day0] < pBirthMd[p] ? 1 : 0)
      if (ay < a.ageYearMin[c] || ay >= a.ageYearMax[c]) hits++
    }
    if (drug) {
      if (a.insuAllowed[c] >= 0 && (a.insuAllowed[c] & insuBits[eInsu[e]]) === 0) hits++
      if (a.inpatientOnly[c] === 1 ? eKind[e] !== 2 : a.inpatientOnly[c] === 0 && eKind[e] === 2)
        hits++
      if (eLevel[e] >= 0 && eLevel[e] < a.minLevel[c]) hits++
      if (lDays[i] > 7 && lDscgMed[i] === 0 && eMedType[e] === 11) hits++
      if (lDays[i] > 14 && lDscgMed[i] === 1) hits++
      if (lDays[i] > 84 && lDscgMed[i] === 0 && eMedType[e] === 14) hits++
    }
    if ((list === 3 || list === 4) && lCap[i] === lCap[i] && lPrice[i] > lCap[i]) hits++
    const x = lQty[i] * lPrice[i]
    if (Math.abs(lAmount[i] - Math.sign(x) * Math.floor(Math.abs(x) / 100 + 0.5 + 1e-9)) > 1) hits++
    if (eKind[e] === 2 && (d < eBeginDay[e] || d > eEndDay[e])) hits++
    if (a.herb[c] === 1 && lClass[i] !== 3) hits++
    const t = eInstType[e]
    if (
      (t === 4 && lCharge[i] >= 1 && lCharge[i] <= 7) ||
      (t === 3 && (lCharge[i] === 1 || lCharge[i] === 6))
    )
      hits++
    if (list === 1 && a.klass[c] === 2 && lClass[i] === 1) hits++
  }
  return hits
}

async function duckdbSql(b, a) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-bench-duck-'))
  try {
    const file = path.join(dir, 'lines.csv')
    const fd = fs.openSync(file, 'w')
    fs.writeSync(
      fd,
      'c,d,qty,price,amount,list,klass,charge,dscg,days,cap,kind,insu,level,medtype,insttype,begin_day,end_day,gender,birth,ay\n'
    )
    const day0 = b.day0
    let buf = []
    for (let i = 0; i < b.lEnc.length; i++) {
      const e = b.lEnc[i]
      const p = b.ePerson[e]
      const d = b.lDay[i]
      const ay = b.dYear[d - day0] - b.pBirthYear[p] - (b.dMd[d - day0] < b.pBirthMd[p] ? 1 : 0)
      buf.push(
        `${b.lCode[i]},${d},${b.lQty[i]},${b.lPrice[i]},${b.lAmount[i]},${b.lList[i]},${b.lClass[i]},${b.lCharge[i]},${b.lDscgMed[i]},${b.lDays[i]},${Number.isNaN(b.lCap[i]) ? '' : b.lCap[i]},${b.eKind[e]},${b.eInsu[e]},${b.eLevel[e]},${b.eMedType[e]},${b.eInstType[e]},${b.eBeginDay[e]},${b.eEndDay[e]},${b.pGender[p]},${b.pBirth[p]},${ay}`
      )
      if (buf.length >= 100_000) {
        fs.writeSync(fd, buf.join('\n') + '\n')
        buf = []
      }
    }
    if (buf.length > 0) fs.writeSync(fd, buf.join('\n') + '\n')
    fs.closeSync(fd)
    const codes = path.join(dir, 'codes.csv')
    const rows = [
      'c,gender,age_day_max,age_year_min,age_year_max,insu_allowed,inpatient_only,min_level,herb,klass',
    ]
    const inf = (x) => (Number.isFinite(x) ? x : '')
    for (let c = 0; c < a.n; c++)
      rows.push(
        `${c},${a.gender[c]},${inf(a.ageDayMax[c])},${inf(a.ageYearMin[c])},${inf(a.ageYearMax[c])},${a.insuAllowed[c]},${a.inpatientOnly[c]},${a.minLevel[c]},${a.herb[c]},${a.klass[c]}`
      )
    fs.writeFileSync(codes, rows.join('\n') + '\n')
    const db = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    })
    const conn = await db.connect()
    await conn.run(
      `CREATE TABLE l AS SELECT * FROM read_csv('${file}', header = true, types = {'cap': 'DOUBLE', 'qty': 'DOUBLE', 'price': 'DOUBLE', 'amount': 'DOUBLE'})`
    )
    await conn.run(
      `CREATE TABLE k AS SELECT * FROM read_csv('${codes}', header = true, types = {'age_day_max': 'DOUBLE', 'age_year_min': 'DOUBLE', 'age_year_max': 'DOUBLE'})`
    )
    await conn.run(`CREATE TABLE insu(code INTEGER, bit INTEGER)`)
    await conn.run(`INSERT INTO insu VALUES (410, 1), (510, 2), (310, 4), (390, 8)`)
    const sql = `SELECT
      sum((k.gender <> 0 AND l.gender <> 0 AND l.gender <> k.gender)::INT)
    + sum((k.age_day_max IS NOT NULL AND l.d - l.birth >= k.age_day_max)::INT)
    + sum(((k.age_year_min IS NOT NULL AND l.ay < k.age_year_min) OR (k.age_year_max IS NOT NULL AND l.ay >= k.age_year_max))::INT)
    + sum((l.list IN (1, 2) AND k.insu_allowed >= 0 AND (k.insu_allowed & coalesce((SELECT bit FROM insu WHERE insu.code = l.insu), 16)) = 0)::INT)
    + sum((l.list IN (1, 2) AND ((k.inpatient_only = 1 AND l.kind <> 2) OR (k.inpatient_only = 0 AND l.kind = 2)))::INT)
    + sum((l.list IN (1, 2) AND l.level >= 0 AND l.level < k.min_level)::INT)
    + sum((l.list IN (1, 2) AND l.days > 7 AND l.dscg = 0 AND l.medtype = 11)::INT)
    + sum((l.list IN (1, 2) AND l.days > 14 AND l.dscg = 1)::INT)
    + sum((l.list IN (1, 2) AND l.days > 84 AND l.dscg = 0 AND l.medtype = 14)::INT)
    + sum((l.list IN (3, 4) AND l.cap IS NOT NULL AND l.price > l.cap)::INT)
    + sum((abs(l.amount - sign(l.qty * l.price) * floor(abs(l.qty * l.price) / 100 + 0.5 + 1e-9)) > 1)::INT)
    + sum((l.kind = 2 AND (l.d < l.begin_day OR l.d > l.end_day))::INT)
    + sum((k.herb = 1 AND l.klass <> 3)::INT)
    + sum(((l.insttype = 4 AND l.charge BETWEEN 1 AND 7) OR (l.insttype = 3 AND l.charge IN (1, 6)))::INT)
    + sum((l.list = 1 AND k.klass = 2 AND l.klass = 1)::INT) AS hits
      FROM l JOIN k USING (c)`
    let best = Infinity
    let hits = 0
    for (let r = 0; r < 3; r++) {
      const t = performance.now()
      const reader = await conn.runAndReadAll(sql)
      best = Math.min(best, performance.now() - t)
      hits = Number(reader.getRows()[0][0])
    }
    conn.closeSync?.()
    return { ms: best, hits }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

log(
  `基础数据 ${baseLines.toLocaleString('en-US')} 条明细，复制 ${copies} 份，约 ${(baseLines * copies).toLocaleString('en-US')} 条`
)
const result = { benchmark: 'audit', machine: { cpus: os.cpus().length, node: process.version } }

log('（a）完整规则集批量初审：读取线程内，以及 2 个工作线程…')
result.fullRuleSet = process.env.YIBAO_BENCH_ONLY_KERNEL
  ? null
  : { inline: await fullRuleSet(0), twoWorkers: await fullRuleSet(2) }
log(JSON.stringify(result.fullRuleSet))
const rssMb = () => Math.round(process.resourceUsage().maxRSS / 1024)
result.peakRssMbAfterBatch = rssMb()

log('（b）逐行规则：生成的融合内核 / 手写内核 / DuckDB SQL…')
const engines = new RuleEngines(knowledge)
const set = engines.get({ stage: 'POST', date: DATE })
const { AuditReference } = await import('@yibao/audit')
const big = tiledBatch({ set, AuditReference })
const lines = big.lEnc.length
const generated = time(() => set.lineHits(big).length / 2)
const attributes = codeAttributes(big)
const hand = time(() => handKernel(big, attributes))
log(
  `generated ${generated.result} hits in ${round(generated.ms)} ms; hand ${hand.result} hits in ${round(hand.ms)} ms`
)
const duck = await duckdbSql(big, attributes)
log(`duckdb ${duck.hits} hits in ${round(duck.ms)} ms`)
result.perLine = {
  lines,
  lineRules: set.lineRuleCount,
  generatedKernel: {
    hits: generated.result,
    ms: round(generated.ms),
    linesPerSecond: Math.round(lines / (generated.ms / 1000)),
  },
  handKernel: {
    hits: hand.result,
    ms: round(hand.ms),
    linesPerSecond: Math.round(lines / (hand.ms / 1000)),
  },
  duckdbSql: {
    hits: duck.hits,
    ms: round(duck.ms),
    linesPerSecond: Math.round(lines / (duck.ms / 1000)),
  },
  generatedVsHand: round(hand.ms / generated.ms, 3),
  generatedVsDuckdb: round(duck.ms / generated.ms, 3),
}
// The DuckDB comparison (a CSV of every line, loaded into DuckDB) raises the process's peak.
result.peakRssMbWithDuckdb = rssMb()

log('（c）3101 实时接口（HTTP，PostgreSQL 历史）…')
const { benchRealtime } = await import('./bench-realtime.mjs')
result.realtime3101 = process.env.YIBAO_BENCH_ONLY_KERNEL ? null : await benchRealtime()
log(JSON.stringify(result.realtime3101))
result.targets = {
  generatedVsHand: '≥ 0.5',
  generatedVsDuckdb: '≥ 3',
  peakRssMbAfterBatch: '≤ 4096',
  realtime3101P99MsAt1000: '≤ 5',
}
process.stdout.write(JSON.stringify(result, null, 2) + '\n')
