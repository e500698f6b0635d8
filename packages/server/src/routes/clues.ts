// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback, FastifyRequest } from 'fastify'
import { notFound, OutcomeError } from '@yibao/domain'
import { CLUE_SOURCE_LABELS, CLUE_STATE_LABELS } from '@yibao/supervision'
import type { ClueDetail, Viewer } from '@yibao/storage'
import {
  assignClue,
  closeClue,
  clueFunnel,
  createClue,
  exportClues,
  importClueBatch,
  linkClue,
  listClueBatches,
  listClues,
  readClue,
  readClueBatch,
  startClue,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { todayOf } from '../today.js'
import { objectBody, positiveInt } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { sendXlsx, yuanCell } from '../xlsx.js'
import { answer, described, refusals } from './versioned-documents.js'

const tags = ['线索核查']

/** One step on a clue: its path under `/clues/:id/` and what it does. */
interface ClueStep {
  readonly path: string
  readonly summary: string
  readonly body: string
  readonly run: (id: string, body: Record<string, unknown>, viewer: Viewer) => Promise<ClueDetail>
}

/**
 * 线索核查: batches of clues handed down by the national, provincial and city bureaus (CSV
 * import, refused whole with every bad cell named; the same file again changes nothing), clues
 * registered by hand, their assignment, investigation and closing, links to findings, reports
 * and inspection draws, the funnel per batch and a batch's clues as xlsx.
 */
export function clueRoutes(ctx: AppContext): FastifyPluginCallback {
  const steps: readonly ClueStep[] = [
    {
      path: 'assign',
      summary: '分派给稽核员（待分派或已分派的线索）',
      body: '{ assignee: 用户名 }',
      run: (id, b, v) => assignClue(ctx.db, id, b, v),
    },
    {
      path: 'start',
      summary: '开始核查（承办人）',
      body: '{}',
      run: (id, _b, v) => startClue(ctx.db, id, v),
    },
    {
      path: 'links',
      summary: '关联疑点、举报、双随机抽取',
      body: '{ findingIds?, reportIds?, drawIds? }',
      run: (id, b, v) => linkClue(ctx.db, id, b, v),
    },
    {
      path: 'close',
      summary: '办结（承办人）：查实（追回金额，分）或查无实据',
      body: '{ outcome: CONFIRMED | UNFOUNDED, recoveredAmount?: 分, note }',
      run: (id, b, v) => closeClue(ctx.db, id, b, v),
    },
  ]
  return function clues(app, _options, done) {
    app.post(
      '/clue-batches',
      {
        schema: {
          tags,
          summary:
            '导入一批线索（CSV：机构编码、人员编号、期间、线索描述、疑似金额（元））；有错整批不导入，同一文件重复导入不改动',
          body: described(
            '{ source: NATIONAL | PROVINCIAL | CITY | SCREENING | CALLBACK | REPORT | OTHER, name, receivedDate?（默认今天）, file, text }'
          ),
          response: { 200: answer, 201: answer, ...refusals },
        },
        preHandler: requireUser('clues.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const r = await importClueBatch(
          ctx.db,
          { ...b, receivedDate: b['receivedDate'] ?? todayOf(ctx) },
          viewerOf(request)
        )
        return reply.status(r.status === 'imported' ? 201 : 200).send(r)
      }
    )
    app.get(
      '/clue-batches',
      { schema: { tags, summary: '线索批次' }, preHandler: requireUser('clues.read') },
      async () => ({ items: await listClueBatches(ctx.db) })
    )
    app.get(
      '/clue-batches/:id/export.xlsx',
      {
        schema: { tags, summary: '一批线索及其核查情况（xlsx）' },
        preHandler: requireUser('clues.read'),
      },
      async (request, reply) => {
        const { id } = request.params as { id: string }
        const batch = await readClueBatch(ctx.db, id)
        if (batch === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的线索批次`))
        const items = await exportClues(ctx.db, { batch: id })
        const funnel = (await clueFunnel(ctx.db, { batch: id })).rows.find((r) => r.batchId === id)
        return sendXlsx(
          reply,
          `clue-batch-${id}.xlsx`,
          '线索',
          [
            { header: '行号', key: 'line', width: 8 },
            { header: '机构编码', key: 'institutionCode', width: 14 },
            { header: '机构名称', key: 'institutionName', width: 24 },
            { header: '人员编号', key: 'psnNo', width: 14 },
            { header: '期间', key: 'period', width: 20 },
            { header: '线索描述', key: 'description', width: 40 },
            { header: '疑似金额（元）', key: 'suspected', width: 14 },
            { header: '状态', key: 'state', width: 10 },
            { header: '承办人', key: 'assignee', width: 12 },
            { header: '核查结果', key: 'outcome', width: 10 },
            { header: '追回金额（元）', key: 'recovered', width: 14 },
            { header: '办结说明', key: 'note', width: 30 },
          ],
          items.map((c) => ({
            line: c.line,
            institutionCode: c.institutionCode,
            institutionName: c.institutionName,
            psnNo: c.psnNo,
            period: c.period,
            description: c.description,
            suspected: yuanCell(c.suspectedAmount),
            state: CLUE_STATE_LABELS[c.state],
            assignee: c.assigneeName ?? c.assignee,
            outcome: c.outcome === null ? null : CLUE_STATE_LABELS[c.outcome],
            recovered: yuanCell(c.recoveredAmount),
            note: c.closingNote,
          })),
          `${CLUE_SOURCE_LABELS[batch.source]} ${batch.name}（${batch.receivedDate} 接收）：` +
            (funnel?.sentence ?? '')
        )
      }
    )
    app.get(
      '/clues/funnel',
      {
        schema: {
          tags,
          summary: '线索漏斗：各批次接收、分派、核查、查实、查无实据、疑似与追回金额（分）',
        },
        preHandler: requireUser('clues.read'),
      },
      () => clueFunnel(ctx.db)
    )
    app.post(
      '/clues',
      {
        schema: {
          tags,
          summary: '手工登记线索（大数据筛查、回访不符、举报等）',
          body: described(
            '{ source, institutionCode, psnNo?, period（2024、2024-03、2024-03-05 或用 ~ 连接的区间）, description, suspectedAmount: 分 }'
          ),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('clues.manage'),
      },
      async (request, reply) =>
        reply.status(201).send(await createClue(ctx.db, objectBody(request), viewerOf(request)))
    )
    app.get(
      '/clues',
      {
        schema: {
          tags,
          summary: '线索列表（batch、state、source、institutionCode、assignee 筛选，分页）',
        },
        preHandler: requireUser('clues.read'),
      },
      async (request: FastifyRequest) => {
        const q = request.query as Record<string, string | undefined>
        return listClues(
          ctx.db,
          {
            batch: q['batch'],
            state: q['state'],
            source: q['source'],
            institutionCode: q['institutionCode'],
            assignee: q['assignee'],
          },
          {
            page: positiveInt(q['page'], 'page', 1),
            pageSize: positiveInt(q['pageSize'], 'pageSize', 50),
          }
        )
      }
    )
    app.get(
      '/clues/:id',
      {
        schema: { tags, summary: '线索详情：关联记录与办理记录' },
        preHandler: requireUser('clues.read'),
      },
      async (request) => readClue(ctx.db, (request.params as { id: string }).id)
    )
    for (const step of steps) {
      app.post(
        `/clues/:id/${step.path}`,
        {
          schema: {
            tags,
            summary: step.summary,
            body: described(step.body),
            response: { 200: answer, ...refusals },
          },
          preHandler: requireUser('clues.manage'),
        },
        async (request) =>
          step.run((request.params as { id: string }).id, objectBody(request), viewerOf(request))
      )
    }
    done()
  }
}
