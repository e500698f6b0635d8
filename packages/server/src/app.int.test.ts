// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import type { Database } from '@yibao/storage'
import { listMigrations, migrate, testBackends } from '@yibao/storage'
import { createApp } from './app.js'
import { loadConfig } from './config.js'

function message(suffix: string, overrides: { amount?: string } = {}) {
  const mdtrtId = `MAPI${suffix}`
  return {
    mdtrt_d: {
      mdtrt_id: mdtrtId,
      psn_no: `PAPI${suffix}`,
      psn_name: '李某',
      certno: '430000195108270011',
      gend: '1',
      brdy: '1951-08-27',
      insu_admdvs: '431223',
      fixmedins_code: 'H43122300001',
      fixmedins_name: '某县人民医院',
      hosp_lv: '06',
      med_type: '11',
      insutype: '390',
      begntime: '2025-06-14 14:00:00',
      endtime: '2025-06-14 14:30:00',
    },
    setl_d: {
      setl_id: `SAPI${suffix}`,
      mdtrt_id: mdtrtId,
      psn_no: `PAPI${suffix}`,
      fixmedins_code: 'H43122300001',
      setl_time: '2025-06-14 14:31:00',
      insutype: '390',
      med_type: '11',
      medfee_sumamt: '20.00',
      inscp_amt: '20.00',
      hifp_pay: '12.00',
      fund_pay_sumamt: '12.00',
      psn_pay: '8.00',
      cash_payamt: '8.00',
    },
    fee_list_d: [
      {
        bkkp_sn: `FAPI${suffix}-1`,
        mdtrt_id: mdtrtId,
        psn_no: `PAPI${suffix}`,
        setl_id: `SAPI${suffix}`,
        fixmedins_code: 'H43122300001',
        fee_ocur_time: '2025-06-14 14:10:00',
        hilist_code: '001102000010000',
        hilist_name: '普通门诊诊查费',
        list_type: '201',
        chrgitm_lv: '01',
        med_chrgitm_type: '02',
        cnt: '2',
        pric: '10.00',
        det_item_fee_sumamt: overrides.amount ?? '20.00',
      },
    ],
  }
}

for (const backend of testBackends()) {
  describe(`HTTP API on ${backend.name}`, () => {
    let db: Database
    let app: FastifyInstance
    let base: string

    beforeAll(async () => {
      db = await backend.open()
      await migrate(db)
      const pack = loadBuiltinPack()
      const { config } = loadConfig({ YIBAO_LOG_LEVEL: 'silent' })
      app = await createApp({
        db,
        knowledge: new Knowledge(pack),
        pack: { version: pack.version, effectiveFrom: pack.effectiveFrom },
        config,
      })
      base = await app.listen({ host: '127.0.0.1', port: 0 })
    })

    afterAll(async () => {
      await app.close()
      await db.close()
    })

    test('health reports the database and the pack version', async () => {
      const res = await fetch(`${base}/api/v1/health`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as Record<string, any>
      expect(body.status).toBe('ok')
      expect(body.database).toMatchObject({
        kind: backend.name,
        ok: true,
        schemaVersion: listMigrations().at(-1)?.version,
      })
      expect(body.pack.version).toBe(loadBuiltinPack().version)
    })

    test('OpenAPI is served at /api/docs', async () => {
      const res = await fetch(`${base}/api/docs/json`)
      expect(res.status).toBe(200)
      const doc = (await res.json()) as { paths: Record<string, unknown> }
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/api/v1/health', '/api/v1/settlements'])
      )
      expect((await fetch(`${base}/api/docs`)).status).toBeLessThan(400)
    })

    test('a settlement is stored once: 201, then 200 unchanged, then 409 when changed', async () => {
      const post = (body: unknown) =>
        fetch(`${base}/api/v1/settlements`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      const first = await post(message('1'))
      expect(first.status).toBe(201)
      const again = await post(message('1'))
      expect(again.status).toBe(200)
      const changed = message('1')
      changed.setl_d.medfee_sumamt = '21.00'
      const conflictRes = await post(changed)
      expect(conflictRes.status).toBe(409)
      const rows = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM fee_line WHERE mdtrt_id = 'MAPI1'"
      )
      expect(rows[0]?.n).toBe(1)
      // The one state change is in the audit log, once.
      const log = await db.query<{ actor: string; target: string }>(
        "SELECT actor, target FROM audit_log WHERE action = 'settlement.ingest'"
      )
      expect(log).toEqual([{ actor: 'api:127.0.0.1', target: 'SAPI1' }])
    })

    test('an invalid fee line is rejected with its path, and nothing is stored', async () => {
      const res = await fetch(`${base}/api/v1/settlements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message('2', { amount: '25.00' })),
      })
      expect(res.status).toBe(400)
      const body = (await res.json()) as { issues: { path?: string; message: string }[] }
      expect(body.issues.some((i) => i.path?.includes('det_item_fee_sumamt'))).toBe(true)
      const rows = await db.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM encounter WHERE mdtrt_id = 'MAPI2'"
      )
      expect(rows[0]?.n).toBe(0)
    })

    test('malformed JSON and unknown routes get outcomes', async () => {
      const bad = await fetch(`${base}/api/v1/settlements`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"mdtrt_d":',
      })
      expect(bad.status).toBe(400)
      expect(((await bad.json()) as { issues: unknown[] }).issues.length).toBeGreaterThan(0)
      const missing = await fetch(`${base}/api/v1/nothing-here`)
      expect(missing.status).toBe(404)
      expect(((await missing.json()) as { issues: { code: string }[] }).issues[0]?.code).toBe(
        'not-found'
      )
    })
  })
}
