// SPDX-License-Identifier: Apache-2.0
import type { InjectContext } from './injector.js'
import { DEFAULT_RATES, INJECTORS } from './injector-registry.js'
import type { PersonTimeline } from './timeline.js'

/**
 * Runs the injectors over one batch. Each type's quota is `rate × persons`; the fractional and
 * unfilled parts carry over to the next batch (in `carry`), so totals follow the rates. A person
 * receives at most one injected case.
 *
 * @param ctx - the batch's builders
 * @param timelines - the batch's persons (clean background already generated)
 * @param rates - rate overrides by type code
 * @param carry - quota carried between batches (updated)
 * @returns number of cases injected by type
 */
export function injectViolations(
  ctx: InjectContext,
  timelines: PersonTimeline[],
  rates: Partial<Record<string, number>> | undefined,
  carry: Map<string, number>
): Map<string, number> {
  const done = new Map<string, number>()
  if (timelines.length === 0) return done
  for (const injector of Object.values(INJECTORS)) {
    const rate = rates?.[injector.code] ?? DEFAULT_RATES[injector.code] ?? 0
    let quota = (carry.get(injector.code) ?? 0) + rate * timelines.length
    const size = injector.persons ?? 1
    let failures = 0
    while (quota >= 1 && failures < 40) {
      const at = ctx.rng.int(0, timelines.length - size)
      const targets = timelines.slice(at, at + size)
      if (targets.some((t) => t.injected) || !injector.inject(ctx, targets)) {
        failures++
        continue
      }
      for (const t of targets) t.injected = true
      quota -= 1
      done.set(injector.code, (done.get(injector.code) ?? 0) + 1)
    }
    carry.set(injector.code, quota)
  }
  return done
}
