// SPDX-License-Identifier: Apache-2.0
// Real-time 3101 benchmark: the demo region in PostgreSQL, the HTTP server on 127.0.0.1, and
// autocannon (in a child process) posting 100-line 3101 requests of stored
// persons, whose history the server reads from PostgreSQL (one statement per person). Reports
// p50 / p99 at fixed rates (1,000, 500 and 200 req/s)
// and the maximum req/s. Called by bench-audit.mjs; prints nothing on stdout.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hsaRequestOf } from '@yibao/audit'
import { generateRegion } from '@yibao/datagen'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { createApp, loadConfig } from '@yibao/server'
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

/** Measures 3101 over HTTP against PostgreSQL; returns the figures. */
export async function benchRealtime() {
  const pack = loadBuiltinPack()
  const knowledge = new Knowledge(pack)
  const pg = benchPostgresUrl()
  try {
    return await withFreshPgDatabase(pg.url, async (url) => {
      const db = await openDatabase({ url })
      try {
        await migrate(db)
        log('3101：演示统筹区写入 PostgreSQL…')
        const batches = []
        for (const b of generateRegion(pack, { scale: 'small', seed: 9 })) {
          await loadRecordBatch(db, b)
          batches.push(b)
        }
        const bodies = requests(batches, 500)
        const { key } = await createApiKey(db, { name: 'bench', institutionCode: null })
        const { config } = loadConfig({ YIBAO_LOG_LEVEL: 'warn' }, {})
        const app = await createApp({
          db,
          knowledge,
          pack: { version: pack.version, effectiveFrom: pack.effectiveFrom },
          config,
        })
        await app.listen({ host: '127.0.0.1', port: 0 })
        const address = app.server.address()
        const base = `http://127.0.0.1:${address.port}/api/v1/hsa/3101`
        const options = {
          url: base,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key },
          requests: bodies.map((b) => ({ body: JSON.stringify(b) })),
          connections: 10,
        }
        try {
          log('3101：预热…')
          await autocannon({ ...options, duration: 3 })
          const summary = (r) => ({
            requestsPerSecond: Math.round(r.requests.average),
            p50Ms: r.latency.p50,
            p90Ms: r.latency.p90,
            p99Ms: r.latency.p99,
            maxMs: r.latency.max,
            errors: r.errors,
            non2xx: r.non2xx,
          })
          // Where the latency holds: the target rate and lower fixed rates, then all it takes.
          const fixedRates = {}
          for (const rate of [1000, 500, 200]) {
            log(`3101：固定 ${rate} 次/秒…`)
            fixedRates[rate] = summary(
              await autocannon({ ...options, duration: 10, overallRate: rate })
            )
          }
          log('3101：最大吞吐…')
          const max = await autocannon({ ...options, duration: 10 })
          const sample = bodies[0]
          return {
            linesPerRequest:
              sample.input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos.length,
            distinctRequests: bodies.length,
            connections: options.connections,
            at1000: fixedRates[1000],
            at500: fixedRates[500],
            at200: fixedRates[200],
            max: summary(max),
            note: 'autocannon 与服务在同一台 2 核机器上（autocannon 在子进程中）；延迟精度为整毫秒。历史从 PostgreSQL 读取（请求就诊前一年）。',
          }
        } finally {
          await app.close()
        }
      } finally {
        await db.close()
      }
    })
  } finally {
    pg.stop()
  }
}
