// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { Knowledge } from './knowledge.js'
import { loadBuiltinPack } from './load-builtin-pack.js'
import { PACK_FORMAT } from './pack.js'
import type { KnowledgePack, KnowledgePoint } from './pack.js'

const ITEM = '001102000050000'

function point(id: string, from: string, to: string | null): KnowledgePoint {
  return {
    id,
    batch: 8,
    subject: 'ITEM',
    codes: [ITEM],
    name: '住院诊查费',
    text: '限定频次：1日',
    condition: { kind: 'FREQUENCY', maxQuantity: 1, per: 'DAY' },
    effectiveFrom: from,
    effectiveTo: to,
  }
}

const small: KnowledgePack = {
  format: PACK_FORMAT,
  version: 't.1',
  effectiveFrom: '2025-01-01',
  builtAt: '2025-01-01T00:00:00+08:00',
  sources: [],
  catalogDrugs: [
    {
      number: 1,
      part: '西药部分',
      name: '阿司匹林',
      dosageForm: null,
      catalogClass: '01',
      categoryCode: null,
      categoryName: null,
      restriction: null,
      paymentStandard: null,
      agreementEnd: null,
      notPayable: false,
    },
  ],
  drugCodes: [
    { code: 'XB01ACA056A001010100001', name: '阿司匹林', catalogIndex: 0 },
    { code: 'XB01ACA056A001010100002', name: '不在目录', catalogIndex: null },
  ],
  serviceItems: [{ code: ITEM, name: '住院诊查费' }],
  diagnoses: [{ code: 'A00.100', name: '霍乱', cc: 1, mcc: null, cce: null }],
  procedures: [{ code: '00.0100', name: '头和颈部血管治疗性超声', validOr: false }],
  drgs: [{ code: 'AA19', name: '心脏移植', adrg: 'AA1', mdc: 'MDCA' }],
  dip: [],
  points: [
    point('OLD', '2024-01-01', '2024-12-31'),
    point('NOW', '2025-01-01', null),
    point('LATER', '2025-07-01', null),
  ],
}

describe('Knowledge on a small pack', () => {
  const k = new Knowledge(small)

  test('pointsFor returns only points in force on the date', () => {
    expect(k.pointsFor(ITEM, '2024-06-01').map((p) => p.id)).toEqual(['OLD'])
    expect(k.pointsFor(ITEM, '2024-12-31').map((p) => p.id)).toEqual(['OLD'])
    expect(k.pointsFor(ITEM, '2025-01-01').map((p) => p.id)).toEqual(['NOW'])
    expect(k.pointsFor(ITEM, '2025-07-01').map((p) => p.id)).toEqual(['NOW', 'LATER'])
    expect(k.pointsFor(ITEM, '2023-12-31')).toEqual([])
    expect(k.pointsFor('999999999999999', '2025-07-01')).toEqual([])
  })

  test('drug look-ups join the catalogue row and its class', () => {
    expect(k.drug('XB01ACA056A001010100001')?.catalog?.name).toBe('阿司匹林')
    expect(k.catalogClassOf('XB01ACA056A001010100001')).toBe('01')
    expect(k.catalogClassOf('XB01ACA056A001010100002')).toBeNull()
    expect(k.drug('XB01ACA056A001010100003')).toBeUndefined()
  })

  test('isKnownCode covers drugs, items, diagnoses and procedures', () => {
    for (const code of ['XB01ACA056A001010100002', ITEM, 'A00.100', '00.0100']) {
      expect(k.isKnownCode(code)).toBe(true)
    }
    expect(k.isKnownCode('AA19')).toBe(false)
    expect(k.drg('AA19')?.name).toBe('心脏移植')
  })

  test('pointsOfKind lists all points of the kind, whatever their dates', () => {
    expect(k.pointsOfKind('FREQUENCY')).toHaveLength(3)
    expect(k.pointsOfKind('GENDER')).toEqual([])
  })
})

describe('Knowledge on the built-in pack', () => {
  const pack = loadBuiltinPack()
  const k = new Knowledge(pack)

  test('every point is found through each of its codes on its first day', () => {
    for (const p of pack.points) {
      for (const code of p.codes) expect(k.pointsFor(code, p.effectiveFrom)).toContain(p)
    }
  })

  test('every code of the pack is known, and unknown codes are not', () => {
    for (const d of pack.drugCodes) expect(k.drug(d.code)).toBeDefined()
    for (const i of pack.serviceItems) expect(k.serviceItem(i.code)?.name).toBe(i.name)
    expect(k.isKnownCode(pack.diagnoses[0]!.code)).toBe(true)
    expect(k.isKnownCode(pack.procedures[0]!.code)).toBe(true)
    expect(k.isKnownCode('NOT-A-CODE')).toBe(false)
  })

  test('drug classes come from the matched catalogue row', () => {
    for (const d of pack.drugCodes) {
      const row = d.catalogIndex === null ? null : pack.catalogDrugs[d.catalogIndex]!
      expect(k.catalogClassOf(d.code)).toBe(row?.catalogClass ?? null)
      if (row !== null) expect(row.name).toBe(d.name)
    }
  })

  test('dipByCategory returns the groups of that ICD-10 category', () => {
    const category = pack.dip[0]!.diagCategory
    expect(k.dipByCategory(category)).toEqual(pack.dip.filter((g) => g.diagCategory === category))
    expect(k.dipByCategory('Z99.9-none')).toEqual([])
  })

  test('a gender-limited drug and a duplicate-charge item can be looked up', () => {
    const gender = pack.points.find((p) => p.subject === 'DRUG' && p.condition.kind === 'GENDER')!
    expect(k.pointsFor(gender.codes[0]!, '2025-06-14').map((p) => p.condition.kind)).toContain(
      'GENDER'
    )
    const dup = k.pointsOfKind('DUPLICATE_CHARGE')[0]!
    expect(k.pointsFor(dup.codes[0]!, '2025-06-14')).toContain(dup)
    expect(k.pointsFor(dup.codes[0]!, '2024-12-31')).toEqual([])
  })
})
