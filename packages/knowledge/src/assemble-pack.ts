// SPDX-License-Identifier: Apache-2.0
import { OutcomeError, badRequest, isIsoDate } from '@yibao/domain'
import type { IsoDate } from '@yibao/domain'
import type { BuildReport, SkippedRow, TableReport } from './build-report.js'
import { buildLiangkuPoints } from './build-liangku-points.js'
import { deriveCodeSets } from './derive-code-sets.js'
import { LIANGKU_SECTIONS } from './liangku-sections.js'
import { PACK_FORMAT } from './pack.js'
import type {
  CatalogDrug,
  DiagnosisCode,
  DipGroup,
  DrgGroup,
  KnowledgePack,
  KnowledgePoint,
  PackSource,
  ProcedureCode,
} from './pack.js'
import { PACK_SECTIONS, SECTION_ATTRIBUTION } from './pack-sections.js'
import type { PackSectionId, ReferenceSectionId } from './pack-sections.js'
import { readDiagnoses } from './read-diagnoses.js'
import { readDipGroups } from './read-dip-groups.js'
import { readDrgGroups } from './read-drg-groups.js'
import { readDrugCatalog } from './read-drug-catalog.js'
import { readProcedures } from './read-procedures.js'
import type { RecognizedTable } from './recognize-table.js'
import type { SourceTable } from './source-table.js'
import { tableLabel } from './table-reader.js'

/** Version data of the pack being assembled, and the pack whose other sections are kept. */
export interface AssembleOptions {
  /** e.g. `2025.1`. */
  readonly version: string
  /** First day the pack (and its new points) apply. */
  readonly effectiveFrom: IsoDate
  /** ISO timestamp written into the pack. */
  readonly builtAt: string
  /** Sections not fed by `tables` are copied from this pack; null = left empty. */
  readonly base: KnowledgePack | null
}

/** An assembled pack and what went into it. */
export interface AssembledPack {
  readonly pack: KnowledgePack
  readonly report: BuildReport
}

interface SectionTables {
  main?: SourceTable
  codes?: SourceTable
}

function sectionLabel(id: PackSectionId): string {
  return LIANGKU_SECTIONS.find((s) => s.id === id)?.label ?? id
}

function groupTables(tables: readonly RecognizedTable[]): Map<PackSectionId, SectionTables> {
  const groups = new Map<PackSectionId, SectionTables>()
  for (const { table, section, role } of tables) {
    const group = groups.get(section) ?? {}
    const existing = group[role]
    if (existing !== undefined) {
      throw new OutcomeError(
        badRequest(
          `「${sectionLabel(section)}」由两个文件提供：${tableLabel(existing)} 与 ${tableLabel(table)}，请只导入其中一个`
        )
      )
    }
    group[role] = table
    groups.set(section, group)
  }
  for (const [section, group] of groups) {
    const spec = LIANGKU_SECTIONS.find((s) => s.id === section)
    if (spec?.subject !== 'DRUG') continue
    if (group.main === undefined && group.codes !== undefined) {
      throw new OutcomeError(
        badRequest(
          `只有药品代码表，缺少「${spec.label}」的规则表（药品通用名、药品说明、限定类型…）`,
          tableLabel(group.codes)
        )
      )
    }
    if (group.main !== undefined && group.codes === undefined) {
      throw new OutcomeError(
        badRequest(
          `缺少「${spec.label}」的药品代码表（*_codes.csv，或 xlsx 的第二个工作表）`,
          tableLabel(group.main)
        )
      )
    }
  }
  return groups
}

function sourceOf(section: PackSectionId, table: SourceTable): PackSource {
  return {
    section,
    file: table.file,
    ...(table.sheet === null ? {} : { sheet: table.sheet }),
    sha256: table.sha256,
    rows: table.rows.length,
    attribution: SECTION_ATTRIBUTION[section],
  }
}

/**
 * Builds a pack from recognized tables: each section fed by a table is read afresh, every
 * other section is copied from `options.base`. Drug codes and service items are derived from
 * the resulting points.
 *
 * @param tables - recognized tables (at most one per section and role)
 * @param options - version, dates and base pack
 * @returns the pack and a report of what was read, produced and skipped
 * @throws OutcomeError naming file, row and column for bad input
 */
export function assemblePack(
  tables: readonly RecognizedTable[],
  options: AssembleOptions
): AssembledPack {
  const { version, effectiveFrom, builtAt, base } = options
  if (version.trim() === '') throw new OutcomeError(badRequest('知识包版本号不能为空', 'version'))
  if (!isIsoDate(effectiveFrom)) {
    throw new OutcomeError(
      badRequest(`生效日期应为 YYYY-MM-DD，实为「${effectiveFrom}」`, 'effectiveFrom')
    )
  }
  const groups = groupTables(tables)
  const skipped: SkippedRow[] = []
  const warnings: string[] = []
  const reports: TableReport[] = []
  const sources: PackSource[] = []
  const report = (
    section: PackSectionId,
    table: SourceTable,
    role: 'main' | 'codes',
    produced: number
  ): void => {
    reports.push({
      file: table.file,
      sheet: table.sheet,
      section,
      role,
      rows: table.rows.length,
      skipped: skipped.filter((s) => s.file === table.file && s.sheet === table.sheet).length,
      produced,
    })
    sources.push(sourceOf(section, table))
  }

  let catalogDrugs: readonly CatalogDrug[] = base?.catalogDrugs ?? []
  let diagnoses: readonly DiagnosisCode[] = base?.diagnoses ?? []
  let procedures: readonly ProcedureCode[] = base?.procedures ?? []
  let drgs: readonly DrgGroup[] = base?.drgs ?? []
  let dip: readonly DipGroup[] = base?.dip ?? []
  const points: KnowledgePoint[] = []

  for (const section of PACK_SECTIONS) {
    const group = groups.get(section)
    if (group === undefined) {
      sources.push(...(base?.sources.filter((s) => s.section === section) ?? []))
      points.push(...(base?.points.filter((p) => p.section === section) ?? []))
      continue
    }
    const main = group.main!
    const spec = LIANGKU_SECTIONS.find((s) => s.id === section)
    if (spec !== undefined) {
      const built = buildLiangkuPoints(
        spec,
        main,
        group.codes ?? null,
        effectiveFrom,
        skipped,
        warnings
      )
      points.push(...built.points)
      report(section, main, 'main', built.points.length)
      if (group.codes !== undefined) report(section, group.codes, 'codes', built.codesAttached)
      continue
    }
    const reference = section as ReferenceSectionId
    switch (reference) {
      case 'drugCatalog':
        catalogDrugs = readDrugCatalog(main, skipped)
        report(section, main, 'main', catalogDrugs.length)
        break
      case 'icd10':
        diagnoses = readDiagnoses(main, skipped)
        report(section, main, 'main', diagnoses.length)
        break
      case 'icd9cm3':
        procedures = readProcedures(main, skipped)
        report(section, main, 'main', procedures.length)
        break
      case 'drg':
        drgs = readDrgGroups(main, skipped)
        report(section, main, 'main', drgs.length)
        break
      case 'dip':
        dip = readDipGroups(main, skipped)
        report(section, main, 'main', dip.length)
        break
      default:
        reference satisfies never
    }
  }
  // Sources and points of sections this version of yibao does not know are kept as they are.
  const known = new Set<string>(PACK_SECTIONS)
  sources.push(...(base?.sources.filter((s) => !known.has(s.section)) ?? []))
  points.push(
    ...(base?.points.filter((p) => p.section === undefined || !known.has(p.section)) ?? [])
  )

  const { drugCodes, serviceItems } = deriveCodeSets(points, catalogDrugs)
  const pack: KnowledgePack = {
    format: PACK_FORMAT,
    version,
    effectiveFrom,
    builtAt,
    sources,
    catalogDrugs,
    drugCodes,
    serviceItems,
    diagnoses,
    procedures,
    drgs,
    dip,
    points,
  }
  return { pack, report: { tables: reports, skipped, warnings } }
}
