// SPDX-License-Identifier: Apache-2.0
import type { CatalogClass, IsoDate } from '@yibao/domain'
import type {
  CatalogDrug,
  DiagnosisCode,
  DipGroup,
  DrgGroup,
  DrugCode,
  KnowledgeKind,
  KnowledgePack,
  KnowledgePoint,
  ProcedureCode,
  ServiceItem,
} from './pack.js'

/** A national drug code with its catalogue row (when the generic name matched one). */
export interface DrugInfo extends DrugCode {
  readonly catalog: CatalogDrug | null
  /** 甲 01 / 乙 02 from the catalogue row, or null. */
  readonly catalogClass: CatalogClass | null
}

function indexBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T> {
  const map = new Map<string, T>()
  for (const row of rows) {
    const k = key(row)
    if (!map.has(k)) map.set(k, row)
  }
  return map
}

function groupBy<T>(rows: readonly T[], keys: (row: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>()
  for (const row of rows) {
    for (const k of keys(row)) {
      const list = map.get(k)
      if (list === undefined) map.set(k, [row])
      else if (list[list.length - 1] !== row) list.push(row)
    }
  }
  return map
}

const NO_POINTS: readonly KnowledgePoint[] = []

/**
 * Look-ups by national code over one knowledge pack, each O(1) (maps built once).
 *
 * @example
 * const k = new Knowledge(loadBuiltinPack())
 * k.drug('XL02BBA326A001010102180')?.name // '阿帕他胺片'
 * k.pointsFor('001103000010000', '2025-06-14') // 重复收费, 限定频次 … points
 */
export class Knowledge {
  readonly pack: KnowledgePack
  private readonly drugs: Map<string, DrugInfo>
  private readonly items: Map<string, ServiceItem>
  private readonly diagnoses: Map<string, DiagnosisCode>
  private readonly procedures: Map<string, ProcedureCode>
  private readonly drgs: Map<string, DrgGroup>
  private readonly dipGroups: Map<string, DipGroup[]>
  private readonly pointsByCode: Map<string, KnowledgePoint[]>
  private readonly pointsByKind: Map<string, KnowledgePoint[]>

  /**
   * Indexes a pack.
   *
   * @param pack - the knowledge pack
   */
  constructor(pack: KnowledgePack) {
    this.pack = pack
    this.drugs = new Map()
    for (const d of pack.drugCodes) {
      if (this.drugs.has(d.code)) continue
      const catalog = d.catalogIndex === null ? null : (pack.catalogDrugs[d.catalogIndex] ?? null)
      this.drugs.set(d.code, { ...d, catalog, catalogClass: catalog?.catalogClass ?? null })
    }
    this.items = indexBy(pack.serviceItems, (i) => i.code)
    this.diagnoses = indexBy(pack.diagnoses, (d) => d.code)
    this.procedures = indexBy(pack.procedures, (p) => p.code)
    this.drgs = indexBy(pack.drgs, (g) => g.code)
    this.dipGroups = groupBy(pack.dip, (g) => [g.diagCategory])
    this.pointsByCode = groupBy(pack.points, (p) => p.codes)
    this.pointsByKind = groupBy(pack.points, (p) => [p.condition.kind])
  }

  /** Pack version, e.g. `2025.1`. */
  get version(): string {
    return this.pack.version
  }

  /**
   * A national drug code (医保药品代码) with its catalogue row and 甲/乙 class.
   *
   * @param code - 20/23-character drug code
   * @returns the drug, or undefined when the pack does not know the code
   */
  drug(code: string): DrugInfo | undefined {
    return this.drugs.get(code)
  }

  /**
   * A medical-service item (医疗服务项目, 15 digits).
   *
   * @param code - item code
   * @returns the item, or undefined
   */
  serviceItem(code: string): ServiceItem | undefined {
    return this.items.get(code)
  }

  /**
   * An ICD-10 医保版 2.0 diagnosis with its CC/MCC/CCE tables.
   *
   * @param code - diagnosis code, e.g. `A00.100`
   * @returns the diagnosis, or undefined
   */
  diagnosis(code: string): DiagnosisCode | undefined {
    return this.diagnoses.get(code)
  }

  /**
   * An ICD-9-CM-3 医保版 2.0 procedure.
   *
   * @param code - procedure code, e.g. `00.0100`
   * @returns the procedure, or undefined
   */
  procedure(code: string): ProcedureCode | undefined {
    return this.procedures.get(code)
  }

  /**
   * A CHS-DRG group.
   *
   * @param code - DRG code, e.g. `AA19`
   * @returns the group, or undefined
   */
  drg(code: string): DrgGroup | undefined {
    return this.drgs.get(code)
  }

  /**
   * The DIP groups (病种) of one ICD-10 category.
   *
   * @param category - 4-character ICD-10 category, e.g. `A41.9`
   * @returns the groups in catalogue order (empty when none)
   */
  dipByCategory(category: string): readonly DipGroup[] {
    return this.dipGroups.get(category) ?? []
  }

  /**
   * True when the code is a known drug, service item, diagnosis or procedure code.
   *
   * @param code - any national code
   * @returns whether the pack knows it
   */
  isKnownCode(code: string): boolean {
    return (
      this.drugs.has(code) ||
      this.items.has(code) ||
      this.diagnoses.has(code) ||
      this.procedures.has(code)
    )
  }

  /**
   * The knowledge points that name this code and are in force on the date.
   *
   * @param code - a drug or item code
   * @param date - the date of the fee line, `YYYY-MM-DD`
   * @returns the points in pack order (empty when none)
   */
  pointsFor(code: string, date: IsoDate): readonly KnowledgePoint[] {
    const points = this.pointsByCode.get(code)
    if (points === undefined) return NO_POINTS
    return points.filter(
      (p) => p.effectiveFrom <= date && (p.effectiveTo === null || date <= p.effectiveTo)
    )
  }

  /**
   * Every knowledge point that names this code, whatever its dates (the audit engine checks
   * each point's dates against the fee line's).
   *
   * @param code - a drug or item code
   * @returns the points in pack order (empty when none)
   */
  pointsOfCode(code: string): readonly KnowledgePoint[] {
    return this.pointsByCode.get(code) ?? NO_POINTS
  }

  /**
   * All knowledge points of one kind, whatever their dates.
   *
   * @param kind - condition kind, e.g. `DUPLICATE_CHARGE`
   * @returns the points in pack order
   */
  pointsOfKind(kind: KnowledgeKind): readonly KnowledgePoint[] {
    return this.pointsByKind.get(kind) ?? NO_POINTS
  }

  /**
   * The catalogue class (甲 01 / 乙 02) of a drug code, when its catalogue row is known.
   *
   * @param code - drug code
   * @returns the class, or null
   */
  catalogClassOf(code: string): CatalogClass | null {
    return this.drugs.get(code)?.catalogClass ?? null
  }
}
