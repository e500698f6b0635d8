// SPDX-License-Identifier: Apache-2.0
import { gunzipSync } from 'node:zlib'
import { OutcomeError, badRequest, isIsoDate } from '@yibao/domain'
import { PACK_FORMAT } from './pack.js'
import type { KnowledgePack } from './pack.js'

const ARRAYS = [
  'sources',
  'catalogDrugs',
  'drugCodes',
  'serviceItems',
  'diagnoses',
  'procedures',
  'drgs',
  'dip',
  'points',
] as const

function invalid(message: string, path?: string): OutcomeError {
  return new OutcomeError(badRequest(`知识包无效：${message}`, path))
}

/**
 * Reads a serialized pack (gzipped JSON as written by `serializePack`, or plain JSON) and checks
 * its format tag, version, effective date and that every section is an array.
 *
 * @param bytes - the pack file's bytes
 * @returns the pack
 * @throws OutcomeError (invalid) with a Chinese message when the bytes are not a pack
 */
export function parsePack(bytes: Uint8Array): KnowledgePack {
  let text: string
  try {
    const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b
    text = Buffer.from(gzipped ? gunzipSync(bytes) : bytes).toString('utf8')
  } catch (err) {
    throw new OutcomeError(badRequest('知识包无效：gzip 数据损坏，无法解压'), err)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new OutcomeError(badRequest('知识包无效：内容不是 JSON'), err)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('顶层应为 JSON 对象')
  }
  const record = value as Record<string, unknown>
  if (record.format !== PACK_FORMAT) {
    throw invalid(`格式标记应为「${PACK_FORMAT}」，实为「${String(record.format)}」`, 'format')
  }
  if (typeof record.version !== 'string' || record.version === '') {
    throw invalid('缺少版本号 version', 'version')
  }
  if (typeof record.effectiveFrom !== 'string' || !isIsoDate(record.effectiveFrom)) {
    throw invalid('生效日期 effectiveFrom 应为 YYYY-MM-DD', 'effectiveFrom')
  }
  if (typeof record.builtAt !== 'string') throw invalid('缺少构建时间 builtAt', 'builtAt')
  for (const key of ARRAYS) {
    if (!Array.isArray(record[key])) throw invalid(`缺少数组 ${key}`, key)
  }
  return value as KnowledgePack
}
