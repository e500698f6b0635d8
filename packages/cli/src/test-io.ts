// SPDX-License-Identifier: Apache-2.0
import type { CliIo } from './io.js'

/** A `CliIo` that records output, for tests. */
export interface RecordingIo extends CliIo {
  readonly out: () => string
  readonly err: () => string
}

/** Builds an io whose stdout/stderr are captured in memory. */
export function recordingIo(
  env: Record<string, string | undefined> = {},
  cwd = process.cwd()
): RecordingIo {
  let out = ''
  let err = ''
  return {
    stdout: { write: (t: string) => (out += t), isTTY: false },
    stderr: { write: (t: string) => (err += t), isTTY: false },
    env,
    cwd,
    out: () => out,
    err: () => err,
  }
}
