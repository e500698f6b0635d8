// SPDX-License-Identifier: Apache-2.0
// 举报受理: the reports with filters (state, channel, kind, handler, subject), the intake of a
// report taken by phone, letter or visit (an anonymous one answers its claim code once, shown
// here until dismissed), and the statistics by channel, state, kind and month with the rewards.
import { useState, type ReactNode } from 'react'
import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { Link, useNavigate } from 'react-router'
import {
  createReport,
  getReportStats,
  listReports,
  REPORT_CHANNELS,
  REPORT_KINDS,
  REPORT_STATES,
  REPORT_SUBJECT_TYPES,
  REWARD_STATES,
  type NewReport,
  type ReportFilter,
  type ReportStats,
  type ReportView,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { codeOptions, FilterSelect } from '../../components/FilterSelect'
import { FormModal } from '../../components/FormModal'
import { IssueList } from '../../components/IssueList'
import { showSuccess } from '../../feedback'
import { formatCount, formatFen, ISO_DATE, optionalText } from '../../format'
import { useAttempt, useLoader, usePaging } from '../../hooks'
import { useT } from '../../i18n'
import { ReportStateTag } from './report-parts'

/** The path of a report's detail page. */
export function reportPath(id: string): string {
  return `/reports/${encodeURIComponent(id)}`
}

type IntakeValues = Omit<NewReport, 'receivedDate'> & { receivedDate?: Dayjs | null }

/** 登记举报: a report handler registers a report; answers the claim code of an anonymous one. */
function IntakeButton({ onTaken }: { onTaken: (report: ReportView, code: string | null) => void }) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<IntakeValues>()
  const { busy, error, attempt } = useAttempt()
  const kind = Form.useWatch('kind', form)
  const submit = (v: IntakeValues) =>
    attempt(async () => {
      const { report, claimCode } = await createReport({
        channel: v.channel,
        kind: v.kind,
        subjectType: v.subjectType,
        subjectId: v.subjectId.trim(),
        subjectName: optionalText(v.subjectName),
        matter: optionalText(v.matter),
        clues: v.clues,
        insider: v.insider ?? false,
        receivedDate: v.receivedDate?.format(ISO_DATE),
        reporters:
          v.kind === 'ANONYMOUS'
            ? undefined
            : (v.reporters ?? []).map((r) => ({
                name: r.name.trim(),
                phone: optionalText(r.phone),
                idNumber: optionalText(r.idNumber),
              })),
      })
      showSuccess(t('report.taken', { id: report.id }))
      setOpen(false)
      onTaken(report, claimCode)
    })
  const required = (message: string) => [{ required: true, whitespace: true, message }]
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => setOpen(true)}
        data-testid="report-new"
      >
        {t('report.new')}
      </Button>
      <FormModal<IntakeValues>
        open={open}
        title={t('report.new')}
        okText={t('report.register')}
        busy={busy}
        form={form}
        onSubmit={(values) => void submit(values)}
        onClose={() => setOpen(false)}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="channel" label={t('report.channel')} initialValue="PHONE">
              <Select
                options={codeOptions(t, 'report.channel', REPORT_CHANNELS)}
                data-testid="report-channel"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="kind" label={t('report.kind')} initialValue="REAL_NAME">
              <Select
                options={codeOptions(t, 'report.kind', REPORT_KINDS)}
                data-testid="report-kind"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="subjectType"
              label={t('report.subjectType')}
              initialValue="INSTITUTION"
            >
              <Select options={codeOptions(t, 'report.subjectType', REPORT_SUBJECT_TYPES)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="subjectId"
              label={t('report.subjectId')}
              rules={required(t('report.subjectIdRequired'))}
            >
              <Input data-testid="report-subject-id" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="subjectName" label={t('report.subjectName')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="matter" label={t('report.matter')} tooltip={t('report.matterHint')}>
              <Input data-testid="report-matter" />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item
              name="clues"
              label={t('report.clues')}
              rules={required(t('report.cluesRequired'))}
            >
              <Input.TextArea rows={3} maxLength={20000} data-testid="report-clues" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="receivedDate" label={t('report.receivedDate')}>
              <DatePicker format={ISO_DATE} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="insider" valuePropName="checked" label=" ">
              <Checkbox>{t('report.insider')}</Checkbox>
            </Form.Item>
          </Col>
        </Row>
        {kind !== 'ANONYMOUS' && (
          <Form.List name="reporters" initialValue={[{ name: '' }]}>
            {(items, { add, remove }) => (
              <>
                {items.map((item, i) => (
                  <Row gutter={8} key={item.key}>
                    <Col span={7}>
                      <Form.Item
                        name={[item.name, 'name']}
                        label={i === 0 ? t('report.reporterName') : undefined}
                        rules={required(t('report.reporterNameRequired'))}
                      >
                        <Input data-testid={`reporter-name-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={7}>
                      <Form.Item
                        name={[item.name, 'phone']}
                        label={i === 0 ? t('report.reporterPhone') : undefined}
                      >
                        <Input data-testid={`reporter-phone-${i}`} />
                      </Form.Item>
                    </Col>
                    <Col span={8}>
                      <Form.Item
                        name={[item.name, 'idNumber']}
                        label={i === 0 ? t('report.reporterIdNumber') : undefined}
                      >
                        <Input />
                      </Form.Item>
                    </Col>
                    <Col span={2}>
                      {i > 0 && (
                        <Button type="link" onClick={() => remove(item.name)}>
                          ×
                        </Button>
                      )}
                    </Col>
                  </Row>
                ))}
                {kind === 'JOINT' && (
                  <Button onClick={() => add({ name: '' })} style={{ marginBottom: 16 }}>
                    {t('report.addReporter')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        )}
        {open && error !== undefined && <IssueList error={error} testId="report-new-issues" />}
      </FormModal>
    </>
  )
}

type FilterValues = Omit<ReportFilter, 'page' | 'pageSize'>

/** The reports, newest first, with filters. */
function ReportsCard({ extra, tick }: { extra: ReactNode; tick: number }) {
  const t = useT()
  const [filter, setFilter] = useState<FilterValues>({})
  const { page, pageSize, setPage, pagination } = usePaging()
  const { data, loading } = useLoader(
    () => listReports({ ...filter, page, pageSize }),
    [filter, page, pageSize, tick]
  )
  const columns: TableColumnsType<ReportView> = [
    {
      title: t('report.id'),
      dataIndex: 'id',
      width: 200,
      render: (_: unknown, row) => (
        <Link to={reportPath(row.id)} data-testid={`report-link-${row.id}`}>
          {row.id}
        </Link>
      ),
    },
    { title: t('report.receivedDate'), dataIndex: 'receivedDate', width: 110 },
    {
      title: t('report.channel'),
      dataIndex: 'channel',
      width: 110,
      render: (_: unknown, row) => t(`report.channel.${row.channel}`),
    },
    {
      title: t('report.kind'),
      dataIndex: 'kind',
      width: 80,
      render: (_: unknown, row) => t(`report.kind.${row.kind}`),
    },
    {
      title: t('report.subject'),
      key: 'subject',
      render: (_: unknown, row) => (
        <span>
          {row.subjectId}
          {row.subjectName && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
              {row.subjectName}
            </Typography.Text>
          )}
        </span>
      ),
    },
    { title: t('report.matter'), dataIndex: 'matter', ellipsis: true, render: (v) => v ?? '—' },
    {
      title: t('report.stateLabel'),
      dataIndex: 'state',
      width: 120,
      render: (_: unknown, row) => <ReportStateTag state={row.state} />,
    },
    {
      title: t('report.handler'),
      key: 'handler',
      width: 140,
      render: (_: unknown, row) => row.handler?.displayName ?? '—',
    },
    { title: t('report.acceptDeadline'), dataIndex: 'acceptDeadline', width: 120 },
  ]
  return (
    <Card title={t('report.listTitle')} extra={extra}>
      <Form<FilterValues>
        layout="inline"
        onFinish={(values) => {
          setPage(1)
          setFilter({
            ...values,
            handler: optionalText(values.handler),
            subjectId: optionalText(values.subjectId),
          })
        }}
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <FilterSelect
          name="state"
          label={t('report.stateLabel')}
          width={140}
          options={codeOptions(t, 'report.state', REPORT_STATES)}
          testId="report-filter-state"
        />
        <FilterSelect
          name="channel"
          label={t('report.channel')}
          width={130}
          options={codeOptions(t, 'report.channel', REPORT_CHANNELS)}
        />
        <FilterSelect
          name="kind"
          label={t('report.kind')}
          width={100}
          options={codeOptions(t, 'report.kind', REPORT_KINDS)}
        />
        <Form.Item name="handler" label={t('report.handler')}>
          <Input allowClear style={{ width: 140 }} placeholder={t('report.handlerPlaceholder')} />
        </Form.Item>
        <Form.Item name="subjectId" label={t('report.subjectId')}>
          <Input allowClear style={{ width: 160 }} data-testid="report-filter-subject" />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />} data-testid="report-filter-submit">
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
      <Table<ReportView>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 1200 }}
        pagination={pagination(data?.total ?? 0, (total) => t('table.total', { total }))}
        locale={{ emptyText: t('report.none') }}
        data-testid="report-table"
      />
    </Card>
  )
}

/** Counts by code as tags `name n`. */
function CountTags<C extends string>({
  counts,
  label,
}: {
  counts: Record<C, number>
  label: (code: C) => string
}) {
  return (
    <Space size={[4, 4]} wrap>
      {(Object.entries(counts) as [C, number][]).map(([code, n]) => (
        <Tag key={code} data-code={code}>
          {label(code)} {formatCount(n)}
        </Tag>
      ))}
    </Space>
  )
}

/** 举报统计 for reports received in a date range. */
function StatsCard() {
  const t = useT()
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null)
  const from = range?.[0]?.format(ISO_DATE)
  const to = range?.[1]?.format(ISO_DATE)
  const { data, loading } = useLoader(() => getReportStats({ from, to }), [from, to])
  const columns: TableColumnsType<ReportStats['byMonth'][number]> = [
    { title: t('report.month'), dataIndex: 'month' },
    { title: t('report.received'), dataIndex: 'received', align: 'right' },
    { title: t('report.accepted'), dataIndex: 'accepted', align: 'right' },
    { title: t('report.verified'), dataIndex: 'verified', align: 'right' },
    {
      title: t('report.caseValue'),
      dataIndex: 'caseValue',
      align: 'right',
      render: (v: number) => formatFen(v),
    },
  ]
  return (
    <Card
      title={t('report.statsTitle')}
      loading={loading && data === undefined}
      extra={
        <DatePicker.RangePicker
          format={ISO_DATE}
          value={range}
          onChange={(value) => setRange(value)}
          allowEmpty={[true, true]}
        />
      }
      data-testid="report-stats"
    >
      {data && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label={t('report.total')}>
              <span data-testid="report-stats-total">{formatCount(data.total)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('report.byState')}>
              <CountTags counts={data.byState} label={(c) => t(`report.state.${c}`)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('report.byChannel')}>
              <CountTags counts={data.byChannel} label={(c) => t(`report.channel.${c}`)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('report.byKind')}>
              <CountTags counts={data.byKind} label={(c) => t(`report.kind.${c}`)} />
            </Descriptions.Item>
            <Descriptions.Item label={t('report.rewards')}>
              <CountTags
                counts={Object.fromEntries(REWARD_STATES.map((s) => [s, data.rewards[s]]))}
                label={(c) => t(`report.reward.${c as (typeof REWARD_STATES)[number]}`)}
              />
              <Typography.Text strong style={{ marginInlineStart: 8 }}>
                {t('report.paidAmount')} {formatFen(data.rewards.paidAmount)}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="month"
            size="small"
            pagination={false}
            columns={columns}
            dataSource={data.byMonth}
          />
        </Space>
      )}
    </Card>
  )
}

/** The reports page. */
export function ReportsPage() {
  const t = useT()
  const user = useUser()
  const navigate = useNavigate()
  const [tick, setTick] = useState(0)
  const [claim, setClaim] = useState<{ id: string; code: string } | null>(null)
  const taken = (report: ReportView, code: string | null) => {
    if (code === null) {
      navigate(reportPath(report.id))
      return
    }
    setClaim({ id: report.id, code })
    setTick((n) => n + 1)
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('report.title')}
      </Typography.Title>
      {claim && (
        <Alert
          type="warning"
          showIcon
          closable
          onClose={() => setClaim(null)}
          message={t('report.claimTitle', { id: claim.id })}
          description={
            <Space direction="vertical">
              <Typography.Text
                copyable
                strong
                style={{ fontSize: 24, letterSpacing: 2 }}
                data-testid="report-claim-code"
              >
                {claim.code}
              </Typography.Text>
              <Typography.Text type="secondary">{t('report.claimHint')}</Typography.Text>
            </Space>
          }
        />
      )}
      <ReportsCard
        tick={tick}
        extra={can(user, 'reports.handle') && <IntakeButton onTaken={taken} />}
      />
      {can(user, 'reports.stats') && <StatsCard />}
    </Space>
  )
}
