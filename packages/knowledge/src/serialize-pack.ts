// SPDX-License-Identifier: Apache-2.0
import { constants, gzipSync } from 'node:zlib'
import type { KnowledgePack } from './pack.js'

/**
 * Serializes a pack as gzipped JSON (level 9). The same pack always gives the same bytes: the
 * gzip header carries no time stamp and its OS byte is fixed to Unix.
 *
 * @param pack - the pack
 * @returns the gzipped bytes
 */
export function serializePack(pack: KnowledgePack): Uint8Array {
  const json = Buffer.from(JSON.stringify(pack), 'utf8')
  const gz = gzipSync(json, { level: constants.Z_BEST_COMPRESSION })
  // Byte 9 of a gzip header names the OS that wrote it; zlib builds differ, so fix it to Unix (3).
  gz[9] = 3
  return new Uint8Array(gz.buffer, gz.byteOffset, gz.byteLength)
}
