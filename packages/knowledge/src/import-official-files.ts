// SPDX-License-Identifier: Apache-2.0
import { OutcomeError, badRequest } from '@yibao/domain'
import type { IsoDate } from '@yibao/domain'
import { assemblePack } from './assemble-pack.js'
import type { AssembledPack } from './assemble-pack.js'
import { expandOfficialPaths } from './expand-official-paths.js'
import type { KnowledgePack } from './pack.js'
import { readSourceTables } from './read-source-tables.js'
import { recognizeTable } from './recognize-table.js'
import { tableLabel } from './table-reader.js'
import type { RecognizedTable } from './recognize-table.js'

/** What an import builds on and the version it makes. */
export interface ImportOptions {
  /** The pack whose sections not in the files are kept. */
  readonly base: KnowledgePack
  /** Version of the new pack, e.g. `2025.2`. */
  readonly version: string
  /** First day the new pack (and its new points) apply. */
  readonly effectiveFrom: IsoDate
  /** Build timestamp; defaults to now. */
  readonly builtAt?: string
}

/**
 * Makes a new pack version from newer official files (CSV or .xlsx). Each table (CSV file or
 * worksheet) is recognized by its header row, its 限定类型 and the 第N批 in its name; every
 * recognized section replaces the base pack's data for that section, all other sections are
 * kept from `base`. Folders are expanded with `expandOfficialPaths` (every .csv / .xlsx in
 * them must be recognized). Nothing is written.
 *
 * @param paths - files (and folders) to import
 * @param options - base pack, new version and effective date
 * @returns the new pack and, per file and sheet, the section, rows read and points produced
 * @throws OutcomeError naming file, row and column for an unrecognized file, a missing column
 *   or a bad row
 * @example
 * const { pack, report } = await importOfficialFiles(['【第七批 】项目规则库（重复收费）.xlsx'], {
 *   base: loadBuiltinPack(), version: '2025.2', effectiveFrom: '2025-07-01',
 * })
 */
export async function importOfficialFiles(
  paths: readonly string[],
  options: ImportOptions
): Promise<AssembledPack> {
  const files = expandOfficialPaths(paths)
  if (files.length === 0) {
    throw new OutcomeError(badRequest('没有可导入的文件（应为 .csv 或 .xlsx 官方文件）'))
  }
  const tables: RecognizedTable[] = []
  for (const file of files) {
    const found = await readSourceTables(file)
    if (found.length === 0) {
      throw new OutcomeError(badRequest('文件中没有数据表', file))
    }
    for (const table of found) {
      const recognition = recognizeTable(table)
      if (!recognition.ok) {
        throw new OutcomeError(badRequest(recognition.reason, tableLabel(table)))
      }
      tables.push(recognition.recognized)
    }
  }
  return assemblePack(tables, {
    version: options.version,
    effectiveFrom: options.effectiveFrom,
    builtAt: options.builtAt ?? new Date().toISOString(),
    base: options.base,
  })
}
