// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import { RESPONSIBILITY_LABELS, STAFF_RULES_CODEC } from '@yibao/supervision'
import {
  listStaffFiles,
  readStaffRules,
  readStaffFile,
  recordPointEvent,
  recordReregistration,
  saveStaffRules,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { todayOf } from '../today.js'
import type { RealtimeAudit } from '../realtime-audit.js'
import { objectBody, optionalDate } from '../request-values.js'
import { sendXlsx } from '../xlsx.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { answer, described, refusals } from './versioned-documents.js'

const tags = ['医保支付资格']

/**
 * Staff payment qualification (医保支付资格): the trigger table, staff files with their events,
 * periods and status on a date, recording points and re-registrations. A change reloads the
 * real-time audit's reference, so 事前 / 事中 answers see it at once.
 */
export function staffRoutes(ctx: AppContext, realtime: RealtimeAudit): FastifyPluginCallback {
  return function staff(app, _options, done) {
    app.get(
      '/staff-point-triggers',
      {
        schema: { tags, summary: '记分情形与各责任程度的分值' },
        preHandler: requireUser('staff.read'),
      },
      async () => {
        const rules = await readStaffRules(ctx.db)
        return {
          items: rules.triggers,
          suspensionMonths: rules.suspensionMonths,
          responsibilities: RESPONSIBILITY_LABELS,
        }
      }
    )
    app.put(
      '/staff-rules',
      {
        schema: {
          tags,
          summary: '替换记分规则：记分情形与各责任程度的分值、累计 9/10/11 分的暂停月数',
          body: described(
            '{ triggers: [{ code, name, points: { MAIN, IMPORTANT, GENERAL } }], suspensionMonths: { 9, 10, 11 } }'
          ),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('staffRules.manage'),
      },
      async (request) => {
        const rules = await saveStaffRules(ctx.db, objectBody(request), viewerOf(request))
        await realtime.refresh()
        return STAFF_RULES_CODEC.toDocument(rules)
      }
    )
    app.get(
      '/staff',
      {
        schema: { tags, summary: '有记分记录的医务人员：年度累计、当日状态（date 默认今天）' },
        preHandler: requireUser('staff.read'),
      },
      async (request) => {
        const date =
          optionalDate((request.query as Record<string, unknown>)['date'], 'date') ?? todayOf(ctx)
        return { date, items: await listStaffFiles(ctx.db, date) }
      }
    )
    app.get(
      '/staff/:code',
      {
        schema: { tags, summary: '一医一档：执业机构、记分记录、暂停与终止期间、某日状态' },
        preHandler: requireUser('staff.read'),
      },
      async (request) => {
        const { code } = request.params as { code: string }
        const date =
          optionalDate((request.query as Record<string, unknown>)['date'], 'date') ?? todayOf(ctx)
        return readStaffFile(ctx.db, code, date)
      }
    )
    app.post(
      '/staff/:code/points',
      {
        schema: {
          tags,
          summary: '记分：按记分情形与责任程度（或指定 1–12 分）；累计 9 分暂停、12 分终止',
          body: described(
            '{ decisionDate, trigger, responsibility: MAIN | IMPORTANT | GENERAL, points?, suspensionMonths?, institutionCode?, findingId?, note? }'
          ),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('staff.manage'),
      },
      async (request, reply) => {
        const { code } = request.params as { code: string }
        const b = objectBody(request)
        const text = (k: string): string | null => (typeof b[k] === 'string' ? b[k] : null)
        const num = (k: string): number | null => (typeof b[k] === 'number' ? b[k] : null)
        const file = await recordPointEvent(
          ctx.db,
          {
            staffCode: code,
            decisionDate: text('decisionDate') ?? JSON.stringify(b['decisionDate'] ?? null),
            trigger: text('trigger') ?? '',
            responsibility: text('responsibility') ?? JSON.stringify(b['responsibility'] ?? null),
            points: num('points'),
            suspensionMonths: num('suspensionMonths'),
            institutionCode: text('institutionCode'),
            findingId: text('findingId'),
            note: text('note'),
          },
          viewerOf(request)
        )
        await realtime.refresh()
        return reply.status(201).send(file)
      }
    )
    app.post(
      '/staff/:code/reregistration',
      {
        schema: {
          tags,
          summary: '终止后重新登记（须在禁止期满之后）',
          body: described('{ date }'),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('staff.manage'),
      },
      async (request, reply) => {
        const { code } = request.params as { code: string }
        const b = objectBody(request)
        const date = typeof b['date'] === 'string' ? b['date'] : JSON.stringify(b['date'] ?? null)
        const file = await recordReregistration(ctx.db, code, date, viewerOf(request))
        await realtime.refresh()
        return reply.status(201).send(file)
      }
    )
    app.get(
      '/staff/export.xlsx',
      {
        schema: { tags, summary: '导出有记分记录的人员（xlsx；date 默认今天）' },
        preHandler: requireUser('staff.read'),
      },
      async (request, reply) => {
        const date =
          optionalDate((request.query as Record<string, unknown>)['date'], 'date') ?? todayOf(ctx)
        const files = await listStaffFiles(ctx.db, date)
        const STATUS = { SUSPENDED: '暂停', TERMINATED: '终止' } as const
        return sendXlsx(
          reply,
          `staff-${date}.xlsx`,
          '医保支付资格',
          [
            { header: '人员编码', key: 'code', width: 16 },
            { header: '姓名', key: 'name', width: 10 },
            { header: '职称', key: 'title', width: 12 },
            { header: '本年累计记分', key: 'points', width: 12 },
            { header: `${date} 状态`, key: 'status', width: 12 },
            { header: '可重新登记日期', key: 'bar', width: 16 },
          ],
          files.map((f) => ({
            code: f.staffCode,
            name: f.name,
            title: f.title,
            points: f.yearTotals[date.slice(0, 4)] ?? 0,
            status: f.status === null ? '正常' : STATUS[f.status],
            bar: f.periods.find((p) => p.status === 'TERMINATED' && p.to === null)?.barUntil ?? '',
          }))
        )
      }
    )
    done()
  }
}
