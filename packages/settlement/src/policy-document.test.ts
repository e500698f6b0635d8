// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import { describe, expect, test } from 'vitest'
import { OutcomeError } from '@yibao/domain'
import { EXAMPLE_POLICY_2020 } from './example-policies.js'
import {
  formatPolicyText,
  parsePolicyText,
  policyFromDocument,
  policyToDocument,
} from './policy-document.js'

/** The issue paths of a refused document. */
function pathsOf(fn: () => unknown): string[] {
  try {
    fn()
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome.issues.map((i) => i.path ?? '')
    throw err
  }
  throw new Error('not refused')
}

describe('policy documents', () => {
  test('a policy goes to YAML and JSON in yuan and percent, and back unchanged', () => {
    const doc = policyToDocument(EXAMPLE_POLICY_2020)
    expect(doc['basic']).toContainEqual(
      expect.objectContaining({ deductible: 500, ratio: 75, deductiblePer: 'STAY' })
    )
    expect((doc['tilts'] as Record<string, unknown>[])[0]).toMatchObject({
      basicRatioBonus: 5,
      criticalDeductibleShare: 50,
    })
    expect(parsePolicyText(formatPolicyText(EXAMPLE_POLICY_2020))).toEqual(EXAMPLE_POLICY_2020)
    expect(parsePolicyText(formatPolicyText(EXAMPLE_POLICY_2020, 'json'))).toEqual(
      EXAMPLE_POLICY_2020
    )
  })

  test('the example file in examples/settlement is that policy', () => {
    const file = new URL('../../../examples/settlement/policy-2020.yaml', import.meta.url)
    expect(parsePolicyText(fs.readFileSync(file, 'utf8'))).toEqual(EXAMPLE_POLICY_2020)
  })

  test('every bad value is named by its path, and unknown fields are refused', () => {
    const doc = policyToDocument(EXAMPLE_POLICY_2020) as Record<string, any>
    doc['basic'][0].ratio = 120
    doc['basic'][1].deductible = 12.345
    doc['basic'][1].colour = 'blue'
    doc['critical'].segments[1].from = 0
    doc['tilts'][0].identities = ['NOBODY']
    doc['backstops'][0].capByTier.TOWN = 1
    delete doc['year']
    expect(pathsOf(() => policyFromDocument(doc))).toEqual([
      '$.year',
      '$.basic[0].ratio',
      '$.basic[1].colour',
      '$.basic[1].deductible',
      '$.tilts[0].identities[0]',
      '$.backstops[0].capByTier.TOWN',
    ])
    const unordered = policyToDocument(EXAMPLE_POLICY_2020) as Record<string, any>
    unordered['critical'].segments[1].from = 0
    expect(pathsOf(() => policyFromDocument(unordered))).toEqual(['$.critical.segments[1].from'])
  })

  test('a syntax error names its line', () => {
    const err = (() => {
      try {
        parsePolicyText('id: x\nname: [unclosed\n')
      } catch (e) {
        return e as OutcomeError
      }
      return undefined
    })()
    expect(err?.outcome.issues[0]?.message).toMatch(/第 \d+ 行/)
  })
})
