// SPDX-License-Identifier: Apache-2.0
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import { copyTextValue, escapeCopyText, formatQuantity } from './copy-text.js'
import { CopyTextWriter } from './copy-text-writer.js'
import { RECORD_TABLES } from './record-tables.js'
import { recordsToCopyText } from './records-to-copy-text.js'
import { testRecordBatch } from './test-record-batch.js'

/** Undoes the text-format escapes, as PostgreSQL reads them. */
function unescape(field: string): string | null {
  if (field === '\\N') return null
  return field.replace(/\\(.)/g, (_, c: string) =>
    c === 't' ? '\t' : c === 'n' ? '\n' : c === 'r' ? '\r' : c
  )
}

describe('escapeCopyText', () => {
  test.each([
    ['plain', 'plain'],
    ['a\tb', 'a\\tb'],
    ['a\nb\r', 'a\\nb\\r'],
    ['C:\\x', 'C:\\\\x'],
    ['\\N', '\\\\N'],
    ['中文', '中文'],
  ])('escapes %j as %j', (input, expected) => {
    expect(escapeCopyText(input)).toBe(expected)
  })

  test('escaped text never contains a raw separator and reads back to the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const e = escapeCopyText(s)
        expect(e).not.toMatch(/[\t\n\r]/)
        expect(unescape(e)).toBe(s)
      })
    )
  })
})

describe('formatQuantity', () => {
  test.each([
    [2, '2'],
    [0.5, '0.5'],
    [0.1 + 0.2, '0.3'],
    [0.3333, '0.3333'],
    [0.0001, '0.0001'],
    [-1.25, '-1.25'],
    [1e-7, '0'],
    [12345678.9876, '12345678.9876'],
  ])('writes %d as %s', (value, expected) => {
    expect(formatQuantity(value)).toBe(expected)
  })

  test('any decimal with up to 4 places is written as exactly that decimal', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        const text = formatQuantity(n / 10_000)
        expect(Math.round(Number(text) * 10_000)).toBe(n)
        expect(text).not.toMatch(/e/i)
      })
    )
  })
})

describe('copyTextValue', () => {
  test('writes null, booleans and integers the COPY way', () => {
    expect(copyTextValue(null, 'text')).toBe('\\N')
    expect(copyTextValue(true, 'bool')).toBe('t')
    expect(copyTextValue(false, 'bool')).toBe('f')
    expect(copyTextValue(-115300, 'fen')).toBe('-115300')
  })

  test.each([
    [1.5, 'fen'],
    ['12', 'int'],
    [Number.NaN, 'quantity'],
    [1, 'bool'],
    [12, 'text'],
  ] as const)('refuses %j as %s', (value, kind) => {
    expect(() => copyTextValue(value, kind)).toThrow(RangeError)
  })
})

describe('CopyTextWriter', () => {
  test('writes the same UTF-8 bytes as escaping then encoding, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' })), (strings) => {
        const w = new CopyTextWriter()
        for (const s of strings) {
          w.text(s)
          w.byte(10)
        }
        const actual = Buffer.concat(w.finish())
        const expected = Buffer.from(strings.map((s) => escapeCopyText(s) + '\n').join(''))
        expect(actual.equals(expected)).toBe(true)
      })
    )
  })
})

describe('recordsToCopyText', () => {
  test('writes one row per record with one field per column, fields reading back to values', () => {
    const { feeLines } = testRecordBatch({ persons: 30 })
    const table = RECORD_TABLES.feeLines
    const text = Buffer.concat(recordsToCopyText(table, feeLines)).toString('utf8')
    const rows = text.split('\n')
    expect(rows.pop()).toBe('')
    expect(rows).toHaveLength(feeLines.length)
    rows.forEach((row, r) => {
      const fields = row.split('\t')
      expect(fields).toHaveLength(table.columns.length)
      table.columns.forEach((c, i) => {
        const value = (feeLines[r] as unknown as Record<string, unknown>)[c.field]
        const read = unescape(fields[i]!)
        if (value === null) expect(read).toBeNull()
        else if (c.kind === 'bool') expect(read).toBe(value ? 't' : 'f')
        else if (typeof value === 'number') expect(Number(read)).toBe(value)
        else expect(read).toBe(value)
      })
    })
  })

  test('names the record and field of a value that does not fit its column', () => {
    const { persons } = testRecordBatch({ persons: 3 })
    const bad = [persons[0]!, { ...persons[1]!, birthDate: null as unknown as string }]
    expect(() => recordsToCopyText(RECORD_TABLES.persons, bad)).toThrow(
      '参保人员第 2 条的 birthDate（person.birth_date）：不能为空'
    )
    const wrong = [{ ...persons[0]!, name: 42 as unknown as string }]
    expect(() => recordsToCopyText(RECORD_TABLES.persons, wrong)).toThrow(/第 1 条的 name.*文本/)
  })
})
