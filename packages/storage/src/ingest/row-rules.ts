// SPDX-License-Identifier: Apache-2.0
// Checks across the fields of one row, beyond what each column's type says. Columns are taken
// from the NHSA mapping; each rule names the field the rejection is reported on.
import { FEE_LIST_D, MDTRT_D } from '@yibao/domain'
import type { NhsaColumn } from '@yibao/domain'
import { col } from './ingest-tables.js'
import { shanghaiDate, src, val } from './ingest-sql.js'

/** A rule over one staged row: `when` is true (SQL) for a wrong row, `detail` says why (SQL). */
export interface RowRule {
  readonly table: string
  readonly field: NhsaColumn
  readonly when: string
  readonly detail: string
}

const cnt = col(FEE_LIST_D, 'cnt')
const pric = col(FEE_LIST_D, 'pric')
const amount = col(FEE_LIST_D, 'det_item_fee_sumamt')
const begin = col(MDTRT_D, 'begntime')
const end = col(MDTRT_D, 'endtime')
const birth = col(MDTRT_D, 'brdy')
const death = col(MDTRT_D, 'die_date')

const product = `(${val(cnt)} * ${val(pric)})`

/** Every cross-field rule. */
export const ROW_RULES: readonly RowRule[] = [
  {
    // cnt × pric must equal the line amount within 0.01 yuan (exact decimal arithmetic).
    table: FEE_LIST_D.name,
    field: amount,
    when: `abs(${product} - ${val(amount)}) > 0.01`,
    detail: `'数量×单价=' || CAST(CAST(round(${product}, 2) AS DECIMAL(38, 2)) AS VARCHAR)
      || '，与明细金额 ' || CAST(${val(amount)} AS VARCHAR) || ' 不符'`,
  },
  {
    table: MDTRT_D.name,
    field: end,
    when: `${val(end)} < ${val(begin)}`,
    detail: `'${end.label} ' || ${src(end)} || ' 早于${begin.label} ' || ${src(begin)}`,
  },
  {
    table: MDTRT_D.name,
    field: birth,
    when: `${val(birth)} > ${shanghaiDate(val(begin))}`,
    detail: `'${birth.label} ' || ${src(birth)} || ' 晚于${begin.label} ' || ${src(begin)}`,
  },
  {
    table: MDTRT_D.name,
    field: death,
    when: `${val(death)} < ${val(birth)}`,
    detail: `'${death.label} ' || ${src(death)} || ' 早于${birth.label} ' || ${src(birth)}`,
  },
]
