// SPDX-License-Identifier: Apache-2.0
import { readFileSync } from 'node:fs'
import type { KnowledgePack } from './pack.js'
import { parsePack } from './parse-pack.js'

/** Version of the pack committed in `packages/knowledge/packs/`. */
export const BUILTIN_PACK_VERSION = '2025.1'

/** First day the committed pack applies. */
export const BUILTIN_PACK_EFFECTIVE_FROM = '2025-01-01'

/** Fixed build timestamp of the committed pack, so that a rebuild gives the same bytes. */
export const BUILTIN_PACK_BUILT_AT = '2025-01-01T00:00:00+08:00'

/**
 * Where the committed pack lives. `src/` and `dist/` both sit one level below the package root,
 * so the same relative URL works from source and from the build.
 */
export const BUILTIN_PACK_URL = new URL(
  `../packs/pack-${BUILTIN_PACK_VERSION}.json.gz`,
  import.meta.url
)

let cached: KnowledgePack | undefined

/**
 * Loads the pack committed with the package (read and parsed once, then cached).
 *
 * @returns the built-in pack
 * @throws OutcomeError when the file is damaged
 */
export function loadBuiltinPack(): KnowledgePack {
  cached ??= parsePack(readFileSync(BUILTIN_PACK_URL))
  return cached
}
