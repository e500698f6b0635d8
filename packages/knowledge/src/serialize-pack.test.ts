// SPDX-License-Identifier: Apache-2.0
import { gunzipSync, gzipSync } from 'node:zlib'
import { OutcomeError } from '@yibao/domain'
import { describe, expect, test } from 'vitest'
import { PACK_FORMAT } from './pack.js'
import type { KnowledgePack } from './pack.js'
import { parsePack } from './parse-pack.js'
import { serializePack } from './serialize-pack.js'

const pack: KnowledgePack = {
  format: PACK_FORMAT,
  version: 'test.1',
  effectiveFrom: '2025-01-01',
  builtAt: '2025-01-01T00:00:00+08:00',
  sources: [],
  catalogDrugs: [],
  drugCodes: [],
  serviceItems: [{ code: '001102000050000', name: '住院诊查费' }],
  diagnoses: [],
  procedures: [],
  drgs: [],
  dip: [],
  points: [],
}

function thrown(fn: () => unknown): OutcomeError {
  try {
    fn()
  } catch (err) {
    if (err instanceof OutcomeError) return err
    throw err
  }
  throw new Error('expected an OutcomeError')
}

describe('serializePack / parsePack', () => {
  test('round-trips a pack through gzipped JSON', () => {
    const bytes = serializePack(pack)
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b])
    expect(JSON.parse(gunzipSync(bytes).toString('utf8'))).toEqual(pack)
    expect(parsePack(bytes)).toEqual(pack)
  })

  test('gives the same bytes every time', () => {
    expect(Buffer.from(serializePack(pack)).equals(Buffer.from(serializePack({ ...pack })))).toBe(
      true
    )
  })

  test('accepts plain JSON too', () => {
    expect(parsePack(Buffer.from(JSON.stringify(pack)))).toEqual(pack)
  })

  test('rejects a wrong format tag with an invalid outcome', () => {
    const err = thrown(() => parsePack(gzipSync(JSON.stringify({ ...pack, format: 'other/1' }))))
    expect(err.outcome.issues[0]?.code).toBe('invalid')
    expect(err.message).toContain('格式标记')
    expect(err.message).toContain('other/1')
  })

  test('rejects a pack with a missing section array', () => {
    const rest: Record<string, unknown> = { ...pack }
    delete rest.points
    const err = thrown(() => parsePack(gzipSync(JSON.stringify(rest))))
    expect(err.message).toContain('points')
  })

  test('rejects bytes that are not JSON and damaged gzip data', () => {
    expect(thrown(() => parsePack(Buffer.from('not json'))).message).toContain('不是 JSON')
    expect(thrown(() => parsePack(Uint8Array.from([0x1f, 0x8b, 1, 2, 3]))).message).toContain(
      'gzip'
    )
  })
})
