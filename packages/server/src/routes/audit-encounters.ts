// SPDX-License-Identifier: Apache-2.0
import type { FastifyPluginCallback } from 'fastify'
import type { HsaPatient } from '@yibao/audit'
import { patientRecords } from '@yibao/audit'
import type { Outcome } from '@yibao/domain'
import { dateOf, forbidden, fromEpochMs, invalid, OutcomeError, unauthorized } from '@yibao/domain'
import { presentedApiKey } from '../api-key-auth.js'
import { readEncounterAuditBody } from '../encounter-audit-body.js'
import { outcomeSchema } from './outcome-schema.js'
import { API_KEY_MESSAGE } from './hsa.js'
import type { RealtimeServices } from './hsa.js'

const NO_KEY: Outcome = {
  issues: [{ ...unauthorized.issues[0]!, message: API_KEY_MESSAGE }],
}

const body = {
  type: 'object',
  description:
    '一次就诊（领域字段名，驼峰）：person { psnNo, gender, birthDate, … }、encounter { mdtrtId, institutionCode, kind, medType, insuType, begin, end, … }、diagnoses[]、operations[]、feeLines[] { feedetlSn, code, listType, chargeType, quantity, price（单价，万分之一元）, amount（金额，分）, … }，可选 stage（PRE 事前 / IN 事中，默认 / POST 事后）与 ruleIds[]',
  additionalProperties: true,
} as const

const findingsSchema = {
  type: 'object',
  description: '疑点：每条为一条规则对本次就诊的判断（违规明细行、金额（分）、说明与依据）',
  properties: {
    findings: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
  required: ['findings'],
} as const

/**
 * `POST /api/v1/audit/encounters`: the REST form of real-time audit for one encounter, in the
 * domain's field names. The encounter is judged together with the person's stored history of the
 * past year, like a 3102 call; the answer is `{ findings }`. Needs an API key (`X-API-Key` or
 * `Authorization: Bearer`); a key bound to an institution may only submit its own encounters.
 * Problems with the body are 400 with the path of each field.
 */
export function auditEncounterRoutes(services: RealtimeServices): FastifyPluginCallback {
  const { realtime, apiKeys } = services
  return function auditEncounters(app, _options, done) {
    app.addHook('onRequest', async (request) => {
      const key = presentedApiKey(request.headers)
      const owner = key === null ? null : await apiKeys.verify(key)
      if (owner === null) throw new OutcomeError(NO_KEY)
      request.apiKey = owner
    })
    app.post(
      '/audit/encounters',
      {
        schema: {
          tags: ['智能审核'],
          summary: '审核一次就诊（REST 形式，结合已存储的近一年就诊历史）',
          security: [{ apiKey: [] }, { bearer: [] }],
          body,
          response: {
            200: findingsSchema,
            400: outcomeSchema,
            401: outcomeSchema,
            403: outcomeSchema,
          },
        },
        // The body is checked by readEncounterAuditBody, which names every field; the schema
        // above is documentation.
        validatorCompiler: () => () => true,
      },
      async (request) => {
        const read = readEncounterAuditBody(request.body)
        if (read.issues) throw new OutcomeError(invalid(read.issues))
        const { person, encounter, diagnoses, operations, feeLines, stage, ruleIds } = read.value
        const own = request.apiKey!.institutionCode
        if (own !== null && encounter.institutionCode !== own) {
          throw new OutcomeError({
            issues: [
              {
                ...forbidden.issues[0]!,
                message: `该 API Key 仅限机构 ${own} 使用，就诊的机构为 ${encounter.institutionCode}`,
                path: 'encounter.institutionCode',
              },
            ],
          })
        }
        const selection = realtime.selectRules(ruleIds)
        if (selection.unknown.length > 0) {
          throw new OutcomeError(
            invalid(
              selection.unknown.map((id) => ({
                severity: 'error' as const,
                code: 'invalid' as const,
                message: `ruleIds[${ruleIds.indexOf(id)}]：规则库中没有规则 ${id}`,
                path: `ruleIds[${ruleIds.indexOf(id)}]`,
              }))
            )
          )
        }
        const today = dateOf(fromEpochMs(Date.now()))
        const engine = realtime.engine(stage, today, selection.ruleIds)
        const histories = await realtime.histories([
          { psnNo: person.psnNo, date: dateOf(encounter.begin) },
        ])
        const patient: HsaPatient = {
          person,
          encounters: [encounter],
          diagnoses,
          operations,
          feeLines,
          focusEncounters: new Set([encounter.mdtrtId]),
          focusLines: undefined,
          lineCaps: new Map(),
        }
        const findings = engine.audit({
          records: patientRecords(patient, histories.get(person.psnNo)),
          reference: realtime.reference,
          focus: { encounters: patient.focusEncounters },
        })
        return { findings }
      }
    )
    done()
  }
}
