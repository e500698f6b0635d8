// SPDX-License-Identifier: Apache-2.0
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Database } from './database.js'
import type { HsaFeedbackInput, HsaResultRow } from './hsa-results.js'
import { listHsaFeedback, saveHsaFeedback, saveHsaResults } from './hsa-results.js'
import { testBackends } from './testing.js'

function result(jrId: string, over: Partial<HsaResultRow> = {}): HsaResultRow {
  return {
    jrId,
    infno: '3101',
    msgid: 'H00120240301120000001',
    taskId: null,
    institutionCode: 'H001',
    psnNo: 'P000001',
    mdtrtId: 'M1',
    ruleId: 'GZ001',
    severity: '1',
    amount: 1234,
    result: {
      jr_id: jrId,
      rule_id: 'GZ001',
      vola_cont: '男性\t使用女性专用药',
      judge_result_detail: [],
    },
    ...over,
  }
}

function feedback(warnRsltId: string, over: Partial<HsaFeedbackInput> = {}): HsaFeedbackInput {
  return {
    warnRsltId,
    warnType: '1',
    dspoWay: '2',
    dspoWayRea: null,
    institutionCode: 'H001',
    msgid: 'H00120240301120500001',
    ...over,
  }
}

describe.each(testBackends())('3101/3102 results and 3103 feedback on $name', (backend) => {
  let db: Database
  beforeAll(async () => {
    db = await backend.open()
  })
  afterAll(async () => {
    await db.close()
  })

  const stored = () =>
    db.query<{ jr_id: string; infno: string; amount: number; result: unknown }>(
      'SELECT jr_id, infno, amount, result FROM hsa_result ORDER BY jr_id'
    )

  test('results are stored, and a repeated call refreshes them', async () => {
    await saveHsaResults(db, [])
    expect(await stored()).toEqual([])
    await saveHsaResults(db, [result('J1'), result('J2', { infno: '3102', taskId: 'T1' })])
    expect(await stored()).toEqual([
      { jr_id: 'J1', infno: '3101', amount: 1234, result: result('J1').result },
      { jr_id: 'J2', infno: '3102', amount: 1234, result: result('J2').result },
    ])
    const again = result('J1', { amount: 99, result: { jr_id: 'J1', note: '再次调用' } })
    // A repeated jr_id within one call: the last one wins.
    await saveHsaResults(db, [result('J3'), again, result('J3', { amount: 5 })])
    expect(await stored()).toEqual([
      { jr_id: 'J1', infno: '3101', amount: 99, result: { jr_id: 'J1', note: '再次调用' } },
      { jr_id: 'J2', infno: '3102', amount: 1234, result: result('J2').result },
      { jr_id: 'J3', infno: '3101', amount: 5, result: result('J3').result },
    ])
  })

  test('missing fields are stored as null, and result text keeps quotes and backslashes', async () => {
    const odd = result('J0', {
      msgid: null,
      taskId: null,
      institutionCode: null,
      psnNo: null,
      mdtrtId: null,
      amount: 0,
      result: { vola_cont: '【"引号"】\\反斜杠\\ {a,b} NULL', rx_id: null },
    })
    await saveHsaResults(db, [odd])
    const [row] = await db.query<Record<string, unknown>>(
      `SELECT msgid, task_id, institution_code, psn_no, mdtrt_id, amount, result
       FROM hsa_result WHERE jr_id = 'J0'`
    )
    expect(row).toEqual({
      msgid: null,
      task_id: null,
      institution_code: null,
      psn_no: null,
      mdtrt_id: null,
      amount: 0,
      result: odd.result,
    })
    await db.query(`DELETE FROM hsa_result WHERE jr_id = 'J0'`)
  })

  test('feedback on known results is saved and listed per result', async () => {
    const saved = await saveHsaFeedback(db, [
      feedback('J1'),
      feedback('J2', { warnType: '2', dspoWay: '1', dspoWayRea: '临床必需\t已告知' }),
      feedback('J1', { dspoWay: '1', dspoWayRea: '已修改医嘱', msgid: null }),
    ])
    expect(saved).toEqual({ saved: 3, unknown: [] })
    const j1 = await listHsaFeedback(db, 'J1')
    const stamped = { id: expect.any(Number), receivedAt: expect.any(String) }
    expect(j1).toStrictEqual([
      { ...feedback('J1'), ...stamped },
      { ...feedback('J1', { dspoWay: '1', dspoWayRea: '已修改医嘱', msgid: null }), ...stamped },
    ])
    expect(j1[0]!.id).toBeLessThan(j1[1]!.id)
    expect(j1[0]!.receivedAt).toMatch(/\+08:00$/)
    expect(await listHsaFeedback(db, 'J2')).toHaveLength(1)
    expect(await listHsaFeedback(db, 'J9')).toEqual([])
  })

  test('feedback with any unknown id saves nothing and names the unknown ids', async () => {
    const count = async () =>
      (await db.query<{ n: number }>('SELECT count(*) AS n FROM hsa_feedback'))[0]?.n
    const before = await count()
    const outcome = await saveHsaFeedback(db, [
      feedback('J3'),
      feedback('X2'),
      feedback('X1'),
      feedback('X2'),
    ])
    expect(outcome).toEqual({ saved: 0, unknown: ['X2', 'X1'] })
    expect(await count()).toBe(before)
    expect(await listHsaFeedback(db, 'J3')).toEqual([])
    expect(await saveHsaFeedback(db, [])).toEqual({ saved: 0, unknown: [] })
  })

  test('an institution may give feedback only on results returned to it', async () => {
    await saveHsaResults(db, [result('K1'), result('K2', { institutionCode: 'H002' })])
    expect(await saveHsaFeedback(db, [feedback('K1'), feedback('K2')], 'H001')).toEqual({
      saved: 0,
      unknown: ['K2'],
    })
    expect(await listHsaFeedback(db, 'K1')).toEqual([])
    expect(await saveHsaFeedback(db, [feedback('K1')], 'H001')).toEqual({ saved: 1, unknown: [] })
    expect(await saveHsaFeedback(db, [feedback('K2')], null)).toEqual({ saved: 1, unknown: [] })
  })
})
