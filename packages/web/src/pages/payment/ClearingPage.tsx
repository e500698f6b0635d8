// SPDX-License-Identifier: Apache-2.0
// Annual clearing (年度清算): a region's year recomputed at the 结算点值 from its monthly
// statements, each institution's share multiplied by its assessment coefficient, the deposit
// returned. Shows the headline figures, the months without statements, the identity Σ point
// institutions paid + 调剂金 = 年度基金, each institution's balance (补付 / 追回) and a chart of
// the largest balances. The fund manager runs it; a re-run with the same result stores nothing.
import { useMemo, useState } from 'react'
import { CalculatorOutlined } from '@ant-design/icons'
import { Alert, Card, Col, Form, Row, Select, Space, Statistic, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import {
  listClearings,
  PAYMENT_PLAN_VERSIONS,
  runClearing,
  type Clearing,
  type ClearingRow,
  type StoredClearing,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { Chart, type ChartOption } from '../../components/Chart'
import {
  latestRegionYear,
  RegionYearFields,
  type RegionYear,
} from '../../components/RegionYearFields'
import { RunForm } from '../../components/RunForm'
import { showSuccess } from '../../feedback'
import { compactFen, formatDateTime, formatDecimal, formatFen } from '../../format'
import { useAttempt, useLoader } from '../../hooks'
import { useLang, useT, type Lang, type Translate } from '../../i18n'
import { CheckMark, payeeColumns } from './payment-labels'

const CHART_ROWS = 20
const PAY_COLOR = '#1f6fb2'
const RECOVER_COLOR = '#cf1322'

/** Σ of what the point-method institutions are paid, from the rows. */
function pointFundPaid(clearing: Clearing): number {
  return clearing.rows.reduce((a, r) => a + r.pointFundPaid, 0)
}

/** The institutions with the largest balances (by size), as horizontal bars. */
function balanceOption(rows: readonly ClearingRow[], t: Translate, lang: Lang): ChartOption {
  const top = [...rows]
    .filter((r) => r.balance !== 0)
    .sort((a, b) => Math.abs(b.balance) - Math.abs(a.balance))
    .slice(0, CHART_ROWS)
    .reverse()
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: unknown) => formatFen(Number(value)),
    },
    grid: { left: 200, right: 30, top: 20, bottom: 30 },
    xAxis: {
      type: 'value',
      axisLabel: { formatter: (value: number) => compactFen(value, lang) },
    },
    yAxis: {
      type: 'category',
      data: top.map((r) => r.institutionName),
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: t('clearing.balance'),
        data: top.map((r) => ({
          value: r.balance,
          itemStyle: { color: r.balance >= 0 ? PAY_COLOR : RECOVER_COLOR },
        })),
      },
    ],
  }
}

/** A balance with what it means: positive 补付, negative 追回. */
function Balance({ fen }: { fen: number }) {
  const t = useT()
  if (fen === 0) return <>{formatFen(0)}</>
  return (
    <Space size={4} data-balance={fen}>
      <Typography.Text style={{ color: fen > 0 ? PAY_COLOR : RECOVER_COLOR }}>
        {formatFen(fen)}
      </Typography.Text>
      <Tag color={fen > 0 ? 'blue' : 'red'}>
        {t(fen > 0 ? 'clearing.topUp' : 'clearing.recover')}
      </Tag>
    </Space>
  )
}

/** One stored clearing: figures, missing months, the identity, the rows and the chart. */
function ClearingView({ stored }: { stored: StoredClearing }) {
  const t = useT()
  const { lang } = useLang()
  const c = stored.clearing
  const option = useMemo(() => balanceOption(c.rows, t, lang), [c.rows, t, lang])
  const paid = pointFundPaid(c)
  const columns: TableColumnsType<ClearingRow> = [
    ...payeeColumns<ClearingRow>(t),
    ...(
      [
        'pointValueAmount',
        'pointFund',
        'fundPayable',
        'fundPaid',
        'retained',
        'prepaid',
        'depositWithheld',
        'depositReturned',
      ] as const
    ).map((key) => ({
      title: t(`clearing.${key}`),
      dataIndex: key,
      align: 'right' as const,
      width: 140,
      render: (_: unknown, row: ClearingRow) => formatFen(row[key]),
    })),
    {
      title: t('clearing.coefficient'),
      dataIndex: 'assessmentCoefficient',
      align: 'right',
      width: 100,
      render: (_: unknown, row) => formatDecimal(row.assessmentCoefficient),
    },
    {
      title: t('clearing.balance'),
      dataIndex: 'balance',
      align: 'right',
      width: 190,
      fixed: 'right',
      sorter: (a, b) => a.balance - b.balance,
      render: (_: unknown, row) => <Balance fen={row.balance} />,
    },
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="clearing">
      <Typography.Text type="secondary">
        {t('clearing.version', {
          admdvs: c.admdvs,
          year: c.year,
          version: stored.version,
          by: stored.createdBy,
          at: formatDateTime(stored.createdAt),
        })}
        {!stored.current && (
          <Tag style={{ marginInlineStart: 8 }}>{t('payment.supersededTag')}</Tag>
        )}
      </Typography.Text>
      <Row gutter={[16, 16]}>
        {(
          [
            ['annualFund', formatFen(c.annualFund)],
            ['reserve', formatFen(c.reserve)],
            ['fundAvailable', formatFen(c.fundAvailable)],
            ['totalPoints', formatDecimal(c.totalPoints)],
            [
              'settlementPointValue',
              t('payment.yuanPerPoint', { value: formatDecimal(c.settlementPointValue) }),
            ],
            ['variant', t(`clearing.variant.${c.variant}`)],
          ] as const
        ).map(([key, value]) => (
          <Col key={key} xs={12} md={8} xl={4}>
            <Card size="small">
              <Statistic
                title={t(`clearing.${key}`)}
                value={value}
                valueStyle={{ fontSize: 20 }}
                data-figure={key}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {stored.monthsMissing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          message={t('clearing.monthsMissing', { count: stored.monthsMissing.length })}
          description={stored.monthsMissing.join('、')}
          data-testid="clearing-months-missing"
        />
      )}
      <Alert
        type={c.identityHolds ? 'success' : 'error'}
        showIcon
        data-testid="clearing-identity"
        data-ok={String(c.identityHolds)}
        message={
          <Space>
            {t('clearing.identity')}
            <CheckMark ok={c.identityHolds} />
          </Space>
        }
        description={
          <span data-testid="clearing-identity-figures">
            {t(
              c.undistributed === 0 ? 'clearing.identityFigures' : 'clearing.identityFiguresRest',
              {
                paid: formatFen(paid),
                reserve: formatFen(c.reserveAfter),
                rest: formatFen(c.undistributed),
                fund: formatFen(c.annualFund),
              }
            )}
          </span>
        }
      />
      <Card size="small" title={t('clearing.chart', { count: CHART_ROWS })}>
        <Chart option={option} height={460} testId="clearing-chart" />
      </Card>
      <Table<ClearingRow>
        rowKey="institutionCode"
        size="small"
        columns={columns}
        dataSource={c.rows}
        scroll={{ x: 2000 }}
        expandable={{
          expandedRowRender: (row) => (
            <Typography.Text type="secondary">{row.explanation}</Typography.Text>
          ),
        }}
        pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        data-testid="clearing-rows"
      />
    </Space>
  )
}

/** The annual clearing page. */
export function ClearingPage() {
  const t = useT()
  const user = useUser()
  const runner = can(user, 'payment.run')
  const plans = useLoader(() => PAYMENT_PLAN_VERSIONS.list(), [])
  const [year, setYear] = useState<number | undefined>(undefined)
  const [shownId, setShownId] = useState<string | undefined>(undefined)
  const { data, loading, reload } = useLoader(() => listClearings(year), [year])
  const [form] = Form.useForm<RegionYear>()
  const { busy, error, attempt } = useAttempt()
  const items = data?.items ?? []
  const planItems = plans.data?.items ?? []
  const shown = items.find((s) => s.id === shownId) ?? items.find((s) => s.current) ?? items[0]
  const years = [
    ...new Set([...planItems.map((p) => p.year), ...items.map((s) => s.clearing.year)]),
  ].sort((a, b) => b - a)

  const run = (values: RegionYear) =>
    attempt(async () => {
      const result = await runClearing({ admdvs: values.admdvs.trim(), year: values.year })
      showSuccess(
        t(result.status === 'created' ? 'clearing.created' : 'clearing.unchanged', {
          version: result.stored.version,
        })
      )
      setShownId(result.stored.id)
      if (year !== undefined && year !== values.year) setYear(values.year)
      else reload()
    })

  const versionColumns: TableColumnsType<StoredClearing> = [
    { title: t('versions.admdvs'), key: 'admdvs', render: (_: unknown, s) => s.clearing.admdvs },
    { title: t('versions.year'), key: 'year', render: (_: unknown, s) => s.clearing.year },
    {
      title: t('payment.version'),
      dataIndex: 'version',
      render: (_: unknown, s) => (
        <Space size={4}>
          {`v${s.version}`}
          {!s.current && <Tag>{t('payment.supersededTag')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('clearing.identityShort'),
      key: 'identity',
      align: 'center',
      render: (_: unknown, s) => <CheckMark ok={s.clearing.identityHolds} />,
    },
    { title: t('common.createdBy'), dataIndex: 'createdBy' },
    {
      title: t('common.createdAt'),
      dataIndex: 'createdAt',
      render: (_: unknown, s) => formatDateTime(s.createdAt),
    },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('clearing.title')}>
        <Typography.Paragraph type="secondary">{t('clearing.intro')}</Typography.Paragraph>
        {runner && plans.data && (
          <RunForm<RegionYear>
            form={form}
            onRun={(values) => void run(values)}
            label={t('clearing.run')}
            icon={<CalculatorOutlined />}
            busy={busy}
            error={error}
            testId="clearing-run"
          >
            <RegionYearFields
              regions={planItems.map((p) => p.admdvs)}
              initial={latestRegionYear(planItems)}
              testId="clearing"
            />
          </RunForm>
        )}
      </Card>
      <Card
        title={t('clearing.versions')}
        extra={
          <Select<number | undefined>
            value={year}
            allowClear
            placeholder={t('clearing.allYears')}
            style={{ width: 140 }}
            onChange={(value) => setYear(value ?? undefined)}
            options={years.map((y) => ({ value: y, label: String(y) }))}
          />
        }
      >
        <Table<StoredClearing>
          rowKey="id"
          size="small"
          loading={loading}
          columns={versionColumns}
          dataSource={items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          rowClassName={(s) => (s.id === shown?.id ? 'ant-table-row-selected' : '')}
          onRow={(s) => ({ onClick: () => setShownId(s.id), style: { cursor: 'pointer' } })}
          locale={{ emptyText: t('clearing.none') }}
          data-testid="clearing-versions"
        />
      </Card>
      {shown && (
        <Card
          title={t('clearing.resultTitle', {
            admdvs: shown.clearing.admdvs,
            year: shown.clearing.year,
          })}
        >
          <ClearingView stored={shown} />
        </Card>
      )}
    </Space>
  )
}
