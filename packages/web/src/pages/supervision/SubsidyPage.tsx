// SPDX-License-Identifier: Apache-2.0
// 资助参保 (免申即享): a year's reconciliation — roster rows by source and status, the subsidies by
// identity with their totals, the rows waiting for review (confirm or reject) and the persons not
// found among the insured — and the import of a department's roster from a CSV file.
import { useState, type ReactNode } from 'react'
import { SearchOutlined, UploadOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  Col,
  Form,
  InputNumber,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import {
  getSubsidyReport,
  importSubsidyRoster,
  resolveRosterRow,
  ROSTER_SOURCES,
  type RosterListedRow,
  type RosterSource,
  type SubsidyReport,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { CsvFilePicker, type ChosenFile } from '../../components/CsvFilePicker'
import { RunForm } from '../../components/RunForm'
import { StepModalButton } from '../../components/StepModalButton'
import { showSuccess } from '../../feedback'
import { formatBp, formatCount, formatFen, orDash, yuanToFen } from '../../format'
import { useAttempt, useLoader } from '../../hooks'
import { useT, type MessageKey } from '../../i18n'

interface Setting {
  year: number
  /** 个人缴费标准, yuan. */
  contribution: number
}

/** The import of a roster for the year, with the contribution the subsidies are computed from. */
function ImportCard({ setting, onImported }: { setting: Setting; onImported: () => void }) {
  const t = useT()
  const [form] = Form.useForm<{ source: RosterSource }>()
  const [file, setFile] = useState<ChosenFile | null>(null)
  const { busy, error, attempt } = useAttempt()
  const run = (v: { source: RosterSource }) =>
    attempt(async () => {
      if (file === null) return
      const answer = await importSubsidyRoster({
        source: v.source,
        year: setting.year,
        file: file.name,
        text: file.text,
        contribution: yuanToFen(setting.contribution) ?? 0,
      })
      showSuccess(
        answer.status === 'imported'
          ? t('subsidy.imported', {
              matched: answer.counts.MATCHED ?? 0,
              review: answer.counts.REVIEW ?? 0,
              persons: answer.subsidies.persons,
            })
          : t('subsidy.unchanged')
      )
      onImported()
    })
  return (
    <Card title={t('subsidy.importTitle', { year: setting.year })}>
      <Typography.Paragraph type="secondary">{t('subsidy.importHint')}</Typography.Paragraph>
      <RunForm<{ source: RosterSource }>
        form={form}
        onRun={(v) => void run(v)}
        label={t('subsidy.import')}
        icon={<UploadOutlined />}
        busy={busy}
        disabled={file === null}
        error={error}
        testId="subsidy-import-run"
        initialValues={{ source: ROSTER_SOURCES[0] }}
      >
        <Form.Item name="source" label={t('subsidy.source')}>
          <Select
            style={{ width: 140 }}
            options={ROSTER_SOURCES.map((s) => ({ value: s, label: s }))}
          />
        </Form.Item>
        <Form.Item label={t('clue.file')}>
          <CsvFilePicker
            file={file}
            label={t('clue.chooseFile')}
            testId="subsidy-import-file"
            onChange={setFile}
          />
        </Form.Item>
      </RunForm>
    </Card>
  )
}

/** The rows waiting for review, each confirmed or rejected; or the rows not found. */
function ListedTable({
  rows,
  decide,
  testId,
}: {
  rows: RosterListedRow[]
  decide?: (row: RosterListedRow) => ReactNode
  testId: string
}) {
  const t = useT()
  const columns: TableColumnsType<RosterListedRow> = [
    { title: t('subsidy.batch'), dataIndex: 'batchId', width: 200 },
    { title: t('subsidy.line'), dataIndex: 'line', width: 70, align: 'right' },
    { title: t('subsidy.idNumber'), dataIndex: 'idNumber', width: 200 },
    { title: t('subsidy.name'), dataIndex: 'name', width: 110 },
    {
      title: t('subsidy.reason'),
      dataIndex: 'reason',
      render: (_: unknown, row) => orDash(row.reason),
    },
    ...(decide === undefined
      ? []
      : [
          {
            title: '',
            key: 'decide',
            width: 200,
            render: (_: unknown, row: RosterListedRow) => decide(row),
          },
        ]),
  ]
  return (
    <Table<RosterListedRow>
      rowKey={(r) => `${r.batchId}:${r.line}`}
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
      data-testid={testId}
    />
  )
}

/** A small unpaged table in a card, in a column of a row. */
function SummaryTable<T extends object>({
  span,
  title,
  rowKey,
  columns,
  rows,
  testId,
}: {
  span: number
  title: string
  rowKey: (row: T) => string
  columns: TableColumnsType<T>
  rows: T[]
  testId: string
}) {
  return (
    <Col xs={24} xl={span}>
      <Card title={title}>
        <Table<T>
          rowKey={rowKey}
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
          data-testid={testId}
        />
      </Card>
    </Col>
  )
}

/** The year's reconciliation. */
function ReportView({
  report,
  setting,
  manage,
  onChanged,
}: {
  report: SubsidyReport
  setting: Setting
  manage: boolean
  onChanged: () => void
}) {
  const t = useT()
  const contribution = yuanToFen(setting.contribution) ?? 0
  const decide = (row: RosterListedRow) => (
    <Space>
      {(['MATCH', 'REJECT'] as const).map((decision) => (
        <StepModalButton<object, { ok: true }>
          key={decision}
          label={t(`subsidy.decision.${decision}`)}
          testId={`subsidy-${decision}-${row.batchId}-${row.line}`}
          primary={decision === 'MATCH'}
          danger={decision === 'REJECT'}
          send={() => resolveRosterRow(row.batchId, row.line, { decision, contribution })}
          onDone={onChanged}
        />
      ))}
    </Space>
  )
  const subsidyColumns: TableColumnsType<SubsidyReport['subsidies'][number]> = [
    {
      title: t('subsidy.identity'),
      dataIndex: 'identity',
      render: (_: unknown, row) => t(`identity.${row.identity}` as MessageKey),
    },
    {
      title: t('subsidy.rate'),
      dataIndex: 'rateBp',
      align: 'right',
      render: (_: unknown, row) => formatBp(row.rateBp),
    },
    {
      title: t('subsidy.persons'),
      dataIndex: 'persons',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.persons),
    },
    {
      title: t('subsidy.amount'),
      dataIndex: 'amount',
      align: 'right',
      render: (_: unknown, row) => (
        <span data-fen={row.amount}>{formatFen(Number(row.amount))}</span>
      ),
    },
  ]
  const rowColumns: TableColumnsType<SubsidyReport['rows'][number]> = [
    { title: t('subsidy.source'), dataIndex: 'source' },
    {
      title: t('subsidy.status'),
      dataIndex: 'status',
      render: (_: unknown, row) => t(`subsidy.status.${row.status}` as MessageKey),
    },
    { title: t('common.count'), dataIndex: 'count', align: 'right' },
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card>
        <Row gutter={16}>
          <Col span={8}>
            <Statistic title={t('subsidy.totalPersons')} value={report.totals.persons} />
          </Col>
          <Col span={8}>
            <span data-testid="subsidy-total" data-fen={report.totals.amount}>
              <Statistic
                title={t('subsidy.totalAmount')}
                value={formatFen(Number(report.totals.amount))}
              />
            </span>
          </Col>
          <Col span={8}>
            <Statistic title={t('subsidy.reviewCount')} value={report.review.length} />
          </Col>
        </Row>
      </Card>
      <Row gutter={16}>
        <SummaryTable
          span={10}
          title={t('subsidy.rowsTitle')}
          rowKey={(r) => `${r.source}:${r.status}`}
          columns={rowColumns}
          rows={report.rows}
          testId="subsidy-rows"
        />
        <SummaryTable
          span={14}
          title={t('subsidy.subsidiesTitle')}
          rowKey={(r) => r.identity}
          columns={subsidyColumns}
          rows={report.subsidies}
          testId="subsidy-identities"
        />
      </Row>
      <Card title={t('subsidy.reviewTitle')}>
        <ListedTable
          rows={report.review}
          decide={manage ? decide : undefined}
          testId="subsidy-review"
        />
      </Card>
      <Card title={t('subsidy.unmatchedTitle')}>
        <ListedTable rows={report.unmatched} testId="subsidy-unmatched" />
      </Card>
    </Space>
  )
}

/** The subsidy page. */
export function SubsidyPage() {
  const t = useT()
  const user = useUser()
  const manage = can(user, 'subsidy.manage')
  const [form] = Form.useForm<Setting>()
  const [setting, setSetting] = useState<Setting>({
    year: new Date().getFullYear(),
    contribution: 400,
  })
  const report = useLoader(() => getSubsidyReport(setting.year), [setting.year])
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('subsidy.title')}
      </Typography.Title>
      <Card>
        <Form<Setting> form={form} layout="inline" initialValues={setting} onFinish={setSetting}>
          <Form.Item name="year" label={t('subsidy.year')} rules={[{ required: true }]}>
            <InputNumber min={2000} max={2100} precision={0} data-testid="subsidy-year" />
          </Form.Item>
          <Form.Item
            name="contribution"
            label={t('subsidy.contribution')}
            tooltip={t('subsidy.contributionHint')}
            rules={[{ required: true }]}
          >
            <InputNumber min={0} precision={2} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<SearchOutlined />} data-testid="subsidy-search">
              {t('common.search')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {manage && <ImportCard setting={setting} onImported={report.reload} />}
      {report.data && (
        <ReportView
          report={report.data}
          setting={setting}
          manage={manage}
          onChanged={report.reload}
        />
      )}
    </Space>
  )
}
