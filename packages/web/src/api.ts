// SPDX-License-Identifier: Apache-2.0
// The one HTTP client of the console: same-origin JSON calls to /api/v1 with the session cookie,
// the CSRF token on every write, and the server's Outcome errors turned into ApiError.

export type Role =
  'admin' | 'auditor' | 'reviewer' | 'inspector' | 'report_handler' | 'fund_manager' | 'institution'

export const ROLES: readonly Role[] = [
  'admin',
  'auditor',
  'reviewer',
  'inspector',
  'report_handler',
  'fund_manager',
  'institution',
]

export type FindingState =
  | 'GENERATED'
  | 'DISPATCHED'
  | 'APPEALED'
  | 'REVIEWING'
  | 'PENDING_APPROVAL'
  | 'UPHELD'
  | 'DISMISSED'
  | 'DEDUCTED'

export const FINDING_STATES: readonly FindingState[] = [
  'GENERATED',
  'DISPATCHED',
  'APPEALED',
  'REVIEWING',
  'PENDING_APPROVAL',
  'UPHELD',
  'DISMISSED',
  'DEDUCTED',
]

export type Severity = 'CLEAR' | 'HIGH_SUSPECT' | 'SUSPECT' | 'INFO'

export const SEVERITIES: readonly Severity[] = ['CLEAR', 'HIGH_SUSPECT', 'SUSPECT', 'INFO']

/** What a user may do: the server's permission names. */
export type Permission =
  | 'findings.read'
  | 'findings.dispatch'
  | 'findings.appeal'
  | 'findings.decide'
  | 'samples.read'
  | 'samples.draw'
  | 'samples.check'
  | 'samples.apply'
  | 'deductions.read'
  | 'funnel.read'
  | 'audit.run'
  | 'jobs.read'
  | 'auditLog.read'
  | 'users.manage'
  | 'apiKeys.manage'
  | 'reviewPolicy.read'
  | 'reviewPolicy.manage'
  | 'policies.read'
  | 'policies.manage'
  | 'settlement.calculate'
  | 'settlement.whatif'
  | 'settlement.check'
  | 'payment.read'
  | 'payment.manage'
  | 'payment.run'
  | 'statements.read'
  | 'staff.read'
  | 'staff.manage'
  | 'inspections.read'
  | 'inspections.manage'
  | 'reports.read'
  | 'reports.handle'
  | 'reports.stats'
  | 'rewards.approve'
  | 'clues.read'
  | 'clues.manage'
  | 'screening.read'
  | 'screening.run'
  | 'callbacks.read'
  | 'callbacks.manage'
  | 'assessments.read'
  | 'assessments.manage'
  | 'subsidy.read'
  | 'subsidy.manage'
  | 'agreements.read'
  | 'agreements.manage'
  | 'blacklist.manage'

export interface User {
  id: string
  username: string
  displayName: string
  role: Role
  institutionCode: string | null
  /** What the user's role allows, as the server says. */
  permissions: Permission[]
}

export interface Session {
  user: User
  csrfToken: string
}

/** One finding (疑点) as listed; amounts in fen, dates `YYYY-MM-DD`. */
export interface FindingRow {
  id: string
  ruleId: string
  ruleName: string
  violation: string
  severity: Severity
  psnNo: string
  mdtrtId: string
  institutionCode: string
  institutionName: string
  findingDate: string
  amount: number
  message: string
  state: FindingState
  dispatchId: string | null
  appealDeadline: string | null
  reviewDeadline: string | null
  decidedAmount: number | null
}

export interface FindingLine {
  feedetlSn: string
  role: 'violating' | 'related'
  code: string
  name: string
  quantity: number
  price: number
  amount: number
  feeTime: string
}

export interface AttachmentInfo {
  id: string
  name: string
  contentType: string
  size: number
}

export interface Appeal {
  action: 'appeal' | 'accept'
  reason: string
  at: string
  by: string
  attachments: AttachmentInfo[]
}

export type DecisionKind = 'uphold' | 'dismiss' | 'approve' | 'reject' | 'overturn'

export interface Decision {
  decision: string
  amount: number | null
  basis: string
  by: string
  at: string
  approvedBy: string | null
  approvedAt: string | null
}

export interface HistoryEntry {
  at: string
  actor: string
  action: string
  from: string | null
  to: string | null
}

export interface FindingDetail extends FindingRow {
  lines: FindingLine[]
  evidence: unknown
  knowledgePointId: string | null
  packVersion: string | null
  params: unknown
  policyBasis: unknown
  appeal: Appeal | null
  decision: Decision | null
  history: HistoryEntry[]
}

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

/** The filters of the findings list; `minAmount` in fen. */
export interface FindingFilter {
  state?: FindingState
  ruleId?: string
  institutionCode?: string
  severity?: Severity
  from?: string
  to?: string
  minAmount?: number
  dispatchId?: string
}

/** A findings query: the filter, with `state` also a list of states (any of them). */
export type FindingQuery = Omit<FindingFilter, 'state'> & {
  state?: FindingState | readonly FindingState[]
}

/** The orders of the findings list: finding date (newest first), review deadline, amount. */
export type FindingSort = 'date' | 'reviewDeadline' | 'amount'

export interface Dispatch {
  id: string
  institutionCode: string
  count: number
  amount: number
  appealDeadline: string | null
  [extra: string]: unknown
}

export interface NewAttachment {
  name: string
  contentType: string
  data: string
}

export interface SampleSummary {
  id: string
  seed: string
  from: string
  to: string
  rate: number
  population: number
  sampled: number
  createdBy: string
  createdAt: string
  appliedAt: string | null
}

export interface SampleStratum {
  institutionCode: string
  institutionName: string
  /** The share drawn in this institution (its region's policy unless given). */
  rate: number
  population: number
  sampled: number
  populationAmount: number
  sampledAmount: number
  checked: number
  errors: number
  errorAmount: number
  errorRate: number
  unsampledAmount: number
  projected: number
}

export type SampleResult = 'PASS' | 'ERROR'

export interface SampleItem {
  mdtrtId: string
  psnNo: string
  institutionCode: string
  amount: number
  result: SampleResult | null
  errorAmount: number | null
  note: string | null
}

export interface SampleDetail {
  sample: SampleSummary
  byInstitution: SampleStratum[]
  items: SampleItem[]
}

export interface Deduction {
  id: string
  institutionCode: string
  institutionName: string
  month: string
  findingId: string | null
  sampleId: string | null
  amount: number
  reversalOf: string | null
  createdAt: string
}

export interface Deductions {
  items: Deduction[]
  total: number
  totalAmount: number
}

export interface CountAmount {
  count: number
  amount: number
}

export interface FunnelTotal {
  flagged: CountAmount
  dispatched: CountAmount
  appealed: CountAmount
  upheld: CountAmount
  dismissed: CountAmount
  deducted: CountAmount
  /** Person-times (就诊人次) with a finding flagged, dispatched, upheld. */
  visits: { flagged: number; dispatched: number; upheld: number }
  /** Upheld / dispatched by count; null when nothing was dispatched. */
  upheldRate: number | null
  /** Upheld / dispatched by amount; null when nothing was dispatched. */
  upheldAmountRate: number | null
}

export interface FunnelRow extends FunnelTotal {
  key: string
  name: string
}

export interface Funnel {
  rows: FunnelRow[]
  total: FunnelTotal
  /** The total as the bureau's report sentence (Chinese, person-times and 万元). */
  summary: string
}

/** What a dispatched finding becomes when the appeal window passes without an answer. */
export type NoAppealTarget = 'UPHELD' | 'REVIEWING'

/** The review chain's parameters of a 统筹区; amounts in fen, dates `YYYY-MM-DD`. */
export interface ReviewPolicy {
  /** Working days to accept or appeal after dispatch (申诉期). */
  appealDays: number
  /** Working days to decide after the appeal window closes (复审期). */
  reviewDays: number
  noAppeal: Record<Severity, NoAppealTarget>
  /** Upheld amounts above this need a second reviewer's approval (fen). */
  fourEyesAmount: number
  /** Default share of claims drawn for re-review, in (0, 1]. */
  sampleRate: number
  /** Public holidays (法定节假日). */
  holidays: string[]
  /** Weekend days that are worked (调休上班日). */
  workdays: string[]
}

export type ReviewPolicyField = keyof ReviewPolicy

/** A change of a region's policy: `null` gives the field back to the row above. */
export type ReviewPolicyChanges = {
  [K in ReviewPolicyField]?:
    (K extends 'noAppeal' ? Partial<ReviewPolicy[K]> : ReviewPolicy[K]) | null
}

/** One region's own values and the policy in force there; admdvs `*` is the bureau-wide row. */
export interface RegionReviewPolicy {
  admdvs: string
  name: string
  own: Partial<Omit<ReviewPolicy, 'noAppeal'>> & { noAppeal?: Partial<ReviewPolicy['noAppeal']> }
  effective: ReviewPolicy
  updatedAt: string | null
}

export interface ReviewPolicies {
  /** The built-in defaults, which the `*` row changes. */
  defaults: ReviewPolicy
  items: RegionReviewPolicy[]
}

export interface Dashboard {
  fund: { paid: number; budget: number }
  funnel: FunnelTotal
  topRules: { ruleId: string; ruleName: string; count: number; amount: number }[]
  trend: { month: string; count: number; amount: number }[]
  institutions: { code: string; name: string; count: number; amount: number }[]
}

export interface AuditLogEntry {
  id: string
  at: string
  actor: string
  action: string
  target: string | null
  detail: unknown
}

export interface UserRecord extends User {
  /** When the user was disabled (停用); null while enabled. */
  disabledAt?: string | null
  [extra: string]: unknown
}

export interface NewUser {
  username: string
  displayName: string
  role: Role
  institutionCode?: string
  password: string
}

export interface ApiKeyRecord {
  id: string
  name: string
  institutionCode: string | null
  [extra: string]: unknown
}

export type JobStatus = 'RUNNING' | 'DONE' | 'FAILED'

export interface Job {
  id: string
  kind: string
  status: JobStatus
  progress: number
  message: string | null
  /** What the job left when done (a what-if's result…). */
  detail?: Record<string, unknown>
  startedAt: string
  finishedAt: string | null
}

/** A versioned document's state: 草稿, 启用 (one per region and year), 停用. */
export type VersionStatus = 'DRAFT' | 'ACTIVE' | 'RETIRED'

/** A version of a versioned document (a benefit policy, a payment plan) as listed. */
export interface VersionSummary {
  id: string
  name: string
  /** 统筹区 code, or `*` for every region without its own. */
  admdvs: string
  year: number
  status: VersionStatus
  effectiveFrom: string
  effectiveTo: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
  activatedBy: string | null
  activatedAt: string | null
}

/** A version with its document: amounts in yuan, ratios in percent. */
export interface VersionDetail extends VersionSummary {
  document: Record<string, unknown>
}

/** A benefit policy version's state. */
export type PolicyStatus = VersionStatus

/** A benefit policy (待遇政策) version as listed. */
export type PolicySummary = VersionSummary

/** A policy version with its document: amounts in yuan, ratios in percent. */
export type PolicyDetail = VersionDetail

export type ListType = '101' | '102' | '201' | '301'
export type CatalogClass = '01' | '02' | '03'
export type CareKind = 'INPATIENT' | 'OUTPATIENT' | 'PHARMACY'
export type InstitutionTier = 'COUNTY' | 'CITY' | 'PROVINCE'

/** 人员身份类别 (yibao's codes). */
export type IdentityType =
  | 'TEKUN'
  | 'GUER'
  | 'SHISHI_WUREN'
  | 'ZHONGDU_CANJI'
  | 'DIBAO'
  | 'DIBAO_BIANYUAN'
  | 'JIANCE'
  | 'TUOPIN'
  | 'YINBING_ZHIPIN'

export const IDENTITY_TYPES: readonly IdentityType[] = [
  'TEKUN',
  'GUER',
  'SHISHI_WUREN',
  'ZHONGDU_CANJI',
  'DIBAO',
  'DIBAO_BIANYUAN',
  'JIANCE',
  'TUOPIN',
  'YINBING_ZHIPIN',
]

/** One fee line of the calculator; prices and amounts in yuan. */
export interface CalculateLine {
  name?: string
  code?: string
  listType: ListType
  catalogClass: CatalogClass
  quantity: number
  /** Unit price, yuan, at most 4 decimals. */
  price: string | number
  /** Yuan, at most 2 decimals; default quantity × price. */
  amount?: string | number
  /** The item's price cap, yuan. */
  capPrice?: string | number | null
  /** Failed a payment restriction: 全自费. */
  restricted?: boolean
}

/** The encounter the calculator settles. */
export interface CalculateEncounter {
  /** `YYYY-MM-DD` or an ISO date-time. */
  time: string
  insuType: string
  medType: string
  kind: CareKind
  level: number
  tier: InstitutionTier
  identities: IdentityType[]
  admdvs?: string
  lines: CalculateLine[]
}

/** The settlement (`setlinfo`) amounts, in fen. */
export interface SettlementAmounts {
  medfeeSumamt: number
  fulamtOwnpayAmt: number
  overlmtSelfpay: number
  preselfpayAmt: number
  inscpScpAmt: number
  actPayDedc: number
  hifpPay: number
  hifobPay: number
  hifmiPay: number
  mafPay: number
  othPay: number
  fundPaySumamt: number
  psnPartAmt: number
  acctPay: number
  psnCashPay: number
  [field: string]: unknown
}

export type SettlementLayer =
  | 'BASIC'
  | 'EMPLOYEE_SUPPLEMENT'
  | 'CRITICAL'
  | 'ASSISTANCE'
  | 'SUPPLEMENT'
  | 'BACKSTOP'
  | 'ACCOUNT'

/** One layer of a settlement with its Chinese explanation. */
export interface SettlementStep {
  layer: SettlementLayer
  fundPayType: string
  amount: number
  base: number | null
  text: string
}

/** How one line was split, in fen. */
export interface LineSplit {
  feedetlSn: string
  name?: string | null
  code?: string | null
  amount: number
  fullSelfPay: number
  overPrice: number
  preselfpay: number
  inScope: number
}

export interface CalculateResult {
  policy: { id: string; name: string }
  settlement: SettlementAmounts
  details: { fundPayType: string; amount: number; procInfo: string | null }[]
  steps: SettlementStep[]
  lines: LineSplit[]
  tilt: string | null
}

/** One line of a what-if: the current policy's cost, the changed one's, the change (fen). */
export interface WhatIfLine {
  key: string
  name: string
  settlements: number
  base: number
  changed: number
  difference: number
  /** difference / base, or null when base is 0. */
  deviation: number | null
}

export interface WhatIfResult {
  settlements: number
  layers: WhatIfLine[]
  byCategory: WhatIfLine[]
  byLevel: WhatIfLine[]
  basePolicies: string[]
}

/** What a done what-if job holds in its detail. */
export interface WhatIfDetail {
  year: number
  policy: { id: string; name: string; admdvs: string }
  result: WhatIfResult
}

/** The changed policy of a what-if: a stored version, or a YAML / JSON text. */
export type WhatIfSource = { policyId: string } | { text: string }

export type CheckStatus = 'SAME' | 'MISSED_TILT' | 'RESTRICTED_PAID' | 'DIFFERS'

export const CHECK_STATUSES: readonly CheckStatus[] = [
  'SAME',
  'MISSED_TILT',
  'RESTRICTED_PAID',
  'DIFFERS',
]

/** A recorded settlement the engine disagrees with. */
export interface SettlementCheckRow {
  setlId: string
  mdtrtId: string
  psnNo: string
  institutionCode: string
  policyId: string
  status: CheckStatus
  recordedFund: number
  engineFund: number
  reason: string | null
  differences: { field: string; recorded: number; engine: number }[]
}

export interface SettlementChecks {
  /** The year shown; null when no year was checked yet. */
  year: number | null
  checkedAt: string | null
  counts: Record<CheckStatus, number>
  total: number
  page: number
  pageSize: number
  items: SettlementCheckRow[]
}

/** How an institution is paid: DIP or DRG points, by item (按项目), or a global budget. */
export type PaymentMethod = 'DIP' | 'DRG' | 'FFS' | 'GLOBAL'

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['DIP', 'DRG', 'FFS', 'GLOBAL']

/** One month's current statements added up; amounts in fen. */
export interface PaymentMonth {
  month: string
  statements: number
  points: number
  payable: number
  deductions: number
  deposit: number
  net: number
}

/** A monthly statement (月度拨付单) as listed; amounts in fen. */
export interface StatementSummary {
  id: string
  admdvs: string
  institutionCode: string
  institutionName: string
  month: string
  version: number
  /** False once a re-run replaced it with a new version. */
  current: boolean
  method: PaymentMethod
  points: number
  /** 应付. */
  payable: number
  deductions: number
  /** 预留保证金. */
  deposit: number
  /** 实付 = 应付 − 扣款 − 保证金. */
  net: number
  dueDate: string
  createdAt: string
}

/** What settlements add up to (fen). */
export interface SettlementSums {
  count: number
  totalCost: number
  /** 统筹基金. */
  basicFund: number
  otherFunds: number
  ownPay: number
  /** 全自费 (目录外). */
  outOfList: number
}

/** A deduction booked in a statement. */
export interface StatementDeduction {
  id: string
  findingId: string | null
  sampleId: string | null
  amount: number
}

/** The point-method indicators of an institution's month; shares in 0–1, the rest counts. */
export interface PaymentIndicators {
  cases: number
  /** 入组率. */
  groupedRate: number
  comprehensiveCases: number
  cmi: number
  highShare: number
  lowShare: number
  readmit10: number
  readmit15: number
  specialCases: number
}

/** A statement's full content; amounts in fen, rates in basis points. */
export interface Statement {
  institutionCode: string
  institutionName: string
  month: string
  method: PaymentMethod
  points: number
  /** 预算点值, yuan per point. */
  pointValue: number
  prepayBp: number
  pointAmount: number
  ownPay: number
  otherFunds: number
  payable: number
  deductions: number
  deductionItems: StatementDeduction[]
  depositBp: number
  deposit: number
  net: number
  dueDate: string
  settlements: SettlementSums
  pointCases: SettlementSums
  indicators: PaymentIndicators | null
  /** How 应付 was found (Chinese). */
  explanation: string
}

export type GroupKind = 'CORE' | 'COMPREHENSIVE' | 'NONE'

export type CostType = 'NORMAL' | 'LOW' | 'HIGH' | 'INCOMPLETE' | 'PER_DIEM' | 'UNGROUPED'

/** One point-method stay of a statement with its group and points; amounts in fen. */
export interface StatementCase {
  mdtrtId: string
  psnNo: string
  dischargeDate: string
  groupCode: string | null
  groupName: string | null
  groupKind: GroupKind
  costType: CostType
  baseScore: number
  coefficient: number
  ratio: number
  points: number
  /** A candidate for 特例单议. */
  specialCandidate: boolean
  totalCost: number
  ownPay: number
  otherFunds: number
  note: string | null
}

/** A statement with one page of its cases (most points first). */
export interface StatementDetail {
  summary: StatementSummary
  statement: Statement
  cases: StatementCase[]
  caseCount: number
  page: number
  pageSize: number
}

/** One reconciliation check of a payment run: two independent sums that must agree. */
export interface ReconciliationCheck {
  name: string
  expected: number
  actual: number
  ok: boolean
}

/** A region whose institutions were not paid (no payment plan in force). */
export interface SkippedRegion {
  admdvs: string
  institutions: string[]
  reason: string
}

/** What a done payment run job holds in its detail; amounts in fen. */
export interface PaymentRunDetail {
  month: string
  created: number
  unchanged: number
  superseded: number
  totals: {
    payable: number
    deductions: number
    deposit: number
    net: number
    points: number
    cases: number
  }
  reconciliation: ReconciliationCheck[]
  reconciled: boolean
  skipped: SkippedRegion[]
}

/** One institution's annual clearing; amounts in fen, balance positive = 补付, negative = 追回. */
export interface ClearingRow {
  institutionCode: string
  institutionName: string
  method: PaymentMethod
  points: number
  pointValueAmount: number
  pointFund: number
  pointFundPaid: number
  fundPayable: number
  assessmentCoefficient: number
  fundPaid: number
  retained: number
  prepaid: number
  depositWithheld: number
  depositReturned: number
  balance: number
  explanation: string
}

/** The annual clearing (年度清算) of a region's year; amounts in fen. */
export interface Clearing {
  admdvs: string
  year: number
  variant: 'COST' | 'FUND'
  annualFund: number
  /** 调剂金. */
  reserve: number
  fundAvailable: number
  totalPoints: number
  /** 结算点值, yuan per point. */
  settlementPointValue: number
  rows: ClearingRow[]
  reserveAfter: number
  undistributed: number
  /** Σ point institutions paid + reserve + undistributed = the annual fund. */
  identityHolds: boolean
}

/** A stored clearing version. */
export interface StoredClearing {
  id: string
  version: number
  current: boolean
  clearing: Clearing
  /** Months of the year without any statement. */
  monthsMissing: string[]
  createdBy: string
  createdAt: string
}

/** One issue of the server's Outcome. */
export interface ApiIssue {
  severity?: string
  code?: string
  message: string
  path?: string
}

/**
 * An error answered by the server (or the network): HTTP status and the first issue's text;
 * every issue in `issues` (to show each at its field).
 */
export class ApiError extends Error {
  readonly status: number
  readonly code: string | undefined
  readonly path: string | undefined
  readonly issues: readonly ApiIssue[]

  constructor(
    status: number,
    message: string,
    code?: string,
    path?: string,
    issues: readonly ApiIssue[] = []
  ) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.path = path
    this.issues = issues
  }
}

const BASE = '/api/v1'
const CSRF_KEY = 'yibao.csrf'

let csrfToken: string | null = readStoredToken()
let unauthorizedHandler: (() => void) | null = null

function readStoredToken(): string | null {
  try {
    return sessionStorage.getItem(CSRF_KEY)
  } catch {
    return null
  }
}

/** Keeps the CSRF token of the session in memory and in sessionStorage (survives a reload). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token
  try {
    if (token === null) sessionStorage.removeItem(CSRF_KEY)
    else sessionStorage.setItem(CSRF_KEY, token)
  } catch {
    // Storage may be disabled; the in-memory token still works until a reload.
  }
}

/** Registers what to do when any call answers 401 (go to the login page). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler
}

type Params = Record<string, string | number | null | undefined>

/** Builds `?a=1&b=2` from the defined, non-empty values; '' when there are none. */
export function queryString(params: Params): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text === '' ? '' : `?${text}`
}

interface RequestOptions {
  /** Do not run the 401 handler (login and the session probe handle 401 themselves). */
  noRedirect?: boolean
}

async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: RequestOptions = {}
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  if (method !== 'GET' && csrfToken !== null) headers['X-CSRF-Token'] = csrfToken
  let response: Response
  try {
    response = await fetch(`${BASE}${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    throw new ApiError(0, 'network')
  }
  if (response.status === 401 && !options.noRedirect) unauthorizedHandler?.()
  if (!response.ok) throw await toApiError(response)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  return (text === '' ? undefined : JSON.parse(text)) as T
}

/** A GET answered as text (a file's content), errors as for `request`. */
async function requestText(path: string): Promise<string> {
  let response: Response
  try {
    response = await fetch(`${BASE}${path}`, { credentials: 'same-origin' })
  } catch {
    throw new ApiError(0, 'network')
  }
  if (response.status === 401) unauthorizedHandler?.()
  if (!response.ok) throw await toApiError(response)
  return response.text()
}

async function toApiError(response: Response): Promise<ApiError> {
  let message = `${response.status} ${response.statusText}`.trim()
  let code: string | undefined
  let path: string | undefined
  let issues: ApiIssue[] = []
  try {
    const outcome = (await response.json()) as {
      issues?: { severity?: string; message?: string; code?: string; path?: string }[]
    }
    const first = outcome.issues?.[0]
    if (first?.message) message = first.message
    code = first?.code
    path = first?.path
    issues = (outcome.issues ?? []).map((issue) => ({ ...issue, message: issue.message ?? '' }))
  } catch {
    // Not an Outcome body (a proxy error page, say); keep the status line.
  }
  return new ApiError(response.status, message, code, path, issues)
}

function findingParams(filter: FindingQuery): Params {
  return {
    state: typeof filter.state === 'string' ? filter.state : filter.state?.join(','),
    ruleId: filter.ruleId,
    institutionCode: filter.institutionCode,
    severity: filter.severity,
    from: filter.from,
    to: filter.to,
    minAmount: filter.minAmount,
    dispatchId: filter.dispatchId,
  }
}

/** Signs in; the server sets the session cookie and returns the CSRF token. */
export async function login(username: string, password: string): Promise<Session> {
  const session = await request<Session>(
    'POST',
    '/auth/login',
    { username, password },
    { noRedirect: true }
  )
  setCsrfToken(session.csrfToken)
  return session
}

/** Signs out and forgets the CSRF token. */
export async function logout(): Promise<void> {
  try {
    await request<void>('POST', '/auth/logout', undefined, { noRedirect: true })
  } finally {
    setCsrfToken(null)
  }
}

/** The current session, or an ApiError 401 when there is none. */
export async function me(): Promise<Session> {
  const session = await request<Session>('GET', '/auth/me', undefined, { noRedirect: true })
  setCsrfToken(session.csrfToken)
  return session
}

/** One page of findings matching the filter, in the given order (newest finding first). */
export function listFindings(
  filter: FindingQuery,
  page = 1,
  pageSize = 20,
  sort?: FindingSort
): Promise<Page<FindingRow>> {
  return request(
    'GET',
    `/findings${queryString({ ...findingParams(filter), sort, page, pageSize })}`
  )
}

/** The URL of the xlsx export of the findings matching the filter. */
export function findingsExportUrl(filter: FindingFilter): string {
  return `${BASE}/findings/export.xlsx${queryString(findingParams(filter))}`
}

/** One finding with its lines, evidence, appeal, decision and history. */
export function getFinding(id: string): Promise<FindingDetail> {
  return request('GET', `/findings/${encodeURIComponent(id)}`)
}

/** Dispatches (下发) the given findings, or every GENERATED finding matching the filter. */
export function dispatchFindings(input: {
  findingIds?: string[]
  filter?: Omit<FindingFilter, 'state' | 'dispatchId'>
}): Promise<{ dispatches: Dispatch[] }> {
  return request('POST', '/dispatches', input)
}

/** The dispatch batches made so far. */
export function listDispatches(): Promise<{ items: Dispatch[] }> {
  return request('GET', '/dispatches')
}

/** An institution accepts or appeals (申诉) a dispatched finding. */
export function answerFinding(
  id: string,
  input: { action: 'appeal' | 'accept'; reason: string; attachments?: NewAttachment[] }
): Promise<FindingDetail> {
  return request('POST', `/findings/${encodeURIComponent(id)}/appeal`, input)
}

/** A reviewer decides (复审) a finding; `amount` in fen, uphold only. */
export function decideFinding(
  id: string,
  input: { decision: DecisionKind; amount?: number; basis: string }
): Promise<FindingDetail> {
  return request('POST', `/findings/${encodeURIComponent(id)}/decision`, input)
}

/** The download URL of an appeal attachment. */
export function attachmentUrl(id: string): string {
  return `${BASE}/attachments/${encodeURIComponent(id)}`
}

/** Draws a re-review sample (抽查复审) of the machine-passed claims of a period. */
export function drawSample(input: {
  from: string
  to: string
  rate?: number
  seed?: string
}): Promise<SampleSummary | SampleDetail> {
  return request('POST', '/samples', input)
}

/** The samples drawn so far. */
export function listSamples(): Promise<{ items: SampleSummary[] }> {
  return request('GET', '/samples')
}

/** One sample with its strata, extrapolation and items. */
export function getSample(id: string): Promise<SampleDetail> {
  return request('GET', `/samples/${encodeURIComponent(id)}`)
}

/** Records the re-review result of one sampled claim; `errorAmount` in fen. */
export function checkSampleItem(
  id: string,
  mdtrtId: string,
  input: { result: SampleResult; errorAmount?: number; note?: string }
): Promise<unknown> {
  return request(
    'POST',
    `/samples/${encodeURIComponent(id)}/items/${encodeURIComponent(mdtrtId)}`,
    input
  )
}

/** Applies a sample's extrapolation as deductions (fund manager). */
export function applySample(id: string): Promise<unknown> {
  return request('POST', `/samples/${encodeURIComponent(id)}/apply`)
}

/** Deductions (扣款), optionally of one institution and one month (`YYYY-MM`). */
export function listDeductions(filter: {
  institutionCode?: string
  month?: string
}): Promise<Deductions> {
  return request('GET', `/deductions${queryString(filter)}`)
}

/** The audit funnel of a period, by rule or by institution. */
export function getFunnel(filter: {
  from?: string
  to?: string
  groupBy: 'rule' | 'institution'
}): Promise<Funnel> {
  return request('GET', `/funnel${queryString(filter)}`)
}

/** The URL of the xlsx export of the funnel (the report sentence in its first row). */
export function funnelExportUrl(filter: {
  from?: string
  to?: string
  groupBy: 'rule' | 'institution'
}): string {
  return `${BASE}/funnel/export.xlsx${queryString(filter)}`
}

/** The figures of the dashboard. */
export function getDashboard(): Promise<Dashboard> {
  return request('GET', '/dashboard')
}

/** One page of the audit log (admin). */
export function listAuditLog(filter: {
  page: number
  pageSize: number
  actor?: string
  action?: string
}): Promise<{ items: AuditLogEntry[]; total: number }> {
  return request('GET', `/audit-log${queryString(filter)}`)
}

/** The console users (admin). */
export function listUsers(): Promise<{ items: UserRecord[] }> {
  return request('GET', '/users')
}

/** Creates a console user (admin). */
export function createUser(input: NewUser): Promise<unknown> {
  return request('POST', '/users', input)
}

/** Disables (停用) a user and ends their sessions (admin; not oneself). */
export function disableUser(id: string): Promise<UserRecord> {
  return request('POST', `/users/${encodeURIComponent(id)}/disable`)
}

/** Enables (启用) a disabled user again (admin). */
export function enableUser(id: string): Promise<UserRecord> {
  return request('POST', `/users/${encodeURIComponent(id)}/enable`)
}

/** Gives a user a new password (admin); their sessions end. */
export function resetUserPassword(id: string, password: string): Promise<void> {
  return request('POST', `/users/${encodeURIComponent(id)}/password`, { password })
}

/**
 * Changes the signed-in user's own password. The server ends the session (and clears the
 * cookie), so the CSRF token is forgotten too.
 */
export async function changePassword(current: string, password: string): Promise<void> {
  await request<void>('POST', '/auth/password', { current, password })
  setCsrfToken(null)
}

/** The review policy (复审参数) of every 统筹区 and the defaults. */
export function listReviewPolicies(): Promise<ReviewPolicies> {
  return request('GET', '/review-policies')
}

/** Changes a region's review policy (`*` for every region; admin); answers the policy in force. */
export function saveReviewPolicy(
  admdvs: string,
  changes: ReviewPolicyChanges
): Promise<{ admdvs: string; policy: ReviewPolicy }> {
  return request('PUT', `/review-policies/${encodeURIComponent(admdvs)}`, changes)
}

/** The API keys (admin). */
export function listApiKeys(): Promise<{ items: ApiKeyRecord[] }> {
  return request('GET', '/api-keys')
}

/** Issues an API key; the key itself is in the answer only this once. */
export function createApiKey(input: {
  name: string
  institutionCode?: string
}): Promise<ApiKeyRecord & { key: string }> {
  return request('POST', '/api-keys', input)
}

/** Revokes an API key. */
export function deleteApiKey(id: string): Promise<void> {
  return request('DELETE', `/api-keys/${encodeURIComponent(id)}`)
}

/** The background jobs. */
export function listJobs(): Promise<{ items: Job[] }> {
  return request('GET', '/jobs')
}

/** Starts a batch audit (批量审核) of a period as a background job. */
export function startAuditRun(input: { from?: string; to?: string }): Promise<{ job: Job }> {
  return request('POST', '/audit-runs', input)
}

/** One background job with its progress and, when done, its detail. */
export function getJob(id: string): Promise<Job> {
  return request('GET', `/jobs/${encodeURIComponent(id)}`)
}

/** The calls of one kind of versioned document (benefit policies, payment plans). */
export interface VersionsClient {
  /** The versions, newest year first. */
  list(): Promise<{ items: VersionSummary[] }>
  /** One version with its document. */
  get(id: string): Promise<VersionDetail>
  /** The download URL of a version as YAML or JSON. */
  exportUrl(id: string, format: 'yaml' | 'json'): string
  /** A version's file text, YAML by default. */
  text(id: string, format?: 'yaml' | 'json'): Promise<string>
  /** Saves a document as a draft (a draft of the same id is replaced). */
  save(document: Record<string, unknown>): Promise<VersionDetail>
  /** Saves a file's text (YAML or JSON) as a draft (a draft of the same id is replaced). */
  importText(text: string): Promise<VersionDetail>
  /** Activates a draft; the version active until then for its region and year is retired. */
  activate(id: string): Promise<VersionDetail>
}

/** The client of the versioned documents under `path` (`/policies`, `/payment-plans`). */
function versionsClient(path: string): VersionsClient {
  const one = (id: string) => `${path}/${encodeURIComponent(id)}`
  return {
    list: () => request('GET', path),
    get: (id) => request('GET', one(id)),
    exportUrl: (id, format) => `${BASE}${one(id)}/export${queryString({ format })}`,
    text: (id, format = 'yaml') => requestText(`${one(id)}/export${queryString({ format })}`),
    save: (document) => request('POST', path, document),
    importText: (text) => request('POST', `${path}/import`, { text }),
    activate: (id) => request('POST', `${one(id)}/activate`),
  }
}

/** Benefit policy (待遇政策) versions. */
export const POLICY_VERSIONS: VersionsClient = versionsClient('/policies')

/** Payment plan (付费方案) versions. */
export const PAYMENT_PLAN_VERSIONS: VersionsClient = versionsClient('/payment-plans')

/** The benefit policy versions, newest year first. */
export function listPolicies(): Promise<{ items: PolicySummary[] }> {
  return POLICY_VERSIONS.list()
}

/** Drafts a payment plan sized from a region's stored stays of a year. */
export function suggestPaymentPlan(input: {
  admdvs: string
  year: number
}): Promise<{ id: string; status: string; document: Record<string, unknown> }> {
  return request('POST', '/payment-plans/suggest', input)
}

/** Settles one encounter from a fresh year under a policy (default: the one in force). */
export function calculateSettlement(input: {
  policyId?: string
  encounter: CalculateEncounter
}): Promise<CalculateResult> {
  return request('POST', '/settlement/calculate', input)
}

/** Starts a what-if (政策测算) of a year under a changed policy, as a background job. */
export function startWhatIf(input: { year: number } & WhatIfSource): Promise<{ job: Job }> {
  return request('POST', '/whatif-runs', input)
}

/** Starts the settlement check (结算核查) of a year, as a background job. */
export function startSettlementCheck(year: number): Promise<{ job: Job }> {
  return request('POST', '/settlement-checks', { year })
}

/** The settlement check verdicts of a year (default: the latest checked): counts and a page. */
export function listSettlementChecks(filter: {
  year?: number
  status?: Exclude<CheckStatus, 'SAME'>
  page: number
  pageSize: number
}): Promise<SettlementChecks> {
  return request('GET', `/settlement-checks${queryString(filter)}`)
}

/** The months with statements, each with its current statements added up. */
export function listPaymentMonths(): Promise<{ items: PaymentMonth[] }> {
  return request('GET', '/payment/months')
}

/** The filter of the statements list: a month, an institution, and old versions too. */
export interface StatementFilter {
  month?: string
  institution?: string
  /** Also the versions a re-run replaced. */
  all?: boolean
}

function statementParams(filter: StatementFilter): Params {
  return { month: filter.month, institution: filter.institution, all: filter.all ? 1 : undefined }
}

/** Statements (an institution user gets only its own), by month and institution. */
export function listStatements(filter: StatementFilter): Promise<{ items: StatementSummary[] }> {
  return request('GET', `/payment/statements${queryString(statementParams(filter))}`)
}

/** The URL of the xlsx export of the statements matching the filter. */
export function statementsExportUrl(filter: StatementFilter): string {
  return `${BASE}/payment/statements/export.xlsx${queryString(statementParams(filter))}`
}

/** One statement with a page of its point-method cases. */
export function getStatement(id: string, page = 1, pageSize = 50): Promise<StatementDetail> {
  return request(
    'GET',
    `/payment/statements/${encodeURIComponent(id)}${queryString({ page, pageSize })}`
  )
}

/** Starts the monthly payment run (月度拨付) of a month as a background job. */
export function startPaymentRun(input: { month: string; admdvs?: string }): Promise<{ job: Job }> {
  return request('POST', '/payment-runs', input)
}

/** Runs the annual clearing (年度清算) of a region's year; unchanged results store nothing. */
export function runClearing(input: {
  admdvs: string
  year: number
}): Promise<{ stored: StoredClearing; status: 'created' | 'unchanged' }> {
  return request('POST', '/payment-clearings', input)
}

/** The stored clearings (of one year), current versions first. */
export function listClearings(year?: number): Promise<{ items: StoredClearing[] }> {
  return request('GET', `/payment-clearings${queryString({ year })}`)
}

/** 责任程度 of a person in the act behind a point event. */
export type Responsibility = 'MAIN' | 'IMPORTANT' | 'GENERAL'

export const RESPONSIBILITIES: readonly Responsibility[] = ['MAIN', 'IMPORTANT', 'GENERAL']

/** A person's 医保支付资格 status: 暂停 or 终止 (null: 正常). */
export type StaffStatus = 'SUSPENDED' | 'TERMINATED'

/** A kind of decision that gives points (记分情形) with the points by responsibility. */
export interface PointTrigger {
  code: string
  name: string
  points: Record<Responsibility, number>
}

export interface PointTriggers {
  items: PointTrigger[]
  responsibilities: Record<Responsibility, string>
}

/** Points given to a person by one decision. */
export interface StaffPointEvent {
  id: string
  staffCode: string
  decisionDate: string
  points: number
  responsibility: Responsibility
  trigger: string
  suspensionMonths: number | null
  institutionCode: string | null
  findingId: string | null
  note: string | null
  createdBy: string
  createdAt: string
}

/** A period without payment qualification; `to` the last day, null while open. */
export interface StaffPeriod {
  status: StaffStatus
  from: string
  to: string | null
  eventId: string
  /** Terminations: the first day re-registration is allowed. */
  barUntil?: string
}

/** A staff member's file (一医一档) with the status on `statusDate`. */
export interface StaffFile {
  staffCode: string
  name: string
  kind: string
  title: string
  institutions: { institutionCode: string; begin: string; end: string | null }[]
  events: StaffPointEvent[]
  reregistrations: string[]
  /** Points by natural year. */
  yearTotals: Record<string, number>
  periods: StaffPeriod[]
  status: StaffStatus | null
  statusDate: string
}

/** What a point event is recorded from; `points` (1–12) overrides the trigger table's. */
export interface NewPointEvent {
  decisionDate: string
  trigger: string
  responsibility: Responsibility
  points?: number
  suspensionMonths?: number
  institutionCode?: string
  findingId?: string
  note?: string
}

/** The trigger → points table and the names of the responsibilities. */
export function listPointTriggers(): Promise<PointTriggers> {
  return request('GET', '/staff-point-triggers')
}

/** The people with points, with their status on `date` (default today at the server). */
export function listStaff(date?: string): Promise<{ date: string; items: StaffFile[] }> {
  return request('GET', `/staff${queryString({ date })}`)
}

function staffPath(code: string, rest = ''): string {
  return `/staff/${encodeURIComponent(code)}${rest}`
}

/** One person's file with the status on `date`; 404 for an unknown person. */
export function getStaff(code: string, date?: string): Promise<StaffFile> {
  return request('GET', staffPath(code, queryString({ date })))
}

/** Records points (inspector); answers the file as of the decision date. */
export function recordStaffPoints(code: string, input: NewPointEvent): Promise<StaffFile> {
  return request('POST', staffPath(code, '/points'), input)
}

/** Re-registers a terminated person on `date`, on or after the bar (inspector). */
export function reregisterStaff(code: string, date: string): Promise<StaffFile> {
  return request('POST', staffPath(code, '/reregistration'), { date })
}

/** The types of designated institutions. */
export type InstitutionType = 'HOSPITAL' | 'CLINIC' | 'VILLAGE_CLINIC' | 'PHARMACY'

export const INSTITUTION_TYPES: readonly InstitutionType[] = [
  'HOSPITAL',
  'CLINIC',
  'VILLAGE_CLINIC',
  'PHARMACY',
]

/** An institution in the object register (检查对象名录库). */
export interface InspectionObject {
  code: string
  name: string
  type: InstitutionType
  level: number
  admdvs: string
  /** Credit level A–D, null when not rated. */
  credit: string | null
  /** Risk score 0–1. */
  risk: number
}

/** An inspector in the register (检查人员名录库). */
export interface Inspector {
  id: string
  name: string
  /** 执法证; null: none, never drawn. */
  certificate: string | null
  specialty: string
  unit: string
  /** Institutions with a declared conflict of interest. */
  conflicts: string[]
}

/** A random-inspection plan (抽查计划) as a document; ratios in percent. */
export interface InspectionPlanDocument {
  id: string
  name: string
  ratio: Partial<Record<InstitutionType, number>>
  minPerType: number
  creditWeights: Record<string, number>
  unrated: number
  riskFactor: number
  teamSize: number
  admdvs?: string
}

/** One drawn object with its team and the inspectors passed over for a conflict (回避). */
export interface DrawnObject {
  object: InspectionObject
  weight: number
  team: string[]
  avoided: string[]
}

/** A draw as listed. */
export interface InspectionDrawSummary {
  id: string
  planId: string
  seed: number
  /** How many objects were drawn. */
  objects: number
  createdBy: string
  createdAt: string
}

/** A recorded draw: plan, seed and algorithm reproduce it from the registers. */
export interface InspectionDraw {
  id: string
  planId: string
  seed: number
  algorithm: string
  plan: { id: string; name: string; [field: string]: unknown }
  objects: DrawnObject[]
  byType: Partial<Record<InstitutionType, { register: number; drawn: number }>>
  createdBy: string
  createdAt: string
}

/** The object register with credit and risk. */
export function listInspectionObjects(): Promise<{ items: InspectionObject[] }> {
  return request('GET', '/inspection/objects')
}

/** The inspector register with certificates and declared conflicts. */
export function listInspectors(): Promise<{ items: Inspector[] }> {
  return request('GET', '/inspection/inspectors')
}

/** The default plan, to start a plan from. */
export function getDefaultInspectionPlan(): Promise<InspectionPlanDocument> {
  return request('GET', '/inspection/default-plan')
}

/** Draws objects and teams (inspector); no seed: a random one, recorded with the draw. */
export function drawInspection(input: {
  seed?: number
  plan?: InspectionPlanDocument
}): Promise<InspectionDraw> {
  return request('POST', '/inspection-draws', input)
}

/** The draws so far, newest first. */
export function listInspectionDraws(): Promise<{ items: InspectionDrawSummary[] }> {
  return request('GET', '/inspection-draws')
}

/** One draw with its plan, objects and teams. */
export function getInspectionDraw(id: string): Promise<InspectionDraw> {
  return request('GET', `/inspection-draws/${encodeURIComponent(id)}`)
}

/** The URL of a draw's publication list (公示清单) as xlsx. */
export function inspectionDrawExportUrl(id: string): string {
  return `${BASE}/inspection-draws/${encodeURIComponent(id)}/export.xlsx`
}

/** Where a report (举报) stands. */
export type ReportState =
  'RECEIVED' | 'ACCEPTED' | 'REJECTED' | 'FORWARDED' | 'VERIFIED' | 'UNFOUNDED' | 'CLOSED'

export const REPORT_STATES: readonly ReportState[] = [
  'RECEIVED',
  'ACCEPTED',
  'REJECTED',
  'FORWARDED',
  'VERIFIED',
  'UNFOUNDED',
  'CLOSED',
]

/** Where a report's reward stands; NONE before one is proposed. */
export type RewardState = 'NONE' | 'PROPOSED' | 'APPROVED' | 'PAID' | 'WAIVED'

export const REWARD_STATES: readonly RewardState[] = [
  'NONE',
  'PROPOSED',
  'APPROVED',
  'PAID',
  'WAIVED',
]

export type ReportChannel = '12345' | 'WECHAT' | 'WEB' | 'LETTER' | 'VISIT' | 'PHONE'

export const REPORT_CHANNELS: readonly ReportChannel[] = [
  '12345',
  'WECHAT',
  'WEB',
  'LETTER',
  'VISIT',
  'PHONE',
]

export type ReportKind = 'REAL_NAME' | 'ANONYMOUS' | 'JOINT'

export const REPORT_KINDS: readonly ReportKind[] = ['REAL_NAME', 'ANONYMOUS', 'JOINT']

export type ReportSubjectType = 'INSTITUTION' | 'PHARMACY' | 'AGENCY' | 'EMPLOYER' | 'INDIVIDUAL'

export const REPORT_SUBJECT_TYPES: readonly ReportSubjectType[] = [
  'INSTITUTION',
  'PHARMACY',
  'AGENCY',
  'EMPLOYER',
  'INDIVIDUAL',
]

/** What moves a report. */
export type ReportAction = 'accept' | 'reject' | 'forward' | 'verify' | 'unfound' | 'close'

/** The states each action starts from (the server's transition table). */
export const REPORT_ACTION_FROM: Record<ReportAction, readonly ReportState[]> = {
  accept: ['RECEIVED'],
  reject: ['RECEIVED'],
  forward: ['RECEIVED'],
  verify: ['ACCEPTED'],
  unfound: ['ACCEPTED'],
  close: ['VERIFIED', 'UNFOUNDED'],
}

export type HandlingDecision = 'PENALTY' | 'AGREEMENT' | 'NONE'

export interface Reporter {
  name: string
  phone: string | null
  idNumber: string | null
}

/** A report's reward; amounts in fen. */
export interface ReportReward {
  state: RewardState
  stateLabel: string
  grade: number
  amount: number
  computation: {
    grade: number
    caseValue: number | null
    amount: number
    basis: string
    [k: string]: unknown
  }
  shares: number[]
  note: string | null
  proposedBy: string
  proposedAt: string
  approvedBy: string | null
  approvedAt: string | null
  paidDate: string | null
  paymentRef: string | null
  paidBy: string | null
  waivedBy: string | null
  waivedAt: string | null
  waiveReason: string | null
}

export interface ReportEvent extends RecordEvent {
  id: number
}

/** A report as its reader sees it; `identity` only for report handlers. */
export interface ReportView {
  id: string
  channel: ReportChannel
  kind: ReportKind
  subjectType: ReportSubjectType
  subjectId: string
  subjectName: string | null
  matter: string | null
  clues: string
  state: ReportState
  stateLabel: string
  handler: { username: string; displayName: string } | null
  receivedDate: string
  acceptDeadline: string
  decisionDate: string | null
  decisionReason: string | null
  forwardedTo: string | null
  notifyDeadline: string | null
  notifiedDate: string | null
  closeDeadline: string | null
  verifiedDate: string | null
  caseValue: number | null
  handlingDecision: string | null
  closedDate: string | null
  disclose: boolean
  disclosureText: string | null
  findingIds: string[]
  reward: ReportReward | null
  createdBy: string
  createdAt: string
  updatedAt: string
  identity?: { insider: boolean; reporters: Reporter[] }
  events?: ReportEvent[]
}

export interface NewReport {
  channel: ReportChannel
  kind: ReportKind
  subjectType: ReportSubjectType
  subjectId: string
  subjectName?: string
  matter?: string
  clues: string
  insider?: boolean
  receivedDate?: string
  reporters?: { name: string; phone?: string; idNumber?: string }[]
}

export interface ReportFilter {
  state?: ReportState
  channel?: ReportChannel
  kind?: ReportKind
  handler?: string
  subjectId?: string
  page?: number
  pageSize?: number
}

export interface ReportStats {
  total: number
  byChannel: Record<ReportChannel, number>
  byState: Record<ReportState, number>
  byKind: Record<ReportKind, number>
  byMonth: {
    month: string
    received: number
    accepted: number
    verified: number
    caseValue: number
  }[]
  rewards: Record<RewardState, number> & { paidAmount: number }
}

/** Registers a report (report handler); an anonymous one answers its claim code once. */
export function createReport(
  input: NewReport
): Promise<{ report: ReportView; claimCode: string | null }> {
  return request('POST', '/reports', input)
}

export function listReports(filter: ReportFilter): Promise<Page<ReportView>> {
  return request('GET', `/reports${queryString({ ...filter })}`)
}

export function getReport(id: string): Promise<ReportView> {
  return request('GET', `/reports/${encodeURIComponent(id)}`)
}

/** The report statistics of the reports received from `from` to `to`. */
export function getReportStats(range: { from?: string; to?: string }): Promise<ReportStats> {
  return request('GET', `/reports/stats${queryString(range)}`)
}

/** The steps taken on a report, each answering the report as the user sees it. */
export type ReportStep =
  | 'assign'
  | 'transitions'
  | 'findings'
  | 'notification'
  | 'disclosure'
  | 'reward'
  | 'reward/approval'
  | 'reward/payment'
  | 'reward/waiver'

/** Takes a step on a report (`/reports/:id/<step>`). */
export function reportStep(id: string, step: ReportStep, body: object = {}): Promise<ReportView> {
  return request('POST', `/reports/${encodeURIComponent(id)}/${step}`, body)
}

/** Where a clue (线索) came from. */
export type ClueSource =
  'NATIONAL' | 'PROVINCIAL' | 'CITY' | 'SCREENING' | 'CALLBACK' | 'REPORT' | 'OTHER'

export const CLUE_SOURCES: readonly ClueSource[] = [
  'NATIONAL',
  'PROVINCIAL',
  'CITY',
  'SCREENING',
  'CALLBACK',
  'REPORT',
  'OTHER',
]

/** Where a clue stands. */
export type ClueState = 'NEW' | 'ASSIGNED' | 'INVESTIGATING' | 'CLOSED'

export const CLUE_STATES: readonly ClueState[] = ['NEW', 'ASSIGNED', 'INVESTIGATING', 'CLOSED']

/** How a closed clue ended: 查实 or 查无实据. */
export type ClueOutcome = 'CONFIRMED' | 'UNFOUNDED'

export const CLUE_OUTCOMES: readonly ClueOutcome[] = ['CONFIRMED', 'UNFOUNDED']

/** The steps on a clue (`/clues/:id/<step>`). */
export type ClueStep = 'assign' | 'start' | 'links' | 'close'

/** The states each moving step starts from (the server's transition table). */
export const CLUE_STEP_FROM: Record<'assign' | 'start' | 'close', readonly ClueState[]> = {
  assign: ['NEW', 'ASSIGNED'],
  start: ['ASSIGNED'],
  close: ['INVESTIGATING'],
}

/** An imported batch of clues; amounts in fen. */
export interface ClueBatch {
  id: string
  source: ClueSource
  name: string
  receivedDate: string
  fileName: string
  contentHash: string
  clueCount: number
  suspectedAmount: number
  createdBy: string
  createdAt: string
}

/** A clue as listed; amounts in fen. */
export interface Clue {
  id: string
  batchId: string | null
  batchName: string | null
  line: number | null
  source: ClueSource
  institutionCode: string
  institutionName: string | null
  psnNo: string | null
  period: string
  periodFrom: string
  periodTo: string
  description: string
  suspectedAmount: number
  state: ClueState
  outcome: ClueOutcome | null
  assignee: string | null
  assigneeName: string | null
  recoveredAmount: number | null
  closingNote: string | null
  closedAt: string | null
  createdBy: string
  createdAt: string
  updatedAt: string
}

/** A change of a clue or a report. */
export interface RecordEvent {
  at: string
  actor: string
  action: string
  from: string | null
  to: string | null
  detail: Record<string, unknown>
}

/** A clue with what it is linked to and its history. */
export interface ClueDetail extends Clue {
  links: { findings: string[]; reports: string[]; draws: string[]; settlements: string[] }
  events: RecordEvent[]
}

/** How far a set of clues has got; amounts in fen. */
export interface ClueFunnelFigures {
  clues: number
  assigned: number
  investigating: number
  confirmed: number
  unfounded: number
  suspectedAmount: number
  recoveredAmount: number
}

/** A batch, or the clues of a source registered by hand (batchId null). */
export interface ClueFunnelRow extends ClueFunnelFigures {
  batchId: string | null
  source: ClueSource
  name: string
  receivedDate: string | null
  /** The bureaus' sentence: 共接收线索…. */
  sentence: string
}

export interface ClueFunnel {
  rows: ClueFunnelRow[]
  total: ClueFunnelFigures & { batches: number; sentence: string }
}

export interface ClueFilter {
  batch?: string
  state?: ClueState
  source?: ClueSource
  institutionCode?: string
  assignee?: string
  page?: number
  pageSize?: number
}

/** A clue registered by hand; `suspectedAmount` in fen. */
export interface NewClue {
  source: ClueSource
  institutionCode: string
  psnNo?: string
  period: string
  description: string
  suspectedAmount: number
}

/** Imports a CSV of clues (inspector); the same file again answers `unchanged`. */
export function importClueBatch(input: {
  source: ClueSource
  name: string
  receivedDate?: string
  file: string
  text: string
}): Promise<{ status: 'imported' | 'unchanged'; batch: ClueBatch }> {
  return request('POST', '/clue-batches', input)
}

export function listClueBatches(): Promise<{ items: ClueBatch[] }> {
  return request('GET', '/clue-batches')
}

/** The URL of a batch's clues as xlsx. */
export function clueBatchExportUrl(id: string): string {
  return `${BASE}/clue-batches/${encodeURIComponent(id)}/export.xlsx`
}

export function getClueFunnel(): Promise<ClueFunnel> {
  return request('GET', '/clues/funnel')
}

export function listClues(filter: ClueFilter): Promise<Page<Clue>> {
  return request('GET', `/clues${queryString({ ...filter })}`)
}

export function getClue(id: string): Promise<ClueDetail> {
  return request('GET', `/clues/${encodeURIComponent(id)}`)
}

export function createClue(input: NewClue): Promise<ClueDetail> {
  return request('POST', '/clues', input)
}

/** Takes a step on a clue, answering the clue. */
export function clueStep(id: string, step: ClueStep, body: object = {}): Promise<ClueDetail> {
  return request('POST', `/clues/${encodeURIComponent(id)}/${step}`, body)
}

/** 随机抽查回访: a draw's headline with how far the calls have got. */
export interface CallbackDrawSummary {
  id: string
  seed: number
  algorithm: string
  from: string
  to: string
  size: number
  drawn: number
  answered: number
  reached: number
  mismatches: number
  createdBy: string
  createdAt: string
}

/** What the records say about a called-back settlement; amounts in fen. */
export interface CallbackRecords {
  personName: string | null
  institutionName: string
  mdtrtId: string
  kind: string | null
  begin: string | null
  end: string | null
  settledAt: string
  days: number
  total: number
  fundPaid: number
  ownPay: number
  cashPay: number
  items: { code: string; name: string; quantity: number; amount: number }[]
}

/** What the person called said; `ownPay` in fen. */
export interface CallbackAnswer {
  reached: boolean
  received: boolean | null
  days: number | null
  ownPay: number | null
  note: string | null
  answeredBy: string | null
  answeredAt: string
  mismatch: boolean
  reasons: string[]
  clueId: string | null
  recordedBy: string
}

/** A person to call, what the records say and, once called, the answer. */
export interface CallbackItem {
  seq: number
  setlId: string
  psnNo: string
  institutionCode: string
  institutionType: InstitutionType
  weight: number
  records: CallbackRecords
  answer: CallbackAnswer | null
}

/** A call list in full. */
export interface CallbackList extends CallbackDrawSummary {
  items: CallbackItem[]
}

/** What a caller records; `ownPay` in fen. */
export interface CallbackAnswerInput {
  reached?: boolean
  received?: boolean
  days?: number
  ownPay?: number
  note?: string
}

/** Draws persons to call back from a period's settlements; no seed: a random one, recorded. */
export function drawCallbacks(input: {
  from: string
  to: string
  size: number
  seed?: number
}): Promise<CallbackList> {
  return request('POST', '/callback-draws', input)
}

/** The call-back draws, newest first. */
export function listCallbackDraws(): Promise<{ items: CallbackDrawSummary[] }> {
  return request('GET', '/callback-draws')
}

/** One call list with its items and answers. */
export function getCallbackDraw(id: string): Promise<CallbackList> {
  return request('GET', `/callback-draws/${encodeURIComponent(id)}`)
}

/** Records the answer of one call; a mismatch registers a clue. */
export function answerCallback(
  id: string,
  seq: number,
  input: CallbackAnswerInput
): Promise<CallbackItem> {
  return request('POST', `/callback-draws/${encodeURIComponent(id)}/items/${seq}/answer`, input)
}

/** The URL of a call list as xlsx. */
export function callbackExportUrl(id: string): string {
  return `${BASE}/callback-draws/${encodeURIComponent(id)}/export.xlsx`
}

/** 考核与信用: a checklist item of the 1000-point template. */
export interface AssessmentTemplateItem {
  code: string
  name: string
  max: number
  /** Set on an item scored from data; a manual item has none. */
  indicator?: string
}

/** The 1000-point template: dimensions with their items, bands and credit thresholds. */
export interface AssessmentTemplate {
  id: string
  name: string
  dimensions: { code: string; name: string; items: AssessmentTemplateItem[] }[]
  bands: { excellent: number; pass: number; basic: number }
  credit: { A: number; B: number; C: number }
}

export type AssessmentBand = 'EXCELLENT' | 'PASS' | 'BASIC' | 'FAIL'

export type CreditLevel = 'A' | 'B' | 'C' | 'D'

export const CREDIT_LEVELS: readonly CreditLevel[] = ['A', 'B', 'C', 'D']

/** An institution's current assessment of a period. */
export interface Assessment {
  id: string
  version: number
  institutionCode: string
  period: string
  items: {
    code: string
    name: string
    dimension: string
    max: number
    value: number | null
    deducted: number
    score: number
    basis: string
  }[]
  score: number
  veto: string | null
  band: AssessmentBand
  /** The scored credit level. */
  credit: CreditLevel
  /** The level in force: adjusted after an objection or repair, else the scored one. */
  creditLevel: CreditLevel
  adjustReason: string | null
  coefficient: number
  createdAt: string
}

export function getAssessmentTemplate(): Promise<AssessmentTemplate> {
  return request('GET', '/assessment-template')
}

/** The current assessments of a period (2025 or 2025-Q2), lowest score first. */
export function listAssessments(
  period: string,
  institution?: string
): Promise<{ items: Assessment[] }> {
  return request('GET', `/assessments${queryString({ period, institution })}`)
}

/** Scores every institution (or one) for a period. */
export function runAssessment(input: {
  period: string
  institution?: string
}): Promise<{ created: number; unchanged: number; results: Assessment[] }> {
  return request('POST', '/assessment-runs', input)
}

/** A manual deduction, or a veto with item `VETO`. */
export function recordAssessmentEntry(input: {
  institution: string
  period: string
  item: string
  points: number
  reason: string
}): Promise<{ ok: true }> {
  return request('POST', '/assessment-entries', input)
}

/** Changes the credit level in force after an objection or a repair. */
export function adjustCredit(input: {
  institution: string
  period: string
  credit: CreditLevel
  reason: string
}): Promise<Assessment> {
  return request('POST', '/assessments/credit', input)
}

/** 资助参保: the departments that deliver rosters. */
export const ROSTER_SOURCES = ['民政', '残联', '乡村振兴', '退役军人', '其他'] as const

export type RosterSource = (typeof ROSTER_SOURCES)[number]

export type RosterMatchStatus = 'MATCHED' | 'REVIEW' | 'UNMATCHED' | 'INVALID' | 'REJECTED'

/** What a roster import did; amounts in fen. */
export interface RosterImport {
  batchId: string
  status: 'imported' | 'unchanged'
  counts: Partial<Record<RosterMatchStatus, number>>
  identitiesTagged: number
  subsidies: { persons: number; amount: number }
}

/** A roster row to act on. */
export interface RosterListedRow {
  batchId: string
  line: number
  idNumber: string
  name: string
  reason: string | null
}

/** A year's reconciliation; amounts in fen. */
export interface SubsidyReport {
  year: number
  rows: { source: string; status: RosterMatchStatus; count: number }[]
  subsidies: { identity: IdentityType; rateBp: number; persons: number; amount: number }[]
  totals: { persons: number; amount: number }
  review: RosterListedRow[]
  unmatched: RosterListedRow[]
}

/** Imports a department's roster (CSV text) for a year; `contribution` in fen. */
export function importSubsidyRoster(input: {
  source: RosterSource
  year: number
  file: string
  text: string
  contribution: number
}): Promise<RosterImport> {
  return request('POST', '/subsidy-rosters', input)
}

export function getSubsidyReport(year: number): Promise<SubsidyReport> {
  return request('GET', `/subsidy-report${queryString({ year })}`)
}

/** Decides a row waiting for review; `contribution` in fen. */
export function resolveRosterRow(
  batchId: string,
  line: number,
  input: { decision: 'MATCH' | 'REJECT'; contribution: number }
): Promise<{ ok: true }> {
  return request('POST', `/subsidy-rosters/${encodeURIComponent(batchId)}/rows/${line}`, input)
}

/** 协议管理: an agreement's status. */
export type AgreementStatus = 'ACTIVE' | 'SUSPENDED' | 'TERMINATED'

/** Why an agreement was terminated: 违规 bars a new one for 3 years, 严重违约 for 1. */
export type TerminationKind = 'VIOLATION' | 'BREACH'

/** An institution's service agreement (定点协议); dates `YYYY-MM-DD`. */
export interface Agreement {
  id: string
  institutionCode: string
  signedOn: string
  status: AgreementStatus
  statusSince: string
  reason: string | null
  reapplyNotBefore: string | null
}

export type BlacklistSubject = 'INSTITUTION' | 'STAFF' | 'INSURED'

export const BLACKLIST_SUBJECTS: readonly BlacklistSubject[] = ['INSTITUTION', 'STAFF', 'INSURED']

/** A blacklist entry; `to` null: without end. */
export interface BlacklistEntry {
  id: string
  subjectType: BlacklistSubject
  subjectId: string
  from: string
  to: string | null
  reason: string
}

export function listAgreements(institution?: string): Promise<{ items: Agreement[] }> {
  return request('GET', `/agreements${queryString({ institution })}`)
}

/** Signs a new agreement (refused within a re-application bar or for a blacklisted institution). */
export function signAgreement(input: {
  institution: string
  signedOn: string
}): Promise<Agreement> {
  return request('POST', '/agreements', input)
}

/** Suspends, resumes or terminates an agreement. */
export function changeAgreement(
  id: string,
  input: {
    action: 'suspend' | 'resume' | 'terminate'
    date: string
    reason: string
    kind?: TerminationKind
  }
): Promise<Agreement> {
  return request('POST', `/agreements/${encodeURIComponent(id)}/actions`, input)
}

/** The blacklist (of one subject type) with the effect of each type. */
export function listBlacklist(
  type?: BlacklistSubject
): Promise<{ effects: Record<BlacklistSubject, string>; items: BlacklistEntry[] }> {
  return request('GET', `/blacklist${queryString({ type })}`)
}

export function addBlacklistEntry(input: {
  subjectType: BlacklistSubject
  subjectId: string
  from: string
  to?: string
  reason: string
}): Promise<BlacklistEntry> {
  return request('POST', '/blacklist', input)
}

/** 检查结果: a drawn object's inspection with its rectification and publication; amount in fen. */
export interface InspectionResult {
  drawId: string
  institutionCode: string
  kind: 'WRITTEN' | 'ONSITE'
  inspectedOn: string
  outcome: 'NO_ISSUE' | 'ISSUES'
  summary: string
  amount: number | null
  rectifyBy: string | null
  rectifiedOn: string | null
  followUp: string | null
  /** 公示期限: 20 working days after the inspection. */
  publishBy: string
  publishedOn: string | null
  publicationUrl: string | null
  rectificationOverdue: boolean
  publicationOverdue: boolean
}

/** The written and on-site inspection coverage of an institution type in a year. */
export interface InspectionCoverage {
  type: InstitutionType
  institutions: number
  written: number
  onsite: number
  any: number
  writtenShare: number
  onsiteShare: number
}

/** Records a drawn object's result; `rectifyBy` required when issues were found. */
export function recordInspectionResult(
  drawId: string,
  code: string,
  input: {
    kind: InspectionResult['kind']
    inspectedOn: string
    outcome: InspectionResult['outcome']
    summary: string
    amount?: number
    rectifyBy?: string
  }
): Promise<InspectionResult> {
  return request(
    'POST',
    `/inspection-draws/${encodeURIComponent(drawId)}/results/${encodeURIComponent(code)}`,
    input
  )
}

/** Records a result's rectification or its publication. */
export function updateInspectionResult(
  drawId: string,
  code: string,
  input: { rectifiedOn?: string; followUp?: string; publishedOn?: string; publicationUrl?: string }
): Promise<InspectionResult> {
  return request(
    'POST',
    `/inspection-draws/${encodeURIComponent(drawId)}/results/${encodeURIComponent(code)}/progress`,
    input
  )
}

/** The results of a draw or a year, overdue as of `asOf` (default today). */
export function listInspectionResults(filter: {
  draw?: string
  year?: number
  asOf?: string
}): Promise<{ items: InspectionResult[] }> {
  return request('GET', `/inspection-results${queryString(filter)}`)
}

export function getInspectionCoverage(year: number): Promise<{ items: InspectionCoverage[] }> {
  return request('GET', `/inspection-coverage${queryString({ year })}`)
}

/** The URL of a year's result publication list (公示清单) as xlsx. */
export function inspectionPublicationUrl(year: number): string {
  return `${BASE}/inspection-results/publication.xlsx${queryString({ year })}`
}

/** 大数据筛查: what a screening result is about. */
export type ScreeningSubject = 'ENCOUNTER' | 'PERSON' | 'INSTITUTION' | 'DOCTOR'

/** A screening model: what it finds and at which level it counts. */
export interface ScreeningPattern {
  code: string
  name: string
  subject: ScreeningSubject
  /** The injected violation types (demo region) it should find. */
  truthTypes: string[]
}

/** One indicator of a subject against its peers; `value` and `peerMedian` in the indicator's unit. */
export interface IndicatorReading {
  name: string
  value: number
  peerMedian: number
  /** Robust z-score against the peers. */
  z: number
  /** 0–1. */
  percentile: number
  peers: number
}

/** What a finished screening run counted; amounts in fen. */
export interface ScreeningRunSummary {
  runId: string
  encounters: number
  persons: number
  institutions: number
  /** Per pattern code: hits and their suspected amount. */
  patterns: Record<string, { hits: number; amount: number }>
  clusters: number
  clues: number
  clueBatchId: string | null
  seconds: number
}

export type ScreeningRunState = 'RUNNING' | 'DONE' | 'FAILED'

/** A screening run; the summary is empty until it is done. */
export interface ScreeningRun {
  id: string
  state: ScreeningRunState
  periodFrom: string | null
  periodTo: string | null
  startedBy: string
  startedAt: string
  finishedAt: string | null
  error: string | null
  clueBatchId: string | null
  summary: Partial<ScreeningRunSummary>
}

/** Why something was flagged: a sentence and the figures behind it. */
export interface ScreeningExplanation {
  summary: string
  indicators?: IndicatorReading[]
  /** The persons of a cluster (结伴就医). */
  persons?: string[]
  /** The encounters involved (mdtrt_id). */
  encounters?: string[]
  /** The days involved, `YYYY-MM-DD`. */
  days?: string[]
}

/** One screening result; `amount` in fen, `score` 0–1. */
export interface ScreeningHit {
  runId: string
  seq: number
  pattern: string
  subject: ScreeningSubject
  subjectId: string
  institutionCode: string
  psnNo: string | null
  mdtrtId: string | null
  amount: number
  score: number
  clusterId: string | null
  explanation: ScreeningExplanation
  /** The clue raised for the hit (or by an earlier run), null when the run made none. */
  clueId: string | null
}

/** Two persons of a cluster who went to the same place on the same days (days since 1970). */
export interface ClusterEdge {
  a: string
  b: string
  days: number[]
  encounters: string[]
}

/** A companion cluster (结伴就医): its persons, their co-visits and its hits. */
export interface ScreeningCluster {
  id: string
  institutionCode: string
  persons: string[]
  edges: ClusterEdge[]
  hits: ScreeningHit[]
}

export type RiskSubject = 'INSTITUTION' | 'DOCTOR' | 'ENCOUNTER'

/** A risk score 0–100 with what it is made of; `amount` in fen. */
export interface ScreeningRisk {
  subject: RiskSubject
  subjectId: string
  institutionCode: string
  institutionName: string | null
  score: number
  hits: number
  amount: number
  /** Highest points first. */
  factors: { label: string; points: number }[]
  indicators: IndicatorReading[]
}

/** Precision and recall of a pattern against the injected truth (demo region). */
export interface PatternEvaluation {
  pattern: string
  name: string
  unit: ScreeningSubject
  truthTypes: string[]
  truth: number
  flagged: number
  truePositives: number
  precision: number | null
  recall: number | null
}

/** A run measured against the injected truth; amounts in fen. */
export interface ScreeningEvaluation {
  runId: string
  patterns: PatternEvaluation[]
  queue: {
    fraction: number
    items: number
    topItems: number
    truthAmount: number
    topTruthAmount: number
    share: number | null
    queueTruthAmount: number
  }
}

/** An encounter's header as stored; times ISO 8601 with offset. */
export interface EncounterHeader {
  mdtrtId: string
  psnNo: string
  institutionCode: string
  kind: string
  medType: string
  insuType: string
  begin: string
  end: string | null
  admDept: string | null
  dscgDept: string | null
  dscgWay: string | null
  mainDiagCode: string | null
  chiefDoctor: string | null
  deathDate: string | null
  drgCode: string | null
  admdvs: string
  [field: string]: unknown
}

export interface EncounterDiagnosis {
  id: string
  seq: number
  code: string
  name: string
  /** 1 入院, 2 出院, 3 门诊. */
  type: string
  main: boolean
  [field: string]: unknown
}

export interface EncounterOperation {
  id: string
  seq: number
  code: string
  name: string
  main: boolean
  date: string | null
  [field: string]: unknown
}

/** A fee line: `price` in ten-thousandths of a yuan, `amount` in fen. */
export interface EncounterFeeLine {
  feedetlSn: string
  setlId: string | null
  time: string
  code: string
  name: string
  listType: string
  catalogClass: string
  quantity: number
  price: number
  amount: number
  orderDoctor: string | null
  execDept: string | null
  [field: string]: unknown
}

/** A settlement of an encounter; amounts in fen. */
export interface EncounterSettlement {
  setlId: string
  time: string
  medfeeSumamt: number
  fulamtOwnpayAmt: number
  fundPaySumamt: number
  psnPartAmt: number
  [field: string]: unknown
}

/** One encounter with its diagnoses, operations, fee lines (by time) and settlements. */
export interface EncounterRecords {
  encounter: EncounterHeader
  diagnoses: EncounterDiagnosis[]
  operations: EncounterOperation[]
  feeLines: EncounterFeeLine[]
  settlements?: EncounterSettlement[]
}

/** An entry of the review queue; amounts in fen. */
export interface ReviewQueueItem {
  rank: number
  kind: 'FINDING' | 'SCREENING'
  id: string
  /** Rule id (findings) or pattern code (screening). */
  key: string
  label: string
  severity: string | null
  score: number | null
  amount: number
  /** Of being upheld, 0–1. */
  probability: number
  method: 'LEARNED' | 'HEURISTIC'
  /** amount × probability. */
  expected: number
  /** Working day at the capacity. */
  day: number
  institutionCode: string
  psnNo: string | null
  mdtrtId: string | null
  subject: string
}

/** One page of the review queue with what the whole queue adds up to; amounts in fen. */
export interface ReviewQueue {
  runId: string | null
  options: { capacityPerDay: number; minDecisions: number; priorWeight: number }
  total: number
  expectedTotal: number
  amountTotal: number
  days: number
  /** Rules and patterns ranked by their learned upheld rate. */
  learnedKeys: string[]
  items: ReviewQueueItem[]
}

const screeningRunPath = (id: string, rest = '') =>
  `/screening/runs/${encodeURIComponent(id)}${rest}`

/** The screening models and the thresholds in force. */
export function listScreeningPatterns(): Promise<{
  patterns: ScreeningPattern[]
  params: Record<string, unknown>
}> {
  return request('GET', '/screening/patterns')
}

/** Starts a screening run of a period (default: every stored claim) as a background job. */
export function startScreeningRun(input: {
  from?: string
  to?: string
  clues?: boolean
}): Promise<{ job: Job }> {
  return request('POST', '/screening/runs', input)
}

/** The latest screening runs, newest first. */
export function listScreeningRuns(): Promise<{ items: ScreeningRun[] }> {
  return request('GET', '/screening/runs')
}

/** One run; `latest` is the newest finished one (404 when there is none). */
export function getScreeningRun(id: string): Promise<ScreeningRun> {
  return request('GET', screeningRunPath(id))
}

/** A page of a run's hits, largest amount first. */
export function listScreeningHits(
  runId: string,
  filter: {
    pattern?: string
    institutionCode?: string
    clusterId?: string
    page: number
    pageSize: number
  }
): Promise<{ total: number; items: ScreeningHit[] }> {
  return request('GET', screeningRunPath(runId, `/hits${queryString(filter)}`))
}

/** A companion cluster of a run. */
export function getScreeningCluster(runId: string, clusterId: string): Promise<ScreeningCluster> {
  return request('GET', screeningRunPath(runId, `/clusters/${encodeURIComponent(clusterId)}`))
}

/** A page of a run's risk scores of one kind of subject, highest first. */
export function listScreeningRisks(
  runId: string,
  filter: { subject: RiskSubject; page: number; pageSize: number }
): Promise<{ total: number; items: ScreeningRisk[] }> {
  return request('GET', screeningRunPath(runId, `/risks${queryString(filter)}`))
}

/** A run against the injected truth (meaningful on a demo region only). */
export function getScreeningEvaluation(runId: string): Promise<ScreeningEvaluation> {
  return request('GET', screeningRunPath(runId, '/evaluation'))
}

/** One encounter with its diagnoses, operations, fee lines and settlements. */
export function getScreeningEncounter(mdtrtId: string): Promise<EncounterRecords> {
  return request('GET', `/screening/encounters/${encodeURIComponent(mdtrtId)}`)
}

/** A page of the risk-ranked review queue at a capacity (cases per working day). */
export function getReviewQueue(filter: {
  capacity: number
  page: number
  pageSize: number
}): Promise<ReviewQueue> {
  return request('GET', `/screening/queue${queryString(filter)}`)
}
