// SPDX-License-Identifier: Apache-2.0
import { describe, expect, test } from 'vitest'
import { testBackends } from './testing.js'

describe('test backends', () => {
  test('PGlite always runs', () => {
    expect(testBackends().map((b) => b.name)).toContain('pglite')
  })

  // CI starts a real PostgreSQL and sets YIBAO_TEST_DATABASE_URL; without it the storage suite
  // would silently run on PGlite only.
  test.runIf(process.env.CI === 'true')('in CI the storage suite also runs on PostgreSQL', () => {
    expect(testBackends().map((b) => b.name)).toEqual(['pglite', 'postgres'])
  })
})
