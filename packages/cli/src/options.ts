// SPDX-License-Identifier: Apache-2.0
import { parseArgs } from 'node:util'
import type { ParseArgsConfig } from 'node:util'
import type { IsoDate } from '@yibao/domain'
import { badRequest, isIsoDate, OutcomeError } from '@yibao/domain'

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

/**
 * A required option's (or argument's) value, else a usage error naming it.
 *
 * @param value - the value given, if any
 * @param name - the option as written, e.g. `--date`
 * @param opts - `nonBlank`: blank text counts as missing too
 */
export function requiredOption(
  value: string | undefined,
  name: string,
  opts: { readonly nonBlank?: boolean } = {}
): string {
  if (value === undefined || (opts.nonBlank === true && value.trim() === '')) {
    throw new OutcomeError(badRequest(`请给出 ${name}`, name))
  }
  return value
}

/**
 * `--from` and `--to` as dates (YYYY-MM-DD), each optional; a bad date or `--to` before `--from`
 * is a usage error naming the option.
 */
export function periodOptions(values: { from?: string | undefined; to?: string | undefined }): {
  from: IsoDate | undefined
  to: IsoDate | undefined
} {
  const check = (value: string | undefined, option: string): IsoDate | undefined => {
    if (value !== undefined && !isIsoDate(value)) {
      throw new OutcomeError(badRequest(`${option} 应为 YYYY-MM-DD 格式的日期：${value}`, option))
    }
    return value
  }
  const from = check(values.from, '--from')
  const to = check(values.to, '--to')
  if (from !== undefined && to !== undefined && to < from) {
    throw new OutcomeError(badRequest('--to 早于 --from', '--to'))
  }
  return { from, to }
}
