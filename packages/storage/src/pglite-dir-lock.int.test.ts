// SPDX-License-Identifier: Apache-2.0
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import { openPglite } from './pglite-database.js'
import { PGLITE_LOCK_FILE } from './pglite-dir-lock.js'

const dirs: string[] = []
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-lock-'))
  dirs.push(dir)
  return dir
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('PGlite data-directory lock', () => {
  test('a second open of the same directory in this process is refused until the first closes', async () => {
    const dir = tempDir()
    const db = await openPglite(dir)
    expect(fs.readFileSync(path.join(dir, PGLITE_LOCK_FILE), 'utf8').trim()).toBe(
      String(process.pid)
    )
    const err = await openPglite(dir).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutcomeError)
    expect((err as OutcomeError).message).toContain('正被本进程中另一个已打开的连接使用')
    await db.close()
    expect(fs.existsSync(path.join(dir, PGLITE_LOCK_FILE))).toBe(false)
    const again = await openPglite(dir)
    await again.close()
  })

  test('a directory held by another live process is refused; once it dies the lock is taken over', async () => {
    const dir = tempDir()
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], {
      stdio: 'ignore',
    })
    try {
      fs.writeFileSync(path.join(dir, PGLITE_LOCK_FILE), `${other.pid}\n`)
      const err = await openPglite(dir).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(OutcomeError)
      expect((err as OutcomeError).outcome.issues[0]).toMatchObject({ code: 'conflict' })
      expect((err as OutcomeError).message).toContain(`进程 ${other.pid}`)
    } finally {
      other.kill('SIGKILL')
      await new Promise((r) => other.once('exit', r))
    }
    const db = await openPglite(dir)
    expect(fs.readFileSync(path.join(dir, PGLITE_LOCK_FILE), 'utf8').trim()).toBe(
      String(process.pid)
    )
    await db.close()
  })
})
