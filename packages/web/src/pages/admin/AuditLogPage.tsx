// SPDX-License-Identifier: Apache-2.0
// The audit log (操作日志, admin): who did what to which record, server-paged.
import { useState } from 'react'
import { Button, Card, Form, Input, Space, Table } from 'antd'
import type { TableColumnsType } from 'antd'
import { listAuditLog, type AuditLogEntry } from '../../api'
import { formatDateTime, orDash } from '../../format'
import { useLoader } from '../../hooks'
import { useT } from '../../i18n'

interface Filter {
  actor?: string
  action?: string
}

function detailText(detail: unknown): string {
  if (detail === null || detail === undefined || detail === '') return '—'
  return typeof detail === 'string' ? detail : JSON.stringify(detail)
}

/** The audit log page. */
export function AuditLogPage() {
  const t = useT()
  const [filter, setFilter] = useState<Filter>({})
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(20)
  const [form] = Form.useForm<Filter>()
  const { data, loading } = useLoader(
    () => listAuditLog({ page, pageSize, ...filter }),
    [page, pageSize, filter.actor, filter.action]
  )

  const columns: TableColumnsType<AuditLogEntry> = [
    {
      title: t('auditLog.at'),
      dataIndex: 'at',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.at),
    },
    { title: t('auditLog.actor'), dataIndex: 'actor', width: 140 },
    { title: t('auditLog.action'), dataIndex: 'action', width: 180 },
    {
      title: t('auditLog.target'),
      dataIndex: 'target',
      width: 220,
      ellipsis: true,
      render: orDash,
    },
    {
      title: t('auditLog.detail'),
      dataIndex: 'detail',
      ellipsis: true,
      render: (_: unknown, row) => (
        <span title={detailText(row.detail)}>{detailText(row.detail)}</span>
      ),
    },
  ]

  return (
    <Card title={t('auditLog.title')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Form<Filter>
          form={form}
          layout="inline"
          onFinish={(values) => {
            setPage(1)
            setFilter({
              actor: values.actor?.trim() || undefined,
              action: values.action?.trim() || undefined,
            })
          }}
        >
          <Form.Item name="actor" label={t('auditLog.actor')}>
            <Input allowClear />
          </Form.Item>
          <Form.Item name="action" label={t('auditLog.action')}>
            <Input allowClear />
          </Form.Item>
          <Form.Item>
            <Space>
              <Button type="primary" htmlType="submit">
                {t('common.search')}
              </Button>
              <Button
                onClick={() => {
                  form.resetFields()
                  setPage(1)
                  setFilter({})
                }}
              >
                {t('common.reset')}
              </Button>
            </Space>
          </Form.Item>
        </Form>
        <Table<AuditLogEntry>
          rowKey="id"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 1000 }}
          pagination={{
            current: page,
            pageSize,
            total: data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('table.total', { total }),
            onChange: (nextPage, nextSize) => {
              setPage(nextPage)
              setPageSize(nextSize)
            },
          }}
        />
      </Space>
    </Card>
  )
}
