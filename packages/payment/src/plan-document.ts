// SPDX-License-Identifier: Apache-2.0
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import type { Kind, OutcomeIssue } from '@yibao/domain'
import {
  bool,
  code,
  documentCodec,
  field,
  list,
  nullable,
  object,
  optional,
  percent,
  renamedField,
  text,
  yuan,
} from '@yibao/domain'
import type { PaymentPlan } from './plan.js'

// A payment plan as people read and write it: amounts in yuan, shares in percent, coefficients
// and point values as decimals.

const LEVELS = [0, 1, 2, 3]
const TYPES = ['HOSPITAL', 'CLINIC', 'VILLAGE_CLINIC', 'PHARMACY']
const coefficient: Kind = { t: 'number', min: 0, max: 10, scale: 4 }
const positive: Kind = { t: 'number', min: 0, max: 1_000_000, scale: 4 }
const levelCoefficients: Kind = object(
  field('0', coefficient),
  field('1', coefficient),
  field('2', coefficient),
  field('3', coefficient)
)

const PLAN: Kind = object(
  field('id', code),
  field('name', text),
  field('admdvs', code),
  field('year', { t: 'int', min: 2000, max: 2100 }),
  field('pointMethod', { t: 'enum', values: ['DIP', 'DRG'] }),
  field('annualFund', yuan),
  renamedField('reserveBp', percent, 'reserve'),
  field('budgetPointValue', positive),
  renamedField('prepayBp', percent, 'prepay'),
  field('clearingVariant', { t: 'enum', values: ['COST', 'FUND'] }),
  renamedField('depositBp', percent, 'deposit'),
  field('depositHalvedFor', list(code)),
  field('creditLevels', { t: 'record', of: code }),
  field('assessment', { t: 'record', of: coefficient }),
  field('dueDay', { t: 'int', min: 1, max: 28 }),
  field(
    'methods',
    list(
      object(
        field('method', { t: 'enum', values: ['DIP', 'DRG', 'FFS', 'GLOBAL'] }),
        field('institutions', optional(list(code))),
        field('types', optional(list({ t: 'enum', values: TYPES }))),
        field('levels', optional(list({ t: 'enum', values: LEVELS }))),
        field('annualQuota', optional(yuan))
      )
    )
  ),
  field(
    'dip',
    object(
      field('levelCoefficients', levelCoefficients),
      field('primaryCareCoefficient', coefficient),
      field('lowRatio', coefficient),
      field('highRatio', coefficient),
      field('lowRatioKeepsLevelCoefficient', bool),
      field('costPerPoint', positive),
      field(
        'meanCosts',
        list(
          object(
            field('group', code),
            field('level', { t: 'enum', values: LEVELS }),
            field('meanCost', yuan)
          )
        )
      ),
      field('comprehensiveFactor', coefficient),
      field('specialCasePermille', { t: 'number', min: 0, max: 1000, scale: 2 }),
      field('specialCaseMinRatio', coefficient)
    )
  ),
  field(
    'drg',
    object(
      field('levelCoefficients', levelCoefficients),
      field('institutionCoefficients', { t: 'record', of: coefficient }),
      field(
        'highBands',
        list(object(field('upToBasePoints', nullable(positive)), field('ratio', coefficient)))
      ),
      field('lowRatio', coefficient),
      field('incompleteDischargeWays', list(code)),
      field(
        'weights',
        list(
          object(
            field('code', code),
            field('basePoints', positive),
            field('meanCost', yuan),
            field('dailyPoints', optional(positive))
          )
        )
      )
    )
  ),
  field(
    'global',
    object(
      field('maxCostPerVisit', nullable(yuan)),
      renamedField('maxOwnShareBp', nullable(percent), 'maxOwnShare'),
      renamedField('maxOutOfListShareBp', nullable(percent), 'maxOutOfListShare'),
      renamedField('penaltyBp', percent, 'penalty')
    )
  )
)

function coherence(plan: PaymentPlan, issues: OutcomeIssue[]): void {
  const bad = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  if (plan.dip.lowRatio >= plan.dip.highRatio) bad('$.dip.lowRatio', '低倍率界值应小于高倍率界值')
  const bands = plan.drg.highBands
  bands.forEach((b, i) => {
    if (b.upToBasePoints === null && i !== bands.length - 1) {
      bad(`$.drg.highBands[${i}].upToBasePoints`, '只有最后一档可以不设上限（null）')
    }
  })
  plan.methods.forEach((m, i) => {
    if (m.method === 'GLOBAL' && m.annualQuota === undefined) {
      bad(`$.methods[${i}].annualQuota`, '总额预付需要年度额度')
    }
  })
}

const CODEC = documentCodec<PaymentPlan>(
  PLAN,
  '付费方案文件',
  { parse: parseYaml, stringify: stringifyYaml },
  coherence
)

/**
 * A payment plan from a document, with every problem named by its path; throws an
 * `OutcomeError` listing them all.
 */
export const planFromDocument = CODEC.fromDocument

/** A payment plan as a document: amounts in yuan, shares in percent. */
export const planToDocument = CODEC.toDocument

/** Reads a payment-plan file (YAML or JSON). */
export const parsePlanText = CODEC.parseText

/** A payment plan's text, as YAML (default) or JSON. */
export const formatPlanText = CODEC.formatText
