// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Settlement } from '@yibao/domain'
import { checkSettlementIdentities } from '@yibao/domain'
import type { BenefitPolicy } from '@yibao/settlement'
import {
  examplePolicyOfYear,
  policyToDocument,
  settleEncounter,
  startOfYear,
} from '@yibao/settlement'
import type { Database } from '../database.js'
import { loadRecordBatch } from '../load-record-batch.js'
import { readRecords } from '../read-records.js'
import { SYSTEM } from '../review/viewer.js'
import { testRecordBatch } from '../test-record-batch.js'
import { testBackends } from '../testing.js'
import { activatePolicy, listBenefitPolicies, saveDraftPolicy } from './benefit-policies.js'
import {
  checkStoredSettlements,
  loadSettlementReference,
  storedSettlements,
  whatIfStored,
} from './settle-stored.js'

const records = testRecordBatch({ persons: 30, seed: 11 })
const YEAR = Number(records.settlements[0]!.time.slice(0, 4))

/** The example policy as every region's policy for the test records' year, under another id. */
function policyOfYear(id: string, changes: Partial<BenefitPolicy> = {}): BenefitPolicy {
  return { ...examplePolicyOfYear(YEAR, id), ...changes }
}

describe.each(testBackends())('stored settlements on $name', (backend) => {
  let db: Database
  let missed: string
  beforeAll(async () => {
    db = await backend.open()
    await loadRecordBatch(db, records)
    await saveDraftPolicy(db, policyToDocument(policyOfYear('T-1')), SYSTEM)
    await activatePolicy(db, 'T-1', SYSTEM)
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a policy version is a draft until activated, and is then frozen', async () => {
    await saveDraftPolicy(db, policyToDocument(policyOfYear('T-2', { name: '第二版' })), SYSTEM)
    const edit = saveDraftPolicy(db, policyToDocument(policyOfYear('T-1', { name: '改' })), SYSTEM)
    await expect(edit).rejects.toThrow(/已启用，不能修改/)
    const listed = await listBenefitPolicies(db)
    expect(listed.map((p) => [p.body.id, p.status])).toEqual([
      ['T-1', 'ACTIVE'],
      ['T-2', 'DRAFT'],
    ])
  })

  test('settlements made by the policy are the same; one made without the tilt is named', async () => {
    // Replace the stored settlements with the engine's, one of a person with an identity
    // settled as for anybody.
    const ref = await loadSettlementReference(db)
    const stored = storedSettlements(records, ref, YEAR)
    const made: Settlement[] = []
    for (const list of stored.values()) {
      const ytd = startOfYear(YEAR)
      for (const { input } of list) {
        const dropTilt =
          missed === undefined && input.identities.length > 0 && input.careType === 'INPATIENT'
        const policy = ref.policies.forYear('*', YEAR)
        const withTilt = settleEncounter(input, policy, startOfYear(YEAR)).settlement
        const s = settleEncounter(
          dropTilt ? { ...input, identities: [] } : input,
          policy,
          ytd
        ).settlement
        if (dropTilt && s.fundPaySumamt < withTilt.fundPaySumamt) missed = input.setlId
        made.push(s)
      }
    }
    expect(missed).toBeDefined()
    expect(made.every((s) => checkSettlementIdentities(s).length === 0)).toBe(true)
    await db.exec('DELETE FROM settlement')
    await loadRecordBatch(db, { settlements: made })

    const summary = await checkStoredSettlements(db, { year: YEAR })
    expect(summary.settlements).toBe(made.length)
    expect(summary.missedTilt.map((m) => m.setlId)).toEqual([missed])
    expect(summary.byStatus).toMatchObject({ MISSED_TILT: 1, DIFFERS: 0, RESTRICTED_PAID: 0 })
    expect(summary.byStatus.SAME).toBe(made.length - 1)
    expect(summary.missedTilt[0]!.engineFund).toBeGreaterThan(summary.missedTilt[0]!.recordedFund)
    const again = await checkStoredSettlements(db, { year: YEAR })
    expect(again.byStatus).toEqual(summary.byStatus)
    const rows = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM settlement_check')
    expect(rows[0]!.n).toBe(made.length)
  })

  test('what-if replays the year under a changed policy, per layer, category and level', async () => {
    const base = policyOfYear('T-1')
    const changed = policyOfYear('T-3', {
      basic: base.basic.map((b) => ({ ...b, ratioBp: Math.min(10_000, b.ratioBp + 1000) })),
    })
    const r = await whatIfStored(db, changed, { year: YEAR })
    expect(r.basePolicies).toEqual(['T-1'])
    const settled = (await readRecords(db, 'settlements')).filter((s) => !s.refunded)
    expect(r.settlements).toBe(settled.length)
    // The base is the engine under the policy in force, over every stored settlement.
    const ref = await loadSettlementReference(db)
    const all = await readRecords(db, 'settlements')
    let expected = 0
    for (const list of storedSettlements({ ...records, settlements: all }, ref, YEAR).values()) {
      const ytd = startOfYear(YEAR)
      for (const { input } of list) expected += settleEncounter(input, base, ytd).settlement.hifpPay
    }
    const basic = r.layers.find((l) => l.key === 'hifp_pay')!
    expect(basic.base).toBe(expected)
    expect(basic.changed).toBeGreaterThan(basic.base)
    const fund = r.layers.find((l) => l.key === 'fund_pay_sumamt')!
    expect(r.byCategory.reduce((t, c) => t + c.base, 0)).toBe(fund.base)
    expect(r.byLevel.reduce((t, c) => t + c.settlements, 0)).toBe(r.settlements)
  })
})
