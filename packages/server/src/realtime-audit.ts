// SPDX-License-Identifier: Apache-2.0
import type { CompiledRuleSet, Stage, StoredHistory } from '@yibao/audit'
import { AuditReference, RuleEngines } from '@yibao/audit'
import type { IsoDate } from '@yibao/domain'
import { addDays, dateOf, fromEpochMs } from '@yibao/domain'
import type { Knowledge } from '@yibao/knowledge'
import type { Database, Queryable } from '@yibao/storage'
import {
  listRuleOverrides,
  loadStaffPeriods,
  PersonHistoryCache,
  readRecords,
} from '@yibao/storage'

/** Days of stored history read before the day of a real-time request. */
export const HISTORY_DAYS = 365

/** The rules a request asks for, split into those the library knows and the others. */
export interface RuleSelection {
  /** Known ids, sorted and each once; undefined for every rule. */
  readonly ruleIds: readonly string[] | undefined
  /** Ids the library does not know, ignored (reported in `warn_msg`). */
  readonly unknown: readonly string[]
}

/**
 * What the real-time audit (3101/3102 and `POST /api/v1/audit/encounters`) keeps between
 * requests: the compiled rules (compiled once per stage and rule selection, with the stored rule
 * overrides) and the region's reference data (institutions, price caps), read once at start.
 * `refresh()` reads both again, e.g. after importing institutions or price caps or changing an
 * override.
 */
export class RealtimeAudit {
  private current: AuditReference
  private readonly known: ReadonlySet<string>

  private constructor(
    private readonly db: Queryable,
    readonly engines: RuleEngines,
    reference: AuditReference,
    /** Persons' histories, kept between requests until their records change. */
    readonly historyCache: PersonHistoryCache
  ) {
    this.current = reference
    this.known = new Set(engines.definitions.map((d) => d.id))
  }

  /**
   * Reads institutions, price caps and rule overrides, compiles the rules of each stage, and
   * opens the history cache.
   *
   * @param db - the database
   * @param knowledge - the knowledge pack in force
   * @param options - most fee lines of history kept in memory (0: read every time)
   */
  static async load(
    db: Database,
    knowledge: Knowledge,
    options: { historyCacheLines: number } = { historyCacheLines: 0 }
  ): Promise<RealtimeAudit> {
    const engines = new RuleEngines(knowledge, { overrides: await listRuleOverrides(db) })
    const cache = await PersonHistoryCache.open(db, { maxFeeLines: options.historyCacheLines })
    const audit = new RealtimeAudit(db, engines, await readReference(db), cache)
    audit.warmUp()
    return audit
  }

  /** Stops listening for record changes. */
  close(): Promise<void> {
    return this.historyCache.close()
  }

  /** The reference data in force. */
  get reference(): AuditReference {
    return this.current
  }

  /** Reads institutions, price caps and rule overrides again. */
  async refresh(): Promise<void> {
    const [reference, overrides] = await Promise.all([
      readReference(this.db),
      listRuleOverrides(this.db),
    ])
    this.engines.setOverrides(overrides)
    this.current = reference
    this.warmUp()
  }

  /**
   * Splits the rule ids a request names into known and unknown ones. No ids means every rule;
   * ids of which none is known select no rule. Known ids are sorted, so that the same selection
   * in another order shares one compiled rule set.
   */
  selectRules(requested: readonly string[]): RuleSelection {
    if (requested.length === 0) return { ruleIds: undefined, unknown: [] }
    const ids = [...new Set(requested)]
    const known = ids.filter((id) => this.known.has(id)).sort()
    return { ruleIds: known, unknown: ids.filter((id) => !this.known.has(id)) }
  }

  /** The compiled rules of a stage on a day, for the selected rules (compiled once, cached). */
  engine(
    stage: Stage,
    date: IsoDate,
    ruleIds: readonly string[] | undefined,
    admdvs?: string | null
  ): CompiledRuleSet {
    return this.engines.get({ stage, date, ruleIds, admdvs: admdvs ?? undefined })
  }

  /**
   * The stored history of each person: every encounter from a year before the request's
   * encounter on (later ones too, so that re-checking an old claim sees what batch audit sees).
   *
   * @param wanted - person numbers with the date of the encounter under judgement
   */
  async histories(
    wanted: readonly { psnNo: string; date: IsoDate }[]
  ): Promise<Map<string, StoredHistory>> {
    const since = new Map<string, IsoDate>()
    for (const w of wanted) {
      const d = since.get(w.psnNo)
      if (d === undefined || w.date < d) since.set(w.psnNo, w.date)
    }
    const out = new Map<string, StoredHistory>()
    for (const [psnNo, date] of since) {
      out.set(psnNo, await this.historyCache.read(psnNo, addDays(date, -HISTORY_DAYS)))
    }
    return out
  }

  private warmUp(): void {
    const today = dateOf(fromEpochMs(Date.now()))
    for (const stage of ['PRE', 'IN', 'POST'] as const) this.engine(stage, today, undefined)
  }
}

/** Institutions, price caps, suspended or terminated staff and the capability register as stored. */
async function readReference(db: Queryable): Promise<AuditReference> {
  const [institutions, priceCaps, staffPeriods, capabilities] = await Promise.all([
    readRecords(db, 'institutions'),
    readRecords(db, 'priceCaps'),
    loadStaffPeriods(db),
    readRecords(db, 'capabilities'),
  ])
  return new AuditReference({ institutions, priceCaps, staffPeriods, capabilities })
}
