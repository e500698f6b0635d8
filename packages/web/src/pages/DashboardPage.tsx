// SPDX-License-Identifier: Apache-2.0
// The supervision dashboard: fund spending against budget, the audit funnel, the rules and
// institutions with the most flagged money, and the monthly trend; the funnel per rule or per
// institution with the bureau's report sentence and an Excel export.
import { useMemo, useState } from 'react'
import { DownloadOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Progress,
  Result,
  Row,
  Segmented,
  Space,
  Spin,
  Statistic,
  Table,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import {
  ApiError,
  funnelExportUrl,
  getDashboard,
  getFunnel,
  type CountAmount,
  type Dashboard,
  type FunnelRow,
  type FunnelTotal,
} from '../api'
import { Chart, type ChartOption } from '../components/Chart'
import { compactFen, formatCount, formatFen, formatPercent } from '../format'
import { useLoader } from '../hooks'
import { useLang, useT, type Lang, type Translate } from '../i18n'

/** The stages of the funnel, in order. */
const STAGES = ['flagged', 'dispatched', 'appealed', 'upheld', 'deducted'] as const
/** The table also shows what was dismissed, which is no stage of the funnel. */
const TABLE_STAGES = [
  'flagged',
  'dispatched',
  'appealed',
  'upheld',
  'dismissed',
  'deducted',
] as const

const AMOUNT_COLOR = '#1f6fb2'
const COUNT_COLOR = '#f29b38'

function funnelOption(total: FunnelTotal, t: Translate): ChartOption {
  return {
    tooltip: {
      trigger: 'item',
      formatter: (params: unknown) => {
        const { name, dataIndex } = params as { name: string; dataIndex: number }
        const stage = STAGES[dataIndex]
        if (!stage) return name
        const value = total[stage]
        return `${name}<br/>${t('common.count')}：${formatCount(value.count)}<br/>${t('common.amount')}：${formatFen(value.amount)}`
      },
    },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        minSize: '8%',
        gap: 2,
        label: { show: true, position: 'inside', formatter: '{b}\n{c}' },
        data: STAGES.map((stage) => ({ name: t(`stage.${stage}`), value: total[stage].count })),
      },
    ],
  }
}

function barOption(
  names: string[],
  amounts: number[],
  lang: Lang,
  t: Translate,
  horizontal: boolean
): ChartOption {
  const categoryAxis = {
    type: 'category' as const,
    data: names,
    axisLabel: { width: 120, overflow: 'truncate' as const },
    inverse: horizontal,
  }
  const valueAxis = {
    type: 'value' as const,
    axisLabel: { formatter: (value: number) => compactFen(value, lang) },
  }
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: unknown) => formatFen(Number(value)),
    },
    grid: { left: horizontal ? 130 : 60, right: 24, top: 16, bottom: horizontal ? 24 : 60 },
    xAxis: horizontal
      ? valueAxis
      : { ...categoryAxis, axisLabel: { ...categoryAxis.axisLabel, rotate: 30, width: 90 } },
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: [
      { type: 'bar', name: t('common.amount'), data: amounts, itemStyle: { color: AMOUNT_COLOR } },
    ],
  }
}

function trendOption(trend: Dashboard['trend'], lang: Lang, t: Translate): ChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { data: [t('dashboard.trendAmount'), t('dashboard.trendCount')] },
    grid: { left: 60, right: 60, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: trend.map((p) => p.month) },
    yAxis: [
      { type: 'value', axisLabel: { formatter: (value: number) => compactFen(value, lang) } },
      { type: 'value', splitLine: { show: false } },
    ],
    series: [
      {
        type: 'line',
        name: t('dashboard.trendAmount'),
        data: trend.map((p) => p.amount),
        smooth: true,
        itemStyle: { color: AMOUNT_COLOR },
        tooltip: { valueFormatter: (value: unknown) => formatFen(Number(value)) },
      },
      {
        type: 'line',
        name: t('dashboard.trendCount'),
        yAxisIndex: 1,
        data: trend.map((p) => p.count),
        smooth: true,
        itemStyle: { color: COUNT_COLOR },
      },
    ],
  }
}

function FunnelTable({ total }: { total: FunnelTotal }) {
  const t = useT()
  return (
    <table data-testid="funnel-table" className="ant-table" style={{ width: '100%' }}>
      <thead>
        <tr>
          <th style={cellStyle('left', true)}>{t('dashboard.stage')}</th>
          <th style={cellStyle('right', true)}>{t('common.count')}</th>
          <th style={cellStyle('right', true)}>{t('common.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {TABLE_STAGES.map((stage) => (
          <tr
            key={stage}
            data-stage={stage}
            data-count={total[stage].count}
            data-amount={total[stage].amount}
          >
            <td style={cellStyle('left')}>{t(`stage.${stage}`)}</td>
            <td style={cellStyle('right')}>{formatCount(total[stage].count)}</td>
            <td style={cellStyle('right')}>{formatFen(total[stage].amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function cellStyle(align: 'left' | 'right', head = false) {
  return {
    textAlign: align,
    padding: '6px 8px',
    borderBottom: '1px solid #f0f0f0',
    fontWeight: head ? 600 : 400,
    background: head ? '#fafafa' : undefined,
  }
}

function countAmount(value: CountAmount) {
  return (
    <span>
      {formatCount(value.count)}
      <Typography.Text type="secondary" style={{ marginLeft: 6 }}>
        {formatFen(value.amount)}
      </Typography.Text>
    </span>
  )
}

/** The funnel per rule or per institution over a period. */
function FunnelBreakdown() {
  const t = useT()
  const [groupBy, setGroupBy] = useState<'rule' | 'institution'>('rule')
  const [range, setRange] = useState<[string, string] | null>(null)
  const filter = { groupBy, from: range?.[0], to: range?.[1] }
  const { data, loading } = useLoader(() => getFunnel(filter), [groupBy, range?.[0], range?.[1]])
  const stageColumns: TableColumnsType<FunnelRow> = [
    ...STAGES.map((stage) => ({
      title: t(`stage.${stage}`),
      key: stage,
      align: 'right' as const,
      render: (_: unknown, row: FunnelRow) => countAmount(row[stage]),
    })),
    {
      title: t('stage.dismissed'),
      key: 'dismissed',
      align: 'right' as const,
      render: (_: unknown, row: FunnelRow) => countAmount(row.dismissed),
    },
    {
      title: t('dashboard.upheldCountRate'),
      dataIndex: 'upheldRate',
      align: 'right' as const,
      render: (_: unknown, row: FunnelRow) => formatPercent(row.upheldRate, 1),
    },
    {
      title: t('dashboard.upheldAmountRate'),
      dataIndex: 'upheldAmountRate',
      align: 'right' as const,
      render: (_: unknown, row: FunnelRow) => formatPercent(row.upheldAmountRate, 1),
    },
  ]
  const columns: TableColumnsType<FunnelRow> = [
    {
      title: groupBy === 'rule' ? t('finding.rule') : t('finding.institution'),
      dataIndex: 'name',
      fixed: 'left',
      width: 220,
      render: (_: unknown, row) => (
        <span>
          {row.name}
          <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
            {row.key}
          </Typography.Text>
        </span>
      ),
    },
    ...stageColumns,
  ]
  return (
    <Card
      title={t('dashboard.funnelBreakdown')}
      extra={
        <Space wrap>
          <Segmented<'rule' | 'institution'>
            value={groupBy}
            onChange={setGroupBy}
            options={[
              { label: t('dashboard.byRule'), value: 'rule' },
              { label: t('dashboard.byInstitution'), value: 'institution' },
            ]}
          />
          <DatePicker.RangePicker
            onChange={(values: [Dayjs | null, Dayjs | null] | null) =>
              setRange(
                values?.[0] && values[1]
                  ? [values[0].format('YYYY-MM-DD'), values[1].format('YYYY-MM-DD')]
                  : null
              )
            }
          />
          <Button
            icon={<DownloadOutlined />}
            href={funnelExportUrl(filter)}
            data-testid="funnel-export"
          >
            {t('dashboard.funnelExport')}
          </Button>
        </Space>
      }
    >
      {data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={
            <Typography.Text copyable data-testid="funnel-summary">
              {data.summary}
            </Typography.Text>
          }
        />
      )}
      <Table<FunnelRow>
        rowKey="key"
        size="small"
        loading={loading}
        columns={columns}
        dataSource={data?.rows ?? []}
        scroll={{ x: 1400 }}
        pagination={{ pageSize: 10, showTotal: (total) => t('table.total', { total }) }}
      />
    </Card>
  )
}

/** The dashboard of the bureau roles. */
export function DashboardPage() {
  const t = useT()
  const { lang } = useLang()
  const { data, loading, error } = useLoader(getDashboard, [], { quiet: true })

  const charts = useMemo(() => {
    if (!data) return null
    return {
      funnel: funnelOption(data.funnel, t),
      topRules: barOption(
        data.topRules.map((r) => r.ruleName),
        data.topRules.map((r) => r.amount),
        lang,
        t,
        true
      ),
      trend: trendOption(data.trend, lang, t),
      institutions: barOption(
        data.institutions.map((i) => i.name),
        data.institutions.map((i) => i.amount),
        lang,
        t,
        false
      ),
    }
  }, [data, lang, t])

  if (error instanceof ApiError && error.status === 403) {
    return <Result status="403" title="403" subTitle={t('dashboard.forbidden')} />
  }
  if (error) return <Result status="error" title={t('error.loadFailed')} />
  if (loading || !data || !charts) {
    return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />
  }

  const { fund, funnel } = data
  const share = fund.budget > 0 ? fund.paid / fund.budget : 0
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={12} xl={6}>
          <Card>
            <Statistic title={t('dashboard.fundPaid')} value={formatFen(fund.paid)} />
            <Progress
              percent={Math.round(share * 1000) / 10}
              status={share > 1 ? 'exception' : 'normal'}
              size="small"
            />
            <Typography.Text type="secondary">
              {t('dashboard.budget')}：{formatFen(fund.budget)}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card>
            <Statistic title={t('dashboard.flagged')} value={formatCount(funnel.flagged.count)} />
            <Typography.Text type="secondary">
              {t('common.amount')}：{formatFen(funnel.flagged.amount)}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card>
            <Statistic
              title={t('dashboard.upheldAmount')}
              value={formatFen(funnel.upheld.amount)}
            />
            <Typography.Text type="secondary">
              {t('dashboard.upheldCount', { count: formatCount(funnel.upheld.count) })}；
              {t('dashboard.upheldRate')} {formatPercent(funnel.upheldRate, 1)}
              {t('dashboard.upheldAmountRateShort', {
                rate: formatPercent(funnel.upheldAmountRate, 1),
              })}
            </Typography.Text>
          </Card>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Card>
            <Statistic
              title={t('dashboard.deductedAmount')}
              value={formatFen(funnel.deducted.amount)}
            />
            <Typography.Text type="secondary">
              {t('dashboard.deductedCount', { count: formatCount(funnel.deducted.count) })}
            </Typography.Text>
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.funnel')}>
            <Chart option={charts.funnel} height={300} testId="funnel" />
            <FunnelTable total={funnel} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.topRules')}>
            <Chart option={charts.topRules} height={440} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.trend')}>
            <Chart option={charts.trend} height={320} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card title={t('dashboard.institutions')}>
            <Chart option={charts.institutions} height={320} />
          </Card>
        </Col>
      </Row>
      <FunnelBreakdown />
    </Space>
  )
}
