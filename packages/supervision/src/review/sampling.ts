// SPDX-License-Identifier: Apache-2.0
import { createHash } from 'node:crypto'

/** A machine-passed claim that may be drawn for re-review (抽查复审). */
export interface SampleCandidate {
  readonly mdtrtId: string
  readonly psnNo: string
  readonly institutionCode: string
  /** The claim's total, fen. */
  readonly amount: number
}

/** One institution's stratum of a draw. */
export interface SampleStratum {
  readonly institutionCode: string
  /** Claims in the stratum. */
  readonly population: number
  readonly populationAmount: number
  /** The share drawn in this institution. */
  readonly rate: number
  /** Claims drawn: ⌈rate × population⌉. */
  readonly sampled: number
  readonly sampledAmount: number
}

/** A draw: the claims drawn, in byte order of institution then claim, and the strata. */
export interface SampleDraw {
  readonly items: readonly SampleCandidate[]
  readonly strata: readonly SampleStratum[]
}

const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/**
 * Draws a stratified random sample: in each institution, the ⌈rate × N⌉ claims whose
 * sha256(seed, claim id) is smallest. The same seed and the same claims always give the same
 * draw, whatever order the claims come in, and a claim's chance does not depend on the other
 * institutions.
 *
 * @param candidates - the machine-passed claims of the period
 * @param rate - the share to draw, in (0, 1]: one for every institution, or each institution's
 *   (its region's policy)
 * @param seed - the recorded seed
 */
export function drawSample(
  candidates: readonly SampleCandidate[],
  rate: number | ((institutionCode: string) => number),
  seed: string
): SampleDraw {
  const rateOf = typeof rate === 'number' ? (): number => rate : rate
  const strata = new Map<string, SampleCandidate[]>()
  for (const c of candidates) {
    const list = strata.get(c.institutionCode)
    if (list) list.push(c)
    else strata.set(c.institutionCode, [c])
  }
  const items: SampleCandidate[] = []
  const summary: SampleStratum[] = []
  for (const code of [...strata.keys()].sort(byteOrder)) {
    const all = strata.get(code)!
    const share = rateOf(code)
    if (!(share > 0 && share <= 1)) {
      throw new RangeError(`机构 ${code} 的抽样比例应在 (0, 1] 之间，收到 ${share}`)
    }
    // ⌈rate × N⌉ without floating-point surprises at exact multiples (0.05 × 200 = 10).
    const n = Math.min(all.length, Math.ceil(Number((share * all.length).toFixed(9))))
    const keyed = all.map((c) => ({ c, key: drawKey(seed, c.mdtrtId) }))
    keyed.sort((a, b) => byteOrder(a.key, b.key) || byteOrder(a.c.mdtrtId, b.c.mdtrtId))
    const drawn = keyed
      .slice(0, n)
      .map((k) => k.c)
      .sort((a, b) => byteOrder(a.mdtrtId, b.mdtrtId))
    items.push(...drawn)
    summary.push({
      institutionCode: code,
      population: all.length,
      populationAmount: sum(all),
      rate: share,
      sampled: drawn.length,
      sampledAmount: sum(drawn),
    })
  }
  return { items, strata: summary }
}

function drawKey(seed: string, id: string): string {
  return createHash('sha256').update(seed).update('\0').update(id).digest('hex')
}

function sum(xs: readonly SampleCandidate[]): number {
  return xs.reduce((s, c) => s + c.amount, 0)
}

/** What the reviewers found in one institution's sampled claims. */
export interface StratumResult {
  readonly institutionCode: string
  readonly populationAmount: number
  readonly sampledAmount: number
  /** Sum of the amounts of the sampled claims already checked. */
  readonly checkedAmount: number
  /** Sum of the erroneous amounts found in them. */
  readonly errorAmount: number
}

/** The extrapolation of one institution's sample error rate to its unsampled claims. */
export interface Extrapolation {
  readonly institutionCode: string
  /** errorAmount / checkedAmount (0 when nothing is checked). */
  readonly errorRate: number
  /** populationAmount − sampledAmount, fen. */
  readonly unsampledAmount: number
  /** errorRate × unsampledAmount, rounded half-up to the fen, computed exactly. */
  readonly projected: number
}

/**
 * Extrapolates each institution's error rate in the checked sample to the claims that were not
 * sampled (as openIMIS does). Reported only; applied as deductions when the bureau confirms.
 */
export function extrapolate(results: readonly StratumResult[]): Extrapolation[] {
  return results.map((r) => {
    const unsampled = r.populationAmount - r.sampledAmount
    if (r.checkedAmount <= 0 || r.errorAmount <= 0 || unsampled <= 0) {
      return {
        institutionCode: r.institutionCode,
        errorRate: r.checkedAmount > 0 ? r.errorAmount / r.checkedAmount : 0,
        unsampledAmount: Math.max(0, unsampled),
        projected: 0,
      }
    }
    const num = BigInt(r.errorAmount) * BigInt(unsampled)
    const den = BigInt(r.checkedAmount)
    const projected = Number((2n * num + den) / (2n * den))
    return {
      institutionCode: r.institutionCode,
      errorRate: r.errorAmount / r.checkedAmount,
      unsampledAmount: unsampled,
      projected,
    }
  })
}
