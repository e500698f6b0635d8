// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { Finding, HsaResult } from '@yibao/audit'
import type { Encounter, FeeLine, IsoDate, Person } from '@yibao/domain'
import { addDays, dateOf, fromEpochMs } from '@yibao/domain'
import { Knowledge, loadBuiltinPack } from '@yibao/knowledge'
import type { Database } from '@yibao/storage'
import {
  createApiKey,
  deleteRuleOverride,
  listAuditLog,
  listHsaFeedback,
  loadRecordBatch,
  revokeApiKey,
  saveRuleOverride,
  testBackends,
} from '@yibao/storage'
import { createApp } from './app.js'
import { loadConfig } from './config.js'
import { RealtimeAudit } from './realtime-audit.js'

const EXAMPLE = JSON.parse(
  fs.readFileSync(
    path.resolve(import.meta.dirname, '../../../examples/hsa/3101-example.json'),
    'utf8'
  )
) as Record<string, any>

/** The §2.5 example, changed by `edit`. */
function example(edit: (body: Record<string, any>) => void = () => {}): Record<string, any> {
  const body = structuredClone(EXAMPLE)
  edit(body)
  return body
}

interface HsaAnswer {
  infcode: number
  inf_refmsgid: string | null
  err_msg: string | null
  warn_msg: string | null
  output: { result?: HsaResult[] }
}

const pack = loadBuiltinPack()
const knowledge = new Knowledge(pack)
const today: IsoDate = dateOf(fromEpochMs(Date.now()))

// A stored inpatient stay that ended 12 days ago, for the 分解住院 (readmission) check.
const HOSPITAL = 'H43RE0000001'
const person: Person = {
  psnNo: 'P-RE-0001',
  name: '王某',
  certno: '430000196001010011',
  gender: '1',
  birthDate: '1960-01-01',
  insuType: '390',
  admdvs: '430796',
  deathDate: null,
}
const firstStay: Encounter = {
  mdtrtId: 'M-RE-STORED',
  psnNo: person.psnNo,
  institutionCode: HOSPITAL,
  kind: 'INPATIENT',
  medType: '21',
  insuType: '390',
  begin: `${addDays(today, -20)}T09:00:00+08:00`,
  end: `${addDays(today, -12)}T10:00:00+08:00`,
  admDept: 'A03',
  dscgDept: 'A03',
  dscgWay: '1',
  mainDiagCode: 'J18.900',
  chiefDoctor: 'D001',
  matnStas: null,
  deathDate: null,
  readmitPlanned: false,
  drgCode: null,
  admdvs: '430796',
}
const storedLine: FeeLine = {
  feedetlSn: 'M-RE-STORED-F1',
  mdtrtId: firstStay.mdtrtId,
  setlId: null,
  psnNo: person.psnNo,
  institutionCode: HOSPITAL,
  time: `${addDays(today, -20)}T10:00:00+08:00`,
  code: '001102000010000',
  name: '普通门诊诊查费',
  listType: '201',
  catalogClass: '01',
  chargeType: '02',
  quantity: 1,
  price: 100_000,
  amount: 1000,
  rxNo: null,
  orderDept: 'A03',
  orderDoctor: 'D001',
  execDept: null,
  execDoctor: null,
  dischargeMed: false,
  days: null,
  uploadTime: null,
}

/** A 3102 request for a stay at the same hospital 5 days after the stored one ended. */
function readmission(psnNo: string): Record<string, any> {
  return example((b) => {
    b.infno = '3102'
    b.msgid = `RE-${psnNo}`
    b.fixmedins_code = HOSPITAL
    const p = b.input.data.patient_dtos[0]
    p.patn_id = psnNo
    p.brdy = person.birthDate
    p.curr_mdtrt_id = 'M-RE-NEW'
    const e = p.fsi_encounter_dtos[0]
    Object.assign(e, {
      mdtrt_id: 'M-RE-NEW',
      medins_id: HOSPITAL,
      adm_date: `${addDays(today, -7)} 09:00:00`,
      dscg_main_dise_codg: 'J18.900',
      dscg_main_dise_name: '肺炎',
    })
    e.fsi_diagnose_dtos = [
      {
        dise_id: 'D-RE-NEW',
        inout_dise_type: '1',
        maindise_flag: '1',
        dias_srt_no: '1',
        dise_codg: 'J18.900',
        dise_name: '肺炎',
      },
    ]
    e.fsi_order_dtos = [
      {
        ...e.fsi_order_dtos[0],
        rx_id: 'RE-1',
        hilist_type: '201',
        chrg_type: '02',
        hilist_code: '001102000010000',
        hilist_name: '普通门诊诊查费',
        cnt: 1,
        pric: 10,
        sumamt: 10,
        drord_begn_date: `${addDays(today, -7)} 10:00:00`,
      },
    ]
  })
}

/** A REST body: the §2.5 encounter in domain field names. */
function restBody(): Record<string, any> {
  return {
    person: { psnNo: 'P-REST-1', gender: '1', birthDate: '1951-08-27' },
    encounter: {
      mdtrtId: 'M-REST-1',
      institutionCode: 'H43XXXXXXXXX',
      kind: 'INPATIENT',
      medType: '21',
      insuType: '390',
      begin: '2025-05-04T10:59:45+08:00',
      end: null,
      mainDiagCode: 'M10.0',
    },
    diagnoses: [{ code: 'M10.0', name: '痛风性关节炎', main: true }],
    feeLines: [
      {
        feedetlSn: '6374',
        time: '2025-06-14T14:25:52+08:00',
        code: 'XG02BAZ061Z007010279543',
        name: '左炔诺孕酮宫内节育系统',
        listType: '101',
        chargeType: '09',
        quantity: 1,
        price: 11_530_000,
        amount: 115_300,
      },
    ],
    stage: 'IN',
  }
}

for (const backend of testBackends()) {
  describe(`real-time audit (3101/3102/3103, REST) on ${backend.name}`, () => {
    let db: Database
    let app: FastifyInstance
    let realtime: RealtimeAudit
    let bureauKey: string
    let hospitalKey: string
    let otherKey: string

    const post = (
      url: string,
      payload: unknown,
      headers: Record<string, string> = { 'x-api-key': bureauKey }
    ) =>
      app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/json', ...headers },
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      })
    const answer = async (url: string, payload: unknown, headers?: Record<string, string>) => {
      const res = await post(url, payload, headers)
      return { status: res.statusCode, body: res.json<HsaAnswer>() }
    }

    beforeAll(async () => {
      db = await backend.open()
      await loadRecordBatch(db, {
        institutions: [
          {
            code: HOSPITAL,
            name: '某县第二人民医院',
            type: 'HOSPITAL',
            level: 2,
            admdvs: '430796',
            tier: 'COUNTY',
          },
        ],
        persons: [person],
        encounters: [firstStay],
        diagnoses: [
          {
            id: 'M-RE-STORED-D1',
            mdtrtId: firstStay.mdtrtId,
            seq: 1,
            code: 'J18.900',
            name: '肺炎',
            type: '2',
            main: true,
            admCond: null,
          },
        ],
        feeLines: [storedLine],
      })
      realtime = await RealtimeAudit.load(db, knowledge)
      const { config } = loadConfig({ YIBAO_LOG_LEVEL: 'silent' })
      app = await createApp({ db, knowledge, pack, config, realtime })
      bureauKey = (await createApiKey(db, { name: '医保局联调', institutionCode: null })).key
      hospitalKey = (
        await createApiKey(db, { name: '某县人民医院 HIS', institutionCode: 'H43XXXXXXXXX' })
      ).key
      otherKey = (await createApiKey(db, { name: '其他医院 HIS', institutionCode: 'H43OTHER0001' }))
        .key
    })

    afterAll(async () => {
      await app.close()
      await db.close()
    })

    test('the §2.5 example: 3101 flags 药品区分性别使用 on the order, and the result is stored', async () => {
      const { status, body } = await answer('/api/v1/hsa/3101', example())
      expect(status).toBe(200)
      expect(body).toMatchObject({
        infcode: 0,
        inf_refmsgid: 'H43XXXX202506141427240001',
        err_msg: null,
      })
      expect(body.output.result).toHaveLength(1)
      const r = body.output.result![0]!
      expect(r).toMatchObject({
        rule_id: 'GZ10000301004000',
        rule_name: '药品区分性别使用',
        vola_cont: '男性患者开具限女性使用药品【左炔诺孕酮宫内节育系统】',
        vola_amt: 1153,
        sev_deg: '1',
        patn_id: '43000000000000000001',
        mdtrt_id: 'M2001668',
        task_id: 'T20250614000123',
      })
      expect(r.judge_result_detail_dtos).toEqual([
        expect.objectContaining({ rx_id: '6374', vola_item_type: '1', vola_amt: 1153 }),
      ])
      // Stored right after the answer, for 3103.
      await vi.waitFor(async () => {
        const rows = await db.query<{ infno: string; rule_id: string; amount: number }>(
          'SELECT infno, rule_id, amount FROM hsa_result WHERE jr_id = $1',
          [r.jr_id]
        )
        expect(rows).toEqual([{ infno: '3101', rule_id: 'GZ10000301004000', amount: 115_300 }])
      })
    })

    test('the same patient as a woman gives an empty result; 3102 answers like 3101', async () => {
      const woman = await answer(
        '/api/v1/hsa/3101',
        example((b) => (b.input.data.patient_dtos[0].gend = '2'))
      )
      expect(woman.body).toMatchObject({ infcode: 0, output: { result: [] } })

      const in3102 = await answer(
        '/api/v1/hsa/3102',
        example((b) => (b.infno = '3102'))
      )
      expect(in3102.status).toBe(200)
      expect(in3102.body.infcode).toBe(0)
      expect(in3102.body.output.result!.map((x) => [x.rule_id, x.vola_amt, x.sev_deg])).toEqual([
        ['GZ10000301004000', 1153, '1'],
      ])
    })

    test('stored history is used: a readmission 5 days after a stored stay is 分解住院', async () => {
      const { body } = await answer('/api/v1/hsa/3102', readmission(person.psnNo))
      expect(body.infcode).toBe(0)
      const split = body.output.result!.find((x) => x.rule_id === 'GZ10000204001000')
      expect(split, JSON.stringify(body)).toBeDefined()
      expect(split!.mdtrt_id).toBe('M-RE-NEW')
      expect(split!.vola_cont).toContain('M-RE-STORED')
      expect(split!.vola_cont).toContain('出院5天后')
      // A person without that stored stay is not flagged.
      const fresh = await answer('/api/v1/hsa/3102', readmission('P-RE-NONE'))
      expect(fresh.body.infcode).toBe(0)
      expect(fresh.body.output.result!.map((x) => x.rule_id)).not.toContain('GZ10000204001000')
    })

    test('malformed requests: HTTP 200, non-zero infcode, err_msg names the field', async () => {
      const cases: [string, unknown, RegExp][] = [
        ['not JSON', '{"infno": "3101", "input": ', /\$：.*JSON/],
        ['an array', [example()], /\$：应为 JSON 对象/],
        ['a number', 42, /\$：应为 JSON 对象/],
        ['missing input.data', example((b) => delete b.input.data), /\$\.input\.data：/],
        [
          'missing patn_id',
          example((b) => delete b.input.data.patient_dtos[0].patn_id),
          /\$\.input\.data\.patient_dtos\[0\]\.patn_id：必填/,
        ],
        [
          'cnt not a number',
          example(
            (b) => (b.input.data.patient_dtos[0].fsi_encounter_dtos[0].fsi_order_dtos[0].cnt = '一')
          ),
          /\$\.input\.data\.patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.fsi_order_dtos\[0\]\.cnt：应为数值/,
        ],
        ['empty body', '', /\$：请求体为空/],
      ]
      for (const [name, payload, message] of cases) {
        const { status, body } = await answer('/api/v1/hsa/3101', payload)
        expect(status, name).toBe(200)
        expect(body.infcode, name).not.toBe(0)
        expect(body.err_msg, name).toMatch(message)
        expect(body.output, name).toEqual({})
      }
      const wrongInfno = await answer(
        '/api/v1/hsa/3101',
        example((b) => (b.infno = '3102'))
      )
      expect(wrongInfno.status).toBe(200)
      expect(wrongInfno.body).toMatchObject({ infcode: -1, inf_refmsgid: EXAMPLE.msgid })
      expect(wrongInfno.body.err_msg).toMatch(/\$\.infno：本接口为 3101，收到 3102/)
      const toFeedback = await answer('/api/v1/hsa/3103', example())
      expect(toFeedback.body.infcode).not.toBe(0)
      expect(toFeedback.body.err_msg).toMatch(/\$\.infno/)
    })

    test('a body sent as text/plain is read as JSON; an oversized body is refused in the national shape', async () => {
      const text = await post('/api/v1/hsa/3101', JSON.stringify(example()), {
        'x-api-key': bureauKey,
        'content-type': 'text/plain',
      })
      expect(text.json<HsaAnswer>().output.result).toHaveLength(1)

      const { config } = loadConfig({ YIBAO_LOG_LEVEL: 'silent', YIBAO_BODY_LIMIT: '1024' })
      const small = await createApp({ db, knowledge, pack, config, realtime })
      try {
        const res = await small.inject({
          method: 'POST',
          url: '/api/v1/hsa/3101',
          headers: { 'content-type': 'application/json', 'x-api-key': bureauKey },
          payload: JSON.stringify(example()),
        })
        expect(res.statusCode).toBe(200)
        expect(res.json<HsaAnswer>()).toMatchObject({ infcode: -1 })
        expect(res.json<HsaAnswer>().err_msg).toMatch(/请求体过大/)
      } finally {
        await small.close()
      }
    })

    test('no key, a wrong key or a revoked key: 401 in the national shape; Bearer works', async () => {
      const revoked = await createApiKey(db, { name: '已吊销', institutionCode: null })
      expect(await revokeApiKey(db, revoked.id)).toBe(true)
      const refused: Record<string, string>[] = [
        {},
        { 'x-api-key': 'yb_0000000000000000000000000000000000000000' },
        { 'x-api-key': revoked.key },
        { authorization: `Basic ${bureauKey}` },
      ]
      for (const headers of refused) {
        const { status, body } = await answer('/api/v1/hsa/3101', example(), headers)
        expect(status).toBe(401)
        expect(body).toMatchObject({ infcode: -1, err_msg: '未提供或无效的 API Key' })
      }
      const bearer = await answer('/api/v1/hsa/3101', example(), {
        authorization: `Bearer ${bureauKey}`,
      })
      expect(bearer.body.infcode).toBe(0)
      // Authentication comes first: a malformed body without a key is still 401.
      expect((await post('/api/v1/hsa/3101', '{', {})).statusCode).toBe(401)
    })

    test('without the key cache, a revocation takes effect on the next request', async () => {
      const { config } = loadConfig({
        YIBAO_LOG_LEVEL: 'silent',
        YIBAO_API_KEY_CACHE_SECONDS: '0',
      })
      const uncached = await createApp({ db, knowledge, pack, config, realtime })
      try {
        const k = await createApiKey(db, { name: '临时', institutionCode: null })
        const call = () =>
          uncached.inject({
            method: 'POST',
            url: '/api/v1/hsa/3101',
            headers: { 'content-type': 'application/json', 'x-api-key': k.key },
            payload: JSON.stringify(example()),
          })
        expect((await call()).statusCode).toBe(200)
        await revokeApiKey(db, k.id)
        expect((await call()).statusCode).toBe(401)
      } finally {
        await uncached.close()
      }
    })

    test("an institution's key may only submit for its institution", async () => {
      const own = await answer('/api/v1/hsa/3101', example(), { 'x-api-key': hospitalKey })
      expect(own.body.infcode).toBe(0)

      const other = await answer('/api/v1/hsa/3101', example(), { 'x-api-key': otherKey })
      expect(other.status).toBe(403)
      expect(other.body.infcode).toBe(-1)
      expect(other.body.err_msg).toMatch(/\$\.fixmedins_code/)
      expect(other.body.err_msg).toContain('H43OTHER0001')

      const elsewhere = await answer(
        '/api/v1/hsa/3101',
        example((b) => (b.input.data.patient_dtos[0].fsi_encounter_dtos[0].medins_id = 'H43ZZZ')),
        { 'x-api-key': hospitalKey }
      )
      expect(elsewhere.status).toBe(403)
      expect(elsewhere.body.err_msg).toMatch(
        /\$\.input\.data\.patient_dtos\[0\]\.fsi_encounter_dtos\[0\]\.medins_id/
      )
      expect(elsewhere.body.err_msg).toContain('H43ZZZ')
    })

    test('3103: feedback on a returned jr_id is stored and logged; unknown ids store nothing', async () => {
      const first = await answer('/api/v1/hsa/3101', example(), { 'x-api-key': hospitalKey })
      const jrId = first.body.output.result![0]!.jr_id
      const feedback = (warns: unknown[], over: Record<string, unknown> = {}) => ({
        infno: '3103',
        msgid: 'H43XXXX202506141430000001',
        fixmedins_code: 'H43XXXXXXXXX',
        input: { data: { warn_type: '1', warns } },
        ...over,
      })
      const before = (await listHsaFeedback(db, jrId)).length

      const ok = await answer(
        '/api/v1/hsa/3103',
        feedback([
          { warn_rslt_id: jrId, dspo_way: '1', dspo_way_rea: '患者确认为女性，信息录入有误' },
        ]),
        { 'x-api-key': hospitalKey }
      )
      expect(ok.status).toBe(200)
      expect(ok.body).toMatchObject({ infcode: 0, inf_refmsgid: 'H43XXXX202506141430000001' })
      const stored = await listHsaFeedback(db, jrId)
      expect(stored).toHaveLength(before + 1)
      expect(stored.at(-1)).toMatchObject({
        warnType: '1',
        dspoWay: '1',
        dspoWayRea: '患者确认为女性，信息录入有误',
        institutionCode: 'H43XXXXXXXXX',
        msgid: 'H43XXXX202506141430000001',
      })
      const log = (await listAuditLog(db, 20)).find((e) => e.action === 'hsa.feedback')
      expect(log).toMatchObject({
        actor: 'apikey:某县人民医院 HIS',
        target: 'H43XXXX202506141430000001',
      })
      expect(JSON.stringify(log?.detail)).toContain(jrId)

      const unknown = await answer(
        '/api/v1/hsa/3103',
        feedback([
          { warn_rslt_id: jrId, dspo_way: '2' },
          { warn_rslt_id: 'NO-SUCH-JR', dspo_way: '2' },
        ])
      )
      expect(unknown.status).toBe(200)
      expect(unknown.body.infcode).not.toBe(0)
      expect(unknown.body.err_msg).toMatch(/\$\.input\.data\.warns\[1\]\.warn_rslt_id/)
      expect(unknown.body.err_msg).toContain('NO-SUCH-JR')
      expect(await listHsaFeedback(db, jrId)).toHaveLength(before + 1)

      const noReason = await answer(
        '/api/v1/hsa/3103',
        feedback([{ warn_rslt_id: jrId, dspo_way: '1' }])
      )
      expect(noReason.body.infcode).not.toBe(0)
      expect(noReason.body.err_msg).toMatch(/\$\.input\.data\.warns\[0\]\.dspo_way_rea/)
      expect(await listHsaFeedback(db, jrId)).toHaveLength(before + 1)

      const foreign = await answer(
        '/api/v1/hsa/3103',
        feedback([{ warn_rslt_id: jrId, dspo_way: '2' }]),
        { 'x-api-key': otherKey }
      )
      expect(foreign.status).toBe(403)
      expect(await listHsaFeedback(db, jrId)).toHaveLength(before + 1)
    })

    test('REST: one encounter in domain fields is audited; a bad body is 400 naming the field', async () => {
      const ok = await post('/api/v1/audit/encounters', restBody())
      expect(ok.statusCode, ok.body).toBe(200)
      const { findings } = ok.json<{ findings: Finding[] }>()
      expect(findings.map((f) => f.ruleId)).toEqual(['GZ10000301004000'])
      expect(findings[0]).toMatchObject({
        mdtrtId: 'M-REST-1',
        amount: 115_300,
        message: '男性患者开具限女性使用药品【左炔诺孕酮宫内节育系统】',
        lines: [{ feedetlSn: '6374', role: 'VIOLATING', amount: 115_300 }],
      })

      const bad = restBody()
      bad.feeLines[0].price = '1153.00'
      delete bad.person.gender
      bad.feelines = []
      const res = await post('/api/v1/audit/encounters', bad)
      expect(res.statusCode).toBe(400)
      const paths = res.json<{ issues: { path?: string }[] }>().issues.map((i) => i.path)
      expect(paths).toEqual(
        expect.arrayContaining(['feeLines[0].price', 'person.gender', 'feelines'])
      )

      const notObject = await post('/api/v1/audit/encounters', [restBody()])
      expect(notObject.statusCode).toBe(400)

      expect((await post('/api/v1/audit/encounters', restBody(), {})).statusCode).toBe(401)
      const foreign = await post('/api/v1/audit/encounters', restBody(), { 'x-api-key': otherKey })
      expect(foreign.statusCode).toBe(403)
      expect(foreign.json<{ issues: { code: string; path?: string }[] }>().issues[0]).toMatchObject(
        { code: 'forbidden', path: 'encounter.institutionCode' }
      )
    })

    test('the national and REST routes are in OpenAPI under 智能审核', async () => {
      const res = await app.inject({ method: 'GET', url: '/api/docs/json' })
      const doc = res.json<{ paths: Record<string, any>; tags: { name: string }[] }>()
      for (const p of ['/api/v1/hsa/3101', '/api/v1/hsa/3102', '/api/v1/hsa/3103']) {
        expect(doc.paths[p]?.post?.tags).toEqual(['智能审核'])
      }
      expect(doc.paths['/api/v1/audit/encounters']?.post?.tags).toEqual(['智能审核'])
      expect(doc.tags.map((t) => t.name)).toContain('智能审核')
    })

    test('refresh() picks up a changed rule override', async () => {
      await saveRuleOverride(db, {
        ruleId: 'GZ10000301004000',
        admdvs: '*',
        from: '2000-01-01',
        to: null,
        enabled: false,
      })
      try {
        // Compiled once at start: the override counts only after a refresh.
        expect((await answer('/api/v1/hsa/3101', example())).body.output.result).toHaveLength(1)
        await realtime.refresh()
        expect((await answer('/api/v1/hsa/3101', example())).body.output.result).toEqual([])
      } finally {
        await deleteRuleOverride(db, 'GZ10000301004000', '*', '2000-01-01')
        await realtime.refresh()
      }
      expect((await answer('/api/v1/hsa/3101', example())).body.output.result).toHaveLength(1)
    })
  })
}
