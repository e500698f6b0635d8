// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { appendAuditLog, listAuditLog } from './audit-log.js'
import type { Database } from './database.js'
import { testBackends } from './testing.js'

describe.each(testBackends())('audit log on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  test('entries are appended and listed newest first', async () => {
    const first = await appendAuditLog(db, { actor: 'system', action: 'demo.build' })
    const second = await appendAuditLog(db, {
      actor: '审核员甲',
      action: 'finding.confirm',
      target: 'F-1',
      detail: { reason: '重复收费' },
    })
    expect(second.id).toBeGreaterThan(first.id)
    expect(first).toMatchObject({ target: null, detail: {} })
    expect(await listAuditLog(db, 10)).toEqual([second, first])
  })

  test.each([
    ['UPDATE', `UPDATE audit_log SET actor = 'x'`],
    ['DELETE', 'DELETE FROM audit_log'],
    ['TRUNCATE', 'TRUNCATE audit_log'],
  ])('%s is refused and changes nothing', async (_, sql) => {
    const before = await listAuditLog(db)
    await expect(db.query(sql)).rejects.toThrow('审计日志只能追加')
    expect(await listAuditLog(db)).toEqual(before)
  })
})
