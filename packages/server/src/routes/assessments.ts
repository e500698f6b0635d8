// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { badRequest, fenToYuan, OutcomeError } from '@yibao/domain'
import { ASSESSMENT_TEMPLATE_CODEC, BAND_LABELS } from '@yibao/supervision'
import {
  adjustCredit,
  importRoster,
  listAssessments,
  readAssessmentTemplate,
  recordAssessmentEntry,
  resolveRosterRow,
  rosterReport,
  rosterTableFromText,
  runAssessment,
  saveAssessmentTemplate,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import {
  nonEmptyText,
  nonNegativeNumber,
  objectBody,
  optionalText,
  yearValue,
} from '../request-values.js'
import { sendXlsx } from '../xlsx.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { answer, described, refusals } from './versioned-documents.js'

/**
 * 千分制 assessments with credit levels, and enrollment-subsidy rosters (资助参保、免申即享).
 */
export function assessmentRoutes(ctx: AppContext): FastifyPluginCallback {
  return function assessments(app, _options, done) {
    const tags = ['考核与信用']
    app.get(
      '/assessment-template',
      {
        schema: { tags, summary: '千分制考核模板（文档形式）：维度、考核项、分档、信用等级界限' },
        preHandler: requireUser('assessments.read'),
      },
      async () => ASSESSMENT_TEMPLATE_CODEC.toDocument(await readAssessmentTemplate(ctx.db))
    )
    app.put(
      '/assessment-template',
      {
        schema: {
          tags,
          summary: '替换考核模板（各项满分之和须为 1000；自动计分项须给出 allowance 与 perUnit）',
          body: described('考核模板文档，字段同 GET /assessment-template'),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('assessmentTemplate.manage'),
      },
      async (request) =>
        ASSESSMENT_TEMPLATE_CODEC.toDocument(
          await saveAssessmentTemplate(ctx.db, objectBody(request), viewerOf(request))
        )
    )
    app.get(
      '/assessments',
      {
        schema: { tags, summary: '某期考核结果（period=2025 或 2025-Q2；institution 筛选）' },
        preHandler: requireUser('assessments.read'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        const period = nonEmptyText(q, 'period')
        const institution = optionalText(q, 'institution')
        return { items: await listAssessments(ctx.db, period, institution) }
      }
    )
    app.post(
      '/assessment-runs',
      {
        schema: {
          tags,
          summary: '计分：数据指标加人工扣分，结果有变化时生成新版本',
          body: described('{ period, institution? }'),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('assessments.manage'),
      },
      async (request) => {
        const b = objectBody(request)
        const institution = typeof b['institution'] === 'string' ? b['institution'] : undefined
        return runAssessment(
          ctx.db,
          nonEmptyText(b, 'period'),
          viewerOf(request),
          institution === undefined ? {} : { institutionCode: institution }
        )
      }
    )
    app.post(
      '/assessment-entries',
      {
        schema: {
          tags,
          summary: '人工扣分或一票否决（item 为 VETO）',
          body: described('{ institution, period, item, points, reason }'),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('assessments.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        await recordAssessmentEntry(
          ctx.db,
          {
            institutionCode: nonEmptyText(b, 'institution'),
            period: nonEmptyText(b, 'period'),
            item: nonEmptyText(b, 'item'),
            points: nonNegativeNumber(b, 'points'),
            reason: nonEmptyText(b, 'reason'),
          },
          viewerOf(request)
        )
        return reply.status(201).send({ ok: true })
      }
    )
    app.post(
      '/assessments/credit',
      {
        schema: {
          tags,
          summary: '异议或信用修复后调整信用等级',
          body: described('{ institution, period, credit, reason }'),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('assessments.manage'),
      },
      async (request) => {
        const b = objectBody(request)
        return adjustCredit(
          ctx.db,
          nonEmptyText(b, 'institution'),
          nonEmptyText(b, 'period'),
          nonEmptyText(b, 'credit'),
          nonEmptyText(b, 'reason'),
          viewerOf(request)
        )
      }
    )

    const subsidyTags = ['资助参保']
    app.post(
      '/subsidy-rosters',
      {
        schema: {
          tags: subsidyTags,
          summary:
            '导入部门名单（CSV 文本）：匹配参保人、标记身份、按最高比例资助一次；同一文件重复导入不改动',
          body: described('{ source, year, file, text, contribution（个人缴费标准，分） }'),
          response: { 200: answer, 201: answer, ...refusals },
        },
        preHandler: requireUser('subsidy.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const r = await importRoster(
          ctx.db,
          {
            source: nonEmptyText(b, 'source'),
            year: yearValue(b['year'], 'year'),
            table: rosterTableFromText(nonEmptyText(b, 'file'), nonEmptyText(b, 'text')),
            contribution: nonNegativeNumber(b, 'contribution'),
          },
          viewerOf(request)
        )
        return reply.status(r.status === 'imported' ? 201 : 200).send(r)
      }
    )
    app.get(
      '/subsidy-report',
      {
        schema: {
          tags: subsidyTags,
          summary: '资助参保对账：各来源各状态、按身份的资助人数与金额、待核对与未参保名单',
        },
        preHandler: requireUser('subsidy.read'),
      },
      async (request) =>
        rosterReport(ctx.db, yearValue((request.query as Record<string, unknown>)['year'], 'year'))
    )
    app.post(
      '/subsidy-rosters/:batch/rows/:line',
      {
        schema: {
          tags: subsidyTags,
          summary: '处理待核对的行（decision: MATCH | REJECT）',
          body: described('{ decision, contribution }'),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('subsidy.manage'),
      },
      async (request) => {
        const { batch, line } = request.params as { batch: string; line: string }
        const b = objectBody(request)
        const decision = b['decision']
        if (decision !== 'MATCH' && decision !== 'REJECT') {
          throw new OutcomeError(
            badRequest(
              `decision：应为 MATCH 或 REJECT，收到 ${JSON.stringify(decision ?? null)}`,
              'decision'
            )
          )
        }
        await resolveRosterRow(
          ctx.db,
          batch,
          Number(line),
          decision,
          nonNegativeNumber(b, 'contribution'),
          viewerOf(request)
        )
        return { ok: true }
      }
    )
    app.get(
      '/assessments/export.xlsx',
      {
        schema: { tags, summary: '导出某期考核结果（xlsx）' },
        preHandler: requireUser('assessments.read'),
      },
      async (request, reply) => {
        const period = nonEmptyText(request.query as Record<string, unknown>, 'period')
        const results = await listAssessments(ctx.db, period)
        return sendXlsx(
          reply,
          `assessments-${period}.xlsx`,
          '千分制考核',
          [
            { header: '机构编码', key: 'institutionCode', width: 16 },
            { header: '得分', key: 'score', width: 10 },
            { header: '档次', key: 'band', width: 10 },
            { header: '信用等级', key: 'creditLevel', width: 10 },
            { header: '考核系数', key: 'coefficient', width: 10 },
            { header: '一票否决', key: 'veto', width: 20 },
          ],
          results.map((r) => ({ ...r, band: BAND_LABELS[r.band], veto: r.veto ?? '' }))
        )
      }
    )
    app.get(
      '/subsidy-report/export.xlsx',
      {
        schema: { tags: ['资助参保'], summary: '导出资助对账：待核对与未参保名单（xlsx）' },
        preHandler: requireUser('subsidy.read'),
      },
      async (request, reply) => {
        const year = yearValue((request.query as Record<string, unknown>)['year'], 'year')
        const r = await rosterReport(ctx.db, year)
        return sendXlsx(
          reply,
          `subsidy-${year}.xlsx`,
          '资助参保对账',
          [
            { header: '处理', key: 'kind', width: 12 },
            { header: '批次', key: 'batchId', width: 22 },
            { header: '行号', key: 'line', width: 8 },
            { header: '身份证号', key: 'idNumber', width: 22 },
            { header: '姓名', key: 'name', width: 10 },
            { header: '原因', key: 'reason', width: 36 },
          ],
          [
            ...r.review.map((x) => ({ ...x, kind: '待人工核对' })),
            ...r.unmatched.map((x) => ({ ...x, kind: '动员参保' })),
          ],
          `${year} 年资助 ${r.totals.persons} 人，${fenToYuan(r.totals.amount)} 元`
        )
      }
    )
    done()
  }
}
