// SPDX-License-Identifier: Apache-2.0
// Settlement check (结算核查): every stored settlement of a year recomputed under the policy in
// force, as a background job; then the verdicts: how many are the same, made without a tilt the
// person was due (漏享倾斜), paid lines a payment restriction excludes, or differ otherwise,
// and the settlements that are not the same, with the reason and the amounts that differ.
import { useEffect, useState } from 'react'
import { PlayCircleOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Col,
  Progress,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import {
  CHECK_STATUSES,
  getJob,
  listPolicies,
  listSettlementChecks,
  startSettlementCheck,
  type CheckStatus,
  type Job,
  type SettlementCheckRow,
} from '../../api'
import { IssueList } from '../../components/IssueList'
import { formatCount, formatDateTime, formatFen } from '../../format'
import { useLoader, usePaging } from '../../hooks'
import { useT } from '../../i18n'

const POLL_MS = 1000

const STATUS_COLORS: Record<CheckStatus, string> = {
  SAME: 'green',
  MISSED_TILT: 'red',
  RESTRICTED_PAID: 'volcano',
  DIFFERS: 'gold',
}

type Shown = 'ALL' | Exclude<CheckStatus, 'SAME'>

/** The settlement checks page. */
export function SettlementChecksPage() {
  const t = useT()
  const [year, setYear] = useState<number | null>(null)
  const [shown, setShown] = useState<Shown>('ALL')
  const { page, pageSize, setPage, pagination } = usePaging()
  const [job, setJob] = useState<Job | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const { data, loading, reload } = useLoader(
    () =>
      listSettlementChecks({
        ...(year === null ? {} : { year }),
        ...(shown === 'ALL' ? {} : { status: shown }),
        page,
        pageSize,
      }),
    [year, shown, page, pageSize]
  )

  // The years that can be checked: those with an active policy (and any checked before).
  const policies = useLoader(listPolicies, [])
  const years = [
    ...new Set([
      ...(policies.data?.items ?? []).filter((p) => p.status === 'ACTIVE').map((p) => p.year),
      ...(data?.year ? [data.year] : []),
    ]),
  ].sort((a, b) => b - a)
  // The year shown first is the latest one checked, else the latest with an active policy.
  const firstYear = data?.year ?? (policies.data ? (years[0] ?? null) : null)
  useEffect(() => {
    if (year === null && firstYear !== null) setYear(firstYear)
  }, [year, firstYear])

  const running = job?.status === 'RUNNING'
  const jobId = job?.id
  useEffect(() => {
    if (!running || jobId === undefined) return undefined
    const timer = window.setInterval(() => {
      getJob(jobId).then(
        (next) => {
          setJob(next)
          if (next.status !== 'RUNNING') reload()
        },
        () => undefined
      )
    }, POLL_MS)
    return () => window.clearInterval(timer)
  }, [running, jobId, reload])

  const start = async () => {
    if (year === null) return
    setBusy(true)
    try {
      setJob((await startSettlementCheck(year)).job)
      setError(undefined)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<SettlementCheckRow> = [
    { title: t('checks.setlId'), dataIndex: 'setlId', width: 200, ellipsis: true },
    { title: t('checks.psnNo'), dataIndex: 'psnNo', width: 160, ellipsis: true },
    { title: t('checks.institution'), dataIndex: 'institutionCode', width: 130 },
    {
      title: t('checks.status'),
      dataIndex: 'status',
      width: 170,
      render: (_: unknown, row) => (
        <Tag color={STATUS_COLORS[row.status]}>{t(`checks.status.${row.status}`)}</Tag>
      ),
    },
    {
      title: t('checks.recordedFund'),
      dataIndex: 'recordedFund',
      align: 'right',
      width: 140,
      render: (_: unknown, row) => formatFen(row.recordedFund),
    },
    {
      title: t('checks.engineFund'),
      dataIndex: 'engineFund',
      align: 'right',
      width: 140,
      render: (_: unknown, row) => formatFen(row.engineFund),
    },
    {
      title: t('checks.difference'),
      key: 'difference',
      align: 'right',
      width: 130,
      render: (_: unknown, row) => formatFen(row.engineFund - row.recordedFund),
    },
    { title: t('checks.reason'), dataIndex: 'reason', width: 520 },
  ]

  const counts = data?.counts
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('checks.title')}>
        <Typography.Paragraph type="secondary">{t('checks.intro')}</Typography.Paragraph>
        <Space wrap>
          <span>{t('checks.year')}</span>
          <Select<number>
            value={year ?? undefined}
            style={{ width: 120 }}
            loading={policies.loading}
            placeholder={t('checks.yearNone')}
            onChange={(value) => {
              setYear(value)
              setPage(1)
            }}
            options={years.map((y) => ({ value: y, label: String(y) }))}
            data-testid="checks-year"
          />
          <Button
            type="primary"
            icon={<PlayCircleOutlined />}
            loading={busy}
            disabled={running || year === null}
            onClick={() => void start()}
            data-testid="checks-start"
          >
            {t('checks.start')}
          </Button>
          {data?.checkedAt && (
            <Typography.Text type="secondary">
              {t('checks.checkedAt', { at: formatDateTime(data.checkedAt) })}
            </Typography.Text>
          )}
        </Space>
        {error !== undefined && (
          <div style={{ marginTop: 16 }}>
            <IssueList error={error} testId="checks-issues" />
          </div>
        )}
        {job && job.status === 'RUNNING' && (
          <Progress
            style={{ marginTop: 16 }}
            percent={Math.round(Math.min(1, Math.max(0, job.progress)) * 1000) / 10}
            status="active"
          />
        )}
        {job && job.status !== 'RUNNING' && (
          <Alert
            style={{ marginTop: 16 }}
            type={job.status === 'DONE' ? 'success' : 'error'}
            showIcon
            message={job.message}
            data-testid="checks-job"
          />
        )}
      </Card>
      <Row gutter={[16, 16]}>
        {CHECK_STATUSES.map((status) => (
          <Col xs={12} xl={6} key={status}>
            <Card>
              <Statistic
                title={t(`checks.status.${status}`)}
                value={formatCount(counts?.[status] ?? 0)}
                valueStyle={{ color: status === 'SAME' ? undefined : '#cf1322' }}
              />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        title={t('checks.rows', { year: data?.year ?? '—' })}
        extra={
          <Segmented<Shown>
            value={shown}
            onChange={(value) => {
              setShown(value)
              setPage(1)
            }}
            options={[
              { value: 'ALL', label: t('checks.allDiffering') },
              ...CHECK_STATUSES.filter((s) => s !== 'SAME').map((s) => ({
                value: s as Shown,
                label: t(`checks.status.${s}`),
              })),
            ]}
          />
        }
      >
        <Table<SettlementCheckRow>
          rowKey="setlId"
          size="small"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 1700 }}
          expandable={{
            rowExpandable: (row) => row.differences.length > 0,
            expandedRowRender: (row) => (
              <Space wrap>
                {row.differences.map((d) => (
                  <Tag key={d.field}>
                    {d.field}：{formatFen(d.recorded)} → {formatFen(d.engine)}
                  </Tag>
                ))}
              </Space>
            ),
          }}
          pagination={pagination(data?.total ?? 0, (total) => t('table.total', { total }))}
          data-testid="checks-table"
        />
      </Card>
    </Space>
  )
}
