// SPDX-License-Identifier: Apache-2.0
// The auditor's workbench: filter the findings (疑点), dispatch (下发) the selected ones or all
// that match the filter to the institutions, export to Excel.
import { useMemo, useState } from 'react'
import { DownloadOutlined, SendOutlined, UnorderedListOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Drawer, Modal, Space, Spin, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { useSearchParams } from 'react-router'
import {
  dispatchFindings,
  findingsExportUrl,
  listDispatches,
  listFindings,
  type Dispatch,
  type FindingFilter,
} from '../api'
import { can } from '../access'
import { useUser } from '../auth'
import { FindingFilters, filterFromSearch } from '../components/FindingFilters'
import { FindingsTable } from '../components/FindingsTable'
import { showError, showSuccess } from '../feedback'
import { formatCount, formatDateTime, formatFen, orDash } from '../format'
import { useLoader } from '../hooks'
import { useT } from '../i18n'

type DispatchMode = 'selected' | 'filter'

/** The filter of a dispatch by condition: the list filter without state and batch. */
function dispatchFilter(filter: FindingFilter): Omit<FindingFilter, 'state' | 'dispatchId'> {
  const rest = { ...filter }
  delete rest.state
  delete rest.dispatchId
  return rest
}

function toSearch(filter: FindingFilter, page: number, pageSize: number): Record<string, string> {
  const search: Record<string, string> = {}
  for (const [key, value] of Object.entries(filter)) {
    if (value !== undefined && value !== '') search[key] = String(value)
  }
  if (page !== 1) search.page = String(page)
  if (pageSize !== 20) search.pageSize = String(pageSize)
  return search
}

function DispatchesDrawer({
  open,
  onClose,
  onPick,
}: {
  open: boolean
  onClose: () => void
  onPick: (id: string) => void
}) {
  const t = useT()
  const { data, loading } = useLoader(listDispatches, [open], { skip: !open })
  const columns: TableColumnsType<Dispatch> = [
    { title: t('dispatch.id'), dataIndex: 'id', ellipsis: true },
    { title: t('finding.institutionCode'), dataIndex: 'institutionCode' },
    {
      title: t('common.count'),
      dataIndex: 'count',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.count),
    },
    {
      title: t('common.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (_: unknown, row) => formatFen(row.amount),
    },
    { title: t('finding.appealDeadline'), dataIndex: 'appealDeadline', render: orDash },
    {
      title: t('common.createdAt'),
      key: 'createdAt',
      render: (_: unknown, row) =>
        typeof row.createdAt === 'string' ? formatDateTime(row.createdAt) : '—',
    },
    {
      title: '',
      key: 'open',
      render: (_: unknown, row) => (
        <Button type="link" size="small" onClick={() => onPick(row.id)}>
          {t('dispatch.viewFindings')}
        </Button>
      ),
    },
  ]
  return (
    <Drawer title={t('dispatch.history')} width={900} open={open} onClose={onClose}>
      <Table<Dispatch>
        rowKey="id"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20 }}
      />
    </Drawer>
  )
}

/** The findings list with bulk and by-condition dispatch. */
export function FindingsPage() {
  const t = useT()
  const user = useUser()
  const [search, setSearch] = useSearchParams()
  const searchText = search.toString()
  const filter = useMemo(() => filterFromSearch(new URLSearchParams(searchText)), [searchText])
  const page = Math.max(1, Number(search.get('page')) || 1)
  const pageSize = Math.min(100, Math.max(1, Number(search.get('pageSize')) || 20))
  const [selected, setSelected] = useState<string[]>([])
  const [mode, setMode] = useState<DispatchMode | null>(null)
  const [filterCount, setFilterCount] = useState<number | null>(null)
  const [busy, setBusy] = useState(false)
  const [historyOpen, setHistoryOpen] = useState(false)
  const mayDispatch = can(user, 'findings.dispatch')

  const { data, loading, reload } = useLoader(
    () => listFindings(filter, page, pageSize),
    [filter, page, pageSize]
  )

  const applyFilter = (next: FindingFilter) => {
    setSelected([])
    setSearch(toSearch(next, 1, pageSize))
  }

  const openDispatch = async (next: DispatchMode) => {
    setMode(next)
    if (next === 'filter') {
      setFilterCount(null)
      try {
        const generated = await listFindings(
          { ...dispatchFilter(filter), state: 'GENERATED' },
          1,
          1
        )
        setFilterCount(generated.total)
      } catch (error) {
        showError(error)
        setMode(null)
      }
    }
  }

  const confirmDispatch = async () => {
    if (!mode) return
    setBusy(true)
    try {
      const result = await dispatchFindings(
        mode === 'selected' ? { findingIds: selected } : { filter: dispatchFilter(filter) }
      )
      const count = result.dispatches.reduce((sum, d) => sum + d.count, 0)
      showSuccess(t('dispatch.done', { count, batches: result.dispatches.length }))
      setSelected([])
      setMode(null)
      reload()
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  const count = mode === 'selected' ? selected.length : filterCount
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <FindingFilters value={filter} onChange={applyFilter} />
        {filter.dispatchId && (
          <div style={{ marginTop: 12 }}>
            <Tag
              closable
              color="blue"
              onClose={() => applyFilter({ ...filter, dispatchId: undefined })}
            >
              {t('dispatch.batchFilter', { id: filter.dispatchId })}
            </Tag>
          </div>
        )}
      </Card>
      <Card
        title={t('findings.title')}
        extra={
          <Space wrap>
            {mayDispatch && (
              <>
                <Typography.Text type="secondary">
                  {t('findings.selected', { count: selected.length })}
                </Typography.Text>
                <Button
                  type="primary"
                  icon={<SendOutlined />}
                  disabled={selected.length === 0}
                  data-testid="dispatch-selected"
                  onClick={() => void openDispatch('selected')}
                >
                  {t('dispatch.selected')}
                </Button>
                <Button
                  icon={<SendOutlined />}
                  data-testid="dispatch-filter"
                  onClick={() => void openDispatch('filter')}
                >
                  {t('dispatch.byFilter')}
                </Button>
              </>
            )}
            <Button icon={<UnorderedListOutlined />} onClick={() => setHistoryOpen(true)}>
              {t('dispatch.history')}
            </Button>
            <Button
              icon={<DownloadOutlined />}
              href={findingsExportUrl(filter)}
              data-testid="export-xlsx"
            >
              {t('findings.export')}
            </Button>
          </Space>
        }
      >
        <FindingsTable
          variant="bureau"
          rows={data?.items ?? []}
          loading={loading}
          paging={{
            page,
            pageSize,
            total: data?.total ?? 0,
            onChange: (nextPage, nextSize) => setSearch(toSearch(filter, nextPage, nextSize)),
          }}
          selection={mayDispatch ? { keys: selected, onChange: setSelected } : undefined}
        />
      </Card>
      <Modal
        open={mode !== null}
        title={mode === 'filter' ? t('dispatch.byFilterTitle') : t('dispatch.selectedTitle')}
        onCancel={() => setMode(null)}
        footer={[
          <Button key="cancel" onClick={() => setMode(null)}>
            {t('common.cancel')}
          </Button>,
          <Button
            key="ok"
            type="primary"
            loading={busy}
            disabled={count === null || count === 0}
            data-testid="dispatch-confirm"
            onClick={() => void confirmDispatch()}
          >
            {t('dispatch.confirm')}
          </Button>,
        ]}
      >
        {count === null ? (
          <Spin />
        ) : (
          <Space direction="vertical">
            <Typography.Paragraph data-testid="dispatch-count" style={{ margin: 0 }}>
              {t('dispatch.confirmText', { count: formatCount(count) })}
            </Typography.Paragraph>
            {mode === 'filter' && <Alert type="info" showIcon message={t('dispatch.filterNote')} />}
            <Typography.Text type="secondary">{t('dispatch.deadlineNote')}</Typography.Text>
          </Space>
        )}
      </Modal>
      <DispatchesDrawer
        open={historyOpen}
        onClose={() => setHistoryOpen(false)}
        onPick={(id) => {
          setHistoryOpen(false)
          applyFilter({ dispatchId: id })
        }}
      />
    </Space>
  )
}
