// SPDX-License-Identifier: Apache-2.0

/** A step of an import, in order. */
export type IngestStage = 'read' | 'validate' | 'check' | 'load' | 'done'

/** A progress event: `rows` of `total` done in `table` (both absent when not known). */
export interface ImportProgress {
  readonly stage: IngestStage
  /** National table name (`fee_list_d`), or a storage table during `load`. */
  readonly table?: string
  readonly rows?: number
  readonly total?: number
}

/** One rejected record or conflicting field. */
export interface IngestIssue {
  /** `rejected`: the record is invalid; `conflict`: its id is stored with other content. */
  readonly kind: 'rejected' | 'conflict'
  /** National table name. */
  readonly table: string
  /** File name (`fee_list_d.csv`) for file imports, the message path prefix for the API. */
  readonly source: string
  /** 1-based data row (the header is not counted), or null for a whole-file issue. */
  readonly row: number | null
  /** National column name. */
  readonly field: string
  /** Where, for machines: `fee_list_d.csv:17:det_item_fee_sumamt` or `fee_list_d[16].cnt`. */
  readonly path: string
  /** Complete message in Chinese, naming file, row and field. */
  readonly message: string
}

/** Row counts of one national table. */
export interface TableCounts {
  /** Rows read. */
  readonly rows: number
  /** Rows written. */
  readonly added: number
  /** Rows whose id was already stored with the same content. */
  readonly unchanged: number
}

/** What an import did. Expected failures are reported here, not thrown. */
export interface ImportReport {
  /**
   * `imported`: the new records were written in one transaction; `unchanged`: every record
   * was already stored with the same content (nothing written but the batch row);
   * `rejected`: some record was invalid; `conflict`: some id is stored with other content.
   * In the last two cases nothing was written.
   */
  readonly status: 'imported' | 'unchanged' | 'rejected' | 'conflict'
  /** The `import_batch` row recording this import. */
  readonly batchId: number
  /** Counts per national table present in the input (and `payinfo` for fund details). */
  readonly tables: Readonly<Record<string, TableCounts>>
  /** Persons and institutions created from `mdtrt_d`. */
  readonly personsAdded: number
  readonly institutionsAdded: number
  /** Rows written to `ingest_flag` (codes unknown to the pack). */
  readonly flags: number
  /** The first issues (at most `maxIssues`), in table and row order. */
  readonly issues: readonly IngestIssue[]
  /** Total number of issues, including those left out of `issues`. */
  readonly issueCount: number
  readonly seconds: number
}
