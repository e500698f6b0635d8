// SPDX-License-Identifier: Apache-2.0
import { execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../database.js'
import { migrate } from '../migrate.js'
import { openDatabase } from '../open-database.js'
import { codeCheckerFromSets } from './code-checker.js'
import { importNhsaDir } from './import-nhsa-dir.js'
import { writeSyntheticNhsaFiles } from './write-synthetic-nhsa-files.js'

const root = fileURLToPath(new URL('../../../../', import.meta.url))
const ENCOUNTERS = 4000
const LINES = 50

// Runs in a child process from the built package: imports the directory and says when the
// fee lines are being loaded, so that the parent can kill it mid-transaction.
const child = `
import { openDatabase, migrate, importNhsaDir, codeCheckerFromSets } from '@yibao/storage'
const [target, src] = process.argv.slice(1)
const db = await openDatabase(target.startsWith('postgres') ? { url: target } : { dir: target })
await migrate(db)
await importNhsaDir(db, src, {
  codes: codeCheckerFromSets({}),
  onProgress: (p) => {
    if (p.stage === 'load' && p.table === 'fee_list_d' && p.rows > 0 && p.rows < p.total) {
      process.stdout.write('LOADING ' + p.rows + '\\n')
    }
  },
})
process.stdout.write('DONE\\n')
await db.close()
`

/** Starts the import in a child and SIGKILLs it while fee lines are loading. */
function importAndKill(target: string, src: string): Promise<{ killedAt: number; done: boolean }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--input-type=module', '-e', child, target, src], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    let killedAt = 0
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /LOADING (\d+)/.exec(out)
      if (m && killedAt === 0) {
        killedAt = Number(m[1])
        proc.kill('SIGKILL')
      }
    })
    proc.stderr.on('data', (d: Buffer) => (err += d.toString()))
    proc.on('error', reject)
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ killedAt, done: out.includes('DONE') })
      else reject(new Error(`child exited with ${code}: ${err || out}`))
    })
  })
}

async function counts(db: Database): Promise<Record<string, number>> {
  const [row] = await db.query<Record<string, number>>(`SELECT
    (SELECT count(*)::int FROM fee_line) AS fee_lines,
    (SELECT count(DISTINCT feedetl_sn)::int FROM fee_line) AS distinct_fee_lines,
    (SELECT count(*)::int FROM encounter) AS encounters,
    (SELECT count(*)::int FROM settlement) AS settlements,
    (SELECT count(*)::int FROM person) AS persons,
    (SELECT count(*)::int FROM import_batch WHERE status IN ('imported', 'unchanged')) AS batches`)
  return row!
}

interface Target {
  readonly name: string
  /** What the child opens: a PGlite directory or a server URL. */
  readonly target: string
  create(): Promise<void>
  open(): Promise<Database>
  drop(): Promise<void>
}

function targets(): Target[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-crash-'))
  const list: Target[] = [
    {
      name: 'pglite',
      target: dir,
      create: () => Promise.resolve(),
      open: () => openDatabase({ dir }),
      drop: () => fs.promises.rm(dir, { recursive: true, force: true }),
    },
  ]
  const admin = process.env['YIBAO_TEST_DATABASE_URL']
  if (admin) {
    const name = `yibao_t_crash_${randomBytes(4).toString('hex')}`
    const url = new URL(admin)
    url.pathname = `/${name}`
    const withAdmin = async (sql: string): Promise<void> => {
      const a = await openDatabase({ url: admin })
      try {
        await a.exec(sql)
      } finally {
        await a.close()
      }
    }
    list.push({
      name: 'postgres',
      target: url.toString(),
      create: () => withAdmin(`CREATE DATABASE ${name}`),
      open: () => openDatabase({ url: url.toString() }),
      drop: () => withAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    })
  }
  return list
}

describe('an import killed while loading', () => {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-crash-src-'))
  const all = targets()

  beforeAll(async () => {
    // The child imports the built package.
    execFileSync('npx', ['tsc', '-b', 'packages/storage'], { cwd: root, stdio: 'pipe' })
    await writeSyntheticNhsaFiles(src, { encounters: ENCOUNTERS, linesPerEncounter: LINES })
  }, 300_000)
  afterAll(async () => {
    await fs.promises.rm(src, { recursive: true, force: true })
    for (const t of all) await t.drop()
  })

  test.each(all)(
    'leaves nothing behind on $name, and the re-run imports exactly once',
    async (t) => {
      await t.create()
      const db = await t.open()
      await migrate(db)
      await db.close()

      const { killedAt, done } = await importAndKill(t.target, src)
      expect(killedAt).toBeGreaterThan(0)
      expect(done).toBe(false)

      const after = await t.open()
      try {
        expect(await counts(after)).toEqual({
          fee_lines: 0,
          distinct_fee_lines: 0,
          encounters: 0,
          settlements: 0,
          persons: 0,
          batches: 0,
        })
        const codes = codeCheckerFromSets({})
        const rerun = await importNhsaDir(after, src, { codes })
        expect(rerun.status).toBe('imported')
        const expected = {
          fee_lines: ENCOUNTERS * LINES,
          distinct_fee_lines: ENCOUNTERS * LINES,
          encounters: ENCOUNTERS,
          settlements: ENCOUNTERS,
          persons: Math.floor(ENCOUNTERS / 3),
          batches: 1,
        }
        expect(await counts(after)).toEqual(expected)
        const again = await importNhsaDir(after, src, { codes })
        expect(again.status).toBe('unchanged')
        expect(await counts(after)).toEqual({ ...expected, batches: 2 })
      } finally {
        await after.close()
      }
    },
    300_000
  )
})
