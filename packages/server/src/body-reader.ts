// SPDX-License-Identifier: Apache-2.0
import type { OutcomeIssue } from '@yibao/domain'

/** A JSON object of a request body. */
export type Json = Record<string, unknown>

/**
 * Reads the fields of a JSON request body, collecting one issue per problem with the field's
 * path; the routes' body readers extend it with the value kinds they need.
 */
export class BodyReader {
  readonly issues: OutcomeIssue[] = []

  /** Records a problem at `path`. */
  fail(path: string, message: string): void {
    this.issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }

  /** An object whose keys are all among `known`; null (with an issue) otherwise. */
  object(value: unknown, path: string, known: readonly string[]): Json | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.fail(path, value === undefined ? '必填' : '应为对象')
      return null
    }
    for (const key of Object.keys(value)) {
      if (!known.includes(key)) this.fail(`${path}.${key}`, '未知字段')
    }
    return value as Json
  }
}
