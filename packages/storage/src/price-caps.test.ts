// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import { parsePriceCapCsv } from './price-caps.js'

const HEADER = 'admdvs,code,level,cap,begin_date,end_date'

function issuesOf(text: string) {
  try {
    parsePriceCapCsv(text, 'caps.csv')
  } catch (err) {
    expect(err).toBeInstanceOf(OutcomeError)
    return (err as OutcomeError).outcome.issues
  }
  throw new Error('expected the file to be refused')
}

describe('parsePriceCapCsv', () => {
  test('reads caps in yuan into PriceE4, in any column order, with a BOM and CRLF', () => {
    const text =
      '\ufeffcode,admdvs,level,cap,end_date,begin_date\r\n' +
      '001102000010000,431222,2,15.5,,2024-01-01\r\n' +
      'C14010000100000,431222,0,0.0035,2024-12-31,2024-01-01\r\n'
    expect(parsePriceCapCsv(text, 'caps.csv')).toEqual([
      {
        admdvs: '431222',
        code: '001102000010000',
        level: 2,
        cap: 155_000,
        begin: '2024-01-01',
        end: null,
      },
      {
        admdvs: '431222',
        code: 'C14010000100000',
        level: 0,
        cap: 35,
        begin: '2024-01-01',
        end: '2024-12-31',
      },
    ])
  })

  test.each([
    ['431222,X,5,1,2024-01-01,', 'level', '机构等级「5」'],
    ['431222,X,1,1.23456,2024-01-01,', 'cap', '最多 4 位小数'],
    ['431222,X,1,-1,2024-01-01,', 'cap', '限价「-1」'],
    ['431222,X,1,1,2024-02-30,', 'begin_date', '开始日期「2024-02-30」'],
    ['431222,X,1,1,2024-03-01,2024-02-01', 'end_date', '早于开始日期'],
    ['4312,X,1,1,2024-01-01,', 'admdvs', '6 位数字'],
    [',,1,1,2024-01-01,', 'code', '项目编码不能为空'],
  ])('refuses the row %j naming file, row and column %s', (row, column, text) => {
    const issues = issuesOf(`${HEADER}\n431222,OK,1,1,2024-01-01,\n${row}\n`)
    const issue = issues.find((i) => i.path === `caps.csv:row 2:${column}`)
    expect(issue?.message).toContain('价格表 caps.csv 第 2 行（数据行，表头不计）')
    expect(issue?.message).toContain(text)
  })

  test('a missing header column and a duplicate key are refused', () => {
    expect(issuesOf('admdvs,code,level,cap,begin_date\n')[0]).toMatchObject({
      path: 'caps.csv:row 1:end_date',
    })
    const dup = issuesOf(`${HEADER}\n431222,A,1,1,2024-01-01,\n431222,A,1,2,2024-01-01,\n`)
    expect(dup[0]).toMatchObject({ path: 'caps.csv:row 2:code' })
    expect(dup[0]!.message).toContain('与第 1 行重复')
  })
})
