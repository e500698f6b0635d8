// SPDX-License-Identifier: Apache-2.0
import type { Kind } from '@yibao/domain'
import { field, object, readDocument, text } from '@yibao/domain'
import type { SourceTable } from '@yibao/knowledge'
import { readCsvTable } from '@yibao/knowledge'
import type { ClueSource } from '@yibao/supervision'
import { CLUE_SOURCES, parseClueFile } from '@yibao/supervision'
import { appendAuditLog } from '../audit-log.js'
import type { Database } from '../database.js'
import type { Viewer } from '../review/viewer.js'
import type { ClueBatchView } from './clue-reads.js'
import { readClueBatch } from './clue-reads.js'
import { newId } from '../new-id.js'
import { insertClueBatch } from './clue-records.js'

/** What a clue file is imported with. */
export interface ClueImportInput {
  readonly source: ClueSource
  /** The batch's name, e.g. 国家局 2024 年第 3 批疑点线索. */
  readonly name: string
  readonly receivedDate: string
  /** The file's name, for the messages. */
  readonly file: string
  /** The CSV text. */
  readonly text: string
}

const IMPORT: Kind = object(
  field('source', { t: 'enum', values: CLUE_SOURCES }),
  field('name', text),
  field('receivedDate', { t: 'date' }),
  field('file', text),
  field('text', text)
)

/** What an import did. */
export interface ClueImport {
  readonly status: 'imported' | 'unchanged'
  readonly batch: ClueBatchView
}

/**
 * Imports a batch of clues from CSV (columns 机构编码, 人员编号, 期间, 线索描述, 疑似金额 in yuan):
 * every bad cell named by file, line and column, nothing stored on any error, the same file
 * again (by content) left unchanged. Each clue starts NEW with an `import` event; the batch is
 * in the audit log.
 *
 * @param input - source, name, date received, file name and text (`$.source`… when invalid)
 */
export async function importClueBatch(
  db: Database,
  input: unknown,
  viewer: Viewer
): Promise<ClueImport> {
  const b = readDocument<ClueImportInput>(IMPORT, input)
  // The text as sent, not trimmed, so that line numbers are the file's.
  const csv = (input as { text: string }).text
  return importClueTable(db, b, readCsvTable(b.file, new TextEncoder().encode(csv)), viewer)
}

/**
 * Imports a batch of clues from a table read from a CSV file or an .xlsx worksheet (see
 * `importClueBatch`); the table's sha256 is the file's content.
 */
export async function importClueTable(
  db: Database,
  b: Pick<ClueImportInput, 'source' | 'name' | 'receivedDate'>,
  table: SourceTable,
  viewer: Viewer
): Promise<ClueImport> {
  const hash = table.sha256
  const file = table.sheet === null ? table.file : `${table.file}「${table.sheet}」`
  const [done] = await db.query<{ id: string }>(
    'SELECT id FROM clue_batch WHERE content_hash = $1',
    [hash]
  )
  if (done !== undefined) return { status: 'unchanged', batch: (await readClueBatch(db, done.id))! }
  const known = new Set(
    (await db.query<{ code: string }>('SELECT code FROM institution')).map((r) => r.code)
  )
  const rows = parseClueFile(table, (code) => known.has(code))
  const suspected = rows.reduce((s, r) => s + r.suspectedAmount, 0)
  const batchId = newId('XP')
  const stored = await db.transaction(async (tx) => {
    const batch = {
      id: batchId,
      source: b.source,
      name: b.name,
      receivedDate: b.receivedDate,
      fileName: file,
      contentHash: hash,
    }
    // False: the same file imported at the same moment by someone else.
    if (!(await insertClueBatch(tx, batch, rows, viewer))) return false
    await appendAuditLog(tx, {
      actor: viewer.actor,
      action: 'clue.import',
      target: batchId,
      detail: {
        source: b.source,
        name: b.name,
        file,
        clues: rows.length,
        suspectedAmount: suspected,
      },
    })
    return true
  })
  if (!stored) {
    const [other] = await db.query<{ id: string }>(
      'SELECT id FROM clue_batch WHERE content_hash = $1',
      [hash]
    )
    return { status: 'unchanged', batch: (await readClueBatch(db, other!.id))! }
  }
  return { status: 'imported', batch: (await readClueBatch(db, batchId))! }
}
