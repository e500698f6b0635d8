// SPDX-License-Identifier: Apache-2.0
// `npm run bench -- screening`: every screening model over the county demo region (辰溪县
// calibration, generated with `yibao demo --scale county` into a PGlite directory unless
// YIBAO_BENCH_SCREENING_DIR names one that holds it already). Measures the SQL reads, the models
// and the whole stored run (hits, risks, clues), with peak memory, and the precision and recall of
// each pattern against the injected truth. JSON on stdout, progress on stderr.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_SCREENING_PARAMS, screen } from '@yibao/analytics'
import { evaluateScreeningRun, loadScreeningData, openDatabase, runScreening } from '@yibao/storage'

const log = (msg) => process.stderr.write(msg + '\n')
const round = (x, d = 2) => Math.round(x * 10 ** d) / 10 ** d
const root = path.resolve(import.meta.dirname, '..')

let dir = process.env.YIBAO_BENCH_SCREENING_DIR
if (!dir || !fs.existsSync(path.join(dir, 'pg'))) {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-bench-screening-'))
  log(`生成县级演示统筹区到 ${dir}（需数分钟）…`)
  const started = performance.now()
  execFileSync(
    process.execPath,
    [path.join(root, 'packages/cli/bin/yibao.js'), 'demo', '--scale', 'county', '--dir', dir],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, YIBAO_LOG_LEVEL: 'silent' },
    }
  )
  log(`生成用时 ${round((performance.now() - started) / 1000, 1)} 秒`)
}

let peak = process.memoryUsage().rss
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().rss)
}, 100)

const db = await openDatabase({ dir })
try {
  log('读取筛查数据（SQL 汇总）…')
  let t = performance.now()
  const data = await loadScreeningData(db, {}, DEFAULT_SCREENING_PARAMS, (done, of, what) =>
    log(`  ${done}/${of} ${what}`)
  )
  const loadSeconds = (performance.now() - t) / 1000
  log('运行各筛查模型…')
  const steps = []
  let last = performance.now()
  t = last
  const result = screen(data, DEFAULT_SCREENING_PARAMS, (what) => {
    const now = performance.now()
    steps.push({ step: what, seconds: round((now - last) / 1000, 3) })
    last = now
  })
  const modelSeconds = (performance.now() - t) / 1000
  log('完整运行（读取、筛查、保存命中、评分与线索）…')
  t = performance.now()
  const run = await runScreening(db, { actor: 'bench', role: 'admin', institutionCode: null })
  const runSeconds = (performance.now() - t) / 1000
  const evaluation = await evaluateScreeningRun(db, run.runId)
  clearInterval(sampler)
  peak = Math.max(peak, process.memoryUsage().rss)
  process.stdout.write(
    JSON.stringify(
      {
        machine: { cpus: os.availableParallelism(), node: process.version, database: db.kind },
        region: {
          encounters: data.encounters.length,
          persons: data.persons.size,
          institutions: data.institutions.length,
          inpatientDays: data.stayDays.length,
        },
        loadSeconds: round(loadSeconds),
        modelSeconds: round(modelSeconds),
        modelSteps: steps,
        storedRunSeconds: round(runSeconds),
        hits: result.hits.length,
        clues: run.clues,
        peakRssMiB: Math.round(peak / 2 ** 20),
        maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        evaluation: evaluation.patterns
          .filter((p) => p.truth > 0 || p.flagged > 0)
          .map(({ pattern, truth, flagged, precision, recall }) => ({
            pattern,
            truth,
            flagged,
            precision,
            recall,
          })),
        queueTop5: evaluation.queue,
      },
      null,
      2
    ) + '\n'
  )
} finally {
  clearInterval(sampler)
  await db.close()
}
