// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import type { Database } from './database.js'

/** One migration: a numbered SQL file in `src/migrations/`. */
export interface Migration {
  readonly version: number
  readonly name: string
  readonly sql: string
}

/** What `migrate` did. */
export interface MigrationResultSet {
  readonly applied: readonly { version: number; name: string }[]
  readonly current: number
}

const migrationsDir = new URL('../src/migrations/', import.meta.url)

/** The migrations shipped with this version, in order. */
export function listMigrations(): Migration[] {
  return fs
    .readdirSync(migrationsDir)
    .filter((f) => /^\d{4}-.+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: fs.readFileSync(new URL(file, migrationsDir), 'utf8'),
    }))
}

/**
 * Applies every migration not yet applied, each in its own transaction, and records it in
 * `schema_migration`. Safe to run at every start; a crash mid-way leaves the database at the
 * last complete migration.
 */
export async function migrate(db: Database): Promise<MigrationResultSet> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migration (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`)
  const done = new Set(
    (await db.query<{ version: number }>('SELECT version FROM schema_migration')).map(
      (r) => r.version
    )
  )
  const applied: { version: number; name: string }[] = []
  for (const m of listMigrations()) {
    if (done.has(m.version)) continue
    await db.transaction(async (tx) => {
      await tx.exec(m.sql)
      await tx.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [
        m.version,
        m.name,
      ])
    })
    applied.push({ version: m.version, name: m.name })
  }
  const all = listMigrations()
  return { applied, current: all.length === 0 ? 0 : all[all.length - 1]!.version }
}
