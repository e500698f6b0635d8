// SPDX-License-Identifier: Apache-2.0
// The parts of the clue pages: the path of a clue and its state (or outcome once closed) as a
// tag.
import { Tag } from 'antd'
import type { ClueOutcome, ClueState } from '../../api'
import { useT } from '../../i18n'

const CLUE_COLORS: Record<ClueState | ClueOutcome, string> = {
  NEW: 'processing',
  ASSIGNED: 'gold',
  INVESTIGATING: 'orange',
  CLOSED: 'default',
  CONFIRMED: 'red',
  UNFOUNDED: 'green',
}

/** The path of a clue's page. */
export function cluePath(id: string): string {
  return `/clues/${encodeURIComponent(id)}`
}

/** A clue's state as a coloured tag; a closed clue shows its outcome. */
export function ClueStateTag({
  state,
  outcome,
  testId,
}: {
  state: ClueState
  outcome: ClueOutcome | null
  testId?: string
}) {
  const t = useT()
  const shown = outcome ?? state
  return (
    <Tag color={CLUE_COLORS[shown]} data-state={state} data-testid={testId}>
      {t(`clue.state.${shown}`)}
    </Tag>
  )
}
