// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { conflict, notFound, OutcomeError } from '@yibao/domain'
import type { Database } from './database.js'
import { listPackVersions, loadPackContent, savePackVersion } from './pack-versions.js'
import { testBackends } from './testing.js'

const sources = [
  {
    section: 'drugCatalog',
    file: '药品目录.xlsx',
    sha256: 'ab',
    rows: 3,
    attribution: '国家医保局',
  },
]
const pack = (version: string, content: number[]) => ({
  version,
  effectiveFrom: '2025-01-01',
  builtAt: '2025-01-02T08:00:00+08:00',
  sources,
  content: new Uint8Array(content),
})

describe.each(testBackends())('knowledge-pack versions on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('a version is stored once; the same content again is a no-op', async () => {
    expect(await savePackVersion(db, pack('2025.1', [1, 2, 3, 0, 255]))).toBe('created')
    expect(await savePackVersion(db, pack('2025.1', [1, 2, 3, 0, 255]))).toBe('unchanged')
    const content = await loadPackContent(db, '2025.1')
    expect(content).toBeInstanceOf(Uint8Array)
    expect([...content]).toEqual([1, 2, 3, 0, 255])
  })

  test('the same version with different content is a conflict and keeps the stored one', async () => {
    const err = await savePackVersion(db, pack('2025.1', [9])).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(OutcomeError)
    expect((err as OutcomeError).outcome).toMatchObject(
      conflict(expect.stringContaining('2025.1') as unknown as string, 'knowledge_pack:2025.1')
    )
    expect([...(await loadPackContent(db, '2025.1'))]).toEqual([1, 2, 3, 0, 255])
  })

  test('versions are listed by effective date with size and checksum', async () => {
    await savePackVersion(db, { ...pack('2024.2', [7]), effectiveFrom: '2024-07-01' })
    const versions = await listPackVersions(db)
    expect(versions.map((v) => v.version)).toEqual(['2024.2', '2025.1'])
    expect(versions[1]).toMatchObject({
      effectiveFrom: '2025-01-01',
      builtAt: '2025-01-02T08:00:00+08:00',
      sources,
      size: 5,
    })
    expect(versions[1]!.sha256).toMatch(/^[0-9a-f]{64}$/)
  })

  test('loading a version that is not stored is not found', async () => {
    const err = await loadPackContent(db, 'nope').catch((e: unknown) => e)
    expect((err as OutcomeError).outcome).toEqual(notFound('知识包版本 nope 不存在'))
  })
})
