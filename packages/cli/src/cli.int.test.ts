// SPDX-License-Identifier: Apache-2.0
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { generateRegion, writeNhsaCsv } from '@yibao/datagen'
import { loadBuiltinPack } from '@yibao/knowledge'
import { listAuditLog, openDatabase } from '@yibao/storage'
import type { DemoSummary } from './commands/demo.js'
import { main } from './main.js'
import { recordingIo } from './test-io.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-cli-'))
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

const bin = path.resolve(import.meta.dirname, '../bin/yibao.js')
// The CLI tests run on PGlite data directories; the storage suite covers PostgreSQL.
const env = { YIBAO_LOG_LEVEL: 'silent' }

async function run(args: string[]) {
  const io = recordingIo(env)
  const code = await main(args, io)
  return { code, out: io.out(), err: io.err() }
}

/** Writes NHSA-column CSV files for the first `batches` batches of a small region. */
function writeExtract(dir: string, batches: number) {
  const gen = generateRegion(loadBuiltinPack(), { scale: 'small', seed: 7, rates: { M2: 0 } })
  const taken = []
  for (const b of gen) {
    taken.push(b)
    if (taken.length > batches) break
  }
  return writeNhsaCsv(taken, dir)
}

describe('yibao demo', () => {
  test('the small region is calibrated and identical on a second run', async () => {
    const dir = path.join(tmp, 'demo')
    const first = await run(['demo', '--scale', 'small', '--dir', dir, '--json'])
    expect(first.code, first.err).toBe(0)
    const a = JSON.parse(first.out) as DemoSummary
    expect(a.institutions).toBe(453)
    expect(a.persons).toBeGreaterThan(7000)
    expect(a.feeLines).toBeGreaterThan(a.settlements)
    expect(a.injectedTotal).toBeGreaterThan(0)
    expect(Object.keys(a.injected).length).toBeGreaterThanOrEqual(20)
    expect(first.err).toMatch(/生成演示统筹区/)

    const second = await run(['demo', '--scale', 'small', '--dir', dir, '--json'])
    expect(second.code, second.err).toBe(0)
    expect(JSON.parse(second.out)).toEqual(a)

    const stats = await run(['stats', '--dir', dir, '--json'])
    const s = JSON.parse(stats.out) as Record<string, any>
    expect(s).toMatchObject({
      institutions: a.institutions,
      persons: a.persons,
      encounters: a.encounters,
      settlements: a.settlements,
      feeLines: a.feeLines,
      findings: 0,
      pack: { version: loadBuiltinPack().version },
    })
  })
})

describe('yibao import', () => {
  const extract = path.join(tmp, 'extract')
  fs.mkdirSync(extract, { recursive: true })
  const written = writeExtract(extract, 1)
  const expected = {
    encounters: written.mdtrt_d,
    settlements: written.setl_d,
    feeLines: written.fee_list_d,
  }

  test('imports NHSA CSV files once; the same files again add nothing', async () => {
    const dir = path.join(tmp, 'import-db')
    const first = await run(['import', extract, '--dir', dir, '--json'])
    expect(first.code, first.err).toBe(0)
    const stats = JSON.parse((await run(['stats', '--dir', dir, '--json'])).out) as Record<
      string,
      any
    >
    expect(stats).toMatchObject(expected)

    const db = await openDatabase({ dir })
    try {
      const log = await listAuditLog(db, 10)
      expect(log.filter((e) => e.action === 'import.nhsa').map((e) => e.target)).toEqual([extract])
      expect(log[0]?.actor).toMatch(/^cli:/)
    } finally {
      await db.close()
    }

    const again = await run(['import', extract, '--dir', dir, '--json'])
    expect(again.code, again.err).toBe(0)
    const report = JSON.parse(again.out) as { status: string }
    expect(report.status).toBe('unchanged')
    const after = JSON.parse((await run(['stats', '--dir', dir, '--json'])).out) as Record<
      string,
      any
    >
    expect(after).toMatchObject(expected)
  })

  test('a broken row is named by file, row and field, and nothing is imported', async () => {
    const broken = path.join(tmp, 'broken')
    fs.cpSync(extract, broken, { recursive: true })
    const file = path.join(broken, 'fee_list_d.csv')
    const lines = fs.readFileSync(file, 'utf8').split('\n')
    const header = lines[0]!.split(',')
    const col = header.indexOf('det_item_fee_sumamt')
    const cells = lines[5]!.split(',')
    cells[col] = '99999.99'
    lines[5] = cells.join(',')
    fs.writeFileSync(file, lines.join('\n'))

    const dir = path.join(tmp, 'broken-db')
    const res = await run(['import', broken, '--dir', dir, '--json'])
    expect(res.code).toBe(1)
    expect(res.out + res.err).toMatch(/fee_list_d\.csv/)
    expect(res.out + res.err).toMatch(/第 5 行/)
    expect(res.out + res.err).toMatch(/det_item_fee_sumamt/)
    const stats = JSON.parse((await run(['stats', '--dir', dir, '--json'])).out) as Record<
      string,
      any
    >
    expect(stats).toMatchObject({ encounters: 0, settlements: 0, feeLines: 0 })
  })

  test('an import killed with SIGKILL mid-way leaves nothing; the re-run gives exact counts', async () => {
    const dir = path.join(tmp, 'kill-db')
    const child = spawn(process.execPath, [bin, 'import', extract, '--dir', dir], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    const killed = await new Promise<boolean>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString()
        // Kill as soon as the load stage starts writing into the database.
        if (/写入/.test(stderr) && child.exitCode === null) {
          child.kill('SIGKILL')
        }
      })
      child.on('exit', (_code, signal) => {
        resolve(signal === 'SIGKILL')
      })
    })
    expect(killed, stderr).toBe(true)

    const mid = JSON.parse((await run(['stats', '--dir', dir, '--json'])).out) as Record<
      string,
      any
    >
    expect(mid).toMatchObject({ encounters: 0, settlements: 0, feeLines: 0 })

    const rerun = await run(['import', extract, '--dir', dir, '--json'])
    expect(rerun.code, rerun.err).toBe(0)
    const stats = JSON.parse((await run(['stats', '--dir', dir, '--json'])).out) as Record<
      string,
      any
    >
    expect(stats).toMatchObject(expected)
  })
})

describe('yibao usage', () => {
  test('unknown commands and options are usage errors in Chinese', async () => {
    const unknown = await run(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/未知命令/)
    const badOption = await run(['stats', '--bogus'])
    expect(badOption.code).toBe(1)
    expect(badOption.err).toMatch(/bogus/)
    const badScale = await run(['demo', '--scale', 'city', '--dir', path.join(tmp, 'x')])
    expect(badScale.code).toBe(1)
    expect(badScale.err).toMatch(/--scale/)
  })
})
