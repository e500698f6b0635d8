// SPDX-License-Identifier: Apache-2.0
// Rebuilds the committed pack: `npm run build-pack -w @yibao/knowledge [-- dataDir]`.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPackFromSharedData } from './build-pack-from-shared-data.js'
import {
  BUILTIN_PACK_BUILT_AT,
  BUILTIN_PACK_EFFECTIVE_FROM,
  BUILTIN_PACK_URL,
  BUILTIN_PACK_VERSION,
} from './load-builtin-pack.js'
import { serializePack } from './serialize-pack.js'

/** Licence texts shipped next to the pack, copied from the shared data directory. */
export const PACK_LICENSES = [
  'chs-drg-1.1-opendrg/LICENSE-Apache-2.0.txt',
  'dip-fengshun-2024/LICENSE-MIT.txt',
] as const

/**
 * Builds the built-in pack from the shared data and writes it (and the licence texts) into
 * `packs/`; prints what was read and skipped.
 *
 * @param argv - command-line arguments after the script: `[dataDir]`
 * @returns the process exit code
 */
export function main(argv: readonly string[]): number {
  const dataDir = argv[0] ?? fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
  const { pack, report } = buildPackFromSharedData(dataDir, {
    version: BUILTIN_PACK_VERSION,
    effectiveFrom: BUILTIN_PACK_EFFECTIVE_FROM,
    builtAt: BUILTIN_PACK_BUILT_AT,
  })
  const bytes = serializePack(pack)
  const out = fileURLToPath(BUILTIN_PACK_URL)
  writeFileSync(out, bytes)
  const licenses = fileURLToPath(new URL('../packs/licenses/', import.meta.url))
  mkdirSync(licenses, { recursive: true })
  for (const license of PACK_LICENSES) {
    const target = join(licenses, license.slice(license.lastIndexOf('/') + 1))
    // The shared copies are read-only; write a fresh, writable file instead of copying the mode.
    rmSync(target, { force: true })
    writeFileSync(target, readFileSync(join(dataDir, license)))
  }
  for (const t of report.tables) {
    console.log(`${t.section}\t${t.file}\t读入 ${t.rows} 行\t跳过 ${t.skipped}\t产出 ${t.produced}`)
  }
  for (const s of report.skipped) console.log(`跳过 ${s.file} 第 ${s.line} 行: ${s.reason}`)
  for (const w of report.warnings) console.log(`注意: ${w}`)
  console.log(`已写入 ${out}（${bytes.byteLength} 字节，知识点 ${pack.points.length} 条）`)
  return 0
}

process.exitCode = main(process.argv.slice(2))
