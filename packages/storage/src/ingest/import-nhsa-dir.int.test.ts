// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DuckDBInstance } from '@duckdb/node-api'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '../database.js'
import { testBackends } from '../testing.js'
import { codeCheckerFromSets } from './code-checker.js'
import type { ImportProgress } from './import-report.js'
import { importNhsaDir } from './import-nhsa-dir.js'
import { writeNhsaCsv } from './write-nhsa-csv.js'
import type { NhsaCsvRow } from './write-nhsa-csv.js'

const codes = codeCheckerFromSets({
  item: new Set(['XA01', 'XB02', 'F001']),
  diagnosis: new Set(['J18.900', 'I10.x00']),
  procedure: new Set(['96.0400']),
})

/** One inpatient stay and one outpatient visit of one person; ids carry `tag` so tests don't collide. */
function dataset(tag: string): Record<string, NhsaCsvRow[]> {
  const m1 = `${tag}M1`
  const m2 = `${tag}M2`
  const person = { psn_no: `${tag}P1`, psn_name: '张三', certno: '420101195001011234', gend: '1' }
  return {
    mdtrt_d: [
      {
        mdtrt_id: m1,
        ...person,
        brdy: '1950-01-01',
        fixmedins_code: 'H001',
        fixmedins_name: '第一人民医院',
        hosp_lv: '05',
        med_type: '21',
        insutype: '310',
        begntime: '2025-06-01 08:00:00',
        endtime: '2025-06-05 10:30:00',
        dscg_maindiag_code: 'J18.900',
        fix_blng_admdvs: '420100',
        vali_flag: '1',
      },
      {
        mdtrt_id: m2,
        ...person,
        brdy: '1950-01-01',
        fixmedins_code: 'H001',
        fixmedins_name: '第一人民医院',
        hosp_lv: '05',
        med_type: '11',
        insutype: '310',
        begntime: '2025-06-10T09:15:00+08:00',
        endtime: '',
        dscg_maindiag_code: '',
        fix_blng_admdvs: '420100',
        vali_flag: '1',
      },
    ],
    setl_d: [
      {
        setl_id: `${tag}S1`,
        mdtrt_id: m1,
        psn_no: person.psn_no,
        fixmedins_code: 'H001',
        setl_time: '2025-06-05 11:00:00',
        insutype: '310',
        med_type: '21',
        medfee_sumamt: '125.50',
        hifp_pay: '100.00',
        fund_pay_sumamt: '100.00',
        psn_pay: '25.50',
        cash_payamt: '25.5',
      },
      {
        setl_id: `${tag}S2`,
        mdtrt_id: m2,
        psn_no: person.psn_no,
        fixmedins_code: 'H001',
        setl_time: '2025-06-10 09:40:00',
        insutype: '310',
        med_type: '11',
        medfee_sumamt: '0.07',
        fund_pay_sumamt: '0',
        psn_pay: '0.07',
      },
    ],
    fee_list_d: [
      fee(tag, 1, m1, `${tag}S1`, 'XA01', '2', '50', '100.00'),
      fee(tag, 2, m1, `${tag}S1`, 'XB02', '1', '25.5', '25.50'),
      fee(tag, 3, m2, `${tag}S2`, 'ZZ99', '2', '0.0350', '0.07'),
    ],
    setl_list_diag_d: [diag(`${tag}D1`, m1, 'J18.900', '1'), diag(`${tag}D2`, m1, 'Q99.999', '0')],
    setl_list_oprn_d: [
      {
        setl_list_oprn_id: `${tag}O1`,
        mdtrt_id: m1,
        main_oprn_flag: '1',
        oprn_oprt_code: '96.0400',
        oprn_oprt_name: '气管插管',
        oprn_oprt_date: '2025-06-02',
      },
    ],
  }
}

function fee(
  tag: string,
  n: number,
  mdtrtId: string,
  setlId: string,
  code: string,
  cnt: string,
  pric: string,
  amount: string
): NhsaCsvRow {
  return {
    bkkp_sn: `${tag}F${n}`,
    mdtrt_id: mdtrtId,
    setl_id: setlId,
    psn_no: `${tag}P1`,
    fixmedins_code: 'H001',
    fee_ocur_time: '2025-06-02 10:00:00',
    hilist_code: code,
    hilist_name: `项目${code}`,
    list_type: '101',
    chrgitm_lv: '01',
    med_chrgitm_type: '0901',
    cnt,
    pric,
    det_item_fee_sumamt: amount,
    memo: '多余的列',
  }
}

function diag(id: string, mdtrtId: string, code: string, main: string): NhsaCsvRow {
  return {
    setl_list_diag_id: id,
    mdtrt_id: mdtrtId,
    diag_type: '2',
    maindiag_flag: main,
    diag_code: code,
    diag_name: `诊断${code}`,
  }
}

async function writeDir(data: Record<string, NhsaCsvRow[]>): Promise<string> {
  const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'yibao-nhsa-'))
  for (const [table, rows] of Object.entries(data)) {
    await writeNhsaCsv(path.join(dir, `${table}.csv`), rows)
  }
  return dir
}

async function count(db: Database, table: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)
  return row!.n
}

async function snapshot(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const t of [
    'person',
    'institution',
    'encounter',
    'settlement',
    'fee_line',
    'diagnosis',
    'operation',
    'ingest_flag',
  ]) {
    out[t] = await count(db, t)
  }
  return out
}

describe.each(testBackends())('importNhsaDir on $name', (backend) => {
  let db: Database
  const dirs: string[] = []
  const dirOf = async (data: Record<string, NhsaCsvRow[]>): Promise<string> => {
    const dir = await writeDir(data)
    dirs.push(dir)
    return dir
  }

  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
    for (const d of dirs) await fs.promises.rm(d, { recursive: true, force: true })
  })

  test('imports every table, converts values and flags unknown codes', async () => {
    const events: ImportProgress[] = []
    const report = await importNhsaDir(db, await dirOf(dataset('A')), {
      codes,
      onProgress: (p) => events.push(p),
    })
    expect(report.issues).toEqual([])
    expect(report.status).toBe('imported')
    expect(report.tables).toEqual({
      mdtrt_d: { rows: 2, added: 2, unchanged: 0 },
      setl_d: { rows: 2, added: 2, unchanged: 0 },
      fee_list_d: { rows: 3, added: 3, unchanged: 0 },
      setl_list_diag_d: { rows: 2, added: 2, unchanged: 0 },
      setl_list_oprn_d: { rows: 1, added: 1, unchanged: 0 },
    })
    expect(report.personsAdded).toBe(1)
    expect(report.institutionsAdded).toBe(1)
    // ZZ99 (item) and Q99.999 (diagnosis) are not in the pack.
    expect(report.flags).toBe(2)
    expect(events.map((e) => e.stage)).toEqual(
      expect.arrayContaining(['read', 'validate', 'check', 'load', 'done'])
    )

    const [line] = await db.query(
      `SELECT quantity::text AS q, price, amount, fee_time, charge_type, import_batch
       FROM fee_line WHERE feedetl_sn = 'AF3'`
    )
    expect(line).toEqual({
      q: '2.0000',
      price: 350,
      amount: 7,
      fee_time: '2025-06-02T10:00:00+08:00',
      charge_type: '09',
      import_batch: report.batchId,
    })
    const [enc] = await db.query(
      `SELECT kind, begin_time, end_time, admdvs, readmit_planned FROM encounter WHERE mdtrt_id = 'AM2'`
    )
    expect(enc).toEqual({
      kind: 'OUTPATIENT',
      begin_time: '2025-06-10T09:15:00+08:00',
      end_time: null,
      admdvs: '420100',
      readmit_planned: false,
    })
    const [setl] = await db.query(
      `SELECT medfee_sumamt, psn_cash_pay, overlmt_selfpay FROM settlement WHERE setl_id = 'AS1'`
    )
    expect(setl).toEqual({ medfee_sumamt: 12550, psn_cash_pay: 2550, overlmt_selfpay: 0 })
    const [person] = await db.query(
      `SELECT name, birth_date, admdvs FROM person WHERE psn_no = 'AP1'`
    )
    expect(person).toEqual({ name: '张三', birth_date: '1950-01-01', admdvs: '420100' })
    const [inst] = await db.query(`SELECT name, level, type FROM institution WHERE code = 'H001'`)
    expect(inst).toEqual({ name: '第一人民医院', level: 2, type: 'HOSPITAL' })
    const diags = await db.query(`SELECT id, seq, main FROM diagnosis ORDER BY id`)
    expect(diags).toEqual([
      { id: 'AD1', seq: 1, main: true },
      { id: 'AD2', seq: 2, main: false },
    ])
    const flags = await db.query(
      `SELECT record_table, record_id, field, value FROM ingest_flag ORDER BY record_table`
    )
    expect(flags).toEqual([
      { record_table: 'diagnosis', record_id: 'AD2', field: 'diag_code', value: 'Q99.999' },
      { record_table: 'fee_line', record_id: 'AF3', field: 'hilist_code', value: 'ZZ99' },
    ])
    const [batch] = await db.query(`SELECT status, kind FROM import_batch WHERE id = $1`, [
      report.batchId,
    ])
    expect(batch).toEqual({ status: 'imported', kind: 'nhsa-files' })
  })

  test('importing the same files again adds nothing', async () => {
    const before = await snapshot(db)
    const report = await importNhsaDir(db, await dirOf(dataset('A')), { codes })
    expect(report.status).toBe('unchanged')
    expect(report.tables['fee_list_d']).toEqual({ rows: 3, added: 0, unchanged: 3 })
    expect(report.tables['mdtrt_d']).toEqual({ rows: 2, added: 0, unchanged: 2 })
    expect(report.personsAdded).toBe(0)
    expect(await snapshot(db)).toEqual(before)
  })

  test('a stored id sent with other content is a conflict and nothing is applied', async () => {
    const data = dataset('A')
    data['fee_list_d']![1] = fee('A', 2, 'AM1', 'AS1', 'XB02', '2', '25.5', '51.00')
    data['fee_list_d']!.push(fee('A', 9, 'AM1', 'AS1', 'XA01', '1', '1', '1.00'))
    const before = await snapshot(db)
    const report = await importNhsaDir(db, await dirOf(data), { codes })
    expect(report.status).toBe('conflict')
    expect(report.issues.map((i) => [i.kind, i.source, i.row, i.field])).toEqual([
      ['conflict', 'fee_list_d.csv', 2, 'cnt'],
      ['conflict', 'fee_list_d.csv', 2, 'det_item_fee_sumamt'],
    ])
    expect(report.issues[1]!.message).toBe(
      'fee_list_d.csv 第 2 行（数据行，表头不计）det_item_fee_sumamt（明细项目费用总额）: ' +
        '与已存储的记录不同：已存储 “25.50”，本次 “51.00”'
    )
    expect(await snapshot(db)).toEqual(before)
    const [stored] = await db.query(`SELECT amount FROM fee_line WHERE feedetl_sn = 'AF2'`)
    expect(stored).toEqual({ amount: 2550 })
    const [batch] = await db.query(`SELECT status FROM import_batch WHERE id = $1`, [
      report.batchId,
    ])
    expect(batch).toEqual({ status: 'conflict' })
  })

  const broken: [string, (d: Record<string, NhsaCsvRow[]>) => void, string, string][] = [
    [
      'an amount that is not quantity × price',
      (d) => (d['fee_list_d']![2] = fee('B', 3, 'BM2', 'BS2', 'XA01', '3', '4.1', '12.50')),
      'fee_list_d.csv 第 3 行（数据行，表头不计）det_item_fee_sumamt（明细项目费用总额）: 数量×单价=12.30，与明细金额 12.50 不符',
      'fee_list_d.csv:3:det_item_fee_sumamt',
    ],
    [
      'a missing required field',
      (d) => (d['setl_d']![1] = { ...d['setl_d']![1], psn_pay: ' ' }),
      'setl_d.csv 第 2 行（数据行，表头不计）psn_pay（个人负担总金额）: 必填，不能为空',
      'setl_d.csv:2:psn_pay',
    ],
    [
      'an impossible date',
      (d) => (d['mdtrt_d']![0] = { ...d['mdtrt_d']![0], brdy: '1950-02-30' }),
      'mdtrt_d.csv 第 1 行（数据行，表头不计）brdy（出生日期）: 不是有效的日期（yyyy-MM-dd）：“1950-02-30”',
      'mdtrt_d.csv:1:brdy',
    ],
    [
      'an end before the begin',
      (d) => (d['mdtrt_d']![0] = { ...d['mdtrt_d']![0], endtime: '2025-05-31 23:00:00' }),
      'mdtrt_d.csv 第 1 行（数据行，表头不计）endtime（结束时间）: 结束时间 2025-05-31 23:00:00 早于开始时间 2025-06-01 08:00:00',
      'mdtrt_d.csv:1:endtime',
    ],
    [
      'money with three decimals',
      (d) => (d['setl_d']![0] = { ...d['setl_d']![0], hifp_pay: '100.005' }),
      'setl_d.csv 第 1 行（数据行，表头不计）hifp_pay（基本医疗保险统筹基金支出）: 不是有效的金额（元，最多 2 位小数）：“100.005”',
      'setl_d.csv:1:hifp_pay',
    ],
    [
      'a fee line of an unknown encounter',
      (d) => (d['fee_list_d']![0] = { ...d['fee_list_d']![0], mdtrt_id: 'NOPE' }),
      'fee_list_d.csv 第 1 行（数据行，表头不计）mdtrt_id（就诊ID）: 就诊ID “NOPE” 既不在本次导入的 mdtrt_d 中，也未存储',
      'fee_list_d.csv:1:mdtrt_id',
    ],
    [
      'an encounter of a person neither stored nor described',
      (d) => (d['mdtrt_d']![1] = { ...d['mdtrt_d']![1], psn_no: 'BP9', psn_name: '', certno: '' }),
      'mdtrt_d.csv 第 2 行（数据行，表头不计）psn_no（人员编号）: 人员编号 “BP9” 的人员未存储，本行也没有提供人员信息（psn_name、certno、gend、brdy）',
      'mdtrt_d.csv:2:psn_no',
    ],
    [
      'a duplicate id inside a file',
      (d) => d['setl_list_diag_d']!.push(diag('BD1', 'BM1', 'J18.900', '0')),
      'setl_list_diag_d.csv 第 3 行（数据行，表头不计）setl_list_diag_id（结算清单诊断信息ID）: 结算清单诊断信息ID “BD1” 重复，与第 1 行相同',
      'setl_list_diag_d.csv:3:setl_list_diag_id',
    ],
  ]
  test.each(broken)(
    'rejects %s, naming file, row and field, and imports nothing',
    async (_, breakIt, message, issuePath) => {
      const data = dataset('B')
      breakIt(data)
      const before = await snapshot(db)
      const report = await importNhsaDir(db, await dirOf(data), { codes })
      expect(report.status).toBe('rejected')
      expect(report.issues.map((i) => i.message)).toEqual([message])
      expect(report.issues[0]!.path).toBe(issuePath)
      expect(report.issueCount).toBe(1)
      expect(await snapshot(db)).toEqual(before)
    }
  )

  test('reports a missing required column by file and column', async () => {
    const data = dataset('C')
    const dir = await dirOf(data)
    const rows = data['fee_list_d']!.map((r) =>
      Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'cnt'))
    )
    await writeNhsaCsv(path.join(dir, 'fee_list_d.csv'), rows)
    const report = await importNhsaDir(db, dir, { codes })
    expect(report.status).toBe('rejected')
    expect(report.issues.map((i) => i.message)).toEqual(['fee_list_d.csv: 缺少必填列 cnt（数量）'])
  })

  test('lists every rejection and caps the list', async () => {
    const data = dataset('E')
    data['fee_list_d'] = Array.from({ length: 30 }, (_, i) =>
      fee('E', i + 1, 'EM1', 'ES1', 'XA01', '1', '1', 'x')
    )
    const report = await importNhsaDir(db, await dirOf(data), { codes, maxIssues: 10 })
    expect(report.status).toBe('rejected')
    expect(report.issueCount).toBe(30)
    expect(report.issues).toHaveLength(10)
    expect(report.issues.map((i) => i.row)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
  })

  test('fee lines alone load against encounters stored earlier', async () => {
    const data = dataset('A')
    const dir = await dirOf({
      fee_list_d: [fee('A', 20, 'AM1', 'AS1', 'XA01', '1.5', '2', '3.00')],
    })
    expect(data).toBeDefined()
    const report = await importNhsaDir(db, dir, { codes })
    expect(report.status).toBe('imported')
    expect(report.tables).toEqual({ fee_list_d: { rows: 1, added: 1, unchanged: 0 } })
  })

  test('reads Parquet and gzipped CSV', async () => {
    const data = dataset('G')
    const dir = await dirOf(data)
    const duck = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false' })
    const conn = await duck.connect()
    for (const t of ['mdtrt_d', 'fee_list_d']) {
      const csv = path.join(dir, `${t}.csv`)
      await conn.run(
        `COPY (SELECT * FROM read_csv('${csv}', all_varchar = true, header = true))
         TO '${path.join(dir, `${t}.parquet`)}' (FORMAT parquet)`
      )
      fs.rmSync(csv)
    }
    await conn.run(
      `COPY (SELECT * FROM read_csv('${path.join(dir, 'setl_d.csv')}', all_varchar = true, header = true))
       TO '${path.join(dir, 'setl_d.csv.gz')}' (FORMAT csv, HEADER, COMPRESSION gzip)`
    )
    fs.rmSync(path.join(dir, 'setl_d.csv'))
    conn.closeSync()
    duck.closeSync()
    const report = await importNhsaDir(db, dir, { codes })
    expect(report.issues).toEqual([])
    expect(report.tables['mdtrt_d']).toEqual({ rows: 2, added: 2, unchanged: 0 })
    expect(report.tables['fee_list_d']).toEqual({ rows: 3, added: 3, unchanged: 0 })
    expect(report.tables['setl_d']).toEqual({ rows: 2, added: 2, unchanged: 0 })
    const [line] = await db.query(`SELECT price, amount FROM fee_line WHERE feedetl_sn = 'GF3'`)
    expect(line).toEqual({ price: 350, amount: 7 })
  })
})
