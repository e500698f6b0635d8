// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import type { OutcomeIssue } from '@yibao/domain'
import { badRequest, dateOf, fenToYuan, invalid, OutcomeError } from '@yibao/domain'
import type { BenefitPolicy, CheckStatus } from '@yibao/settlement'
import {
  formatPolicyText,
  parsePolicyText,
  policyFromDocument,
  nationalSettlement,
  settleCashFirst,
  settleEncounter,
  startOfYear,
} from '@yibao/settlement'
import { blacklistedOn } from '@yibao/supervision'
import {
  BENEFIT_POLICIES,
  checkStoredSettlements,
  listBlacklist,
  PoliciesInForce,
  readBenefitPolicy,
  whatIfStored,
} from '@yibao/storage'
import type { AppContext } from '../app.js'
import { JobLauncher } from '../job-launcher.js'
import { objectBody, positiveInt, textField, yearValue } from '../request-values.js'
import { requireUser } from '../session-auth.js'
import { readCalculateEncounter } from '../settlement-calculate-body.js'
import { outcomeSchema } from './outcome-schema.js'
import { answer, described, refusals, registerVersionedRoutes } from './versioned-documents.js'

const tags = ['待遇与结算']

const CHECK_STATUSES: readonly CheckStatus[] = ['SAME', 'MISSED_TILT', 'RESTRICTED_PAID', 'DIFFERS']

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

/**
 * Benefit policies and settlement: policy versions (list, read, export, save as draft, import,
 * activate), the settlement calculator over one encounter, and two background jobs over a
 * year's stored settlements: the what-if of a changed policy (政策测算) and the recomputation
 * of every settlement under the policy in force (结算核查), whose verdicts are read back paged.
 * One job of each kind runs at a time.
 */
export function benefitSettlementRoutes(ctx: AppContext): FastifyPluginCallback {
  const jobs = new JobLauncher(ctx.db)

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
    app.addHook('onClose', () => jobs.settle())

    // Policy versions.
    registerVersionedRoutes(app, {
      db: ctx.db,
      kind: BENEFIT_POLICIES,
      path: '/policies',
      filePrefix: 'policy',
      tags,
      read: 'policies.read',
      manage: 'policies.manage',
      documentLabel: '政策文档（金额单位元、比例为百分数）',
      parseText: parsePolicyText,
      formatText: formatPolicyText,
    })

    // The calculator.
    app.post(
      '/settlement/calculate',
      {
        schema: {
          tags,
          summary: '结算计算器：按待遇政策计算一次就诊的一站式结算（年初起算）',
          body: described(
            '{ policyId?, encounter: { time, insuType, medType, kind, level, tier, identities[], admdvs?, psnNo?（列入黑名单的参保人先行全额自付）, lines: [{ name?, code?, listType, catalogClass, quantity, price（元）, amount?（元）, capPrice?（元）, restricted? }] } }；不给 policyId 时用 admdvs（默认 *）在结算日启用的政策'
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
        // A person on the insured blacklist pays first (先行全额自付).
        const black = blacklistedOn(
          await listBlacklist(ctx.db, 'INSURED', input.psnNo),
          'INSURED',
          input.psnNo,
          date
        )
        const ytd = startOfYear(Number(date.slice(0, 4)))
        const r =
          black === undefined
            ? settleEncounter(input, policy, ytd, { lines: true })
            : settleCashFirst(input, policy, ytd, black.reason, { lines: true })
        return {
          policy: { id: policy.id, name: policy.name },
          settlement: r.settlement,
          details: r.details,
          steps: r.steps,
          lines: (r.lines ?? []).map((l) => ({ ...l, ...names.get(l.feedetlSn) })),
          tilt: r.tilt,
          cashFirst: black === undefined ? null : { reason: black.reason, from: black.from },
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
        const job = await jobs.launch(
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
        const job = await jobs.launch(
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
