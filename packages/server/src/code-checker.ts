// SPDX-License-Identifier: Apache-2.0
import type { Knowledge } from '@yibao/knowledge'
import type { CodeChecker } from '@yibao/storage'

/**
 * Adapts the active knowledge to the ingest's code check: fee-line codes are known when they
 * are a catalogue drug or service item; diagnoses and procedures against the ICD tables, DRG
 * codes against the CHS-DRG group list.
 */
export function codeChecker(knowledge: Knowledge): CodeChecker {
  return {
    isKnown(kind, code) {
      switch (kind) {
        case 'item':
          return knowledge.drug(code) !== undefined || knowledge.serviceItem(code) !== undefined
        case 'diagnosis':
          return knowledge.diagnosis(code) !== undefined
        case 'procedure':
          return knowledge.procedure(code) !== undefined
        case 'drg':
          return knowledge.drg(code) !== undefined
        default:
          kind satisfies never
          return false
      }
    },
  }
}
