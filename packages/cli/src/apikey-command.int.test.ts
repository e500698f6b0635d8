// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import { createApp, loadConfig } from '@yibao/server'
import { listAuditLog, openDatabase, verifyApiKey } from '@yibao/storage'
import type { ApiKeyInfo } from '@yibao/storage'
import { main } from './main.js'
import { recordingIo } from './test-io.js'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-apikey-'))
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})
const dir = path.join(tmp, 'db')
const env = { YIBAO_LOG_LEVEL: 'silent' }

async function run(args: string[]) {
  const io = recordingIo(env)
  const code = await main(args, io)
  return { code, out: io.out(), err: io.err() }
}

const example = fs.readFileSync(
  path.resolve(import.meta.dirname, '../../../examples/hsa/3101-example.json'),
  'utf8'
)

/** Posts the §2.5 example to a server on the data directory; returns status and infcode. */
async function call3101(key: string) {
  return withDb(async (db) => {
    const pack = loadBuiltinPack()
    const { config } = loadConfig({ ...env, YIBAO_DATA_DIR: dir })
    const app = await createApp({ db, knowledge: new Knowledge(pack), pack, config })
    try {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/hsa/3101',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        payload: example,
      })
      return { status: res.statusCode, infcode: res.json<{ infcode: number }>().infcode }
    } finally {
      await app.close()
    }
  })
}

/** Opens the data directory, runs `fn`, closes it (PGlite allows one process at a time). */
async function withDb<T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) {
  const db = await openDatabase({ dir })
  try {
    return await fn(db)
  } finally {
    await db.close()
  }
}

describe('yibao apikey', () => {
  test('create → list → a server accepts the key → revoke → refused; the audit log has both changes and never the key', async () => {
    const created = await run([
      'apikey',
      'create',
      '--name',
      '某县人民医院 HIS',
      '--institution',
      'H43XXXXXXXXX',
      '--dir',
      dir,
      '--json',
    ])
    expect(created.code, created.err).toBe(0)
    const made = JSON.parse(created.out) as {
      id: string
      key: string
      prefix: string
      institutionCode: string
    }
    expect(made.key).toMatch(/^yb_[0-9a-f]{40}$/)
    expect(made.institutionCode).toBe('H43XXXXXXXXX')
    expect(created.err).toMatch(/只显示这一次/)

    const plain = await run(['apikey', 'create', '--name', '医保局', '--dir', dir])
    expect(plain.code, plain.err).toBe(0)
    expect(plain.out).toMatch(/yb_[0-9a-f]{40}/)
    expect(plain.out).toMatch(/全局/)

    const listed = await run(['apikey', 'list', '--dir', dir, '--json'])
    expect(listed.code, listed.err).toBe(0)
    expect(listed.out).not.toContain(made.key)
    const keys = JSON.parse(listed.out) as ApiKeyInfo[]
    expect(keys.map((k) => [k.name, k.institutionCode, k.revokedAt])).toEqual([
      ['某县人民医院 HIS', 'H43XXXXXXXXX', null],
      ['医保局', null, null],
    ])
    const text = await run(['apikey', 'list', '--dir', dir])
    expect(text.out).toContain(made.id)
    expect(text.out).toContain(made.prefix)
    expect(text.out).not.toContain(made.key)

    expect(await withDb((db) => verifyApiKey(db, made.key))).toMatchObject({
      id: made.id,
      name: '某县人民医院 HIS',
      institutionCode: 'H43XXXXXXXXX',
    })
    expect(await call3101(made.key)).toEqual({ status: 200, infcode: 0 })

    const revoked = await run(['apikey', 'revoke', made.id, '--dir', dir])
    expect(revoked.code, revoked.err).toBe(0)
    expect(revoked.out).toMatch(/已吊销/)
    expect(await withDb((db) => verifyApiKey(db, made.key))).toBeNull()
    expect(await call3101(made.key)).toEqual({ status: 401, infcode: -1 })

    const again = await run(['apikey', 'revoke', made.id, '--dir', dir])
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/已于/)
    const missing = await run(['apikey', 'revoke', 'K-none', '--dir', dir])
    expect(missing.code).toBe(1)
    expect(missing.err).toMatch(/没有编号为 K-none/)

    const log = await withDb((db) => listAuditLog(db, 50))
    const entries = log.filter((e) => e.action.startsWith('apikey.'))
    expect(entries.map((e) => [e.action, e.target]).reverse()).toEqual([
      ['apikey.create', made.id],
      ['apikey.create', expect.any(String)],
      ['apikey.revoke', made.id],
    ])
    expect(entries.every((e) => e.actor.startsWith('cli:'))).toBe(true)
    expect(JSON.stringify(log)).not.toMatch(/yb_[0-9a-f]{40}/)
  })

  test('usage errors: no name, no id, unknown subcommand', async () => {
    const noName = await run(['apikey', 'create', '--dir', dir])
    expect(noName.code).toBe(1)
    expect(noName.err).toMatch(/--name/)
    const noId = await run(['apikey', 'revoke', '--dir', dir])
    expect(noId.code).toBe(1)
    const unknown = await run(['apikey', 'rotate', '--dir', dir])
    expect(unknown.code).toBe(2)
    expect(unknown.err).toMatch(/未知子命令/)
    const help = await run(['--help'])
    expect(help.out).toMatch(/apikey/)
  })
})
