// SPDX-License-Identifier: Apache-2.0
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OutcomeError } from '@yibao/domain'
import { describe, expect, test } from 'vitest'
import { expandOfficialPaths } from './expand-official-paths.js'
import { recognizedOfficialFiles } from './recognized-official-files.js'
import { importOfficialFiles } from './import-official-files.js'
import { loadBuiltinPack } from './load-builtin-pack.js'
import type { KnowledgePoint } from './pack.js'

const SHARED = fileURLToPath(new URL('../../../../shared/data/', import.meta.url))
const XLSX = join(SHARED, 'nhsa-liangku-rules/xlsx')
const NO_SHARED = !existsSync(XLSX)

const B7_HEADER = '序号,频度,主项名称,主项编码,从项名称,从项编码,备注'

function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-knowledge-'))
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

async function rejection(promise: Promise<unknown>): Promise<OutcomeError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof OutcomeError) return err
    throw err
  }
  throw new Error('expected an OutcomeError')
}

const options = { base: loadBuiltinPack(), version: '2025.2', effectiveFrom: '2025-07-01' }

/** A point without its dates, to compare points built at different times. */
function undated(point: KnowledgePoint): KnowledgePoint {
  return { ...point, effectiveFrom: '', effectiveTo: null }
}

describe('importOfficialFiles', () => {
  test('a recognized CSV replaces its section and keeps every other section', async () => {
    const dir = tempFiles({
      'batch7_new.csv': `${B7_HEADER}\n1,单日,急诊监护费,001103000010000,急诊诊查费,001102000030000,含监护\n2,6小时,甲项目,001103000010000,乙项目,001109000010000,\n`,
    })
    const { pack, report } = await importOfficialFiles([join(dir, 'batch7_new.csv')], options)
    const base = options.base
    const b7 = pack.points.filter((p) => p.section === 'liangku.batch7')
    expect(b7.map((p) => p.id)).toEqual(['B7-0001', 'B7-0002'])
    expect(b7[1]?.condition).toMatchObject({ kind: 'DUPLICATE_CHARGE', window: 'SIX_HOURS' })
    expect(b7.every((p) => p.effectiveFrom === '2025-07-01')).toBe(true)
    const others = (points: readonly KnowledgePoint[]): KnowledgePoint[] =>
      points.filter((p) => p.section !== 'liangku.batch7')
    expect(others(pack.points)).toEqual(others(base.points))
    expect(pack.diagnoses).toBe(base.diagnoses)
    expect(pack.catalogDrugs).toBe(base.catalogDrugs)
    expect(pack.version).toBe('2025.2')
    expect(pack.sources.filter((s) => s.section === 'liangku.batch7').map((s) => s.file)).toEqual([
      'batch7_new.csv',
    ])
    expect(report.tables).toEqual([
      expect.objectContaining({
        file: 'batch7_new.csv',
        section: 'liangku.batch7',
        rows: 2,
        produced: 2,
      }),
    ])
  })

  test('a broken row is reported with file, row and column', async () => {
    const dir = tempFiles({
      'batch7_item_duplicate_charge_pairs.csv': `${B7_HEADER}\n1,单日,急诊监护费,001103000010000,急诊诊查费,001102000030000,\n2,单日,急诊监护费,,急诊诊查费,001102000030000,\n`,
    })
    const err = await rejection(
      importOfficialFiles([join(dir, 'batch7_item_duplicate_charge_pairs.csv')], options)
    )
    expect(err.message).toBe('batch7_item_duplicate_charge_pairs.csv 第 3 行 主项编码: 编码为空')
    expect(err.outcome.issues[0]).toMatchObject({
      code: 'invalid',
      message: '编码为空',
      path: 'batch7_item_duplicate_charge_pairs.csv 第 3 行 主项编码',
    })
  })

  test('an unknown 频度 names its value', async () => {
    const dir = tempFiles({
      'b7.csv': `${B7_HEADER}\n1,每周,急诊监护费,001103000010000,急诊诊查费,001102000030000,\n`,
    })
    const err = await rejection(importOfficialFiles([join(dir, 'b7.csv')], options))
    expect(err.message).toContain('b7.csv 第 2 行 频度')
    expect(err.message).toContain('每周')
  })

  test('an unrecognized file is refused', async () => {
    const dir = tempFiles({ 'other.csv': 'a,b\n1,2\n' })
    const err = await rejection(importOfficialFiles([join(dir, 'other.csv')], options))
    expect(err.message).toContain('other.csv')
    expect(err.message).toContain('无法识别的表头')
  })

  test('a missing column is named', async () => {
    const dir = tempFiles({
      'batch8_4_x.csv':
        '序号,项目名称,频次上限,疗程周期,项目代码\n1,血清果糖胺测定,1,7,002503020020000\n',
    })
    // Without 备注 the header matches no section, so the file is not recognized.
    const err = await rejection(importOfficialFiles([join(dir, 'batch8_4_x.csv')], options))
    expect(err.message).toContain('batch8_4_x.csv')
  })

  test('a drug rule table without its code table is refused', async () => {
    const dir = tempFiles({
      'batch3_x.csv':
        '药品通用名,药品说明,限定类型,限定对象\n益母草注射液,生育保险目录用药,限定保险类型,生育\n',
    })
    const err = await rejection(importOfficialFiles([join(dir, 'batch3_x.csv')], options))
    expect(err.message).toContain('缺少「第三批 药品限定保险类型」的药品代码表')
  })

  test('a file name naming another batch than its content is refused', async () => {
    const dir = tempFiles({
      '【第五批】项目规则库.csv': `${B7_HEADER}\n1,单日,急诊监护费,001103000010000,急诊诊查费,001102000030000,\n`,
    })
    const err = await rejection(
      importOfficialFiles([join(dir, '【第五批】项目规则库.csv')], options)
    )
    expect(err.message).toContain('第5批')
    expect(err.message).toContain('第七批 医疗服务项目重复收费')
  })

  test('8-2 and 8-3 (same header) are told apart by file name and content', async () => {
    const header = '序号,项目名称,备注,项目代码'
    const dir = tempFiles({
      'a.csv': `${header}\n1,职业功能训练,参保人年龄超出法定就业年龄限制,003402000320000\n`,
      'b.csv': `${header}\n1,手功能评定,总时间不超过90天，评定间隔时间不短于14天。,003402000050000\n`,
    })
    const { pack } = await importOfficialFiles([join(dir, 'a.csv'), join(dir, 'b.csv')], options)
    const ids = (section: string): string[] =>
      pack.points.filter((p) => p.section === section).map((p) => p.id)
    expect(ids('liangku.batch8.2')).toEqual(['B8-2-0001'])
    expect(ids('liangku.batch8.3')).toEqual(['B8-3-0001'])
  })

  test('the same section from two files is refused', async () => {
    const row = '1,单日,急诊监护费,001103000010000,急诊诊查费,001102000030000,'
    const dir = tempFiles({ 'x.csv': `${B7_HEADER}\n${row}\n`, 'y.csv': `${B7_HEADER}\n${row}\n` })
    const err = await rejection(
      importOfficialFiles([join(dir, 'x.csv'), join(dir, 'y.csv')], options)
    )
    expect(err.message).toContain('由两个文件提供')
  })
})

describe.skipIf(NO_SHARED)(
  'importOfficialFiles with the official xlsx (needs ../shared/data)',
  () => {
    const base = loadBuiltinPack()

    test.each([
      ['【第七批 】项目规则库（重复收费）.xlsx', ['liangku.batch7']],
      ['【第一批】药品规则库(限定性别对象).xlsx', ['liangku.batch1.drugGender']],
      ['【第一批】项目规则库(限定性别对象).xlsx', ['liangku.batch1.itemGender']],
    ])('%s gives the same points as the CSV build', async (file, sections) => {
      const { pack, report } = await importOfficialFiles([join(XLSX, file)], options)
      for (const section of sections) {
        const fromXlsx = pack.points.filter((p) => p.section === section).map(undated)
        const fromCsv = base.points.filter((p) => p.section === section).map(undated)
        expect(fromXlsx.length).toBeGreaterThan(0)
        expect(fromXlsx).toEqual(fromCsv)
      }
      expect(pack.drugCodes).toEqual(base.drugCodes)
      expect(pack.serviceItems).toEqual(base.serviceItems)
      expect(report.tables.every((t) => sections.includes(t.section))).toBe(true)
    })

    test('the batch-7 workbook ends with one blank row, reported as skipped', async () => {
      const file = '【第七批 】项目规则库（重复收费）.xlsx'
      const { report } = await importOfficialFiles([join(XLSX, file)], options)
      expect(report.skipped).toEqual([expect.objectContaining({ file, reason: '空行' })])
    })

    test('the whole xlsx folder expands to its 14 workbooks and rebuilds every 两库 point', async () => {
      expect(expandOfficialPaths([XLSX])).toHaveLength(14)
      const { files, ignored } = await recognizedOfficialFiles([XLSX])
      expect(files).toHaveLength(14)
      expect(ignored).toEqual([])
      const { pack } = await importOfficialFiles([XLSX], options)
      expect(pack.points.map(undated)).toEqual(base.points.map(undated))
    })
  }
)

describe('expandOfficialPaths / recognizedOfficialFiles', () => {
  test('a folder expands to its .csv and .xlsx files; unrecognized ones are reported', async () => {
    const dir = tempFiles({
      'b.csv': `${B7_HEADER}\n1,单日,急诊监护费,001103000010000,急诊诊查费,001102000030000,\n`,
      'a.csv': 'x,y\n1,2\n',
      'SOURCE.md': '# notes',
      '~$lock.xlsx': '',
    })
    expect(expandOfficialPaths([dir])).toEqual([join(dir, 'a.csv'), join(dir, 'b.csv')])
    const { files, ignored } = await recognizedOfficialFiles([dir])
    expect(files).toEqual([join(dir, 'b.csv')])
    expect(ignored.map((i) => i.file)).toEqual([join(dir, 'a.csv')])
    expect(ignored[0]?.reason).toContain('无法识别的表头')
  })

  test('a path that does not exist is reported', () => {
    expect(() => expandOfficialPaths([join(tmpdir(), 'yibao-no-such-dir')])).toThrow(OutcomeError)
  })
})
