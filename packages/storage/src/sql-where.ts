// SPDX-License-Identifier: Apache-2.0
import type { SqlValue } from './database.js'

/**
 * The WHERE clause of a query built from optional conditions, each with one `?` for its value,
 * numbered `$1…` in the order added.
 *
 * @example
 * ```ts
 * const where = new SqlWhere()
 * if (month !== undefined) where.add('d.month = ?', month)
 * await db.query(`SELECT … FROM deduction d${where.sql}`, where.params)
 * ```
 */
export class SqlWhere {
  readonly params: SqlValue[] = []
  private readonly parts: string[] = []

  /** Adds `condition`, whose one `?` stands for `value`. */
  add(condition: string, value: SqlValue): this {
    this.params.push(value)
    this.parts.push(condition.replace('?', `$${this.params.length}`))
    return this
  }

  /** ` WHERE a AND b`, or '' without conditions. */
  get sql(): string {
    return this.parts.length === 0 ? '' : ` WHERE ${this.parts.join(' AND ')}`
  }
}
