// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import type { Database } from './database.js'
import { testBackends } from './testing.js'
import { withLock } from './with-lock.js'

describe.each(testBackends())('withLock on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('a second run of the same job is refused while the first runs; others may run', async () => {
    let release!: () => void
    const first = withLock(
      db,
      'demo',
      () =>
        new Promise<string>((r) => {
          release = () => {
            r('done')
          }
        })
    )
    await new Promise((r) => setTimeout(r, 20))
    const err = await withLock(db, 'demo', () => Promise.resolve('again')).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutcomeError)
    expect((err as OutcomeError).outcome.issues[0]).toMatchObject({ code: 'conflict' })
    expect((err as OutcomeError).message).toContain('任务「demo」正在运行')
    expect(await withLock(db, 'audit', () => Promise.resolve(42))).toBe(42)
    release()
    expect(await first).toBe('done')
    expect(await withLock(db, 'demo', () => Promise.resolve('after'))).toBe('after')
  })

  test('the lock is released when the job fails', async () => {
    await expect(withLock(db, 'job', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom'
    )
    expect(await withLock(db, 'job', () => Promise.resolve('ok'))).toBe('ok')
  })
})
