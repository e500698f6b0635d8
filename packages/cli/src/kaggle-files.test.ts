// SPDX-License-Identifier: Apache-2.0
// The Kaggle provider-fraud loader: skips cleanly without the claim files, and runs end to end on
// synthetic files written in the Kaggle format.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import zlib from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import type { KaggleProgress } from './kaggle-files.js'
import { evaluateKaggleDir, findKaggleFiles, parseCsvLine } from './kaggle-files.js'
import { seededRandom } from '@yibao/domain'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const kaggleDir = path.resolve(repoRoot, '../shared/data/kaggle-provider-fraud')
const CLAIM_PREFIXES = ['Train_Beneficiarydata', 'Train_Inpatientdata', 'Train_Outpatientdata']

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'yibao-kaggle-'))
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true })
})

/** A fresh directory under the temp directory. */
function freshDir(name: string): string {
  const dir = path.join(tmp, name)
  fs.mkdirSync(dir)
  return dir
}

const CHRONIC = [
  'Alzheimer',
  'Heartfailure',
  'KidneyDisease',
  'Cancer',
  'ObstrPulmonary',
  'Depression',
  'Diabetes',
  'IschemicHeart',
  'Osteoporasis',
  'rheumatoidarthritis',
  'stroke',
].map((name) => `ChronicCond_${name}`)
const BENEFICIARY_HEADER = [
  ...['BeneID', 'DOB', 'DOD', 'Gender', 'Race', 'RenalDiseaseIndicator', 'State', 'County'],
  ...['NoOfMonths_PartACov', 'NoOfMonths_PartBCov', ...CHRONIC],
  ...['IPAnnualReimbursementAmt', 'IPAnnualDeductibleAmt'],
  ...['OPAnnualReimbursementAmt', 'OPAnnualDeductibleAmt'],
]
const CLAIM_HEAD = [
  ...['BeneID', 'ClaimID', 'ClaimStartDt', 'ClaimEndDt', 'Provider', 'InscClaimAmtReimbursed'],
  ...['AttendingPhysician', 'OperatingPhysician', 'OtherPhysician'],
]
const DIAGNOSES = Array.from({ length: 10 }, (_, i) => `ClmDiagnosisCode_${i + 1}`)
const PROCEDURES = Array.from({ length: 6 }, (_, i) => `ClmProcedureCode_${i + 1}`)
const INPATIENT_HEADER = [
  ...CLAIM_HEAD,
  ...['AdmissionDt', 'ClmAdmitDiagnosisCode', 'DeductibleAmtPaid', 'DischargeDt'],
  ...['DiagnosisGroupCode', ...DIAGNOSES, ...PROCEDURES],
]
const OUTPATIENT_HEADER = [
  ...CLAIM_HEAD,
  ...[...DIAGNOSES, ...PROCEDURES, 'DeductibleAmtPaid', 'ClmAdmitDiagnosisCode'],
]

type Row = Record<string, string>
/** `plain`: quotes only where needed; `quoted`: every text value quoted, as R writes CSV. */
type Style = 'plain' | 'quoted'

function cell(value: string, style: Style): string {
  const quote =
    /[",]/.test(value) || (style === 'quoted' && value !== 'NA' && !/^[\d.-]+$/.test(value))
  return quote ? `"${value.replaceAll('"', '""')}"` : value
}

function csvText(
  header: readonly string[],
  lines: readonly string[],
  style: Style,
  eol = '\n'
): string {
  return [header.map((name) => cell(name, style)).join(','), ...lines].join(eol) + eol
}

function csvLine(header: readonly string[], row: Row, style: Style): string {
  return header.map((name) => cell(row[name] ?? 'NA', style)).join(',')
}

/** A date in 2009, `day` days after 1 January. */
function day2009(day: number): string {
  return new Date(Date.UTC(2009, 0, 1 + day)).toISOString().slice(0, 10)
}

/** The planted bad rows, by the reason they must be counted under. */
const PLANTED = {
  'beneficiary.badDob': 1,
  'beneficiary.columnCount': 1,
  'inpatient.badAmount': 1,
  'inpatient.badQuote': 1,
  'labels.badValue': 1,
  'outpatient.badStartDate': 1,
  'outpatient.columnCount': 1,
  'outpatient.missingProvider': 1,
}

/**
 * Writes the four training files into `dir`: 72 providers, about a fifth fraudulent with more
 * claims per beneficiary and higher amounts; beneficiaries as CRLF CSV, inpatient claims gzipped
 * in R's quoted style, outpatient claims as plain CSV with some quoted fields that hold commas and
 * double quotes; plus the bad rows of {@link PLANTED}.
 *
 * @returns the data rows written per file and the fraudulent providers
 */
function writeSyntheticKaggle(dir: string, seed: number) {
  const random = seededRandom(seed)
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1))
  const code = () => String(int(1000, 99999))

  const beneficiaries: string[] = []
  const beneIds = Array.from({ length: 400 }, (_, i) => `BENE${11_000 + i}`)
  for (const beneId of beneIds) {
    const row: Row = {
      BeneID: beneId,
      DOB: `19${int(20, 60)}-0${int(1, 9)}-1${int(0, 9)}`,
      DOD: random() < 0.05 ? day2009(int(0, 364)) : 'NA',
      Gender: String(int(1, 2)),
      Race: String(int(1, 5)),
      RenalDiseaseIndicator: random() < 0.2 ? 'Y' : '0',
      State: String(int(1, 54)),
      County: String(int(1, 999)),
      NoOfMonths_PartACov: '12',
      NoOfMonths_PartBCov: '12',
      IPAnnualReimbursementAmt: String(int(0, 50) * 1000),
      IPAnnualDeductibleAmt: '1068',
      OPAnnualReimbursementAmt: String(int(0, 300) * 10),
      OPAnnualDeductibleAmt: String(int(0, 100) * 10),
    }
    for (const name of CHRONIC) row[name] = random() < 0.3 ? '1' : '2'
    beneficiaries.push(csvLine(BENEFICIARY_HEADER, row, 'plain'))
  }

  const labels: string[] = []
  const fraudulent = new Set<string>()
  const inpatient: string[] = []
  const outpatient: string[] = []
  let claimNumber = 10_000
  for (let p = 0; p < 72; p++) {
    const provider = `PRV${51_001 + p}`
    const fraud = random() < 0.2
    if (fraud) fraudulent.add(provider)
    labels.push(`${provider},${fraud ? 'Yes' : 'No'}`)
    const physician = () =>
      random() < 0.1 ? `PHY${999_000 + int(0, 4)}` : `PHY${300_000 + 10 * p + int(0, 3)}`
    const patients = new Set<string>()
    const patientCount = int(6, 12)
    while (patients.size < patientCount) patients.add(beneIds[int(0, beneIds.length - 1)]!)
    for (const beneId of patients) {
      const claims = fraud ? int(3, 6) : int(1, 2)
      for (let c = 0; c < claims; c++) {
        const start = int(0, 360)
        const row: Row = {
          BeneID: beneId,
          ClaimID: `CLM${claimNumber++}`,
          ClaimStartDt: day2009(start),
          ClaimEndDt: day2009(start + int(0, 1)),
          Provider: provider,
          InscClaimAmtReimbursed: String(Math.round((fraud ? 2.5 : 1) * int(5, 40)) * 10),
          AttendingPhysician: physician(),
          OperatingPhysician: random() < 0.2 ? physician() : 'NA',
          DeductibleAmtPaid: String(int(0, 5) * 10),
          // Some values with a comma and double quotes, to be written in quotes.
          ClmAdmitDiagnosisCode: random() < 0.1 ? 'V71,"89"' : code(),
        }
        DIAGNOSES.slice(0, int(1, 6)).forEach((name) => (row[name] = code()))
        outpatient.push(csvLine(OUTPATIENT_HEADER, row, 'plain'))
      }
      if (random() < (fraud ? 0.5 : 0.2)) {
        const admitted = int(0, 350)
        const discharged = admitted + int(1, 10)
        const row: Row = {
          BeneID: beneId,
          ClaimID: `CLM${claimNumber++}`,
          ClaimStartDt: day2009(admitted),
          ClaimEndDt: day2009(discharged),
          Provider: provider,
          InscClaimAmtReimbursed: String(Math.round((fraud ? 1.8 : 1) * int(2, 12)) * 1000),
          AttendingPhysician: physician(),
          OperatingPhysician: physician(),
          AdmissionDt: day2009(admitted),
          ClmAdmitDiagnosisCode: code(),
          DeductibleAmtPaid: '1068',
          DischargeDt: day2009(discharged),
          DiagnosisGroupCode: String(int(100, 999)),
          ClmProcedureCode_1: random() < 0.5 ? String(int(1000, 9999)) : 'NA',
        }
        DIAGNOSES.slice(0, int(3, 10)).forEach((name) => (row[name] = code()))
        inpatient.push(csvLine(INPATIENT_HEADER, row, 'quoted'))
      }
    }
  }

  // The planted bad rows, spread among the good ones.
  const good = (lines: string[]) => lines[3]!
  labels.splice(5, 0, 'PRV99999,Maybe')
  beneficiaries.splice(7, 0, good(beneficiaries).replace(/^(BENE\d+),[^,]+,/, 'BENE99001,NA,'))
  beneficiaries.splice(20, 0, 'BENE99002,1940-01-01')
  const inpatientModel = inpatient.map((line) => line.replace(/"CLM(\d+)"/, '"CLM9$1"'))
  inpatient.splice(
    2,
    0,
    inpatientModel[0]!.replace(/^("BENE\d+","CLM\d+",[^,]+,[^,]+,"PRV\d+"),\d+/, '$1,"abc"')
  )
  inpatient.splice(9, 0, inpatientModel[1]!.replace(/^"(BENE\d+)"/, '"$1'))
  const outpatientModel = outpatient.map((line) => line.replace(/,CLM(\d+),/, ',CLM9$1,'))
  outpatient.splice(4, 0, outpatientModel[0]!.replace(/,PRV\d+,/, ',NA,'))
  outpatient.splice(
    40,
    0,
    outpatientModel[1]!.replace(/^(BENE\d+,CLM\d+),[^,]+,/, '$1,2009-13-01,')
  )
  outpatient.splice(77, 0, `${outpatientModel[2]!},extra`)

  fs.writeFileSync(
    path.join(dir, 'Train-1542865627584.csv'),
    csvText(['Provider', 'PotentialFraud'], labels, 'plain')
  )
  fs.writeFileSync(
    path.join(dir, 'Train_Beneficiarydata-1542865627584.csv'),
    csvText(BENEFICIARY_HEADER, beneficiaries, 'plain', '\r\n')
  )
  fs.writeFileSync(
    path.join(dir, 'Train_Inpatientdata-1542865627584.csv.gz'),
    zlib.gzipSync(csvText(INPATIENT_HEADER, inpatient, 'quoted'))
  )
  fs.writeFileSync(
    path.join(dir, 'Train_Outpatientdata-1542865627584.csv'),
    csvText(OUTPATIENT_HEADER, outpatient, 'plain') + '\n'
  )
  // Files that must be ignored.
  fs.writeFileSync(path.join(dir, 'Test_Inpatientdata-1542969243754.csv'), 'BeneID\n')
  fs.writeFileSync(path.join(dir, 'Train_Inpatientdata-notes.txt'), 'not a CSV\n')
  return {
    rows: {
      labels: labels.length,
      beneficiary: beneficiaries.length,
      inpatient: inpatient.length,
      outpatient: outpatient.length,
    },
    fraudulent,
  }
}

describe('parseCsvLine', () => {
  test('splits plain and quoted fields, with commas and doubled quotes inside quotes', () => {
    expect(parseCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c'])
    expect(parseCsvLine('"BENE1",2009-01-01,NA,"PRV1"')).toEqual([
      'BENE1',
      '2009-01-01',
      'NA',
      'PRV1',
    ])
    expect(parseCsvLine('x,"V71,""89""",y')).toEqual(['x', 'V71,"89"', 'y'])
    expect(parseCsvLine('"",a,')).toEqual(['', 'a', ''])
    expect(parseCsvLine('""""')).toEqual(['"'])
  })
  test('returns null for an unclosed quote or text after a closing quote', () => {
    expect(parseCsvLine('"BENE1,CLM1')).toBeNull()
    expect(parseCsvLine('"BENE1"x,CLM1')).toBeNull()
  })
})

describe('findKaggleFiles', () => {
  test('matches the prefixes with .csv or .csv.gz and lists what is missing', () => {
    const dir = freshDir('find')
    fs.writeFileSync(path.join(dir, 'Train-1542865627584.csv'), '')
    fs.writeFileSync(path.join(dir, 'Train_Inpatientdata-1542865627584.csv.gz'), '')
    fs.writeFileSync(path.join(dir, 'Test_Outpatientdata-1542969243754.csv'), '')
    fs.writeFileSync(path.join(dir, 'Train_Beneficiarydata.zip'), '')
    expect(findKaggleFiles(dir)).toEqual({
      labels: path.join(dir, 'Train-1542865627584.csv'),
      inpatient: path.join(dir, 'Train_Inpatientdata-1542865627584.csv.gz'),
      missing: ['Train_Beneficiarydata', 'Train_Outpatientdata'],
    })
    expect(findKaggleFiles(path.join(dir, 'absent')).missing).toHaveLength(4)
  })
})

describe('evaluateKaggleDir', () => {
  test('the shared Kaggle folder: SKIPPED, naming the three missing claim files', async () => {
    if (!fs.existsSync(kaggleDir)) {
      const result = await evaluateKaggleDir(freshDir('empty'))
      expect(result).toMatchObject({
        status: 'SKIPPED',
        missing: ['Train-', ...CLAIM_PREFIXES],
      })
      return
    }
    const found = findKaggleFiles(kaggleDir)
    expect(found.labels).toBe(path.join(kaggleDir, 'Train-1542865627584.csv'))
    if (found.missing.length === 0) {
      // The claim files have been added: the evaluation must now run on the 5,410 providers.
      const result = await evaluateKaggleDir(kaggleDir)
      expect(result.status).toBe('DONE')
      if (result.status === 'DONE') {
        expect(result.report.positives).toBe(506)
        expect(result.report.supervised.rocAuc).toBeGreaterThan(0.5)
      }
      return
    }
    const result = await evaluateKaggleDir(kaggleDir)
    expect(result).toEqual({
      status: 'SKIPPED',
      missing: CLAIM_PREFIXES,
      message: expect.any(String),
    })
    if (result.status === 'SKIPPED') {
      expect(result.message).toMatch(/^缺少 Kaggle 训练数据文件：/)
      for (const prefix of CLAIM_PREFIXES) expect(result.message).toContain(`${prefix}…`)
      expect(result.message).toContain('放在标签文件旁即可运行')
    }
  })

  test('an empty or absent directory: SKIPPED with all four files missing', async () => {
    for (const dir of [freshDir('empty-too'), path.join(tmp, 'no-such-dir')]) {
      const result = await evaluateKaggleDir(dir)
      expect(result).toMatchObject({ status: 'SKIPPED', missing: ['Train-', ...CLAIM_PREFIXES] })
    }
  })

  test('synthetic Kaggle files: DONE, rows as written, bad rows counted, ROC-AUC > 0.8', async () => {
    const dir = freshDir('synthetic')
    const written = writeSyntheticKaggle(dir, 20_181_122)
    expect(written.fraudulent.size).toBeGreaterThanOrEqual(8)
    const progress: KaggleProgress[] = []
    const result = await evaluateKaggleDir(dir, (p) => progress.push(p))
    if (result.status !== 'DONE') throw new Error(`expected DONE, got ${result.message}`)

    expect(result.rows).toEqual({ ...written.rows, skipped: PLANTED })
    expect(result.report.providers).toBe(72)
    expect(result.report.positives).toBe(written.fraudulent.size)
    expect(result.report.folds).toBe(5)
    expect(result.unlabelledProviders).toBe(0)
    expect(result.report.supervised.rocAuc).toBeGreaterThan(0.8)
    expect(result.report.supervised.prAuc).toBeGreaterThan(0.5)
    expect(result.files.inpatient).toBe(path.join(dir, 'Train_Inpatientdata-1542865627584.csv.gz'))
    expect(result.message).toContain('监督模型 ROC-AUC')

    const finished = progress.filter((p) => p.done)
    expect(finished.map((p) => [p.kind, p.rows])).toEqual([
      ['labels', written.rows.labels],
      ['beneficiary', written.rows.beneficiary],
      ['inpatient', written.rows.inpatient],
      ['outpatient', written.rows.outpatient],
    ])
    for (const p of finished) expect(p.bytesRead).toBe(p.totalBytes)

    // The same files give the same numbers.
    expect(await evaluateKaggleDir(dir)).toEqual(result)
  })

  test('a file whose header lacks a required column is an error, not a skip', async () => {
    const dir = freshDir('bad-header')
    writeSyntheticKaggle(dir, 7)
    fs.writeFileSync(
      path.join(dir, 'Train_Outpatientdata-1542865627584.csv'),
      'BeneID,ClaimID\nB1,C1\n'
    )
    await expect(evaluateKaggleDir(dir)).rejects.toThrow(/表头缺少列：ClaimStartDt/)
  })
})
