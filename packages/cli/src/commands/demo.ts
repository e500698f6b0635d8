// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError, VIOLATION_TYPES } from '@yibao/domain'
import type { DemoOptions } from '@yibao/datagen'
import { demoPlan, demoPolicy, generateRegion } from '@yibao/datagen'
import type { Database } from '@yibao/storage'
import {
  appendAuditLog,
  clearRecords,
  contentChecksum,
  countRecords,
  activatePolicy,
  listInspectors,
  readRecords,
  saveInspectors,
  activateVersion,
  PAYMENT_PLANS,
  readVersion,
  saveDraftVersion,
  suggestPaymentPlan,
  DEMO_PASSWORD,
  ensureDemoAccounts,
  readBenefitPolicy,
  saveDraftPolicy,
  loadRecordBatch,
  setMeta,
  withLock,
} from '@yibao/storage'
import type { KnowledgePack } from '@yibao/knowledge'
import { planToDocument } from '@yibao/payment'
import { demoInspectors } from '@yibao/supervision'
import { policyToDocument } from '@yibao/settlement'
import type { CliIo } from '../io.js'
import type { ClaimCounts } from '../io.js'
import { claimCounts, printCounts, printDemoAccounts, printJson, println } from '../io.js'
import { cliActor, openContext } from '../context.js'
import { COMMON_OPTIONS, parseCommand } from '../options.js'
import { Progress } from '../progress.js'

/** What `yibao demo` prints (and `--json` emits): counts, injected violations, checksum. */
export interface DemoSummary extends ClaimCounts {
  scale: DemoOptions['scale']
  seed: number
  injected: Record<string, number>
  injectedTotal: number
  checksum: string
  /** The demo accounts (one per bureau role, one per institution), all with one password. */
  accounts: { password: string; usernames: string[] }
}

/**
 * Builds a demo region into an open database: empties the record tables, streams the
 * generator's batches into storage (one transaction per batch), then records what was built.
 * The region is complete only when `meta.demo` says so; an interrupted build is redone.
 */
export async function buildDemo(
  db: Database,
  pack: KnowledgePack,
  options: DemoOptions,
  io: CliIo
): Promise<DemoSummary> {
  return withLock(db, 'demo', async () => {
    await setMeta(db, 'demo', { status: 'building', scale: options.scale, seed: options.seed })
    await clearRecords(db)
    const plan = demoPlan(options)
    const progress = new Progress(io, '生成演示统筹区（参保人）', plan.persons)
    let persons = 0
    for (const batch of generateRegion(pack, options)) {
      await loadRecordBatch(db, batch)
      persons += batch.persons.length
      progress.update(persons)
    }
    progress.done()
    const counts = await countRecords(db)
    const checksum = await contentChecksum(db)
    const usernames = await ensureDemoAccounts(db)
    // The region's benefit policy, by which its settlements were made (settle, what-if).
    const actor = { actor: cliActor(), role: 'admin' as const, institutionCode: null }
    const policy = demoPolicy(plan.admdvs, Number(plan.periodStart.slice(0, 4)))
    if ((await readBenefitPolicy(db, policy.id)) === undefined) {
      await saveDraftPolicy(db, policyToDocument(policy), actor)
      await activatePolicy(db, policy.id, actor)
    }
    // A payment plan sized from the region's own year, so that `yibao pay` runs at once.
    const year = Number(plan.periodStart.slice(0, 4))
    const payPlan = await suggestPaymentPlan(db, plan.admdvs, year, pack)
    if ((await readVersion(db, PAYMENT_PLANS, payPlan.id)) === undefined) {
      await saveDraftVersion(db, PAYMENT_PLANS, planToDocument(payPlan), actor)
      await activateVersion(db, PAYMENT_PLANS, payPlan.id, actor)
    }
    // A register of inspectors with declared conflicts, for 双随机 draws.
    if ((await listInspectors(db, true)).length === 0) {
      const codes = (await readRecords(db, 'institutions')).map((i) => i.code)
      await saveInspectors(db, demoInspectors(codes, 12, options.seed), actor)
    }
    const summary: DemoSummary = {
      scale: options.scale,
      seed: options.seed,
      ...claimCounts(counts),
      injected: counts.truth,
      injectedTotal: counts.truthTotal,
      checksum,
      accounts: { password: DEMO_PASSWORD, usernames },
    }
    await setMeta(db, 'demo', { status: 'complete', ...summary })
    await appendAuditLog(db, {
      actor: cliActor(),
      action: 'demo.build',
      target: `${options.scale}/seed ${options.seed}`,
      detail: { ...summary, accounts: { created: summary.accounts.usernames.length } },
    })
    return summary
  })
}

function parseRates(values: string[]): Partial<Record<string, number>> {
  const rates: Partial<Record<string, number>> = {}
  const known = new Set(VIOLATION_TYPES.map((v) => v.code))
  for (const v of values) {
    const m = /^([A-Z]\d+)=(\d*\.?\d+)$/.exec(v)
    if (!m || !known.has(m[1]!)) {
      throw new OutcomeError(
        badRequest(`--rate ${v} 无效：应为 类型代码=比例，例如 M14=0.002`, '--rate')
      )
    }
    rates[m[1]!] = Number(m[2])
  }
  return rates
}

/** `yibao demo --scale small|county [--seed N] [--rate TYPE=R…] [--dir D] [--json]`. */
export async function demoCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('demo', args, {
    ...COMMON_OPTIONS,
    scale: { type: 'string', default: 'small' },
    seed: { type: 'string', default: '1' },
    rate: { type: 'string', multiple: true, default: [] },
  })
  if (values.help) {
    println(
      io,
      [
        '用法：yibao demo [--scale small|county] [--seed N] [--rate 类型=比例 …] [--dir 数据目录] [--json]',
        '  按辰溪县 2024 年数据校准生成演示统筹区（453 家定点医药机构），注入各类违规并记录真值。',
        '  small 约为县级规模的 1/50；同一 seed 每次生成完全相同的数据。已有数据会被替换。',
      ].join('\n')
    )
    return 0
  }
  if (values.scale !== 'small' && values.scale !== 'county') {
    throw new OutcomeError(
      badRequest(`--scale ${values.scale} 无效：应为 small 或 county`, '--scale')
    )
  }
  const seed = Number(values.seed)
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new OutcomeError(badRequest(`--seed ${values.seed} 无效：应为非负整数`, '--seed'))
  }
  const options: DemoOptions = { scale: values.scale, seed, rates: parseRates(values.rate) }
  const ctx = await openContext(io, values.dir)
  try {
    const started = Date.now()
    const summary = await buildDemo(ctx.db, ctx.pack, options, io)
    io.stderr.write(`用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒\n`)
    if (values.json) printJson(io, summary)
    else printDemoSummary(io, summary)
    return 0
  } finally {
    await ctx.db.close()
  }
}

function printDemoSummary(io: CliIo, s: DemoSummary): void {
  println(io, `演示统筹区已生成（规模 ${s.scale}，seed ${s.seed}）`)
  printCounts(
    io,
    [
      ['定点医药机构', s.institutions],
      ['参保人员', s.persons],
      ['就诊', s.encounters],
      ['结算', s.settlements],
      ['费用明细', s.feeLines],
      ['注入违规', s.injectedTotal],
    ],
    '  '
  )
  println(io, '  注入违规（按类型）：')
  for (const v of VIOLATION_TYPES) {
    const n = s.injected[v.code]
    if (n) println(io, `    ${v.code.padEnd(4)} ${v.name}：${n}`)
  }
  println(io, `  内容校验和 ${s.checksum}`)
  printDemoAccounts(io, s.accounts.usernames, s.accounts.password)
}
