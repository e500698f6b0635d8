// SPDX-License-Identifier: Apache-2.0
import type {
  CatalogClass,
  Fen,
  IdentityType,
  InstitutionLevel,
  InstitutionTier,
  InsuType,
  ListType,
  PriceE4,
  Settlement,
  SettlementFundDetail,
  Timestamp,
} from '@yibao/domain'
import { fenToYuan, IDENTITY_LABELS, lineAmount, TIER_LABELS } from '@yibao/domain'
import { bpText, coveredBy, FULL_BP, mulBp } from './basis-points.js'
import type {
  BackstopRule,
  BasicRule,
  BenefitPolicy,
  CriticalSegment,
  RuleScope,
  TiltRule,
} from './benefit-policy.js'
import type { CareType } from './care-type.js'
import { CARE_TYPE_LABELS } from './care-type.js'
import type { YearToDate } from './year-to-date.js'

/** One fee line as the settlement needs it. */
export interface SettlementLineInput {
  readonly feedetlSn: string
  readonly listType: ListType
  /** 甲 01 / 乙 02 / 丙 03. */
  readonly catalogClass: CatalogClass
  readonly quantity: number
  readonly price: PriceE4
  readonly amount: Fen
  /** The item's price cap at the institution's level, when it has one. */
  readonly capPrice?: PriceE4 | null | undefined
  /**
   * True when the line failed a payment restriction of the audit (性别、年龄、险种、就医方式…
   * 明确违规): the fund does not pay it, so it is 全自费.
   */
  readonly restricted?: boolean | undefined
}

/** An encounter to settle, with what the policy reads about the person and the institution. */
export interface SettlementInput {
  readonly setlId: string
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  /** Settlement time: its year selects the year-to-date totals. */
  readonly time: Timestamp
  readonly insuType: InsuType
  readonly medType: string
  readonly careType: CareType
  readonly level: InstitutionLevel
  readonly tier: InstitutionTier
  /** The person's identities valid on the settlement date. */
  readonly identities: readonly IdentityType[]
  readonly lines: readonly SettlementLineInput[]
}

/** How one line was split. */
export interface LineSplit {
  readonly feedetlSn: string
  readonly amount: Fen
  readonly fullSelfPay: Fen
  readonly overPrice: Fen
  readonly preselfpay: Fen
  readonly inScope: Fen
}

/** One layer of the settlement with its explanation. */
export interface SettlementStep {
  readonly layer:
    | 'BASIC'
    | 'EMPLOYEE_SUPPLEMENT'
    | 'CRITICAL'
    | 'ASSISTANCE'
    | 'SUPPLEMENT'
    | 'BACKSTOP'
    | 'ACCOUNT'
    /** A blacklisted person pays everything first (先行全额自付); no fund pays now. */
    | 'CASH_FIRST'
  readonly fundPayType: string
  readonly amount: Fen
  /** The in-scope amount the layer worked on, when it has one. */
  readonly base: Fen | null
  /** `setl_proc_info`: the step in Chinese with its figures. */
  readonly text: string
}

/** A settlement with its fund rows, the steps that made it and, on request, the line splits. */
export interface SettlementResult {
  readonly settlement: Settlement
  readonly details: SettlementFundDetail[]
  readonly steps: SettlementStep[]
  readonly lines: LineSplit[] | null
  /** The tilt applied, when one was. */
  readonly tilt: string | null
  /** The basic ratio applied (with any tilt), bp; null when no basic row applied. */
  readonly basicRatioBp: number | null
  /** The personal-account balance after the settlement. */
  readonly accountBalance: Fen
}

/** Options of `settleEncounter`. */
export interface SettleOptions {
  /** Return each line's split (the calculator shows it). Default false. */
  readonly lines?: boolean | undefined
  /**
   * Write the Chinese step texts (`text` of the steps, `procInfo` of the fund rows). Default
   * true; false leaves them empty for bulk runs (what-if over a year), every amount unchanged.
   */
  readonly explain?: boolean | undefined
}

/**
 * `fenToYuan(fen) + ' 元'`. The texts are built for every layer of every settlement, so integers
 * are formatted here, more cheaply than by `fenToYuan`'s general path; anything else goes
 * through `fenToYuan`, so the text is the same either way.
 */
function yuan(fen: Fen): string {
  if (!Number.isSafeInteger(fen)) return `${fenToYuan(fen)} 元`
  const abs = fen < 0 ? -fen : fen
  const cents = abs % 100
  return `${fen < 0 ? '-' : ''}${(abs - cents) / 100}.${cents < 10 ? '0' : ''}${cents} 元`
}

// Rule matching runs for every rule row of every settlement: plain loops over the short lists
// cost less than `includes`, and than `some` with a callback.

function has<T>(list: readonly T[], value: T): boolean {
  for (let i = 0; i < list.length; i++) if (list[i] === value) return true
  return false
}

function inScope(scope: RuleScope, input: SettlementInput): boolean {
  // Identities first: most persons have none, and most rules that name identities fail there.
  const identities = scope.identities
  if (identities !== undefined && !hasIdentity(identities, input.identities)) return false
  if (scope.insuTypes !== undefined && !has(scope.insuTypes, input.insuType)) return false
  if (scope.careTypes !== undefined && !has(scope.careTypes, input.careType)) return false
  if (scope.levels !== undefined && !has(scope.levels, input.level)) return false
  if (scope.tiers !== undefined && !has(scope.tiers, input.tier)) return false
  return true
}

/** Whether the person holds one of the rule's identities. */
function hasIdentity(
  ruleIdentities: readonly IdentityType[],
  identities: readonly IdentityType[]
): boolean {
  for (let i = 0; i < identities.length; i++) if (has(ruleIdentities, identities[i]!)) return true
  return false
}

/** The first rule whose scope matches. */
function first<T extends RuleScope>(rules: readonly T[], input: SettlementInput): T | undefined {
  for (let i = 0; i < rules.length; i++) if (inScope(rules[i]!, input)) return rules[i]
  return undefined
}

/** The name of the first of the person's identities a rule names (for explanations). */
function identityName(scope: RuleScope, input: SettlementInput): string {
  const named = scope.identities
  if (named === undefined) return ''
  for (const i of input.identities) if (has(named, i)) return IDENTITY_LABELS[i]
  return ''
}

/** The 大病 due on `over` fen of yearly base above the deductible, summed over the segments. */
function criticalDue(over: Fen, segments: readonly CriticalSegment[], bonusBp: number): Fen {
  let due = 0
  for (let i = 0; i < segments.length; i++) {
    const from = segments[i]!.from
    if (over <= from) break
    const to = segments[i + 1]?.from ?? Infinity
    due += mulBp(Math.min(over, to) - from, Math.min(FULL_BP, segments[i]!.ratioBp + bonusBp))
  }
  return due
}

function segmentsText(segments: readonly CriticalSegment[], bonusBp: number): string {
  let text = ''
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!
    const to = segments[i + 1]?.from
    const range =
      to === undefined ? `${fenToYuan(s.from)} 元以上` : `${fenToYuan(s.from)}–${fenToYuan(to)} 元`
    text += `${i > 0 ? '，' : ''}${range} ${bpText(Math.min(FULL_BP, s.ratioBp + bonusBp))}`
  }
  return text
}

/**
 * `<capGroup>:<care type>` keys of `deductibleMet`, kept so that the record is read with the same
 * string every time: a fresh concatenation is hashed again on each lookup.
 */
const deductibleKeys = new Map<string, Map<string, string>>()

function deductibleKey(group: string, careType: CareType): string {
  let byCare = deductibleKeys.get(group)
  if (byCare === undefined) {
    byCare = new Map()
    deductibleKeys.set(group, byCare)
  }
  let key = byCare.get(careType)
  if (key === undefined) {
    key = `${group}:${careType}`
    byCare.set(careType, key)
  }
  return key
}

function add(record: Record<string, Fen>, key: string, amount: Fen): void {
  record[key] = (record[key] ?? 0) + amount
}

/**
 * Settles one encounter in one go through the layers of domain.md §7.3 — basic insurance (with
 * 职工大额 above its cap), 大病保险, 医疗救助, supplementary cover ("180"), 政府兜底 ("351") and
 * the personal account — and updates the person's year-to-date totals. Every amount is integer
 * fen, every ratio integer basis points rounded half-up once per computed amount, and the
 * accounting identities of domain.md §2.6 hold by construction.
 *
 * @param input - the encounter, the person's identities on the date and the lines
 * @param policy - the benefit policy in force
 * @param ytd - the person's totals of the settlement's year (changed in place)
 * @param options - whether to return each line's split, and whether to write the step texts
 * @returns the settlement (`setlinfo`), its fund rows (`setldetail`) and the steps
 */
export function settleEncounter(
  input: SettlementInput,
  policy: BenefitPolicy,
  ytd: YearToDate,
  options: SettleOptions = {}
): SettlementResult {
  const explain = options.explain ?? true
  // 1. Lines: 全自费, 超限价, 先行自付, 政策范围内.
  const linePolicy = policy.lines
  const byListType = linePolicy.preselfpayBpByListType
  const preselfpayBp = linePolicy.preselfpayBp
  // The 先行自付 share of each list type, read once per settlement: a keyed read of the table
  // (its keys are index-like strings) for every 乙类 line was the costliest line of the profile.
  const bp101 = byListType?.['101'] ?? preselfpayBp
  const bp102 = byListType?.['102'] ?? preselfpayBp
  const bp201 = byListType?.['201'] ?? preselfpayBp
  const bp301 = byListType?.['301'] ?? preselfpayBp
  let medfee = 0
  let fulamt = 0
  let overlmt = 0
  let pre = 0
  const splits: LineSplit[] | null = options.lines ? [] : null
  const lines = input.lines
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!
    const amount = l.amount
    medfee += amount
    let full = 0
    let over = 0
    let p = 0
    const catalogClass = l.catalogClass
    if (l.restricted === true || catalogClass === '03') {
      full = amount
    } else {
      const capPrice = l.capPrice
      if (capPrice !== undefined && capPrice !== null && l.price > capPrice) {
        over = Math.max(0, Math.min(amount, amount - lineAmount(l.quantity, capPrice)))
      }
      if (catalogClass === '02') {
        const listType = l.listType
        const bp =
          listType === '101'
            ? bp101
            : listType === '102'
              ? bp102
              : listType === '201'
                ? bp201
                : listType === '301'
                  ? bp301
                  : (byListType?.[listType] ?? preselfpayBp)
        p = mulBp(amount - over, bp)
      }
    }
    fulamt += full
    overlmt += over
    pre += p
    if (splits !== null) {
      splits.push({
        feedetlSn: l.feedetlSn,
        amount,
        fullSelfPay: full,
        overPrice: over,
        preselfpay: p,
        inScope: amount - full - over - p,
      })
    }
  }
  const inscp = medfee - fulamt - overlmt - pre
  const steps: SettlementStep[] = []
  const tilt: TiltRule | undefined = first(policy.tilts, input)

  // 2. Basic pooled fund, and 职工大额 above its annual cap.
  let hifp = 0
  let hifob = 0
  let deductibleUsed = 0
  let basicRatioBp: number | null = null
  const basic: BasicRule | undefined = first(policy.basic, input)
  if (basic !== undefined && inscp > 0) {
    const group = basic.capGroup ?? 'basic'
    if (basic.deductiblePer === 'YEAR') {
      const key = deductibleKey(group, input.careType)
      deductibleUsed = Math.min(
        inscp,
        Math.max(0, basic.deductible - (ytd.deductibleMet[key] ?? 0))
      )
      add(ytd.deductibleMet, key, deductibleUsed)
    } else {
      deductibleUsed = Math.min(inscp, basic.deductible)
    }
    const payable = inscp - deductibleUsed
    const bonus = tilt?.basicRatioBonusBp ?? 0
    const ratio = Math.min(FULL_BP, basic.ratioBp + bonus)
    basicRatioBp = ratio
    const due = mulBp(payable, ratio)
    const room =
      basic.annualCap === null
        ? Infinity
        : Math.max(0, basic.annualCap - (ytd.basicPaid[group] ?? 0))
    hifp = Math.min(due, room)
    add(ytd.basicPaid, group, hifp)
    const capped = hifp < due
    steps.push({
      layer: 'BASIC',
      fundPayType: basic.fundPayType,
      amount: hifp,
      base: inscp,
      text: explain
        ? `${CARE_TYPE_LABELS[input.careType]}政策范围内费用 ${yuan(inscp)}，` +
          `${basic.deductiblePer === 'YEAR' ? '年度' : '本次'}起付线 ${yuan(deductibleUsed)}，` +
          `按 ${bpText(ratio)}${bonus > 0 ? `（${bpText(basic.ratioBp)} + ${tilt!.name} ${bpText(bonus)}）` : ''}` +
          `支付 ${yuan(hifp)}${capped ? `（达到年度最高支付限额 ${yuan(basic.annualCap!)}）` : ''}`
        : '',
    })
    const sup = policy.employeeSupplement
    if (capped && sup !== null && inScope(sup, input)) {
      const excess = payable - Math.min(payable, coveredBy(hifp, ratio))
      const supRoom =
        sup.annualCap === null ? Infinity : Math.max(0, sup.annualCap - ytd.employeeSupplementPaid)
      hifob = Math.min(mulBp(excess, sup.ratioBp), supRoom, payable - hifp)
      ytd.employeeSupplementPaid += hifob
      steps.push({
        layer: 'EMPLOYEE_SUPPLEMENT',
        fundPayType: sup.fundPayType,
        amount: hifob,
        base: excess,
        text: explain
          ? `超过统筹基金年度最高支付限额的政策范围内费用 ${yuan(excess)}，职工大额医疗费用补助按 ${bpText(sup.ratioBp)} 支付 ${yuan(hifob)}`
          : '',
      })
    }
  }
  // The person's burden so far: in scope, and 先行自付. A later layer that counts 先行自付 takes
  // from the in-scope burden first (written out at each layer: a closure over these two would
  // keep them in a heap context for the whole function).
  let ownIn = inscp - hifp - hifob
  let ownPre = pre

  // 3. 大病保险 on the yearly base.
  let hifmi = 0
  const critical = policy.critical
  if (critical !== null && inScope(critical, input)) {
    const baseThis = ownIn + (critical.countsPreselfpay ? ownPre : 0)
    ytd.criticalBase += baseThis
    const factor = tilt?.criticalDeductibleBp ?? FULL_BP
    const deductible = mulBp(critical.deductible, factor)
    const bonus = tilt?.criticalRatioBonusBp ?? 0
    const over = Math.max(0, ytd.criticalBase - deductible)
    const due = criticalDue(over, critical.segments, bonus)
    const uncapped = critical.annualCap === null || (tilt?.criticalUncapped ?? false)
    const capRoom = uncapped ? Infinity : Math.max(0, critical.annualCap - ytd.criticalPaid)
    hifmi = Math.max(0, Math.min(baseThis, due - ytd.criticalPaid, capRoom))
    ytd.criticalPaid += hifmi
    const fromIn = Math.min(ownIn, hifmi)
    ownIn -= fromIn
    ownPre -= hifmi - fromIn
    if (baseThis > 0) {
      steps.push({
        layer: 'CRITICAL',
        fundPayType: critical.fundPayType,
        amount: hifmi,
        base: baseThis,
        text: explain
          ? `年度累计大病保险基数 ${yuan(ytd.criticalBase)}（本次 ${yuan(baseThis)}），起付线 ${yuan(deductible)}` +
            `${factor !== FULL_BP ? `（${tilt!.name}，按 ${bpText(factor)}）` : ''}，` +
            `分段支付 ${segmentsText(critical.segments, bonus)}` +
            `${uncapped && critical.annualCap !== null ? '，不设封顶' : ''}；本次支付 ${yuan(hifmi)}`
          : '',
      })
    }
  }

  // 4. 医疗救助.
  let maf = 0
  const assistance = first(policy.assistance, input)
  if (assistance !== undefined) {
    const available = ownIn + (assistance.countsPreselfpay ? ownPre : 0)
    const dedUsed = Math.min(
      available,
      Math.max(0, assistance.deductible - ytd.assistanceDeductibleMet)
    )
    ytd.assistanceDeductibleMet += dedUsed
    const room =
      assistance.annualLimit === null
        ? Infinity
        : Math.max(0, assistance.annualLimit - ytd.assistancePaid)
    maf = Math.min(mulBp(available - dedUsed, assistance.ratioBp), room)
    ytd.assistancePaid += maf
    const fromIn = Math.min(ownIn, maf)
    ownIn -= fromIn
    ownPre -= maf - fromIn
    if (available > 0) {
      steps.push({
        layer: 'ASSISTANCE',
        fundPayType: assistance.fundPayType,
        amount: maf,
        base: available,
        text: explain
          ? `${assistance.name}（${identityName(assistance, input)}）：救助基数 ${yuan(available)}，` +
            `年度起付 ${yuan(dedUsed)}，按 ${bpText(assistance.ratioBp)} 支付 ${yuan(maf)}` +
            (maf === room ? `（达到年度救助限额 ${yuan(assistance.annualLimit!)}）` : '')
          : '',
      })
    }
  }

  // 5. Supplementary cover ("180") on the in-scope cost still left.
  let supplementPay = 0
  const supplement = first(policy.supplements, input)
  if (supplement !== undefined && ownIn > 0) {
    const room =
      supplement.annualLimit === null
        ? Infinity
        : Math.max(0, supplement.annualLimit - ytd.supplementPaid)
    supplementPay = Math.min(mulBp(ownIn, supplement.ratioBp), room)
    ytd.supplementPaid += supplementPay
    steps.push({
      layer: 'SUPPLEMENT',
      fundPayType: supplement.fundPayType,
      amount: supplementPay,
      base: ownIn,
      text: explain
        ? `${supplement.name}：余下政策范围内费用 ${yuan(ownIn)}，按 ${bpText(supplement.ratioBp)} 支付 ${yuan(supplementPay)}`
        : '',
    })
    ownIn -= supplementPay
  }

  // 6. 政府兜底: a yearly cap on what the person pays.
  let backstopPay = 0
  const backstop: BackstopRule | undefined = first(policy.backstops, input)
  const cap = backstop?.capByTier[input.tier]
  if (backstop !== undefined && cap !== undefined) {
    const burden = ownIn + ownPre + (backstop.includeFullSelfPay ? fulamt + overlmt : 0)
    const keep = Math.min(burden, Math.max(0, cap - ytd.backstopKept))
    backstopPay = burden - keep
    ytd.backstopKept += keep
    ytd.backstopPaid += backstopPay
    if (burden > 0) {
      steps.push({
        layer: 'BACKSTOP',
        fundPayType: backstop.fundPayType,
        amount: backstopPay,
        base: burden,
        text: explain
          ? `${backstop.name}（${identityName(backstop, input)}，${TIER_LABELS[input.tier]}医疗机构年度个人自付上限 ${yuan(cap)}）：` +
            `本次个人自付 ${yuan(burden)}${backstop.includeFullSelfPay ? '（含全自费）' : '（含先行自付）'}，` +
            `个人承担 ${yuan(keep)}，政府兜底 ${yuan(backstopPay)}`
          : '',
      })
    }
  }

  // 7. The person's part, from the personal account first.
  const oth = supplementPay + backstopPay
  const fund = hifp + hifob + hifmi + maf + oth
  const psnPart = medfee - fund
  let acct = 0
  const account = policy.account
  if (account !== null && has(account.insuTypes, input.insuType) && psnPart > 0) {
    acct = Math.min(psnPart, Math.max(0, ytd.account))
    ytd.account -= acct
    if (acct > 0) {
      steps.push({
        layer: 'ACCOUNT',
        fundPayType: account.fundPayType,
        amount: acct,
        base: psnPart,
        text: explain
          ? `个人负担 ${yuan(psnPart)}，职工个人账户支付 ${yuan(acct)}，余额 ${yuan(ytd.account)}`
          : '',
      })
    }
  }
  const settlement: Settlement = {
    setlId: input.setlId,
    mdtrtId: input.mdtrtId,
    psnNo: input.psnNo,
    institutionCode: input.institutionCode,
    time: input.time,
    insuType: input.insuType,
    medType: input.medType,
    medfeeSumamt: medfee,
    fulamtOwnpayAmt: fulamt,
    overlmtSelfpay: overlmt,
    preselfpayAmt: pre,
    inscpScpAmt: inscp,
    actPayDedc: deductibleUsed,
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
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!
    if (s.amount > 0) {
      details.push({
        setlId: input.setlId,
        fundPayType: s.fundPayType,
        amount: s.amount,
        inscpScpAmt: s.layer === 'BASIC' ? inscp : null,
        procInfo: s.text,
      })
    }
  }
  return {
    settlement,
    details,
    steps,
    lines: splits,
    tilt: tilt?.name ?? null,
    basicRatioBp,
    accountBalance: ytd.account,
  }
}
