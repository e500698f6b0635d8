// SPDX-License-Identifier: Apache-2.0

/** JSON schema of an Outcome, for OpenAPI responses. */
export const outcomeSchema = {
  type: 'object',
  description: '结果/错误：issues 列出每个问题（严重程度、代码、说明、位置）',
  properties: {
    issues: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          severity: { type: 'string', enum: ['error', 'warning', 'information'] },
          code: { type: 'string' },
          message: { type: 'string' },
          path: { type: 'string' },
        },
        required: ['severity', 'code', 'message'],
      },
    },
  },
  required: ['issues'],
} as const
