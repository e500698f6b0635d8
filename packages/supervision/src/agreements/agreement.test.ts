// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import type { Agreement, BlacklistEntry } from './agreement.js'
import { applyAgreementAction, blacklistedOn, checkNewAgreement } from './agreement.js'

const active: Agreement = {
  id: 'XY1',
  institutionCode: 'H1',
  signedOn: '2024-01-01',
  status: 'ACTIVE',
  statusSince: '2024-01-01',
  reason: null,
  reapplyNotBefore: null,
}

describe('agreements and blacklists', () => {
  test('suspend → resume → terminate; termination for violations bars 3 years, for breach 1', () => {
    const s = applyAgreementAction(active, {
      action: 'suspend',
      date: '2025-03-01',
      reason: '限期整改',
    })
    expect(s.status).toBe('SUSPENDED')
    const r = applyAgreementAction(s, { action: 'resume', date: '2025-04-01', reason: '整改到位' })
    expect(r.status).toBe('ACTIVE')
    const t = applyAgreementAction(r, {
      action: 'terminate',
      date: '2025-06-15',
      reason: '欺诈骗保',
      kind: 'VIOLATION',
    })
    expect(t).toMatchObject({ status: 'TERMINATED', reapplyNotBefore: '2028-06-15' })
    expect(
      applyAgreementAction(r, {
        action: 'terminate',
        date: '2025-06-15',
        reason: '严重违约',
        kind: 'BREACH',
      }).reapplyNotBefore
    ).toBe('2026-06-15')
    expect(() =>
      applyAgreementAction(t, { action: 'resume', date: '2025-07-01', reason: 'x' })
    ).toThrow(/状态为解除/)
    expect(() =>
      applyAgreementAction(r, { action: 'suspend', date: '2025-03-15', reason: 'x' })
    ).toThrow(/不能早于/)
  })

  test('a new agreement waits for the bar and is refused to the blacklisted', () => {
    const t = applyAgreementAction(active, {
      action: 'terminate',
      date: '2025-06-15',
      reason: '欺诈骗保',
      kind: 'VIOLATION',
    })
    expect(() => {
      checkNewAgreement('H1', '2028-06-14', [t], [])
    }).toThrow(/2028-06-15 前不得重新申请/)
    expect(() => {
      checkNewAgreement('H1', '2028-06-15', [t], [])
    }).not.toThrow()
    expect(() => {
      checkNewAgreement('H1', '2025-01-01', [active], [])
    }).toThrow(/已有履行中的协议/)
    const black: BlacklistEntry[] = [
      {
        id: 'B1',
        subjectType: 'INSTITUTION',
        subjectId: 'H1',
        from: '2028-01-01',
        to: null,
        reason: '严重失信',
      },
    ]
    expect(() => {
      checkNewAgreement('H1', '2029-01-01', [t], black)
    }).toThrow(/列入黑名单（严重失信）/)
    expect(blacklistedOn(black, 'INSTITUTION', 'H1', '2027-12-31')).toBeUndefined()
    expect(blacklistedOn(black, 'INSURED', 'H1', '2029-01-01')).toBeUndefined()
  })
})
