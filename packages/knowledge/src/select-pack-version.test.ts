// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { selectPackVersion } from './select-pack-version.js'
import type { PackVersionRef } from './select-pack-version.js'

const versions = [
  { version: '2025.2', effectiveFrom: '2025-07-01' },
  { version: '2025.1', effectiveFrom: '2025-01-01' },
  { version: '2026.1', effectiveFrom: '2026-01-01' },
]

describe('selectPackVersion', () => {
  test.each([
    ['2025-01-01', '2025.1'],
    ['2025-06-30', '2025.1'],
    ['2025-07-01', '2025.2'],
    ['2025-12-31', '2025.2'],
    ['2026-03-15', '2026.1'],
  ])('on %s chooses %s', (date, expected) => {
    expect(selectPackVersion(versions, date)?.version).toBe(expected)
  })

  test('returns undefined before the first pack applies', () => {
    expect(selectPackVersion(versions, '2024-12-31')).toBeUndefined()
    const none: PackVersionRef[] = []
    expect(selectPackVersion(none, '2025-01-01')).toBeUndefined()
  })

  test('breaks a tie on the same date by the numerically higher version', () => {
    const same = [
      { version: '2025.9', effectiveFrom: '2025-01-01' },
      { version: '2025.10', effectiveFrom: '2025-01-01' },
    ]
    expect(selectPackVersion(same, '2025-02-01')?.version).toBe('2025.10')
  })
})
