// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { judgeCallbackAnswer } from './callback-answer.js'

const STAY = { days: 8, ownPay: 120_000, fundPaid: 480_000 }

describe('call-back answers against the records', () => {
  test('care not received is a mismatch putting the whole fund payment in doubt', () => {
    expect(judgeCallbackAnswer(STAY, { received: false, days: null, ownPay: null })).toEqual({
      mismatch: true,
      reasons: ['本人称未接受该次诊疗（记录为 8 天，基金支付 4800.00 元）'],
      suspectedAmount: 480_000,
    })
  })

  test('answers within the tolerance agree with the records', () => {
    expect(
      judgeCallbackAnswer(STAY, { received: true, days: 7, ownPay: 120_000 + 12_000 })
    ).toEqual({ mismatch: false, reasons: [], suspectedAmount: 0 })
    expect(judgeCallbackAnswer(STAY, { received: true, days: null, ownPay: null }).mismatch).toBe(
      false
    )
  })

  test('fewer days put the fund payment for the missing days in doubt', () => {
    expect(judgeCallbackAnswer(STAY, { received: true, days: 4, ownPay: null })).toEqual({
      mismatch: true,
      reasons: ['本人称诊疗 4 天，记录为 8 天'],
      suspectedAmount: 240_000,
    })
  })

  test('a payment beyond the larger of the amount and the share is a mismatch', () => {
    const visit = { days: 1, ownPay: 2_000, fundPaid: 3_000 }
    expect(judgeCallbackAnswer(visit, { received: true, days: 1, ownPay: 7_000 }).mismatch).toBe(
      false
    )
    expect(judgeCallbackAnswer(visit, { received: true, days: 1, ownPay: 7_001 })).toEqual({
      mismatch: true,
      reasons: ['本人称个人支付 70.01 元，记录为 20.00 元'],
      suspectedAmount: 5_001,
    })
    expect(
      judgeCallbackAnswer(
        visit,
        { received: true, days: 1, ownPay: 2_200 },
        {
          days: 0,
          ownPay: 0,
          ownPayBp: 500,
        }
      ).suspectedAmount
    ).toBe(200)
  })
})
