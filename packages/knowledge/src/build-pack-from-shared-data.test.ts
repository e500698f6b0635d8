// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, test } from 'vitest'
import type { AssembledPack } from './assemble-pack.js'
import { buildPackFromSharedData, sharedDataFiles } from './build-pack-from-shared-data.js'
import {
  BUILTIN_PACK_BUILT_AT,
  BUILTIN_PACK_EFFECTIVE_FROM,
  BUILTIN_PACK_URL,
  BUILTIN_PACK_VERSION,
} from './load-builtin-pack.js'
import type { KnowledgeCondition, KnowledgePoint } from './pack.js'
import { parseCsv } from './parse-csv.js'
import { serializePack } from './serialize-pack.js'

const SHARED = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const NO_SHARED = !existsSync(join(SHARED, 'nhsa-liangku-rules'))
const LK = 'nhsa-liangku-rules/csv'

function csv(relative: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(readFileSync(join(SHARED, relative), 'utf8'))
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, (r[i] ?? '').trim()])))
}

/** Physical line count minus the header: valid for files without quoted line breaks. */
function lineCount(relative: string): number {
  return (
    readFileSync(join(SHARED, relative), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l !== '').length - 1
  )
}

function ofSection(points: readonly KnowledgePoint[], section: string): KnowledgePoint[] {
  return points.filter((p) => p.section === section)
}

describe.skipIf(NO_SHARED)('buildPackFromSharedData (needs ../shared/data)', () => {
  let built: AssembledPack
  beforeAll(() => {
    built = buildPackFromSharedData(SHARED, {
      version: BUILTIN_PACK_VERSION,
      effectiveFrom: BUILTIN_PACK_EFFECTIVE_FROM,
      builtAt: BUILTIN_PACK_BUILT_AT,
    })
  })

  test('the committed pack equals a fresh build byte for byte', () => {
    const committed = readFileSync(BUILTIN_PACK_URL)
    expect(Buffer.from(serializePack(built.pack)).equals(committed)).toBe(true)
  })

  test('reference sections have one record per source row', () => {
    const { pack } = built
    // The catalogue has quoted line breaks in 备注, so count records, not lines.
    expect(pack.catalogDrugs).toHaveLength(
      csv('nhsa-drug-catalog-2024/drug_catalog_2024.csv').length
    )
    expect(pack.diagnoses).toHaveLength(lineCount('chs-drg-1.1-opendrg/diagnosis_icd10_yb2.csv'))
    expect(pack.procedures).toHaveLength(lineCount('chs-drg-1.1-opendrg/procedure_icd9cm3_yb2.csv'))
    expect(pack.drgs).toHaveLength(lineCount('chs-drg-1.1-opendrg/drg_list.csv'))
    expect(pack.dip).toHaveLength(lineCount('dip-fengshun-2024/dip_catalog.csv'))
    // Counts stated in the SOURCE.md files.
    expect([pack.catalogDrugs.length, pack.diagnoses.length, pack.procedures.length]).toEqual([
      4750, 33304, 13686,
    ])
    expect([pack.drgs.length, pack.dip.length]).toEqual([628, 3393])
  })

  test('catalogue classes, 饮片 flags and agreement dates follow SOURCE.md', () => {
    const drugs = built.pack.catalogDrugs
    const count = (part: string, cls: string | null): number =>
      drugs.filter((d) => d.part === part && d.catalogClass === cls).length
    expect(count('西药部分', '01')).toBe(510)
    expect(count('西药部分', '02')).toBe(1445)
    expect(count('中成药部分', '01')).toBe(257)
    expect(count('中成药部分', '02')).toBe(1187)
    expect(count('协议期内谈判药品', '02')).toBe(348 + 58)
    expect(count('竞价药品部分', '02')).toBe(21)
    expect(count('基金予以支付的中药饮片', null)).toBe(892)
    expect(drugs.filter((d) => d.notPayable)).toHaveLength(32)
    expect(drugs.filter((d) => d.agreementEnd !== null)).toHaveLength(427)
    expect(drugs.every((d) => d.agreementEnd === null || d.agreementEnd <= '2026-12-31')).toBe(true)
    expect(drugs.filter((d) => d.restriction !== null)).toHaveLength(821)
  })

  test('DIP groups split their operation codes and carry 基层病种', () => {
    const rows = csv('dip-fengshun-2024/dip_catalog.csv')
    expect(built.pack.dip.filter((g) => g.primaryCare)).toHaveLength(474)
    rows.forEach((row, i) => {
      const group = built.pack.dip[i]!
      expect(group.code).toBe(row['DIP分组编码'])
      expect(group.mainOps.join('/')).toBe(row['主要手术编码'])
      expect(group.otherOps.join('/')).toBe(row['其他手术编码'])
    })
  })

  test('diagnoses keep their CC / MCC / CCE table ids', () => {
    const rows = csv('chs-drg-1.1-opendrg/diagnosis_icd10_yb2.csv')
    const id = (text: string | undefined): number | null => (text ? Number(text) : null)
    rows.forEach((row, i) => {
      const d = built.pack.diagnoses[i]!
      expect([d.code, d.cc, d.mcc, d.cce]).toEqual([
        row.code,
        id(row.cc_table),
        id(row.mcc_table),
        id(row.cce_table),
      ])
    })
  })

  test('there is one source per file with its sha256 and row count', () => {
    const files = sharedDataFiles(SHARED)
    expect(built.pack.sources).toHaveLength(files.length)
    for (const relative of files) {
      const name = relative.slice(relative.lastIndexOf('/') + 1)
      const source = built.pack.sources.find((s) => s.file === name)
      const bytes = readFileSync(join(SHARED, relative))
      expect(source?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'))
      expect(source?.rows).toBe(csv(relative).length)
      expect(source?.attribution).not.toBe('')
    }
    expect(built.pack.sources.some((s) => /medimodel-rule-dicts|kaggle/i.test(s.file))).toBe(false)
  })

  test('every 两库 row gives a point, except the footer rows the report names', () => {
    const mains = sharedDataFiles(SHARED).filter(
      (f) => f.startsWith(LK) && !f.endsWith('_codes.csv')
    )
    const dataRows = mains.reduce((n, f) => n + csv(f).length, 0)
    const skipped = built.report.skipped
    // batch8_1 ends with a 合计 row and a 备注 row (first cell not a 序号).
    const footers = csv(`${LK}/batch8_1_item_frequency_limit.csv`).filter(
      (r) => !/^\d+$/.test(r['序号'] ?? '')
    )
    expect(footers.length).toBeGreaterThan(0)
    expect(skipped).toHaveLength(footers.length)
    expect(skipped.every((s) => s.file === 'batch8_1_item_frequency_limit.csv')).toBe(true)
    // 8-3 row 儿童听力障碍语言训练 (每周最多支付一次) gives a second point.
    const weekly = csv(`${LK}/batch8_3_item_course_limit.csv`).filter((r) =>
      (r['备注'] ?? '').includes('每周')
    ).length
    expect(built.pack.points).toHaveLength(dataRows - footers.length + weekly)
    expect(new Set(built.pack.points.map((p) => p.id)).size).toBe(built.pack.points.length)
  })

  test('every batch-7 pair is present with its window', () => {
    const windows: Record<string, string> = {
      单日: 'DAY',
      单次就诊: 'ENCOUNTER',
      同一小时: 'HOUR',
      '6小时': 'SIX_HOURS',
    }
    const rows = csv(`${LK}/batch7_item_duplicate_charge_pairs.csv`)
    const points = ofSection(built.pack.points, 'liangku.batch7')
    expect(points).toHaveLength(rows.length)
    const keys = new Set(
      points.map((p) => {
        const c = p.condition as Extract<KnowledgeCondition, { kind: 'DUPLICATE_CHARGE' }>
        return `${p.codes.join()}>${c.pairedCode}@${c.window}`
      })
    )
    for (const row of rows) {
      const window = windows[row['频度']!]
      expect(window).toBeDefined()
      expect(keys.has(`${row['主项编码']}>${row['从项编码']}@${window}`)).toBe(true)
    }
  })

  test('gender-limited drug codes are exactly the distinct codes of the codes file', () => {
    const rows = csv(`${LK}/batch1_drug_gender_limit_codes.csv`)
    const expected = new Set(rows.map((r) => r['药品代码']!))
    const points = built.pack.points.filter(
      (p) => p.subject === 'DRUG' && p.condition.kind === 'GENDER'
    )
    const codes = new Set(points.flatMap((p) => p.codes))
    expect(codes.size).toBe(expected.size)
    for (const code of expected) expect(codes.has(code)).toBe(true)
    // 限定对象 男 / 女 becomes the gender the drug is limited to.
    const main = csv(`${LK}/batch1_drug_gender_limit.csv`)
    const gender = Object.fromEntries(
      main.map((r) => [r['药品通用名'], r['限定对象'] === '男' ? '1' : '2'])
    )
    for (const p of points) expect(p.condition).toEqual({ kind: 'GENDER', gender: gender[p.name] })
  })

  test('drug points carry the codes listed under their generic name', () => {
    for (const [file, section] of [
      ['batch3_drug_insurance_type_limit_codes.csv', 'liangku.batch3'],
      ['batch6_drug_payment_course_limit_codes.csv', 'liangku.batch6'],
    ] as const) {
      const rows = csv(`${LK}/${file}`)
      for (const p of ofSection(built.pack.points, section)) {
        const expected = rows.filter((r) => r['药品通用名'] === p.name).map((r) => r['国标代码'])
        expect(p.codes).toEqual(expected)
      }
    }
  })

  test('age groups: 儿童 < 18 years, 婴幼儿 < 3 years, 新生儿 ≤ 28 days', () => {
    const rows = csv(`${LK}/batch1_item_age_limit.csv`)
    const points = ofSection(built.pack.points, 'liangku.batch1.itemAge')
    expect(points).toHaveLength(rows.length)
    const expected: Record<string, object> = {
      儿童: { unit: 'YEAR', maxExclusive: 18 },
      婴幼儿: { unit: 'YEAR', maxExclusive: 3 },
      新生儿: { unit: 'DAY', maxExclusive: 29 },
    }
    rows.forEach((row, i) => {
      const p = points[i]!
      expect(p.codes).toEqual([row['国标代码']])
      expect(p.condition).toMatchObject({ kind: 'AGE', group: row['限定对象'], min: null })
      expect(p.condition).toMatchObject(expected[row['限定对象']!]!)
    })
    expect(rows.some((r) => r['限定对象'] === '新生儿')).toBe(true)
    const working = ofSection(built.pack.points, 'liangku.batch8.2')
    expect(working.map((p) => p.condition)).toEqual([
      { kind: 'AGE', group: '法定就业年龄', unit: 'YEAR', min: null, maxExclusive: 60 },
    ])
  })

  test('batch 2 to 8 conditions follow their source values', () => {
    const points = built.pack.points
    const b2 = csv(`${LK}/batch2_item_primary_secondary_surgery.csv`)
    expect(ofSection(points, 'liangku.batch2').map((p) => p.condition)).toEqual(
      b2.map((r) => ({ kind: 'SURGERY_DISCOUNT', group: r['限定值域'], secondaryRate: 0.5 }))
    )
    const b3 = csv(`${LK}/batch3_drug_insurance_type_limit.csv`)
    expect(ofSection(points, 'liangku.batch3').map((p) => p.condition)).toEqual(
      b3.map((r) => ({
        kind: 'INSURANCE_TYPE',
        insuTypes: r['限定对象'] === '工伤' ? ['410'] : ['510'],
      }))
    )
    const b5 = csv(`${LK}/batch5_drug_institution_level_limit.csv`)
    expect(ofSection(points, 'liangku.batch5').map((p) => p.condition)).toEqual(
      b5.map((r) => ({ kind: 'INSTITUTION_LEVEL', minLevel: r['限定值域'] === '三级' ? 3 : 2 }))
    )
    const b6 = csv(`${LK}/batch6_drug_payment_course_limit.csv`)
    expect(ofSection(points, 'liangku.batch6').map((p) => p.condition)).toEqual(
      b6.map((r) => ({
        kind: 'PAYMENT_COURSE',
        maxDays: Number.parseInt(r['限定值域']!, 10),
        minIntervalDays: null,
      }))
    )
    expect(
      ofSection(points, 'liangku.batch4').every((p) => p.condition.kind === 'CARE_SETTING')
    ).toBe(true)
    const b84 = csv(`${LK}/batch8_4_item_period_frequency_limit.csv`)
    expect(ofSection(points, 'liangku.batch8.4').map((p) => p.condition)).toEqual(
      b84.map((r) => ({
        kind: 'PERIOD_FREQUENCY',
        maxCount: Number(r['频次上限']),
        periodDays: Number(r['疗程周期']),
      }))
    )
    const b81 = csv(`${LK}/batch8_1_item_frequency_limit.csv`).filter((r) =>
      /^\d+$/.test(r['序号']!)
    )
    expect(ofSection(points, 'liangku.batch8.1').map((p) => p.condition)).toEqual(
      b81.map((r) => ({
        kind: 'FREQUENCY',
        maxQuantity: Number(r['限制数量']),
        per: r['数量单位'] === '小时' ? 'HOUR' : 'DAY',
      }))
    )
  })

  test('batch 8-3 course text becomes courses, 每周最多支付一次 also a weekly limit', () => {
    const points = ofSection(built.pack.points, 'liangku.batch8.3')
    const hand = points.find((p) => p.name === '手功能评定')
    expect(hand?.condition).toEqual({ kind: 'PAYMENT_COURSE', maxDays: 90, minIntervalDays: 14 })
    const speech = points.filter((p) => p.name === '儿童听力障碍语言训练')
    expect(speech.map((p) => p.condition)).toEqual([
      { kind: 'PAYMENT_COURSE', maxDays: 365, minIntervalDays: null },
      { kind: 'PERIOD_FREQUENCY', maxCount: 1, periodDays: 7 },
    ])
  })

  test('code sets hold every distinct drug code and 15-digit item code', () => {
    const codeFiles = sharedDataFiles(SHARED).filter((f) => f.endsWith('_codes.csv'))
    const drugCodes = new Set(
      codeFiles.flatMap((f) => csv(f).map((r) => r['国标代码'] ?? r['药品代码'] ?? ''))
    )
    expect(built.pack.drugCodes.map((d) => d.code)).toEqual([...drugCodes].sort())
    const items = new Set<string>()
    for (const f of sharedDataFiles(SHARED).filter(
      (f) => f.startsWith(LK) && !f.includes('_drug_')
    )) {
      for (const row of csv(f)) {
        for (const key of ['国标代码', '主项编码', '从项编码', '项目编码', '项目代码']) {
          const value = row[key]
          if (value !== undefined && /^\d{15}$/.test(value)) items.add(value)
        }
      }
    }
    expect(built.pack.serviceItems.map((i) => i.code)).toEqual([...items].sort())
    const names = new Map(built.pack.catalogDrugs.map((d, i) => [d.name, i] as const).reverse())
    for (const d of built.pack.drugCodes) {
      expect(d.catalogIndex).toBe(names.get(d.name) ?? null)
    }
  })
})
