// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { randomInt } from 'node:crypto'
import {
  badRequest,
  fenToYuan,
  INSTITUTION_TYPE_LABELS,
  notFound,
  OutcomeError,
} from '@yibao/domain'
import type { InspectionPlan } from '@yibao/supervision'
import {
  DEFAULT_INSPECTION_PLAN,
  inspectionPlanFromDocument,
  inspectionPlanToDocument,
} from '@yibao/supervision'
import {
  inspectionCoverage,
  inspectionObjects,
  listDraws,
  listInspectionResults,
  listInspectors,
  readDraw,
  recordDraw,
  recordInspectionResult,
  updateInspectionResult,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { todayOf } from '../today.js'
import {
  objectBody,
  optionalDate,
  optionalText,
  textOrEmpty,
  yearValue,
} from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { sendXlsx } from '../xlsx.js'
import { answer, described, refusals } from './versioned-documents.js'

const tags = ['双随机一公开']

/**
 * 双随机、一公开: the object register with credit and risk, the inspector register, draws
 * (reproducible from plan, registers and seed) and the publication list of a draw as xlsx.
 */
export function inspectionRoutes(ctx: AppContext): FastifyPluginCallback {
  return function inspections(app, _options, done) {
    app.get(
      '/inspection/objects',
      {
        schema: { tags, summary: '检查对象名录库：机构类型、级别、区划、信用等级、风险分' },
        preHandler: requireUser('inspections.read'),
      },
      async () => ({ items: await inspectionObjects(ctx.db) })
    )
    app.get(
      '/inspection/inspectors',
      {
        schema: { tags, summary: '检查人员名录库：执法证、专业、单位、申报的利害关系机构' },
        preHandler: requireUser('inspections.read'),
      },
      async () => ({ items: await listInspectors(ctx.db) })
    )
    app.get(
      '/inspection/default-plan',
      {
        schema: { tags, summary: '默认抽查计划（比例为百分数）' },
        preHandler: requireUser('inspections.read'),
      },
      () => inspectionPlanToDocument(DEFAULT_INSPECTION_PLAN)
    )
    app.post(
      '/inspection-draws',
      {
        schema: {
          tags,
          summary:
            '双随机抽取：按计划与种子抽取检查对象和检查组（同一种子、同一名录库结果相同），并记录',
          body: described(
            '{ seed?, plan?（抽查计划文档，默认为默认计划，admdvs 为空时含全部区划） }'
          ),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('inspections.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const plan: InspectionPlan =
          b['plan'] === undefined ? DEFAULT_INSPECTION_PLAN : inspectionPlanFromDocument(b['plan'])
        const seed = b['seed'] === undefined ? randomInt(0, 2 ** 31) : b['seed']
        if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
          throw new OutcomeError(
            badRequest(`seed：应为非负整数，收到 ${JSON.stringify(seed)}`, 'seed')
          )
        }
        return reply.status(201).send(await recordDraw(ctx.db, plan, seed, viewerOf(request)))
      }
    )
    app.get(
      '/inspection-draws',
      { schema: { tags, summary: '抽取记录' }, preHandler: requireUser('inspections.read') },
      async () => ({ items: await listDraws(ctx.db) })
    )
    app.get(
      '/inspection-draws/:id',
      {
        schema: { tags, summary: '一次抽取：计划、种子、算法版本、对象与检查组' },
        preHandler: requireUser('inspections.read'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const d = await readDraw(ctx.db, id)
        if (d === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的抽取`))
        return d
      }
    )
    app.get(
      '/inspection-draws/:id/export.xlsx',
      {
        schema: { tags, summary: '抽取结果公示清单（xlsx）' },
        preHandler: requireUser('inspections.read'),
      },
      async (request, reply) => {
        const { id } = request.params as { id: string }
        const d = await readDraw(ctx.db, id)
        if (d === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的抽取`))
        const names = new Map((await listInspectors(ctx.db, true)).map((i) => [i.id, i.name]))
        return sendXlsx(
          reply,
          `inspection-draw-${id}.xlsx`,
          '双随机抽查',
          [
            { header: '机构编码', key: 'code', width: 16 },
            { header: '机构名称', key: 'name', width: 28 },
            { header: '机构类型', key: 'type', width: 14 },
            { header: '检查组', key: 'team', width: 28 },
          ],
          d.objects.map((o) => ({
            code: o.object.code,
            name: o.object.name,
            type: INSTITUTION_TYPE_LABELS[o.object.type],
            team: o.team.map((t) => names.get(t) ?? t).join('、'),
          })),
          `抽取 ${d.id}（${d.plan.name}，种子 ${d.seed}，${d.createdAt}）`
        )
      }
    )
    app.post(
      '/inspection-draws/:id/results/:code',
      {
        schema: {
          tags,
          summary:
            '记录检查结果（书面 WRITTEN / 实地 ONSITE；发现问题须给整改期限）；公示期限为 20 个工作日',
          body: described(
            '{ kind, inspectedOn, outcome: NO_ISSUE | ISSUES, summary, amount?（分）, rectifyBy? }'
          ),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('inspections.manage'),
      },
      async (request, reply) => {
        const { id, code } = request.params as { id: string; code: string }
        const b = objectBody(request)
        const result = await recordInspectionResult(
          ctx.db,
          id,
          code,
          {
            kind: textOrEmpty(b, 'kind'),
            inspectedOn: textOrEmpty(b, 'inspectedOn'),
            outcome: textOrEmpty(b, 'outcome'),
            summary: textOrEmpty(b, 'summary'),
            ...(typeof b['amount'] === 'number' ? { amount: b['amount'] } : {}),
            rectifyBy: textOrEmpty(b, 'rectifyBy') || null,
          },
          viewerOf(request)
        )
        return reply.status(201).send(result)
      }
    )
    app.post(
      '/inspection-draws/:id/results/:code/progress',
      {
        schema: {
          tags,
          summary: '整改完成（rectifiedOn、followUp）或结果公示（publishedOn、publicationUrl）',
          body: described('{ rectifiedOn?, followUp?, publishedOn?, publicationUrl? }'),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('inspections.manage'),
      },
      async (request) => {
        const { id, code } = request.params as { id: string; code: string }
        const b = objectBody(request)
        const change: Record<string, string> = {}
        for (const k of ['rectifiedOn', 'followUp', 'publishedOn', 'publicationUrl']) {
          if (typeof b[k] === 'string' && b[k] !== '') change[k] = b[k]
        }
        return updateInspectionResult(ctx.db, id, code, change, viewerOf(request))
      }
    )
    app.get(
      '/inspection-results',
      {
        schema: {
          tags,
          summary: '检查结果（draw 或 year 筛选），asOf 日（默认今天）逾期的整改与公示',
        },
        preHandler: requireUser('inspections.read'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        const drawId = optionalText(q, 'draw')
        return {
          items: await listInspectionResults(ctx.db, {
            ...(drawId === undefined ? {} : { drawId }),
            ...(q['year'] === undefined || q['year'] === ''
              ? {}
              : { year: yearValue(q['year'], 'year') }),
            asOf: optionalDate(q['asOf'], 'asOf') ?? todayOf(ctx),
          }),
        }
      }
    )
    app.get(
      '/inspection-coverage',
      {
        schema: { tags, summary: '一年的书面稽核与实地稽核覆盖率（按机构类型）' },
        preHandler: requireUser('inspections.read'),
      },
      async (request) => ({
        items: await inspectionCoverage(
          ctx.db,
          yearValue((request.query as Record<string, unknown>)['year'], 'year')
        ),
      })
    )
    app.get(
      '/inspection-results/publication.xlsx',
      {
        schema: { tags, summary: '一年的抽查结果公示清单（xlsx）' },
        preHandler: requireUser('inspections.read'),
      },
      async (request, reply) => {
        const year = yearValue((request.query as Record<string, unknown>)['year'], 'year')
        const names = new Map((await inspectionObjects(ctx.db)).map((o) => [o.code, o.name]))
        const results = await listInspectionResults(ctx.db, { year, asOf: `${year}-12-31` })
        return sendXlsx(
          reply,
          `inspection-results-${year}.xlsx`,
          '抽查结果公示',
          [
            { header: '机构编码', key: 'code', width: 16 },
            { header: '机构名称', key: 'name', width: 28 },
            { header: '检查方式', key: 'kind', width: 10 },
            { header: '检查日期', key: 'date', width: 12 },
            { header: '检查结果', key: 'outcome', width: 12 },
            { header: '情况说明', key: 'summary', width: 40 },
            { header: '涉及金额（元）', key: 'amount', width: 14 },
            { header: '整改期限', key: 'rectifyBy', width: 12 },
            { header: '整改完成', key: 'rectifiedOn', width: 12 },
          ],
          results.map((r) => ({
            code: r.institutionCode,
            name: names.get(r.institutionCode) ?? '',
            kind: r.kind === 'WRITTEN' ? '书面' : '实地',
            date: r.inspectedOn,
            outcome: r.outcome === 'NO_ISSUE' ? '未发现问题' : '发现问题',
            summary: r.summary,
            amount: Number(fenToYuan(r.amount)),
            rectifyBy: r.rectifyBy ?? '',
            rectifiedOn: r.rectifiedOn ?? '',
          })),
          `${year} 年双随机抽查结果公示`
        )
      }
    )
    done()
  }
}
