// SPDX-License-Identifier: Apache-2.0
import type { Gender, InsuType } from '@yibao/domain'
import type { KnowledgeCondition } from './pack.js'
import { parseCourseText } from './parse-course-text.js'
import type { SourceRow } from './source-table.js'
import type { ColumnName, TableReader } from './table-reader.js'

/** Ids of the 两库 sections of a pack: one per published rule table. */
export type LiangkuSectionId =
  | 'liangku.batch1.drugGender'
  | 'liangku.batch1.drugAge'
  | 'liangku.batch1.itemGender'
  | 'liangku.batch1.itemAge'
  | 'liangku.batch2'
  | 'liangku.batch3'
  | 'liangku.batch4'
  | 'liangku.batch5'
  | 'liangku.batch6'
  | 'liangku.batch7'
  | 'liangku.batch8.1'
  | 'liangku.batch8.2'
  | 'liangku.batch8.3'
  | 'liangku.batch8.4'

/** A knowledge point before it gets its id, batch, section and dates. */
export interface PointDraft {
  readonly codes: readonly string[]
  readonly name: string
  readonly text: string
  readonly condition: KnowledgeCondition
  /** Appended to the row's id when one row gives a second point (e.g. `-2`). */
  readonly idSuffix?: string
}

/** How one 两库 rule table is recognized and turned into knowledge points. */
export interface LiangkuSection<K extends string = string> {
  readonly id: LiangkuSectionId
  readonly batch: number
  /** Sub-batch of 第八批 (8-1 … 8-4), else null. */
  readonly part: number | null
  /** Chinese label for messages, e.g. `第七批 医疗服务项目重复收费`. */
  readonly label: string
  /** Point ids are `<idPrefix>-<row ordinal, 4 digits>`. */
  readonly idPrefix: string
  readonly subject: 'DRUG' | 'ITEM'
  /** Value of the 限定类型 column on every row, when the table has one. */
  readonly limitType: string | null
  /** Columns of the rule table (all must be present). */
  readonly columns: Record<K, ColumnName>
  /** Told apart from a table with the same header by the file/sheet name … */
  readonly nameHint: RegExp | null
  /** … or by the text of the first data row. */
  readonly contentHint: RegExp | null
  /** Turns one data row into its points; throws `OutcomeError` naming row and column. */
  toPoints(reader: TableReader<K>, row: SourceRow): PointDraft[]
}

/** Columns of the drug-code table that goes with a 两库 drug rule table (`*_codes.csv`, Sheet2). */
export const DRUG_CODE_COLUMNS = {
  name: '药品通用名',
  seq: '序号',
  code: ['国标代码', '药品代码'],
  type: '限定类型',
} as const satisfies Record<string, ColumnName>

const DRUG_COLUMNS = {
  name: '药品通用名',
  desc: '药品说明',
  type: '限定类型',
  value: ['限定对象', '限定值域'],
} as const satisfies Record<string, ColumnName>

/** National drug code: 20 or 23 upper-case letters and digits. */
export const DRUG_CODE_RE = /^[A-Z][A-Z0-9]{19}(?:[A-Z0-9]{3})?$/
/** National medical-service item code: 15 digits. */
export const ITEM_CODE_RE = /^\d{15}$/

const AGE_GROUPS: Record<string, KnowledgeCondition> = {
  儿童: { kind: 'AGE', group: '儿童', unit: 'YEAR', min: null, maxExclusive: 18 },
  婴幼儿: { kind: 'AGE', group: '婴幼儿', unit: 'YEAR', min: null, maxExclusive: 3 },
  // 新生儿: 出生 28 天以内 (day 0 … day 28).
  新生儿: { kind: 'AGE', group: '新生儿', unit: 'DAY', min: null, maxExclusive: 29 },
}

/** 法定就业年龄 upper bound used for 第八批-2; a default, to be set per region by the rule parameters. */
export const WORKING_AGE_LIMIT_YEARS = 60

const GENDERS: Record<string, Gender> = { 男: '1', 女: '2' }
const INSU_TYPES: Record<string, readonly InsuType[]> = { 工伤: ['410'], 生育: ['510'] }
const SETTINGS: Record<string, 'INPATIENT' | 'OUTPATIENT'> = {
  住院: 'INPATIENT',
  门诊: 'OUTPATIENT',
}
const LEVELS: Record<string, 1 | 2 | 3> = { 一级: 1, 二级: 2, 三级: 3 }
const WINDOWS: Record<string, 'DAY' | 'ENCOUNTER' | 'HOUR' | 'SIX_HOURS'> = {
  单日: 'DAY',
  单次就诊: 'ENCOUNTER',
  同一小时: 'HOUR',
  '6小时': 'SIX_HOURS',
  六小时: 'SIX_HOURS',
}
const UNITS: Record<string, 'DAY' | 'HOUR' | 'ENCOUNTER'> = {
  日: 'DAY',
  天: 'DAY',
  小时: 'HOUR',
  次: 'ENCOUNTER',
}

function lookup<K extends string, V>(
  reader: TableReader<K>,
  row: SourceRow,
  key: K,
  table: Record<string, V>
): V {
  const value = reader.required(row, key)
  const found = table[value]
  if (found === undefined) {
    throw reader.error(
      row,
      key,
      `无法识别的值「${value}」（应为 ${Object.keys(table).join(' / ')}）`
    )
  }
  return found
}

function positiveInt<K extends string>(reader: TableReader<K>, row: SourceRow, key: K): number {
  const value = reader.required(row, key)
  if (!/^\d+$/.test(value) || Number(value) <= 0)
    throw reader.error(row, key, `应为正整数，实为「${value}」`)
  return Number(value)
}

function itemCode<K extends string>(reader: TableReader<K>, row: SourceRow, key: K): string {
  const value = reader.text(row, key)
  if (value === '') throw reader.error(row, key, '编码为空')
  if (!ITEM_CODE_RE.test(value))
    throw reader.error(row, key, `医疗服务项目编码应为 15 位数字，实为「${value}」`)
  return value
}

function checkType<K extends string>(
  reader: TableReader<K>,
  row: SourceRow,
  key: K,
  expected: string
): void {
  const value = reader.required(row, key)
  if (value !== expected)
    throw reader.error(row, key, `限定类型应为「${expected}」，实为「${value}」`)
}

function joinText(...parts: (string | null)[]): string {
  return parts.filter((p): p is string => p !== null && p !== '').join('。')
}

function define<K extends string>(section: LiangkuSection<K>): LiangkuSection {
  return section
}

function drugSection(
  id: LiangkuSectionId,
  batch: number,
  label: string,
  idPrefix: string,
  limitType: string,
  condition: (reader: TableReader<keyof typeof DRUG_COLUMNS>, row: SourceRow) => KnowledgeCondition
): LiangkuSection {
  return define<keyof typeof DRUG_COLUMNS>({
    id,
    batch,
    part: null,
    label,
    idPrefix,
    subject: 'DRUG',
    limitType,
    columns: DRUG_COLUMNS,
    nameHint: null,
    contentHint: null,
    toPoints(reader, row) {
      checkType(reader, row, 'type', limitType)
      const value = reader.required(row, 'value')
      return [
        {
          codes: [],
          name: reader.required(row, 'name'),
          text: joinText(`${limitType}：${value}`, reader.optional(row, 'desc')),
          condition: condition(reader, row),
        },
      ]
    },
  })
}

/** Every 两库 section yibao reads, in pack order. */
export const LIANGKU_SECTIONS: readonly LiangkuSection[] = [
  drugSection(
    'liangku.batch1.drugGender',
    1,
    '第一批 药品限定性别',
    'B1-DG',
    '限定性别对象',
    (reader, row) => ({ kind: 'GENDER', gender: lookup(reader, row, 'value', GENDERS) })
  ),
  drugSection(
    'liangku.batch1.drugAge',
    1,
    '第一批 药品限定年龄',
    'B1-DA',
    '限定年龄对象',
    (reader, row) => lookup(reader, row, 'value', AGE_GROUPS)
  ),
  define({
    id: 'liangku.batch1.itemGender',
    batch: 1,
    part: null,
    label: '第一批 医疗服务项目限定性别',
    idPrefix: 'B1-IG',
    subject: 'ITEM',
    limitType: '限定性别对象',
    columns: {
      name: '项目名称',
      desc: '项目说明',
      code: '国标代码',
      type: '限定类型',
      value: '限定性别',
    },
    nameHint: null,
    contentHint: null,
    toPoints(reader, row) {
      checkType(reader, row, 'type', '限定性别对象')
      const gender = lookup(reader, row, 'value', GENDERS)
      return [
        {
          codes: [itemCode(reader, row, 'code')],
          name: reader.required(row, 'name'),
          text: joinText(
            `限定性别对象：${reader.text(row, 'value')}`,
            reader.optional(row, 'desc')
          ),
          condition: { kind: 'GENDER', gender },
        },
      ]
    },
  }),
  define({
    id: 'liangku.batch1.itemAge',
    batch: 1,
    part: null,
    label: '第一批 医疗服务项目限定年龄',
    idPrefix: 'B1-IA',
    subject: 'ITEM',
    limitType: '限定年龄对象',
    columns: { name: '项目名称', code: '国标代码', type: '限定类型', value: '限定对象' },
    nameHint: null,
    contentHint: null,
    toPoints(reader, row) {
      checkType(reader, row, 'type', '限定年龄对象')
      return [
        {
          codes: [itemCode(reader, row, 'code')],
          name: reader.required(row, 'name'),
          text: `限定年龄对象：${reader.text(row, 'value')}`,
          condition: lookup(reader, row, 'value', AGE_GROUPS),
        },
      ]
    },
  }),
  define({
    id: 'liangku.batch2',
    batch: 2,
    part: null,
    label: '第二批 手术项目限定主次操作',
    idPrefix: 'B2',
    subject: 'ITEM',
    limitType: '限定主次操作',
    columns: {
      name: '项目名称',
      desc: '项目说明',
      code: '国标代码',
      type: '限定类型',
      value: '限定值域',
    },
    nameHint: null,
    contentHint: null,
    toPoints(reader, row) {
      checkType(reader, row, 'type', '限定主次操作')
      const group = reader.required(row, 'value')
      return [
        {
          codes: [itemCode(reader, row, 'code')],
          name: reader.required(row, 'name'),
          text: joinText(`限定主次操作：${group}`, reader.optional(row, 'desc')),
          // 第二及以后的手术按 50% 计价 is the usual national rule; regions may set another rate.
          condition: { kind: 'SURGERY_DISCOUNT', group, secondaryRate: 0.5 },
        },
      ]
    },
  }),
  drugSection(
    'liangku.batch3',
    3,
    '第三批 药品限定保险类型',
    'B3',
    '限定保险类型',
    (reader, row) => ({
      kind: 'INSURANCE_TYPE',
      insuTypes: lookup(reader, row, 'value', INSU_TYPES),
    })
  ),
  drugSection(
    'liangku.batch4',
    4,
    '第四批 药品限定就医方式',
    'B4',
    '限定就医方式',
    (reader, row) => ({ kind: 'CARE_SETTING', setting: lookup(reader, row, 'value', SETTINGS) })
  ),
  drugSection(
    'liangku.batch5',
    5,
    '第五批 药品限定机构等级',
    'B5',
    '限定机构等级',
    (reader, row) => ({
      kind: 'INSTITUTION_LEVEL',
      minLevel: lookup(reader, row, 'value', LEVELS),
    })
  ),
  drugSection(
    'liangku.batch6',
    6,
    '第六批 药品限定支付疗程',
    'B6',
    '限定支付疗程',
    (reader, row) => {
      const value = reader.required(row, 'value')
      const m = /^(\d+)\s*天$/.exec(value)
      if (m === null || Number(m[1]) <= 0) {
        throw reader.error(row, 'value', `支付疗程应写作「N天」，实为「${value}」`)
      }
      return { kind: 'PAYMENT_COURSE', maxDays: Number(m[1]), minIntervalDays: null }
    }
  ),
  define({
    id: 'liangku.batch7',
    batch: 7,
    part: null,
    label: '第七批 医疗服务项目重复收费',
    idPrefix: 'B7',
    subject: 'ITEM',
    limitType: null,
    columns: {
      freq: '频度',
      mainName: '主项名称',
      mainCode: '主项编码',
      subName: '从项名称',
      subCode: '从项编码',
      note: '备注',
    },
    nameHint: null,
    contentHint: null,
    toPoints(reader, row) {
      const window = lookup(reader, row, 'freq', WINDOWS)
      const freq = reader.text(row, 'freq')
      const pairedName = reader.required(row, 'subName')
      const pairedCode = itemCode(reader, row, 'subCode')
      return [
        {
          codes: [itemCode(reader, row, 'mainCode')],
          name: reader.required(row, 'mainName'),
          text: joinText(
            `重复收费（${freq}）：不得同时收取「${pairedName}」`,
            reader.optional(row, 'note')
          ),
          condition: { kind: 'DUPLICATE_CHARGE', pairedCode, pairedName, window },
        },
      ]
    },
  }),
  define({
    id: 'liangku.batch8.1',
    batch: 8,
    part: 1,
    label: '第八批-1 医疗服务项目限定频次',
    idPrefix: 'B8-1',
    subject: 'ITEM',
    limitType: null,
    columns: { name: '项目名称', qty: '限制数量', unit: '数量单位', code: '项目编码' },
    nameHint: null,
    contentHint: null,
    toPoints(reader, row) {
      const maxQuantity = positiveInt(reader, row, 'qty')
      const per = lookup(reader, row, 'unit', UNITS)
      return [
        {
          codes: [itemCode(reader, row, 'code')],
          name: reader.required(row, 'name'),
          text: `限定频次：${maxQuantity}${reader.text(row, 'unit')}`,
          condition: { kind: 'FREQUENCY', maxQuantity, per },
        },
      ]
    },
  }),
  define({
    id: 'liangku.batch8.2',
    batch: 8,
    part: 2,
    label: '第八批-2 医疗服务项目限年龄',
    idPrefix: 'B8-2',
    subject: 'ITEM',
    limitType: null,
    columns: { name: '项目名称', note: '备注', code: '项目代码' },
    nameHint: /batch8_2|第八批\s*[-－—_]\s*2|限年龄|限定年龄/,
    contentHint: /年龄/,
    toPoints(reader, row) {
      const note = reader.required(row, 'note')
      let condition: KnowledgeCondition
      if (note.includes('法定就业年龄')) {
        condition = {
          kind: 'AGE',
          group: '法定就业年龄',
          unit: 'YEAR',
          min: null,
          maxExclusive: WORKING_AGE_LIMIT_YEARS,
        }
      } else {
        const m = /(\d+)\s*(?:岁|周岁)/.exec(note)
        if (m === null) throw reader.error(row, 'note', `无法读出年龄界限：「${note}」`)
        condition = {
          kind: 'AGE',
          group: note,
          unit: 'YEAR',
          min: null,
          maxExclusive: Number(m[1]),
        }
      }
      return [
        {
          codes: [itemCode(reader, row, 'code')],
          name: reader.required(row, 'name'),
          text: `限年龄：${note}`,
          condition,
        },
      ]
    },
  }),
  define({
    id: 'liangku.batch8.3',
    batch: 8,
    part: 3,
    label: '第八批-3 医疗服务项目限支付疗程',
    idPrefix: 'B8-3',
    subject: 'ITEM',
    limitType: null,
    columns: { name: '项目名称', note: '备注', code: '项目代码' },
    nameHint: /batch8_3|第八批\s*[-－—_]\s*3|疗程/,
    contentHint: /不超过/,
    toPoints(reader, row) {
      const note = reader.required(row, 'note')
      const course = parseCourseText(note)
      if (course === null)
        throw reader.error(row, 'note', `无法读出支付疗程（应含「不超过N天」）：「${note}」`)
      const code = itemCode(reader, row, 'code')
      const name = reader.required(row, 'name')
      const points: PointDraft[] = [
        {
          codes: [code],
          name,
          text: `限支付疗程：${note}`,
          condition: {
            kind: 'PAYMENT_COURSE',
            maxDays: course.maxDays,
            minIntervalDays: course.minIntervalDays,
          },
        },
      ]
      if (course.perWeek !== null) {
        points.push({
          codes: [code],
          name,
          text: `限支付疗程：${note}`,
          condition: { kind: 'PERIOD_FREQUENCY', maxCount: course.perWeek, periodDays: 7 },
          idSuffix: '-2',
        })
      }
      return points
    },
  }),
  define({
    id: 'liangku.batch8.4',
    batch: 8,
    part: 4,
    label: '第八批-4 医疗服务项目周期超频次',
    idPrefix: 'B8-4',
    subject: 'ITEM',
    limitType: null,
    columns: {
      name: '项目名称',
      max: '频次上限',
      period: '疗程周期',
      note: '备注',
      code: '项目代码',
    },
    nameHint: null,
    contentHint: null,
    toPoints(reader, row) {
      const maxCount = positiveInt(reader, row, 'max')
      const periodDays = positiveInt(reader, row, 'period')
      return [
        {
          codes: [itemCode(reader, row, 'code')],
          name: reader.required(row, 'name'),
          text: joinText(
            `周期超频次：${periodDays}天内不超过${maxCount}次`,
            reader.optional(row, 'note')
          ),
          condition: { kind: 'PERIOD_FREQUENCY', maxCount, periodDays },
        },
      ]
    },
  }),
]

/**
 * The 两库 section with this id.
 *
 * @param id - section id
 * @returns the section
 */
export function liangkuSection(id: LiangkuSectionId): LiangkuSection {
  const section = LIANGKU_SECTIONS.find((s) => s.id === id)
  if (section === undefined) throw new Error(`unknown section ${id}`)
  return section
}
