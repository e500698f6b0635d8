// SPDX-License-Identifier: Apache-2.0
// The event log of a record (a report, a clue), oldest first: the action by name, the state it
// moved from and to, when and by whom, and the short facts the event recorded.
import { Timeline, Typography } from 'antd'
import type { RecordEvent } from '../api'
import { formatDateTime } from '../format'
import { codeName, useT } from '../i18n'

/** The events as a timeline; actions named `<prefix>.<action>` where the dictionary has them. */
export function EventsTimeline({
  events,
  prefix,
  details = ['date', 'reason'],
  testId,
}: {
  events: readonly RecordEvent[]
  prefix: string
  /** The detail fields shown after the actor when they are text. */
  details?: readonly string[]
  testId: string
}) {
  const t = useT()
  return (
    <Timeline
      data-testid={testId}
      items={events.map((e, i) => ({
        key: i,
        color: e.to !== null && e.to !== e.from ? 'blue' : 'gray',
        children: (
          <div data-action={e.action}>
            <Typography.Text strong>{codeName(t, prefix, e.action, '')}</Typography.Text>
            {e.to !== null && e.to !== e.from && (
              <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                {e.from ?? '—'} → {e.to}
              </Typography.Text>
            )}
            <div>
              <Typography.Text type="secondary">
                {formatDateTime(e.at)} · {e.actor}
                {details.map((name) => {
                  const value = e.detail[name]
                  return typeof value === 'string' ? ` · ${value}` : ''
                })}
              </Typography.Text>
            </div>
          </div>
        ),
      }))}
    />
  )
}
