// SPDX-License-Identifier: Apache-2.0
// Real-time 3101 benchmark: the demo region in PostgreSQL, the HTTP server on 127.0.0.1, and
// autocannon (in a child process) posting 100-line 3101 requests of stored persons. Reports
// p50 / p99 at fixed rates (1,000, 500 and 200 req/s) and the maximum req/s, with the server's
// CPU time per request during each run, and the CPU time per request of the same work in process
// (no HTTP). Measured twice: with the history cache of the default configuration (histories read
// from PostgreSQL once, then kept until the person's records change) and with it off
// (`YIBAO_HISTORY_CACHE_LINES=0`: one statement per request). `npm run bench -- realtime` prints
// the JSON on stdout; bench-audit.mjs includes it.
import { execFile } from 'node:child_process'
import Fastify from 'fastify'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  auditHsaRequest,
  hsaAuditResponse,
  hsaRequestOf,
  msgidOf,
  parseHsaAuditRequest,
} from '@yibao/audit'
import { generateRegion } from '@yibao/datagen'
import { dateOf, fromEpochMs } from '@yibao/domain'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { createApp, loadConfig, RealtimeAudit } from '@yibao/server'
import { createApiKey, loadRecordBatch, migrate, openDatabase } from '@yibao/storage'
import { benchPostgresUrl, withFreshPgDatabase } from './bench-lib.mjs'

const log = (msg) => process.stderr.write(msg + '\n')
const root = path.resolve(import.meta.dirname, '..')

/**
 * Runs autocannon in a child process (its own event loop; inside a worker thread autocannon
 * reports raw histograms instead) and resolves with its result.
 */
function autocannon(options) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-autocannon-'))
  const file = path.join(dir, 'options.json')
  fs.writeFileSync(file, JSON.stringify(options))
  const code = `
    const autocannon = require('autocannon')
    const options = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'))
    autocannon(options, (err, result) => {
      if (err) { console.error(String(err)); process.exit(1) }
      process.stdout.write(JSON.stringify(result))
    })
  `
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['-e', code, file],
      { maxBuffer: 64 * 2 ** 20, cwd: root },
      (err, stdout) => {
        fs.rmSync(dir, { recursive: true, force: true })
        if (err) reject(err)
        else resolve(JSON.parse(stdout))
      }
    )
  })
}

/** 3101 requests of 100 lines: the first 100 lines of stored stays that have at least 100. */
function requests(batches, count) {
  const bodies = []
  const level = new Map()
  for (const b of batches) for (const i of b.institutions ?? []) level.set(i.code, i.level)
  for (const b of batches) {
    if (!b.persons?.length) continue
    const persons = new Map(b.persons.map((p) => [p.psnNo, p]))
    const linesOf = new Map()
    for (const l of b.feeLines) {
      const list = linesOf.get(l.mdtrtId)
      if (list) list.push(l)
      else linesOf.set(l.mdtrtId, [l])
    }
    for (const e of b.encounters) {
      const lines = linesOf.get(e.mdtrtId) ?? []
      if (lines.length < 100) continue
      bodies.push(
        hsaRequestOf(
          '3101',
          persons.get(e.psnNo),
          {
            encounter: e,
            diagnoses: b.diagnoses.filter((d) => d.mdtrtId === e.mdtrtId),
            operations: b.operations.filter((o) => o.mdtrtId === e.mdtrtId),
            feeLines: lines.slice(0, 100),
            level: level.get(e.institutionCode) ?? 0,
          },
          `BENCH${bodies.length}`
        )
      )
      if (bodies.length >= count) return bodies
    }
  }
  return bodies
}

/** CPU time of this process so far, ms (user + system, every thread). */
function cpuMs() {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1000
}

const round = (x, d = 3) => Math.round(x * 10 ** d) / 10 ** d

/**
 * CPU ms per request of the route's work without HTTP, one request after another: JSON.parse of
 * the body, reading it, the person's history, the rules, the answer as JSON. Results are not
 * stored here (the HTTP runs measure that as part of the server's CPU).
 */
async function inProcessCpu(realtime, texts, count) {
  const today = dateOf(fromEpochMs(Date.now()))
  const once = async (text) => {
    const body = JSON.parse(text)
    msgidOf(body)
    const hsa = parseHsaAuditRequest(body).request
    const engine = realtime.engine(hsa.stage, today, undefined, hsa.admdvs)
    const histories = await realtime.histories(
      hsa.patients.map((p) => ({ psnNo: p.person.psnNo, date: p.encounters[0].begin.slice(0, 10) }))
    )
    const findings = auditHsaRequest(engine, hsa, realtime.reference, histories)
    JSON.stringify(hsaAuditResponse(hsa, findings, fromEpochMs(Date.now())))
  }
  for (let i = 0; i < Math.min(count, 500); i++) await once(texts[i % texts.length])
  // The best of three rounds: the machine is shared, and other work only ever adds time.
  let best = Infinity
  for (let r = 0; r < 3; r++) {
    const start = cpuMs()
    for (let i = 0; i < count; i++) await once(texts[(r * count + i) % texts.length])
    best = Math.min(best, (cpuMs() - start) / count)
  }
  return round(best)
}

/** Runs the HTTP measurements against one server configuration. */
async function measure({ db, knowledge, pack, key, texts, historyCacheLines }) {
  const { config, problems } = loadConfig(
    {
      YIBAO_LOG_LEVEL: 'warn',
      YIBAO_HISTORY_CACHE_LINES: historyCacheLines === undefined ? '' : String(historyCacheLines),
    },
    {}
  )
  if (problems.length > 0) throw new Error(problems.join('; '))
  const realtime = await RealtimeAudit.load(db, knowledge, {
    historyCacheLines: config.historyCacheLines,
  })
  const app = await createApp({
    db,
    knowledge,
    pack: { version: pack.version, effectiveFrom: pack.effectiveFrom },
    config,
    realtime,
  })
  try {
    await app.listen({ host: '127.0.0.1', port: 0 })
    const address = app.server.address()
    const options = {
      url: `http://127.0.0.1:${address.port}/api/v1/hsa/3101`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': key },
      requests: texts.map((body) => ({ body })),
      connections: 10,
    }
    const label = config.historyCacheLines > 0 ? '缓存历史' : '不缓存历史'
    log(`3101（${label}）：预热…`)
    await autocannon({ ...options, duration: 3 })
    log(`3101（${label}）：进程内 CPU…`)
    const inProcessCpuMsPerRequest = await inProcessCpu(realtime, texts, 1000)
    // The server runs in this process and autocannon in a child: this process's CPU time over
    // a run is the server's (with its database client), divided by the requests answered.
    const run = async (extra) => {
      const start = cpuMs()
      const r = await autocannon({ ...options, ...extra })
      const cpu = cpuMs() - start
      return {
        requestsPerSecond: Math.round(r.requests.average),
        p50Ms: r.latency.p50,
        p90Ms: r.latency.p90,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
        errors: r.errors,
        non2xx: r.non2xx,
        serverCpuMsPerRequest: round(cpu / Math.max(1, r.requests.total)),
      }
    }
    // Where the latency holds: the target rate and lower fixed rates, then all it takes.
    const fixedRates = {}
    for (const rate of [1000, 500, 200]) {
      log(`3101（${label}）：固定 ${rate} 次/秒…`)
      fixedRates[rate] = await run({ duration: 10, overallRate: rate })
    }
    log(`3101（${label}）：最大吞吐…`)
    const max = await run({ duration: 10 })
    return {
      historyCacheLines: config.historyCacheLines,
      at1000: fixedRates[1000],
      at500: fixedRates[500],
      at200: fixedRates[200],
      max,
      inProcessCpuMsPerRequest,
    }
  } finally {
    await app.close()
    await realtime.close()
  }
}

/**
 * The machine's floor: a Fastify server that only parses the same bodies and answers a small
 * fixed JSON, measured by the same autocannon runs. What it cannot do, no real-time audit on this
 * machine can.
 */
async function measureFloor(texts) {
  const app = Fastify({ logger: false, bodyLimit: 20 * 2 ** 20 })
  app.post('/echo', async (request) => ({
    infcode: 0,
    output: { patients: request.body?.input?.data?.patient_dtos?.length ?? 0 },
  }))
  try {
    await app.listen({ host: '127.0.0.1', port: 0 })
    const options = {
      url: `http://127.0.0.1:${app.server.address().port}/echo`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      requests: texts.map((body) => ({ body })),
      connections: 10,
    }
    log('3101 对照（只解析报文的空服务）：预热…')
    await autocannon({ ...options, duration: 3 })
    const figures = {}
    for (const rate of [1000, 200, 0]) {
      const r = await autocannon({
        ...options,
        duration: 10,
        ...(rate ? { overallRate: rate } : {}),
      })
      figures[rate ? `at${rate}` : 'max'] = {
        requestsPerSecond: Math.round(r.requests.average),
        p50Ms: r.latency.p50,
        p99Ms: r.latency.p99,
        maxMs: r.latency.max,
      }
    }
    return figures
  } finally {
    await app.close()
  }
}

/**
 * Stores the demo region and returns 3101 requests of its persons. The region's records are not
 * kept, so that the server measured afterwards has a heap of its own size.
 */
async function loadRegion(db, pack) {
  log('3101：演示统筹区写入 PostgreSQL…')
  const batches = []
  for (const b of generateRegion(pack, { scale: 'small', seed: 9 })) {
    await loadRecordBatch(db, b)
    batches.push(b)
  }
  // Statistics and visibility maps now, not from autovacuum in the middle of a run.
  log('3101：VACUUM ANALYZE…')
  await db.exec('VACUUM ANALYZE')
  return requests(batches, 500)
}

/**
 * Measures 3101 over HTTP against PostgreSQL, with the history cache as configured by default
 * (the top-level figures) and without it (`uncached`); returns the figures.
 */
export async function benchRealtime() {
  const pack = loadBuiltinPack()
  const knowledge = new Knowledge(pack)
  const pg = benchPostgresUrl()
  try {
    return await withFreshPgDatabase(pg.url, async (url) => {
      const db = await openDatabase({ url })
      try {
        await migrate(db)
        const bodies = await loadRegion(db, pack)
        const texts = bodies.map((b) => JSON.stringify(b))
        const { key } = await createApiKey(db, { name: 'bench', institutionCode: null })
        const common = { db, knowledge, pack, key, texts }
        const cached = await measure(common)
        const uncached = await measure({ ...common, historyCacheLines: 0 })
        const floor = await measureFloor(texts)
        const sample = bodies[0]
        return {
          linesPerRequest:
            sample.input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos.length,
          distinctRequests: bodies.length,
          connections: 10,
          ...cached,
          uncached,
          floor,
          note:
            'autocannon 与服务在同一台 2 核机器上（autocannon 在子进程中）；延迟精度为整毫秒。' +
            '顶层数字为默认配置（参保人历史首次从 PostgreSQL 读取后缓存在内存中，记录变化时作废）；' +
            'uncached 为 YIBAO_HISTORY_CACHE_LINES=0（每次请求读库，读取请求就诊前一年）。' +
            'serverCpuMsPerRequest：该轮中服务进程（含数据库客户端与结果写入）的 CPU 时间除以应答数；' +
            'inProcessCpuMsPerRequest：不经 HTTP 的同一工作（JSON 解析、读报文、历史、规则、应答 JSON）逐个请求的 CPU 时间，三轮取最小。' +
            'floor：同一批报文发给只解析 JSON、返回固定小应答的 Fastify 空服务，为本机与压测工具本身的延迟下限。',
        }
      } finally {
        await db.close()
      }
    })
  } finally {
    pg.stop()
  }
}
