// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadRecordBatch, migrate, openDatabase, testRecordBatch } from '@yibao/storage'
import { main } from './main.js'
import { recordingIo } from './test-io.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-clues-'))
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})
const dir = path.join(tmp, 'db')
const env = { YIBAO_LOG_LEVEL: 'silent' }

async function run(args: string[]) {
  const io = recordingIo(env, tmp)
  const code = await main([...args, '--dir', dir], io)
  return { code, out: io.out(), err: io.err() }
}

beforeAll(async () => {
  const db = await openDatabase({ dir })
  try {
    await migrate(db)
    await loadRecordBatch(db, testRecordBatch({ persons: 20, seed: 3 }))
  } finally {
    await db.close()
  }
})

describe('yibao clues and yibao callbacks', () => {
  test('a clue file imports once, is listed and counted in the funnel; a bad one names line and column', async () => {
    fs.writeFileSync(
      path.join(tmp, 'gj.csv'),
      '机构编码,人员编号,期间,线索描述,疑似金额\nH001,P000001,2024-03,串换药品,1153.10\nP001,,2024,超量开药,20\n'
    )
    const args = ['clues', 'import', 'gj.csv', '--source', 'NATIONAL', '--name', '国家局第 1 批']
    const first = await run([...args, '--received', '2024-07-01'])
    expect(first.code, first.err).toBe(0)
    expect(first.out).toMatch(/已导入：批次 XP\w+（国家局下发，国家局第 1 批，2024-07-01 接收）/)
    expect(first.out).toContain('线索 2 条，疑似金额 1173.10 元')
    const again = await run(args)
    expect(again.out).toContain('未改动')

    const listed = JSON.parse((await run(['clues', 'list', '--json'])).out)
    expect(listed.total).toBe(2)
    const funnel = JSON.parse((await run(['clues', 'funnel', '--json'])).out)
    expect(funnel.total.sentence).toBe('共接收线索 2 条，已核查 0 条，查实 0 条，追回 0.00 万元。')

    fs.writeFileSync(
      path.join(tmp, 'bad.csv'),
      '机构编码,期间,线索描述,疑似金额\nH001,2024-3,x,1\n'
    )
    const bad = await run(['clues', 'import', 'bad.csv', '--source', 'CITY', '--name', '市局'])
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('bad.csv 第 2 行 期间')
  })

  test('a call-back draw reproduces from its seed; a denial becomes a clue', async () => {
    const draw = ['callbacks', 'draw', '--from', '2024-01-01', '--to', '2024-12-31', '--size', '5']
    const a = JSON.parse((await run([...draw, '--seed', '11', '--json'])).out)
    const b = JSON.parse((await run([...draw, '--seed', '11', '--json'])).out)
    expect(b.items.map((i: any) => i.setlId)).toEqual(a.items.map((i: any) => i.setlId))
    const answered = await run(['callbacks', 'answer', a.id, '1', '--received', 'no'])
    expect(answered.code, answered.err).toBe(0)
    expect(answered.out).toMatch(/与记录不符：本人称未接受该次诊疗.*已生成线索 XS\w+/)
    const shown = await run(['callbacks', 'show', a.id])
    expect(shown.out).toMatch(/不符 → 线索 XS/)
    const clues = JSON.parse((await run(['clues', 'list', '--json'])).out)
    expect(clues.items.map((c: any) => c.source)).toContain('CALLBACK')
  })
})
