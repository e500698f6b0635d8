// SPDX-License-Identifier: Apache-2.0
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import type { Field, Kind, OutcomeIssue } from '@yibao/domain'
import {
  bool,
  code,
  documentCodec,
  renamedField as f,
  IDENTITY_TYPES,
  list,
  nullable,
  object,
  optional,
  percent,
  field as same,
  text,
  yuan,
} from '@yibao/domain'
import type { BenefitPolicy } from './benefit-policy.js'
import { CARE_TYPES } from './care-type.js'

// A benefit policy as people read and write it (YAML or JSON files, the API, the console):
// amounts in yuan, ratios in percent, checked and converted by the one schema below.

const INSU = ['310', '320', '330', '340', '390', '391', '392', '410', '510']
const LEVELS = [0, 1, 2, 3]
const TIERS = ['COUNTY', 'CITY', 'PROVINCE']
const LISTS = ['101', '102', '201', '301']

const SCOPE: readonly Field[] = [
  same('insuTypes', optional(list({ t: 'enum', values: INSU }))),
  same('careTypes', optional(list({ t: 'enum', values: CARE_TYPES }))),
  same('levels', optional(list({ t: 'enum', values: LEVELS }))),
  same('tiers', optional(list({ t: 'enum', values: TIERS }))),
  same('identities', optional(list({ t: 'enum', values: IDENTITY_TYPES }))),
]

const POLICY: Kind = object(
  same('id', code),
  same('name', text),
  same('admdvs', code),
  same('year', { t: 'int', min: 2000, max: 2100 }),
  same('effectiveFrom', { t: 'date' }),
  same('effectiveTo', nullable({ t: 'date' })),
  same(
    'lines',
    object(
      f('preselfpayBp', percent, 'preselfpay'),
      f(
        'preselfpayBpByListType',
        optional({ t: 'map', keys: LISTS, of: percent }),
        'preselfpayByListType'
      )
    )
  ),
  same(
    'basic',
    list(
      object(
        ...SCOPE,
        same('deductible', yuan),
        same('deductiblePer', { t: 'enum', values: ['STAY', 'YEAR'] }),
        f('ratioBp', percent, 'ratio'),
        same('annualCap', nullable(yuan)),
        same('capGroup', optional(code)),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'employeeSupplement',
    nullable(
      object(
        ...SCOPE,
        f('ratioBp', percent, 'ratio'),
        same('annualCap', nullable(yuan)),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'critical',
    nullable(
      object(
        ...SCOPE,
        same('deductible', yuan),
        same('segments', list(object(same('from', yuan), f('ratioBp', percent, 'ratio')))),
        same('annualCap', nullable(yuan)),
        same('countsPreselfpay', bool),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'tilts',
    list(
      object(
        ...SCOPE,
        same('name', text),
        f('basicRatioBonusBp', percent, 'basicRatioBonus'),
        f('criticalDeductibleBp', percent, 'criticalDeductibleShare'),
        f('criticalRatioBonusBp', percent, 'criticalRatioBonus'),
        same('criticalUncapped', bool)
      )
    )
  ),
  same(
    'assistance',
    list(
      object(
        ...SCOPE,
        same('name', text),
        same('deductible', yuan),
        f('ratioBp', percent, 'ratio'),
        same('annualLimit', nullable(yuan)),
        same('countsPreselfpay', bool),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'supplements',
    list(
      object(
        ...SCOPE,
        same('name', text),
        f('ratioBp', percent, 'ratio'),
        same('annualLimit', nullable(yuan)),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'backstops',
    list(
      object(
        ...SCOPE,
        same('name', text),
        same('capByTier', { t: 'map', keys: TIERS, of: yuan }),
        same('includeFullSelfPay', bool),
        same('fundPayType', code)
      )
    )
  ),
  same(
    'account',
    nullable(
      object(same('insuTypes', list({ t: 'enum', values: INSU })), same('fundPayType', code))
    )
  )
)

/** The checks a policy needs beyond the shape of its fields. */
function coherence(p: BenefitPolicy, issues: OutcomeIssue[]): void {
  const bad = (path: string, message: string): void => {
    issues.push({ severity: 'error', code: 'invalid', message: `${path}：${message}`, path })
  }
  if (p.effectiveTo !== null && p.effectiveTo < p.effectiveFrom) {
    bad('$.effectiveTo', `不能早于生效日期 ${p.effectiveFrom}`)
  }
  const segments = p.critical?.segments ?? []
  if (p.critical !== null && segments[0]?.from !== 0) {
    bad('$.critical.segments[0].from', '第一段应从 0 元开始')
  }
  segments.forEach((s, i) => {
    if (i > 0 && s.from <= segments[i - 1]!.from) {
      bad(`$.critical.segments[${i}].from`, '各段起点应逐段增大')
    }
  })
}

const CODEC = documentCodec<BenefitPolicy>(
  POLICY,
  '政策文件',
  { parse: parseYaml, stringify: stringifyYaml },
  coherence
)

/**
 * A policy from a document (amounts in yuan, ratios in percent), with every problem named by
 * its path (`$.basic[2].ratio`); throws an `OutcomeError` listing them all.
 */
export const policyFromDocument = CODEC.fromDocument

/** A policy as a document: amounts in yuan, ratios in percent. */
export const policyToDocument = CODEC.toDocument

/** Reads a policy file: YAML or JSON (JSON is YAML too). A syntax error names its line. */
export const parsePolicyText = CODEC.parseText

/** A policy file's text, as YAML (default) or JSON. */
export const formatPolicyText = CODEC.formatText
