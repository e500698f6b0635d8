// SPDX-License-Identifier: Apache-2.0
export * from './code-checker.js'
export type * from './import-report.js'
export * from './import-nhsa-dir.js'
export type { IngestOptions } from './ingest-pipeline.js'
export * from './ingest-settlement-message.js'
export * from './write-nhsa-csv.js'
export * from './bench-ingest.js'
export * from './write-synthetic-nhsa-files.js'
