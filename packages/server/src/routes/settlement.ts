// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback, FastifyRequest } from 'fastify'
import type { OutcomeIssue } from '@yibao/domain'
import {
  badRequest,
  conflict,
  dateOf,
  fenToYuan,
  invalid,
  notFound,
  OutcomeError,
} from '@yibao/domain'
import type { BenefitPolicy, CheckStatus, PolicyStatus } from '@yibao/settlement'
import {
  formatPolicyText,
  parsePolicyText,
  policyFromDocument,
  policyToDocument,
  nationalSettlement,
  settleEncounter,
  startOfYear,
} from '@yibao/settlement'
import type { Job, StoredPolicy } from '@yibao/storage'
import {
  activatePolicy,
  appendAuditLog,
  checkStoredSettlements,
  finishJob,
  listBenefitPolicies,
  PoliciesInForce,
  readBenefitPolicy,
  saveDraftPolicy,
  startJob,
  updateJob,
  whatIfStored,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { objectBody, positiveInt, textField } from '../request-values.js'
import { requireUser, viewerOf } from '../session-auth.js'
import { readCalculateEncounter } from '../settlement-calculate-body.js'
import { outcomeSchema } from './outcome-schema.js'

const tags = ['待遇与结算']

const CHECK_STATUSES: readonly CheckStatus[] = ['SAME', 'MISSED_TILT', 'RESTRICTED_PAID', 'DIFFERS']

/** A body described for OpenAPI only: the handler checks it field by field, naming each path. */
const described = (description: string) =>
  ({ type: 'object', description, additionalProperties: true }) as const

const answer = { type: 'object', additionalProperties: true } as const
const refusals = { 400: outcomeSchema, 404: outcomeSchema, 409: outcomeSchema } as const

/** A policy version as listed: no parameters, the bookkeeping. */
interface PolicySummary {
  readonly id: string
  readonly name: string
  readonly admdvs: string
  readonly year: number
  readonly status: PolicyStatus
  readonly effectiveFrom: string
  readonly effectiveTo: string | null
  readonly createdBy: string
  readonly createdAt: string
  readonly updatedAt: string
  readonly activatedBy: string | null
  readonly activatedAt: string | null
}

function summaryOf(stored: StoredPolicy): PolicySummary {
  const p = stored.body
  return {
    id: p.id,
    name: p.name,
    admdvs: p.admdvs,
    year: p.year,
    status: stored.status,
    effectiveFrom: p.effectiveFrom,
    effectiveTo: p.effectiveTo,
    createdBy: stored.createdBy,
    createdAt: stored.createdAt,
    updatedAt: stored.updatedAt,
    activatedBy: stored.activatedBy,
    activatedAt: stored.activatedAt,
  }
}

/** A policy version with its document (amounts in yuan, ratios in percent). */
function detailOf(stored: StoredPolicy): PolicySummary & { document: Record<string, unknown> } {
  return { ...summaryOf(stored), document: policyToDocument(stored.body) }
}

/** A year of a body or query (2000–2100), else 400 naming it. */
function yearValue(value: unknown, name: string): number {
  const n = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value
  if (!Number.isInteger(n) || (n as number) < 2000 || (n as number) > 2100) {
    throw new OutcomeError(
      badRequest(`${name}：应为 2000–2100 之间的年份，收到 ${JSON.stringify(value)}`, name)
    )
  }
  return n as number
}

/** Re-roots the issue paths of a policy document (`$.basic[0]`) at a body field. */
function underField(err: unknown, field: string): unknown {
  if (!(err instanceof OutcomeError)) return err
  const issues: OutcomeIssue[] = err.outcome.issues.map((i) => {
    if (i.path === undefined || !i.path.startsWith('$')) return i
    const path = `${field}${i.path.slice(1)}`
    return { ...i, path, message: i.message.replace(i.path, path) }
  })
  return new OutcomeError(invalid(issues), err)
}

/**
 * Refuses (400 naming `year`) a year without an active policy of the region (or of `*`); for
 * `*`, without any active policy.
 */
async function requireActivePolicy(ctx: AppContext, year: number, admdvs: string): Promise<void> {
  const rows = await ctx.db.query(
    `SELECT 1 FROM benefit_policy WHERE status = 'ACTIVE' AND year = $1
       AND ($2 = '*' OR admdvs = $2 OR admdvs = '*') LIMIT 1`,
    [year, admdvs]
  )
  if (rows.length === 0) {
    const region = admdvs === '*' ? '' : `统筹区 ${admdvs} `
    throw new OutcomeError(
      badRequest(`year：${region}没有 ${year} 年启用的待遇政策，请先启用一个版本`, 'year')
    )
  }
}

/** The file name of an exported policy (its id, made safe for a header). */
function exportName(id: string, format: 'yaml' | 'json'): string {
  return `policy-${id.replace(/[^\w.-]/g, '_')}.${format}`
}

/**
 * Benefit policies and settlement: policy versions (list, read, export, save as draft, import,
 * activate), the settlement calculator over one encounter, and two background jobs over a
 * year's stored settlements: the what-if of a changed policy (政策测算) and the recomputation
 * of every settlement under the policy in force (结算核查), whose verdicts are read back paged.
 * One job of each kind runs at a time.
 */
export function benefitSettlementRoutes(ctx: AppContext): FastifyPluginCallback {
  const busy = new Set<string>()
  const tasks = new Set<Promise<void>>()

  /**
   * Starts a background job of `kind` unless one runs already (409): records it (and its start
   * in the audit log), runs `work` with throttled progress, and ends it DONE with its detail or
   * FAILED with the error.
   */
  async function launch(
    request: FastifyRequest,
    kind: string,
    label: string,
    audit: { action: string; detail: Record<string, unknown> },
    work: (
      onProgress: (done: number, total: number) => void
    ) => Promise<{ message: string; detail: Record<string, unknown> }>
  ): Promise<Job> {
    const viewer = viewerOf(request)
    if (busy.has(kind)) throw new OutcomeError(conflict(`已有${label}在运行，请稍后再试`))
    busy.add(kind)
    let job: Job
    try {
      job = await startJob(ctx.db, kind, viewer.actor)
      await appendAuditLog(ctx.db, {
        actor: viewer.actor,
        action: audit.action,
        target: job.id,
        detail: audit.detail,
      })
    } catch (err) {
      busy.delete(kind)
      throw err
    }
    let last = 0
    const onProgress = (done: number, total: number): void => {
      const now = Date.now()
      if (now - last < 500 && done < total) return
      last = now
      void updateJob(
        ctx.db,
        job.id,
        total === 0 ? 1 : done / total,
        `${label}：${done} / ${total} 人`
      )
    }
    const task: Promise<void> = work(onProgress)
      .then(({ message, detail }) => finishJob(ctx.db, job.id, 'DONE', message, detail))
      .catch(async (err: unknown) => {
        request.log.error({ err }, `${label}失败`)
        const message =
          err instanceof OutcomeError
            ? err.outcome.issues.map((i) => i.message).join('；')
            : err instanceof Error
              ? err.message
              : String(err)
        await finishJob(ctx.db, job.id, 'FAILED', message)
      })
      .catch((err: unknown) => {
        request.log.error({ err }, `记录${label}结果失败`)
      })
      .finally(() => {
        busy.delete(kind)
        tasks.delete(task)
      })
    tasks.add(task)
    return job
  }

  /** The changed policy of a what-if: a document, a YAML / JSON text, or a stored version. */
  async function changedPolicy(b: Record<string, unknown>): Promise<BenefitPolicy> {
    const given = (['document', 'text', 'policyId'] as const).filter(
      (k) => b[k] !== undefined && b[k] !== null && b[k] !== ''
    )
    if (given.length !== 1) {
      throw new OutcomeError(
        badRequest(
          given.length === 0
            ? 'document：请给出改动后的政策：document（政策文档）、text（YAML / JSON 文本）或 policyId（已保存的版本）之一'
            : `${given[1]}：document、text、policyId 只能给出其中之一，收到 ${given.join('、')}`,
          given[1] ?? 'document'
        )
      )
    }
    switch (given[0]!) {
      case 'document':
        try {
          return policyFromDocument(b['document'])
        } catch (err) {
          throw underField(err, 'document')
        }
      case 'text':
        return parsePolicyText(textField(b, 'text'))
      case 'policyId': {
        const id = b['policyId']
        const stored = typeof id === 'string' ? await readBenefitPolicy(ctx.db, id) : undefined
        if (stored === undefined) {
          throw new OutcomeError(
            badRequest(`policyId：没有编号为 ${JSON.stringify(id)} 的政策版本`, 'policyId')
          )
        }
        return stored.body
      }
    }
  }

  return function benefitSettlement(app, _options, done) {
    app.addHook('onClose', async () => {
      await Promise.all([...tasks])
    })

    // Policy versions.
    app.get(
      '/policies',
      {
        schema: { tags, summary: '待遇政策各版本（草稿、启用、停用）' },
        preHandler: requireUser('policies.read'),
      },
      async () => ({ items: (await listBenefitPolicies(ctx.db)).map(summaryOf) })
    )
    app.get(
      '/policies/:id',
      {
        schema: { tags, summary: '一个政策版本：状态与政策文档（金额单位元、比例为百分数）' },
        preHandler: requireUser('policies.read'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        const stored = await readBenefitPolicy(ctx.db, id)
        if (stored === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的政策版本`))
        return detailOf(stored)
      }
    )
    app.get(
      '/policies/:id/export',
      {
        schema: { tags, summary: '导出政策版本（format=yaml 默认，或 json）' },
        preHandler: requireUser('policies.read'),
      },
      async (request, reply) => {
        const { id } = request.params as { id: string }
        const format = (request.query as Record<string, unknown>)['format'] ?? 'yaml'
        if (format !== 'yaml' && format !== 'json') {
          throw new OutcomeError(
            badRequest(`format：应为 yaml 或 json，收到 ${JSON.stringify(format)}`, 'format')
          )
        }
        const stored = await readBenefitPolicy(ctx.db, id)
        if (stored === undefined) throw new OutcomeError(notFound(`没有编号为 ${id} 的政策版本`))
        return reply
          .type(
            format === 'json'
              ? 'application/json; charset=utf-8'
              : 'application/yaml; charset=utf-8'
          )
          .header('content-disposition', `attachment; filename="${exportName(id, format)}"`)
          .send(formatPolicyText(stored.body, format))
      }
    )
    app.post(
      '/policies',
      {
        schema: {
          tags,
          summary:
            '保存政策草稿（请求体为政策文档；同编号的草稿被替换，已启用或停用的版本不能修改）',
          body: described('政策文档：金额单位元、比例为百分数，字段见 yibao policy export'),
          response: { 200: answer, 201: answer, ...refusals },
        },
        preHandler: requireUser('policies.manage'),
      },
      async (request, reply) => {
        const body = objectBody(request)
        const id = body['id']
        const existed =
          (typeof id === 'string' || typeof id === 'number') &&
          (await readBenefitPolicy(ctx.db, String(id))) !== undefined
        const stored = await saveDraftPolicy(ctx.db, body, viewerOf(request))
        return reply.status(existed ? 200 : 201).send(detailOf(stored))
      }
    )
    app.post(
      '/policies/import',
      {
        schema: {
          tags,
          summary: '导入政策文件为草稿（{ text }：YAML 或 JSON 文本）',
          body: described('{ text }：政策文件的文本（YAML 或 JSON）'),
          response: { 200: answer, 201: answer, ...refusals },
        },
        preHandler: requireUser('policies.manage'),
      },
      async (request, reply) => {
        const policy = parsePolicyText(textField(objectBody(request), 'text'))
        const existed = (await readBenefitPolicy(ctx.db, policy.id)) !== undefined
        const stored = await saveDraftPolicy(ctx.db, policyToDocument(policy), viewerOf(request))
        return reply.status(existed ? 200 : 201).send(detailOf(stored))
      }
    )
    app.post(
      '/policies/:id/activate',
      {
        schema: {
          tags,
          summary: '启用草稿：同一统筹区同一年原先启用的版本随之停用',
          response: { 200: answer, ...refusals },
        },
        preHandler: requireUser('policies.manage'),
      },
      async (request) => {
        const { id } = request.params as { id: string }
        return detailOf(await activatePolicy(ctx.db, id, viewerOf(request)))
      }
    )

    // The calculator.
    app.post(
      '/settlement/calculate',
      {
        schema: {
          tags,
          summary: '结算计算器：按待遇政策计算一次就诊的一站式结算（年初起算）',
          body: described(
            '{ policyId?, encounter: { time, insuType, medType, kind, level, tier, identities[], admdvs?, lines: [{ name?, code?, listType, catalogClass, quantity, price（元）, amount?（元）, capPrice?（元）, restricted? }] } }；不给 policyId 时用 admdvs（默认 *）在结算日启用的政策'
          ),
          response: { 200: answer, 400: outcomeSchema },
        },
        preHandler: requireUser('settlement.calculate'),
      },
      async (request) => {
        const b = objectBody(request)
        for (const key of Object.keys(b)) {
          if (key !== 'policyId' && key !== 'encounter') {
            throw new OutcomeError(badRequest(`${key}：未知字段`, key))
          }
        }
        const read = readCalculateEncounter(b['encounter'])
        if (read.issues !== undefined) throw new OutcomeError(invalid(read.issues))
        const { input, admdvs, names } = read.value
        const date = dateOf(input.time)
        let policy: BenefitPolicy | undefined
        const policyId = b['policyId']
        if (policyId !== undefined && policyId !== null && policyId !== '') {
          const stored =
            typeof policyId === 'string' ? await readBenefitPolicy(ctx.db, policyId) : undefined
          if (stored === undefined) {
            throw new OutcomeError(
              badRequest(`policyId：没有编号为 ${JSON.stringify(policyId)} 的政策版本`, 'policyId')
            )
          }
          policy = stored.body
        } else {
          policy = (await PoliciesInForce.load(ctx.db)).on(admdvs, date)
          if (policy === undefined) {
            throw new OutcomeError(
              badRequest(
                `policyId：统筹区 ${admdvs} 在 ${date} 没有启用的待遇政策，请指定政策版本`,
                'policyId'
              )
            )
          }
        }
        const r = settleEncounter(input, policy, startOfYear(Number(date.slice(0, 4))), {
          lines: true,
        })
        return {
          policy: { id: policy.id, name: policy.name },
          settlement: r.settlement,
          details: r.details,
          steps: r.steps,
          lines: (r.lines ?? []).map((l) => ({ ...l, ...names.get(l.feedetlSn) })),
          tilt: r.tilt,
          // The same settlement as the national 2207 / 2304 answer carries it (yuan).
          national: nationalSettlement(r),
        }
      }
    )

    // What-if (政策测算).
    app.post(
      '/whatif-runs',
      {
        schema: {
          tags,
          summary: '政策测算：用改动后的政策重新结算一年的已存储就诊，与现行政策比较（后台运行）',
          body: described(
            '{ year?, document | text | policyId }：改动后的政策（政策文档、YAML / JSON 文本或已保存的版本编号）；year 默认为该政策的年度'
          ),
          response: { 202: answer, ...refusals },
        },
        preHandler: requireUser('settlement.whatif'),
      },
      async (request, reply) => {
        const b = objectBody(request)
        const changed = await changedPolicy(b)
        const year = b['year'] === undefined ? changed.year : yearValue(b['year'], 'year')
        await requireActivePolicy(ctx, year, changed.admdvs)
        const policy = { id: changed.id, name: changed.name, admdvs: changed.admdvs }
        const job = await launch(
          request,
          'whatif',
          '政策测算',
          { action: 'whatif.start', detail: { year, policy } },
          async (onProgress) => {
            const result = await whatIfStored(ctx.db, changed, { year, onProgress })
            const fund = result.layers.find((l) => l.key === 'fund_pay_sumamt')
            return {
              message:
                `完成：${result.settlements} 笔结算，基金支付合计差额 ` +
                `${fenToYuan(fund?.difference ?? 0)} 元`,
              detail: { year, policy, result },
            }
          }
        )
        return reply.status(202).send({ job })
      }
    )

    // Settlement checks (结算核查).
    app.post(
      '/settlement-checks',
      {
        schema: {
          tags,
          summary: '结算核查：按现行政策重算一年的全部已存储结算并保存结论（后台运行）',
          body: described('{ year }'),
          response: { 202: answer, ...refusals },
        },
        preHandler: requireUser('settlement.check'),
      },
      async (request, reply) => {
        const year = yearValue(objectBody(request)['year'], 'year')
        await requireActivePolicy(ctx, year, '*')
        const job = await launch(
          request,
          'settlement-check',
          '结算核查',
          { action: 'settlement.check.start', detail: { year } },
          async (onProgress) => {
            const s = await checkStoredSettlements(ctx.db, { year, onProgress })
            return {
              message:
                `完成：${s.settlements} 笔结算，一致 ${s.byStatus.SAME}，漏享倾斜 ${s.byStatus.MISSED_TILT}，` +
                `限制支付项目由基金支付 ${s.byStatus.RESTRICTED_PAID}，其他差异 ${s.byStatus.DIFFERS}` +
                (s.withoutPolicy > 0 ? `；${s.withoutPolicy} 笔无启用政策未核查` : ''),
              detail: {
                year,
                settlements: s.settlements,
                byStatus: s.byStatus,
                withoutPolicy: s.withoutPolicy,
              },
            }
          }
        )
        return reply.status(202).send({ job })
      }
    )
    app.get(
      '/settlement-checks',
      {
        schema: {
          tags,
          summary:
            '结算核查结论：一年各结论的笔数，及与记录不一致的结算（status 筛选、分页；year 默认为最近核查的年度）',
        },
        preHandler: requireUser('settlement.check'),
      },
      async (request) => {
        const q = request.query as Record<string, unknown>
        const page = positiveInt(q['page'], 'page', 1)
        const pageSize = Math.min(500, positiveInt(q['pageSize'], 'pageSize', 20))
        const status = q['status'] === '' ? undefined : q['status']
        if (
          status !== undefined &&
          (status === 'SAME' || !CHECK_STATUSES.includes(status as CheckStatus))
        ) {
          throw new OutcomeError(
            badRequest(
              `status：应为 MISSED_TILT、RESTRICTED_PAID 或 DIFFERS，收到 ${JSON.stringify(status)}`,
              'status'
            )
          )
        }
        let year: number | null
        if (q['year'] === undefined || q['year'] === '') {
          const [latest] = await ctx.db.query<{ year: number | null }>(
            'SELECT max(year) AS year FROM settlement_check'
          )
          year = latest?.year ?? null
        } else {
          year = yearValue(q['year'], 'year')
        }
        const counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<
          CheckStatus,
          number
        >
        if (year === null) {
          return { year, checkedAt: null, counts, total: 0, items: [], page, pageSize }
        }
        const byStatus = await ctx.db.query<{ status: CheckStatus; n: number; at: unknown }>(
          `SELECT status, count(*)::int AS n, max(checked_at) AS at FROM settlement_check
           WHERE year = $1 GROUP BY status`,
          [year]
        )
        let checkedAt: string | null = null
        for (const r of byStatus) {
          counts[r.status] = r.n
          const at = String(r.at instanceof Date ? r.at.toISOString() : r.at)
          if (checkedAt === null || at > checkedAt) checkedAt = at
        }
        const shown =
          status === undefined ? ['MISSED_TILT', 'RESTRICTED_PAID', 'DIFFERS'] : [status as string]
        const total = shown.reduce((t, s) => t + counts[s as CheckStatus], 0)
        const rows = await ctx.db.query<Record<string, unknown>>(
          `SELECT setl_id, mdtrt_id, psn_no, institution_code, policy_id, status, recorded_fund,
             engine_fund, reason, differences
           FROM settlement_check WHERE year = $1 AND status = ANY($2::text[])
           ORDER BY status, abs(engine_fund - recorded_fund) DESC, setl_id
           LIMIT $3 OFFSET $4`,
          [year, shown, pageSize, (page - 1) * pageSize]
        )
        return {
          year,
          checkedAt,
          counts,
          total,
          page,
          pageSize,
          items: rows.map((r) => ({
            setlId: r['setl_id'],
            mdtrtId: r['mdtrt_id'],
            psnNo: r['psn_no'],
            institutionCode: r['institution_code'],
            policyId: r['policy_id'],
            status: r['status'],
            recordedFund: Number(r['recorded_fund']),
            engineFund: Number(r['engine_fund']),
            reason: r['reason'],
            differences: r['differences'],
          })),
        }
      }
    )
    done()
  }
}
