// SPDX-License-Identifier: Apache-2.0
import { createHash, hash } from 'node:crypto'
import { dateFromDayNumber } from '@yibao/domain'
import type { Knowledge } from '@yibao/knowledge'
import { CodeDictionary } from './code-dictionary.js'
import type { AuditInput, BatchDictionaries } from './columnar-batch.js'
import { byFields, ColumnarBatch } from './columnar-batch.js'
import type { Finding, FindingLine } from './finding.js'
import type { CompileKit, CompiledLineRule, FindingDraft, FindingSink, Logic } from './logic.js'
import type { ActiveRule } from './rule.js'
import { evidenceOf } from './evidence.js'

/** Column names of `ColumnarBatch` the fused kernel may read. */
const COLUMNS = [
  'pGender',
  'pBirth',
  'pBirthYear',
  'pBirthMd',
  'pDeath',
  'ePerson',
  'eKind',
  'eInsu',
  'eMedType',
  'eLevel',
  'eInstType',
  'eBeginDay',
  'eEndDay',
  'eBeginSec',
  'eEndSec',
  'lEnc',
  'lCode',
  'lDay',
  'lSec',
  'lQty',
  'lPrice',
  'lAmount',
  'lList',
  'lClass',
  'lCharge',
  'lDscgMed',
  'lDays',
  'lUpload',
  'lCap',
  'lFocus',
  'dYear',
  'dMd',
] as const

type Kernel = (
  b: ColumnarBatch,
  tables: ArrayLike<number>[],
  constants: (ArrayLike<number> | ((...args: number[]) => number))[],
  hits: number[]
) => void

type Walker = (b: ColumnarBatch, p: number, out: FindingSink) => void

/** Evaluation statistics of one batch. */
export interface EvaluationStats {
  readonly persons: number
  readonly encounters: number
  readonly lines: number
}

/**
 * The rule set compiled for evaluation: one fused per-line kernel generated from the line rules'
 * tests, and one walker per cross-claim rule, sharing the dictionaries and knowledge tables.
 * Every stage (3101 事前, 3102 事中, batch 事后) evaluates through `evaluate`, so they agree.
 */
export class CompiledRuleSet {
  readonly rules: readonly ActiveRule[]
  readonly knowledge: Knowledge
  /** Rule-set version: a hash of the pack version, the rules and their parameters. */
  readonly version: string
  /** Source of the generated kernel (for inspection and benchmarks). */
  readonly kernelSource: string
  private readonly dict: BatchDictionaries
  /** Columns of the fee-code dictionary handed to the kernel as T0, T1, … */
  private readonly tableColumns: number[] = []
  /** The table marking codes with any knowledge point, when some test reads points. */
  private anyPointTable: string | null = null
  private readonly constants: (ArrayLike<number> | ((...args: number[]) => number))[] = []
  private readonly lineRules: { rule: number; compiled: CompiledLineRule }[] = []
  private readonly walkers: { rule: number; walk: Walker }[] = []
  private readonly kernel: Kernel

  /**
   * @param rules - the active rules
   * @param knowledge - the knowledge pack they read
   * @param logics - the logics by name
   */
  constructor(
    rules: readonly ActiveRule[],
    knowledge: Knowledge,
    logics: Readonly<Record<string, Logic>>
  ) {
    this.rules = rules
    this.knowledge = knowledge
    this.dict = {
      codes: new CodeDictionary(),
      diagnoses: new CodeDictionary(),
      operations: new CodeDictionary(),
    }
    this.version = createHash('sha256')
      .update(
        JSON.stringify([
          knowledge.version,
          rules.map((r) => [r.def.id, r.def.logic, r.severity, r.params]),
        ])
      )
      .digest('hex')
      .slice(0, 16)
    const kit: CompileKit = {
      knowledge,
      dict: this.dict,
      codeTable: (fill, float) => {
        this.tableColumns.push(this.dict.codes.register(fill, float))
        return `T${this.tableColumns.length - 1}`
      },
      constant: (values) => {
        this.constants.push(values)
        return `A${this.constants.length - 1}`
      },
      function: (f) => {
        this.constants.push(f)
        return `A${this.constants.length - 1}`
      },
      table: (identifier) => {
        const column = this.tableColumns[Number(identifier.slice(1))]
        if (column === undefined) throw new Error(`no table ${identifier}`)
        return this.dict.codes.column(column)
      },
    }
    rules.forEach((rule, index) => {
      const logic = logics[rule.def.logic]
      if (!logic) throw new Error(`规则 ${rule.def.id} 的逻辑 ${rule.def.logic} 不存在`)
      if (logic.kind === 'line')
        this.lineRules.push({ rule: index, compiled: logic.compile(rule, kit) })
      else this.walkers.push({ rule: index, walk: logic.compile(rule, kit) })
    })
    if (this.lineRules.some((r) => r.compiled.point)) {
      // 1 for codes with any knowledge point: the guard of the point tests.
      this.anyPointTable = kit.codeTable((_, seen) =>
        knowledge.pointsOfCode(seen.code).length > 0 ? 1 : 0
      )
    }
    this.kernelSource = this.generateKernel()
    // The kernel is generated from the rules' tests (code in this repository, parameters as
    // numeric constants): one fused loop instead of one closure call per rule and line.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call
    this.kernel = new Function(`return ${this.kernelSource}`)() as Kernel
  }

  /** Encodes records into a batch with this rule set's dictionaries. */
  encode(input: AuditInput): ColumnarBatch {
    return new ColumnarBatch(input, this.dict)
  }

  /**
   * Evaluates every rule on a batch: the fused kernel down the lines, then each cross-claim
   * walker over each person. Only findings touching the batch's focus are returned.
   *
   * @param b - the batch
   * @returns findings in person, encounter, rule order
   */
  evaluate(b: ColumnarBatch): Finding[] {
    const hits = this.lineHits(b)
    const drafts: { rule: number; draft: FindingDraft }[] = []
    for (let h = 0; h < hits.length; h += 2) {
      const slot = this.lineRules[hits[h]!]!
      const draft = slot.compiled.explain(b, hits[h + 1]!)
      if (draft) drafts.push({ rule: slot.rule, draft })
    }
    const np = b.persons.length
    for (const w of this.walkers) {
      const sink: FindingSink = (draft) => {
        if (focused(b, draft)) drafts.push({ rule: w.rule, draft })
      }
      for (let p = 0; p < np; p++) if (b.pEnc1[p]! > b.pEnc0[p]!) w.walk(b, p, sink)
    }
    const findings = drafts.map(({ rule, draft }) => this.finding(b, this.rules[rule]!, draft))
    const seen = new Set<string>()
    return findings
      .filter((f) => !seen.has(f.id) && seen.add(f.id))
      .sort(byFields('psnNo', 'date', 'mdtrtId', 'ruleId', 'id'))
  }

  /**
   * Runs only the fused per-line kernel: the hits as (line-rule index, line) pairs, flattened.
   * `evaluate` builds findings from these; benchmarks time it alone.
   */
  lineHits(b: ColumnarBatch): number[] {
    const hits: number[] = []
    const tables = this.tableColumns.map((c) => this.dict.codes.column(c))
    this.kernel(b, tables, this.constants, hits)
    return hits
  }

  /** Number of per-line rules fused in the kernel. */
  get lineRuleCount(): number {
    return this.lineRules.length
  }

  /** Encodes and evaluates. */
  audit(input: AuditInput): Finding[] {
    return this.evaluate(this.encode(input))
  }

  private generateKernel(): string {
    // Each column a test reads at the current line, encounter or person is loaded once per
    // line into a local (\`lList[i]\` → \`lList_i\`), not again by every rule. Tests that read
    // knowledge points run only for codes that have any (most lines have none).
    const access = /\b([lep][A-Z]\w*)\[([iep])\]/g
    const uses = new Map<string, number>()
    for (const r of this.lineRules) {
      for (const m of new Set(r.compiled.test.match(access) ?? []))
        uses.set(m, (uses.get(m) ?? 0) + 1)
    }
    // Only columns read by two tests or more are worth a local; the rest load where tested.
    const hoist = (test: string, into: Map<string, string>): string =>
      test.replace(access, (all, column: string, at: string) => {
        if (at !== column[0] && !(column[0] === 'l' && at === 'i')) return all
        if ((uses.get(all) ?? 0) < 2) return all
        const name = `${column}_${at}`
        into.set(name, `${column}[${at}]`)
        return name
      })
    const plainLocals = new Map<string, string>()
    const pointLocals = new Map<string, string>()
    const plain: string[] = []
    const guarded: string[] = []
    this.lineRules.forEach((r, n) => {
      const push = `H.push(${n}, i)`
      if (r.compiled.point)
        guarded.push(`      if (${hoist(r.compiled.test, pointLocals)}) ${push}`)
      else plain.push(`    if (${hoist(r.compiled.test, plainLocals)}) ${push}`)
    })
    const body = guarded.join('\n')
    const anyPoint = guarded.length === 0 ? null : this.anyPointTable
    const declare = (
      locals: Map<string, string>,
      indent: string,
      skip: Map<string, string>
    ): string[] =>
      [...locals]
        .filter(([name]) => !skip.has(name))
        .map(([name, load]) => `${indent}const ${name} = ${load}`)
    const lines = [
      'function kernel(b, T, A, H) {',
      ...COLUMNS.map((c) => `  const ${c} = b.${c}`),
      '  const day0 = b.day0',
      ...this.tableColumns.map((_, n) => `  const T${n} = T[${n}]`),
      ...this.constants.map((_, n) => `  const A${n} = A[${n}]`),
      '  const n = lEnc.length',
      '  let k = 0',
      '  for (let i = 0; i < n; i++) {',
      '    if (lFocus[i] === 0) continue',
      '    const c = lCode[i], e = lEnc[i], d = lDay[i]',
      ...declare(plainLocals, '    ', new Map()),
      ...plain,
      ...(anyPoint === null
        ? []
        : [
            `    if (${anyPoint}[c] === 1) {`,
            '      const p = ePerson[e]',
            ...declare(pointLocals, '      ', plainLocals),
            /\bad\b/.test(body) ? '      const ad = d - pBirth[p]' : '',
            /\bay\b/.test(body)
              ? '      const ay = dYear[d - day0] - pBirthYear[p] - (dMd[d - day0] < pBirthMd[p] ? 1 : 0)'
              : '',
            ...guarded,
            '    }',
          ]),
      '  }',
      '  return k',
      '}',
    ]
    return lines.filter((l) => l !== '').join('\n')
  }

  private finding(b: ColumnarBatch, rule: ActiveRule, draft: FindingDraft): Finding {
    const enc = b.encounters[draft.enc]!
    const lines: FindingLine[] = []
    draft.violating.forEach((i, n) => {
      const l = b.lines[i]!
      const amount =
        draft.violatingAmounts?.[n] ?? (draft.violating.length === 1 ? draft.amount : l.amount)
      lines.push({ feedetlSn: l.feedetlSn, mdtrtId: l.mdtrtId, role: 'VIOLATING', amount })
    })
    for (const i of draft.related ?? []) {
      const l = b.lines[i]!
      lines.push({ feedetlSn: l.feedetlSn, mdtrtId: l.mdtrtId, role: 'RELATED', amount: 0 })
    }
    const relatedEncounters = (draft.relatedEncounters ?? []).map((e) => b.encounters[e]!.mdtrtId)
    const first = draft.violating[0]
    const day = draft.day ?? (first === undefined ? b.eBeginDay[draft.enc]! : b.lDay[first]!)
    const key = [rule.def.id, enc.mdtrtId, ...draft.violating.map((i) => b.lines[i]!.feedetlSn)]
    if (draft.violating.length === 0) key.push(...relatedEncounters)
    // One-shot hash: a third of the cost of a Hash object for a short key.
    const id = `F${hash('sha256', key.join('\u0001'), 'hex').slice(0, 24)}`
    const point = draft.point ?? null
    return {
      id,
      ruleId: rule.def.id,
      ruleName: rule.def.name,
      violation: rule.def.violation,
      severity: rule.severity,
      psnNo: enc.psnNo,
      mdtrtId: enc.mdtrtId,
      institutionCode: enc.institutionCode,
      date: dateFromDayNumber(day),
      lines,
      relatedEncounters,
      amount: Math.max(0, Math.round(draft.amount)),
      message: draft.message,
      evidence: evidenceOf(rule, point, this.knowledge.version),
      knowledgePointId: point?.id ?? null,
      packVersion: this.knowledge.version,
      params: rule.params,
    }
  }
}

/** True when a finding touches what the batch judges (its focus). */
function focused(b: ColumnarBatch, draft: FindingDraft): boolean {
  if (draft.violating.length > 0) return draft.violating.some((i) => b.lFocus[i] === 1)
  if (b.eFocus[draft.enc] === 1) return true
  return (draft.relatedEncounters ?? []).some((e) => b.eFocus[e] === 1)
}
