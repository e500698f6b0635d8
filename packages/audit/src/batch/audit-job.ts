// SPDX-License-Identifier: Apache-2.0
import type { Institution, InstitutionCapability, PersonRecords, PriceCap } from '@yibao/domain'
import { Knowledge, parsePack } from '@yibao/knowledge'
import type { CompiledRuleSet } from '../compile.js'
import type { Finding } from '../finding.js'
import type { StaffStatusPeriod } from '../reference.js'
import { AuditReference } from '../reference.js'
import type { RuleScope } from '../resolve-rules.js'
import { RuleEngines } from '../rule-engines.js'
import type { RuleDefinition, RuleOverride } from '../rule.js'

/** Everything a batch-audit worker needs to compile the same rules as the main thread. */
export interface AuditJobSetup {
  /** The knowledge pack, serialized (`serializePack`). */
  readonly pack: Uint8Array
  readonly definitions: readonly RuleDefinition[]
  readonly overrides: readonly RuleOverride[]
  readonly scope: RuleScope
  readonly institutions: readonly Institution[]
  readonly priceCaps: readonly PriceCap[]
  /** Suspended or terminated staff (医保支付资格), from the staff files. */
  readonly staffPeriods?: readonly StaffStatusPeriod[]
  /** The capability register (服务能力登记). */
  readonly capabilities?: readonly InstitutionCapability[]
}

/** What one chunk of persons gave. */
export interface ChunkResult {
  readonly findings: Finding[]
  readonly persons: number
  readonly encounters: number
  readonly lines: number
}

/** A compiled batch-audit job: the rules and reference data, ready for chunks of persons. */
export class AuditJob {
  readonly engine: CompiledRuleSet
  private readonly reference: AuditReference

  /**
   * @param setup - the job's setup (as sent to each worker)
   * @param knowledge - an already-parsed pack (skips parsing `setup.pack`)
   */
  constructor(setup: AuditJobSetup, knowledge?: Knowledge) {
    const k = knowledge ?? new Knowledge(parsePack(setup.pack))
    this.engine = new RuleEngines(k, {
      definitions: setup.definitions,
      overrides: setup.overrides,
    }).get(setup.scope)
    this.reference = new AuditReference({
      institutions: setup.institutions,
      priceCaps: setup.priceCaps,
      staffPeriods: setup.staffPeriods ?? [],
      capabilities: setup.capabilities ?? [],
    })
  }

  /** Audits one chunk of persons with their records. */
  run(records: PersonRecords): ChunkResult {
    const batch = this.engine.encode({ records, reference: this.reference })
    return {
      findings: this.engine.evaluate(batch),
      persons: batch.persons.length,
      encounters: batch.encounters.length,
      lines: batch.lineCount,
    }
  }
}
