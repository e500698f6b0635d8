// SPDX-License-Identifier: Apache-2.0
import { conflict, OutcomeError } from '@yibao/domain'

// The guard of the supervision workflows' state machines (reports, clues, agreements): an action
// may start only from the states its transition names.

/** The states an action may start from and the state it leads to. */
export interface StateTransition<S extends string> {
  readonly from: readonly S[]
  readonly to: S
}

/**
 * The state a transition leads to, or an `OutcomeError` (409) at `path` when `state` is not one
 * it may start from.
 *
 * @param rule - the transition
 * @param state - the current state
 * @param refusal - the refusal's message (built only when refusing)
 * @param path - the refusal's path
 */
export function checkTransition<S extends string>(
  rule: StateTransition<S>,
  state: S,
  refusal: () => string,
  path: string
): S {
  if (!rule.from.includes(state)) throw new OutcomeError(conflict(refusal(), path))
  return rule.to
}
