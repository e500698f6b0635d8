// SPDX-License-Identifier: Apache-2.0
import { badRequest, OutcomeError } from '@yibao/domain'
import type { NhsaColumn } from '@yibao/domain'
import type { DuckStage } from './duck-stage.js'
import {
  DIAGNOSIS_TABLE,
  ENCOUNTER_TABLE,
  FEE_LINE_TABLE,
  FUND_DETAIL_TABLE,
  OPERATION_TABLE,
  SETTLEMENT_TABLE,
} from './ingest-tables.js'
import type { IngestTable } from './ingest-tables.js'
import { ident } from './ingest-sql.js'
import type { RowLocator, StagedInput, StagedTable } from './staged-input.js'

type Json = Record<string, unknown>

/** One record of the message, resolved to national column names. */
interface MessageRow {
  /** Path of the record in the message: `setlinfo`, `fee_list_d[2]`. */
  readonly at: string
  readonly values: Map<string, string | null>
  /** Path of each value that came from the message (under an alias or from a parent record). */
  readonly paths: Map<string, string>
}

function isObject(x: unknown): x is Json {
  return typeof x === 'object' && x !== null && !Array.isArray(x)
}

function text(x: unknown): string | null {
  if (x === null || x === undefined) return null
  if (typeof x === 'string') return x
  if (typeof x === 'number' || typeof x === 'bigint') return String(x)
  if (typeof x === 'boolean') return x ? '1' : '0'
  return JSON.stringify(x)
}

function objectAt(message: Json, key: string): Json {
  const x = message[key]
  if (!isObject(x)) throw new OutcomeError(badRequest(`${key} 必须是对象`, key))
  return x
}

function listAt(message: Json, key: string, required: boolean): Json[] {
  const x = message[key]
  if (x === undefined || x === null) {
    if (required) throw new OutcomeError(badRequest(`缺少 ${key}`, key))
    return []
  }
  if (!Array.isArray(x)) throw new OutcomeError(badRequest(`${key} 必须是数组`, key))
  return x.map((item: unknown, i) => {
    if (!isObject(item))
      throw new OutcomeError(badRequest(`${key}[${i}] 必须是对象`, `${key}[${i}]`))
    return item
  })
}

/**
 * Reads one record: each national column by its name or an alias; a column the record leaves
 * out is taken from its parent records (a fee line's `mdtrt_id` from the settlement).
 */
function resolve(
  table: IngestTable,
  obj: Json,
  at: string,
  parents: readonly MessageRow[]
): MessageRow {
  const values = new Map<string, string | null>()
  const paths = new Map<string, string>()
  for (const c of table.columns) {
    const key = [c.name, ...(c.aliases ?? [])].find((k) => obj[k] !== undefined && obj[k] !== null)
    if (key !== undefined) {
      values.set(c.name, text(obj[key]))
      if (key !== c.name) paths.set(c.name, `${at}.${key}`)
      continue
    }
    const parent = parents.find((p) => (p.values.get(c.name) ?? null) !== null)
    if (parent) {
      values.set(c.name, parent.values.get(c.name)!)
      paths.set(c.name, parent.paths.get(c.name) ?? `${parent.at}.${c.name}`)
    } else {
      values.set(c.name, null)
    }
  }
  return { at, values, paths }
}

/** Gives list rows without an id the id `${mdtrt_id}-${letter}${n}` (n from 1). */
function withIds(table: IngestTable, rows: MessageRow[], letter: string): MessageRow[] {
  const ref = table.encounterRef!
  rows.forEach((r, i) => {
    if (r.values.get(table.key.name) == null) {
      const encounter = r.values.get(ref.name)
      if (encounter != null) r.values.set(table.key.name, `${encounter}-${letter}${i + 1}`)
    }
  })
  return rows
}

function locator(table: string, rows: readonly MessageRow[], single: boolean): RowLocator {
  const at = (row: number): string => rows[row - 1]?.at ?? (single ? table : `${table}[${row - 1}]`)
  const path = (row: number | null, field: string): string =>
    row === null ? `${table}.${field}` : (rows[row - 1]?.paths.get(field) ?? `${at(row)}.${field}`)
  return { source: table, path, where: path, rowRef: at }
}

async function stageTable(
  stage: DuckStage,
  table: IngestTable,
  rows: readonly MessageRow[],
  source: string,
  single: boolean
): Promise<StagedTable> {
  const cols = table.columns.map((c) => `${ident(c.name)} VARCHAR`).join(', ')
  await stage.run(`CREATE OR REPLACE TEMP TABLE ${ident(`raw_${table.name}`)} (${cols})`)
  await stage.append(
    `raw_${table.name}`,
    rows.map((r) => table.columns.map((c: NhsaColumn) => r.values.get(c.name) ?? null))
  )
  return { name: table.name, rows: rows.length, locate: locator(source, rows, single) }
}

/**
 * Stages one settlement message in DuckDB for the ingest pipeline, in either shape:
 * national tables `{ mdtrt_d, setl_d, fee_list_d[], setl_list_diag_d[]?, setl_list_oprn_d[]? }`
 * or the 4101A settlement list `{ setlinfo, diseinfo[]?, oprninfo[]?, payinfo[]?, fee_list_d[] }`
 * (setlinfo gives the encounter and the settlement through the mapping's aliases; diagnoses
 * and operations without ids get `${mdtrt_id}-D${n}` / `${mdtrt_id}-O${n}`).
 *
 * @throws OutcomeError (invalid) when the message has neither shape
 */
export async function stageSettlementMessage(
  stage: DuckStage,
  message: unknown
): Promise<StagedInput> {
  if (!isObject(message)) throw new OutcomeError(badRequest('结算消息必须是 JSON 对象'))
  const form4101 = message['setlinfo'] !== undefined
  if (!form4101 && message[ENCOUNTER_TABLE.name] === undefined) {
    throw new OutcomeError(
      badRequest(
        `无法识别的结算消息：需要 ${ENCOUNTER_TABLE.name}、${SETTLEMENT_TABLE.name}（国家字段名）或 setlinfo（4101A 结算清单）`
      )
    )
  }
  const top = form4101 ? 'setlinfo' : ENCOUNTER_TABLE.name
  const setlAt = form4101 ? 'setlinfo' : SETTLEMENT_TABLE.name
  const diagAt = form4101 ? 'diseinfo' : DIAGNOSIS_TABLE.name
  const oprnAt = form4101 ? 'oprninfo' : OPERATION_TABLE.name

  const encounter = resolve(ENCOUNTER_TABLE, objectAt(message, top), top, [])
  const settlement = resolve(SETTLEMENT_TABLE, objectAt(message, setlAt), setlAt, [encounter])
  const list = (table: IngestTable, key: string, parents: MessageRow[]): MessageRow[] =>
    listAt(message, key, table === FEE_LINE_TABLE).map((obj, i) =>
      resolve(table, obj, `${key}[${i}]`, parents)
    )
  const fees = list(FEE_LINE_TABLE, FEE_LINE_TABLE.name, [settlement, encounter])
  const diags = withIds(DIAGNOSIS_TABLE, list(DIAGNOSIS_TABLE, diagAt, [encounter]), 'D')
  const oprns = withIds(OPERATION_TABLE, list(OPERATION_TABLE, oprnAt, [encounter]), 'O')
  const pays = form4101 ? list(FUND_DETAIL_TABLE, 'payinfo', [settlement]) : []

  const tables = new Map<string, StagedTable>()
  const add = async (
    table: IngestTable,
    rows: MessageRow[],
    source: string,
    single = false
  ): Promise<void> => {
    if (rows.length > 0)
      tables.set(table.name, await stageTable(stage, table, rows, source, single))
  }
  await add(ENCOUNTER_TABLE, [encounter], top, true)
  await add(SETTLEMENT_TABLE, [settlement], setlAt, true)
  await add(FUND_DETAIL_TABLE, pays, 'payinfo')
  await add(FEE_LINE_TABLE, fees, FEE_LINE_TABLE.name)
  await add(DIAGNOSIS_TABLE, diags, diagAt)
  await add(OPERATION_TABLE, oprns, oprnAt)
  return { kind: 'nhsa-api', source: 'api', tables, issues: [] }
}
