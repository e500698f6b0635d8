#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Benchmarks: `npm run bench -- audit` runs scripts/bench-audit.mjs; `npm run bench -- realtime`
// runs only its 3101 part (scripts/bench-realtime.mjs) and prints that JSON; `npm run bench --
// settlement` runs scripts/bench-settlement.mjs (settlements per second per core) and prints its
// JSON; `npm run bench -- payment` runs scripts/bench-payment.mjs (DIP grouping, scoring and the
// annual clearing of 1 M cases) and prints its JSON; `npm run bench -- screening` runs every
// screening model over the county demo region (scripts/bench-screening.mjs); `npm run bench -- ingest` prints JSON with the fee lines per second that `yibao import`
// achieves for NHSA-column CSV into PGlite and into PostgreSQL, next to the raw COPY rates of the
// same rows measured in the same run.
//
// PostgreSQL: YIBAO_BENCH_DATABASE_URL, else YIBAO_TEST_DATABASE_URL, else DATABASE_URL, else a
// temporary server started with scripts/pg-temp.sh (stopped afterwards).
// YIBAO_BENCH_LINES sets the number of fee lines (default 1,000,000).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateRegion, writeNhsaCsv } from '@yibao/datagen'
import { loadBuiltinPack } from '@yibao/knowledge'
import { benchIngest, migrate, openDatabase } from '@yibao/storage'
import { benchPostgresUrl, withFreshPgDatabase } from './bench-lib.mjs'

const log = (msg) => process.stderr.write(msg + '\n')

function writeExtract(dir, targetLines) {
  const batches = []
  let lines = 0
  for (const b of generateRegion(loadBuiltinPack(), {
    scale: 'county',
    seed: 11,
    rates: { M2: 0 },
  })) {
    batches.push(b)
    lines += b.feeLines.length
    if (lines >= targetLines) break
  }
  return writeNhsaCsv(batches, dir)
}

async function measure(label, open) {
  const db = await open()
  try {
    await migrate(db)
    log(`${label}: 导入中…`)
    const r = await benchIngest({ db, dir: extractDir })
    const result = {
      feeLines: r.rows,
      importSeconds: round(r.seconds, 2),
      importFeeLinesPerSecond: Math.round(r.rowsPerSecond),
      rawCopyIntoFeeLineTablePerSecond: Math.round(r.targetCopyRowsPerSecond),
      ratioToRawCopy: round(r.targetRatio, 3),
      rawCopyAsTextPerSecond: Math.round(r.rawCopyRowsPerSecond),
      ratioToRawCopyAsText: round(r.ratio, 3),
      setupSeconds: round(r.setupSeconds, 2),
    }
    log(`${label}: ${JSON.stringify(result)}`)
    return result
  } finally {
    await db.close()
  }
}

const round = (x, d) => Math.round(x * 10 ** d) / 10 ** d
const which = process.argv[2] ?? 'ingest'
if (which === 'audit') {
  await import('./bench-audit.mjs')
  process.exit(0)
}
if (which === 'realtime') {
  const { benchRealtime } = await import('./bench-realtime.mjs')
  process.stdout.write(JSON.stringify(await benchRealtime(), null, 2) + '\n')
  process.exit(0)
}
if (which === 'settlement') {
  await import('./bench-settlement.mjs')
  process.exit(0)
}
if (which === 'screening') {
  await import('./bench-screening.mjs')
  process.exit(0)
}
if (which === 'payment') {
  await import('./bench-payment.mjs')
  process.exit(0)
}
if (which !== 'ingest') {
  log(`未知的基准：${which}（可用：ingest、audit、realtime、settlement、payment）`)
  process.exit(2)
}

const targetLines = Number(process.env.YIBAO_BENCH_LINES ?? 1_000_000)
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-bench-'))
const extractDir = path.join(work, 'extract')
fs.mkdirSync(extractDir)
let stopPg
try {
  log(`生成 NHSA 抽取表（约 ${targetLines.toLocaleString('en-US')} 条费用明细）…`)
  const written = writeExtract(extractDir, targetLines)
  const results = {
    benchmark: 'ingest',
    input: written,
    machine: { cpus: os.cpus().length, node: process.version },
  }
  results.pglite = await measure('PGlite', () => openDatabase({ dir: path.join(work, 'pglite') }))
  const pg = benchPostgresUrl()
  stopPg = pg.stop
  const serverUrl = pg.url
  results.postgres = await withFreshPgDatabase(serverUrl, (url) =>
    measure('PostgreSQL', () => openDatabase({ url }))
  )
  results.note =
    '先导入同一抽取表中的就诊、结算与清单（setupSeconds，不计时），再计时导入 fee_list_d。' +
    'ratioToRawCopy：导入（读取、校验、查重、写入）相对于同一批行直接 COPY 进与 fee_line 结构相同（类型、主键、索引）的空表；' +
    'ratioToRawCopyAsText：相对于把 fee_list_d.csv 原样 COPY 进只有文本列和主键的表。目标 ratioToRawCopy ≥ 0.5。'
  process.stdout.write(JSON.stringify(results, null, 2) + '\n')
} finally {
  stopPg?.()
  fs.rmSync(work, { recursive: true, force: true })
}
