// SPDX-License-Identifier: Apache-2.0
import path from 'node:path'
import { FEE_LIST_D, MDTRT_D, SETL_D, SETL_LIST_DIAG_D } from '@yibao/domain'
import type { NhsaTable } from '@yibao/domain'
import { DuckStage } from './duck-stage.js'
import { col } from './ingest-tables.js'
import { ident, lit } from './ingest-sql.js'

/** Size of a synthetic extract. */
export interface SyntheticNhsaOptions {
  /** Encounters (one settlement and one diagnosis each). Default 20 000. */
  readonly encounters?: number
  /** Fee lines per encounter. Default 50. */
  readonly linesPerEncounter?: number
  /** Prefix of every id, so that several extracts can go into one database. Default ''. */
  readonly idPrefix?: string
}

/** Row counts of the written files. */
export interface SyntheticNhsaCounts {
  readonly mdtrt_d: number
  readonly setl_d: number
  readonly fee_list_d: number
  readonly setl_list_diag_d: number
}

// Columns the national templates carry that yibao does not read; written so that the files look
// like real extracts (the reader must skip them).
const EXTRA = ['fixmedins_name', 'spec', 'dosform_name', 'memo', 'vali_flag', 'updt_time']

/** `SELECT` list of national columns, each checked against the mapping. */
function select(table: NhsaTable, exprs: Record<string, string>, extra: string[] = []): string {
  return [
    ...Object.entries(exprs).map(([name, e]) => `${e} AS ${ident(col(table, name).name)}`),
    ...extra,
  ].join(',\n')
}

/**
 * Writes a consistent synthetic NHSA extract (CSV with header: `mdtrt_d`, `setl_d`,
 * `fee_list_d`, `setl_list_diag_d`) into `dir`, generated in DuckDB: quantities × prices match
 * the line amounts, settlements sum their lines, every person and institution is described.
 * For benchmarks and crash tests.
 *
 * @returns the rows written per table
 * @example
 * ```ts
 * await writeSyntheticNhsaFiles(dir, { encounters: 20_000, linesPerEncounter: 50 }) // 1 M lines
 * ```
 */
export async function writeSyntheticNhsaFiles(
  dir: string,
  options: SyntheticNhsaOptions = {}
): Promise<SyntheticNhsaCounts> {
  const { encounters = 20_000, linesPerEncounter = 50, idPrefix = '' } = options
  const persons = Math.max(1, Math.floor(encounters / 3))
  const p = lit(idPrefix)
  const id = (letter: string, n: string, width = 9): string =>
    `${p} || '${letter}' || lpad(CAST(${n} AS VARCHAR), ${width}, '0')`
  const out = (table: string): string => lit(path.join(dir, `${table}.csv`))
  const stage = await DuckStage.open()
  try {
    await stage.run(`CREATE TEMP TABLE lines AS
      SELECT i, e, j, item, cnt, pric, CAST(round(cnt * pric, 2) AS DECIMAL(18, 2)) AS amount
      FROM (SELECT i, i // ${linesPerEncounter} AS e, i % ${linesPerEncounter} AS j,
              CAST(hash(i) % 2000 AS INTEGER) AS item, CAST(1 + i % 3 AS DECIMAL(14, 4)) AS cnt,
              CAST((hash(i) % 2000 % 997 + 1) * 0.0350 AS DECIMAL(18, 4)) AS pric
            FROM range(${encounters * linesPerEncounter}) t(i))`)
    await stage.run(`CREATE TEMP TABLE enc AS
      SELECT e, TIMESTAMP '2025-01-01 08:00:00' + INTERVAL (e % 250000) MINUTE AS begin_at,
        e % 4 = 0 AS inpatient, sum(amount) AS total
      FROM lines GROUP BY e`)
    const t = (x: string): string => `strftime(${x}, '%Y-%m-%d %H:%M:%S')`
    await stage.run(
      `COPY (SELECT ${select(MDTRT_D, {
        mdtrt_id: id('M', 'e'),
        psn_no: id('P', `e % ${persons}`),
        psn_name: `'参保人' || (e % ${persons})`,
        certno: `'4201011960' || lpad(CAST(e % ${persons} AS VARCHAR), 8, '0')`,
        gend: `CAST(1 + e % 2 AS VARCHAR)`,
        brdy: `strftime(DATE '1940-01-01' + CAST(e % ${persons} % 20000 AS INTEGER), '%Y-%m-%d')`,
        insu_admdvs: `'420100'`,
        fixmedins_code: `'H' || lpad(CAST(e % 50 AS VARCHAR), 4, '0')`,
        fixmedins_name: `'定点医院' || (e % 50)`,
        hosp_lv: `CASE WHEN e % 50 < 5 THEN '01' ELSE '05' END`,
        med_type: `CASE WHEN inpatient THEN '21' ELSE '11' END`,
        insutype: `'310'`,
        begntime: t('begin_at'),
        endtime: t(`begin_at + CASE WHEN inpatient THEN INTERVAL 3 DAY ELSE INTERVAL 1 HOUR END`),
        fix_blng_admdvs: `'420100'`,
      })} FROM enc ORDER BY e) TO ${out(MDTRT_D.name)} (HEADER)`
    )
    await stage.run(
      `COPY (SELECT ${select(SETL_D, {
        setl_id: id('S', 'e'),
        mdtrt_id: id('M', 'e'),
        psn_no: id('P', `e % ${persons}`),
        fixmedins_code: `'H' || lpad(CAST(e % 50 AS VARCHAR), 4, '0')`,
        setl_time: t(`begin_at + INTERVAL 4 DAY`),
        insutype: `'310'`,
        med_type: `CASE WHEN inpatient THEN '21' ELSE '11' END`,
        medfee_sumamt: `CAST(total AS VARCHAR)`,
        hifp_pay: `CAST(CAST(total * 0.7 AS DECIMAL(18, 2)) AS VARCHAR)`,
        fund_pay_sumamt: `CAST(CAST(total * 0.7 AS DECIMAL(18, 2)) AS VARCHAR)`,
        psn_pay: `CAST(total - CAST(total * 0.7 AS DECIMAL(18, 2)) AS VARCHAR)`,
        cash_payamt: `CAST(total - CAST(total * 0.7 AS DECIMAL(18, 2)) AS VARCHAR)`,
      })} FROM enc ORDER BY e) TO ${out(SETL_D.name)} (HEADER)`
    )
    await stage.run(
      `COPY (SELECT ${select(
        FEE_LIST_D,
        {
          bkkp_sn: id('F', 'i', 11),
          mdtrt_id: id('M', 'e'),
          setl_id: id('S', 'e'),
          psn_no: id('P', `e % ${persons}`),
          fixmedins_code: `'H' || lpad(CAST(e % 50 AS VARCHAR), 4, '0')`,
          fee_ocur_time: t(`TIMESTAMP '2025-01-01 09:00:00' + INTERVAL (e % 250000) MINUTE`),
          hilist_code: `'X' || lpad(CAST(item AS VARCHAR), 5, '0')`,
          hilist_name: `'药品或项目 ' || item`,
          list_type: `CASE WHEN item % 3 = 0 THEN '201' ELSE '101' END`,
          chrgitm_lv: `'0' || CAST(1 + item % 3 AS VARCHAR)`,
          med_chrgitm_type: `CASE WHEN item % 3 = 0 THEN '0501' ELSE '09' END`,
          cnt: `CAST(cnt AS VARCHAR)`,
          pric: `CAST(pric AS VARCHAR)`,
          det_item_fee_sumamt: `CAST(amount AS VARCHAR)`,
          rx_drord_no: `'RX' || e || '-' || (j // 5)`,
          bilg_dept_codg: `'A03'`,
          bilg_dr_code: `'D' || (e % 300)`,
        },
        EXTRA.map((x, k) => `${k === 0 ? `'定点医院' || (e % 50)` : `'x${k}'`} AS ${ident(x)}`)
      )} FROM lines ORDER BY i) TO ${out(FEE_LIST_D.name)} (HEADER)`
    )
    await stage.run(
      `COPY (SELECT ${select(SETL_LIST_DIAG_D, {
        setl_list_diag_id: id('D', 'e'),
        mdtrt_id: id('M', 'e'),
        diag_type: `'2'`,
        maindiag_flag: `'1'`,
        diag_code: `CASE WHEN e % 2 = 0 THEN 'J18.900' ELSE 'I10.x00' END`,
        diag_name: `CASE WHEN e % 2 = 0 THEN '肺炎' ELSE '高血压' END`,
      })} FROM enc ORDER BY e) TO ${out(SETL_LIST_DIAG_D.name)} (HEADER)`
    )
    const lines = encounters * linesPerEncounter
    return {
      mdtrt_d: encounters,
      setl_d: encounters,
      fee_list_d: lines,
      setl_list_diag_d: encounters,
    }
  } finally {
    await stage.close()
  }
}
