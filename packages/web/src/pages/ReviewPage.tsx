// SPDX-License-Identifier: Apache-2.0
// The reviewer's queue (复审): findings appealed, under review or waiting for a second reviewer's
// approval, the nearest review deadline first.
import { useState } from 'react'
import { Alert, Card, Segmented, Space } from 'antd'
import { listFindings, type FindingRow, type FindingState } from '../api'
import { FindingsTable } from '../components/FindingsTable'
import { useLoader } from '../hooks'
import { useT } from '../i18n'

const QUEUE_STATES: FindingState[] = ['APPEALED', 'REVIEWING', 'PENDING_APPROVAL']
const QUEUE_PAGE = 100

interface Queue {
  rows: FindingRow[]
  counts: Record<string, number>
  truncated: boolean
}

/** Loads the queue: one request per state, merged and sorted by review deadline. */
async function loadQueue(): Promise<Queue> {
  const pages = await Promise.all(
    QUEUE_STATES.map((state) => listFindings({ state }, 1, QUEUE_PAGE))
  )
  const counts: Record<string, number> = {}
  let truncated = false
  QUEUE_STATES.forEach((state, index) => {
    const page = pages[index]
    counts[state] = page?.total ?? 0
    if (page && page.total > page.items.length) truncated = true
  })
  const rows = pages.flatMap((page) => page.items)
  rows.sort((a, b) => {
    const da = a.reviewDeadline ?? '9999-12-31'
    const db = b.reviewDeadline ?? '9999-12-31'
    return da < db ? -1 : da > db ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0
  })
  return { rows, counts, truncated }
}

/** The review queue. */
export function ReviewPage() {
  const t = useT()
  const [only, setOnly] = useState<FindingState | 'ALL'>('ALL')
  const { data, loading } = useLoader(loadQueue, [])
  const rows = (data?.rows ?? []).filter((row) => only === 'ALL' || row.state === only)
  const total = QUEUE_STATES.reduce((sum, s) => sum + (data?.counts[s] ?? 0), 0)

  return (
    <Card title={t('review.title')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Segmented<FindingState | 'ALL'>
          value={only}
          onChange={setOnly}
          options={[
            { value: 'ALL', label: `${t('filter.any')} (${total})` },
            ...QUEUE_STATES.map((state) => ({
              value: state,
              label: `${t(`state.${state}`)} (${data?.counts[state] ?? 0})`,
            })),
          ]}
        />
        {data?.truncated && (
          <Alert type="info" showIcon message={t('review.truncated', { max: QUEUE_PAGE })} />
        )}
        <FindingsTable variant="review" rows={rows} loading={loading} />
      </Space>
    </Card>
  )
}
