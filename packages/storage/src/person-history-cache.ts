// SPDX-License-Identifier: Apache-2.0
import type { IsoDate } from '@yibao/domain'
import type { Database } from './database.js'
import type { PersonHistory } from './read-person-history.js'
import { readPersonHistory } from './read-person-history.js'

/** The channel migration 0006 announces record changes on: person numbers, or `*`. */
export const RECORDS_CHANNEL = 'yibao_records'

/** Options of `PersonHistoryCache`. */
export interface PersonHistoryCacheOptions {
  /**
   * Most fee lines kept in memory, over all persons, each person counting one more (the least
   * recently used go first); 0 keeps nothing and reads every history from the database.
   */
  readonly maxFeeLines: number
}

/** What the cache holds and how often it answered. */
export interface PersonHistoryCacheStats {
  readonly persons: number
  readonly feeLines: number
  readonly hits: number
  readonly misses: number
}

interface Entry {
  readonly psnNo: string
  readonly history: PersonHistory
  /** Its weight against the limit: its fee lines, plus one for the person. */
  readonly weight: number
}

interface Pending {
  readonly psnNo: string
  readonly read: Promise<PersonHistory>
  /** Set when the person's records changed while this read was under way. */
  stale: boolean
}

/**
 * Persons' histories for real-time audit (3101/3102), kept in memory between requests: a doctor
 * saving orders calls 3101 again and again for the same patient. A history is dropped as soon as
 * the database announces a change to that person's records (migration 0006 notifies on every
 * write to a record table, from any process), and everything is dropped after a bulk change or
 * when notifications may have been missed. A read that was under way when its person changed is
 * answered but not kept. Histories are shared between requests and must not be changed.
 */
export class PersonHistoryCache {
  private readonly entries = new Map<string, Entry>()
  private readonly pending = new Map<string, Pending>()
  private weight = 0
  private hits = 0
  private misses = 0
  private stop: (() => Promise<void>) | null = null

  private constructor(
    private readonly db: Database,
    private readonly options: PersonHistoryCacheOptions
  ) {}

  /**
   * A cache over `db`, listening for record changes (not listening when it keeps nothing).
   *
   * @param db - the database
   * @param options - the size limit
   */
  static async open(db: Database, options: PersonHistoryCacheOptions): Promise<PersonHistoryCache> {
    const cache = new PersonHistoryCache(db, options)
    if (options.maxFeeLines > 0) {
      cache.stop = await db.listen(RECORDS_CHANNEL, (payload) => {
        cache.changed(payload)
      })
    }
    return cache
  }

  /**
   * One person's history from `from` on: from memory when kept, else read (one statement) and
   * kept. Concurrent reads of the same history share one database read.
   *
   * @param psnNo - the person number
   * @param from - the first day of encounters wanted
   */
  read(psnNo: string, from: IsoDate): Promise<PersonHistory> {
    if (this.options.maxFeeLines <= 0) return readPersonHistory(this.db, psnNo, { from })
    const key = `${from}|${psnNo}`
    const entry = this.entries.get(key)
    if (entry !== undefined) {
      this.hits++
      // Most recently used last.
      this.entries.delete(key)
      this.entries.set(key, entry)
      return Promise.resolve(entry.history)
    }
    this.misses++
    const inFlight = this.pending.get(key)
    if (inFlight !== undefined) return inFlight.read
    const read = readPersonHistory(this.db, psnNo, { from }).then(
      (history) => {
        const done = this.pending.get(key)
        this.pending.delete(key)
        if (done !== undefined && !done.stale) this.keep(key, psnNo, history)
        return history
      },
      (err: unknown) => {
        this.pending.delete(key)
        throw err
      }
    )
    this.pending.set(key, { psnNo, read, stale: false })
    return read
  }

  /** Counts of what is kept and of hits and misses since opening. */
  get stats(): PersonHistoryCacheStats {
    let feeLines = 0
    for (const entry of this.entries.values()) feeLines += entry.history.feeLines.length
    return {
      persons: this.entries.size,
      feeLines,
      hits: this.hits,
      misses: this.misses,
    }
  }

  /** Stops listening and forgets everything. */
  async close(): Promise<void> {
    const stop = this.stop
    this.stop = null
    this.clear()
    await stop?.()
  }

  /** A change announced by the database: person numbers, `*`, or null (maybe missed some). */
  private changed(payload: string | null): void {
    if (payload === null || payload === '*' || payload === '') {
      this.clear()
      return
    }
    const persons = new Set(payload.split(','))
    for (const p of this.pending.values()) if (persons.has(p.psnNo)) p.stale = true
    for (const [key, entry] of this.entries) {
      if (persons.has(entry.psnNo)) this.drop(key, entry)
    }
  }

  private clear(): void {
    for (const p of this.pending.values()) p.stale = true
    this.entries.clear()
    this.weight = 0
  }

  private keep(key: string, psnNo: string, history: PersonHistory): void {
    const weight = history.feeLines.length + 1
    if (weight > this.options.maxFeeLines) return
    this.entries.set(key, { psnNo, history, weight })
    this.weight += weight
    for (const [oldest, entry] of this.entries) {
      if (this.weight <= this.options.maxFeeLines) break
      this.drop(oldest, entry)
    }
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key)
    this.weight -= entry.weight
  }
}
