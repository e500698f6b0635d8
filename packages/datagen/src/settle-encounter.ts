// SPDX-License-Identifier: Apache-2.0
import type {
  IdentityType,
  InsuType,
  PriceCapIndex,
  Settlement,
  SettlementFundDetail,
} from '@yibao/domain'
import { dayNumber, roundHalfUp } from '@yibao/domain'
import type { BenefitPolicy, SettlementInput, YearToDate } from '@yibao/settlement'
import { careTypeOf, settleEncounter } from '@yibao/settlement'
import type { DayClock } from './day-clock.js'
import type { DraftEncounter, DraftLine, DraftTruth } from './timeline.js'

/** The settlement of one encounter with its fund rows and the fund amount per truth. */
export interface SettledEncounter {
  readonly settlement: Settlement
  readonly details: SettlementFundDetail[]
  /** Fund amount at risk, parallel to `enc.truths`. */
  readonly truthAmounts: number[]
}

/** What a settlement of a draft encounter needs besides the encounter. */
export interface DraftSettlement {
  readonly setlId: string
  readonly psnNo: string
  readonly insuType: InsuType
  /** Identities valid on the settlement date. */
  readonly identities: readonly IdentityType[]
  readonly time: string
  readonly policy: BenefitPolicy
  readonly caps: PriceCapIndex
  readonly clock: DayClock
}

/** The engine's input for a draft encounter: its lines with the price caps in force. */
export function settlementInputOf(enc: DraftEncounter, s: DraftSettlement): SettlementInput {
  const inst = enc.inst
  return {
    setlId: s.setlId,
    mdtrtId: enc.mdtrtId,
    psnNo: s.psnNo,
    institutionCode: inst.code,
    time: s.time,
    insuType: s.insuType,
    medType: enc.medType,
    careType: careTypeOf(enc.kind, enc.medType),
    level: inst.level,
    tier: inst.tier,
    identities: s.identities,
    lines: enc.lines.map((l) => ({
      feedetlSn: l.id,
      listType: l.listType,
      catalogClass: l.catalogClass,
      quantity: l.quantity,
      price: l.price,
      amount: l.amount,
      capPrice: s.caps.capOf(l.code, inst.level, dayNumber(s.clock.date(l.day)), inst.admdvs),
    })),
  }
}

/**
 * Settles a draft encounter with the settlement engine under the demo policy, updating the
 * person's year-to-date totals, and prices the injected truths on the result.
 */
export function settleDraft(
  enc: DraftEncounter,
  s: DraftSettlement,
  ytd: YearToDate
): SettledEncounter {
  const { settlement, details } = settleEncounter(settlementInputOf(enc, s), s.policy, ytd)
  const truthAmounts = enc.truths.map((t) => truthAmount(t, settlement))
  return { settlement, details, truthAmounts }
}

function lineFundShare(line: DraftLine, charges: number, s: Settlement): number {
  const layered = s.fundPaySumamt - s.othPay
  const inscopeShare = line.catalogClass === '03' ? 0 : line.catalogClass === '02' ? 0.9 : 1
  const basic = s.inscpScpAmt > 0 ? (charges * inscopeShare * layered) / s.inscpScpAmt : 0
  const dodi = s.medfeeSumamt > 0 ? (charges * s.othPay) / s.medfeeSumamt : 0
  return basic + dodi
}

/** The fund amount a truth put at risk, given the encounter's settlement. */
function truthAmount(t: DraftTruth, s: Settlement): number {
  let amount: number
  if (t.line === null) {
    amount =
      t.charges === null
        ? s.fundPaySumamt
        : s.medfeeSumamt > 0
          ? (t.charges * s.fundPaySumamt) / s.medfeeSumamt
          : 0
  } else {
    amount = lineFundShare(t.line, t.charges ?? t.line.amount, s)
    for (const l of t.extraLines ?? []) amount += lineFundShare(l, l.amount, s)
  }
  return Math.max(0, Math.min(s.fundPaySumamt, roundHalfUp(amount)))
}
