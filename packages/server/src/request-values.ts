// SPDX-License-Identifier: Apache-2.0
import type { FastifyRequest } from 'fastify'
import type { IsoDate } from '@yibao/domain'
import { badRequest, isIsoDate, OutcomeError } from '@yibao/domain'

// The checks of request bodies and query strings the console's routes share; each refusal
// names the field.

/** The request body as a JSON object, else 400. */
export function objectBody(request: FastifyRequest): Record<string, unknown> {
  const b = request.body
  if (b === null || typeof b !== 'object' || Array.isArray(b)) {
    throw new OutcomeError(badRequest('请求体应为 JSON 对象', '$'))
  }
  return b as Record<string, unknown>
}

/** A text field of a body, else 400 naming it. */
export function textField(body: Record<string, unknown>, name: string): string {
  const v = body[name]
  if (typeof v !== 'string') throw new OutcomeError(badRequest(`${name}：应为文本`, name))
  return v
}

/** A positive whole number (a page, a page size), `fallback` when absent, else 400. */
export function positiveInt(value: unknown, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 1) {
    throw new OutcomeError(badRequest(`${name}：应为正整数，收到 ${JSON.stringify(value)}`, name))
  }
  return n
}

/** A `YYYY-MM-DD` date, undefined when absent (or null, or empty), else 400. */
export function optionalDate(value: unknown, name: string): IsoDate | undefined {
  if (value === undefined || value === null || value === '') return undefined
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new OutcomeError(
      badRequest(`${name}：应为 YYYY-MM-DD 日期，收到 ${JSON.stringify(value)}`, name)
    )
  }
  return value
}

/** A year of a body or query (2000–2100), else 400 naming it. */
export function yearValue(value: unknown, name: string): number {
  const n = typeof value === 'string' && /^\d{4}$/.test(value) ? Number(value) : value
  if (!Number.isInteger(n) || (n as number) < 2000 || (n as number) > 2100) {
    throw new OutcomeError(
      badRequest(`${name}：应为 2000–2100 之间的年份，收到 ${JSON.stringify(value)}`, name)
    )
  }
  return n as number
}

/** A non-empty text field of a body or query, else 400 naming it. */
export function nonEmptyText(b: Record<string, unknown>, name: string): string {
  const v = b[name]
  if (typeof v !== 'string' || v.trim() === '') {
    throw new OutcomeError(
      badRequest(`${name}：应为非空文本，收到 ${JSON.stringify(v ?? null)}`, name)
    )
  }
  return v
}

/** A non-negative number of a body, else 400 naming it. */
export function nonNegativeNumber(b: Record<string, unknown>, name: string): number {
  const v = b[name]
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new OutcomeError(
      badRequest(`${name}：应为不小于 0 的数，收到 ${JSON.stringify(v ?? null)}`, name)
    )
  }
  return v
}

/** A text field of a body (empty when absent or not text). */
export const textOrEmpty = (b: Record<string, unknown>, name: string): string =>
  typeof b[name] === 'string' ? b[name] : ''

/** A text value of a query, undefined when absent, empty or not text. */
export const optionalText = (q: Record<string, unknown>, name: string): string | undefined =>
  typeof q[name] === 'string' && q[name] !== '' ? q[name] : undefined
