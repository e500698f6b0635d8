// SPDX-License-Identifier: Apache-2.0
// Test support for every package that needs a database: one fresh, migrated database per
// `open()`, on each backend under test, so that test files running in parallel share nothing.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Database } from './database.js'
import { migrate } from './migrate.js'
import { openPglite } from './pglite-database.js'
import { openPostgres } from './postgres-database.js'

/** Options of `TestBackend.open`. */
export interface TestOpenOptions {
  /** Apply the migrations before returning (default true). */
  migrate?: boolean
}

/** A database backend the tests run on. */
export interface TestBackend {
  readonly name: 'pglite' | 'postgres'
  /**
   * Opens a fresh, empty database that nobody else uses: a new temporary PGlite directory, or a
   * new database `yibao_t_<random>` on the test server. Closing it deletes it.
   */
  open(options?: TestOpenOptions): Promise<Database>
}

/** Where the backends come from. */
export interface TestBackendsOptions {
  /**
   * A PostgreSQL URL whose user may `CREATE DATABASE`. Default: the environment variable
   * `YIBAO_TEST_DATABASE_URL`; without it only PGlite runs.
   */
  postgresUrl?: string | undefined
  /**
   * Which backends to run, e.g. `['postgres']`. Default: the comma-separated environment
   * variable `YIBAO_TEST_BACKENDS`, else every available backend.
   */
  only?: readonly TestBackend['name'][] | undefined
}

/** Replaces `close` so that it also runs `cleanup`, even when closing fails. */
function withCleanup(db: Database, cleanup: () => Promise<void>): Database {
  let closed = false
  return {
    ...db,
    async close(): Promise<void> {
      if (closed) return
      closed = true
      try {
        await db.close()
      } finally {
        await cleanup()
      }
    },
  }
}

function pgliteBackend(): TestBackend {
  return {
    name: 'pglite',
    async open({ migrate: doMigrate = true } = {}): Promise<Database> {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-test-'))
      const remove = (): Promise<void> => fs.promises.rm(dir, { recursive: true, force: true })
      let db: Database
      try {
        db = withCleanup(await openPglite(dir), remove)
      } catch (err) {
        await remove()
        throw err
      }
      if (doMigrate) await migrate(db)
      return db
    },
  }
}

function postgresBackend(adminUrl: string): TestBackend {
  return {
    name: 'postgres',
    async open({ migrate: doMigrate = true } = {}): Promise<Database> {
      const name = `yibao_t_${randomBytes(6).toString('hex')}`
      const admin = await openPostgres(adminUrl)
      try {
        await admin.exec(`CREATE DATABASE ${name}`)
      } finally {
        await admin.close()
      }
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      const drop = async (): Promise<void> => {
        const a = await openPostgres(adminUrl)
        try {
          await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        } finally {
          await a.close()
        }
      }
      const db = withCleanup(await openPostgres(url.toString()), drop)
      if (doMigrate) await migrate(db)
      return db
    },
  }
}

/**
 * The backends tests run on: PGlite always, PostgreSQL when a server URL is configured
 * (`YIBAO_TEST_DATABASE_URL`). Run one suite over all of them:
 *
 * @param options - server URL and backend filter (default: from the environment)
 * @returns the backends
 * @example
 * ```ts
 * describe.each(testBackends())('$name', (backend) => {
 *   let db: Database
 *   beforeAll(async () => { db = await backend.open() })
 *   afterAll(() => db.close())
 *   test('counts nothing in a new database', async () => {
 *     expect((await countRecords(db)).persons).toBe(0)
 *   })
 * })
 * ```
 */
export function testBackends(options: TestBackendsOptions = {}): TestBackend[] {
  const url = options.postgresUrl ?? process.env['YIBAO_TEST_DATABASE_URL']
  const only =
    options.only ??
    (process.env['YIBAO_TEST_BACKENDS']
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '') as TestBackend['name'][] | undefined)
  const all: TestBackend[] = [pgliteBackend()]
  if (url) all.push(postgresBackend(url))
  return only === undefined || only.length === 0 ? all : all.filter((b) => only.includes(b.name))
}
