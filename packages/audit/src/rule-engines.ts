// SPDX-License-Identifier: Apache-2.0
import type { Knowledge } from '@yibao/knowledge'
import { CompiledRuleSet } from './compile.js'
import { RULE_LIBRARY } from './library.js'
import type { Logic } from './logic.js'
import { LOGICS } from './logics/index.js'
import type { RuleScope } from './resolve-rules.js'
import { resolveRules } from './resolve-rules.js'
import type { RuleDefinition, RuleOverride } from './rule.js'

/** Compiled rule sets kept (each selection of `rule_ids` compiles one). */
const MAX_COMPILED = 64

/**
 * Compiled rule sets by scope, compiled once and reused: what a server keeps for 3101/3102 and
 * what `yibao check` and batch audit use. Scopes with the same stage, rule ids, region and
 * applicable overrides share one compiled set.
 */
export class RuleEngines {
  readonly knowledge: Knowledge
  readonly definitions: readonly RuleDefinition[]
  private overrides: readonly RuleOverride[]
  private readonly logics: Readonly<Record<string, Logic>>
  private readonly cache = new Map<string, CompiledRuleSet>()

  /**
   * @param knowledge - the knowledge pack in force
   * @param options - rule definitions (default: the built-in library), overrides, logics
   */
  constructor(
    knowledge: Knowledge,
    options: {
      definitions?: readonly RuleDefinition[]
      overrides?: readonly RuleOverride[]
      logics?: Readonly<Record<string, Logic>>
    } = {}
  ) {
    this.knowledge = knowledge
    this.definitions = options.definitions ?? RULE_LIBRARY
    this.overrides = options.overrides ?? []
    this.logics = options.logics ?? LOGICS
  }

  /** Replaces the overrides (after an administrator changed them); compiled sets are dropped. */
  setOverrides(overrides: readonly RuleOverride[]): void {
    this.overrides = overrides
    this.cache.clear()
  }

  /** The compiled rules in force for a scope. */
  get(scope: RuleScope): CompiledRuleSet {
    const applicable = this.overrides
      .map((o, n) => ({ o, n }))
      .filter(
        ({ o }) =>
          (o.admdvs === '*' || o.admdvs === scope.admdvs) &&
          o.from <= scope.date &&
          (o.to === null || scope.date <= o.to)
      )
      .map(({ n }) => n)
    const key = JSON.stringify([
      scope.stage ?? '',
      scope.ruleIds ?? null,
      scope.admdvs ?? '',
      applicable,
    ])
    let engine = this.cache.get(key)
    if (engine) {
      // Most recently used last: the oldest is the first to go.
      this.cache.delete(key)
    } else {
      engine = new CompiledRuleSet(
        resolveRules(this.definitions, this.overrides, scope),
        this.knowledge,
        this.logics
      )
      if (this.cache.size >= MAX_COMPILED) {
        const oldest = this.cache.keys().next().value
        if (oldest !== undefined) this.cache.delete(oldest)
      }
    }
    this.cache.set(key, engine)
    return engine
  }
}
