// SPDX-License-Identifier: Apache-2.0
// The reviewer's queue (复审): findings appealed, under review or waiting for a second reviewer's
// approval, the nearest review deadline first, paged by the server. The state filter and the page
// are kept in the address, so coming back from a finding returns to the same page.
import { useEffect } from 'react'
import { ReloadOutlined } from '@ant-design/icons'
import { Button, Card, Segmented, Space } from 'antd'
import { useSearchParams } from 'react-router'
import { listFindings, type FindingState } from '../api'
import { FindingsTable } from '../components/FindingsTable'
import { useLoader } from '../hooks'
import { useT } from '../i18n'

const QUEUE_STATES: readonly FindingState[] = ['APPEALED', 'REVIEWING', 'PENDING_APPROVAL']
const DEFAULT_PAGE_SIZE = 20

type QueueFilter = FindingState | 'ALL'

function queueFilter(value: string | null): QueueFilter {
  return QUEUE_STATES.find((state) => state === value) ?? 'ALL'
}

/** How many findings are in each state of the queue: one one-row page per state. */
async function loadCounts(): Promise<Record<string, number>> {
  const pages = await Promise.all(QUEUE_STATES.map((state) => listFindings({ state }, 1, 1)))
  return Object.fromEntries(QUEUE_STATES.map((state, i) => [state, pages[i]?.total ?? 0]))
}

/** The review queue. */
export function ReviewPage() {
  const t = useT()
  const [search, setSearch] = useSearchParams()
  const only = queueFilter(search.get('state'))
  const page = Math.max(1, Number(search.get('page')) || 1)
  const pageSize = Math.min(100, Math.max(1, Number(search.get('pageSize')) || DEFAULT_PAGE_SIZE))

  const counts = useLoader(loadCounts, [])
  const { data, loading, reload } = useLoader(
    () =>
      listFindings(
        { state: only === 'ALL' ? QUEUE_STATES : only },
        page,
        pageSize,
        'reviewDeadline'
      ),
    [only, page, pageSize]
  )
  const total = QUEUE_STATES.reduce((sum, s) => sum + (counts.data?.[s] ?? 0), 0)

  const go = (next: QueueFilter, nextPage: number, nextSize: number, replace = false) => {
    const params: Record<string, string> = {}
    if (next !== 'ALL') params.state = next
    if (nextPage !== 1) params.page = String(nextPage)
    if (nextSize !== DEFAULT_PAGE_SIZE) params.pageSize = String(nextSize)
    setSearch(params, { replace })
  }

  // A page left empty once its findings were decided: show the last page that has some.
  const lastPage = data ? Math.max(1, Math.ceil(data.total / pageSize)) : page
  useEffect(() => {
    if (!loading && data && data.items.length === 0 && page > lastPage) {
      go(only, lastPage, pageSize, true)
    }
  }, [loading, data, page, lastPage])

  return (
    <Card
      title={t('review.title')}
      extra={
        <Button
          icon={<ReloadOutlined />}
          onClick={() => {
            counts.reload()
            reload()
          }}
        >
          {t('common.refresh')}
        </Button>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Segmented<QueueFilter>
          value={only}
          onChange={(next) => go(next, 1, pageSize)}
          options={[
            { value: 'ALL', label: `${t('filter.any')} (${total})` },
            ...QUEUE_STATES.map((state) => ({
              value: state,
              label: `${t(`state.${state}`)} (${counts.data?.[state] ?? 0})`,
            })),
          ]}
        />
        <FindingsTable
          variant="review"
          rows={data?.items ?? []}
          loading={loading}
          paging={{
            page,
            pageSize,
            total: data?.total ?? 0,
            onChange: (nextPage, nextSize) => go(only, nextPage, nextSize),
          }}
        />
      </Space>
    </Card>
  )
}
