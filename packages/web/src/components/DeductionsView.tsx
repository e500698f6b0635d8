// SPDX-License-Identifier: Apache-2.0
// Deductions (扣款) with a month filter; the bureau also filters by institution, an institution
// user sees only its own.
import { useState } from 'react'
import { Button, DatePicker, Form, Input, Space, Statistic, Table, Tag } from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { Link } from 'react-router'
import { listDeductions, type Deduction } from '../api'
import { formatDateTime, formatFen } from '../format'
import { useLoader } from '../hooks'
import { useT } from '../i18n'

interface DeductionsViewProps {
  /** Fixed institution (portal); the bureau view shows an institution filter instead. */
  institutionCode?: string
}

interface Filter {
  institutionCode?: string
  month?: string
}

/** The deductions table with its filter bar and totals. */
export function DeductionsView({ institutionCode }: DeductionsViewProps) {
  const t = useT()
  const [filter, setFilter] = useState<Filter>({})
  const [form] = Form.useForm<{ institutionCode?: string; month?: Dayjs | null }>()
  const query = { institutionCode: institutionCode ?? filter.institutionCode, month: filter.month }
  const { data, loading } = useLoader(
    () => listDeductions(query),
    [query.institutionCode, query.month]
  )

  const columns: TableColumnsType<Deduction> = [
    { title: t('deduction.month'), dataIndex: 'month', width: 100 },
    ...(institutionCode
      ? []
      : [
          {
            title: t('finding.institution'),
            dataIndex: 'institutionName',
            render: (_: unknown, row: Deduction) =>
              `${row.institutionName}（${row.institutionCode}）`,
          },
        ]),
    {
      title: t('deduction.source'),
      dataIndex: 'findingId',
      render: (_: unknown, row) =>
        row.findingId ? (
          <Link to={`/findings/${encodeURIComponent(row.findingId)}`}>
            {t('deduction.fromFinding', { id: row.findingId })}
          </Link>
        ) : row.sampleId ? (
          institutionCode ? (
            t('deduction.fromSample', { id: row.sampleId })
          ) : (
            <Link to={`/samples/${encodeURIComponent(row.sampleId)}`}>
              {t('deduction.fromSample', { id: row.sampleId })}
            </Link>
          )
        ) : (
          '—'
        ),
    },
    {
      title: t('deduction.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (_: unknown, row) => formatFen(row.amount),
    },
    {
      title: t('deduction.reversalOf'),
      dataIndex: 'reversalOf',
      render: (_: unknown, row) =>
        row.reversalOf ? (
          <Tag color="orange">{t('deduction.reversal', { id: row.reversalOf })}</Tag>
        ) : (
          '—'
        ),
    },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.createdAt),
    },
  ]

  const apply = (values: { institutionCode?: string; month?: Dayjs | null }) => {
    setFilter({
      institutionCode: values.institutionCode?.trim() || undefined,
      month: values.month ? values.month.format('YYYY-MM') : undefined,
    })
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Form form={form} layout="inline" onFinish={apply}>
        {!institutionCode && (
          <Form.Item name="institutionCode" label={t('finding.institutionCode')}>
            <Input allowClear placeholder={t('filter.institutionPlaceholder')} />
          </Form.Item>
        )}
        <Form.Item name="month" label={t('deduction.month')}>
          <DatePicker picker="month" allowClear />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields()
                setFilter({})
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Space size="large">
        <Statistic title={t('deduction.count')} value={data?.total ?? 0} />
        <Statistic title={t('deduction.totalAmount')} value={formatFen(data?.totalAmount ?? 0)} />
      </Space>
      <Table<Deduction>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={data?.items ?? []}
        loading={loading}
        pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
      />
    </Space>
  )
}
