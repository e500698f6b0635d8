// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError } from '@yibao/domain'
import type { Role } from '@yibao/supervision'
import type { Viewer } from '@yibao/storage'
import type { CliContext } from './context.js'
import { cliActor, openContext } from './context.js'
import type { CliIo } from './io.js'
import { println } from './io.js'

/**
 * The subcommands of a command noun, each run on the opened data directory as the viewer, with
 * what the call's `prepare` returned.
 */
export type Verbs<P = undefined> = Readonly<
  Record<string, (ctx: CliContext, viewer: Viewer, prepared: P) => Promise<void>>
>

/** What `runVerb` needs of the parsed command line. */
export interface VerbCall<P = undefined> {
  /** The subcommand, the first positional. */
  readonly verb: string | undefined
  readonly usage: string
  readonly values: { readonly help?: boolean | undefined; readonly dir?: string | undefined }
  /** The role the command acts in (the audit log names the operating-system user). */
  readonly role: Exclude<Role, 'institution'>
  /**
   * Checks and conversions that need no database, run when a subcommand is given (before it is
   * looked up); what it returns is passed to the subcommand.
   */
  readonly prepare?: () => P
}

/**
 * Runs a subcommand: the usage without one (exit 2) or with `--help` (exit 0), else the call's
 * `prepare`, a usage error naming an unknown subcommand, else the subcommand on the data
 * directory, closed afterwards.
 *
 * @param io - where to write
 * @param call - the subcommand, usage, options, role and checks before the database
 * @param verbs - the subcommands by name
 */
export async function runVerb<P = undefined>(
  io: CliIo,
  call: VerbCall<P>,
  verbs: Verbs<P>
): Promise<number> {
  const { verb, values } = call
  if (values.help === true || verb === undefined) {
    println(io, call.usage)
    return verb === undefined && values.help !== true ? 2 : 0
  }
  const prepared = call.prepare === undefined ? (undefined as P) : call.prepare()
  const run = Object.hasOwn(verbs, verb) ? verbs[verb] : undefined
  if (run === undefined) {
    throw new OutcomeError(
      badRequest(`未知的子命令 ${verb}（可用 ${Object.keys(verbs).join('、')}）`, verb)
    )
  }
  const ctx = await openContext(io, values.dir)
  try {
    await run(ctx, { actor: cliActor(), role: call.role, institutionCode: null }, prepared)
    return 0
  } finally {
    await ctx.db.close()
  }
}
