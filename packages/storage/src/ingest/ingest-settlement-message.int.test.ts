// SPDX-License-Identifier: Apache-2.0
import { OutcomeError } from '@yibao/domain'
import type { Outcome } from '@yibao/domain'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../database.js'
import { testBackends } from '../testing.js'
import { codeCheckerFromSets } from './code-checker.js'
import { ingestSettlementMessage } from './ingest-settlement-message.js'

const codes = codeCheckerFromSets({
  item: new Set(['XA01', 'XB02']),
  diagnosis: new Set(['J18.900']),
  procedure: new Set(['96.0400']),
})

const person = {
  psn_no: 'P1',
  psn_name: '李四',
  certno: '420101196002021234',
  gend: '2',
  brdy: '1960-02-02',
}

function feeLines(prefix: string): Record<string, unknown>[] {
  return [
    {
      bkkp_sn: `${prefix}F1`,
      fee_ocur_time: '2025-07-01 10:00:00',
      hilist_code: 'XA01',
      hilist_name: '阿莫西林胶囊',
      list_type: '101',
      chrgitm_lv: '01',
      med_chrgitm_type: '09',
      cnt: 2,
      pric: '12.5',
      det_item_fee_sumamt: '25.00',
    },
    {
      bkkp_sn: `${prefix}F2`,
      fee_ocur_time: '2025-07-01 10:05:00',
      hilist_code: 'XB02',
      hilist_name: '血常规',
      list_type: '201',
      chrgitm_lv: '01',
      med_chrgitm_type: '04',
      cnt: '1',
      pric: '20',
      det_item_fee_sumamt: 20,
    },
  ]
}

/** The national-table shape: `{ mdtrt_d, setl_d, fee_list_d, setl_list_diag_d }`. */
function nationalMessage(): Record<string, unknown> {
  return {
    mdtrt_d: {
      mdtrt_id: 'NM1',
      ...person,
      fixmedins_code: 'H002',
      fixmedins_name: '中心医院',
      hosp_lv: '01',
      med_type: '11',
      insutype: '390',
      begntime: '2025-07-01 09:30:00',
      fix_blng_admdvs: '420100',
    },
    setl_d: {
      setl_id: 'NS1',
      setl_time: '2025-07-01 11:00:00',
      medfee_sumamt: '45.00',
      fund_pay_sumamt: '30.00',
      hifp_pay: '30.00',
      psn_pay: '15.00',
    },
    fee_list_d: feeLines('N'),
    setl_list_diag_d: [
      {
        setl_list_diag_id: 'ND1',
        diag_type: '3',
        maindiag_flag: '1',
        diag_code: 'J18.900',
        diag_name: '肺炎',
      },
    ],
  }
}

/** The 4101A settlement-list shape: `{ setlinfo, diseinfo, oprninfo, payinfo, fee_list_d }`. */
function listMessage(): Record<string, unknown> {
  return {
    setlinfo: {
      mdtrt_id: 'LM1',
      setl_id: 'LS1',
      ...person,
      fixmedins_code: 'H002',
      fixmedins_name: '中心医院',
      med_type: '21',
      insutype: '390',
      adm_time: '2025-07-02 08:00:00',
      dscg_time: '2025-07-06 09:00:00',
      setl_time: '2025-07-06 10:00:00',
      medfee_sumamt: 45,
      fund_pay_sumamt: 30,
      hifp_pay: 30,
      psn_part_amt: 15,
      psn_cash_pay: 15,
    },
    diseinfo: [
      { diag_type: '2', diag_code: 'J18.900', diag_name: '肺炎', maindiag_flag: '1' },
      { diag_type: '2', diag_code: 'X00.000', diag_name: '未知诊断', maindiag_flag: '0' },
    ],
    oprninfo: [
      {
        oprn_oprt_code: '96.0400',
        oprn_oprt_name: '气管插管',
        oprn_oprt_date: '2025-07-03',
        main_oprn_flag: '1',
      },
    ],
    payinfo: [{ fund_pay_type: '390100', fund_payamt: '30.00' }],
    fee_list_d: feeLines('L'),
  }
}

async function outcomeOf(p: Promise<unknown>): Promise<Outcome> {
  try {
    await p
  } catch (err) {
    if (err instanceof OutcomeError) return err.outcome
    throw err
  }
  throw new Error('expected an OutcomeError')
}

describe.each(testBackends())('ingestSettlementMessage on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(() => db.close())

  test('stores a settlement in national table form, then reports a re-send as unchanged', async () => {
    const first = await ingestSettlementMessage(db, nationalMessage(), { codes })
    expect(first.status).toBe('created')
    expect(first.counts).toEqual({
      mdtrt_d: { rows: 1, added: 1, unchanged: 0 },
      setl_d: { rows: 1, added: 1, unchanged: 0 },
      fee_list_d: { rows: 2, added: 2, unchanged: 0 },
      setl_list_diag_d: { rows: 1, added: 1, unchanged: 0 },
    })
    const lines = await db.query(
      `SELECT feedetl_sn, mdtrt_id, setl_id, psn_no, institution_code, amount
       FROM fee_line WHERE mdtrt_id = 'NM1' ORDER BY feedetl_sn`
    )
    expect(lines).toEqual([
      {
        feedetl_sn: 'NF1',
        mdtrt_id: 'NM1',
        setl_id: 'NS1',
        psn_no: 'P1',
        institution_code: 'H002',
        amount: 2500,
      },
      {
        feedetl_sn: 'NF2',
        mdtrt_id: 'NM1',
        setl_id: 'NS1',
        psn_no: 'P1',
        institution_code: 'H002',
        amount: 2000,
      },
    ])
    const again = await ingestSettlementMessage(db, nationalMessage(), { codes })
    expect(again.status).toBe('unchanged')
    expect(again.counts['fee_list_d']).toEqual({ rows: 2, added: 0, unchanged: 2 })
  })

  test('stores the 4101A settlement-list form through the aliases', async () => {
    const result = await ingestSettlementMessage(db, listMessage(), { codes })
    expect(result.status).toBe('created')
    expect(result.flags).toBe(1)
    const [enc] = await db.query(
      `SELECT kind, begin_time, end_time FROM encounter WHERE mdtrt_id = 'LM1'`
    )
    expect(enc).toEqual({
      kind: 'INPATIENT',
      begin_time: '2025-07-02T08:00:00+08:00',
      end_time: '2025-07-06T09:00:00+08:00',
    })
    const diags = await db.query(
      `SELECT id, seq, code, main FROM diagnosis WHERE mdtrt_id = 'LM1' ORDER BY id`
    )
    expect(diags).toEqual([
      { id: 'LM1-D1', seq: 1, code: 'J18.900', main: true },
      { id: 'LM1-D2', seq: 2, code: 'X00.000', main: false },
    ])
    const [oprn] = await db.query(
      `SELECT id, code, oprn_date FROM operation WHERE mdtrt_id = 'LM1'`
    )
    expect(oprn).toEqual({ id: 'LM1-O1', code: '96.0400', oprn_date: '2025-07-03' })
    const funds = await db.query(
      `SELECT setl_id, fund_pay_type, amount FROM settlement_fund_detail`
    )
    expect(funds).toEqual([{ setl_id: 'LS1', fund_pay_type: '390100', amount: 3000 }])
    const [setl] = await db.query(
      `SELECT psn_part_amt, psn_cash_pay, medfee_sumamt FROM settlement WHERE setl_id = 'LS1'`
    )
    expect(setl).toEqual({ psn_part_amt: 1500, psn_cash_pay: 1500, medfee_sumamt: 4500 })
    const [flag] = await db.query(
      `SELECT record_id, field FROM ingest_flag WHERE value = 'X00.000'`
    )
    expect(flag).toEqual({ record_id: 'LM1-D2', field: 'diag_code' })
    const again = await ingestSettlementMessage(db, listMessage(), { codes })
    expect(again.status).toBe('unchanged')
  })

  test('rejects bad fields with their message paths and stores nothing', async () => {
    const message = nationalMessage()
    ;(message['mdtrt_d'] as Record<string, unknown>)['mdtrt_id'] = 'BM1'
    ;(message['setl_d'] as Record<string, unknown>)['setl_id'] = 'BS1'
    const lines = feeLines('B')
    lines[1]!['det_item_fee_sumamt'] = '21.00'
    delete lines[0]!['hilist_name']
    message['fee_list_d'] = lines
    message['setl_list_diag_d'] = []
    const outcome = await outcomeOf(ingestSettlementMessage(db, message, { codes }))
    expect(outcome.issues.map((i) => [i.code, i.path])).toEqual([
      ['invalid', 'fee_list_d[0].hilist_name'],
      ['invalid', 'fee_list_d[1].det_item_fee_sumamt'],
    ])
    expect(outcome.issues[1]!.message).toBe(
      'fee_list_d[1].det_item_fee_sumamt（明细项目费用总额）: 数量×单价=20.00，与明细金额 21.00 不符'
    )
    const [row] = await db.query(`SELECT count(*)::int AS n FROM encounter WHERE mdtrt_id = 'BM1'`)
    expect(row).toEqual({ n: 0 })
  })

  test('names an alias by the key the message used', async () => {
    const message = listMessage()
    const info = message['setlinfo'] as Record<string, unknown>
    info['mdtrt_id'] = 'AM1'
    info['setl_id'] = 'AS1'
    info['dscg_time'] = '2025-07-01 08:00:00'
    const outcome = await outcomeOf(ingestSettlementMessage(db, message, { codes }))
    expect(outcome.issues.map((i) => i.path)).toEqual(['setlinfo.dscg_time'])
  })

  test('a re-sent settlement with other content is a conflict', async () => {
    const message = nationalMessage()
    ;(message['setl_d'] as Record<string, unknown>)['psn_pay'] = '14.00'
    const outcome = await outcomeOf(ingestSettlementMessage(db, message, { codes }))
    expect(outcome.issues).toEqual([
      {
        severity: 'error',
        code: 'conflict',
        path: 'setl_d.psn_pay',
        message:
          'setl_d.psn_pay（个人负担总金额）: 与已存储的记录不同：已存储 “15.00”，本次 “14.00”',
      },
    ])
    const [setl] = await db.query(`SELECT psn_part_amt FROM settlement WHERE setl_id = 'NS1'`)
    expect(setl).toEqual({ psn_part_amt: 1500 })
  })

  test('rejects a message of neither shape', async () => {
    const outcome = await outcomeOf(ingestSettlementMessage(db, { foo: 1 }, { codes }))
    expect(outcome.issues[0]!.code).toBe('invalid')
  })
})
