// SPDX-License-Identifier: Apache-2.0
// The one table of findings: the auditor's workbench, the institution portal and the review
// queue show it with different columns. A click on a row opens the finding.
import type { MouseEvent } from 'react'
import { Table, Typography } from 'antd'
import type { TableColumnsType, TablePaginationConfig } from 'antd'
import { useNavigate } from 'react-router'
import type { FindingRow } from '../api'
import { formatFen } from '../format'
import { useT } from '../i18n'
import { Deadline } from './Deadline'
import { SeverityTag, StateTag } from './Tags'

export type FindingsTableVariant = 'bureau' | 'institution' | 'review'

interface FindingsTableProps {
  variant: FindingsTableVariant
  rows: FindingRow[]
  loading: boolean
  /** Server paging; omitted for a client-paged list. */
  paging?: {
    page: number
    pageSize: number
    total: number
    onChange: (page: number, pageSize: number) => void
  }
  /** Row selection (bulk dispatch); only GENERATED rows can be selected. */
  selection?: { keys: string[]; onChange: (keys: string[]) => void }
}

/** A table of findings; clicking a row opens `/findings/:id`. */
export function FindingsTable({ variant, rows, loading, paging, selection }: FindingsTableProps) {
  const t = useT()
  const navigate = useNavigate()

  const columns: TableColumnsType<FindingRow> = [
    { title: t('finding.findingDate'), dataIndex: 'findingDate', width: 105 },
    {
      title: t('finding.rule'),
      dataIndex: 'ruleName',
      width: 230,
      render: (_: unknown, row) => (
        <div>
          <div>{row.ruleName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.ruleId}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: t('finding.severity'),
      dataIndex: 'severity',
      width: 96,
      render: (_: unknown, row) => <SeverityTag severity={row.severity} />,
    },
  ]
  if (variant !== 'institution') {
    columns.push({
      title: t('finding.institution'),
      dataIndex: 'institutionName',
      width: 180,
      ellipsis: true,
    })
  }
  if (variant !== 'review') {
    columns.push({
      title: `${t('finding.psnNo')} / ${t('finding.mdtrtId')}`,
      dataIndex: 'psnNo',
      width: 180,
      render: (_: unknown, row) => (
        <div>
          <div>{row.psnNo}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {row.mdtrtId}
          </Typography.Text>
        </div>
      ),
    })
  }
  columns.push(
    {
      title: t('finding.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 120,
      render: (_: unknown, row) => formatFen(row.amount),
    },
    {
      title: t('finding.state'),
      dataIndex: 'state',
      width: 110,
      render: (_: unknown, row) => <StateTag state={row.state} />,
    }
  )
  if (variant === 'review') {
    columns.push({
      title: t('finding.reviewDeadline'),
      dataIndex: 'reviewDeadline',
      width: 150,
      render: (_: unknown, row) => <Deadline date={row.reviewDeadline} running />,
    })
  } else {
    columns.push({
      title: t('finding.appealDeadline'),
      dataIndex: 'appealDeadline',
      width: 150,
      render: (_: unknown, row) => (
        <Deadline
          date={row.appealDeadline}
          running={variant === 'institution' && row.state === 'DISPATCHED'}
        />
      ),
    })
  }

  const pagination: TablePaginationConfig | false = paging
    ? {
        current: paging.page,
        pageSize: paging.pageSize,
        total: paging.total,
        showSizeChanger: true,
        pageSizeOptions: [10, 20, 50, 100],
        showTotal: (total) => t('table.total', { total }),
        onChange: paging.onChange,
      }
    : { pageSize: 20, showTotal: (total) => t('table.total', { total }) }

  const open = (row: FindingRow, event: MouseEvent<HTMLElement>) => {
    const target = event.target as HTMLElement
    if (target.closest('.ant-table-selection-column')) return
    navigate(`/findings/${encodeURIComponent(row.id)}`)
  }

  return (
    <Table<FindingRow>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={rows}
      loading={loading}
      pagination={pagination}
      scroll={{ x: 'max-content' }}
      onRow={(row) => ({ onClick: (event) => open(row, event), style: { cursor: 'pointer' } })}
      rowSelection={
        selection
          ? {
              selectedRowKeys: selection.keys,
              preserveSelectedRowKeys: true,
              onChange: (keys) => selection.onChange(keys.map(String)),
              getCheckboxProps: (row) => ({ disabled: row.state !== 'GENERATED' }),
            }
          : undefined
      }
    />
  )
}
