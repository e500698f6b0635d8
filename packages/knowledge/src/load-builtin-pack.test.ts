// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import {
  BUILTIN_PACK_EFFECTIVE_FROM,
  BUILTIN_PACK_VERSION,
  loadBuiltinPack,
} from './load-builtin-pack.js'
import { PACK_FORMAT } from './pack.js'
import { PACK_SECTIONS } from './pack-sections.js'

describe('loadBuiltinPack', () => {
  test('reads the committed pack with its version and date', () => {
    const pack = loadBuiltinPack()
    expect(pack.format).toBe(PACK_FORMAT)
    expect(pack.version).toBe(BUILTIN_PACK_VERSION)
    expect(pack.effectiveFrom).toBe(BUILTIN_PACK_EFFECTIVE_FROM)
  })

  test('is cached: the same object every time', () => {
    expect(loadBuiltinPack()).toBe(loadBuiltinPack())
  })

  test('holds every section, each with a source and attribution', () => {
    const pack = loadBuiltinPack()
    for (const section of PACK_SECTIONS) {
      expect(pack.sources.some((s) => s.section === section && s.attribution !== '')).toBe(true)
    }
    for (const key of [
      'catalogDrugs',
      'drugCodes',
      'serviceItems',
      'diagnoses',
      'procedures',
      'drgs',
      'dip',
      'points',
    ] as const) {
      expect(pack[key].length).toBeGreaterThan(0)
    }
  })

  test('sources record the row counts the sections were built from', () => {
    const pack = loadBuiltinPack()
    const rows = (section: string): number =>
      pack.sources.filter((s) => s.section === section).reduce((n, s) => n + s.rows, 0)
    expect(pack.catalogDrugs).toHaveLength(rows('drugCatalog'))
    expect(pack.diagnoses).toHaveLength(rows('icd10'))
    expect(pack.procedures).toHaveLength(rows('icd9cm3'))
    expect(pack.drgs).toHaveLength(rows('drg'))
    expect(pack.dip).toHaveLength(rows('dip'))
  })

  test('point ids are unique and name their batch', () => {
    const pack = loadBuiltinPack()
    expect(new Set(pack.points.map((p) => p.id)).size).toBe(pack.points.length)
    for (const p of pack.points) expect(p.id.startsWith(`B${p.batch}`)).toBe(true)
  })
})
