// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import type { HsaResponse } from '@yibao/audit'
import {
  AuditReference,
  auditHsaRequest,
  hsaAuditResponse,
  hsaErrorResponse,
  msgidOf,
  parseHsaAuditRequest,
  RuleEngines,
} from '@yibao/audit'
import { badRequest, dateOf, fromEpochMs, OutcomeError } from '@yibao/domain'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import type { CliIo } from '../io.js'
import { printJson, println } from '../io.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'

/**
 * Answers 3101/3102 requests offline with the committed knowledge pack: the same parsing,
 * engine and answer as `POST /api/v1/hsa/3101`, with no server and no stored history.
 */
export function checkMessages(bodies: readonly unknown[], engines: RuleEngines): HsaResponse[] {
  const received = fromEpochMs(Date.now())
  const reference = new AuditReference()
  return bodies.map((body) => {
    const parsed = parseHsaAuditRequest(body)
    if (parsed.issues) return hsaErrorResponse(msgidOf(body), parsed.issues, received)
    const { request } = parsed
    const engine = engines.get({
      stage: request.stage,
      date: dateOf(received),
      ruleIds: request.ruleIds.length > 0 ? request.ruleIds : undefined,
      admdvs: request.admdvs ?? undefined,
    })
    return hsaAuditResponse(request, auditHsaRequest(engine, request, reference), received)
  })
}

/** `yibao check FILE [--json]`: evaluates one 3101/3102 request (or a JSON array of them). */
export function checkCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('check', args, COMMON_OPTIONS)
  if (values.help || positionals.length !== 1) {
    println(
      io,
      [
        '用法：yibao check 请求文件.json [--json]',
        '  按国家 3101（事前）/3102（事中）接口格式读取一个请求（或请求数组），',
        '  用内置知识包审核并输出国家格式的应答。无需服务和数据库，供 HIS 厂商联调。',
      ].join('\n')
    )
    return Promise.resolve(values.help ? 0 : 2)
  }
  const file = path.resolve(io.cwd, positionals[0]!)
  let body: unknown
  try {
    body = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (err) {
    throw new OutcomeError(
      badRequest(
        `无法读取请求文件 ${positionals[0]}：${err instanceof Error ? err.message : String(err)}`,
        positionals[0]
      )
    )
  }
  const bodies = Array.isArray(body) ? body : [body]
  const responses = checkMessages(bodies, new RuleEngines(new Knowledge(loadBuiltinPack())))
  if (values.json) printJson(io, Array.isArray(body) ? responses : responses[0])
  else {
    responses.forEach((r, n) => {
      const head = bodies.length > 1 ? `请求 ${n + 1}：` : ''
      if (r.infcode !== 0) {
        println(io, `${head}请求有误（infcode ${r.infcode}）：${r.err_msg ?? ''}`)
        return
      }
      const result = 'result' in r.output ? r.output.result : []
      println(io, `${head}${result.length === 0 ? '未发现违规' : `发现 ${result.length} 项违规`}`)
      for (const x of result) {
        println(
          io,
          `  [${x.rule_id}] ${x.rule_name}：${x.vola_cont}（违规金额 ${x.vola_amt.toFixed(2)} 元）`
        )
        println(io, `      依据：${x.vola_evid}`)
      }
    })
  }
  return Promise.resolve(responses.some((r) => r.infcode !== 0) ? 1 : 0)
}
