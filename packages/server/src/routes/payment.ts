// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback, FastifyRequest } from 'fastify'
import { badRequest, fenToYuan, forbidden, notFound, OutcomeError } from '@yibao/domain'
import { formatPlanText, parsePlanText, PAYMENT_METHOD_LABELS } from '@yibao/payment'
import type { StatementFilter, StoredStatementSummary } from '@yibao/storage'
import {
  checkMonth,
  listClearings,
  listStatements,
  PAYMENT_PLANS,
  readStatement,
  runClearing,
  runPaymentMonth,
  saveDraftVersion,
  scopeOf,
  suggestPaymentPlan,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { JobLauncher } from '../job-launcher.js'
import { objectBody, positiveInt, yearValue } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { sendXlsx } from '../xlsx.js'
import { answer, described, refusals, registerVersionedRoutes } from './versioned-documents.js'

const tags = ['付费与清算']

/** A region code in a body, else 400 naming it. */
function admdvsValue(value: unknown, name = 'admdvs'): string {
  if (typeof value !== 'string' || !/^[\w*]{1,12}$/.test(value)) {
    throw new OutcomeError(
      badRequest(`${name}：应为医保区划代码，收到 ${JSON.stringify(value)}`, name)
    )
  }
  return value
}

/** The statement filter of a query, limited to the viewer's institution. */
function statementFilter(
  request: FastifyRequest
): StatementFilter & { institutionCode: string | null } {
  const q = request.query as Record<string, unknown>
  const scope = scopeOf(viewerOf(request))
  const month = typeof q['month'] === 'string' && q['month'] !== '' ? q['month'] : undefined
  if (month !== undefined) checkMonth(month)
  const institution =
    typeof q['institution'] === 'string' && q['institution'] !== '' ? q['institution'] : null
  if (scope !== null && institution !== null && institution !== scope) {
    throw new OutcomeError(forbidden)
  }
  return {
    ...(month === undefined ? {} : { month }),
    ...(q['year'] === undefined || q['year'] === '' ? {} : { year: yearValue(q['year'], 'year') }),
    institutionCode: scope ?? institution,
    current: q['all'] !== '1' && q['all'] !== 'true',
  }
}

const yuan = (fen: number): number => Number(fenToYuan(fen))

/**
 * Paying institutions: payment plans (versions, suggest from the data), the monthly payment run
 * (a background job), statements with their cases (an institution sees only its own), their
 * xlsx export, and the annual clearing.
 */
export function paymentRoutes(ctx: AppContext): FastifyPluginCallback {
  const jobs = new JobLauncher(ctx.db)
  return function payment(app, _options, done) {
    app.addHook('onClose', () => jobs.settle())

    registerVersionedRoutes(app, {
      db: ctx.db,
      kind: PAYMENT_PLANS,
      path: '/payment-plans',
      filePrefix: 'payplan',
      tags,
      read: 'payment.read',
      manage: 'payment.manage',
      documentLabel: '付费方案文档（金额单位元、比例为百分数、系数与点值为小数）',
      parseText: parsePlanText,
      formatText: formatPlanText,
    })
    app.post(
      '/payment-plans/suggest',
      {
        schema: {
          tags,
          summary: '按统筹区一年已存的住院数据测算付费方案（DIP 或 DRG），存为草稿',
          body: described('{ admdvs, year, method?: DIP | DRG }'),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('payment.manage'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const method = b['method'] ?? 'DIP'
        if (method !== 'DIP' && method !== 'DRG') {
          throw new OutcomeError(
            badRequest(`method：应为 DIP 或 DRG，收到 ${JSON.stringify(method)}`, 'method')
          )
        }
        const plan = await suggestPaymentPlan(
          ctx.db,
          admdvsValue(b['admdvs']),
          yearValue(b['year'], 'year'),
          ctx.knowledge.pack,
          method
        )
        const stored = await saveDraftVersion(
          ctx.db,
          PAYMENT_PLANS,
          PAYMENT_PLANS.toDocument(plan),
          viewerOf(request)
        )
        return reply.status(201).send({
          id: stored.body.id,
          status: stored.status,
          document: PAYMENT_PLANS.toDocument(stored.body),
        })
      }
    )

    app.post(
      '/payment-runs',
      {
        schema: {
          tags,
          summary: '月度拨付：按启用的付费方案生成各机构拨付单并核对（后台运行；结果不变则不改动）',
          body: described('{ month: YYYY-MM, admdvs? }'),
          response: { 202: answer, ...refusals },
        },
        preHandler: requireUser('payment.run'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const month =
          typeof b['month'] === 'string' ? b['month'] : JSON.stringify(b['month'] ?? null)
        checkMonth(month)
        const admdvs =
          b['admdvs'] === undefined || b['admdvs'] === '' ? undefined : admdvsValue(b['admdvs'])
        const viewer = viewerOf(request)
        const job = await jobs.launch(
          request,
          'payment-run',
          '月度拨付',
          { action: 'payment.run.start', detail: { month, admdvs: admdvs ?? null } },
          async (onProgress) => {
            const r = await runPaymentMonth(ctx.db, {
              month,
              ...(admdvs === undefined ? {} : { admdvs }),
              viewer,
              pack: ctx.knowledge.pack,
              onProgress: (_stage, d, t) => {
                onProgress(d, t)
              },
            })
            return {
              message:
                `完成：${r.statements.length} 家机构，新生成 ${r.created} 份，未变 ${r.unchanged} 份；` +
                `实付合计 ${fenToYuan(r.totals.net)} 元；核对${r.reconciled ? '全部相符' : '有不符项'}`,
              detail: {
                month,
                created: r.created,
                unchanged: r.unchanged,
                superseded: r.superseded,
                totals: r.totals,
                reconciliation: r.reconciliation,
                reconciled: r.reconciled,
                skipped: r.skipped,
              },
            }
          },
          '家'
        )
        return reply.status(202).send({ job })
      }
    )

    app.get(
      '/payment/months',
      {
        schema: { tags, summary: '有拨付单的月份及其合计（当前版本）' },
        preHandler: requireUser('statements.read'),
      },
      async (request) => {
        const scope = scopeOf(viewerOf(request))
        const rows = await ctx.db.query<Record<string, unknown>>(
          `SELECT month, count(*)::int AS statements, sum(points) AS points,
             sum(payable)::bigint AS payable, sum(deductions)::bigint AS deductions,
             sum(deposit)::bigint AS deposit, sum(net)::bigint AS net
           FROM payment_statement WHERE current ${scope === null ? '' : 'AND institution_code = $1'}
           GROUP BY month ORDER BY month DESC`,
          scope === null ? [] : [scope]
        )
        return {
          items: rows.map((r) => ({ ...r, points: Math.round(Number(r['points']) * 100) / 100 })),
        }
      }
    )
    app.get(
      '/payment/statements',
      {
        schema: {
          tags,
          summary:
            '拨付单（month / year / institution 筛选；all=1 含被替换的旧版本；机构用户只见本机构）',
        },
        preHandler: requireUser('statements.read'),
      },
      async (request) => ({ items: await listStatements(ctx.db, statementFilter(request)) })
    )
    app.get(
      '/payment/statements/export.xlsx',
      {
        schema: { tags, summary: '导出拨付单（xlsx，筛选同列表）' },
        preHandler: requireUser('statements.read'),
      },
      async (request, reply) => {
        const filter = statementFilter(request)
        const items = await listStatements(ctx.db, filter)
        return sendXlsx(
          reply,
          `statements-${filter.month ?? filter.year ?? 'all'}.xlsx`,
          '拨付单',
          [
            { header: '月份', key: 'month', width: 10 },
            { header: '机构编码', key: 'institutionCode', width: 16 },
            { header: '机构名称', key: 'institutionName', width: 28 },
            { header: '付费方式', key: 'method', width: 22 },
            { header: '点数', key: 'points', width: 12 },
            { header: '应付（元）', key: 'payable', width: 14 },
            { header: '扣款（元）', key: 'deductions', width: 12 },
            { header: '预留保证金（元）', key: 'deposit', width: 16 },
            { header: '实付（元）', key: 'net', width: 14 },
            { header: '到期日', key: 'dueDate', width: 12 },
            { header: '版本', key: 'version', width: 6 },
          ],
          items.map((s: StoredStatementSummary) => ({
            ...s,
            method: PAYMENT_METHOD_LABELS[s.method],
            payable: yuan(s.payable),
            deductions: yuan(s.deductions),
            deposit: yuan(s.deposit),
            net: yuan(s.net),
          }))
        )
      }
    )
    app.get(
      '/payment/statements/:id',
      {
        schema: {
          tags,
          summary: '一份拨付单：明细、扣款、指标与点数法病例（分页，按点数从高到低）',
        },
        preHandler: requireUser('statements.read'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const q = request.query as Record<string, unknown>
        const page = positiveInt(q['page'], 'page', 1)
        const pageSize = Math.min(500, positiveInt(q['pageSize'], 'pageSize', 50))
        const found = await readStatement(ctx.db, id, {
          offset: (page - 1) * pageSize,
          limit: pageSize,
        })
        const scope = scopeOf(viewerOf(request))
        if (found === undefined || (scope !== null && found.summary.institutionCode !== scope)) {
          throw new OutcomeError(notFound(`没有编号为 ${id} 的拨付单`))
        }
        return { ...found, page, pageSize }
      }
    )

    app.post(
      '/payment-clearings',
      {
        schema: {
          tags,
          summary: '年度清算：按结算点值重算全年应付，乘考核系数，返还保证金（结果不变则不改动）',
          body: described('{ admdvs, year }'),
          response: { 200: answer, 201: answer, ...refusals },
        },
        preHandler: requireUser('payment.run'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const r = await runClearing(
          ctx.db,
          admdvsValue(b['admdvs']),
          yearValue(b['year'], 'year'),
          viewerOf(request)
        )
        return reply.status(r.status === 'created' ? 201 : 200).send(r)
      }
    )
    app.get(
      '/payment-clearings',
      {
        schema: { tags, summary: '年度清算各版本（year 筛选）' },
        preHandler: requireUser('payment.read'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        const year =
          q['year'] === undefined || q['year'] === '' ? undefined : yearValue(q['year'], 'year')
        return { items: await listClearings(ctx.db, year) }
      }
    )
    done()
  }
}
