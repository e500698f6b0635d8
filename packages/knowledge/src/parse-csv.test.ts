// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { parseCsv } from './parse-csv.js'

describe('parseCsv', () => {
  test('splits plain records on commas and line breaks', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ])
  })

  test('keeps commas, line breaks and doubled quotes inside quoted fields', () => {
    const text = '序号,备注\n1,"含监护、床位,诊查\n护理"\n2,"他说""是"""\n'
    expect(parseCsv(text)).toEqual([
      ['序号', '备注'],
      ['1', '含监护、床位,诊查\n护理'],
      ['2', '他说"是"'],
    ])
  })

  test('drops a UTF-8 BOM and accepts CRLF and CR line ends', () => {
    expect(parseCsv('\uFEFF编码,名称\r\n001,甲\r002,乙')).toEqual([
      ['编码', '名称'],
      ['001', '甲'],
      ['002', '乙'],
    ])
  })

  test('keeps empty fields and empty lines in the middle', () => {
    expect(parseCsv('a,,c\n\n,,\n')).toEqual([['a', '', 'c'], [''], ['', '', '']])
  })

  test('returns no records for empty text', () => {
    expect(parseCsv('')).toEqual([])
    expect(parseCsv('\uFEFF')).toEqual([])
  })
})
