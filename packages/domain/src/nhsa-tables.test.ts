// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { chargeTypeClass, hospLvOfLevel, levelOfHospLv, NHSA_TABLES } from './nhsa-tables.js'

const templates = path.resolve(
  import.meta.dirname,
  '../../../../shared/data/medimodel-rule-dicts/nhsa_platform_table_columns.csv'
)

describe('national column mapping', () => {
  test('keys are required columns and no column is mapped twice', () => {
    for (const t of NHSA_TABLES) {
      const key = t.columns.find((c) => c.name === t.key)
      expect(key?.required, `${t.name}.${t.key}`).toBe(true)
      const names = t.columns.flatMap((c) => [c.name, ...(c.aliases ?? [])])
      expect(new Set(names).size, t.name).toBe(names.length)
      const targets = t.columns.map((c) => c.column).filter((c) => c !== null)
      expect(new Set(targets).size, t.name).toBe(targets.length)
    }
  })

  test.skipIf(!fs.existsSync(templates))(
    'every primary column name exists in the national extract templates',
    () => {
      const rows = fs.readFileSync(templates, 'utf8').trim().split(/\r?\n/).slice(1)
      const byTable = new Map<string, Set<string>>()
      for (const row of rows) {
        const [, table, , column] = row.split(',')
        if (!byTable.has(table!)) byTable.set(table!, new Set())
        byTable.get(table!)!.add(column!)
      }
      // Columns that only exist in national messages (4101A, 3101) or come from the DRG grouper's
      // result on the settlement list, not in the extract tables.
      const messageOnly = new Set(['matn_stas', 'days_rinp_flag_31', 'drg_codg'])
      for (const t of NHSA_TABLES) {
        for (const c of t.columns) {
          if (messageOnly.has(c.name)) continue
          expect(byTable.get(t.name)?.has(c.name), `${t.name}.${c.name}`).toBe(true)
        }
      }
    }
  )

  test('hospital levels map both ways', () => {
    expect(levelOfHospLv('02')).toBe(3)
    expect(levelOfHospLv('06')).toBe(2)
    expect(levelOfHospLv('09')).toBe(1)
    expect(levelOfHospLv('11')).toBe(0)
    expect(levelOfHospLv(undefined)).toBe(0)
    for (const level of [0, 1, 2, 3] as const)
      expect(levelOfHospLv(hospLvOfLevel(level))).toBe(level)
    expect(chargeTypeClass('1409')).toBe('14')
  })
})
