// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import type { Queryable } from '../database.js'

/** Bytes per COPY statement: bounds memory (PGlite buffers a whole COPY) and paces progress. */
const PIECE_BYTES = 16 * 1024 * 1024

function countNewlines(bytes: Uint8Array): number {
  let n = 0
  let i = bytes.indexOf(10)
  while (i !== -1) {
    n++
    i = bytes.indexOf(10, i + 1)
  }
  return n
}

/**
 * Loads a PostgreSQL COPY text-format file into `table` in pieces of whole lines, one COPY
 * statement per piece, all on `tx` (so inside the caller's transaction).
 *
 * @param onRows - called after each piece with the rows copied so far
 * @returns the number of rows copied
 */
export async function copyFileInto(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  file: string,
  onRows?: (rows: number) => void,
  signal?: AbortSignal
): Promise<number> {
  let rows = 0
  let pending: Buffer[] = []
  let pendingBytes = 0
  const flush = async (piece: Buffer): Promise<void> => {
    if (piece.length === 0) return
    signal?.throwIfAborted()
    await tx.copyFrom(table, columns, piece)
    rows += countNewlines(piece)
    onRows?.(rows)
  }
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const buf = chunk as Buffer
    pending.push(buf)
    pendingBytes += buf.length
    if (pendingBytes < PIECE_BYTES) continue
    const all = Buffer.concat(pending)
    const cut = all.lastIndexOf(10) + 1
    pending = [all.subarray(cut)]
    pendingBytes = all.length - cut
    await flush(all.subarray(0, cut))
  }
  await flush(Buffer.concat(pending))
  return rows
}
