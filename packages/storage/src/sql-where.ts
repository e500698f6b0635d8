// SPDX-License-Identifier: Apache-2.0
import type { Queryable, Row, SqlValue } from './database.js'

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

/** Rows per statement of `insertRows`: few statements, and well under 65,535 parameters. */
const INSERT_CHUNK = 500

/**
 * Inserts rows with multi-row `INSERT … VALUES` statements of at most 500 rows each, in the
 * order given, instead of one statement per row.
 *
 * @example
 * ```ts
 * await insertRows(tx, 'subsidy', ['psn_no', 'year', 'also_eligible'], rows, {
 *   casts: { also_eligible: '::text::jsonb' },
 * })
 * ```
 * @param db - the database, or the transaction the rows belong to
 * @param table - the table
 * @param columns - the columns, in the order of each row's values
 * @param rows - the values of each row
 * @param options - `casts`: text written after a column's parameter (`::text::jsonb`);
 *   `suffix`: text after the VALUES list (`ON CONFLICT … DO NOTHING RETURNING …`)
 * @returns the rows the statements returned, in order (none without RETURNING)
 */
export async function insertRows(
  db: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly SqlValue[])[],
  options: { readonly casts?: Readonly<Record<string, string>>; readonly suffix?: string } = {}
): Promise<Row[]> {
  const casts = columns.map((c) => options.casts?.[c] ?? '')
  const out: Row[] = []
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const params: SqlValue[] = []
    const tuples = rows.slice(start, start + INSERT_CHUNK).map((values) => {
      if (values.length !== columns.length) {
        throw new RangeError(`${table}: ${values.length} values for ${columns.length} columns`)
      }
      const at = params.length
      params.push(...values)
      return `(${casts.map((cast, i) => `$${at + i + 1}${cast}`).join(', ')})`
    })
    const suffix = options.suffix === undefined ? '' : ` ${options.suffix}`
    out.push(
      ...(await db.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}${suffix}`,
        params
      ))
    )
  }
  return out
}
