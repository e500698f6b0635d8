// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { NHSA_TABLES, fenToYuan } from '@yibao/domain'
import { loadBuiltinPack } from '@yibao/knowledge'
import { afterAll, describe, expect, test } from 'vitest'
import type { RegionBatch } from './demo-options.js'
import { generateRegion } from './generate-region.js'
import { writeNhsaCsv } from './write-nhsa-csv.js'

/** Records in CSV text: line breaks outside quoted cells. */
function recordCount(text: string): number {
  let n = 0
  let quoted = false
  for (const ch of text) {
    if (ch === '"') quoted = !quoted
    else if (ch === '\n' && !quoted) n++
  }
  return n
}

describe('writeNhsaCsv', () => {
  const dir = mkdtempSync(join(tmpdir(), 'yibao-nhsa-'))
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true })
  })
  const batches: RegionBatch[] = []
  // Two person batches are enough to see every table and the streaming across batches.
  const gen = generateRegion(loadBuiltinPack(), { scale: 'small', seed: 3, batchSize: 300 })
  for (let i = 0; i < 3; i++) batches.push(gen.next().value as RegionBatch)

  test('writes the five national tables with national headers and one row per record', () => {
    const summary = writeNhsaCsv(batches, dir)
    for (const table of NHSA_TABLES) {
      const text = readFileSync(join(dir, `${table.name}.csv`), 'utf8')
      expect(text.slice(0, text.indexOf('\n'))).toBe(table.columns.map((c) => c.name).join(','))
      expect(recordCount(text) - 1).toBe(summary[table.name])
    }
    expect(summary.setl_d).toBe(batches.reduce((n, b) => n + b.settlements.length, 0))
    expect(summary.fee_list_d).toBe(batches.reduce((n, b) => n + b.feeLines.length, 0))
  })

  test('formats money in yuan, prices with four decimals and national times', () => {
    writeNhsaCsv(batches, dir)
    const [header, first] = readFileSync(join(dir, 'setl_d.csv'), 'utf8').split('\n')
    const cols = header!.split(',')
    const row = first!.split(',')
    const s = batches[1]!.settlements[0]!
    expect(row[cols.indexOf('medfee_sumamt')]).toBe(fenToYuan(s.medfeeSumamt))
    expect(row[cols.indexOf('setl_time')]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/)
    const [fh, fl] = readFileSync(join(dir, 'fee_list_d.csv'), 'utf8').split('\n')
    const fcols = fh!.split(',')
    expect(fl!.split(',')[fcols.indexOf('pric')]).toMatch(/^\d+\.\d{4}$/)
    const [mh, ml] = readFileSync(join(dir, 'mdtrt_d.csv'), 'utf8').split('\n')
    expect(ml!.split(',')[mh!.split(',').indexOf('fixmedins_name')]).toMatch(/[\u4e00-\u9fa5]/)
  })
})
