// SPDX-License-Identifier: Apache-2.0
import { randomUUID } from 'node:crypto'
import type { ChunkResult, Finding, RuleDefinition, TypeEvaluation } from '@yibao/audit'
import { AuditPool, evaluateAgainstTruth, RULE_LIBRARY } from '@yibao/audit'
import type { IsoDate } from '@yibao/domain'
import type { Knowledge } from '@yibao/knowledge'
import { serializePack } from '@yibao/knowledge'
import type { Database } from './database.js'
import { finishAuditRun, listRuleOverrides, startAuditRun, writeFindings } from './findings.js'
import { loadStaffPeriods } from './staff/staff-files.js'
import { periodCondition } from './person-records.js'
import { readRecords } from './read-records.js'
import { streamPersonChunks } from './stream-person-chunks.js'

/** Options of a batch audit run. */
export interface RunAuditOptions {
  readonly knowledge: Knowledge
  /** Encounters beginning from / to these days (both included); absent = all. */
  readonly from?: IsoDate | undefined
  readonly to?: IsoDate | undefined
  /** Rule definitions to run (default: the built-in library); a back-test passes new ones. */
  readonly definitions?: readonly RuleDefinition[] | undefined
  /** Only these rule ids. */
  readonly ruleIds?: readonly string[] | undefined
  /** Evaluate without writing findings or a run record. */
  readonly dryRun?: boolean | undefined
  /** Worker threads (default `AuditPool.defaultWorkers()`; 0 = on this thread). */
  readonly workers?: number | undefined
  /** Persons per chunk (default 2000). */
  readonly chunkSize?: number | undefined
  /** Who runs it, for the run record. */
  readonly actor: string
  /** The date the rules are in force on (default: `to`, else today's date given by the caller). */
  readonly rulesDate: IsoDate
  /** Progress after each chunk: persons done of the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined
}

/** Hits and amount of one rule in a run. */
export interface RuleHits {
  readonly ruleId: string
  readonly ruleName: string
  readonly violation: string
  readonly severity: string
  readonly findings: number
  readonly amount: number
}

/** What a batch audit did. */
export interface AuditRunReport {
  readonly runId: string | null
  readonly rulesetVersion: string
  readonly packVersion: string
  readonly from: IsoDate | null
  readonly to: IsoDate | null
  readonly dryRun: boolean
  readonly workers: number
  readonly rules: number
  readonly persons: number
  readonly encounters: number
  readonly lines: number
  readonly findings: number
  /** Findings not stored before (0 on a repeated run). */
  readonly newFindings: number
  readonly amount: number
  readonly byRule: readonly RuleHits[]
  /** Per violation type against the injected truth, when the region has one. */
  readonly truth: { readonly byType: Record<string, TypeEvaluation> } | null
  /** Every finding (kept for dry runs and tests; large runs may ignore it). */
  readonly findingList: readonly Finding[]
}

/**
 * Batch 事后 初审 of every stored encounter (of the period): persons stream from storage in
 * chunks, each chunk is audited on a worker thread with the compiled rules, and its findings are
 * written in one transaction. Findings have deterministic ids and are inserted only when new, so
 * a repeated or interrupted run writes each finding once.
 *
 * @param db - the database
 * @param options - period, rules, workers, progress
 */
export async function runAudit(db: Database, options: RunAuditOptions): Promise<AuditRunReport> {
  const dryRun = options.dryRun ?? false
  const [institutions, priceCaps, overrides, regions, staffPeriods, capabilities] =
    await Promise.all([
      readRecords(db, 'institutions'),
      readRecords(db, 'priceCaps'),
      listRuleOverrides(db),
      readRecords(db, 'region'),
      loadStaffPeriods(db),
      readRecords(db, 'capabilities'),
    ])
  const admdvs = regions.length === 1 ? regions[0]!.admdvs : undefined
  const pool = await AuditPool.start(
    {
      pack: serializePack(options.knowledge.pack),
      definitions: options.definitions ?? RULE_LIBRARY,
      overrides,
      scope: {
        stage: 'POST',
        date: options.to ?? options.rulesDate,
        admdvs,
        ruleIds: options.ruleIds,
      },
      institutions,
      priceCaps,
      staffPeriods,
      capabilities,
    },
    options.workers ?? AuditPool.defaultWorkers(),
    options.knowledge
  )
  const engine = pool.job.engine
  const runId = dryRun ? null : `R${randomUUID().replaceAll('-', '').slice(0, 16)}`
  if (runId !== null) {
    await startAuditRun(db, {
      id: runId,
      rulesetVersion: engine.version,
      packVersion: engine.knowledge.version,
      from: options.from,
      to: options.to,
      dryRun,
      actor: options.actor,
    })
  }
  const period = periodCondition({ from: options.from, to: options.to }, 1)
  // The persons streamPersonChunks yields: everyone, or with a period those with an encounter in it.
  const [count] = await db.query<{ n: string | number }>(
    period.sql === ''
      ? 'SELECT count(*) AS n FROM person'
      : 'SELECT count(*) AS n FROM person x WHERE EXISTS (SELECT 1 FROM encounter e' +
          ` WHERE e.psn_no = x.psn_no AND ${period.sql})`,
    period.params
  )
  const total = Number(count?.n ?? 0)
  const findings: Finding[] = []
  let persons = 0
  let encounters = 0
  let lines = 0
  let newFindings = 0
  const finish = (
    id: string,
    status: 'DONE' | 'FAILED',
    amount: number,
    summary: unknown
  ): Promise<void> =>
    finishAuditRun(db, id, {
      status,
      persons,
      encounters,
      lines,
      findings: findings.length,
      newFindings,
      amount,
      summary,
    })
  try {
    // Up to two chunks per worker are audited while the next is read; findings are written in
    // chunk order, one chunk at a time.
    const limit = pool.size * 2
    const pending: Promise<ChunkResult>[] = []
    const write = async (result: Promise<ChunkResult>): Promise<void> => {
      const chunk = await result
      persons += chunk.persons
      encounters += chunk.encounters
      lines += chunk.lines
      findings.push(...chunk.findings)
      if (runId !== null && chunk.findings.length > 0) {
        newFindings += await writeFindings(db, runId, chunk.findings)
      }
      options.onProgress?.(persons, total)
    }
    for await (const chunk of streamPersonChunks(db, {
      from: options.from,
      to: options.to,
      chunkSize: options.chunkSize,
    })) {
      const result = pool.run(chunk)
      // A failure is thrown where the chunk is awaited, in order; until then it is not unhandled.
      result.catch(() => undefined)
      pending.push(result)
      if (pending.length > limit) await write(pending.shift()!)
    }
    for (const result of pending) await write(result)
  } catch (err) {
    if (runId !== null) {
      await finish(runId, 'FAILED', 0, { error: err instanceof Error ? err.message : String(err) })
    }
    throw err
  } finally {
    await pool.close()
  }

  const byRuleMap = new Map<string, { f: Finding; n: number; amount: number }>()
  let amount = 0
  for (const f of findings) {
    amount += f.amount
    const x = byRuleMap.get(f.ruleId)
    if (x) {
      x.n++
      x.amount += f.amount
    } else byRuleMap.set(f.ruleId, { f, n: 1, amount: f.amount })
  }
  const byRule = [...byRuleMap.values()]
    .map(({ f, n, amount: a }) => ({
      ruleId: f.ruleId,
      ruleName: f.ruleName,
      violation: f.violation,
      severity: f.severity,
      findings: n,
      amount: a,
    }))
    .sort((a, b) => (a.ruleId < b.ruleId ? -1 : 1))
  const truths = await readRecords(db, 'truth', {
    where:
      period.sql === ''
        ? undefined
        : `mdtrt_id IN (SELECT e.mdtrt_id FROM encounter e WHERE ${period.sql})`,
    params: period.params,
  })
  const report: AuditRunReport = {
    runId,
    rulesetVersion: engine.version,
    packVersion: engine.knowledge.version,
    from: options.from ?? null,
    to: options.to ?? null,
    dryRun,
    workers: pool.size,
    rules: engine.rules.length,
    persons,
    encounters,
    lines,
    findings: findings.length,
    newFindings,
    amount,
    byRule,
    truth:
      truths.length === 0
        ? null
        : {
            byType: evaluateAgainstTruth(
              findings,
              truths,
              new Set(engine.rules.map((r) => r.def.violation))
            ),
          },
    findingList: findings,
  }
  if (runId !== null) {
    await finish(runId, 'DONE', amount, { byRule, truth: report.truth })
  }
  return report
}
