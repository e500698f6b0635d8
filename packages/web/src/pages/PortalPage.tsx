// SPDX-License-Identifier: Apache-2.0
// The portal of a designated medical institution (定点医药机构): its own findings with the
// feedback deadlines, and its own deductions.
import { useMemo } from 'react'
import { Alert, Card, Tabs } from 'antd'
import { useSearchParams } from 'react-router'
import { listFindings, type FindingFilter } from '../api'
import { useUser } from '../auth'
import { DeductionsView } from '../components/DeductionsView'
import { FindingFilters, filterFromSearch } from '../components/FindingFilters'
import { FindingsTable } from '../components/FindingsTable'
import { formatCount } from '../format'
import { useLoader } from '../hooks'
import { useT } from '../i18n'

/** The institution's findings and deductions. */
export function PortalPage() {
  const t = useT()
  const user = useUser()
  const [search, setSearch] = useSearchParams()
  const searchText = search.toString()
  const filter = useMemo<FindingFilter>(() => {
    const all = filterFromSearch(new URLSearchParams(searchText))
    return all.state ? { state: all.state } : {}
  }, [searchText])
  const page = Math.max(1, Number(search.get('page')) || 1)
  const pageSize = Math.min(100, Math.max(1, Number(search.get('pageSize')) || 20))
  const tab = search.get('tab') === 'deductions' ? 'deductions' : 'findings'

  const { data, loading } = useLoader(
    () => listFindings(filter, page, pageSize),
    [filter, page, pageSize]
  )
  const pending = useLoader(() => listFindings({ state: 'DISPATCHED' }, 1, 1), [])

  const go = (next: Record<string, string | undefined>) => {
    const params: Record<string, string> = {}
    const merged = {
      tab,
      state: filter.state,
      page: String(page),
      pageSize: String(pageSize),
      ...next,
    }
    for (const [key, value] of Object.entries(merged)) {
      if (value !== undefined && value !== '') params[key] = value
    }
    if (params.tab === 'findings') delete params.tab
    if (params.page === '1') delete params.page
    if (params.pageSize === '20') delete params.pageSize
    setSearch(params)
  }

  const pendingCount = pending.data?.total ?? 0
  return (
    <Card title={t('portal.title', { code: user.institutionCode ?? '' })}>
      {pendingCount > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          message={t('portal.pending', { count: formatCount(pendingCount) })}
          action={
            <a onClick={() => go({ tab: 'findings', state: 'DISPATCHED', page: '1' })}>
              {t('portal.showPending')}
            </a>
          }
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => go({ tab: key, page: '1' })}
        items={[
          {
            key: 'findings',
            label: t('portal.findings'),
            children: (
              <>
                <div style={{ marginBottom: 16 }}>
                  <FindingFilters
                    fields="state"
                    value={filter}
                    onChange={(next) => go({ state: next.state, page: '1' })}
                  />
                </div>
                <FindingsTable
                  variant="institution"
                  rows={data?.items ?? []}
                  loading={loading}
                  paging={{
                    page,
                    pageSize,
                    total: data?.total ?? 0,
                    onChange: (nextPage, nextSize) =>
                      go({ page: String(nextPage), pageSize: String(nextSize) }),
                  }}
                />
              </>
            ),
          },
          {
            key: 'deductions',
            label: t('portal.deductions'),
            children: <DeductionsView institutionCode={user.institutionCode ?? undefined} />,
          },
        ]}
      />
    </Card>
  )
}
