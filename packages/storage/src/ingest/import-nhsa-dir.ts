// SPDX-License-Identifier: Apache-2.0
import type { Database } from '../database.js'
import { DuckStage } from './duck-stage.js'
import type { ImportReport } from './import-report.js'
import { runIngest } from './ingest-pipeline.js'
import type { IngestOptions } from './ingest-pipeline.js'
import { stageNhsaFiles } from './stage-nhsa-files.js'

/**
 * Imports the national extract files of a directory: any of `mdtrt_d`, `setl_d`, `fee_list_d`,
 * `setl_list_diag_d`, `setl_list_oprn_d` as `.csv`, `.csv.gz` or `.parquet` (CSV with a header
 * row; columns by national name or alias; extra columns ignored).
 *
 * All or nothing: when any record is rejected, or a stored id comes with other content
 * (conflict), nothing is written and the report lists every issue with file, row and field.
 * Otherwise everything is written in one transaction, stamped with a new `import_batch`; ids
 * already stored with the same content are counted as unchanged, so a re-run adds nothing.
 * Codes unknown to the pack are kept and flagged in `ingest_flag`.
 *
 * @param db - the system of record (migrated)
 * @param dir - directory holding the files
 * @returns what was imported, or why nothing was
 * @example
 * ```ts
 * const report = await importNhsaDir(db, './extract-2025-06', {
 *   codes: { isKnown: (kind, code) => knowledge.isKnownCode(code) },
 *   onProgress: (p) => console.log(p.stage, p.table, p.rows, p.total),
 * })
 * if (report.status !== 'imported') for (const i of report.issues) console.error(i.message)
 * ```
 */
export async function importNhsaDir(
  db: Database,
  dir: string,
  options: IngestOptions
): Promise<ImportReport> {
  const stage = await DuckStage.open()
  try {
    const input = await stageNhsaFiles(stage, dir, options.onProgress, options.signal)
    return await runIngest(db, stage, input, options)
  } finally {
    await stage.close()
  }
}
