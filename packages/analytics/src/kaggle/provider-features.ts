// SPDX-License-Identifier: Apache-2.0

/**
 * Provider-level features for the Kaggle "Healthcare Provider Fraud Detection" data (beneficiary,
 * inpatient and outpatient files). Rows arrive one at a time as string records keyed by the CSV
 * header, in any order; nothing here reads files, so the builder works the same on a stream of
 * half a million claims and on a handful of rows in a test.
 */

/** The two claim files of the dataset. */
export type KaggleClaimKind = 'INPATIENT' | 'OUTPATIENT'

/** One CSV row, keyed by the header of its file; `"NA"` or an empty string means "missing". */
export type KaggleRow = Readonly<Record<string, string | undefined>>

/** The features of one provider. Shares are in [0, 1]; means are over the rows that have the value. */
export interface ProviderFeatures {
  /** Provider id, e.g. `PRV51001`. */
  readonly provider: string
  /** Accepted inpatient claims. */
  readonly inpatientClaims: number
  /** Accepted outpatient claims. */
  readonly outpatientClaims: number
  /** Sum of `InscClaimAmtReimbursed` over all claims. */
  readonly totalReimbursed: number
  /** Mean `InscClaimAmtReimbursed` per claim. */
  readonly meanReimbursed: number
  /** Mean `DeductibleAmtPaid` over the claims that state it (0 when none do). */
  readonly meanDeductible: number
  /** Distinct `BeneID`s among the claims. */
  readonly beneficiaries: number
  /** Claims divided by distinct beneficiaries. */
  readonly claimsPerBeneficiary: number
  /** Distinct `AttendingPhysician`s. */
  readonly attendingPhysicians: number
  /** Distinct `OperatingPhysician`s. */
  readonly operatingPhysicians: number
  /** Claims divided by distinct physicians of any role (attending, operating, other); at least 1. */
  readonly claimsPerPhysician: number
  /** Mean `DischargeDt − AdmissionDt` in days over inpatient claims with both dates (0 when none). */
  readonly meanInpatientStayDays: number
  /** Share of claims with at least one `ClmProcedureCode_n`. */
  readonly procedureClaimShare: number
  /** Mean number of `ClmDiagnosisCode_1..10` present per claim. */
  readonly meanDiagnoses: number
  /** Share of the provider's beneficiaries (those found in the beneficiary file) with a `DOD`. */
  readonly deceasedBeneficiaryShare: number
  /** Mean number of `ChronicCond_*` equal to 1 over the same beneficiaries. */
  readonly meanChronicConditions: number
  /** Share of claims with a physician (any role) who also appears on another provider's claims. */
  readonly sharedPhysicianClaimShare: number
  /**
   * Share of claims whose signature (beneficiary, `ClaimStartDt`, `ClmDiagnosisCode_1`) occurs
   * more than once at this provider. Claims without a first diagnosis are never duplicates.
   */
  readonly duplicateClaimShare: number
}

/** Name of a numeric feature of {@link ProviderFeatures}. */
export type ProviderFeatureName = Exclude<keyof ProviderFeatures, 'provider'>

/**
 * How a feature is scaled before modelling: counts and amounts are heavy-tailed and get `log1p`,
 * shares are left as they are.
 */
export type FeatureKind = 'COUNT' | 'AMOUNT' | 'SHARE'

/** A feature and its kind. */
export interface FeatureSpec {
  readonly name: string
  readonly kind: FeatureKind
}

/** Every numeric feature of {@link ProviderFeatures}, in a fixed order. */
export const PROVIDER_FEATURE_SPECS: readonly (FeatureSpec & {
  readonly name: ProviderFeatureName
})[] = [
  { name: 'inpatientClaims', kind: 'COUNT' },
  { name: 'outpatientClaims', kind: 'COUNT' },
  { name: 'totalReimbursed', kind: 'AMOUNT' },
  { name: 'meanReimbursed', kind: 'AMOUNT' },
  { name: 'meanDeductible', kind: 'AMOUNT' },
  { name: 'beneficiaries', kind: 'COUNT' },
  { name: 'claimsPerBeneficiary', kind: 'COUNT' },
  { name: 'attendingPhysicians', kind: 'COUNT' },
  { name: 'operatingPhysicians', kind: 'COUNT' },
  { name: 'claimsPerPhysician', kind: 'COUNT' },
  { name: 'meanInpatientStayDays', kind: 'COUNT' },
  { name: 'procedureClaimShare', kind: 'SHARE' },
  { name: 'meanDiagnoses', kind: 'COUNT' },
  { name: 'deceasedBeneficiaryShare', kind: 'SHARE' },
  { name: 'meanChronicConditions', kind: 'COUNT' },
  { name: 'sharedPhysicianClaimShare', kind: 'SHARE' },
  { name: 'duplicateClaimShare', kind: 'SHARE' },
]

/** Accepted rows per file. */
export interface AcceptedRows {
  readonly beneficiary: number
  readonly inpatient: number
  readonly outpatient: number
}

const DIAGNOSIS_KEYS = Array.from({ length: 10 }, (_, i) => `ClmDiagnosisCode_${i + 1}`)
const PROCEDURE_KEYS = Array.from({ length: 6 }, (_, i) => `ClmProcedureCode_${i + 1}`)
const PHYSICIAN_KEYS = ['AttendingPhysician', 'OperatingPhysician', 'OtherPhysician'] as const
const CHRONIC_PREFIX = 'ChronicCond_'
const MS_PER_DAY = 86_400_000
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/
const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/

/** The trimmed value, or `undefined` when absent, empty or `"NA"`. */
export function kaggleValue(row: KaggleRow, key: string): string | undefined {
  const raw = row[key]
  if (raw === undefined) return undefined
  const value = raw.trim()
  return value === '' || value === 'NA' ? undefined : value
}

/** Days since 1970-01-01 of a `YYYY-MM-DD` date, or `undefined` when it is not a real date. */
export function kaggleDay(value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const match = DATE_PATTERN.exec(value)
  if (match === null) return undefined
  const year = Number(match[1])
  const month = Number(match[2])
  const day = Number(match[3])
  const time = Date.UTC(year, month - 1, day)
  const date = new Date(time)
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined
  return time / MS_PER_DAY
}

/** A decimal amount, or `undefined` when it is not a number. */
function parseAmount(value: string | undefined): number | undefined {
  if (value === undefined || !NUMBER_PATTERN.test(value)) return undefined
  const amount = Number(value)
  return Number.isFinite(amount) ? amount : undefined
}

interface BeneficiaryInfo {
  readonly deceased: boolean
  readonly chronicConditions: number
}

interface ProviderTotals {
  inpatientClaims: number
  outpatientClaims: number
  reimbursed: number
  deductibleSum: number
  deductibleCount: number
  stayDaysSum: number
  stayCount: number
  procedureClaims: number
  diagnosisSum: number
  readonly beneficiaries: Set<string>
  readonly attending: Set<string>
  readonly operating: Set<string>
  readonly physicians: Set<string>
  /** Claims per distinct set of physicians on a claim ('' for none). */
  readonly physicianSets: Map<string, number>
  /** Claims per duplicate signature. */
  readonly signatures: Map<string, number>
}

function emptyTotals(): ProviderTotals {
  return {
    inpatientClaims: 0,
    outpatientClaims: 0,
    reimbursed: 0,
    deductibleSum: 0,
    deductibleCount: 0,
    stayDaysSum: 0,
    stayCount: 0,
    procedureClaims: 0,
    diagnosisSum: 0,
    beneficiaries: new Set(),
    attending: new Set(),
    operating: new Set(),
    physicians: new Set(),
    physicianSets: new Map(),
    signatures: new Map(),
  }
}

const KEY_SEPARATOR = '\u0000'

/**
 * Accumulates beneficiary and claim rows and turns them into one {@link ProviderFeatures} per
 * provider. A row that lacks a required value is skipped and counted under a reason such as
 * `inpatient.badAmount`; no single row makes it throw.
 *
 * Required values — beneficiary: `BeneID`, a valid `DOB`, a `DOD` that is missing or valid, a
 * `BeneID` not seen before. Claim: `Provider`, `BeneID`, `ClaimID` (unique within its file), a
 * valid `ClaimStartDt`, and a non-negative `InscClaimAmtReimbursed`. Other values are optional.
 */
export class ProviderFeatureBuilder {
  readonly #beneficiaries = new Map<string, BeneficiaryInfo>()
  readonly #providers = new Map<string, ProviderTotals>()
  readonly #physicianFirstProvider = new Map<string, string>()
  readonly #sharedPhysicians = new Set<string>()
  readonly #claimIds = { INPATIENT: new Set<string>(), OUTPATIENT: new Set<string>() }
  readonly #skipped = new Map<string, number>()
  readonly #accepted = { beneficiary: 0, inpatient: 0, outpatient: 0 }

  /**
   * Adds one row of the beneficiary file.
   *
   * @returns `true` when the row was accepted, `false` when it was skipped (and counted)
   */
  addBeneficiary(row: KaggleRow): boolean {
    const beneId = kaggleValue(row, 'BeneID')
    if (beneId === undefined) return this.#skip('beneficiary.missingBeneId')
    if (kaggleDay(kaggleValue(row, 'DOB')) === undefined) return this.#skip('beneficiary.badDob')
    const dod = kaggleValue(row, 'DOD')
    if (dod !== undefined && kaggleDay(dod) === undefined) return this.#skip('beneficiary.badDod')
    if (this.#beneficiaries.has(beneId)) return this.#skip('beneficiary.duplicateBeneId')
    let chronicConditions = 0
    for (const key in row) {
      if (key.startsWith(CHRONIC_PREFIX) && kaggleValue(row, key) === '1') chronicConditions++
    }
    this.#beneficiaries.set(beneId, { deceased: dod !== undefined, chronicConditions })
    this.#accepted.beneficiary++
    return true
  }

  /**
   * Adds one row of the inpatient or outpatient claim file.
   *
   * @returns `true` when the row was accepted, `false` when it was skipped (and counted)
   */
  addClaim(kind: KaggleClaimKind, row: KaggleRow): boolean {
    const prefix = kind === 'INPATIENT' ? 'inpatient' : 'outpatient'
    const provider = kaggleValue(row, 'Provider')
    if (provider === undefined) return this.#skip(`${prefix}.missingProvider`)
    const beneId = kaggleValue(row, 'BeneID')
    if (beneId === undefined) return this.#skip(`${prefix}.missingBeneId`)
    const claimId = kaggleValue(row, 'ClaimID')
    if (claimId === undefined) return this.#skip(`${prefix}.missingClaimId`)
    const startDate = kaggleValue(row, 'ClaimStartDt')
    if (kaggleDay(startDate) === undefined) return this.#skip(`${prefix}.badStartDate`)
    const reimbursed = parseAmount(kaggleValue(row, 'InscClaimAmtReimbursed'))
    if (reimbursed === undefined || reimbursed < 0) return this.#skip(`${prefix}.badAmount`)
    const claimIds = this.#claimIds[kind]
    if (claimIds.has(claimId)) return this.#skip(`${prefix}.duplicateClaimId`)
    claimIds.add(claimId)

    let totals = this.#providers.get(provider)
    if (totals === undefined) {
      totals = emptyTotals()
      this.#providers.set(provider, totals)
    }
    if (kind === 'INPATIENT') {
      totals.inpatientClaims++
      const admitted = kaggleDay(kaggleValue(row, 'AdmissionDt'))
      const discharged = kaggleDay(kaggleValue(row, 'DischargeDt'))
      if (admitted !== undefined && discharged !== undefined && discharged >= admitted) {
        totals.stayDaysSum += discharged - admitted
        totals.stayCount++
      }
    } else {
      totals.outpatientClaims++
    }
    totals.reimbursed += reimbursed
    const deductible = parseAmount(kaggleValue(row, 'DeductibleAmtPaid'))
    if (deductible !== undefined && deductible >= 0) {
      totals.deductibleSum += deductible
      totals.deductibleCount++
    }
    totals.beneficiaries.add(beneId)

    const claimPhysicians: string[] = []
    for (const key of PHYSICIAN_KEYS) {
      const physician = kaggleValue(row, key)
      if (physician === undefined || claimPhysicians.includes(physician)) continue
      claimPhysicians.push(physician)
      totals.physicians.add(physician)
      const first = this.#physicianFirstProvider.get(physician)
      if (first === undefined) this.#physicianFirstProvider.set(physician, provider)
      else if (first !== provider) this.#sharedPhysicians.add(physician)
    }
    const attending = kaggleValue(row, 'AttendingPhysician')
    if (attending !== undefined) totals.attending.add(attending)
    const operating = kaggleValue(row, 'OperatingPhysician')
    if (operating !== undefined) totals.operating.add(operating)
    increment(totals.physicianSets, claimPhysicians.join(KEY_SEPARATOR))

    if (PROCEDURE_KEYS.some((key) => kaggleValue(row, key) !== undefined)) totals.procedureClaims++
    let diagnoses = 0
    for (const key of DIAGNOSIS_KEYS) if (kaggleValue(row, key) !== undefined) diagnoses++
    totals.diagnosisSum += diagnoses
    const firstDiagnosis = kaggleValue(row, 'ClmDiagnosisCode_1')
    if (firstDiagnosis !== undefined) {
      increment(totals.signatures, [beneId, startDate, firstDiagnosis].join(KEY_SEPARATOR))
    }

    if (kind === 'INPATIENT') this.#accepted.inpatient++
    else this.#accepted.outpatient++
    return true
  }

  /** Skipped rows per reason, reasons in alphabetical order. */
  skipped(): Record<string, number> {
    return Object.fromEntries([...this.#skipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  }

  /** Accepted rows per file. */
  accepted(): AcceptedRows {
    return { ...this.#accepted }
  }

  /** One entry per provider with at least one accepted claim, ordered by provider id. */
  features(): ProviderFeatures[] {
    const providers = [...this.#providers.keys()].sort()
    return providers.map((provider) => this.#featuresOf(provider, this.#providers.get(provider)!))
  }

  #featuresOf(provider: string, totals: ProviderTotals): ProviderFeatures {
    const claims = totals.inpatientClaims + totals.outpatientClaims
    let knownBeneficiaries = 0
    let deceased = 0
    let chronicSum = 0
    for (const beneId of totals.beneficiaries) {
      const info = this.#beneficiaries.get(beneId)
      if (info === undefined) continue
      knownBeneficiaries++
      if (info.deceased) deceased++
      chronicSum += info.chronicConditions
    }
    let sharedPhysicianClaims = 0
    for (const [physicianSet, count] of totals.physicianSets) {
      if (physicianSet === '') continue
      const physicians = physicianSet.split(KEY_SEPARATOR)
      if (physicians.some((physician) => this.#sharedPhysicians.has(physician))) {
        sharedPhysicianClaims += count
      }
    }
    let duplicateClaims = 0
    for (const count of totals.signatures.values()) if (count > 1) duplicateClaims += count
    return {
      provider,
      inpatientClaims: totals.inpatientClaims,
      outpatientClaims: totals.outpatientClaims,
      totalReimbursed: totals.reimbursed,
      meanReimbursed: totals.reimbursed / claims,
      meanDeductible: ratio(totals.deductibleSum, totals.deductibleCount),
      beneficiaries: totals.beneficiaries.size,
      claimsPerBeneficiary: claims / totals.beneficiaries.size,
      attendingPhysicians: totals.attending.size,
      operatingPhysicians: totals.operating.size,
      claimsPerPhysician: claims / Math.max(1, totals.physicians.size),
      meanInpatientStayDays: ratio(totals.stayDaysSum, totals.stayCount),
      procedureClaimShare: totals.procedureClaims / claims,
      meanDiagnoses: totals.diagnosisSum / claims,
      deceasedBeneficiaryShare: ratio(deceased, knownBeneficiaries),
      meanChronicConditions: ratio(chronicSum, knownBeneficiaries),
      sharedPhysicianClaimShare: sharedPhysicianClaims / claims,
      duplicateClaimShare: duplicateClaims / claims,
    }
  }

  #skip(reason: string): false {
    increment(this.#skipped, reason)
    return false
  }
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1)
}

/** `numerator / denominator`, or 0 when there is nothing to divide by. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator
}
