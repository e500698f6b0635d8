// SPDX-License-Identifier: Apache-2.0
import { main } from './main.js'

/** Entry point of the `yibao` executable. */
export async function run(): Promise<void> {
  process.exitCode = await main(process.argv.slice(2))
}
