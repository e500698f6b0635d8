// SPDX-License-Identifier: Apache-2.0
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { OutcomeError, badRequest } from '@yibao/domain'
import type { IsoDate } from '@yibao/domain'
import { assemblePack } from './assemble-pack.js'
import type { AssembledPack } from './assemble-pack.js'
import { readCsvTable } from './read-csv-table.js'
import { recognizeTable } from './recognize-table.js'
import type { RecognizedTable } from './recognize-table.js'

/** Version data of a pack build. */
export interface BuildPackOptions {
  /** e.g. `2025.1`. */
  readonly version: string
  /** First day the pack applies. */
  readonly effectiveFrom: IsoDate
  /** Timestamp written into the pack; fix it to get reproducible bytes. */
  readonly builtAt: string
}

/** Folder of the 两库 CSV files inside the shared data directory. */
export const LIANGKU_CSV_DIR = 'nhsa-liangku-rules/csv'

/**
 * The reference files a pack is built from, relative to the shared data directory: the drug
 * catalogue, every CSV of the 两库 folder, the ICD / DRG tables and the DIP catalogue.
 * (The `medimodel-rule-dicts` and `kaggle-provider-fraud` folders are never read: their
 * licences do not allow shipping them.)
 *
 * @param dataDir - the shared data directory
 * @returns relative paths in build order
 */
export function sharedDataFiles(dataDir: string): string[] {
  const liangku = readdirSync(join(dataDir, LIANGKU_CSV_DIR))
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort()
    .map((f) => `${LIANGKU_CSV_DIR}/${f}`)
  return [
    'nhsa-drug-catalog-2024/drug_catalog_2024.csv',
    ...liangku,
    'chs-drg-1.1-opendrg/diagnosis_icd10_yb2.csv',
    'chs-drg-1.1-opendrg/procedure_icd9cm3_yb2.csv',
    'chs-drg-1.1-opendrg/drg_list.csv',
    'dip-fengshun-2024/dip_catalog.csv',
  ]
}

/**
 * Builds a complete knowledge pack from the shared reference data (`../shared/data` of the
 * repository): catalogue, 两库 batches 1–8, ICD-10 / ICD-9-CM-3 医保版 2.0, CHS-DRG 1.1 and the
 * DIP catalogue. The result depends only on the file contents and the options.
 *
 * @param dataDir - the shared data directory
 * @param options - version, effective date and build timestamp
 * @returns the pack and a report of the rows read, produced and skipped
 * @throws OutcomeError when a file is missing, unrecognized or has a bad row
 */
export function buildPackFromSharedData(dataDir: string, options: BuildPackOptions): AssembledPack {
  const tables: RecognizedTable[] = []
  for (const relative of sharedDataFiles(dataDir)) {
    const name = relative.slice(relative.lastIndexOf('/') + 1)
    let bytes: Uint8Array
    try {
      bytes = readFileSync(join(dataDir, relative))
    } catch (err) {
      throw new OutcomeError(badRequest('无法读取文件', relative), err)
    }
    const recognition = recognizeTable(readCsvTable(name, bytes))
    if (!recognition.ok) throw new OutcomeError(badRequest(recognition.reason, relative))
    tables.push(recognition.recognized)
  }
  return assemblePack(tables, { ...options, base: null })
}
