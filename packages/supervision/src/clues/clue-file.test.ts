// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import { readCsvTable } from '@yibao/knowledge'
import { parseClueFile, parseCluePeriod, yuanTextToFen } from './clue-file.js'

/** Reads CSV text as the file `file` would be read. */
const parse = (text: string, file: string, isInstitution?: (code: string) => boolean) =>
  parseClueFile(readCsvTable(file, new TextEncoder().encode(text)), isInstitution)

const HEADER = '机构编码,人员编号,期间,线索描述,疑似金额'

/** The issues' messages of what `fn` throws. */
function refusal(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome.issues.map((i) => i.message)
    throw err
  }
  throw new Error('not refused')
}

describe('clue files', () => {
  test('rows are read with periods as days and amounts as exact fen', () => {
    const rows = parse(
      [
        HEADER,
        'H001,P000001,2024-03,"串换药品，""阿莫西林""",1153.10',
        'H002,,2024,分解住院,0.29',
        '',
        'P001,p000003,2024-01-15~2024-02,"超量开药,\n多次",19.99',
      ].join('\r\n'),
      'gj.csv'
    )
    expect(rows).toEqual([
      {
        line: 2,
        institutionCode: 'H001',
        psnNo: 'P000001',
        period: '2024-03',
        periodFrom: '2024-03-01',
        periodTo: '2024-03-31',
        description: '串换药品，"阿莫西林"',
        suspectedAmount: 115_310,
      },
      expect.objectContaining({
        line: 3,
        psnNo: null,
        periodFrom: '2024-01-01',
        periodTo: '2024-12-31',
        suspectedAmount: 29,
      }),
      expect.objectContaining({
        line: 5,
        periodFrom: '2024-01-15',
        periodTo: '2024-02-29',
        description: '超量开药,\n多次',
        suspectedAmount: 1_999,
      }),
    ])
  })

  test('every bad cell is named by file, line and column, and the file is refused whole', () => {
    const text = [
      HEADER,
      'H001,P1,2024-03,正常,10.00',
      'X999,P 2,2024-13,,1.005',
      ',P3,2024-06至2024-01,描述,-3',
    ].join('\n')
    expect(refusal(() => parse(text, 'gj.csv', (c) => c.startsWith('H')))).toEqual([
      'gj.csv 第 3 行 机构编码：定点医药机构名录中没有「X999」',
      'gj.csv 第 3 行 人员编号：应为人员编号（字母、数字、_ -），收到「P 2」',
      'gj.csv 第 3 行 期间：应为 YYYY、YYYY-MM、YYYY-MM-DD 或用 ~ 连接的区间，收到「2024-13」',
      'gj.csv 第 3 行 线索描述：不能为空',
      'gj.csv 第 3 行 疑似金额：应为不小于 0、最多两位小数的金额（元），收到「1.005」',
      'gj.csv 第 4 行 机构编码：不能为空',
      'gj.csv 第 4 行 期间：应为 YYYY、YYYY-MM、YYYY-MM-DD 或用 ~ 连接的区间，收到「2024-06至2024-01」',
      'gj.csv 第 4 行 疑似金额：应为不小于 0、最多两位小数的金额（元），收到「-3」',
    ])
  })

  test('a missing column or a file without clues is refused', () => {
    expect(refusal(() => parse('机构编码,期间\nH001,2024', 'a.csv'))).toEqual([
      'a.csv 第 1 行：缺少列 线索描述、疑似金额',
    ])
    expect(refusal(() => parse(`${HEADER}\n,,,,\n`, 'b.csv'))).toEqual([
      'b.csv：没有线索（表头之后没有数据行）',
    ])
    expect(parse('机构编码,期间,线索描述,疑似金额\nH001,2024,x,0', 'c.csv')[0]!.psnNo).toBe(null)
  })

  test.each([
    ['2024', '2024-01-01', '2024-12-31'],
    ['2023-02', '2023-02-01', '2023-02-28'],
    ['2024-02-29', '2024-02-29', '2024-02-29'],
    ['2024-01 ~ 2024-03-10', '2024-01-01', '2024-03-10'],
    ['2024-11～2025', '2024-11-01', '2025-12-31'],
  ])('the period %s covers %s to %s', (text, from, to) => {
    expect(parseCluePeriod(text)).toEqual({ from, to })
  })

  test.each(['', '2024-02-30', '24-01', '2024/01', '2024~2023', '2024~2025~2026'])(
    'the period %j is refused',
    (text) => {
      expect(parseCluePeriod(text)).toBeUndefined()
    }
  )

  test.each([
    ['0', 0],
    ['0.1', 10],
    ['12345678.99', 1_234_567_899],
    ['1.', undefined],
    ['1e3', undefined],
    ['1,000.00', undefined],
  ])('the amount %s yuan is %s fen', (text, fen) => {
    expect(yuanTextToFen(text)).toBe(fen)
  })
})
