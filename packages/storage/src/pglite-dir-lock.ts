// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { conflict, OutcomeError } from '@yibao/domain'

/** The lock file's name inside the yibao data directory. */
export const PGLITE_LOCK_FILE = 'pglite.lock'

/** A held data-directory lock. */
export interface PgliteDirLock {
  readonly file: string
  /** Removes the lock file (idempotent). */
  release(): void
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10)
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined
  } catch {
    return undefined
  }
}

function recentlyWritten(file: string): boolean {
  try {
    return Date.now() - fs.statSync(file).mtimeMs < 2000
  } catch {
    return false
  }
}

/**
 * Takes the exclusive lock of a PGlite data directory: a file `pglite.lock` holding the pid of
 * the owner. PGlite is one PostgreSQL backend with no shared-memory coordination, so two
 * processes (or two instances in one process) writing the same files would corrupt them. A lock
 * file whose pid is no longer running is stale (the owner was killed) and is taken over.
 *
 * @param dir - the yibao data directory (the parent of PGlite's `pg` directory)
 * @returns the lock; throws an `OutcomeError` (conflict) when a live process holds it
 */
export function acquirePgliteDirLock(dir: string): PgliteDirLock {
  const file = path.join(dir, PGLITE_LOCK_FILE)
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' })
      let held = true
      const release = (): void => {
        if (!held) return
        held = false
        process.off('exit', release)
        // Only remove the file while it is still ours.
        if (readPid(file) === process.pid) fs.rmSync(file, { force: true })
      }
      process.on('exit', release)
      return { file, release }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    }
    const owner = readPid(file)
    if (owner === undefined && recentlyWritten(file)) {
      // Another process has just created the file and not yet written its pid.
      throw new OutcomeError(conflict(`数据目录 ${dir} 正被另一进程打开（锁文件 ${file}）`, file))
    }
    if (owner !== undefined && processAlive(owner)) {
      const who = owner === process.pid ? '本进程中另一个已打开的连接' : `进程 ${owner}`
      throw new OutcomeError(
        conflict(
          `数据目录 ${dir} 正被${who}使用（锁文件 ${file}）。PGlite 只允许一个进程打开同一数据目录；` +
            '请先关闭该进程，或改用 PostgreSQL。',
          file
        )
      )
    }
    // Stale (owner gone) or unreadable: take it over. Another process may race us to it; the
    // exclusive create above decides who wins.
    fs.rmSync(file, { force: true })
  }
  throw new OutcomeError(conflict(`无法取得数据目录 ${dir} 的锁文件 ${file}`, file))
}
