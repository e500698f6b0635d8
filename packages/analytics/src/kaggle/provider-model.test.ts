// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest'
import type { FeatureKind, KaggleRow, ProviderFeatures } from './provider-features.js'
import { PROVIDER_FEATURE_SPECS, ProviderFeatureBuilder } from './provider-features.js'
import type { FeatureMatrix } from './provider-model.js'
import { evaluateFeatureMatrix, evaluateProviderModel, stratifiedFolds } from './provider-model.js'
import { seededRandom } from '@yibao/domain'

/** A standard normal draw (Box–Muller). */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

/**
 * `size` items, about 10 % positive, with a count, an amount, two shares of noise, and — when
 * `planted` — a `signal` share shifted by 2.5 standard deviations for the positives.
 */
function syntheticMatrix(seed: number, size: number, planted: boolean): FeatureMatrix {
  const random = seededRandom(seed)
  const names = ['claims', 'amount', 'noiseA', 'noiseB', 'signal']
  const kinds: FeatureKind[] = ['COUNT', 'AMOUNT', 'SHARE', 'SHARE', 'SHARE']
  const labels: boolean[] = []
  const rows: number[][] = []
  for (let i = 0; i < size; i++) {
    const positive = random() < 0.1
    labels.push(positive)
    rows.push([
      Math.floor(Math.exp(3 + normal(random))),
      Math.exp(8 + normal(random)),
      normal(random),
      random(),
      normal(random) + (planted && positive ? 2.5 : 0),
    ])
  }
  return { names, kinds, rows, labels }
}

describe('stratifiedFolds', () => {
  it('spreads positives and negatives evenly over the folds, the same way for the same seed', () => {
    const labels = Array.from({ length: 103 }, (_, i) => i % 10 === 0)
    const folds = stratifiedFolds(labels, 5, 1)
    for (let fold = 0; fold < 5; fold++) {
      const members = labels.filter((_, i) => folds[i] === fold)
      const positives = members.filter(Boolean).length
      expect(positives).toBeGreaterThanOrEqual(2)
      expect(positives).toBeLessThanOrEqual(3)
      expect(members.length).toBeGreaterThanOrEqual(20)
      expect(members.length).toBeLessThanOrEqual(21)
    }
    expect(stratifiedFolds(labels, 5, 1)).toEqual(folds)
    expect(stratifiedFolds(labels, 5, 2)).not.toEqual(folds)
  })
  it('refuses fewer items than folds or fewer than two folds', () => {
    expect(() => stratifiedFolds([true, false], 5, 1)).toThrow(RangeError)
    expect(() => stratifiedFolds([true, false, true], 1, 1)).toThrow(RangeError)
  })
})

describe('evaluateFeatureMatrix', () => {
  it('finds a planted signal: out-of-fold ROC-AUC above 0.9, signal the heaviest weight', () => {
    const report = evaluateFeatureMatrix(syntheticMatrix(11, 1000, true))
    expect(report.providers).toBe(1000)
    expect(report.folds).toBe(5)
    expect(report.positives).toBeGreaterThan(60)
    expect(report.supervised.rocAuc).toBeGreaterThan(0.9)
    expect(report.supervised.prAuc).toBeGreaterThan(0.5)
    // The baseline sums every feature, four of them noise, so it sees the signal only dimly.
    expect(report.unsupervised.rocAuc).toBeGreaterThan(0.6)
    expect(report.topFeatures[0]).toMatchObject({ name: 'signal' })
    expect(report.topFeatures[0]!.weight).toBeGreaterThan(0)
    expect(report.topFeatures).toHaveLength(5)
  })
  it('finds nothing in pure noise: both ROC-AUCs within 0.4–0.6', () => {
    const report = evaluateFeatureMatrix(syntheticMatrix(12, 1000, false))
    for (const scores of [report.supervised, report.unsupervised]) {
      expect(scores.rocAuc).toBeGreaterThan(0.4)
      expect(scores.rocAuc).toBeLessThan(0.6)
    }
  })
  it('is deterministic and honours its options', () => {
    const matrix = syntheticMatrix(13, 300, true)
    expect(evaluateFeatureMatrix(matrix)).toEqual(evaluateFeatureMatrix(matrix))
    const report = evaluateFeatureMatrix(matrix, { folds: 3, topFeatures: 2, iterations: 50 })
    expect(report.folds).toBe(3)
    expect(report.topFeatures).toHaveLength(2)
  })
  it('throws RangeError on bad input', () => {
    const matrix = syntheticMatrix(14, 50, true)
    expect(() =>
      evaluateFeatureMatrix({ ...matrix, labels: matrix.labels.map(() => false) })
    ).toThrow(RangeError)
    expect(() => evaluateFeatureMatrix({ ...matrix, labels: matrix.labels.slice(1) })).toThrow(
      RangeError
    )
    expect(() =>
      evaluateFeatureMatrix({
        ...matrix,
        rows: [[1, 2, 3, 4, Number.NaN], ...matrix.rows.slice(1)],
      })
    ).toThrow(RangeError)
    expect(() => evaluateFeatureMatrix(matrix, { iterations: 0 })).toThrow(RangeError)
  })
})

describe('evaluateProviderModel', () => {
  /** Providers whose claims per beneficiary and amounts are inflated when fraudulent. */
  function providers(seed: number): { features: ProviderFeatures[]; labels: Map<string, boolean> } {
    const random = seededRandom(seed)
    const features: ProviderFeatures[] = []
    const labels = new Map<string, boolean>()
    for (let i = 0; i < 400; i++) {
      const provider = `PRV${51_000 + i}`
      const fraud = random() < 0.12
      labels.set(provider, fraud)
      const values = Object.fromEntries(
        PROVIDER_FEATURE_SPECS.map((spec) => [
          spec.name,
          spec.kind === 'SHARE' ? random() : 1 + 50 * random(),
        ])
      ) as Record<string, number>
      values.claimsPerBeneficiary = (fraud ? 4 : 1.5) + random()
      values.meanReimbursed = (fraud ? 9000 : 3000) * (0.5 + random())
      features.push({ provider, ...values } as unknown as ProviderFeatures)
    }
    return { features, labels }
  }

  it('joins features and labels by provider, whatever the order of the features', () => {
    const { features, labels } = providers(21)
    labels.delete(features[0]!.provider)
    const report = evaluateProviderModel(features, labels)
    expect(report.providers).toBe(399)
    expect(report.positives).toBe([...labels.values()].filter(Boolean).length)
    expect(report.supervised.rocAuc).toBeGreaterThan(0.9)
    expect(report.topFeatures.map((f) => f.name)).toContain('claimsPerBeneficiary')
    expect(evaluateProviderModel([...features].reverse(), labels)).toEqual(report)
  })
})

describe('ProviderFeatureBuilder', () => {
  const chronic = (alzheimer: string, heart: string, kidney: string) => ({
    ChronicCond_Alzheimer: alzheimer,
    ChronicCond_Heartfailure: heart,
    ChronicCond_KidneyDisease: kidney,
  })
  const beneficiaries: KaggleRow[] = [
    { BeneID: 'B1', DOB: '1940-01-01', DOD: '2009-12-01', ...chronic('1', '1', '2') },
    { BeneID: 'B2', DOB: '1950-06-30', DOD: 'NA', ...chronic('2', '2', '2') },
    // Bad rows: no id, no birth date, an impossible death date, a repeated id.
    { BeneID: 'NA', DOB: '1940-01-01', DOD: 'NA' },
    { BeneID: 'B4', DOB: 'NA', DOD: 'NA' },
    { BeneID: 'B5', DOB: '1940-01-01', DOD: '2009-02-30' },
    { BeneID: 'B1', DOB: '1940-01-01', DOD: 'NA' },
  ]
  const claim = (values: Record<string, string>): KaggleRow => ({
    AttendingPhysician: 'NA',
    OperatingPhysician: 'NA',
    OtherPhysician: 'NA',
    DeductibleAmtPaid: 'NA',
    ClmDiagnosisCode_1: 'NA',
    ClmProcedureCode_1: 'NA',
    ...values,
  })
  const inpatient: KaggleRow[] = [
    claim({
      ...{ BeneID: 'B1', ClaimID: 'C1', Provider: 'P1', InscClaimAmtReimbursed: '1000' },
      ...{ ClaimStartDt: '2009-01-01', AdmissionDt: '2009-01-01', DischargeDt: '2009-01-05' },
      ...{ DeductibleAmtPaid: '1068', AttendingPhysician: 'PHY1', OperatingPhysician: 'PHY2' },
      ...{ ClmDiagnosisCode_1: 'D1', ClmDiagnosisCode_2: 'D2', ClmProcedureCode_1: '4443' },
    }),
    // Bad row: a start date that does not exist.
    claim({
      BeneID: 'B1',
      ClaimID: 'C9',
      Provider: 'P1',
      InscClaimAmtReimbursed: '5',
      ClaimStartDt: '2009-02-30',
    }),
  ]
  const outpatient: KaggleRow[] = [
    claim({
      ...{ BeneID: 'B1', ClaimID: 'C2', Provider: 'P1', InscClaimAmtReimbursed: '100' },
      ...{ ClaimStartDt: '2009-02-01', DeductibleAmtPaid: '0', AttendingPhysician: 'PHY1' },
      ClmDiagnosisCode_1: 'D1',
    }),
    claim({
      ...{ BeneID: 'B1', ClaimID: 'C3', Provider: 'P1', InscClaimAmtReimbursed: '200' },
      ...{ ClaimStartDt: '2009-02-01', AttendingPhysician: 'PHY3', ClmDiagnosisCode_1: 'D1' },
    }),
    claim({
      BeneID: 'B2',
      ClaimID: 'C4',
      Provider: 'P1',
      InscClaimAmtReimbursed: '50',
      ClaimStartDt: '2009-03-01',
    }),
    claim({
      ...{ BeneID: 'B3', ClaimID: 'C5', Provider: 'P2', InscClaimAmtReimbursed: '300' },
      ...{ ClaimStartDt: '2009-01-10', AttendingPhysician: 'PHY3', ClmDiagnosisCode_1: 'D9' },
    }),
    // Bad rows: no provider (its physician must not count as shared), two bad amounts, a
    // repeated claim id.
    claim({
      BeneID: 'B1',
      ClaimID: 'C6',
      Provider: 'NA',
      InscClaimAmtReimbursed: '1',
      ClaimStartDt: '2009-01-01',
      AttendingPhysician: 'PHY2',
    }),
    claim({
      BeneID: 'B1',
      ClaimID: 'C7',
      Provider: 'P1',
      InscClaimAmtReimbursed: 'abc',
      ClaimStartDt: '2009-01-01',
    }),
    claim({
      BeneID: 'B1',
      ClaimID: 'C8',
      Provider: 'P1',
      InscClaimAmtReimbursed: '-3',
      ClaimStartDt: '2009-01-01',
    }),
    claim({
      BeneID: 'B1',
      ClaimID: 'C2',
      Provider: 'P2',
      InscClaimAmtReimbursed: '1',
      ClaimStartDt: '2009-01-01',
    }),
  ]

  function build(claimsFirst: boolean): ProviderFeatureBuilder {
    const builder = new ProviderFeatureBuilder()
    const addBeneficiaries = () => {
      for (const row of beneficiaries) builder.addBeneficiary(row)
    }
    if (!claimsFirst) addBeneficiaries()
    for (const row of outpatient) builder.addClaim('OUTPATIENT', row)
    for (const row of inpatient) builder.addClaim('INPATIENT', row)
    if (claimsFirst) addBeneficiaries()
    return builder
  }

  it('computes every feature per provider', () => {
    const [p1, p2] = build(false).features()
    expect(p1).toEqual({
      provider: 'P1',
      inpatientClaims: 1,
      outpatientClaims: 3,
      totalReimbursed: 1350,
      meanReimbursed: 337.5,
      meanDeductible: 534,
      beneficiaries: 2,
      claimsPerBeneficiary: 2,
      attendingPhysicians: 2,
      operatingPhysicians: 1,
      claimsPerPhysician: 4 / 3,
      meanInpatientStayDays: 4,
      procedureClaimShare: 0.25,
      meanDiagnoses: 1,
      deceasedBeneficiaryShare: 0.5,
      meanChronicConditions: 1,
      sharedPhysicianClaimShare: 0.25,
      duplicateClaimShare: 0.5,
    })
    expect(p2).toEqual({
      provider: 'P2',
      inpatientClaims: 0,
      outpatientClaims: 1,
      totalReimbursed: 300,
      meanReimbursed: 300,
      meanDeductible: 0,
      beneficiaries: 1,
      claimsPerBeneficiary: 1,
      attendingPhysicians: 1,
      operatingPhysicians: 0,
      claimsPerPhysician: 1,
      meanInpatientStayDays: 0,
      procedureClaimShare: 0,
      meanDiagnoses: 1,
      deceasedBeneficiaryShare: 0,
      meanChronicConditions: 0,
      sharedPhysicianClaimShare: 1,
      duplicateClaimShare: 0,
    })
  })

  it('skips and counts bad rows per reason instead of throwing', () => {
    const builder = build(false)
    expect(builder.skipped()).toEqual({
      'beneficiary.badDob': 1,
      'beneficiary.badDod': 1,
      'beneficiary.duplicateBeneId': 1,
      'beneficiary.missingBeneId': 1,
      'inpatient.badStartDate': 1,
      'outpatient.badAmount': 2,
      'outpatient.duplicateClaimId': 1,
      'outpatient.missingProvider': 1,
    })
    expect(builder.accepted()).toEqual({ beneficiary: 2, inpatient: 1, outpatient: 4 })
    expect(builder.addClaim('INPATIENT', {})).toBe(false)
    expect(builder.addBeneficiary({})).toBe(false)
  })

  it('does not depend on whether beneficiaries or claims come first', () => {
    expect(build(true).features()).toEqual(build(false).features())
  })
})
