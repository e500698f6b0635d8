// SPDX-License-Identifier: Apache-2.0

/** How bad an issue is. `error` stops the operation; `warning` is kept and reported. */
export type IssueSeverity = 'error' | 'warning' | 'information'

/** What kind of issue it is; mapped to an HTTP status in one place (`outcomeStatus`). */
export type IssueCode =
  | 'ok'
  | 'created'
  | 'invalid'
  | 'not-found'
  | 'conflict'
  | 'unauthorized'
  | 'forbidden'
  | 'too-large'
  | 'too-many'
  | 'unavailable'
  | 'exception'

/**
 * One issue: what happened and where. `path` names the record and field, e.g.
 * `fee_list_d.csv:row 17:det_item_fee_sumamt`.
 */
export interface OutcomeIssue {
  readonly severity: IssueSeverity
  readonly code: IssueCode
  readonly message: string
  readonly path?: string
}

/** The one result / error shape of yibao: validation, findings and API errors alike. */
export interface Outcome {
  readonly issues: readonly OutcomeIssue[]
}

function single(severity: IssueSeverity, code: IssueCode, message: string, path?: string): Outcome {
  return {
    issues: [path === undefined ? { severity, code, message } : { severity, code, message, path }],
  }
}

/** Success. */
export const allOk: Outcome = single('information', 'ok', '成功')

/** A record was created. */
export const created: Outcome = single('information', 'created', '已创建')

/** The input is invalid; `path` names the record and field. */
export function badRequest(message: string, path?: string): Outcome {
  return single('error', 'invalid', message, path)
}

/** Several validation issues at once. */
export function invalid(issues: readonly OutcomeIssue[]): Outcome {
  return { issues }
}

/** Something named does not exist. */
export function notFound(message = '未找到'): Outcome {
  return single('error', 'not-found', message)
}

/** The request conflicts with the current state (duplicate id with other content, wrong state). */
export function conflict(message: string, path?: string): Outcome {
  return single('error', 'conflict', message, path)
}

/** Too many attempts in a short time; try again later. */
export function tooMany(message: string): Outcome {
  return single('error', 'too-many', message)
}

/** No valid credentials. */
export const unauthorized: Outcome = single('error', 'unauthorized', '未登录或凭据无效')

/** Authenticated but not allowed. */
export const forbidden: Outcome = single('error', 'forbidden', '无权访问')

/** A dependency (database, file) is not available. */
export function unavailable(message: string): Outcome {
  return single('error', 'unavailable', message)
}

/** An unexpected failure. The message is safe to show; details go to the log. */
export function serverError(err: unknown): Outcome {
  return single('error', 'exception', err instanceof Error ? err.message : String(err))
}

/** True when no issue has severity `error`. */
export function isOk(outcome: Outcome): boolean {
  return !outcome.issues.some((i) => i.severity === 'error')
}

/** The single Error subclass of yibao: carries an Outcome and the original cause. */
export class OutcomeError extends Error {
  readonly outcome: Outcome

  constructor(outcome: Outcome, cause?: unknown) {
    super(outcome.issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), {
      cause,
    })
    this.name = 'OutcomeError'
    this.outcome = outcome
  }
}

/** Turns anything thrown into an Outcome. */
export function normalizeOutcome(err: unknown): Outcome {
  if (err instanceof OutcomeError) return err.outcome
  if (isOutcome(err)) return err
  return serverError(err)
}

/** True for an Outcome-shaped value. */
export function isOutcome(value: unknown): value is Outcome {
  return (
    typeof value === 'object' &&
    value !== null &&
    Array.isArray((value as { issues?: unknown }).issues)
  )
}

/** The HTTP status of an outcome: the first error issue decides. */
export function outcomeStatus(outcome: Outcome): number {
  const first = outcome.issues.find((i) => i.severity === 'error') ?? outcome.issues[0]
  const code = first?.code ?? 'ok'
  switch (code) {
    case 'ok':
      return 200
    case 'created':
      return 201
    case 'invalid':
      return 400
    case 'unauthorized':
      return 401
    case 'forbidden':
      return 403
    case 'not-found':
      return 404
    case 'conflict':
      return 409
    case 'too-large':
      return 413
    case 'too-many':
      return 429
    case 'unavailable':
      return 503
    case 'exception':
      return 500
    default:
      code satisfies never
      return 500
  }
}
