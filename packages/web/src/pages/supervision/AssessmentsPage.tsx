// SPDX-License-Identifier: Apache-2.0
// 考核与信用: the 千分制 assessments of a period (a year or a quarter), scored from the data and
// the assessors' entries, lowest score first, with band, credit level and coefficient; a drawer
// with an institution's item breakdown, its manual deductions, veto and credit adjustment.
import { useState } from 'react'
import { CalculatorOutlined, SearchOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Drawer,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import {
  adjustCredit,
  CREDIT_LEVELS,
  getAssessmentTemplate,
  listAssessments,
  recordAssessmentEntry,
  runAssessment,
  type Assessment,
  type AssessmentBand,
  type AssessmentTemplate,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { IssueList } from '../../components/IssueList'
import { StepModalButton } from '../../components/StepModalButton'
import { showSuccess } from '../../feedback'
import { formatDateTime, formatDecimal, orDash } from '../../format'
import { useAttempt, useLoader, type Loaded } from '../../hooks'
import { useT } from '../../i18n'
import { CreditTag } from './supervision-labels'

const BAND_COLORS: Record<AssessmentBand, string> = {
  EXCELLENT: 'green',
  PASS: 'blue',
  BASIC: 'orange',
  FAIL: 'red',
}

/** A band (优秀, 合格, 基本合格, 不合格) as a tag. */
function BandTag({ band }: { band: AssessmentBand }) {
  const t = useT()
  return (
    <Tag color={BAND_COLORS[band]} data-band={band}>
      {t(`assessment.band.${band}`)}
    </Tag>
  )
}

const PERIOD_RULE = /^\d{4}(-Q[1-4])?$/

interface DeductionValues {
  item: string
  points: number
  reason: string
}

interface CreditValues {
  credit: Assessment['credit']
  reason: string
}

/** Manual deduction, veto and credit adjustment of one assessment. */
function ActionsBar({
  a,
  template,
  onDone,
}: {
  a: Assessment
  template: Loaded<AssessmentTemplate>
  onDone: (a: Assessment) => void
}) {
  const t = useT()
  const manual = (template.data?.dimensions ?? []).flatMap((d) =>
    d.items
      .filter((i) => i.indicator === undefined)
      .map((i) => ({ value: i.code, label: `${d.name} · ${i.name}（${i.max}）` }))
  )
  const required = [{ required: true, message: t('form.required') }]
  const reason = (
    <Form.Item name="reason" label={t('assessment.reason')} rules={required}>
      <Input.TextArea rows={2} data-testid="assessment-reason" />
    </Form.Item>
  )
  const rescore = async (entry: { item: string; points: number; reason: string }) => {
    await recordAssessmentEntry({
      institution: a.institutionCode,
      period: a.period,
      item: entry.item,
      points: entry.points,
      reason: entry.reason.trim(),
    })
    const run = await runAssessment({ period: a.period, institution: a.institutionCode })
    return run.results[0] ?? a
  }
  return (
    <Space wrap>
      <StepModalButton<DeductionValues, Assessment>
        label={t('assessment.deduct')}
        testId="assessment-deduct"
        body={(v) => v}
        send={(body) => rescore(body as DeductionValues)}
        fields={
          <>
            <Form.Item name="item" label={t('assessment.item')} rules={required}>
              <Select options={manual} loading={template.loading} />
            </Form.Item>
            <Form.Item name="points" label={t('assessment.points')} rules={required}>
              <InputNumber min={0} precision={1} style={{ width: '100%' }} />
            </Form.Item>
            {reason}
          </>
        }
        onDone={onDone}
      />
      <StepModalButton<{ reason: string }, Assessment>
        label={t('assessment.veto')}
        testId="assessment-veto"
        danger
        body={(v) => ({ item: 'VETO', points: 0, reason: v.reason })}
        send={(body) => rescore(body as DeductionValues)}
        fields={
          <>
            <Typography.Paragraph type="secondary">{t('assessment.vetoHint')}</Typography.Paragraph>
            {reason}
          </>
        }
        onDone={onDone}
      />
      <StepModalButton<CreditValues, Assessment>
        label={t('assessment.adjustCredit')}
        testId="assessment-credit"
        body={(v) => ({ credit: v.credit, reason: v.reason.trim() })}
        send={(body) =>
          adjustCredit({
            institution: a.institutionCode,
            period: a.period,
            ...(body as CreditValues),
          })
        }
        fields={
          <>
            <Form.Item
              name="credit"
              label={t('assessment.credit')}
              initialValue={a.creditLevel}
              rules={required}
            >
              <Select options={CREDIT_LEVELS.map((c) => ({ value: c, label: c }))} />
            </Form.Item>
            {reason}
          </>
        }
        onDone={onDone}
      />
    </Space>
  )
}

/** An institution's assessment: the headline and the item breakdown. */
function AssessmentDrawer({
  a,
  manage,
  template,
  onClose,
  onDone,
}: {
  a: Assessment | undefined
  manage: boolean
  template: Loaded<AssessmentTemplate>
  onClose: () => void
  onDone: (a: Assessment) => void
}) {
  const t = useT()
  const columns: TableColumnsType<Assessment['items'][number]> = [
    { title: t('assessment.dimension'), dataIndex: 'dimension', width: 110 },
    { title: t('assessment.item'), dataIndex: 'name' },
    { title: t('assessment.max'), dataIndex: 'max', width: 70, align: 'right' },
    {
      title: t('assessment.value'),
      dataIndex: 'value',
      width: 80,
      align: 'right',
      render: (_: unknown, row) => orDash(row.value === null ? null : formatDecimal(row.value)),
    },
    {
      title: t('assessment.deducted'),
      dataIndex: 'deducted',
      width: 80,
      align: 'right',
      render: (_: unknown, row) => formatDecimal(row.deducted),
    },
    {
      title: t('assessment.score'),
      dataIndex: 'score',
      width: 80,
      align: 'right',
      render: (_: unknown, row) => formatDecimal(row.score),
    },
    { title: t('assessment.basis'), dataIndex: 'basis', width: 260 },
  ]
  return (
    <Drawer
      open={a !== undefined}
      onClose={onClose}
      width={1000}
      title={a && t('assessment.drawerTitle', { code: a.institutionCode, period: a.period })}
      data-testid="assessment-drawer"
    >
      {a && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={3}>
            <Descriptions.Item label={t('assessment.score')}>
              <span data-testid="assessment-drawer-score">{formatDecimal(a.score)}</span>
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.band')}>
              <BandTag band={a.band} />
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.credit')}>
              <CreditTag credit={a.creditLevel} />
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.coefficient')}>
              {formatDecimal(a.coefficient)}
            </Descriptions.Item>
            <Descriptions.Item label={t('assessment.version')}>{a.version}</Descriptions.Item>
            <Descriptions.Item label={t('common.createdAt')}>
              {formatDateTime(a.createdAt)}
            </Descriptions.Item>
            {a.adjustReason !== null && (
              <Descriptions.Item label={t('assessment.adjustReason')} span={3}>
                {t('assessment.adjusted', { credit: a.credit })}
                {a.adjustReason}
              </Descriptions.Item>
            )}
          </Descriptions>
          {a.veto !== null && (
            <Alert type="error" showIcon message={t('assessment.vetoed', { reason: a.veto })} />
          )}
          {manage && <ActionsBar a={a} template={template} onDone={onDone} />}
          <Table<Assessment['items'][number]>
            rowKey="code"
            size="small"
            columns={columns}
            dataSource={a.items}
            pagination={false}
            data-testid="assessment-items"
          />
        </Space>
      )}
    </Drawer>
  )
}

/** The assessments page. */
export function AssessmentsPage() {
  const t = useT()
  const user = useUser()
  const manage = can(user, 'assessments.manage')
  const [form] = Form.useForm<{ period: string }>()
  const [period, setPeriod] = useState(String(new Date().getFullYear() - 1))
  const [open, setOpen] = useState<string | undefined>(undefined)
  const list = useLoader(() => listAssessments(period), [period])
  const template = useLoader(getAssessmentTemplate, [], { skip: !manage })
  const { busy, error, attempt } = useAttempt()
  const items = list.data?.items ?? []
  const shown = items.find((a) => a.institutionCode === open)

  const run = (asked: string) =>
    attempt(async () => {
      const answer = await runAssessment({ period: asked.trim() })
      showSuccess(
        t('assessment.ran', {
          created: answer.created,
          unchanged: answer.unchanged,
        })
      )
      setPeriod(asked.trim())
      list.set({ items: answer.results })
    })
  const done = (a: Assessment) => {
    list.set({ items: items.map((x) => (x.institutionCode === a.institutionCode ? a : x)) })
    list.reload()
  }

  const columns: TableColumnsType<Assessment> = [
    {
      title: t('assessment.institution'),
      dataIndex: 'institutionCode',
      render: (_: unknown, row) => (
        <Button
          type="link"
          size="small"
          onClick={() => setOpen(row.institutionCode)}
          data-testid={`assessment-open-${row.institutionCode}`}
        >
          {row.institutionCode}
        </Button>
      ),
    },
    {
      title: t('assessment.score'),
      dataIndex: 'score',
      width: 110,
      align: 'right',
      sorter: (x, y) => x.score - y.score,
      render: (_: unknown, row) => (
        <span data-field="score" data-score={row.score}>
          {formatDecimal(row.score)}
        </span>
      ),
    },
    {
      title: t('assessment.band'),
      dataIndex: 'band',
      width: 110,
      render: (_: unknown, row) => <BandTag band={row.band} />,
    },
    {
      title: t('assessment.credit'),
      dataIndex: 'creditLevel',
      width: 110,
      render: (_: unknown, row) => (
        <span data-field="credit" data-credit={row.creditLevel}>
          <CreditTag credit={row.creditLevel} />
          {row.adjustReason !== null && (
            <Typography.Text type="secondary">{t('assessment.adjustedMark')}</Typography.Text>
          )}
        </span>
      ),
    },
    {
      title: t('assessment.coefficient'),
      dataIndex: 'coefficient',
      width: 110,
      align: 'right',
      render: (_: unknown, row) => formatDecimal(row.coefficient),
    },
    {
      title: t('assessment.vetoTitle'),
      dataIndex: 'veto',
      ellipsis: true,
      render: (_: unknown, row) => orDash(row.veto),
    },
    { title: t('assessment.version'), dataIndex: 'version', width: 70, align: 'right' },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('assessment.title')}
      </Typography.Title>
      <Card>
        <Form<{ period: string }>
          form={form}
          layout="inline"
          initialValues={{ period }}
          onFinish={(v) => setPeriod(v.period.trim())}
        >
          <Form.Item
            name="period"
            label={t('assessment.period')}
            tooltip={t('assessment.periodHint')}
            rules={[{ pattern: PERIOD_RULE, message: t('assessment.periodInvalid') }]}
          >
            <Input style={{ width: 120 }} data-testid="assessment-period" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" icon={<SearchOutlined />} data-testid="assessment-search">
              {t('common.search')}
            </Button>
          </Form.Item>
          {manage && (
            <Form.Item>
              <Button
                type="primary"
                icon={<CalculatorOutlined />}
                loading={busy}
                onClick={() =>
                  void form.validateFields().then(
                    (v) => run(v.period),
                    () => undefined
                  )
                }
                data-testid="assessment-run"
              >
                {t('assessment.run')}
              </Button>
            </Form.Item>
          )}
        </Form>
        {error !== undefined && (
          <div style={{ marginTop: 16 }}>
            <IssueList error={error} testId="assessment-run-issues" />
          </div>
        )}
      </Card>
      <Card title={t('assessment.listTitle', { period })}>
        <Table<Assessment>
          rowKey="institutionCode"
          size="middle"
          loading={list.loading}
          columns={columns}
          dataSource={items}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
          locale={{ emptyText: t('assessment.none') }}
          data-testid="assessment-table"
        />
      </Card>
      <AssessmentDrawer
        a={shown}
        manage={manage}
        template={template}
        onClose={() => setOpen(undefined)}
        onDone={done}
      />
    </Space>
  )
}
