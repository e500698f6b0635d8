// SPDX-License-Identifier: Apache-2.0
import { OutcomeError } from '@yibao/domain'
import { expandOfficialPaths } from './expand-official-paths.js'
import { readSourceTables } from './read-source-tables.js'
import { recognizeTable } from './recognize-table.js'

/** The files an import would accept, and the files left out with the reason. */
export interface RecognizedFiles {
  /** Files whose every table is recognized as a pack section. */
  readonly files: readonly string[]
  /** Files left out, with the reason in Chinese. */
  readonly ignored: readonly { readonly file: string; readonly reason: string }[]
}

/**
 * Expands paths like `expandOfficialPaths` and keeps only the files whose every table (CSV
 * file or worksheet) is recognized as a pack section, e.g. to preview a folder before import.
 *
 * @param paths - files and folders
 * @returns recognized files and the ones left out
 * @throws OutcomeError when a path does not exist
 */
export async function recognizedOfficialFiles(paths: readonly string[]): Promise<RecognizedFiles> {
  const files: string[] = []
  const ignored: { file: string; reason: string }[] = []
  for (const file of expandOfficialPaths(paths)) {
    try {
      const tables = await readSourceTables(file)
      const failed = tables.map(recognizeTable).find((r) => !r.ok)
      if (tables.length === 0) ignored.push({ file, reason: '文件中没有数据表' })
      else if (failed !== undefined && !failed.ok) ignored.push({ file, reason: failed.reason })
      else files.push(file)
    } catch (err) {
      if (!(err instanceof OutcomeError)) throw err
      ignored.push({ file, reason: err.message })
    }
  }
  return { files, ignored }
}
