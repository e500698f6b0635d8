// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { InstitutionType } from '@yibao/domain'
import type { InspectionObject, Inspector } from './draw.js'
import { DEFAULT_INSPECTION_PLAN, demoInspectors, drawInspection } from './draw.js'

const types: InstitutionType[] = ['HOSPITAL', 'CLINIC', 'VILLAGE_CLINIC', 'PHARMACY']
const objects: InspectionObject[] = Array.from({ length: 200 }, (_, i) => ({
  code: `I${String(i).padStart(4, '0')}`,
  name: `机构${i}`,
  type: types[i % 4]!,
  level: 1,
  admdvs: '431223',
  credit: i % 10 === 0 ? 'D' : i % 10 === 1 ? 'A' : null,
  risk: (i % 7) / 7,
}))
const inspectors = demoInspectors(
  objects.map((o) => o.code),
  10,
  3
)

describe('双随机 draw', () => {
  test('the same seed gives the same objects and teams; another seed another draw', () => {
    const a = drawInspection(DEFAULT_INSPECTION_PLAN, objects, inspectors, 42)
    const b = drawInspection(DEFAULT_INSPECTION_PLAN, [...objects].reverse(), [...inspectors], 42)
    expect(b).toEqual(a)
    const c = drawInspection(DEFAULT_INSPECTION_PLAN, objects, inspectors, 43)
    expect(c.objects.map((o) => o.object.code)).not.toEqual(a.objects.map((o) => o.object.code))
  })

  test('counts follow the ratios per type', () => {
    const d = drawInspection(DEFAULT_INSPECTION_PLAN, objects, inspectors, 7)
    expect(d.byType).toEqual({
      HOSPITAL: { register: 50, drawn: 10 },
      CLINIC: { register: 50, drawn: 5 },
      VILLAGE_CLINIC: { register: 50, drawn: 2 },
      PHARMACY: { register: 50, drawn: 3 },
    })
    expect(d.objects).toHaveLength(20)
  })

  test('no team member has a conflict with the object; the uncertified are never drawn', () => {
    const byId = new Map(inspectors.map((i) => [i.id, i]))
    for (let seed = 0; seed < 50; seed++) {
      const d = drawInspection(DEFAULT_INSPECTION_PLAN, objects, inspectors, seed)
      for (const o of d.objects) {
        expect(o.team).toHaveLength(2)
        expect(new Set(o.team).size).toBe(2)
        for (const id of o.team) {
          const i = byId.get(id)!
          expect(i.certificate).not.toBeNull()
          expect(i.conflicts).not.toContain(o.object.code)
        }
        for (const id of o.avoided) expect(byId.get(id)!.conflicts).toContain(o.object.code)
      }
    }
  })

  test('low credit and high risk are drawn more often', () => {
    let risky = 0
    let safe = 0
    for (let seed = 0; seed < 200; seed++) {
      const d = drawInspection(DEFAULT_INSPECTION_PLAN, objects, inspectors, seed)
      for (const o of d.objects) {
        if (o.object.credit === 'D') risky++
        if (o.object.credit === 'A') safe++
      }
    }
    expect(risky).toBeGreaterThan(safe * 3)
  })

  test('a team that cannot be staffed without conflicts is refused, naming the object', () => {
    const few: Inspector[] = [
      { id: 'X1', name: '甲', certificate: 'C1', specialty: '医疗', unit: '局', conflicts: [] },
      {
        id: 'X2',
        name: '乙',
        certificate: 'C2',
        specialty: '医疗',
        unit: '局',
        conflicts: objects.map((o) => o.code),
      },
    ]
    expect(() => drawInspection(DEFAULT_INSPECTION_PLAN, objects, few, 1)).toThrow(/少于 2 名/)
    expect(() => drawInspection(DEFAULT_INSPECTION_PLAN, objects, inspectors, -1)).toThrow(/seed/)
  })
})

describe('inspection plan documents', () => {
  test('round-trip, and a bad ratio is named by its path', async () => {
    const { inspectionPlanToDocument, parseInspectionPlanText } = await import('./plan-document.js')
    const doc = inspectionPlanToDocument(DEFAULT_INSPECTION_PLAN)
    expect(doc['ratio']).toEqual({ HOSPITAL: 20, CLINIC: 10, VILLAGE_CLINIC: 3, PHARMACY: 5 })
    expect(parseInspectionPlanText(JSON.stringify(doc))).toEqual(DEFAULT_INSPECTION_PLAN)
    const bad = JSON.stringify({ ...doc, ratio: { HOSPITAL: 120 }, teamSize: 1 })
    expect(() => parseInspectionPlanText(bad)).toThrow(/\$\.ratio\.HOSPITAL[\s\S]*\$\.teamSize/)
  })
})
