// SPDX-License-Identifier: Apache-2.0
export { buildDemo } from './commands/demo.js'
export type { DemoSummary } from './commands/demo.js'
export { nextVersion } from './commands/knowledge.js'
export * from './context.js'
export * from './io.js'
export { handleError, main } from './main.js'
export { Progress } from './progress.js'
