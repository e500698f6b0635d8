// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { loadBuiltinPack } from '@yibao/knowledge'
import { main } from './main.js'
import { recordingIo } from './test-io.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-knowledge-'))
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})
const dir = path.join(tmp, 'db')

async function run(args: string[]) {
  const io = recordingIo({ YIBAO_LOG_LEVEL: 'silent' }, tmp)
  const code = await main(args, io)
  return { code, out: io.out(), err: io.err() }
}

// A newer 第七批 (重复收费) file with two pairs, as the national column headings spell it.
const BATCH7 = [
  '序号,频度,主项名称,主项编码,从项名称,从项编码,备注',
  '1,单日,急诊监护费,001103000010000,急诊诊查费,001102000030000,含监护、床位、诊查、护理',
  '2,单次就诊,全身麻醉,003303000010000,气管插管术,003103000040000,全麻含气管插管',
].join('\n')

describe('yibao migrate and knowledge', () => {
  test('migrate creates the schema once', async () => {
    const first = await run(['migrate', '--dir', dir, '--json'])
    expect(first.code, first.err).toBe(0)
    const a = JSON.parse(first.out) as { applied: unknown[]; current: number }
    expect(a.applied.length).toBeGreaterThan(0)
    const again = JSON.parse((await run(['migrate', '--dir', dir, '--json'])).out) as {
      applied: unknown[]
      current: number
    }
    expect(again).toEqual({ ...again, applied: [], current: a.current })
  })

  test('import of a newer official file makes a new version; other sections stay', async () => {
    const file = path.join(tmp, 'batch7_item_duplicate_charge_pairs.csv')
    fs.writeFileSync(file, BATCH7)
    const res = await run([
      'knowledge',
      'import',
      file,
      '--dir',
      dir,
      '--effective-from',
      '2025-07-01',
      '--json',
    ])
    expect(res.code, res.err).toBe(0)
    expect((JSON.parse(res.out) as { version: string }).version).toBe('2025.2')

    const list = JSON.parse((await run(['knowledge', 'list', '--dir', dir, '--json'])).out) as {
      versions: { version: string; effectiveFrom: string }[]
    }
    expect(list.versions.map((v) => v.version).sort()).toEqual(['2025.1', '2025.2'])

    // Before the new version takes effect, the built-in pack answers; after, the new one.
    const before = await run([
      'knowledge',
      'show',
      '001103000010000',
      '--dir',
      dir,
      '--date',
      '2025-06-30',
      '--json',
    ])
    const after = await run([
      'knowledge',
      'show',
      '001103000010000',
      '--dir',
      dir,
      '--date',
      '2025-07-01',
      '--json',
    ])
    const builtinPairs = loadBuiltinPack().points.filter(
      (p) => p.condition.kind === 'DUPLICATE_CHARGE' && p.codes.includes('001103000010000')
    ).length
    const pairs = (out: string) =>
      (JSON.parse(out) as { points: { condition: { kind: string } }[] }).points.filter(
        (p) => p.condition.kind === 'DUPLICATE_CHARGE'
      ).length
    expect(pairs(before.out)).toBe(builtinPairs)
    expect(builtinPairs).toBeGreaterThan(1)
    // From 2025-07-01 version 2025.2 answers; its batch 7 has one pair for this item.
    expect(JSON.parse(before.out)).toMatchObject({ pack: '2025.1' })
    expect(JSON.parse(after.out)).toMatchObject({ pack: '2025.2' })
    expect(pairs(after.out)).toBe(1)
    // Sections the file did not touch are kept: batch-1 gender points are still there.
    const gender = loadBuiltinPack().points.find((p) => p.condition.kind === 'GENDER')!
    const show = await run(['knowledge', 'show', gender.codes[0]!, '--dir', dir, '--json'])
    const shown = JSON.parse(show.out) as { pack: string; points: { id: string }[] }
    expect(shown.pack).toBe('2025.2')
    expect(shown.points.map((p) => p.id)).toContain(gender.id)
  })

  test('an unknown code says so', async () => {
    const res = await run(['knowledge', 'show', 'NO-SUCH-CODE', '--dir', dir])
    expect(res.code).toBe(1)
    expect(res.out).toMatch(/没有编码 NO-SUCH-CODE/)
  })

  test('a local price table loads; a bad row names file, row and column and loads nothing', async () => {
    const good = path.join(tmp, 'prices.csv')
    fs.writeFileSync(
      good,
      'admdvs,code,level,cap,begin_date,end_date\n431223,001102000050000,2,18.00,2025-01-01,\n431223,001102000050000,1,15.50,2025-01-01,\n'
    )
    const ok = await run(['knowledge', 'prices', good, '--dir', dir, '--json'])
    expect(ok.code, ok.err).toBe(0)
    expect(JSON.parse(ok.out)).toMatchObject({ rows: 2 })

    const bad = path.join(tmp, 'bad-prices.csv')
    fs.writeFileSync(
      bad,
      'admdvs,code,level,cap,begin_date,end_date\n431223,001102000010000,2,9.00,2025-01-01,\n431223,001102000020000,2,abc,2025-01-01,\n'
    )
    const res = await run(['knowledge', 'prices', bad, '--dir', dir])
    expect(res.code).toBe(1)
    expect(res.err).toMatch(/bad-prices\.csv/)
    expect(res.err).toMatch(/第 2 行（数据行，表头不计）/)
    expect(res.err).toMatch(/cap/)
  })
})
