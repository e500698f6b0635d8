// SPDX-License-Identifier: Apache-2.0
// Re-review sampling (抽查复审): draw a stratified random sample of the machine-passed claims of a
// period, and list the samples drawn so far.
import { useState } from 'react'
import { ExperimentOutlined } from '@ant-design/icons'
import { Button, Card, DatePicker, Form, Input, InputNumber, Space, Table, Tag } from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { Link, useNavigate } from 'react-router'
import { drawSample, listSamples, type SampleDetail, type SampleSummary } from '../api'
import { can } from '../access'
import { useUser } from '../auth'
import { showError, showSuccess } from '../feedback'
import { formatCount, formatDateTime, formatPercent, orDash } from '../format'
import { useLoader } from '../hooks'
import { useT } from '../i18n'

interface DrawValues {
  period: [Dayjs, Dayjs]
  ratePercent?: number | null
  seed?: string
}

function sampleId(answer: SampleSummary | SampleDetail): string {
  return 'sample' in answer ? answer.sample.id : answer.id
}

function DrawForm() {
  const t = useT()
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)

  const submit = async (values: DrawValues) => {
    setBusy(true)
    try {
      const [from, to] = values.period
      const seed = values.seed?.trim()
      const answer = await drawSample({
        from: from.format('YYYY-MM-DD'),
        to: to.format('YYYY-MM-DD'),
        ...(typeof values.ratePercent === 'number'
          ? { rate: Math.round(values.ratePercent * 100) / 10000 }
          : {}),
        ...(seed ? { seed } : {}),
      })
      showSuccess(t('sample.drawn'))
      navigate(`/samples/${encodeURIComponent(sampleId(answer))}`)
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card title={t('sample.drawTitle')}>
      <Form<DrawValues>
        layout="inline"
        onFinish={(values) => void submit(values)}
        style={{ rowGap: 12 }}
      >
        <Form.Item
          name="period"
          label={t('sample.period')}
          rules={[{ required: true, message: t('sample.periodRequired') }]}
        >
          <DatePicker.RangePicker />
        </Form.Item>
        <Form.Item name="ratePercent" label={t('sample.rate')} tooltip={t('sample.rateHint')}>
          <InputNumber
            min={0.01}
            max={100}
            step={1}
            precision={2}
            suffix="%"
            placeholder={t('sample.ratePolicy')}
            style={{ width: 160 }}
          />
        </Form.Item>
        <Form.Item name="seed" label={t('sample.seed')} tooltip={t('sample.seedHint')}>
          <Input allowClear placeholder={t('sample.seedPlaceholder')} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} icon={<ExperimentOutlined />}>
            {t('sample.draw')}
          </Button>
        </Form.Item>
      </Form>
    </Card>
  )
}

/** Drawing samples and the list of samples. */
export function SamplesPage() {
  const t = useT()
  const user = useUser()
  const { data, loading } = useLoader(listSamples, [])

  const columns: TableColumnsType<SampleSummary> = [
    {
      title: t('sample.id'),
      dataIndex: 'id',
      render: (_: unknown, row) => (
        <Link to={`/samples/${encodeURIComponent(row.id)}`}>{row.id}</Link>
      ),
    },
    {
      title: t('sample.period'),
      key: 'period',
      render: (_: unknown, row) => `${row.from} ~ ${row.to}`,
    },
    {
      title: t('sample.rate'),
      dataIndex: 'rate',
      align: 'right',
      render: (_: unknown, row) => formatPercent(row.rate),
    },
    {
      title: t('sample.population'),
      dataIndex: 'population',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.population),
    },
    {
      title: t('sample.sampled'),
      dataIndex: 'sampled',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.sampled),
    },
    { title: t('sample.seed'), dataIndex: 'seed', ellipsis: true, render: orDash },
    { title: t('common.createdBy'), dataIndex: 'createdBy', render: orDash },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: (_: unknown, row) => formatDateTime(row.createdAt),
    },
    {
      title: t('sample.applied'),
      dataIndex: 'appliedAt',
      render: (_: unknown, row) =>
        row.appliedAt ? (
          <Tag color="green">{formatDateTime(row.appliedAt)}</Tag>
        ) : (
          <Tag>{t('sample.notApplied')}</Tag>
        ),
    },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {can(user, 'samples.draw') && <DrawForm />}
      <Card title={t('sample.listTitle')}>
        <Table<SampleSummary>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        />
      </Card>
    </Space>
  )
}
