// SPDX-License-Identifier: Apache-2.0
import type { CatalogDrug, DrugCode, KnowledgePoint, ServiceItem } from './pack.js'

/** The code sets of a pack, derived from its knowledge points. */
export interface CodeSets {
  readonly drugCodes: readonly DrugCode[]
  readonly serviceItems: readonly ServiceItem[]
}

/**
 * Collects every distinct drug code and service-item code named by the points (both sides of a
 * 重复收费 pair included), each with the first name it appears under. A drug code's
 * `catalogIndex` is the first catalogue row whose name equals the drug's generic name exactly.
 *
 * @param points - the pack's knowledge points, in pack order
 * @param catalogDrugs - the pack's catalogue rows
 * @returns drug codes and service items, each sorted by code
 */
export function deriveCodeSets(
  points: readonly KnowledgePoint[],
  catalogDrugs: readonly CatalogDrug[]
): CodeSets {
  const catalogByName = new Map<string, number>()
  catalogDrugs.forEach((drug, index) => {
    if (!catalogByName.has(drug.name)) catalogByName.set(drug.name, index)
  })
  const drugs = new Map<string, DrugCode>()
  const items = new Map<string, ServiceItem>()
  for (const point of points) {
    for (const code of point.codes) {
      if (point.subject === 'DRUG') {
        if (!drugs.has(code)) {
          drugs.set(code, {
            code,
            name: point.name,
            catalogIndex: catalogByName.get(point.name) ?? null,
          })
        }
      } else if (!items.has(code)) {
        items.set(code, { code, name: point.name })
      }
    }
    const c = point.condition
    if (c.kind === 'DUPLICATE_CHARGE' && !items.has(c.pairedCode)) {
      items.set(c.pairedCode, { code: c.pairedCode, name: c.pairedName })
    }
  }
  const byCode = (a: { code: string }, b: { code: string }): number =>
    a.code < b.code ? -1 : a.code > b.code ? 1 : 0
  return {
    drugCodes: [...drugs.values()].sort(byCode),
    serviceItems: [...items.values()].sort(byCode),
  }
}
