// SPDX-License-Identifier: Apache-2.0
import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'
import { badRequest, OutcomeError } from '@yibao/domain'

type Options = NonNullable<ParseArgsConfig['options']>

/** Options every command takes. */
export const COMMON_OPTIONS = {
  dir: { type: 'string', short: 'd' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies Options

/**
 * Parses a command's arguments strictly; an unknown option is a usage error naming it.
 */
export function parseCommand<O extends Options>(
  command: string,
  args: readonly string[],
  options: O
): {
  values: ReturnType<typeof parseArgs<{ options: O; allowPositionals: true }>>['values']
  positionals: string[]
} {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    })
    return { values, positionals }
  } catch (err) {
    throw new OutcomeError(
      badRequest(`yibao ${command}: ${err instanceof Error ? err.message : String(err)}`),
      err
    )
  }
}
