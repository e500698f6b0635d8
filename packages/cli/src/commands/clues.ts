// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { badRequest, fenToYuan, isIsoDate, OutcomeError } from '@yibao/domain'
import { CLUE_SOURCE_LABELS, CLUE_SOURCES, CLUE_STATE_LABELS } from '@yibao/supervision'
import { readSourceTables } from '@yibao/knowledge'
import { clueFunnel, importClueBatch, importClueTable, listClues } from '@yibao/storage'
import type { CliIo } from '../io.js'
import { inputFile, printJson, println } from '../io.js'
import { today } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { runVerb } from '../verb-command.js'

const OPTIONS = {
  ...COMMON_OPTIONS,
  source: { type: 'string' },
  name: { type: 'string' },
  received: { type: 'string' },
  batch: { type: 'string' },
  state: { type: 'string' },
  page: { type: 'string', default: '1' },
  'page-size': { type: 'string', default: '50' },
} as const

const USAGE = [
  '用法：yibao clues <import|list|funnel> [选项] [--dir 数据目录] [--json]',
  `  import 线索.csv --source ${CLUE_SOURCES.join('|')} --name 批次名称 [--received 接收日期（默认今天）]`,
  '        列：机构编码、人员编号（可空）、期间（2024、2024-03、2024-03-05 或 2024-01~2024-06）、线索描述、疑似金额（元）',
  '        有错误时整批不导入并列出行号与列名；同一文件重复导入不改动。',
  '  list [--batch 批次] [--state NEW|ASSIGNED|INVESTIGATING|CLOSED] [--page N] [--page-size N]   线索列表',
  '  funnel                           各批次线索漏斗：接收、分派、核查、查实、追回金额',
].join('\n')

/** A page or page size option, else a usage error naming it. */
function pageOption(value: string | undefined, name: string): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new OutcomeError(badRequest(`--${name} 应为正整数：${value}`, `--${name}`))
  }
  return n
}

/** `yibao clues`: 线索核查 — import batches of clues, list them, the funnel per batch. */
export async function cluesCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand('clues', args, OPTIONS)
  const [verb, file] = positionals
  return runVerb(
    io,
    { verb, usage: USAGE, values, role: 'inspector' },
    {
      import: async (ctx, viewer) => {
        if (file === undefined)
          throw new OutcomeError(badRequest('请给出线索文件（CSV 或 .xlsx）', 'file'))
        const p = inputFile(io, file)
        if (values.source === undefined || values.name === undefined) {
          throw new OutcomeError(
            badRequest(
              `请给出 --source（${CLUE_SOURCES.join('、')}）与 --name 批次名称`,
              '--source'
            )
          )
        }
        const meta = {
          source: values.source,
          name: values.name,
          receivedDate: values.received ?? today(),
        }
        let r
        if (/\.xlsx$/i.test(p)) {
          // A workbook: its one worksheet of clues, rows named by sheet and line.
          if (!(CLUE_SOURCES as readonly string[]).includes(meta.source)) {
            throw new OutcomeError(
              badRequest(
                `--source 应为 ${CLUE_SOURCES.join('、')} 之一：${meta.source}`,
                '--source'
              )
            )
          }
          if (!isIsoDate(meta.receivedDate)) {
            throw new OutcomeError(
              badRequest(`--received 应为 YYYY-MM-DD：${meta.receivedDate}`, '--received')
            )
          }
          const tables = await readSourceTables(p)
          if (tables.length !== 1) {
            throw new OutcomeError(
              badRequest(`${file}：应只有一张线索表，实有 ${tables.length} 张工作表`, 'file')
            )
          }
          r = await importClueTable(
            ctx.db,
            meta as Parameters<typeof importClueTable>[1],
            tables[0]!,
            viewer
          )
        } else {
          r = await importClueBatch(
            ctx.db,
            { ...meta, file: path.basename(p), text: fs.readFileSync(p, 'utf8') },
            viewer
          )
        }
        if (values.json) {
          printJson(io, r)
          return
        }
        const b = r.batch
        println(
          io,
          `${r.status === 'imported' ? '已导入' : '与已导入的文件相同，未改动'}：批次 ${b.id}（${CLUE_SOURCE_LABELS[b.source]}，${b.name}，${b.receivedDate} 接收）`
        )
        println(io, `  线索 ${b.clueCount} 条，疑似金额 ${fenToYuan(b.suspectedAmount)} 元`)
      },
      list: async (ctx) => {
        const page = await listClues(
          ctx.db,
          { batch: values.batch, state: values.state },
          {
            page: pageOption(values.page, 'page'),
            pageSize: pageOption(values['page-size'], 'page-size'),
          }
        )
        if (values.json) {
          printJson(io, page)
          return
        }
        println(io, `共 ${page.total} 条（第 ${page.page} 页，每页 ${page.pageSize} 条）`)
        for (const c of page.items) {
          println(
            io,
            `${c.id}  ${c.batchId === null ? '手工' : `${c.batchId}:${c.line}`}  ${c.institutionCode} ${c.psnNo ?? '—'}  ${c.period}  ${CLUE_STATE_LABELS[c.state]}${c.outcome === null ? '' : `（${CLUE_STATE_LABELS[c.outcome]}）`}  疑似 ${fenToYuan(c.suspectedAmount)} 元  ${c.description}`
          )
        }
      },
      funnel: async (ctx) => {
        const f = await clueFunnel(ctx.db)
        if (values.json) {
          printJson(io, f)
          return
        }
        for (const r of f.rows) {
          println(
            io,
            `${r.batchId ?? '手工登记'}  ${CLUE_SOURCE_LABELS[r.source]}  ${r.name}：${r.sentence}` +
              `（分派 ${r.assigned}，核查中及已办结 ${r.investigating}，查无实据 ${r.unfounded}，疑似 ${fenToYuan(r.suspectedAmount)} 元）`
          )
        }
        println(io, `合计 ${f.total.batches} 批：${f.total.sentence}`)
      },
    }
  )
}
