// SPDX-License-Identifier: Apache-2.0
import { expect, test } from 'vitest'
import { parseTimestamptz } from './pg-values.js'

test.each([
  ['2025-01-02 08:00:00+08', '2025-01-02T08:00:00+08:00'],
  ['2025-01-02 08:00:00.5+08', '2025-01-02T08:00:00.5+08:00'],
  ['2025-01-02 08:00:00-03:30', '2025-01-02T08:00:00-03:30'],
  ['1899-12-31 23:54:17+08:05:43', '1899-12-31 23:54:17+08:05:43'],
])('PostgreSQL timestamptz %s reads as %s', (text, iso) => {
  expect(parseTimestamptz(text)).toBe(iso)
})
