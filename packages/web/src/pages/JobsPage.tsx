// SPDX-License-Identifier: Apache-2.0
// Background jobs (batch audits and the like) with their progress; the list refreshes every two
// seconds while any job runs. Auditors start a batch audit (批量审核) here.
import { useEffect, useState } from 'react'
import { PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons'
import { Button, Card, DatePicker, Form, Progress, Space, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { listJobs, startAuditRun, type Job, type JobStatus } from '../api'
import { can } from '../access'
import { useUser } from '../auth'
import { showError, showSuccess } from '../feedback'
import { formatDateTime, orDash } from '../format'
import { useLoader } from '../hooks'
import { useT, type MessageKey } from '../i18n'

const POLL_MS = 2000

const STATUS_COLORS: Record<JobStatus, string> = {
  RUNNING: 'processing',
  DONE: 'success',
  FAILED: 'error',
}

const KNOWN_KINDS = ['audit-run', 'audit', 'import', 'sample', 'deduction', 'screening'] as const

function StartAuditForm({ onStarted }: { onStarted: () => void }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const start = async (values: { period?: [Dayjs, Dayjs] | null }) => {
    setBusy(true)
    try {
      const [from, to] = values.period ?? []
      await startAuditRun({
        ...(from ? { from: from.format('YYYY-MM-DD') } : {}),
        ...(to ? { to: to.format('YYYY-MM-DD') } : {}),
      })
      showSuccess(t('jobs.started'))
      onStarted()
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Form layout="inline" onFinish={(values) => void start(values)}>
      <Form.Item name="period" label={t('jobs.period')} tooltip={t('jobs.periodHint')}>
        <DatePicker.RangePicker allowClear />
      </Form.Item>
      <Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<PlayCircleOutlined />}
          loading={busy}
          data-testid="start-audit-run"
        >
          {t('jobs.startAudit')}
        </Button>
      </Form.Item>
    </Form>
  )
}

/** The jobs list. */
export function JobsPage() {
  const t = useT()
  const user = useUser()
  const { data, loading, reload } = useLoader(listJobs, [])
  const running = (data?.items ?? []).some((job) => job.status === 'RUNNING')

  useEffect(() => {
    if (!running) return undefined
    const timer = window.setInterval(reload, POLL_MS)
    return () => window.clearInterval(timer)
  }, [running, reload])

  const kindLabel = (kind: string) =>
    (KNOWN_KINDS as readonly string[]).includes(kind) ? t(`jobs.kind.${kind}` as MessageKey) : kind

  const columns: TableColumnsType<Job> = [
    { title: t('jobs.id'), dataIndex: 'id', width: 200, ellipsis: true },
    { title: t('jobs.kind'), dataIndex: 'kind', width: 140, render: kindLabel },
    {
      title: t('jobs.status'),
      dataIndex: 'status',
      width: 110,
      render: (_: unknown, row) => (
        <Tag color={STATUS_COLORS[row.status] ?? 'default'}>{t(`jobs.status.${row.status}`)}</Tag>
      ),
    },
    {
      title: t('jobs.progress'),
      dataIndex: 'progress',
      width: 240,
      render: (_: unknown, row) => (
        <Progress
          percent={Math.round(Math.min(1, Math.max(0, row.progress)) * 1000) / 10}
          status={
            row.status === 'FAILED' ? 'exception' : row.status === 'DONE' ? 'success' : 'active'
          }
          size="small"
        />
      ),
    },
    {
      title: t('jobs.message'),
      dataIndex: 'message',
      render: (_: unknown, row) => (
        <Typography.Text type={row.status === 'FAILED' ? 'danger' : undefined}>
          {orDash(row.message)}
        </Typography.Text>
      ),
    },
    {
      title: t('jobs.startedAt'),
      dataIndex: 'startedAt',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.startedAt),
    },
    {
      title: t('jobs.finishedAt'),
      dataIndex: 'finishedAt',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.finishedAt),
    },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {can(user, 'audit.run') && (
        <Card title={t('jobs.startTitle')}>
          <StartAuditForm onStarted={reload} />
        </Card>
      )}
      <Card
        title={t('jobs.title')}
        extra={
          <Space>
            {running && <Typography.Text type="secondary">{t('jobs.polling')}</Typography.Text>}
            <Button icon={<ReloadOutlined />} onClick={reload}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      >
        <Table<Job>
          rowKey="id"
          size="middle"
          loading={loading && !data}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 1100 }}
          pagination={{ pageSize: 20 }}
        />
      </Card>
    </Space>
  )
}
