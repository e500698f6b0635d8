// SPDX-License-Identifier: Apache-2.0
// `yibao check FILE [--json]`: offline 3101/3102 answers from request files.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { HsaResponse } from '@yibao/audit'
import { RuleEngines } from '@yibao/audit'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { afterAll, describe, expect, test } from 'vitest'
import { checkMessages } from './commands/check.js'
import { main } from './main.js'
import { recordingIo } from './test-io.js'

type Json = Record<string, any>

const EXAMPLE = fs.readFileSync(
  new URL('../../../examples/hsa/3101-example.json', import.meta.url),
  'utf8'
)
const example = (): Json => JSON.parse(EXAMPLE) as Json

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-check-'))
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** Writes a file in the temp directory and returns its name. */
function write(name: string, content: unknown): string {
  fs.writeFileSync(
    path.join(tmp, name),
    typeof content === 'string' ? content : JSON.stringify(content)
  )
  return name
}

const woman = example()
woman.input.data.patient_dtos[0].gend = '2'
const malformed = example()
malformed.input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].cnt = 'abc'
const CNT_PATH = '$.input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].cnt'

const FILES = {
  man: write('man.json', EXAMPLE),
  woman: write('woman.json', woman),
  both: write('both.json', [example(), woman]),
  malformed: write('malformed.json', malformed),
  invalidJson: write('invalid.json', '{"infno": "3101",'),
}

async function run(args: string[]) {
  const io = recordingIo({ YIBAO_LOG_LEVEL: 'silent' }, tmp)
  const code = await main(args, io)
  return { code, out: io.out(), err: io.err() }
}

const resultOf = (r: HsaResponse) => ('result' in r.output ? r.output.result : [])

describe('yibao check --json', () => {
  test('the example: exit 0, one result GZ10000301004000', async () => {
    const res = await run(['check', FILES.man, '--json'])
    expect(res.code, res.err).toBe(0)
    const answer = JSON.parse(res.out) as HsaResponse
    expect(answer.infcode).toBe(0)
    expect(answer.inf_refmsgid).toBe('H43XXXX202506141427240001')
    expect(resultOf(answer).map((x) => [x.rule_id, x.mdtrt_id, x.vola_amt])).toEqual([
      ['GZ10000301004000', 'M2001668', 1153],
    ])
    expect(resultOf(answer)[0]!.vola_cont).toBe(
      '男性患者开具限女性使用药品【左炔诺孕酮宫内节育系统】'
    )
  })

  test('an absolute path works as well', async () => {
    const res = await run(['check', path.join(tmp, FILES.man), '--json'])
    expect(res.code, res.err).toBe(0)
    expect(resultOf(JSON.parse(res.out) as HsaResponse)).toHaveLength(1)
  })

  test('the same request for a woman: exit 0, empty result', async () => {
    const res = await run(['check', FILES.woman, '--json'])
    expect(res.code, res.err).toBe(0)
    const answer = JSON.parse(res.out) as HsaResponse
    expect(answer.infcode).toBe(0)
    expect(answer.output).toEqual({ result: [] })
  })

  test('a JSON array of requests: an array of answers, in order', async () => {
    const res = await run(['check', FILES.both, '--json'])
    expect(res.code, res.err).toBe(0)
    const answers = JSON.parse(res.out) as HsaResponse[]
    expect(Array.isArray(answers)).toBe(true)
    expect(answers).toHaveLength(2)
    expect(answers.map((a) => resultOf(a).map((x) => x.rule_id))).toEqual([
      ['GZ10000301004000'],
      [],
    ])
  })

  test('a malformed request: exit 1, err_msg naming the path', async () => {
    const res = await run(['check', FILES.malformed, '--json'])
    expect(res.code).toBe(1)
    const answer = JSON.parse(res.out) as HsaResponse
    expect(answer.infcode).not.toBe(0)
    expect(answer.inf_refmsgid).toBe('H43XXXX202506141427240001')
    expect(answer.err_msg).toContain(CNT_PATH)
    expect(answer.output).toEqual({})
  })

  test('one malformed request in an array: exit 1, the others still answered', async () => {
    const res = await run(['check', write('mixed.json', [malformed, example()]), '--json'])
    expect(res.code).toBe(1)
    const answers = JSON.parse(res.out) as HsaResponse[]
    expect(answers.map((a) => a.infcode === 0)).toEqual([false, true])
    expect(resultOf(answers[1]!)).toHaveLength(1)
  })

  test('a missing file: exit 1, a Chinese message naming the file', async () => {
    const res = await run(['check', 'no-such-request.json', '--json'])
    expect(res.code).toBe(1)
    expect(res.err).toContain('无法读取请求文件 no-such-request.json')
  })

  test('invalid JSON: exit 1, a Chinese message naming the file', async () => {
    const res = await run(['check', FILES.invalidJson, '--json'])
    expect(res.code).toBe(1)
    expect(res.err).toContain('无法读取请求文件 invalid.json')
    expect(res.out).toContain('invalid.json')
  })

  test('no file or two files: usage, exit 2; --help: exit 0', async () => {
    const none = await run(['check'])
    expect(none.code).toBe(2)
    expect(none.out).toContain('用法：yibao check')
    expect((await run(['check', FILES.man, FILES.woman])).code).toBe(2)
    expect((await run(['check', '--help'])).code).toBe(0)
  })
})

describe('yibao check (text)', () => {
  test('names the rule and 违规金额 1153.00 元', async () => {
    const res = await run(['check', FILES.man])
    expect(res.code, res.err).toBe(0)
    expect(res.out).toContain('发现 1 项违规')
    expect(res.out).toContain('[GZ10000301004000] 药品区分性别使用')
    expect(res.out).toContain('男性患者开具限女性使用药品【左炔诺孕酮宫内节育系统】')
    expect(res.out).toContain('违规金额 1153.00 元')
    expect(res.out).toContain('依据：')
  })

  test('a clean request says so', async () => {
    const res = await run(['check', FILES.woman])
    expect(res.code, res.err).toBe(0)
    expect(res.out).toContain('未发现违规')
  })

  test('several requests are numbered; a malformed one names the path', async () => {
    const res = await run(['check', write('mixed-text.json', [example(), malformed])])
    expect(res.code).toBe(1)
    expect(res.out).toContain('请求 1：发现 1 项违规')
    expect(res.out).toContain('请求 2：请求有误')
    expect(res.out).toContain(CNT_PATH)
  })
})

describe('checkMessages', () => {
  test('answers bodies without files; a non-object body is refused at $', () => {
    const engines = new RuleEngines(new Knowledge(loadBuiltinPack()))
    const [ok, bad] = checkMessages([example(), 'not a request'], engines)
    expect(resultOf(ok!).map((x) => x.rule_id)).toEqual(['GZ10000301004000'])
    expect(bad!.infcode).not.toBe(0)
    expect(bad!.inf_refmsgid).toBeNull()
    expect(bad!.err_msg).toContain('$：')
  })

  test('rule_ids limit the rules', () => {
    const engines = new RuleEngines(new Knowledge(loadBuiltinPack()))
    const body = example()
    body.input.data.rule_ids = ['GZ10000301004000']
    expect(resultOf(checkMessages([body], engines)[0]!)).toHaveLength(1)
    body.input.data.rule_ids = ['GZ00000000000000']
    expect(resultOf(checkMessages([body], engines)[0]!)).toEqual([])
  })
})
