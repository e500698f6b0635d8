// SPDX-License-Identifier: Apache-2.0
import { conflict, OutcomeError } from '@yibao/domain'
import type { Database } from './database.js'

/**
 * Runs `fn` holding the exclusive job lock `name`, so that two runs of the same job (a demo
 * build, a batch audit, a monthly settlement) never overlap: across processes and machines on
 * PostgreSQL (a session advisory lock), within the one process that may open a PGlite data
 * directory on PGlite. The lock is released when `fn` settles, and by the server if the
 * process dies.
 *
 * @param db - the database
 * @param name - the job, e.g. `demo`, `audit:2024-06`
 * @param fn - the job
 * @returns what `fn` returns; throws an `OutcomeError` (conflict) without running `fn` when the
 *   lock is held
 */
export async function withLock<T>(db: Database, name: string, fn: () => Promise<T>): Promise<T> {
  const release = await db.tryLock(name)
  if (release === undefined) {
    throw new OutcomeError(conflict(`任务「${name}」正在运行，请等待其完成后再试`, `lock:${name}`))
  }
  try {
    return await fn()
  } finally {
    await release()
  }
}
