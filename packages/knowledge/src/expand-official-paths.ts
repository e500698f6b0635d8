// SPDX-License-Identifier: Apache-2.0
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { OutcomeError, badRequest } from '@yibao/domain'
import { isImportableFile } from './read-source-tables.js'

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const entry of entries) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) walk(path, out)
    else if (entry.isFile() && isImportableFile(path)) out.push(path)
  }
}

/**
 * Expands folders into the official files they hold: every `.csv` and `.xlsx` file below the
 * folder (recursively, sorted by name; Excel lock files `~$…` and hidden files left out).
 * Paths naming a file are kept as given, so that the import reports a wrong file type.
 *
 * @param paths - files and folders
 * @returns the files to import, in order
 * @throws OutcomeError when a path does not exist
 */
export function expandOfficialPaths(paths: readonly string[]): string[] {
  const files: string[] = []
  for (const path of paths) {
    let isDirectory: boolean
    try {
      isDirectory = statSync(path).isDirectory()
    } catch (err) {
      throw new OutcomeError(badRequest('文件或目录不存在', path), err)
    }
    if (isDirectory) walk(path, files)
    else files.push(path)
  }
  return files
}
