// SPDX-License-Identifier: Apache-2.0
// Monthly payment (月度拨付): the months with statements and their totals, the fund manager's
// payment run of a month (a background job: new, unchanged and superseded statements, totals,
// the reconciliation with settlements, deductions and the deposit ledger, the regions skipped),
// and the statements of a month with an xlsx export; a statement opens with its cases. An
// institution user sees only its own statements (the server limits every answer).
import { useEffect, useState } from 'react'
import { DownloadOutlined, PlayCircleOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import {
  listPaymentMonths,
  listStatements,
  startPaymentRun,
  statementsExportUrl,
  type Job,
  type PaymentMonth,
  type PaymentRunDetail,
  type ReconciliationCheck,
  type StatementSummary,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { JobProgress } from '../../components/JobProgress'
import { RunForm } from '../../components/RunForm'
import { formatCount, formatDateTime, formatDecimal, formatFen } from '../../format'
import { useAttempt, useJob, useLoader } from '../../hooks'
import { useT } from '../../i18n'
import { CheckMark, payeeColumns } from './payment-labels'

/** A reconciliation figure: a count when the check counts (笔数, 单数), else fen. */
function checkValue(check: ReconciliationCheck, value: number): string {
  return /笔数|单数|数）/.test(check.name) ? formatCount(value) : formatFen(value)
}

/** What a finished run did: counts, totals, the reconciliation and the regions skipped. */
function RunResult({ job }: { job: Job }) {
  const t = useT()
  const detail = job.detail as unknown as PaymentRunDetail
  const columns: TableColumnsType<ReconciliationCheck> = [
    {
      title: t('payment.check'),
      dataIndex: 'ok',
      width: 70,
      align: 'center',
      render: (_: unknown, row) => (
        <span data-ok={String(row.ok)}>
          <CheckMark ok={row.ok} />
        </span>
      ),
    },
    { title: t('payment.checkName'), dataIndex: 'name' },
    {
      title: t('payment.expected'),
      dataIndex: 'expected',
      align: 'right',
      width: 170,
      render: (_: unknown, row) => checkValue(row, row.expected),
    },
    {
      title: t('payment.actual'),
      dataIndex: 'actual',
      align: 'right',
      width: 170,
      render: (_: unknown, row) => checkValue(row, row.actual),
    },
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="run-result">
      <Alert
        type={detail.reconciled ? 'success' : 'error'}
        showIcon
        message={job.message}
        description={t('payment.runFinishedAt', {
          month: detail.month,
          at: formatDateTime(job.finishedAt),
        })}
      />
      <Descriptions size="small" bordered column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label={t('payment.created')}>
          <span data-testid="run-created">{formatCount(detail.created)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.unchanged')}>
          <span data-testid="run-unchanged">{formatCount(detail.unchanged)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.superseded')}>
          {formatCount(detail.superseded)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.points')}>
          {formatDecimal(detail.totals.points)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.cases')}>
          {formatCount(detail.totals.cases)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.payable')}>
          {formatFen(detail.totals.payable)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.deductions')}>
          {formatFen(detail.totals.deductions)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.deposit')}>
          {formatFen(detail.totals.deposit)}
        </Descriptions.Item>
        <Descriptions.Item label={t('payment.net')}>
          <span data-testid="run-net">{formatFen(detail.totals.net)}</span>
        </Descriptions.Item>
      </Descriptions>
      <Table<ReconciliationCheck>
        rowKey="name"
        size="small"
        pagination={false}
        title={() => t('payment.reconciliation')}
        columns={columns}
        dataSource={detail.reconciliation}
        data-testid="run-reconciliation"
      />
      {detail.skipped.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('payment.skipped')}
          data-testid="run-skipped"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {detail.skipped.map((s) => (
                <li key={s.admdvs}>
                  {t('payment.skippedRegion', {
                    admdvs: s.admdvs,
                    institutions: s.institutions.join('、'),
                    reason: s.reason,
                  })}
                </li>
              ))}
            </ul>
          }
        />
      )}
    </Space>
  )
}

/** The month of a run: the latest month with statements, else last month. */
function defaultRunMonth(months: readonly PaymentMonth[] | undefined): Dayjs {
  const latest = months?.[0]?.month
  return latest ? dayjs(`${latest}-01`) : dayjs().subtract(1, 'month').startOf('month')
}

interface RunValues {
  month: Dayjs | null
  admdvs?: string
}

/** 生成拨付单: a month (and optionally one region) run as a background job. */
function RunCard({
  months,
  onDone,
}: {
  months: readonly PaymentMonth[] | undefined
  onDone: (month: string) => void
}) {
  const t = useT()
  const [form] = Form.useForm<RunValues>()
  const { busy, error, attempt } = useAttempt()
  const [job, setJob] = useJob((done) => {
    const month = (done.detail as Partial<PaymentRunDetail> | undefined)?.month
    if (done.status === 'DONE' && month) onDone(month)
  })
  useEffect(() => {
    if (months !== undefined && !form.isFieldTouched('month')) {
      form.setFieldValue('month', defaultRunMonth(months))
    }
  }, [months, form])

  const run = (values: RunValues) =>
    attempt(async () => {
      if (!values.month) return
      const admdvs = values.admdvs?.trim()
      const started = await startPaymentRun({
        month: values.month.format('YYYY-MM'),
        ...(admdvs ? { admdvs } : {}),
      })
      setJob(started.job)
    })

  const running = job?.status === 'RUNNING'
  return (
    <Card title={t('payment.runTitle')}>
      <Typography.Paragraph type="secondary">{t('payment.runIntro')}</Typography.Paragraph>
      <RunForm<RunValues>
        form={form}
        onRun={(values) => void run(values)}
        label={t('payment.run')}
        icon={<PlayCircleOutlined />}
        busy={busy}
        disabled={running}
        error={error}
        testId="run-start"
      >
        <Form.Item
          name="month"
          label={t('payment.month')}
          rules={[{ required: true, message: t('payment.monthRequired') }]}
        >
          <DatePicker picker="month" format="YYYY-MM" allowClear={false} data-testid="run-month" />
        </Form.Item>
        <Form.Item name="admdvs" label={t('payment.admdvs')} tooltip={t('payment.admdvsHint')}>
          <Input allowClear placeholder={t('payment.admdvsAll')} style={{ width: 160 }} />
        </Form.Item>
      </RunForm>
      {job && (
        <div style={{ marginTop: 16 }}>
          {job.status === 'RUNNING' ? (
            <JobProgress job={job} testId="run-progress" />
          ) : job.status === 'FAILED' ? (
            <Alert
              type="error"
              showIcon
              message={t('payment.runFailed')}
              description={job.message}
              data-testid="run-failed"
            />
          ) : (
            job.detail && <RunResult job={job} />
          )}
        </div>
      )}
    </Card>
  )
}

/** The months with statements; a click shows that month's statements. */
function MonthsCard({
  months,
  loading,
  selected,
  onSelect,
}: {
  months: readonly PaymentMonth[]
  loading: boolean
  selected: string | undefined
  onSelect: (month: string) => void
}) {
  const t = useT()
  const columns: TableColumnsType<PaymentMonth> = [
    { title: t('payment.month'), dataIndex: 'month', width: 100 },
    {
      title: t('payment.statements'),
      dataIndex: 'statements',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.statements),
    },
    {
      title: t('payment.points'),
      dataIndex: 'points',
      align: 'right',
      render: (_: unknown, row) => formatDecimal(row.points),
    },
    ...(['payable', 'deductions', 'deposit', 'net'] as const).map((key) => ({
      title: t(`payment.${key}`),
      dataIndex: key,
      align: 'right' as const,
      render: (_: unknown, row: PaymentMonth) => formatFen(row[key]),
    })),
  ]
  return (
    <Card title={t('payment.monthsTitle')}>
      <Table<PaymentMonth>
        rowKey="month"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={[...months]}
        pagination={{ pageSize: 12, hideOnSinglePage: true }}
        rowClassName={(row) => (row.month === selected ? 'ant-table-row-selected' : '')}
        onRow={(row) => ({ onClick: () => onSelect(row.month), style: { cursor: 'pointer' } })}
        locale={{ emptyText: t('payment.noMonths') }}
        data-testid="payment-months"
      />
    </Card>
  )
}

interface StatementQuery {
  institution?: string
  all: boolean
}

/** The statements of a month, filtered by institution, optionally with superseded versions. */
function StatementsCard({
  month,
  onMonth,
  reloadKey,
}: {
  month: string | undefined
  onMonth: (month: string | undefined) => void
  reloadKey: number
}) {
  const t = useT()
  const user = useUser()
  const bureau = user.role !== 'institution'
  const [query, setQuery] = useState<StatementQuery>({ all: false })
  const filter = { month, institution: query.institution, all: query.all }
  const { data, loading } = useLoader(
    () => listStatements(filter),
    [month, query.institution, query.all, reloadKey],
    { skip: month === undefined }
  )
  const items = month === undefined ? [] : (data?.items ?? [])

  const columns: TableColumnsType<StatementSummary> = [
    ...payeeColumns<StatementSummary>(t, (row) => ({
      to: `/payment/statements/${encodeURIComponent(row.id)}`,
      testId: `statement-link-${row.id}`,
    })),
    ...(['payable', 'deductions', 'deposit', 'net'] as const).map((key) => ({
      title: t(`payment.${key}`),
      dataIndex: key,
      align: 'right' as const,
      width: 125,
      render: (_: unknown, row: StatementSummary) => (
        <span data-field={key} data-value={row[key]}>
          {formatFen(row[key])}
        </span>
      ),
    })),
    { title: t('payment.dueDate'), dataIndex: 'dueDate', width: 105 },
    {
      title: t('payment.version'),
      dataIndex: 'version',
      width: 110,
      render: (_: unknown, row) => (
        <Space size={4}>
          {`v${row.version}`}
          {!row.current && <Tag>{t('payment.supersededTag')}</Tag>}
        </Space>
      ),
    },
    { title: t('payment.admdvs'), dataIndex: 'admdvs', width: 100 },
  ]

  const apply = (values: { month?: Dayjs | null; institution?: string }) => {
    onMonth(values.month ? values.month.format('YYYY-MM') : undefined)
    setQuery((q) => ({ ...q, institution: values.institution?.trim() || undefined }))
  }

  return (
    <Card
      title={t('payment.statementsTitle', { month: month ?? '—' })}
      extra={
        <Button
          icon={<DownloadOutlined />}
          href={statementsExportUrl(filter)}
          disabled={month === undefined}
          data-testid="statements-export"
        >
          {t('payment.export')}
        </Button>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Form
          layout="inline"
          onFinish={apply}
          // The month follows the months table too.
          key={month ?? ''}
          initialValues={{
            month: month ? dayjs(`${month}-01`) : null,
            institution: query.institution,
          }}
        >
          <Form.Item name="month" label={t('payment.month')}>
            <DatePicker
              picker="month"
              format="YYYY-MM"
              allowClear={false}
              data-testid="statements-month"
            />
          </Form.Item>
          {bureau && (
            <Form.Item name="institution" label={t('payment.institutionCode')}>
              <Input allowClear placeholder={t('filter.institutionPlaceholder')} />
            </Form.Item>
          )}
          <Form.Item>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
          </Form.Item>
          <Form.Item label={t('payment.withOld')}>
            <Switch
              checked={query.all}
              onChange={(all) => setQuery((q) => ({ ...q, all }))}
              data-testid="statements-all"
            />
          </Form.Item>
        </Form>
        <Table<StatementSummary>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={items}
          scroll={{ x: 1320 }}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
          locale={month === undefined ? { emptyText: t('payment.pickMonth') } : undefined}
          data-testid="statements-table"
        />
      </Space>
    </Card>
  )
}

/** The monthly payment page. */
export function PaymentPage() {
  const t = useT()
  const user = useUser()
  const months = useLoader(listPaymentMonths, [])
  const [month, setMonth] = useState<string | undefined>(undefined)
  const [reloadKey, setReloadKey] = useState(0)
  const latest = months.data?.items[0]?.month
  useEffect(() => {
    if (month === undefined && latest !== undefined) setMonth(latest)
  }, [month, latest])

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('payment.title')}
      </Typography.Title>
      {can(user, 'payment.run') && (
        <RunCard
          months={months.data?.items}
          onDone={(done) => {
            setMonth(done)
            months.reload()
            setReloadKey((n) => n + 1)
          }}
        />
      )}
      <MonthsCard
        months={months.data?.items ?? []}
        loading={months.loading}
        selected={month}
        onSelect={setMonth}
      />
      <StatementsCard month={month} onMonth={setMonth} reloadKey={reloadKey} />
    </Space>
  )
}
