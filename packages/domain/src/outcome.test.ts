// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import {
  allOk,
  badRequest,
  conflict,
  forbidden,
  isOk,
  normalizeOutcome,
  notFound,
  OutcomeError,
  outcomeStatus,
  serverError,
  unauthorized,
  unavailable,
} from './outcome.js'

describe('outcome', () => {
  test.each([
    [allOk, 200],
    [badRequest('x', 'a.b'), 400],
    [unauthorized, 401],
    [forbidden, 403],
    [notFound(), 404],
    [conflict('x'), 409],
    [unavailable('db'), 503],
    [serverError(new Error('boom')), 500],
  ])('status of %j is %d', (outcome, status) => {
    expect(outcomeStatus(outcome)).toBe(status)
  })

  test('OutcomeError carries the outcome, a readable message and the cause', () => {
    const cause = new Error('root')
    const err = new OutcomeError(badRequest('金额无效', 'fee_list_d.csv:第 3 行:pric'), cause)
    expect(err.message).toBe('fee_list_d.csv:第 3 行:pric: 金额无效')
    expect(err.cause).toBe(cause)
    expect(normalizeOutcome(err)).toBe(err.outcome)
    expect(isOk(err.outcome)).toBe(false)
  })

  test('anything else thrown becomes an exception outcome', () => {
    const o = normalizeOutcome('weird')
    expect(o.issues[0]?.code).toBe('exception')
    expect(isOk(allOk)).toBe(true)
  })
})
