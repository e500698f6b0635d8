// SPDX-License-Identifier: Apache-2.0
import type {
  FeeLine,
  IdentityType,
  InstitutionLevel,
  InstitutionTier,
  PersonIdentity,
  PersonRecords,
  Settlement,
} from '@yibao/domain'
import { dateOf, dayNumber, identitiesOn, PriceCapIndex, violationType } from '@yibao/domain'
import type {
  BenefitPolicy,
  CheckStatus,
  SettlementCheck,
  SettlementInput,
  WhatIfResult,
} from '@yibao/settlement'
import {
  careTypeOf,
  checkRecordedSettlement,
  insuredCategory,
  settleEncounter,
  startOfYear,
  WhatIfTally,
} from '@yibao/settlement'
import type { Database, Queryable } from '../database.js'
import { readRecords } from '../read-records.js'
import { streamPersonChunks } from '../stream-person-chunks.js'
import { PoliciesInForce } from './benefit-policies.js'

/** Bulk runs compare amounts only: the step texts are not written. */
const QUIET = { explain: false } as const

/** What settling stored encounters needs besides the person's records. */
export interface StoredReference {
  readonly institutions: ReadonlyMap<
    string,
    { level: InstitutionLevel; tier: InstitutionTier; admdvs: string }
  >
  readonly caps: PriceCapIndex
  readonly policies: PoliciesInForce
}

/** Reads the institutions, price caps and active policies once for a run. */
export async function loadSettlementReference(db: Queryable): Promise<StoredReference> {
  const [institutions, caps, policies] = await Promise.all([
    readRecords(db, 'institutions'),
    readRecords(db, 'priceCaps'),
    PoliciesInForce.load(db),
  ])
  return {
    institutions: new Map(institutions.map((i) => [i.code, i])),
    caps: new PriceCapIndex(caps),
    policies,
  }
}

/** A stored settlement of the year with the engine's input for it. */
export interface StoredSettlement {
  readonly input: SettlementInput
  readonly recorded: Settlement
  /** The person's 统筹区 (参保地), whose policy applies. */
  readonly admdvs: string
}

/**
 * The stored settlements of one person in one year, in settlement-time order, each with the
 * engine's input: its fee lines (those of the settlement, else of its encounter) with the price
 * caps in force, the institution's level and tier, and the identities valid on its date.
 * Refunds and settlements of encounters or institutions not stored are left out.
 */
export function storedSettlements(
  records: PersonRecords,
  ref: StoredReference,
  year: number
): Map<string, StoredSettlement[]> {
  const encounters = new Map(records.encounters.map((e) => [e.mdtrtId, e]))
  const group = <T>(map: Map<string, T[]>, key: string, value: T): void => {
    const list = map.get(key)
    if (list) list.push(value)
    else map.set(key, [value])
  }
  const bySetl = new Map<string, FeeLine[]>()
  const byEncounter = new Map<string, FeeLine[]>()
  for (const l of records.feeLines) {
    if (l.setlId !== null) group(bySetl, l.setlId, l)
    group(byEncounter, l.mdtrtId, l)
  }
  const identitiesOf = new Map<string, PersonIdentity[]>()
  for (const i of records.identities) group(identitiesOf, i.psnNo, i)
  const persons = new Map(records.persons.map((p) => [p.psnNo, p]))
  const out = new Map<string, StoredSettlement[]>()
  const ordered = records.settlements
    .filter((s) => !s.refunded && Number(s.time.slice(0, 4)) === year)
    .sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.setlId < b.setlId ? -1 : 1))
  for (const s of ordered) {
    const enc = encounters.get(s.mdtrtId)
    const inst = ref.institutions.get(s.institutionCode)
    const person = persons.get(s.psnNo)
    if (enc === undefined || inst === undefined || person === undefined) continue
    const date = dateOf(s.time)
    const identities: IdentityType[] = []
    for (const i of identitiesOn(identitiesOf.get(s.psnNo) ?? [], date)) {
      if (!identities.includes(i.type)) identities.push(i.type)
    }
    const lines = bySetl.get(s.setlId) ?? byEncounter.get(s.mdtrtId) ?? []
    const input: SettlementInput = {
      setlId: s.setlId,
      mdtrtId: s.mdtrtId,
      psnNo: s.psnNo,
      institutionCode: s.institutionCode,
      time: s.time,
      insuType: s.insuType,
      medType: s.medType,
      careType: careTypeOf(enc.kind, s.medType),
      level: inst.level,
      tier: inst.tier,
      identities,
      lines: lines.map((l) => ({
        feedetlSn: l.feedetlSn,
        listType: l.listType,
        catalogClass: l.catalogClass,
        quantity: l.quantity,
        price: l.price,
        amount: l.amount,
        capPrice: ref.caps.capOf(l.code, inst.level, dayNumber(dateOf(l.time)), inst.admdvs),
      })),
    }
    group(out, s.psnNo, { input, recorded: s, admdvs: person.admdvs })
  }
  return out
}

/** Fee lines of these encounters that failed a payment restriction (a CLEAR policy finding). */
async function restrictedLines(db: Queryable, mdtrtIds: readonly string[]): Promise<Set<string>> {
  if (mdtrtIds.length === 0) return new Set()
  const rows = await db.query<{ violation: string; lines: { feedetlSn: string; role: string }[] }>(
    `SELECT violation, lines FROM finding WHERE mdtrt_id = ANY($1::text[]) AND severity = 'CLEAR'`,
    [mdtrtIds]
  )
  const out = new Set<string>()
  for (const r of rows) {
    const family = violationType(r.violation)?.family
    if (family !== 'DRUG_POLICY' && family !== 'ITEM_POLICY') continue
    for (const l of r.lines) if (l.role === 'VIOLATING') out.add(l.feedetlSn)
  }
  return out
}

/** Options of a run over a year's stored settlements. */
export interface SettleRunOptions {
  readonly year: number
  /** Persons per chunk read from storage (default 2000). */
  readonly chunkSize?: number | undefined
  /** Progress after each chunk: persons done of the total. */
  readonly onProgress?: ((done: number, total: number) => void) | undefined
}

/** A settlement the check singles out. */
export interface CheckedSettlement {
  readonly setlId: string
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  readonly status: CheckStatus
  readonly recordedFund: number
  readonly engineFund: number
  readonly reason: string | null
  readonly differences: SettlementCheck['differences']
}

/** What `checkStoredSettlements` found. */
export interface SettlementCheckSummary {
  readonly year: number
  readonly settlements: number
  readonly byStatus: Record<CheckStatus, number>
  /** Settlements made without a tilt the person was due (漏享倾斜), with the shortfall. */
  readonly missedTilt: readonly CheckedSettlement[]
  /** Settlements whose fund paid lines that a payment restriction excludes. */
  readonly restrictedPaid: readonly CheckedSettlement[]
  /** Other differences. */
  readonly differs: readonly CheckedSettlement[]
  /** Settlements of persons or years without an active policy (not checked). */
  readonly withoutPolicy: number
}

async function personsInYear(db: Queryable, year: number): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `SELECT count(DISTINCT psn_no)::int AS n FROM settlement
     WHERE setl_time >= $1::date::timestamp AT TIME ZONE 'Asia/Shanghai'
       AND setl_time < $2::date::timestamp AT TIME ZONE 'Asia/Shanghai'`,
    [`${year}-01-01`, `${year + 1}-01-01`]
  )
  return row?.n ?? 0
}

/** The encounters a year's settlements may belong to: begun from the December before. */
const periodOfYear = (year: number): { from: string; to: string } => ({
  from: `${year - 1}-12-01`,
  to: `${year}-12-31`,
})

/**
 * Recomputes every stored settlement of a year with the settlement engine under the policy in
 * force, person by person in settlement order, and stores each verdict (`settlement_check`,
 * replaced on a re-run, so a run is idempotent): the same, a tilt left out (漏享倾斜), restricted
 * lines paid by the fund (when audit findings are stored), or another difference.
 *
 * @param db - the database
 * @param options - the year, chunk size and progress
 * @returns the counts and the settlements singled out
 */
export async function checkStoredSettlements(
  db: Database,
  options: SettleRunOptions
): Promise<SettlementCheckSummary> {
  const { year } = options
  const ref = await loadSettlementReference(db)
  const total = await personsInYear(db, year)
  const byStatus: Record<CheckStatus, number> = {
    SAME: 0,
    MISSED_TILT: 0,
    RESTRICTED_PAID: 0,
    DIFFERS: 0,
  }
  const missedTilt: CheckedSettlement[] = []
  const restrictedPaid: CheckedSettlement[] = []
  const differs: CheckedSettlement[] = []
  let settlements = 0
  let withoutPolicy = 0
  let done = 0
  await db.query('DELETE FROM settlement_check WHERE year = $1', [year])
  for await (const chunk of streamPersonChunks(db, {
    ...periodOfYear(year),
    chunkSize: options.chunkSize,
  })) {
    const byPerson = storedSettlements(chunk, ref, year)
    const restricted = await restrictedLines(
      db,
      [...byPerson.values()].flatMap((list) => list.map((x) => x.input.mdtrtId))
    )
    const rows: Record<string, unknown>[] = []
    for (const list of byPerson.values()) {
      const ytd = startOfYear(year)
      for (const { input, recorded, admdvs } of list) {
        const policy = ref.policies.on(admdvs, dateOf(input.time))
        if (policy === undefined) {
          withoutPolicy++
          continue
        }
        settlements++
        const check = checkRecordedSettlement(input, recorded, policy, ytd, restricted)
        byStatus[check.status]++
        const row: CheckedSettlement = {
          setlId: input.setlId,
          mdtrtId: input.mdtrtId,
          psnNo: input.psnNo,
          institutionCode: input.institutionCode,
          status: check.status,
          recordedFund: recorded.fundPaySumamt,
          engineFund: check.engine.fundPaySumamt,
          reason: check.reason,
          differences: check.differences,
        }
        if (check.status === 'MISSED_TILT') missedTilt.push(row)
        else if (check.status === 'RESTRICTED_PAID') restrictedPaid.push(row)
        else if (check.status === 'DIFFERS') differs.push(row)
        rows.push({
          setl_id: row.setlId,
          mdtrt_id: row.mdtrtId,
          psn_no: row.psnNo,
          institution_code: row.institutionCode,
          year,
          policy_id: policy.id,
          status: row.status,
          recorded_fund: row.recordedFund,
          engine_fund: row.engineFund,
          reason: row.reason,
          differences: row.differences,
        })
      }
    }
    await saveChecks(db, rows)
    done += chunk.persons.length
    options.onProgress?.(Math.min(done, total), total)
  }
  return { year, settlements, byStatus, missedTilt, restrictedPaid, differs, withoutPolicy }
}

async function saveChecks(db: Queryable, rows: readonly Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return
  await db.query(
    `INSERT INTO settlement_check (setl_id, mdtrt_id, psn_no, institution_code, year, policy_id,
       status, recorded_fund, engine_fund, reason, differences)
     SELECT setl_id, mdtrt_id, psn_no, institution_code, year, policy_id, status, recorded_fund,
            engine_fund, reason, differences
     FROM jsonb_to_recordset($1::text::jsonb) AS r(setl_id text, mdtrt_id text, psn_no text,
       institution_code text, year integer, policy_id text, status text, recorded_fund bigint,
       engine_fund bigint, reason text, differences jsonb)
     ON CONFLICT (setl_id) DO UPDATE SET year = EXCLUDED.year, policy_id = EXCLUDED.policy_id,
       status = EXCLUDED.status, recorded_fund = EXCLUDED.recorded_fund,
       engine_fund = EXCLUDED.engine_fund, reason = EXCLUDED.reason,
       differences = EXCLUDED.differences, checked_at = now()`,
    [JSON.stringify(rows)]
  )
}

/**
 * Replays a year's stored encounters under the policy in force and under a changed one, and
 * reports the fund cost of each per layer, insured category and institution level. The changed
 * policy applies to the persons of its region (all persons for `*`); nothing is stored.
 *
 * @param db - the database
 * @param changed - the changed policy
 * @param options - the year, chunk size and progress
 */
export async function whatIfStored(
  db: Queryable,
  changed: BenefitPolicy,
  options: SettleRunOptions
): Promise<WhatIfResult & { readonly basePolicies: readonly string[] }> {
  const { year } = options
  const ref = await loadSettlementReference(db)
  const total = await personsInYear(db, year)
  const tally = new WhatIfTally()
  const basePolicies = new Set<string>()
  let done = 0
  for await (const chunk of streamPersonChunks(db, {
    ...periodOfYear(year),
    chunkSize: options.chunkSize,
  })) {
    for (const list of storedSettlements(chunk, ref, year).values()) {
      const admdvs = list[0]!.admdvs
      if (changed.admdvs !== '*' && changed.admdvs !== admdvs) continue
      const base: BenefitPolicy = ref.policies.forYear(admdvs, year)
      basePolicies.add(base.id)
      const baseYtd = startOfYear(year)
      const changedYtd = startOfYear(year)
      for (const { input } of list) {
        tally.add(
          settleEncounter(input, base, baseYtd, QUIET).settlement,
          settleEncounter(input, changed, changedYtd, QUIET).settlement,
          insuredCategory(input.insuType, input.identities),
          input.level
        )
      }
    }
    done += chunk.persons.length
    options.onProgress?.(Math.min(done, total), total)
  }
  return { ...tally.result(), basePolicies: [...basePolicies].sort() }
}
