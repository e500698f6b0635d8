// SPDX-License-Identifier: Apache-2.0
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { pipeline } from 'node:stream'
import zlib from 'node:zlib'
import type { KaggleRow, ModelOptions, ProviderModelReport } from '@yibao/analytics'
import { evaluateProviderModel, ProviderFeatureBuilder } from '@yibao/analytics'

/**
 * Reads the Kaggle "Healthcare Provider Fraud Detection" training files from one directory and
 * evaluates the provider model on them. The data is used for tests and benchmarks only; it is
 * never bundled. Without the claim files the evaluation reports what is missing instead of
 * failing, so a benchmark run can skip it.
 */

/** The four training files of the dataset. */
export type KaggleFileKind = 'labels' | 'beneficiary' | 'inpatient' | 'outpatient'

/**
 * How each file's name starts (the Kaggle names end in `-1542865627584.csv`); `.csv` and
 * `.csv.gz` are both accepted.
 */
export const KAGGLE_FILE_PREFIXES: Readonly<Record<KaggleFileKind, string>> = {
  labels: 'Train-',
  beneficiary: 'Train_Beneficiarydata',
  inpatient: 'Train_Inpatientdata',
  outpatient: 'Train_Outpatientdata',
}

const KINDS: readonly KaggleFileKind[] = ['labels', 'beneficiary', 'inpatient', 'outpatient']

/** Columns without which a file cannot be used at all. */
const REQUIRED_COLUMNS: Readonly<Record<KaggleFileKind, readonly string[]>> = {
  labels: ['Provider', 'PotentialFraud'],
  beneficiary: ['BeneID', 'DOB', 'DOD'],
  inpatient: ['BeneID', 'ClaimID', 'ClaimStartDt', 'Provider', 'InscClaimAmtReimbursed'],
  outpatient: ['BeneID', 'ClaimID', 'ClaimStartDt', 'Provider', 'InscClaimAmtReimbursed'],
}

/** The files found in a directory (absolute paths) and the prefixes of those not found. */
export interface KaggleFiles {
  readonly labels?: string
  readonly beneficiary?: string
  readonly inpatient?: string
  readonly outpatient?: string
  /** Prefixes from {@link KAGGLE_FILE_PREFIXES} with no matching file, in that order. */
  readonly missing: string[]
}

/**
 * Looks for the training files in `dir`. When several names match one prefix the first in sorted
 * order is used (so `x.csv` before `x.csv.gz`). A directory that does not exist has every file
 * missing.
 */
export function findKaggleFiles(dir: string): KaggleFiles {
  let names: string[]
  try {
    names = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() || entry.isSymbolicLink())
      .map((entry) => entry.name)
      .sort()
  } catch {
    names = []
  }
  const found: Partial<Record<KaggleFileKind, string>> = {}
  const missing: string[] = []
  for (const kind of KINDS) {
    const prefix = KAGGLE_FILE_PREFIXES[kind]
    const name = names.find((n) => n.startsWith(prefix) && /\.csv(?:\.gz)?$/i.test(n))
    if (name === undefined) missing.push(prefix)
    else found[kind] = path.join(dir, name)
  }
  return { ...found, missing }
}

/** Reported while a file is read: every 10,000 rows and once when the file is done. */
export interface KaggleProgress {
  readonly kind: KaggleFileKind
  readonly path: string
  /** Data rows read so far (header and blank lines not counted). */
  readonly rows: number
  /** Bytes of the file read so far (compressed bytes for `.gz`). */
  readonly bytesRead: number
  readonly totalBytes: number
  readonly done: boolean
}

/** Rows read per file, and skipped rows per reason (e.g. `inpatient.badAmount`). */
export interface KaggleRowCounts {
  readonly labels: number
  readonly beneficiary: number
  readonly inpatient: number
  readonly outpatient: number
  readonly skipped: Record<string, number>
}

/** The evaluation could not run: files are missing. */
export interface KaggleSkipped {
  readonly status: 'SKIPPED'
  /** Prefixes of the missing files, see {@link KaggleFiles.missing}. */
  readonly missing: string[]
  readonly message: string
}

/** The evaluation ran. */
export interface KaggleDone {
  readonly status: 'DONE'
  readonly report: ProviderModelReport
  readonly rows: KaggleRowCounts
  /** The files that were read. */
  readonly files: Readonly<Record<KaggleFileKind, string>>
  /** Providers with claims but no label; they are not evaluated. */
  readonly unlabelledProviders: number
  /** A one-line summary in Chinese. */
  readonly message: string
}

const PROGRESS_EVERY = 10_000

/**
 * Splits one CSV line into fields. A field in double quotes may contain commas and doubled
 * double quotes (`""` → `"`); an unquoted field is taken as it is. Fields spanning several lines
 * are not supported (the Kaggle files have none).
 *
 * @returns the fields, or `null` when a quote is not closed or text follows a closing quote
 */
export function parseCsvLine(line: string): string[] | null {
  const fields: string[] = []
  let i = 0
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = ''
      i++
      for (;;) {
        const quote = line.indexOf('"', i)
        if (quote < 0) return null
        value += line.slice(i, quote)
        if (line.charCodeAt(quote + 1) === 34) {
          value += '"'
          i = quote + 2
        } else {
          i = quote + 1
          break
        }
      }
      fields.push(value)
      if (i === line.length) return fields
      if (line.charCodeAt(i) !== 44 /* , */) return null
      i++
    } else {
      const comma = line.indexOf(',', i)
      if (comma < 0) {
        fields.push(line.slice(i))
        return fields
      }
      fields.push(line.slice(i, comma))
      i = comma + 1
    }
  }
}

/**
 * Streams the data rows of one CSV file (`.gz` decompressed on the fly) as records keyed by its
 * header. Lines that cannot be parsed or have the wrong number of fields go to `onSkip`.
 *
 * @returns the number of data rows read, good or bad
 * @throws Error when the file cannot be read, or its header lacks a required column
 */
async function readCsvFile(
  kind: KaggleFileKind,
  file: string,
  onRow: (row: KaggleRow) => void,
  onSkip: (reason: string) => void,
  onProgress?: (progress: KaggleProgress) => void
): Promise<number> {
  const totalBytes = fs.statSync(file).size
  const raw = fs.createReadStream(file)
  let bytesRead = 0
  raw.on('data', (chunk) => {
    bytesRead += chunk.length
  })
  const input = /\.gz$/i.test(file)
    ? pipeline(raw, zlib.createGunzip(), () => {
        // Errors reach the reader through the last stream of the pipeline.
      })
    : raw
  const lines = readline.createInterface({ input, crlfDelay: Infinity })
  let header: string[] | undefined
  let rows = 0
  const report = (done: boolean): void =>
    onProgress?.({ kind, path: file, rows, bytesRead, totalBytes, done })
  // readline (crlfDelay: Infinity) ends lines at \n, \r\n and \r alike, the ending removed.
  for await (const line of lines) {
    if (line.trim() === '') continue
    if (header === undefined) {
      header = parseCsvLine(line.replace(/^\uFEFF/, ''))?.map((name) => name.trim()) ?? []
      const absent = REQUIRED_COLUMNS[kind].filter((column) => !header!.includes(column))
      if (absent.length > 0) {
        lines.close()
        raw.destroy()
        throw new Error(`${path.basename(file)} 的表头缺少列：${absent.join('、')}`)
      }
      continue
    }
    rows++
    const fields = parseCsvLine(line)
    if (fields === null) onSkip(`${kind}.badQuote`)
    else if (fields.length !== header.length) onSkip(`${kind}.columnCount`)
    else {
      const row: Record<string, string> = Object.create(null) as Record<string, string>
      for (let j = 0; j < header.length; j++) row[header[j]!] = fields[j]!
      onRow(row)
    }
    if (rows % PROGRESS_EVERY === 0) report(false)
  }
  report(true)
  return rows
}

/** The Chinese message of a skipped evaluation. */
function missingMessage(dir: string, missing: readonly string[]): string {
  if (!fs.existsSync(dir)) return `Kaggle 数据目录不存在：${dir}`
  const labelsMissing = missing.includes(KAGGLE_FILE_PREFIXES.labels)
  const names = missing.map((prefix) =>
    prefix === KAGGLE_FILE_PREFIXES.labels ? 'Train-….csv（标签）' : `${prefix}…`
  )
  const where = labelsMissing ? '四个文件放在同一目录' : '放在标签文件旁'
  return `缺少 Kaggle 训练数据文件：${names.join('、')}（.csv 或 .csv.gz，${where}即可运行；目录 ${dir}）`
}

const formatAuc = (value: number): string => value.toFixed(3)

/**
 * Evaluates the provider model on the Kaggle training files in `dir`: streams the labels,
 * beneficiaries, inpatient and outpatient claims, builds provider features, joins the labels by
 * `Provider` (`PotentialFraud` "Yes"/"No") and runs the cross-validated model.
 *
 * Bad rows are skipped and counted per reason in `rows.skipped`; label rows whose provider has no
 * accepted claim are counted as `labels.noClaims`.
 *
 * @param onProgress - called while reading, see {@link KaggleProgress}
 * @param modelOptions - passed to the model (folds, seed, …)
 * @returns `SKIPPED` with the missing files when any of the four is absent, otherwise `DONE`
 * @throws Error when a file cannot be read or lacks a required column, or when the labelled
 *   providers with claims are not of both classes
 */
export async function evaluateKaggleDir(
  dir: string,
  onProgress?: (progress: KaggleProgress) => void,
  modelOptions?: ModelOptions
): Promise<KaggleSkipped | KaggleDone> {
  const found = findKaggleFiles(dir)
  const { labels: labelsFile, beneficiary, inpatient, outpatient } = found
  if (
    labelsFile === undefined ||
    beneficiary === undefined ||
    inpatient === undefined ||
    outpatient === undefined
  ) {
    return {
      status: 'SKIPPED',
      missing: found.missing,
      message: missingMessage(dir, found.missing),
    }
  }

  const builder = new ProviderFeatureBuilder()
  const readerSkipped = new Map<string, number>()
  const skip = (reason: string): void => {
    readerSkipped.set(reason, (readerSkipped.get(reason) ?? 0) + 1)
  }

  const read = (
    kind: KaggleFileKind,
    file: string,
    onRow: (row: KaggleRow) => void
  ): Promise<number> => readCsvFile(kind, file, onRow, skip, onProgress)

  const labels = new Map<string, boolean>()
  const labelRows = await read('labels', labelsFile, (row) => {
    const provider = row.Provider?.trim() ?? ''
    const value = row.PotentialFraud?.trim().toLowerCase()
    if (provider === '' || provider === 'NA') skip('labels.missingProvider')
    else if (value !== 'yes' && value !== 'no') skip('labels.badValue')
    else if (labels.has(provider)) skip('labels.duplicateProvider')
    else labels.set(provider, value === 'yes')
  })
  const beneficiaryRows = await read('beneficiary', beneficiary, (row) =>
    builder.addBeneficiary(row)
  )
  const inpatientRows = await read('inpatient', inpatient, (row) =>
    builder.addClaim('INPATIENT', row)
  )
  const outpatientRows = await read('outpatient', outpatient, (row) =>
    builder.addClaim('OUTPATIENT', row)
  )

  const features = builder.features()
  const withClaims = new Set(features.map((entry) => entry.provider))
  for (const provider of labels.keys()) if (!withClaims.has(provider)) skip('labels.noClaims')
  const evaluated = features.filter((entry) => labels.has(entry.provider))
  const positives = evaluated.filter((entry) => labels.get(entry.provider)).length
  if (positives === 0 || positives === evaluated.length) {
    throw new Error(
      `标签与理赔明细对应的机构共 ${evaluated.length} 家，其中欺诈 ${positives} 家：需要两类机构都有才能评估`
    )
  }
  const report = evaluateProviderModel(evaluated, labels, modelOptions)

  for (const [reason, count] of Object.entries(builder.skipped())) {
    readerSkipped.set(reason, (readerSkipped.get(reason) ?? 0) + count)
  }
  const skipped = Object.fromEntries(
    [...readerSkipped].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  )
  const message =
    `Kaggle 医疗机构欺诈评估：${report.providers} 家机构（欺诈 ${report.positives} 家），` +
    `${report.folds} 折交叉验证；监督模型 ROC-AUC ${formatAuc(report.supervised.rocAuc)}、` +
    `PR-AUC ${formatAuc(report.supervised.prAuc)}；无监督基线 ROC-AUC ` +
    `${formatAuc(report.unsupervised.rocAuc)}、PR-AUC ${formatAuc(report.unsupervised.prAuc)}`
  return {
    status: 'DONE',
    report,
    rows: {
      labels: labelRows,
      beneficiary: beneficiaryRows,
      inpatient: inpatientRows,
      outpatient: outpatientRows,
      skipped,
    },
    files: { labels: labelsFile, beneficiary, inpatient, outpatient },
    unlabelledProviders: features.length - evaluated.length,
    message,
  }
}
