// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import {
  badRequest,
  fenToYuan,
  INSTITUTION_TYPE_LABELS,
  notFound,
  OutcomeError,
} from '@yibao/domain'
import type { CallbackList } from '@yibao/storage'
import {
  drawCallbackList,
  listCallbackDraws,
  readCallbackList,
  recordCallbackAnswer,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { objectBody } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { sendXlsx, yuanCell } from '../xlsx.js'
import { answer, described, refusals } from './versioned-documents.js'

const tags = ['随机抽查回访']

/**
 * 随机抽查回访: persons drawn from a period's settlements (stratified by institution type,
 * weighted by stay and flagged amount, reproducible from the seed), the call list with what the
 * records say, the answers (a contradiction becomes a clue) and the call list as xlsx.
 */
export function callbackRoutes(ctx: AppContext): FastifyPluginCallback {
  const find = async (id: string): Promise<CallbackList> => {
    const list = await readCallbackList(ctx.db, id)
    if (list === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的回访抽取`))
    return list
  }
  return function callbacks(app, _options, done) {
    app.post(
      '/callback-draws',
      {
        schema: {
          tags,
          summary:
            '抽取回访对象：按机构类型分层、住院与疑点金额加权，同一种子与数据结果相同；记录种子与算法版本',
          body: described(
            '{ from, to, size, seed?, weights?: { inpatient?, risk?, minPerStratum? }, tolerance?: { days?, ownPay?: 分, ownPayPercent? } }'
          ),
          response: { 201: answer, ...refusals },
        },
        preHandler: requireUser('callbacks.manage'),
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(await drawCallbackList(ctx.db, objectBody(request), viewerOf(request)))
    )
    app.get(
      '/callback-draws',
      {
        schema: { tags, summary: '回访抽取记录：抽取、已回访、接通与不符人数' },
        preHandler: requireUser('callbacks.read'),
      },
      async () => ({ items: await listCallbackDraws(ctx.db) })
    )
    app.get(
      '/callback-draws/:id',
      {
        schema: {
          tags,
          summary: '回访名单：结算记录（机构、日期、天数、主要项目、金额）与回访结果',
        },
        preHandler: requireUser('callbacks.read'),
      },
      async (request) => find((request.params as { id: string }).id)
    )
    app.post(
      '/callback-draws/:id/items/:seq/answer',
      {
        schema: {
          tags,
          summary: '登记回访结果；与记录不符（未接受诊疗、天数或个人支付超出容差）时生成线索',
          body: described(
            '{ reached?（默认 true）, received?, days?, ownPay?: 分, note?, answeredBy?, at? }'
          ),
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('callbacks.manage'),
      },
      async (request) => {
        const { id, seq } = request.params as { id: string; seq: string }
        if (!/^\d{1,9}$/.test(seq)) {
          throw new OutcomeError(badRequest(`seq：应为序号，收到 ${seq}`, 'seq'))
        }
        return recordCallbackAnswer(ctx.db, id, Number(seq), objectBody(request), viewerOf(request))
      }
    )
    app.get(
      '/callback-draws/:id/export.xlsx',
      {
        schema: { tags, summary: '回访名单（xlsx）' },
        preHandler: requireUser('callbacks.read'),
      },
      async (request, reply) => {
        const list = await find((request.params as { id: string }).id)
        return sendXlsx(
          reply,
          `callback-draw-${list.id}.xlsx`,
          '随机抽查回访',
          [
            { header: '序号', key: 'seq', width: 6 },
            { header: '人员编号', key: 'psnNo', width: 14 },
            { header: '姓名', key: 'name', width: 10 },
            { header: '机构类型', key: 'type', width: 10 },
            { header: '机构', key: 'institution', width: 24 },
            { header: '就诊日期', key: 'dates', width: 24 },
            { header: '天数', key: 'days', width: 6 },
            { header: '主要项目（元）', key: 'items', width: 48 },
            { header: '医疗费总额（元）', key: 'total', width: 14 },
            { header: '基金支付（元）', key: 'fund', width: 14 },
            { header: '个人负担（元）', key: 'own', width: 14 },
            { header: '回访结果', key: 'result', width: 30 },
            { header: '线索', key: 'clue', width: 20 },
          ],
          list.items.map((i) => {
            const r = i.records
            const a = i.answer
            return {
              seq: i.seq,
              psnNo: i.psnNo,
              name: r.personName,
              type: INSTITUTION_TYPE_LABELS[i.institutionType],
              institution: `${i.institutionCode} ${r.institutionName}`,
              dates: r.end === null || r.end === r.begin ? r.begin : `${r.begin}～${r.end}`,
              days: r.days,
              items: r.items.map((x) => `${x.name} ${fenToYuan(x.amount)}`).join('；'),
              total: yuanCell(r.total),
              fund: yuanCell(r.fundPaid),
              own: yuanCell(r.ownPay),
              result:
                a === null
                  ? '待回访'
                  : !a.reached
                    ? '未接通'
                    : a.mismatch
                      ? `不符：${a.reasons.join('；')}`
                      : '相符',
              clue: a?.clueId ?? null,
            }
          }),
          `回访抽取 ${list.id}：${list.from} 至 ${list.to}，抽取 ${list.drawn} 人（种子 ${list.seed}，${list.algorithm}）`
        )
      }
    )
    done()
  }
}
