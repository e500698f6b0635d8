// SPDX-License-Identifier: Apache-2.0
// Findings against the injected truth of a synthetic region: found cases, false positives,
// recall, coverage and amounts per violation type.
import type { ViolationTruth } from '@yibao/domain'
import { describe, expect, test } from 'vitest'
import type { Finding } from '../finding.js'
import { evaluateAgainstTruth } from './evaluate-truth.js'

let nextId = 0

function finding(violation: string, mdtrtId: string, relatedEncounters: string[] = []): Finding {
  nextId++
  return {
    id: `F${nextId}`,
    ruleId: `GZ-${violation}`,
    ruleName: violation,
    violation,
    severity: 'CLEAR',
    psnNo: mdtrtId.split('-')[0]!,
    mdtrtId,
    institutionCode: 'H3',
    date: '2025-06-02',
    lines: [],
    relatedEncounters,
    amount: 100,
    message: '',
    evidence: '',
    knowledgePointId: null,
    packVersion: 'test',
    params: {},
  }
}

function truth(type: string, mdtrtId: string, amount: number): ViolationTruth {
  nextId++
  return {
    id: `T${nextId}`,
    type,
    psnNo: mdtrtId.split('-')[0]!,
    mdtrtId,
    feedetlSn: null,
    institutionCode: 'H3',
    amount,
    note: '注入',
  }
}

describe('evaluateAgainstTruth', () => {
  test('a case is found through the finding’s own encounter', () => {
    const r = evaluateAgainstTruth(
      [finding('R4', 'P1-E1')],
      [truth('R4', 'P1-E1', 500), truth('R4', 'P2-E1', 300)],
      new Set(['R4'])
    )
    expect(r.R4).toEqual({
      covered: true,
      truths: 2,
      found: 1,
      recall: 0.5,
      findings: 1,
      falsePositives: 0,
      truthAmount: 800,
      foundAmount: 500,
    })
  })

  test('a case is found through the finding’s related encounters', () => {
    // 分解住院: the finding is on the second stay, the case was recorded on the first.
    const r = evaluateAgainstTruth(
      [finding('M14', 'P1-E2', ['P1-E1'])],
      [truth('M14', 'P1-E1', 1000)],
      new Set(['M14'])
    )
    expect(r.M14).toMatchObject({ truths: 1, found: 1, recall: 1, falsePositives: 0 })
    expect(r.M14!.foundAmount).toBe(1000)
  })

  test('a finding of another type does not find a case', () => {
    const r = evaluateAgainstTruth(
      [finding('R16', 'P1-E1')],
      [truth('R4', 'P1-E1', 500)],
      new Set(['R4', 'R16'])
    )
    expect(r.R4).toMatchObject({ truths: 1, found: 0, recall: 0, findings: 0, foundAmount: 0 })
    // …but it is on an encounter with an injected case, so it is not a false positive.
    expect(r.R16).toMatchObject({ truths: 0, findings: 1, falsePositives: 0, recall: null })
  })

  test('a finding on a clean encounter is a false positive', () => {
    const r = evaluateAgainstTruth(
      [finding('R4', 'P9-E1'), finding('R4', 'P1-E1'), finding('R4', 'P8-E1', ['P8-E0'])],
      [truth('R4', 'P1-E1', 500)],
      new Set(['R4'])
    )
    expect(r.R4).toMatchObject({ truths: 1, found: 1, findings: 3, falsePositives: 2 })
  })

  test('a related encounter carrying a case (of any type) saves a finding from being a false positive', () => {
    const r = evaluateAgainstTruth(
      [finding('F4', 'P1-E2', ['P1-E1'])],
      [truth('M14', 'P1-E1', 100)],
      new Set(['F4'])
    )
    expect(r.F4).toMatchObject({ findings: 1, falsePositives: 0, truths: 0 })
    expect(r.M14).toMatchObject({ truths: 1, found: 0 })
  })

  test('recall is null when nothing of the type was injected', () => {
    const r = evaluateAgainstTruth([finding('D9', 'P1-E1')], [], new Set(['D9']))
    expect(r.D9).toEqual({
      covered: true,
      truths: 0,
      found: 0,
      recall: null,
      findings: 1,
      falsePositives: 1,
      truthAmount: 0,
      foundAmount: 0,
    })
  })

  test('covered comes from the set; a type with cases but no rule is reported uncovered', () => {
    const r = evaluateAgainstTruth([], [truth('F1', 'P1-E1', 700)], new Set(['R4']))
    expect(Object.keys(r)).toEqual(['F1'])
    expect(r.F1).toEqual({
      covered: false,
      truths: 1,
      found: 0,
      recall: 0,
      findings: 0,
      falsePositives: 0,
      truthAmount: 700,
      foundAmount: 0,
    })
  })

  test('several findings of one case count it once; types come sorted', () => {
    const r = evaluateAgainstTruth(
      [finding('R4', 'P1-E1'), finding('R4', 'P1-E1'), finding('D1', 'P2-E1')],
      [truth('R4', 'P1-E1', 250), truth('R4', 'P1-E1', 50), truth('D1', 'P3-E1', 90)],
      new Set(['R4', 'D1'])
    )
    expect(Object.keys(r)).toEqual(['D1', 'R4'])
    expect(r.R4).toMatchObject({
      truths: 2,
      found: 2,
      findings: 2,
      truthAmount: 300,
      foundAmount: 300,
    })
    expect(r.D1).toMatchObject({
      truths: 1,
      found: 0,
      findings: 1,
      falsePositives: 1,
      truthAmount: 90,
      foundAmount: 0,
    })
  })

  test('nothing in, nothing out', () => {
    expect(evaluateAgainstTruth([], [], new Set(['R4']))).toEqual({})
  })
})
