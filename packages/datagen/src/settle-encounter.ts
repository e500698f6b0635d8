// SPDX-License-Identifier: Apache-2.0
import type { IdentityType, InsuType, Settlement, SettlementFundDetail } from '@yibao/domain'
import { fenToYuan, mulFen, roundHalfUp } from '@yibao/domain'
import type { DraftEncounter, DraftLine, DraftTruth } from './timeline.js'

/**
 * The demo's benefit policy: simple, transparent and fixed (domain.md §7). Basic insurance with a
 * deductible and ratio by level and insurance type, 乙类 先行自付 10 %, 丙类 fully self-paid,
 * 居民大病保险 on the yearly in-scope burden, 职工大额补助 above the yearly basic cap, 医疗救助 for
 * identity holders, 特困 政府兜底 for county stays, and the 职工 personal account for the rest.
 */
export const SETTLEMENT_POLICY = {
  preselfpayRate: 0.1,
  /** Inpatient deductible (fen) by insurance type and level 0–3. */
  inpatientDeductible: {
    '310': [30_000, 30_000, 60_000, 90_000],
    '390': [20_000, 20_000, 50_000, 100_000],
  },
  inpatientRatio: { '310': [0.9, 0.9, 0.85, 0.8], '390': [0.85, 0.85, 0.72, 0.58] },
  outpatientRatio: { '310': [0.6, 0.6, 0.55, 0.5], '390': [0.55, 0.55, 0.5, 0.45] },
  chronicRatio: { '310': 0.8, '390': 0.65 },
  pharmacyRatio: 0.5,
  /** Yearly cap of basic pooled payments for 职工 (fen); above it 大额补助 pays 90 %. */
  employeeBasicCap: 15_000_000,
  employeeSupplementRatio: 0.9,
  /**
   * 居民大病保险 on the yearly in-scope personal burden left by basic insurance (住院 and 门诊慢特病):
   * deductible (fen) and segments [from (fen above the deductible), ratio] (domain.md §7.2). Tilted
   * identities: deductible halved, +5 pp in every segment, no cap.
   */
  criticalDeductible: 1_200_000,
  criticalSegments: [
    [0, 0.6],
    [5_000_000, 0.7],
    [10_000_000, 0.8],
  ] as readonly (readonly [number, number])[],
  criticalTilt: 0.05,
  /** Identities with the tilt (basic +5 pp, 大病 deductible halved and +5 pp). */
  tilt: ['TEKUN', 'GUER', 'SHISHI_WUREN', 'DIBAO', 'JIANCE'] as readonly IdentityType[],
  /** Whether 医疗救助 also covers the 乙类 先行自付 part of the personal burden (domain.md §7.3). */
  assistanceCountsPreselfpay: false,
  /** 医疗救助 tiers: ratio, yearly deductible (fen), yearly limit (fen). */
  assistance: {
    TEKUN: [0.85, 0, 3_000_000],
    GUER: [0.85, 0, 3_000_000],
    SHISHI_WUREN: [0.85, 0, 3_000_000],
    ZHONGDU_CANJI: [0.75, 0, 3_000_000],
    DIBAO: [0.75, 0, 3_000_000],
    DIBAO_BIANYUAN: [0.65, 100_000, 2_000_000],
    JIANCE: [0.65, 100_000, 2_000_000],
  } as Readonly<Partial<Record<IdentityType, readonly [number, number, number]>>>,
} as const

/** Running yearly totals of one person, updated by each settlement in time order. */
export interface SettlementYtd {
  basicPaid: number
  criticalBase: number
  criticalPaid: number
  assistanceDeductible: number
  assistancePaid: number
  /** Personal-account balance (fen). */
  account: number
}

/** The settlement of one encounter with its fund rows and the fund amount per truth. */
export interface SettledEncounter {
  readonly settlement: Settlement
  readonly details: SettlementFundDetail[]
  /** Fund amount at risk, parallel to `enc.truths`. */
  readonly truthAmounts: number[]
}

function levelIndex(level: number): 0 | 1 | 2 | 3 {
  return level <= 0 ? 0 : level >= 3 ? 3 : (level as 1 | 2)
}

/**
 * Settles an encounter under `SETTLEMENT_POLICY`. All amounts are integer fen and the identities
 * of `checkSettlementIdentities` hold exactly.
 *
 * @param enc - the encounter with its lines
 * @param setlId - settlement id
 * @param psnNo - person number
 * @param insuType - 310 or 390
 * @param identity - the identity valid on the settlement date, or null
 * @param time - settlement time
 * @param ytd - the person's running totals (updated)
 * @returns the settlement, fund rows and truth amounts
 */
export function settleEncounter(
  enc: DraftEncounter,
  setlId: string,
  psnNo: string,
  insuType: InsuType,
  identity: IdentityType | null,
  time: string,
  ytd: SettlementYtd
): SettledEncounter {
  const P = SETTLEMENT_POLICY
  let medfee = 0
  let fulamt = 0
  let pre = 0
  for (const l of enc.lines) {
    medfee += l.amount
    if (l.catalogClass === '03') fulamt += l.amount
    else if (l.catalogClass === '02') pre += mulFen(l.amount, P.preselfpayRate)
  }
  const overlmt = 0
  const inscp = medfee - fulamt - overlmt - pre
  const employee = insuType === '310'
  const key = employee ? '310' : '390'
  const lv = levelIndex(enc.inst.level)
  const tilt = identity !== null && P.tilt.includes(identity)
  let ded = 0
  let ratio: number
  if (enc.kind === 'INPATIENT') {
    ded = Math.min(inscp, P.inpatientDeductible[key][lv])
    ratio = P.inpatientRatio[key][lv] + (tilt && !employee ? 0.05 : 0)
  } else if (enc.kind === 'PHARMACY') {
    ratio = P.pharmacyRatio
  } else if (enc.medType === '14') {
    ratio = P.chronicRatio[key]
  } else {
    ratio = P.outpatientRatio[key][lv]
  }
  let hifp = mulFen(inscp - ded, ratio)
  let hifob = 0
  if (employee && enc.kind === 'INPATIENT') {
    const room = Math.max(0, P.employeeBasicCap - ytd.basicPaid)
    if (hifp > room) {
      const over = hifp - room
      hifp = room
      hifob = mulFen(over / ratio, P.employeeSupplementRatio)
      hifob = Math.min(hifob, inscp - ded - hifp)
    }
  }
  ytd.basicPaid += hifp
  let hifmi = 0
  let criticalRatio = 0
  if (!employee && (enc.kind === 'INPATIENT' || enc.medType === '14')) {
    const own = inscp - hifp
    ytd.criticalBase += own
    const deductible = tilt ? P.criticalDeductible / 2 : P.criticalDeductible
    const over = Math.max(0, ytd.criticalBase - deductible)
    const due = criticalDue(over, tilt)
    hifmi = Math.min(own, Math.max(0, due - ytd.criticalPaid))
    ytd.criticalPaid += hifmi
    criticalRatio = criticalSegmentRatio(over, tilt)
  }
  let maf = 0
  const tier = identity === null ? undefined : P.assistance[identity]
  if (tier && (enc.kind === 'INPATIENT' || enc.medType === '14')) {
    const [maRatio, maDed, maLimit] = tier
    let base = inscp - hifp - hifob - hifmi + (P.assistanceCountsPreselfpay ? pre : 0)
    const dedLeft = Math.max(0, maDed - ytd.assistanceDeductible)
    const dedUsed = Math.min(base, dedLeft)
    ytd.assistanceDeductible += dedUsed
    base -= dedUsed
    maf = Math.min(mulFen(base, maRatio), Math.max(0, maLimit - ytd.assistancePaid))
    ytd.assistancePaid += maf
  }
  let oth = 0
  if (identity === 'TEKUN' && enc.kind === 'INPATIENT' && enc.inst.tier === 'COUNTY') {
    oth = medfee - hifp - hifob - hifmi - maf
  }
  const fund = hifp + hifob + hifmi + maf + oth
  const psnPart = medfee - fund
  const acct = employee ? Math.min(psnPart, Math.max(0, ytd.account)) : 0
  ytd.account -= acct
  const settlement: Settlement = {
    setlId,
    mdtrtId: enc.mdtrtId,
    psnNo,
    institutionCode: enc.inst.code,
    time,
    insuType,
    medType: enc.medType,
    medfeeSumamt: medfee,
    fulamtOwnpayAmt: fulamt,
    overlmtSelfpay: overlmt,
    preselfpayAmt: pre,
    inscpScpAmt: inscp,
    actPayDedc: ded,
    hifpPay: hifp,
    cvlservPay: 0,
    hifesPay: 0,
    hifmiPay: hifmi,
    hifobPay: hifob,
    hifdmPay: 0,
    mafPay: maf,
    othPay: oth,
    fundPaySumamt: fund,
    psnPartAmt: psnPart,
    acctPay: acct,
    psnCashPay: psnPart - acct,
    hospPartAmt: 0,
    acctMulaidPay: 0,
    refunded: false,
  }
  const details: SettlementFundDetail[] = []
  const row = (type: string, amount: number, scope: number | null, info: string): void => {
    if (amount > 0)
      details.push({ setlId, fundPayType: type, amount, inscpScpAmt: scope, procInfo: info })
  }
  row(
    employee ? '310100' : '390100',
    hifp,
    inscp,
    `政策范围内${fenToYuan(inscp)}元，起付线${fenToYuan(ded)}元，按${Math.round(ratio * 100)}%支付`
  )
  row('330100', hifob, null, '超过统筹基金年度最高支付限额部分按90%支付')
  row(
    '390200',
    hifmi,
    null,
    `年度累计政策范围内自付超过起付线${fenToYuan(tilt ? P.criticalDeductible / 2 : P.criticalDeductible)}元部分分段支付，本段${Math.round(criticalRatio * 100)}%`
  )
  row('610100', maf, null, '医疗救助按救助对象类别比例支付')
  row('999997', oth, null, '特困人员县域内住院个人自负费用政府兜底')
  row('310200', acct, null, '职工个人账户支付')
  const truthAmounts = enc.truths.map((t) => truthAmount(t, settlement))
  return { settlement, details, truthAmounts }
}

/** The 大病保险 due on `over` fen of yearly burden above the deductible, summed over segments. */
function criticalDue(over: number, tilt: boolean): number {
  const segs = SETTLEMENT_POLICY.criticalSegments
  let due = 0
  segs.forEach(([from, ratio], i) => {
    const to = segs[i + 1]?.[0] ?? Infinity
    if (over > from)
      due += mulFen(Math.min(over, to) - from, ratio + (tilt ? SETTLEMENT_POLICY.criticalTilt : 0))
  })
  return due
}

/** The ratio of the segment that `over` fen above the deductible falls in. */
function criticalSegmentRatio(over: number, tilt: boolean): number {
  let r = 0
  for (const [from, ratio] of SETTLEMENT_POLICY.criticalSegments) if (over >= from) r = ratio
  return r + (tilt ? SETTLEMENT_POLICY.criticalTilt : 0)
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
