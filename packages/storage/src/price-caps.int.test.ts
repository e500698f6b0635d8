// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from './database.js'
import { loadPriceCaps, parsePriceCapCsv } from './price-caps.js'
import { readRecords } from './read-records.js'
import { testBackends } from './testing.js'

const HEADER = 'admdvs,code,level,cap,begin_date,end_date'

describe.each(testBackends())('loadPriceCaps on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('loads caps, and loading a corrected file replaces the same keys', async () => {
    const first = parsePriceCapCsv(
      `${HEADER}\n431222,A,1,10,2024-01-01,\n431222,B,2,0.5,2024-01-01,2024-12-31\n`,
      'a.csv'
    )
    expect(await loadPriceCaps(db, first)).toBe(2)
    const second = parsePriceCapCsv(`${HEADER}\n431222,A,1,12.25,2024-01-01,\n`, 'b.csv')
    await loadPriceCaps(db, second)
    expect(await readRecords(db, 'priceCaps')).toEqual([second[0], first[1]])
  })
})
