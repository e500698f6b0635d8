// SPDX-License-Identifier: Apache-2.0
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import type { Kind } from '@yibao/domain'
import {
  code,
  documentCodec,
  field,
  object,
  optional,
  percent,
  renamedField,
  text,
} from '@yibao/domain'
import type { InspectionPlan } from './draw.js'

const weight: Kind = { t: 'number', min: 0, max: 100, scale: 4 }

const PLAN: Kind = object(
  field('id', code),
  field('name', text),
  renamedField(
    'ratioBp',
    {
      t: 'map',
      keys: ['HOSPITAL', 'CLINIC', 'VILLAGE_CLINIC', 'PHARMACY'],
      of: percent,
    },
    'ratio'
  ),
  field('minPerType', { t: 'int', min: 0, max: 1000 }),
  field('creditWeights', { t: 'record', of: weight }),
  field('unrated', weight),
  field('riskFactor', weight),
  field('teamSize', { t: 'int', min: 2, max: 10 }),
  field('admdvs', optional(code))
)

const CODEC = documentCodec<InspectionPlan>(PLAN, '抽查计划文件', {
  parse: parseYaml,
  stringify: stringifyYaml,
})

/**
 * An inspection plan from a document (ratios in percent), every problem named by its path.
 */
export const inspectionPlanFromDocument = CODEC.fromDocument

/** An inspection plan as a document. */
export const inspectionPlanToDocument = CODEC.toDocument

/** Reads an inspection-plan file (YAML or JSON). */
export const parseInspectionPlanText = CODEC.parseText

/** An inspection plan's text, as YAML (default) or JSON. */
export const formatInspectionPlanText = CODEC.formatText
