// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError } from '@yibao/domain'
import type { Role } from '@yibao/supervision'
import type { Viewer } from '@yibao/storage'
import type { CliContext } from './context.js'
import { cliActor, openContext } from './context.js'
import type { CliIo } from './io.js'
import { println } from './io.js'

/** The subcommands of a command noun, each run on the opened data directory as the viewer. */
export type Verbs = Readonly<Record<string, (ctx: CliContext, viewer: Viewer) => Promise<void>>>

/** What `runVerb` needs of the parsed command line. */
export interface VerbCall {
  /** The subcommand, the first positional. */
  readonly verb: string | undefined
  readonly usage: string
  readonly values: { readonly help?: boolean | undefined; readonly dir?: string | undefined }
  /** The role the command acts in (the audit log names the operating-system user). */
  readonly role: Exclude<Role, 'institution'>
}

/**
 * Runs a subcommand: the usage without one (exit 2) or with `--help` (exit 0), a usage error
 * naming an unknown one, else the subcommand on the data directory, closed afterwards.
 *
 * @param io - where to write
 * @param call - the subcommand, usage, options and role
 * @param verbs - the subcommands by name
 */
export async function runVerb(io: CliIo, call: VerbCall, verbs: Verbs): Promise<number> {
  const { verb, values } = call
  if (values.help === true || verb === undefined) {
    println(io, call.usage)
    return verb === undefined && values.help !== true ? 2 : 0
  }
  const run = Object.hasOwn(verbs, verb) ? verbs[verb] : undefined
  if (run === undefined) {
    throw new OutcomeError(
      badRequest(`未知的子命令 ${verb}（可用 ${Object.keys(verbs).join('、')}）`, verb)
    )
  }
  const ctx = await openContext(io, values.dir)
  try {
    await run(ctx, { actor: cliActor(), role: call.role, institutionCode: null })
    return 0
  } finally {
    await ctx.db.close()
  }
}
