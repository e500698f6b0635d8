// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import type { RecordCounts } from '@yibao/storage'
import { fenToYuan, notFound, OutcomeError } from '@yibao/domain'

/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean }
  readonly stderr: { write(text: string): unknown; isTTY?: boolean }
  readonly env: Readonly<Record<string, string | undefined>>
  readonly cwd: string
}

/** The process's own io. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }
}

/**
 * An input file named on the command line, resolved against the working directory; a missing
 * one is a not-found error naming it as given.
 *
 * @param io - the working directory
 * @param file - the path as given
 */
export function inputFile(io: CliIo, file: string): string {
  const p = path.resolve(io.cwd, file)
  if (!fs.existsSync(p)) throw new OutcomeError(notFound(`没有文件 ${file}`))
  return p
}

/** Writes one line to stdout. */
export function println(io: CliIo, text = ''): void {
  io.stdout.write(text + '\n')
}

/** Writes pretty JSON to stdout (the only thing on stdout in `--json` mode). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n')
}

/** Prints labelled counts as an aligned two-column table. */
export function printCounts(
  io: CliIo,
  rows: readonly (readonly [string, number])[],
  indent = ''
): void {
  for (const [label, n] of rows) {
    println(io, `${indent}${label.padEnd(8, '　')}${n.toLocaleString('en-US').padStart(12)}`)
  }
}

/** The record counts `demo` and `stats` report. */
export interface ClaimCounts {
  institutions: number
  persons: number
  encounters: number
  settlements: number
  feeLines: number
  diagnoses: number
  operations: number
}

/** The `ClaimCounts` of stored records, in the order they are printed. */
export function claimCounts(counts: RecordCounts): ClaimCounts {
  return {
    institutions: counts.institutions,
    persons: counts.persons,
    encounters: counts.encounters,
    settlements: counts.settlements,
    feeLines: counts.feeLines,
    diagnoses: counts.diagnoses,
    operations: counts.operations,
  }
}

/**
 * Prints the demo accounts: the bureau's by name, the institutions' by count and pattern.
 *
 * @param io - where to print
 * @param usernames - every demo user name
 * @param password - their shared password
 */
export function printDemoAccounts(io: CliIo, usernames: readonly string[], password: string): void {
  const bureau = usernames.filter((u) => !u.startsWith('inst-'))
  const institutions = usernames.filter((u) => u.startsWith('inst-'))
  const more = institutions.length > 3 ? ' …' : ''
  println(io, `  演示账号（密码均为 ${password}）：`)
  println(io, `    ${bureau.join('、')}`)
  println(
    io,
    `    机构用户 ${institutions.length} 个：${institutions.slice(0, 3).join('、')}${more}（inst-机构编码）`
  )
}

/** Yuan with two decimals and the unit, for messages. */
export function yuanText(fen: number): string {
  return `${fenToYuan(fen)} 元`
}

/** A ratio as a percentage with one decimal, — for none. */
export function percentText(x: number | null): string {
  return x === null ? '—' : `${(x * 100).toFixed(1)}%`
}
