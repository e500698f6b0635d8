// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { batchOfFileName, recognizeTable } from './recognize-table.js'
import type { SourceTable } from './source-table.js'

function table(
  file: string,
  header: string[],
  rows: string[][],
  sheet: string | null = null
): SourceTable {
  return {
    file,
    sheet,
    sha256: '',
    header,
    rows: rows.map((cells, i) => ({ line: i + 2, cells })),
  }
}

describe('batchOfFileName', () => {
  test.each([
    ['【第七批 】项目规则库（重复收费）.xlsx', { batch: 7, part: null }],
    ['【第八批-2】项目规则库（限定年龄）.xlsx', { batch: 8, part: 2 }],
    ['【第十二批】药品规则库.xlsx', { batch: 12, part: null }],
    ['batch8_3_item_course_limit.csv', { batch: 8, part: 3 }],
    ['batch1_drug_age_limit_codes.csv', { batch: 1, part: null }],
    ['dip_catalog.csv', null],
  ])('%s', (name, expected) => {
    expect(batchOfFileName(name)).toEqual(expected)
  })
})

describe('recognizeTable', () => {
  const drugHeader = ['药品通用名', '药品说明', '限定类型', '限定值域']
  const codesHeader = ['药品通用名', '序号', '国标代码', '限定类型']

  test('tells drug batches apart by 限定类型', () => {
    const b5 = recognizeTable(
      table('x.csv', drugHeader, [['参附注射液', '限二级', '限定机构等级', '二级']])
    )
    const b4 = recognizeTable(
      table('y.csv', drugHeader, [['脂肪乳', '住院', '限定就医方式', '住院']])
    )
    expect(b5).toMatchObject({ ok: true, recognized: { section: 'liangku.batch5', role: 'main' } })
    expect(b4).toMatchObject({ ok: true, recognized: { section: 'liangku.batch4', role: 'main' } })
  })

  test('recognizes a drug-code worksheet as the codes of its section', () => {
    const codes = recognizeTable(
      table(
        '【第六批】药品规则库（限定支付疗程）.xlsx',
        codesHeader,
        [['奥扎格雷钠注射液', '1', 'XB01AXA223B002010100156', '限定支付疗程']],
        'Sheet2'
      )
    )
    expect(codes).toMatchObject({
      ok: true,
      recognized: { section: 'liangku.batch6', role: 'codes' },
    })
  })

  test('skips blank leading rows when reading the 限定类型', () => {
    const t = table('x.csv', drugHeader, [
      ['', '', '', ''],
      ['疤痕止痒软化膏', '工伤', '限定保险类型', '工伤'],
    ])
    expect(recognizeTable(t)).toMatchObject({ ok: true, recognized: { section: 'liangku.batch3' } })
  })

  test('refuses an unknown 限定类型 and an unknown header', () => {
    const unknownType = recognizeTable(table('x.csv', drugHeader, [['某药', '', '限定适应症', '']]))
    expect(unknownType).toEqual({ ok: false, reason: '无法识别的限定类型「限定适应症」' })
    const unknownHeader = recognizeTable(table('x.csv', ['甲', '乙'], []))
    expect(unknownHeader.ok).toBe(false)
  })

  test('recognizes the reference tables by header', () => {
    const drg = recognizeTable(
      table('drg_list.csv', ['drg_code', 'drg_name', 'adrg_code', 'mdc'], [])
    )
    expect(drg).toMatchObject({ ok: true, recognized: { section: 'drg' } })
  })
})
