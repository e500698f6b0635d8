// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback, FastifyRequest } from 'fastify'
import { fenToYuan, OutcomeError, tooMany } from '@yibao/domain'
import type { Permission } from '@yibao/supervision'
import {
  publicReportFromDocument,
  reportIntakeFromDocument,
  reportPolicyToDocument,
} from '@yibao/supervision'
import type { ReportView, Viewer } from '@yibao/storage'
import {
  approveReward,
  assignReport,
  claimReport,
  intakeReport,
  linkReportFindings,
  listDisclosedCases,
  listReports,
  moveReport,
  notifyReporter,
  payReward,
  proposeReward,
  PUBLIC_WEB_FORM,
  readReport,
  readReportPolicy,
  ReportVault,
  reportStatistics,
  saveReportPolicy,
  setReportDisclosure,
  waiveReward,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { todayOf } from '../today.js'
import { sendXlsx } from '../xlsx.js'
import { LoginThrottle } from '../login-throttle.js'
import { objectBody, optionalDate, positiveInt } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { answer, described, refusals } from './versioned-documents.js'

const tags = ['举报与奖励']

/** How often one address may use the public endpoints. */
export interface PublicReportLimits {
  /** Reports one address may send within the window (default 5). */
  readonly reports?: number
  /** Wrong claim codes one address may try within the window (default 10). */
  readonly claims?: number
  /** The window, ms (default one hour). */
  readonly windowMs?: number
}

/** One step on a report: its path under `/reports/:id/`, who may take it and what it does. */
interface ReportStep {
  readonly path: string
  readonly summary: string
  readonly body: string
  readonly permission: Permission
  readonly run: (id: string, body: Record<string, unknown>, viewer: Viewer) => Promise<ReportView>
}

function query(request: FastifyRequest): Record<string, string | undefined> {
  return request.query as Record<string, string | undefined>
}

/**
 * Reports and rewards (举报受理与举报奖励): intake by report handlers and through the public
 * anonymous web form, handling with working-day deadlines, rewards, statistics, the claim-code
 * lookup and the disclosed typical cases. Who reported appears only in report handlers'
 * answers.
 */
export function reportRoutes(
  ctx: AppContext,
  { reports = 5, claims = 10, windowMs = 3_600_000 }: PublicReportLimits = {}
): FastifyPluginCallback {
  const vault = new ReportVault(ctx.db, {
    key: ctx.config.reportKey,
    production: ctx.config.production,
  })
  const intakeLimit = new LoginThrottle({ maxFailures: reports, windowMs })
  const claimLimit = new LoginThrottle({ maxFailures: claims, windowMs })
  const waitOr429 = (limit: LoginThrottle, key: string, what: string): void => {
    const wait = limit.retryAfter(key)
    if (wait > 0) {
      throw new OutcomeError(tooMany(`${what}过于频繁，请 ${Math.ceil(wait / 60_000)} 分钟后再试`))
    }
  }
  const steps: readonly ReportStep[] = [
    {
      path: 'assign',
      summary: '指派承办人（举报受理员）',
      body: '{ handler: 用户名 }',
      permission: 'reports.handle',
      run: (id, b, v) => assignReport(ctx.db, vault, id, b['handler'], v),
    },
    {
      path: 'transitions',
      summary:
        '办理：accept 立案 / reject 不予受理 / forward 移送 / verify 查实（案值，分）/ unfound 查无实据 / close 办结',
      body: '{ action, date?, reason?, forwardedTo?, caseValue?, matter?, handlingDecision?: PENALTY | AGREEMENT | NONE }',
      permission: 'reports.handle',
      run: (id, b, v) => moveReport(ctx.db, vault, id, b, v, todayOf(ctx)),
    },
    {
      path: 'findings',
      summary: '关联疑点',
      body: '{ findingIds: string[] }',
      permission: 'reports.handle',
      run: (id, b, v) => linkReportFindings(ctx.db, vault, id, b, v),
    },
    {
      path: 'notification',
      summary: '登记已告知举报人是否立案',
      body: '{ date? }',
      permission: 'reports.handle',
      run: (id, b, v) => notifyReporter(ctx.db, vault, id, b, v, todayOf(ctx)),
    },
    {
      path: 'disclosure',
      summary: '作为典型案例公开（或撤回），公开内容不得含举报人信息',
      body: '{ disclose: boolean, text? }',
      permission: 'reports.handle',
      run: (id, b, v) => setReportDisclosure(ctx.db, vault, id, b, v),
    },
    {
      path: 'reward',
      summary: '提出奖励：按等级、查实案值与内部人员加成计算',
      body: '{ grade: 1 | 2 | 3, note? }',
      permission: 'reports.handle',
      run: (id, b, v) => proposeReward(ctx.db, vault, id, b, v),
    },
    {
      path: 'reward/approval',
      summary: '批准奖励（须为提出人以外的举报受理员或管理员）',
      body: '{}',
      permission: 'rewards.approve',
      run: (id, _b, v) => approveReward(ctx.db, vault, id, v),
    },
    {
      path: 'reward/payment',
      summary: '登记奖励发放（非现金转账）',
      body: '{ paidDate?, paymentRef }',
      permission: 'reports.handle',
      run: (id, b, v) => payReward(ctx.db, vault, id, b, v, todayOf(ctx)),
    },
    {
      path: 'reward/waiver',
      summary: '登记放弃奖励',
      body: '{ reason }',
      permission: 'reports.handle',
      run: (id, b, v) => waiveReward(ctx.db, vault, id, b, v),
    },
  ]

  return function reportsPlugin(app, _options, done) {
    app.addHook('onReady', async () => {
      try {
        await vault.ready()
      } catch (err) {
        app.log.warn(`举报受理已停止：${(err as Error).message}`)
      }
    })
    app.post(
      '/reports',
      {
        schema: {
          tags,
          summary: '登记举报（电话、来信、来访等）；匿名举报返回一次查询码',
          body: described(
            '{ channel, kind: REAL_NAME | ANONYMOUS | JOINT, subjectType, subjectId, subjectName?, matter?, clues, insider?, receivedDate?, reporters?: [{ name, phone?, idNumber? }] }'
          ),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('reports.handle'),
      },
      async (request, reply) => {
        const intake = reportIntakeFromDocument(objectBody(request))
        const taken = await intakeReport(ctx.db, vault, intake, viewerOf(request), todayOf(ctx))
        return reply.status(201).send(taken)
      }
    )
    app.get(
      '/reports',
      {
        schema: {
          tags,
          summary: '举报列表（state、channel、kind、handler、subjectId 筛选，分页）',
        },
        preHandler: requireUser('reports.read'),
      },
      async (request) => {
        const q = query(request)
        const page = positiveInt(q['page'], 'page', 1)
        const pageSize = positiveInt(q['pageSize'], 'pageSize', 50)
        const filter = { ...q, page, pageSize }
        return { ...(await listReports(ctx.db, vault, filter, viewerOf(request))), page, pageSize }
      }
    )
    app.get(
      '/reports/export.xlsx',
      {
        schema: { tags, summary: '导出举报列表（xlsx，筛选同列表；不含举报人信息）' },
        preHandler: requireUser('reports.read'),
      },
      async (request, reply) => {
        const filter = { ...query(request), page: 1, pageSize: 500 }
        const { items } = await listReports(ctx.db, vault, filter, viewerOf(request), {
          identities: false,
        })
        return sendXlsx(
          reply,
          'reports.xlsx',
          '举报',
          [
            { header: '编号', key: 'id', width: 22 },
            { header: '渠道', key: 'channel', width: 8 },
            { header: '类型', key: 'kind', width: 10 },
            { header: '被举报对象', key: 'subject', width: 28 },
            { header: '举报事项', key: 'matter', width: 24 },
            { header: '状态', key: 'state', width: 10 },
            { header: '承办人', key: 'handler', width: 12 },
            { header: '受理日期', key: 'receivedDate', width: 12 },
            { header: '立案期限', key: 'acceptDeadline', width: 12 },
            { header: '办结期限', key: 'closeDeadline', width: 12 },
            { header: '案值（元）', key: 'caseValue', width: 12 },
          ],
          items.map((r) => ({
            id: r.id,
            channel: r.channel,
            kind: r.kind,
            subject: `${r.subjectId}${r.subjectName === null || r.subjectName === undefined ? '' : ` ${r.subjectName}`}`,
            matter: r.matter ?? '',
            state: r.stateLabel,
            handler: r.handler?.displayName ?? '',
            receivedDate: r.receivedDate,
            acceptDeadline: r.acceptDeadline,
            closeDeadline: r.closeDeadline ?? '',
            caseValue: r.caseValue === null ? '' : Number(fenToYuan(r.caseValue)),
          }))
        )
      }
    )
    app.get(
      '/reports/stats',
      {
        schema: { tags, summary: '举报统计：按渠道、状态、类型、月份，奖励（不含举报人信息）' },
        preHandler: requireUser('reports.stats'),
      },
      async (request) => {
        const q = query(request)
        return reportStatistics(ctx.db, {
          from: optionalDate(q['from'], 'from'),
          to: optionalDate(q['to'], 'to'),
        })
      }
    )
    app.get(
      '/reports/:id',
      {
        schema: { tags, summary: '举报详情、关联疑点、奖励与办理记录' },
        preHandler: requireUser('reports.read'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        return readReport(ctx.db, vault, id, viewerOf(request))
      }
    )
    for (const step of steps) {
      app.post(
        `/reports/:id/${step.path}`,
        {
          schema: {
            tags,
            summary: step.summary,
            body: described(step.body),
            response: { 200: answer, ...refusals },
          },
          preHandler: requireUser(step.permission),
        },
        async (request) => {
          const { id } = request.params as { id: string }
          return step.run(id, objectBody(request), viewerOf(request))
        }
      )
    }
    app.get(
      '/report-policy',
      {
        schema: { tags, summary: '举报办理时限与奖励标准（金额为元、比例为百分数）' },
        preHandler: requireUser('reports.read'),
      },
      async () => ({ policy: reportPolicyToDocument(await readReportPolicy(ctx.db)) })
    )
    app.put(
      '/report-policy',
      {
        schema: {
          tags,
          summary: '修改举报办理时限与奖励标准（完整文档）',
          body: described(
            '{ acceptDays, notifyDays, closeDays, reward: { grades, insiderBonus, minimum, maximum, noCaseValueReward } }'
          ),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('reportPolicy.manage'),
      },
      async (request) => ({
        policy: reportPolicyToDocument(
          await saveReportPolicy(ctx.db, objectBody(request), viewerOf(request))
        ),
      })
    )

    // The public side: no session. An address may send a few reports and try a few wrong
    // claim codes per window.
    app.post(
      '/public/reports',
      {
        schema: {
          tags,
          summary: '公众匿名举报（网站表单）；查询码只返回这一次',
          body: described('{ subjectType, subjectId, subjectName?, matter?, clues }'),
          response: { 201: answer, ...refusals },
        },
      },
      async (request, reply) => {
        waitOr429(intakeLimit, request.ip, '提交举报')
        const intake = publicReportFromDocument(objectBody(request))
        intakeLimit.fail(request.ip)
        const { report, claimCode } = await intakeReport(
          ctx.db,
          vault,
          intake,
          PUBLIC_WEB_FORM,
          todayOf(ctx)
        )
        return reply.status(201).send({
          claimCode,
          receivedDate: report.receivedDate,
          acceptDeadline: report.acceptDeadline,
        })
      }
    )
    app.get(
      '/public/reports/claim',
      {
        schema: {
          tags,
          summary: '凭查询码查询办理状态与奖励（查询码可放在 X-Claim-Code 请求头或 code 参数）',
        },
      },
      async (request) => {
        waitOr429(claimLimit, request.ip, '查询')
        const header = request.headers['x-claim-code']
        const code = (Array.isArray(header) ? header[0] : header) ?? query(request)['code'] ?? ''
        try {
          return await claimReport(ctx.db, code)
        } catch (err) {
          claimLimit.fail(request.ip)
          throw err
        }
      }
    )
    app.get(
      '/public/reports/cases',
      { schema: { tags, summary: '公开的典型案例（不含举报人信息）' } },
      async () => ({ items: await listDisclosedCases(ctx.db) })
    )
    done()
  }
}

/** Text made safe inside HTML. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/**
 * The public page of typical cases chosen for disclosure (`/public/cases`): plain HTML for the
 * bureau's website to link to, without any reporter's identity.
 */
export function publicCasesPage(ctx: AppContext): FastifyPluginCallback {
  return function cases(app, _options, done) {
    app.get(
      '/public/cases',
      { schema: { tags: ['举报受理'], summary: '典型案例公开页（HTML，不含举报人信息）' } },
      async (_request, reply) => {
        const items = await listDisclosedCases(ctx.db)
        const rows = items
          .map(
            (c) =>
              `<article><h2>${escapeHtml(c.matter ?? '典型案例')}</h2>` +
              `<p class="meta">${escapeHtml(c.verifiedMonth)} 查实` +
              (c.caseValue === null ? '' : `，涉及金额 ${escapeHtml(fenToYuan(c.caseValue))} 元`) +
              (c.handlingDecision === null ? '' : `，处理：${escapeHtml(c.handlingDecision)}`) +
              `</p><p>${escapeHtml(c.text)}</p></article>`
          )
          .join('\n')
        const html =
          '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
          '<meta name="viewport" content="width=device-width, initial-scale=1">' +
          '<title>医保基金违法违规典型案例</title>' +
          '<style>body{font-family:sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.6}' +
          'article{border-bottom:1px solid #ddd;padding:1rem 0}.meta{color:#666}</style></head><body>' +
          '<h1>医保基金违法违规典型案例</h1>' +
          (rows === '' ? '<p>暂无公开的典型案例。</p>' : rows) +
          '</body></html>'
        return reply.type('text/html; charset=utf-8').send(html)
      }
    )
    done()
  }
}
