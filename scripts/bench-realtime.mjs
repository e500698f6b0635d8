// SPDX-License-Identifier: Apache-2.0
// Real-time 3101 benchmark: the demo region in PostgreSQL, the HTTP server on 127.0.0.1, and
// autocannon (in a worker thread, its own event loop) posting 100-line 3101 requests of stored
// persons, whose history the server reads from PostgreSQL. Reports p50 / p99 at a fixed
// 1,000 req/s and the maximum req/s. Called by bench-audit.mjs; prints nothing on stdout.
import { Worker } from 'node:worker_threads'
import { hsaRequestOf } from '@yibao/audit'
import { generateRegion } from '@yibao/datagen'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { createApp, loadConfig } from '@yibao/server'
import { createApiKey, loadRecordBatch, migrate, openDatabase } from '@yibao/storage'
import { benchPostgresUrl, withFreshPgDatabase } from './bench-lib.mjs'

const log = (msg) => process.stderr.write(msg + '\n')

/** Runs autocannon in a worker thread and resolves with its result. */
function autocannon(options) {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads')
    const autocannon = require('autocannon')
    autocannon(workerData, (err, result) => parentPort.postMessage(err ? { error: String(err) } : result))
  `
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: options })
    w.once('message', (m) => {
      void w.terminate()
      if (m.error) reject(new Error(m.error))
      else resolve(m)
    })
    w.once('error', reject)
  })
}

/** 3101 requests of 100 lines: stored stays of the region, their lines repeated to 100. */
function requests(batches, count) {
  const bodies = []
  const level = new Map()
  for (const b of batches) for (const i of b.institutions ?? []) level.set(i.code, i.level)
  for (const b of batches) {
    if (!b.persons?.length) continue
    const persons = new Map(b.persons.map((p) => [p.psnNo, p]))
    const linesOf = new Map()
    for (const l of b.feeLines)
      (linesOf.get(l.mdtrtId) ?? linesOf.set(l.mdtrtId, []).get(l.mdtrtId)).push(l)
    for (const e of b.encounters) {
      const lines = linesOf.get(e.mdtrtId) ?? []
      if (e.kind !== 'INPATIENT' || lines.length < 20) continue
      const hundred = Array.from({ length: 100 }, (_, n) => {
        const l = lines[n % lines.length]
        return n < lines.length ? l : { ...l, feedetlSn: `${l.feedetlSn}-R${n}` }
      })
      bodies.push(
        hsaRequestOf(
          '3101',
          persons.get(e.psnNo),
          {
            encounter: e,
            diagnoses: b.diagnoses.filter((d) => d.mdtrtId === e.mdtrtId),
            operations: b.operations.filter((o) => o.mdtrtId === e.mdtrtId),
            feeLines: hundred,
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
          log('3101：固定 1000 次/秒…')
          const fixed = await autocannon({ ...options, duration: 10, overallRate: 1000 })
          log('3101：最大吞吐…')
          const max = await autocannon({ ...options, duration: 10 })
          const summary = (r) => ({
            requestsPerSecond: Math.round(r.requests.average),
            p50Ms: r.latency.p50,
            p90Ms: r.latency.p90,
            p99Ms: r.latency.p99,
            maxMs: r.latency.max,
            errors: r.errors,
            non2xx: r.non2xx,
          })
          const sample = bodies[0]
          return {
            linesPerRequest:
              sample.input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos.length,
            distinctRequests: bodies.length,
            connections: options.connections,
            at1000: summary(fixed),
            max: summary(max),
            note: 'autocannon 与服务在同一台 2 核机器上（autocannon 在工作线程中）；延迟精度为整毫秒。历史从 PostgreSQL 读取（请求就诊前一年）。',
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
