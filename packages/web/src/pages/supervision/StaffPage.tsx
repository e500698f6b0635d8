// SPDX-License-Identifier: Apache-2.0
// 医保支付资格: the people with points and their status on a chosen date with the year's total, a
// staff code that opens the person's file (一医一档), and the trigger table (记分情形 with the
// points for each degree of responsibility).
import { useState } from 'react'
import { SearchOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Space, Table, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link, useNavigate } from 'react-router'
import {
  listPointTriggers,
  listStaff,
  RESPONSIBILITIES,
  type PointTrigger,
  type StaffFile,
} from '../../api'
import { formatCount, todayIso } from '../../format'
import { useLoader } from '../../hooks'
import { codeName, useT } from '../../i18n'
import { StaffStatusTag, StatusDatePicker } from './supervision-labels'

/** The path of a person's file. */
function staffFilePath(code: string): string {
  return `/staff/${encodeURIComponent(code)}`
}

/** A staff code typed in opens that person's file. */
function SearchCard() {
  const t = useT()
  const navigate = useNavigate()
  return (
    <Card title={t('staff.searchTitle')}>
      <Form<{ code: string }>
        layout="inline"
        onFinish={({ code }) => navigate(staffFilePath(code.trim()))}
      >
        <Form.Item
          name="code"
          label={t('staff.code')}
          rules={[{ required: true, whitespace: true, message: t('staff.codeRequired') }]}
        >
          <Input
            allowClear
            placeholder={t('staff.codePlaceholder')}
            style={{ width: 220 }}
            data-testid="staff-search"
          />
        </Form.Item>
        <Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            icon={<SearchOutlined />}
            data-testid="staff-open"
          >
            {t('staff.open')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  )
}

/** The people with points, with the status on `date` and the total of its year. */
function PeopleCard() {
  const t = useT()
  const [date, setDate] = useState(todayIso)
  const { data, loading } = useLoader(() => listStaff(date), [date])
  const year = date.slice(0, 4)
  const yearTotal = (row: StaffFile) => row.yearTotals[year] ?? 0
  const columns: TableColumnsType<StaffFile> = [
    {
      title: t('staff.code'),
      dataIndex: 'staffCode',
      width: 150,
      render: (_: unknown, row) => (
        <Link to={staffFilePath(row.staffCode)} data-testid={`staff-link-${row.staffCode}`}>
          {row.staffCode}
        </Link>
      ),
    },
    { title: t('staff.name'), dataIndex: 'name', width: 110 },
    {
      title: t('staff.kind'),
      dataIndex: 'kind',
      width: 90,
      render: (_: unknown, row) => codeName(t, 'staff.kind', row.kind, ''),
    },
    { title: t('staff.titleLabel'), dataIndex: 'title', width: 140 },
    {
      title: t('staff.statusOn', { date }),
      dataIndex: 'status',
      width: 130,
      filters: (['NORMAL', 'SUSPENDED', 'TERMINATED'] as const).map((value) => ({
        text: t(`staff.status.${value}`),
        value,
      })),
      onFilter: (value, row) => (row.status ?? 'NORMAL') === value,
      render: (_: unknown, row) => <StaffStatusTag status={row.status} />,
    },
    {
      title: t('staff.yearTotal', { year }),
      key: 'yearTotal',
      align: 'right',
      width: 130,
      sorter: (a, b) => yearTotal(a) - yearTotal(b),
      render: (_: unknown, row) => formatCount(yearTotal(row)),
    },
    {
      title: t('staff.eventCount'),
      key: 'events',
      align: 'right',
      width: 100,
      render: (_: unknown, row) => formatCount(row.events.length),
    },
  ]
  return (
    <Card
      title={t('staff.listTitle')}
      extra={<StatusDatePicker date={date} onChange={setDate} testId="staff-list-date" />}
    >
      <Table<StaffFile>
        rowKey="staffCode"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        locale={{ emptyText: t('staff.none') }}
        data-testid="staff-table"
      />
    </Card>
  )
}

/** The trigger table: each 记分情形 with its points by responsibility. */
function TriggersCard() {
  const t = useT()
  const { data, loading } = useLoader(listPointTriggers, [])
  const columns: TableColumnsType<PointTrigger> = [
    { title: t('staff.triggerCode'), dataIndex: 'code', width: 150 },
    { title: t('staff.trigger'), dataIndex: 'name' },
    ...RESPONSIBILITIES.map((r) => ({
      title: t(`staff.resp.${r}`),
      key: r,
      align: 'right' as const,
      width: 100,
      render: (_: unknown, row: PointTrigger) => formatCount(row.points[r]),
    })),
  ]
  return (
    <Card title={t('staff.triggersTitle')}>
      <Typography.Paragraph type="secondary">{t('staff.triggersIntro')}</Typography.Paragraph>
      <Table<PointTrigger>
        rowKey="code"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
      />
    </Card>
  )
}

/** The staff payment qualification page. */
export function StaffPage() {
  const t = useT()
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('staff.title')}
      </Typography.Title>
      <SearchCard />
      <PeopleCard />
      <TriggersCard />
    </Space>
  )
}
