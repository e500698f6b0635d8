// SPDX-License-Identifier: Apache-2.0
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import type { Kind } from '@yibao/domain'
import {
  badRequest,
  code,
  documentCodec,
  field,
  list,
  object,
  optional,
  OutcomeError,
  text,
} from '@yibao/domain'

// 千分制考核 and credit levels (domain.md §5.2–§5.3): a weighted checklist of dimensions and
// items, some scored from data, some entered by assessors; bands and a credit level A–D that the
// payment side reads (deposit halved for A, the clearing's assessment coefficient).

/** What an automatic item measures over the assessed period. */
export type IndicatorKey =
  'UPHELD_VIOLATIONS' | 'OUT_OF_LIST_SHARE' | 'OWN_SHARE' | 'INGEST_FLAGS' | 'COMPLAINTS_UPHELD'

export const INDICATOR_LABELS: Record<IndicatorKey, string> = {
  UPHELD_VIOLATIONS: '认定的违规疑点（件）',
  OUT_OF_LIST_SHARE: '目录外（全自费）费用占比（%）',
  OWN_SHARE: '个人负担比例（%）',
  INGEST_FLAGS: '上传数据质量问题（条）',
  COMPLAINTS_UPHELD: '查实的投诉举报（件）',
}

/** One checklist item: full marks, and for an automatic one how data takes marks off. */
export interface AssessmentItem {
  readonly code: string
  readonly name: string
  readonly max: number
  /** Automatic: `perUnit` marks off for each unit of the indicator above `allowance`. */
  readonly indicator?: IndicatorKey
  readonly allowance?: number
  readonly perUnit?: number
}

/** A dimension (基本管理, 服务规范…) with its items; their maxima add up to its maximum. */
export interface AssessmentDimension {
  readonly code: string
  readonly name: string
  readonly items: readonly AssessmentItem[]
}

/** A 1000-point template with its bands and credit thresholds. */
export interface AssessmentTemplate {
  readonly id: string
  readonly name: string
  readonly dimensions: readonly AssessmentDimension[]
  /** Lower bounds of 优秀 / 合格 / 基本合格 (else 不合格). */
  readonly bands: { readonly excellent: number; readonly pass: number; readonly basic: number }
  /** Lower bounds of credit levels A / B / C (else D). */
  readonly credit: { readonly A: number; readonly B: number; readonly C: number }
}

/** The default template of domain.md §5.2 (illustrative; to be replaced by the local one). */
export const DEFAULT_ASSESSMENT_TEMPLATE: AssessmentTemplate = {
  id: 'default-1000',
  name: '定点医疗机构千分制考核（默认）',
  dimensions: [
    {
      code: 'BASIC',
      name: '基础管理',
      items: [
        { code: 'BASIC-ORG', name: '医保管理组织与制度', max: 50 },
        { code: 'BASIC-TRAIN', name: '培训与公示', max: 50 },
        { code: 'BASIC-OFFICE', name: '医保办设置与人员', max: 50 },
      ],
    },
    {
      code: 'SERVICE',
      name: '服务规范',
      items: [
        {
          code: 'SERVICE-VIOLATION',
          name: '智能审核认定违规',
          max: 200,
          indicator: 'UPHELD_VIOLATIONS',
          allowance: 0,
          perUnit: 2,
        },
        { code: 'SERVICE-RECORD', name: '身份核验、病历与入出院指征', max: 50 },
      ],
    },
    {
      code: 'COST',
      name: '费用控制',
      items: [
        {
          code: 'COST-OUT',
          name: '目录外费用占比',
          max: 150,
          indicator: 'OUT_OF_LIST_SHARE',
          allowance: 10,
          perUnit: 10,
        },
        {
          code: 'COST-OWN',
          name: '个人负担比例',
          max: 100,
          indicator: 'OWN_SHARE',
          allowance: 35,
          perUnit: 5,
        },
      ],
    },
    {
      code: 'POLICY',
      name: '政策执行',
      items: [
        { code: 'POLICY-LIST', name: '目录与价格执行', max: 75 },
        { code: 'POLICY-ONESTOP', name: '一站式结算与倾斜政策落实', max: 75 },
      ],
    },
    {
      code: 'DATA',
      name: '信息与数据质量',
      items: [
        {
          code: 'DATA-FLAGS',
          name: '上传数据质量',
          max: 100,
          indicator: 'INGEST_FLAGS',
          allowance: 0,
          perUnit: 1,
        },
      ],
    },
    {
      code: 'SATISFACTION',
      name: '满意度与投诉',
      items: [
        {
          code: 'SAT-COMPLAINT',
          name: '查实的投诉举报',
          max: 60,
          indicator: 'COMPLAINTS_UPHELD',
          allowance: 0,
          perUnit: 5,
        },
        { code: 'SAT-SURVEY', name: '满意度调查', max: 40 },
      ],
    },
  ],
  bands: { excellent: 900, pass: 800, basic: 700 },
  credit: { A: 900, B: 800, C: 600 },
}

/** A manual entry: marks taken off an item, with the reason. */
export interface ManualDeduction {
  readonly item: string
  readonly points: number
  readonly reason: string
}

/** One scored item. */
export interface ItemScore {
  readonly code: string
  readonly name: string
  readonly dimension: string
  readonly max: number
  readonly value: number | null
  readonly deducted: number
  readonly score: number
  readonly basis: string
}

export type Band = 'EXCELLENT' | 'PASS' | 'BASIC' | 'FAIL'

export const BAND_LABELS: Record<Band, string> = {
  EXCELLENT: '优秀',
  PASS: '合格',
  BASIC: '基本合格',
  FAIL: '不合格',
}

/** An institution's assessment result. */
export interface AssessmentResult {
  readonly institutionCode: string
  readonly period: string
  readonly items: readonly ItemScore[]
  readonly score: number
  readonly veto: string | null
  readonly band: Band
  readonly credit: 'A' | 'B' | 'C' | 'D'
  /** score / 1000, the clearing's assessment coefficient and the deposit return ratio. */
  readonly coefficient: number
}

/** Checks a template: items sum to 1000, automatic items are complete, codes are unique. */
export function checkTemplate(t: AssessmentTemplate): void {
  const codes = new Set<string>()
  let total = 0
  for (const d of t.dimensions) {
    for (const i of d.items) {
      if (codes.has(i.code))
        throw new OutcomeError(badRequest(`items：考核项编码 ${i.code} 重复`, i.code))
      codes.add(i.code)
      total += i.max
      if (i.indicator !== undefined && (i.allowance === undefined || i.perUnit === undefined)) {
        throw new OutcomeError(
          badRequest(`${i.code}：自动计分项须给出 allowance 与 perUnit`, i.code)
        )
      }
    }
  }
  if (total !== 1000)
    throw new OutcomeError(
      badRequest(`dimensions：各项满分之和应为 1000，实为 ${total}`, 'dimensions')
    )
}

/**
 * Scores an institution: an automatic item loses `perUnit` for each unit of its indicator above
 * the allowance, a manual one what assessors entered; no item goes below 0. A veto (一票否决,
 * e.g. verified fraud) makes the score 0.
 */
export function scoreAssessment(
  template: AssessmentTemplate,
  institutionCode: string,
  period: string,
  indicators: Readonly<Partial<Record<IndicatorKey, number>>>,
  manual: readonly ManualDeduction[],
  veto: string | null = null
): AssessmentResult {
  const items: ItemScore[] = []
  for (const d of template.dimensions) {
    for (const i of d.items) {
      let deducted = 0
      let value: number | null = null
      let basis: string
      if (i.indicator !== undefined) {
        value = indicators[i.indicator] ?? 0
        const over = Math.max(0, value - i.allowance!)
        deducted = Math.round(over * i.perUnit! * 100) / 100
        basis = `${INDICATOR_LABELS[i.indicator]} ${value}，超出 ${i.allowance} 的部分每单位扣 ${i.perUnit} 分`
      } else {
        const entries = manual.filter((m) => m.item === i.code)
        deducted = entries.reduce((a, m) => a + m.points, 0)
        basis =
          entries.length === 0
            ? '无扣分记录'
            : entries.map((m) => `${m.reason}（${m.points} 分）`).join('；')
      }
      const score = Math.max(0, Math.round((i.max - deducted) * 100) / 100)
      items.push({
        code: i.code,
        name: i.name,
        dimension: d.name,
        max: i.max,
        value,
        deducted: Math.min(deducted, i.max),
        score,
        basis,
      })
    }
  }
  const total = veto === null ? Math.round(items.reduce((a, i) => a + i.score, 0) * 100) / 100 : 0
  const b = template.bands
  const band: Band =
    total >= b.excellent
      ? 'EXCELLENT'
      : total >= b.pass
        ? 'PASS'
        : total >= b.basic
          ? 'BASIC'
          : 'FAIL'
  const c = template.credit
  const credit = total >= c.A ? 'A' : total >= c.B ? 'B' : total >= c.C ? 'C' : 'D'
  return {
    institutionCode,
    period,
    items,
    score: total,
    veto,
    band,
    credit,
    coefficient: Math.round((total / 1000) * 10_000) / 10_000,
  }
}

const INDICATOR_KEYS = Object.keys(INDICATOR_LABELS)
const points: Kind = { t: 'number', min: 0, max: 1000, scale: 2 }

const TEMPLATE: Kind = object(
  field('id', code),
  field('name', text),
  field(
    'dimensions',
    list(
      object(
        field('code', code),
        field('name', text),
        field(
          'items',
          list(
            object(
              field('code', code),
              field('name', text),
              field('max', points),
              field('indicator', optional({ t: 'enum', values: INDICATOR_KEYS })),
              field('allowance', optional({ t: 'number', min: 0, max: 1_000_000, scale: 4 })),
              field('perUnit', optional(points))
            )
          )
        )
      )
    )
  ),
  field('bands', object(field('excellent', points), field('pass', points), field('basic', points))),
  field('credit', object(field('A', points), field('B', points), field('C', points)))
)

/** Assessment templates as documents (YAML / JSON), checked by `checkTemplate` too. */
export const ASSESSMENT_TEMPLATE_CODEC = documentCodec<AssessmentTemplate>(
  TEMPLATE,
  '考核模板文件',
  { parse: parseYaml, stringify: stringifyYaml },
  (t, issues) => {
    try {
      checkTemplate(t)
    } catch (err) {
      if (!(err instanceof OutcomeError)) throw err
      issues.push(...err.outcome.issues)
    }
  }
)
