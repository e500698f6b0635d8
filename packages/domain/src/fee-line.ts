// SPDX-License-Identifier: Apache-2.0
import type { CatalogClass, ChargeType, ListType } from './codes.js'
import type { Timestamp } from './dates.js'
import type { Fen, PriceE4 } from './money.js'

/** One fee line (费用明细, `fee_list_d`). */
export interface FeeLine {
  /** Fee-line id: `feedetl_sn` / `bkkp_sn` (记账流水号). */
  readonly feedetlSn: string
  readonly mdtrtId: string
  /** The settlement that paid this line, when settled. */
  readonly setlId: string | null
  readonly psnNo: string
  readonly institutionCode: string
  /** 费用发生时间 `fee_ocur_time`. */
  readonly time: Timestamp
  /** National code (`hilist_code` / `med_list_codg`). */
  readonly code: string
  readonly name: string
  readonly listType: ListType
  /** 甲 / 乙 / 丙. */
  readonly catalogClass: CatalogClass
  readonly chargeType: ChargeType
  /** 数量 `cnt` (may be fractional). */
  readonly quantity: number
  /** 单价 `pric`. */
  readonly price: PriceE4
  /** 明细项目费用总额 `det_item_fee_sumamt`. */
  readonly amount: Fen
  /** 处方/医嘱号 `rx_drord_no`. */
  readonly rxNo: string | null
  /** 开单科室 / 医师 (`bilg_dept_codg`, `bilg_dr_code`): who ordered. */
  readonly orderDept: string | null
  readonly orderDoctor: string | null
  /** 受单科室 / 医师 (`acord_dept_codg`, `acord_dr_code`): who executed. */
  readonly execDept: string | null
  readonly execDoctor: string | null
  /** 出院带药 `dscg_tkdrug_flag`. */
  readonly dischargeMed: boolean
  /** 周期天数 `prd_days` for drugs (days of supply), when given. */
  readonly days: number | null
  /** When the line reached the platform (upload timeliness, rule M7). */
  readonly uploadTime: Timestamp | null
}
