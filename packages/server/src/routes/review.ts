// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback, FastifyRequest } from 'fastify'
import {
  badRequest,
  FINDING_SEVERITY_LABELS,
  fenToYuan,
  notFound,
  OutcomeError,
} from '@yibao/domain'
import type { AttachmentUpload, DecisionInput, ReviewFilter } from '@yibao/storage'
import {
  answerFinding,
  applySample,
  auditFunnel,
  createSample,
  decideFinding,
  dispatchFindings,
  exportReviewFindings,
  isReviewSort,
  listDeductions,
  listDispatches,
  listReviewFindings,
  listSamples,
  parseReviewFilter,
  readAttachment,
  readDashboard,
  readReviewFinding,
  readSample,
  recordSampleResult,
} from '@yibao/storage'
import { FINDING_STATE_LABELS } from '@yibao/supervision'
import type { AppContext } from '../app.js'
import { todayOf } from '../today.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { objectBody, optionalDate, positiveInt } from '../request-values.js'
import { sendXlsx } from '../xlsx.js'

const tags = ['疑点复审']

/** Largest appeal body: five 10 MB attachments in base64, and the rest. */
const APPEAL_BODY_LIMIT = 72 * 1024 * 1024

/** Yuan as a number for a spreadsheet cell. */
const yuan = (fen: number): number => Number(fenToYuan(fen))

/**
 * The review chain over HTTP: findings (list, export, detail), dispatch, appeal, decision,
 * attachments, random re-review samples, deductions, the funnel and the dashboard. Every route
 * needs a signed-in user with the permission named; an institution user sees only their own.
 */
export function reviewRoutes(ctx: AppContext): FastifyPluginCallback {
  return function review(app, _options, done) {
    app.get(
      '/findings',
      {
        schema: { tags, summary: '疑点列表（筛选、分页）' },
        preHandler: requireUser('findings.read'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        const sort = q['sort'] ?? 'date'
        if (!isReviewSort(sort)) {
          throw new OutcomeError(
            badRequest(
              `sort：应为 date、reviewDeadline 或 amount，收到 ${JSON.stringify(sort)}`,
              'sort'
            )
          )
        }
        return listReviewFindings(ctx.db, parseReviewFilter(q), viewerOf(request), {
          page: positiveInt(q['page'], 'page', 1),
          pageSize: Math.min(500, positiveInt(q['pageSize'], 'pageSize', 20)),
          sort,
        })
      }
    )
    app.get(
      '/findings/export.xlsx',
      { schema: { tags, summary: '导出疑点（xlsx）' }, preHandler: requireUser('findings.read') },
      async (request, reply) => {
        const filter = parseReviewFilter(request.query as Record<string, unknown>)
        const rows = await exportReviewFindings(ctx.db, filter, viewerOf(request))
        return sendXlsx(
          reply,
          `findings-${todayOf(ctx)}.xlsx`,
          '疑点',
          [
            { header: '疑点编号', key: 'id', width: 24 },
            { header: '规则编码', key: 'ruleId', width: 14 },
            { header: '规则名称', key: 'ruleName', width: 28 },
            { header: '严重程度', key: 'severity', width: 10 },
            { header: '机构编码', key: 'institutionCode', width: 14 },
            { header: '机构名称', key: 'institutionName', width: 24 },
            { header: '人员编号', key: 'psnNo', width: 20 },
            { header: '就诊编号', key: 'mdtrtId', width: 22 },
            { header: '违规日期', key: 'findingDate', width: 12 },
            { header: '疑点金额（元）', key: 'amount', width: 14 },
            { header: '状态', key: 'state', width: 12 },
            { header: '申诉截止', key: 'appealDeadline', width: 12 },
            { header: '认定金额（元）', key: 'decidedAmount', width: 14 },
            { header: '违规内容', key: 'message', width: 60 },
          ],
          rows.map((r) => ({
            ...r,
            severity: FINDING_SEVERITY_LABELS[r.severity],
            amount: yuan(r.amount),
            state: FINDING_STATE_LABELS[r.state],
            decidedAmount: r.decidedAmount === null ? null : yuan(r.decidedAmount),
          }))
        )
      }
    )
    app.get(
      '/findings/:id',
      {
        schema: { tags, summary: '疑点详情（证据、申诉、复审、历程）' },
        preHandler: requireUser('findings.read'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const detail = await readReviewFinding(ctx.db, id, viewerOf(request))
        if (detail === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的疑点`))
        return { ...detail, policyBasis: policyBasis(detail.knowledgePointId, detail.packVersion) }
      }
    )
    app.post(
      '/dispatches',
      {
        schema: { tags, summary: '下发疑点（按编号或按条件），每个机构一个批次' },
        preHandler: requireUser('findings.dispatch'),
      },
      async (request, reply) => {
        const body = objectBody(request)
        const ids = body['findingIds']
        if (ids !== undefined && (!Array.isArray(ids) || ids.some((x) => typeof x !== 'string'))) {
          throw new OutcomeError(badRequest('findingIds：应为疑点编号数组', 'findingIds'))
        }
        let filter: ReviewFilter | undefined
        if (body['filter'] !== undefined) {
          const f = body['filter']
          if (f === null || typeof f !== 'object' || Array.isArray(f)) {
            throw new OutcomeError(badRequest('filter：应为对象', 'filter'))
          }
          const q = Object.fromEntries(
            Object.entries(f as Record<string, unknown>).map(([k, v]) => [
              k,
              v === undefined || v === null
                ? undefined
                : typeof v === 'string'
                  ? v
                  : JSON.stringify(v),
            ])
          )
          filter = parseReviewFilter(q)
        }
        const dispatches = await dispatchFindings(
          ctx.db,
          { findingIds: ids as string[] | undefined, filter },
          viewerOf(request),
          todayOf(ctx)
        )
        return reply.status(201).send({ dispatches })
      }
    )
    app.get(
      '/dispatches',
      { schema: { tags, summary: '下发批次' }, preHandler: requireUser('findings.read') },
      async (request) => ({ items: await listDispatches(ctx.db, viewerOf(request)) })
    )
    app.post(
      '/findings/:id/appeal',
      {
        schema: { tags, summary: '机构反馈：认可或申诉（理由、附件）' },
        preHandler: requireUser('findings.appeal'),
        bodyLimit: APPEAL_BODY_LIMIT,
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const body = objectBody(request)
        const attachments = body['attachments']
        if (attachments !== undefined && !Array.isArray(attachments)) {
          throw new OutcomeError(badRequest('attachments：应为数组', 'attachments'))
        }
        const viewer = viewerOf(request)
        await answerFinding(
          ctx.db,
          id,
          {
            action: body['action'] as 'appeal' | 'accept',
            reason: typeof body['reason'] === 'string' ? body['reason'] : undefined,
            attachments: attachments as AttachmentUpload[] | undefined,
          },
          viewer,
          todayOf(ctx)
        )
        return readReviewFinding(ctx.db, id, viewer)
      }
    )
    app.post(
      '/findings/:id/decision',
      {
        schema: { tags, summary: '复审决定：认定、不予认定、复核批准/退回、撤销认定' },
        preHandler: requireUser('findings.decide'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const body = objectBody(request)
        const amount = body['amount']
        if (amount !== undefined && amount !== null && typeof amount !== 'number') {
          throw new OutcomeError(badRequest('amount：应为整数（分）', 'amount'))
        }
        const viewer = viewerOf(request)
        await decideFinding(
          ctx.db,
          id,
          {
            decision: body['decision'] as DecisionInput['decision'],
            amount: amount ?? undefined,
            basis: typeof body['basis'] === 'string' ? body['basis'] : '',
          },
          viewer,
          todayOf(ctx)
        )
        return readReviewFinding(ctx.db, id, viewer)
      }
    )
    app.get(
      '/attachments/:id',
      { schema: { tags, summary: '下载申诉附件' }, preHandler: requireUser('findings.read') },
      async (request, reply) => {
        const { id } = request.params as { id: string }
        const file = await readAttachment(ctx.db, id, viewerOf(request))
        if (file === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的附件`))
        return reply
          .header('content-type', file.contentType)
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`
          )
          .send(Buffer.from(file.content))
      }
    )
    app.post(
      '/samples',
      {
        schema: { tags, summary: '抽取随机复审样本（按机构分层，记录种子）' },
        preHandler: requireUser('samples.draw'),
      },
      async (request, reply) => {
        const body = objectBody(request)
        const from = optionalDate(body['from'], 'from')
        const to = optionalDate(body['to'], 'to')
        if (from === undefined) throw new OutcomeError(badRequest('from：不能为空', 'from'))
        if (to === undefined) throw new OutcomeError(badRequest('to：不能为空', 'to'))
        const rate = body['rate'] ?? undefined
        if (rate !== undefined && typeof rate !== 'number') {
          throw new OutcomeError(badRequest('rate：应为数字', 'rate'))
        }
        const seed = body['seed']
        if (seed !== undefined && seed !== null && typeof seed !== 'string') {
          throw new OutcomeError(badRequest('seed：应为文本', 'seed'))
        }
        const view = await createSample(
          ctx.db,
          { from, to, rate, seed: seed ?? undefined },
          viewerOf(request)
        )
        return reply.status(201).send(view)
      }
    )
    app.get(
      '/samples',
      { schema: { tags, summary: '复审样本列表' }, preHandler: requireUser('samples.read') },
      async () => ({ items: await listSamples(ctx.db) })
    )
    app.get(
      '/samples/:id',
      {
        schema: { tags, summary: '复审样本：明细、分机构结果与外推' },
        preHandler: requireUser('samples.read'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const view = await readSample(ctx.db, id)
        if (view === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的抽样`))
        return view
      }
    )
    app.post(
      '/samples/:id/items/:mdtrtId',
      {
        schema: { tags, summary: '记录样本就诊的复审结果' },
        preHandler: requireUser('samples.check'),
      },
      async (request) => {
        const { id, mdtrtId } = request.params as { id: string; mdtrtId: string }
        const body = objectBody(request)
        const errorAmount = body['errorAmount']
        if (errorAmount !== undefined && errorAmount !== null && typeof errorAmount !== 'number') {
          throw new OutcomeError(badRequest('errorAmount：应为整数（分）', 'errorAmount'))
        }
        await recordSampleResult(
          ctx.db,
          id,
          mdtrtId,
          {
            result: body['result'] as 'PASS' | 'ERROR',
            errorAmount: errorAmount ?? undefined,
            note: typeof body['note'] === 'string' ? body['note'] : undefined,
          },
          viewerOf(request)
        )
        return readSample(ctx.db, id)
      }
    )
    app.post(
      '/samples/:id/apply',
      {
        schema: { tags, summary: '确认并应用样本外推（生成扣款）' },
        preHandler: requireUser('samples.apply'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const total = await applySample(ctx.db, id, viewerOf(request), todayOf(ctx))
        return { applied: total, sample: await readSample(ctx.db, id) }
      }
    )
    app.get(
      '/deductions',
      {
        schema: { tags, summary: '扣款记录（按机构、月份）' },
        preHandler: requireUser('deductions.read'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        const month = typeof q['month'] === 'string' && q['month'] !== '' ? q['month'] : undefined
        if (month !== undefined && !/^\d{4}-\d{2}$/.test(month)) {
          throw new OutcomeError(badRequest(`month：应为 YYYY-MM，收到 ${month}`, 'month'))
        }
        const institutionCode =
          typeof q['institutionCode'] === 'string' && q['institutionCode'] !== ''
            ? q['institutionCode']
            : undefined
        return listDeductions(ctx.db, { month, institutionCode }, viewerOf(request))
      }
    )
    const funnelOf = (request: FastifyRequest): ReturnType<typeof auditFunnel> => {
      const q = request.query as Record<string, unknown>
      const groupBy = q['groupBy'] ?? 'rule'
      if (groupBy !== 'rule' && groupBy !== 'institution' && groupBy !== 'none') {
        throw new OutcomeError(
          badRequest(
            `groupBy：应为 rule、institution 或 none，收到 ${JSON.stringify(groupBy)}`,
            'groupBy'
          )
        )
      }
      return auditFunnel(
        ctx.db,
        { from: optionalDate(q['from'], 'from'), to: optionalDate(q['to'], 'to'), groupBy },
        viewerOf(request)
      )
    }
    app.get(
      '/funnel',
      {
        schema: { tags, summary: '审核漏斗：初审 → 下发 → 申诉 → 认定 / 不予认定 → 扣款' },
        preHandler: requireUser('funnel.read'),
      },
      funnelOf
    )
    app.get(
      '/funnel/export.xlsx',
      {
        schema: { tags, summary: '导出审核漏斗（xlsx，首行为汇总口径）' },
        preHandler: requireUser('funnel.read'),
      },
      async (request, reply) => {
        const funnel = await funnelOf(request)
        const rate = (r: number | null): string => (r === null ? '—' : `${(100 * r).toFixed(1)}%`)
        const stages = [
          ['flagged', '初审疑点'],
          ['dispatched', '下发'],
          ['appealed', '申诉'],
          ['upheld', '认定'],
          ['dismissed', '不予认定'],
          ['deducted', '扣款'],
        ] as const
        return sendXlsx(
          reply,
          `funnel-${todayOf(ctx)}.xlsx`,
          '审核漏斗',
          [
            { header: '编码', key: 'key', width: 20 },
            { header: '名称', key: 'name', width: 30 },
            ...stages.flatMap(([k, label]) => [
              { header: `${label}（条）`, key: `${k}Count`, width: 10 },
              { header: `${label}（元）`, key: `${k}Amount`, width: 14 },
            ]),
            { header: '初审人次', key: 'flaggedVisits', width: 10 },
            { header: '认定人次', key: 'upheldVisits', width: 10 },
            { header: '认定率（条）', key: 'upheldRate', width: 12 },
            { header: '认定率（金额）', key: 'upheldAmountRate', width: 14 },
          ],
          [...funnel.rows, funnel.total].map((r) => ({
            key: r.key,
            name: r.name,
            ...Object.fromEntries(
              stages.flatMap(([k]) => [
                [`${k}Count`, r[k].count],
                [`${k}Amount`, yuan(r[k].amount)],
              ])
            ),
            flaggedVisits: r.visits.flagged,
            upheldVisits: r.visits.upheld,
            upheldRate: rate(r.upheldRate),
            upheldAmountRate: rate(r.upheldAmountRate),
          })),
          funnel.summary
        )
      }
    )
    app.get(
      '/dashboard',
      {
        schema: { tags, summary: '驾驶舱：基金支付、审核漏斗、规则与机构排行、月度趋势' },
        preHandler: requireUser('funnel.read'),
      },
      async (request) => readDashboard(ctx.db, viewerOf(request))
    )
    done()
  }
}

/** The policy basis shown with a finding: the 两库 knowledge point and the pack it came from. */
function policyBasis(knowledgePointId: string | null, packVersion: string): string {
  const pack = packVersion === '' ? '' : `（知识包 ${packVersion}）`
  return knowledgePointId === null
    ? `《医疗保障基金使用监督管理条例》及医保服务协议${pack}`
    : `国家医保智能监管“两库”知识点 ${knowledgePointId}${pack}；《医疗保障基金使用监督管理条例》`
}
