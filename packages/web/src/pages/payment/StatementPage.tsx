// SPDX-License-Identifier: Apache-2.0
// One monthly statement (拨付单): how 应付 was found, the deductions (each to its finding or
// sample), the deposit and 实付, the month's settlements and point-method stays, the point-method
// indicators (入组率, CMI, 高/低倍率, same-group readmissions, 特例单议), and the stays with their
// group, cost type and points, a page at a time from the server.
import { useState, type ReactNode } from 'react'
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Result,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { Link, useNavigate, useParams } from 'react-router'
import {
  ApiError,
  getStatement,
  type PaymentIndicators,
  type SettlementSums,
  type Statement,
  type StatementCase,
  type StatementDeduction,
} from '../../api'
import { mayOpen } from '../../access'
import { useUser } from '../../auth'
import { BackTitle } from '../../components/BackTitle'
import { formatBp, formatCount, formatDecimal, formatFen, formatPercent } from '../../format'
import { useLoader } from '../../hooks'
import { useT, type MessageKey } from '../../i18n'
import { CostTypeTag, GroupKindTag, MethodTag } from './payment-labels'

const POINT_METHODS = ['DIP', 'DRG']

/** Where a deduction comes from: its finding or sample, linked when the user may open it. */
function DeductionSource({ item }: { item: StatementDeduction }) {
  const t = useT()
  const user = useUser()
  if (item.findingId) {
    const text = t('deduction.fromFinding', { id: item.findingId })
    return mayOpen(user, 'findingDetail') ? (
      <Link to={`/findings/${encodeURIComponent(item.findingId)}`}>{text}</Link>
    ) : (
      <>{text}</>
    )
  }
  if (item.sampleId) {
    const text = t('deduction.fromSample', { id: item.sampleId })
    return mayOpen(user, 'samples') ? (
      <Link to={`/samples/${encodeURIComponent(item.sampleId)}`}>{text}</Link>
    ) : (
      <>{text}</>
    )
  }
  return <>{item.id}</>
}

/** The figures of the statement: 应付 with its explanation, deductions, deposit, 实付. */
function StatementFigures({ statement: s }: { statement: Statement }) {
  const t = useT()
  const point = POINT_METHODS.includes(s.method)
  const figure = (testId: string, value: ReactNode) => (
    <span data-testid={`statement-${testId}`}>{value}</span>
  )
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 2 }}
      styles={{ label: { whiteSpace: 'nowrap', width: 130 } }}
    >
      <Descriptions.Item label={t('payment.method')}>
        <MethodTag method={s.method} />
      </Descriptions.Item>
      <Descriptions.Item label={t('payment.dueDate')}>{figure('due', s.dueDate)}</Descriptions.Item>
      {point && (
        <>
          <Descriptions.Item label={t('payment.points')}>
            {figure('points', formatDecimal(s.points))}
          </Descriptions.Item>
          <Descriptions.Item label={t('payment.pointValue')}>
            {t('payment.yuanPerPoint', { value: formatDecimal(s.pointValue) })}
          </Descriptions.Item>
          <Descriptions.Item label={t('payment.prepay')}>{formatBp(s.prepayBp)}</Descriptions.Item>
          <Descriptions.Item label={t('payment.pointAmount')}>
            {formatFen(s.pointAmount)}
          </Descriptions.Item>
          <Descriptions.Item label={t('payment.ownPay')}>{formatFen(s.ownPay)}</Descriptions.Item>
          <Descriptions.Item label={t('payment.otherFunds')}>
            {formatFen(s.otherFunds)}
          </Descriptions.Item>
        </>
      )}
      <Descriptions.Item label={t('payment.payable')} span="filled">
        {figure('payable', <Typography.Text strong>{formatFen(s.payable)}</Typography.Text>)}
        <Typography.Paragraph type="secondary" style={{ margin: '4px 0 0' }}>
          {s.explanation}
        </Typography.Paragraph>
      </Descriptions.Item>
      <Descriptions.Item label={t('payment.deductions')} span="filled">
        {figure('deductions', formatFen(s.deductions))}
        {s.deductionItems.length > 0 && (
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }}>
            {s.deductionItems.map((item) => (
              <li key={item.id}>
                <DeductionSource item={item} />：{formatFen(item.amount)}
              </li>
            ))}
          </ul>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('payment.deposit')}>
        {figure('deposit', formatFen(s.deposit))}
        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
          {t('payment.depositRate', { rate: formatBp(s.depositBp) })}
        </Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('payment.net')}>
        {figure('net', <Typography.Text strong>{formatFen(s.net)}</Typography.Text>)}
      </Descriptions.Item>
    </Descriptions>
  )
}

/** The month's settlements and, among them, the point-method stays. */
function SettlementsTable({ statement: s }: { statement: Statement }) {
  const t = useT()
  const rows = [
    { key: 'settlements', sums: s.settlements },
    ...(POINT_METHODS.includes(s.method) ? [{ key: 'pointCases', sums: s.pointCases }] : []),
  ]
  const fields = ['totalCost', 'basicFund', 'otherFunds', 'ownPay', 'outOfList'] as const
  const columns: TableColumnsType<{ key: string; sums: SettlementSums }> = [
    {
      title: '',
      dataIndex: 'key',
      width: 180,
      render: (_: unknown, row) => t(`payment.sums.${row.key}` as MessageKey),
    },
    {
      title: t('payment.sums.count'),
      key: 'count',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.sums.count),
    },
    ...fields.map((field) => ({
      title: t(`payment.sums.${field}`),
      key: field,
      align: 'right' as const,
      render: (_: unknown, row: { sums: SettlementSums }) => formatFen(row.sums[field]),
    })),
  ]
  return (
    <Table
      rowKey="key"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      scroll={{ x: 900 }}
    />
  )
}

/** The point-method indicators of the month. */
function Indicators({ indicators: i }: { indicators: PaymentIndicators }) {
  const t = useT()
  const shown: [string, MessageKey, string][] = [
    ['cases', 'payment.ind.cases', formatCount(i.cases)],
    ['groupedRate', 'payment.ind.groupedRate', formatPercent(i.groupedRate)],
    ['comprehensiveCases', 'payment.ind.comprehensiveCases', formatCount(i.comprehensiveCases)],
    ['cmi', 'payment.ind.cmi', formatDecimal(i.cmi)],
    ['highShare', 'payment.ind.highShare', formatPercent(i.highShare)],
    ['lowShare', 'payment.ind.lowShare', formatPercent(i.lowShare)],
    ['readmit10', 'payment.ind.readmit10', formatCount(i.readmit10)],
    ['readmit15', 'payment.ind.readmit15', formatCount(i.readmit15)],
    ['specialCases', 'payment.ind.specialCases', formatCount(i.specialCases)],
  ]
  return (
    <Row gutter={[16, 16]} data-testid="statement-indicators">
      {shown.map(([key, label, value]) => (
        <Col key={key} xs={12} md={8} xl={6} xxl={4}>
          <Statistic title={t(label)} value={value} data-indicator={key} />
        </Col>
      ))}
    </Row>
  )
}

/** The statement page. */
export function StatementPage() {
  const t = useT()
  const navigate = useNavigate()
  const { id = '' } = useParams()
  const [page, setPage] = useState(1)
  const [pageSize, setPageSize] = useState(50)
  const { data, loading, error } = useLoader(
    () => getStatement(id, page, pageSize),
    [id, page, pageSize],
    { quiet: true }
  )

  if (!data) {
    if (loading) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />
    return (
      <Result
        status={error instanceof ApiError && error.status === 404 ? '404' : 'error'}
        title={error instanceof ApiError ? error.message : t('error.loadFailed')}
        extra={<Button onClick={() => navigate('/payment')}>{t('common.back')}</Button>}
      />
    )
  }

  const { summary, statement } = data
  const columns: TableColumnsType<StatementCase> = [
    { title: t('payment.case.mdtrtId'), dataIndex: 'mdtrtId', width: 140, fixed: 'left' },
    { title: t('payment.case.psnNo'), dataIndex: 'psnNo', width: 170 },
    { title: t('payment.case.dischargeDate'), dataIndex: 'dischargeDate', width: 110 },
    {
      title: t('payment.case.group'),
      dataIndex: 'groupName',
      width: 260,
      render: (_: unknown, row) =>
        row.groupCode === null ? (
          '—'
        ) : (
          <span>
            {row.groupName}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {row.groupCode}
            </Typography.Text>
          </span>
        ),
    },
    {
      title: t('payment.case.kind'),
      dataIndex: 'groupKind',
      width: 100,
      render: (_: unknown, row) => <GroupKindTag kind={row.groupKind} />,
    },
    {
      title: t('payment.case.costType'),
      dataIndex: 'costType',
      width: 150,
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          <CostTypeTag type={row.costType} />
          {row.specialCandidate && <Tag color="magenta">{t('payment.case.special')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('payment.case.baseScore'),
      dataIndex: 'baseScore',
      align: 'right',
      width: 100,
      render: (_: unknown, row) => formatDecimal(row.baseScore),
    },
    {
      title: t('payment.case.coefficient'),
      dataIndex: 'coefficient',
      align: 'right',
      width: 80,
      render: (_: unknown, row) => formatDecimal(row.coefficient),
    },
    {
      title: t('payment.case.ratio'),
      dataIndex: 'ratio',
      align: 'right',
      width: 90,
      render: (_: unknown, row) => formatDecimal(row.ratio),
    },
    {
      title: t('payment.points'),
      dataIndex: 'points',
      align: 'right',
      width: 120,
      render: (_: unknown, row) => (
        <span data-points={row.points}>{formatDecimal(row.points)}</span>
      ),
    },
    {
      title: t('payment.sums.totalCost'),
      dataIndex: 'totalCost',
      align: 'right',
      width: 130,
      render: (_: unknown, row) => formatFen(row.totalCost),
    },
    {
      title: t('payment.ownPay'),
      dataIndex: 'ownPay',
      align: 'right',
      width: 120,
      render: (_: unknown, row) => formatFen(row.ownPay),
    },
    {
      title: t('payment.otherFunds'),
      dataIndex: 'otherFunds',
      align: 'right',
      width: 120,
      render: (_: unknown, row) => formatFen(row.otherFunds),
    },
    { title: t('payment.case.note'), dataIndex: 'note', width: 220, ellipsis: true },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <BackTitle>
            <span data-testid="statement-title">
              {t('payment.statementTitle', {
                name: summary.institutionName,
                code: summary.institutionCode,
                month: summary.month,
              })}
            </span>
            <Tag>{`v${summary.version}`}</Tag>
            {!summary.current && <Tag color="orange">{t('payment.supersededTag')}</Tag>}
          </BackTitle>
        }
      >
        {!summary.current && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('payment.supersededNote')}
          />
        )}
        <StatementFigures statement={statement} />
      </Card>
      <Card title={t('payment.settlementsTitle')}>
        <SettlementsTable statement={statement} />
      </Card>
      {statement.indicators && (
        <Card title={t('payment.indicatorsTitle')}>
          <Indicators indicators={statement.indicators} />
        </Card>
      )}
      {(POINT_METHODS.includes(statement.method) || data.caseCount > 0) && (
        <Card title={t('payment.casesTitle', { count: formatCount(data.caseCount) })}>
          <Table<StatementCase>
            rowKey="mdtrtId"
            size="small"
            loading={loading}
            columns={columns}
            dataSource={data.cases}
            scroll={{ x: 1900 }}
            pagination={{
              current: data.page,
              pageSize: data.pageSize,
              total: data.caseCount,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100, 200],
              showTotal: (total) => t('table.total', { total }),
              onChange: (next, size) => {
                setPage(size === pageSize ? next : 1)
                setPageSize(size)
              },
            }}
            data-testid="statement-cases"
          />
        </Card>
      )}
    </Space>
  )
}
