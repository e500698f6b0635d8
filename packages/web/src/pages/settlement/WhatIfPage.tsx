// SPDX-License-Identifier: Apache-2.0
// Policy what-if (政策测算): a year of stored settlements replayed under a changed policy (a
// stored version, or a YAML / JSON text pasted or uploaded) and under the one in force, as a
// background job whose progress is polled. The result: fund cost per layer (现行 / 测算 / 差额 /
// 偏差) with a grouped bar chart, and per insured category and institution level. The latest
// what-if is shown again when the page is opened.
import { useEffect, useMemo, useState } from 'react'
import { PlayCircleOutlined, UploadOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Progress,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Typography,
  Upload,
} from 'antd'
import type { TableColumnsType } from 'antd'
import {
  getJob,
  listJobs,
  listPolicies,
  startWhatIf,
  type Job,
  type WhatIfDetail,
  type WhatIfLine,
} from '../../api'
import { Chart, type ChartOption } from '../../components/Chart'
import { IssueList } from '../../components/IssueList'
import { compactFen, formatCount, formatDateTime, formatFen, formatPercent } from '../../format'
import { useLoader } from '../../hooks'
import { useLang, useT, type Lang, type MessageKey, type Translate } from '../../i18n'
import { MONOSPACE } from '../../components/Versions'

const POLL_MS = 1000

/** The layers drawn in the chart: the funds, without the totals. */
const CHART_LAYERS = ['hifp_pay', 'hifob_pay', 'hifmi_pay', 'maf_pay', 'oth_pay']

const BASE_COLOR = '#8c8c8c'
const CHANGED_COLOR = '#1f6fb2'

interface RunValues {
  year: number
  source: 'version' | 'text'
  policyId?: string
  text?: string
}

/** A line's name in the current language: layers and levels by key, categories as named. */
function lineName(line: WhatIfLine, t: Translate, kind: 'layer' | 'level' | 'category'): string {
  if (kind === 'layer') return t(`whatif.layer.${line.key}` as MessageKey)
  if (kind === 'level') return t(`level.${line.key}` as MessageKey)
  return line.name
}

function chartOption(lines: readonly WhatIfLine[], t: Translate, lang: Lang): ChartOption {
  const shown = lines.filter((l) => CHART_LAYERS.includes(l.key))
  return {
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) => formatFen(Number(value)),
    },
    legend: { data: [t('whatif.base'), t('whatif.changed')] },
    grid: { left: 70, right: 20, top: 40, bottom: 40 },
    xAxis: { type: 'category', data: shown.map((l) => lineName(l, t, 'layer')) },
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => compactFen(value, lang) },
    },
    series: [
      {
        type: 'bar',
        name: t('whatif.base'),
        data: shown.map((l) => l.base),
        itemStyle: { color: BASE_COLOR },
      },
      {
        type: 'bar',
        name: t('whatif.changed'),
        data: shown.map((l) => l.changed),
        itemStyle: { color: CHANGED_COLOR },
      },
    ],
  }
}

function Deviation({ value }: { value: number | null }) {
  if (value === null) return <>—</>
  const color = value > 0 ? '#cf1322' : value < 0 ? '#389e0d' : undefined
  return (
    <span style={{ color }} data-deviation={value}>
      {value > 0 ? '+' : ''}
      {formatPercent(value)}
    </span>
  )
}

function LinesTable({
  lines,
  kind,
  testId,
}: {
  lines: readonly WhatIfLine[]
  kind: 'layer' | 'level' | 'category'
  testId: string
}) {
  const t = useT()
  const columns: TableColumnsType<WhatIfLine> = [
    {
      title: t(`whatif.column.${kind}`),
      dataIndex: 'name',
      width: kind === 'level' ? 110 : 200,
      fixed: 'left',
      render: (_: unknown, line) => (
        <span
          style={{ fontWeight: ['fund_pay_sumamt', 'psn_part_amt'].includes(line.key) ? 600 : 400 }}
        >
          {lineName(line, t, kind)}
        </span>
      ),
    },
    {
      title: t('whatif.settlements'),
      dataIndex: 'settlements',
      align: 'right',
      width: 110,
      render: (_: unknown, line) => formatCount(line.settlements),
    },
    {
      title: t('whatif.base'),
      dataIndex: 'base',
      align: 'right',
      width: 160,
      render: (_: unknown, line) => formatFen(line.base),
    },
    {
      title: t('whatif.changed'),
      dataIndex: 'changed',
      align: 'right',
      width: 160,
      render: (_: unknown, line) => formatFen(line.changed),
    },
    {
      title: t('whatif.difference'),
      dataIndex: 'difference',
      align: 'right',
      width: 150,
      render: (_: unknown, line) => formatFen(line.difference),
    },
    {
      title: t('whatif.deviation'),
      dataIndex: 'deviation',
      align: 'right',
      width: 110,
      render: (_: unknown, line) => <Deviation value={line.deviation} />,
    },
  ]
  return (
    <Table<WhatIfLine>
      rowKey="key"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={[...lines]}
      scroll={{ x: kind === 'level' ? 760 : 850 }}
      data-testid={testId}
    />
  )
}

function ResultView({ job }: { job: Job }) {
  const t = useT()
  const { lang } = useLang()
  const detail = job.detail as unknown as WhatIfDetail
  const { result } = detail
  const option = useMemo(() => chartOption(result.layers, t, lang), [result, t, lang])
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="whatif-result">
      <Alert
        type="success"
        showIcon
        message={t('whatif.summary', {
          year: detail.year,
          settlements: formatCount(result.settlements),
          base: result.basePolicies.join('、') || '—',
          changed: `${detail.policy.name}（${detail.policy.id}）`,
        })}
        description={t('whatif.finishedAt', { at: formatDateTime(job.finishedAt) })}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} xxl={14}>
          <Card size="small" title={t('whatif.byLayer')}>
            <LinesTable lines={result.layers} kind="layer" testId="whatif-layers" />
          </Card>
        </Col>
        <Col xs={24} xxl={10}>
          <Card size="small" title={t('whatif.chart')}>
            <Chart option={option} height={340} testId="whatif-chart" />
          </Card>
        </Col>
        <Col xs={24} xxl={14}>
          <Card size="small" title={t('whatif.byCategory')}>
            <LinesTable lines={result.byCategory} kind="category" testId="whatif-categories" />
          </Card>
        </Col>
        <Col xs={24} xxl={10}>
          <Card size="small" title={t('whatif.byLevel')}>
            <LinesTable lines={result.byLevel} kind="level" testId="whatif-levels" />
          </Card>
        </Col>
      </Row>
    </Space>
  )
}

/** The what-if page. */
export function WhatIfPage() {
  const t = useT()
  const [form] = Form.useForm<RunValues>()
  const policies = useLoader(listPolicies, [])
  const source = Form.useWatch('source', form) ?? 'version'
  const [job, setJob] = useState<Job | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)

  // The latest what-if, shown again (and followed while it runs).
  useEffect(() => {
    let current = true
    listJobs().then(
      ({ items }) => {
        const latest = items.find((j) => j.kind === 'whatif')
        if (current && latest) setJob((prev) => prev ?? latest)
      },
      () => undefined
    )
    return () => {
      current = false
    }
  }, [])

  const running = job?.status === 'RUNNING'
  const jobId = job?.id
  useEffect(() => {
    if (!running || jobId === undefined) return undefined
    const timer = window.setInterval(() => {
      getJob(jobId).then(setJob, () => undefined)
    }, POLL_MS)
    return () => window.clearInterval(timer)
  }, [running, jobId])

  const activeYears = (policies.data?.items ?? [])
    .filter((p) => p.status === 'ACTIVE')
    .map((p) => p.year)
  const defaultYear = activeYears.length > 0 ? Math.max(...activeYears) : new Date().getFullYear()
  useEffect(() => {
    if (form.getFieldValue('year') === undefined && policies.data) {
      form.setFieldValue('year', defaultYear)
    }
  }, [policies.data, defaultYear, form])

  const run = async (values: RunValues) => {
    setBusy(true)
    try {
      const started = await startWhatIf(
        values.source === 'version'
          ? { year: values.year, policyId: values.policyId ?? '' }
          : { year: values.year, text: values.text ?? '' }
      )
      setError(undefined)
      setJob(started.job)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('whatif.title')}>
        <Typography.Paragraph type="secondary">{t('whatif.intro')}</Typography.Paragraph>
        <Form<RunValues>
          form={form}
          layout="vertical"
          initialValues={{ source: 'version' }}
          onFinish={(values) => void run(values)}
        >
          <Row gutter={16}>
            <Col xs={24} md={6}>
              <Form.Item
                name="year"
                label={t('whatif.year')}
                tooltip={t('whatif.yearHint')}
                rules={[{ required: true, message: t('whatif.yearRequired') }]}
              >
                <InputNumber
                  min={2000}
                  max={2100}
                  precision={0}
                  style={{ width: '100%' }}
                  data-testid="whatif-year"
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={18}>
              <Form.Item name="source" label={t('whatif.source')}>
                <Radio.Group
                  optionType="button"
                  options={[
                    { value: 'version', label: t('whatif.sourceVersion') },
                    { value: 'text', label: t('whatif.sourceText') },
                  ]}
                  data-testid="whatif-source"
                />
              </Form.Item>
            </Col>
          </Row>
          {source === 'version' ? (
            <Form.Item
              name="policyId"
              label={t('whatif.policy')}
              tooltip={t('whatif.policyHint')}
              rules={[{ required: true, message: t('whatif.policyRequired') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                loading={policies.loading}
                data-testid="whatif-policy"
                options={[...(policies.data?.items ?? [])]
                  .sort((a, b) => (a.status === 'DRAFT' ? 0 : 1) - (b.status === 'DRAFT' ? 0 : 1))
                  .map((p) => ({
                    value: p.id,
                    label: `${p.name}（${p.id}）· ${t(`versions.status.${p.status}`)}`,
                  }))}
              />
            </Form.Item>
          ) : (
            <Form.Item
              label={t('whatif.text')}
              extra={
                <Upload
                  accept=".yaml,.yml,.json,.txt"
                  showUploadList={false}
                  beforeUpload={(file) => {
                    void file.text().then((text) => form.setFieldValue('text', text))
                    return false
                  }}
                >
                  <Button
                    size="small"
                    icon={<UploadOutlined />}
                    style={{ marginTop: 8 }}
                    data-testid="whatif-upload"
                  >
                    {t('whatif.upload')}
                  </Button>
                </Upload>
              }
            >
              <Form.Item
                name="text"
                noStyle
                rules={[{ required: true, whitespace: true, message: t('whatif.textRequired') }]}
              >
                <Input.TextArea
                  autoSize={{ minRows: 10, maxRows: 30 }}
                  spellCheck={false}
                  style={MONOSPACE}
                  placeholder={t('whatif.textPlaceholder')}
                  data-testid="whatif-text"
                />
              </Form.Item>
            </Form.Item>
          )}
          {error !== undefined && (
            <div style={{ marginBottom: 16 }}>
              <IssueList error={error} testId="whatif-issues" />
            </div>
          )}
          <Button
            type="primary"
            htmlType="submit"
            icon={<PlayCircleOutlined />}
            loading={busy}
            disabled={running}
            data-testid="whatif-run"
          >
            {t('whatif.run')}
          </Button>
        </Form>
      </Card>
      {job && job.status === 'RUNNING' && (
        <Card title={t('whatif.running')}>
          <Progress
            percent={Math.round(Math.min(1, Math.max(0, job.progress)) * 1000) / 10}
            status="active"
            data-testid="whatif-progress"
          />
          <Typography.Text type="secondary">{job.message}</Typography.Text>
        </Card>
      )}
      {job && job.status === 'FAILED' && (
        <Alert
          type="error"
          showIcon
          message={t('whatif.failed')}
          description={job.message}
          data-testid="whatif-failed"
        />
      )}
      {job && job.status === 'DONE' && job.detail && (
        <Card title={t('whatif.result')}>
          <ResultView job={job} />
        </Card>
      )}
    </Space>
  )
}
