// SPDX-License-Identifier: Apache-2.0
// Shared by the benchmarks: a throwaway PostgreSQL server and fresh databases on it.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'

const root = path.resolve(import.meta.dirname, '..')

/** The PostgreSQL server of the environment, or a temporary one (scripts/pg-temp.sh). */
export function benchPostgresUrl() {
  const url =
    process.env.YIBAO_BENCH_DATABASE_URL ??
    process.env.YIBAO_TEST_DATABASE_URL ??
    process.env.DATABASE_URL
  if (url) return { url, stop: () => undefined }
  return startTempPostgres()
}

/** Starts a temporary PostgreSQL server; `stop` removes it. */
export function startTempPostgres() {
  const out = execFileSync(
    'bash',
    ['-c', 'source scripts/pg-temp.sh start >&2 && echo "$PG_TEMP_DIR|$PG_TEMP_BIN|$PG_TEMP_URL"'],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }
  )
  const [dir, bin, url] = out.trim().split('|')
  const stop = () => {
    const args = ['-D', `${dir}/data`, '-m', 'fast', '-w', 'stop']
    try {
      if (process.getuid?.() === 0) {
        // PostgreSQL runs as the postgres user when we are root (see scripts/pg-temp.sh).
        execFileSync('runuser', ['-u', 'postgres', '--', `${bin}/pg_ctl`, ...args], {
          stdio: 'ignore',
        })
      } else {
        execFileSync(`${bin}/pg_ctl`, args, { stdio: 'ignore' })
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  return { url, stop }
}

/** Runs `fn` with the URL of a new database on the server, dropped afterwards. */
export async function withFreshPgDatabase(serverUrl, fn) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined })
  const name = `yibao_bench_${process.pid}_${Date.now()}`
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const u = new URL(serverUrl)
  u.pathname = `/${name}`
  try {
    return await fn(u.toString())
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}
