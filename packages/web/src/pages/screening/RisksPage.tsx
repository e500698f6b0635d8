// SPDX-License-Identifier: Apache-2.0
// 机构风险: the risk scores (0–100) of the latest screening run, institutions and doctors each in a
// tab, highest first and paged by the server, with the hits and suspected amount behind each, the
// factors that weigh most as tags, and in an expanded row every indicator against the peers
// (value, peers' median, z, percentile) with all the factors.
import { useState } from 'react'
import { Alert, Card, Empty, Space, Table, Tabs, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router'
import {
  ApiError,
  getScreeningRun,
  listScreeningRisks,
  type RiskSubject,
  type ScreeningRisk,
  type ScreeningRun,
} from '../../api'
import { errorText } from '../../feedback'
import { formatDateTime, formatDecimal, orDash } from '../../format'
import { useLoader, usePaging } from '../../hooks'
import { useT } from '../../i18n'
import { fenColumn, hitsColumn, IndicatorTable, RiskScore } from './screening-parts'

/** The factors shown in the table; the expanded row shows every one. */
const TOP_FACTORS = 3

type Tab = Extract<RiskSubject, 'INSTITUTION' | 'DOCTOR'>

const TABS: readonly Tab[] = ['INSTITUTION', 'DOCTOR']

/** A factor and its points as a tag. */
function FactorTag({ factor }: { factor: ScreeningRisk['factors'][number] }) {
  return (
    <Tag color={factor.points >= 20 ? 'red' : factor.points >= 10 ? 'orange' : 'default'}>
      {factor.label} +{formatDecimal(factor.points, 1)}
    </Tag>
  )
}

/** Every factor and every indicator of a subject. */
function RiskDetails({ risk }: { risk: ScreeningRisk }) {
  const t = useT()
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      {risk.factors.length > 0 && (
        <Space wrap size={[4, 4]}>
          <Typography.Text strong>{t('risk.allFactors')}：</Typography.Text>
          {risk.factors.map((f) => (
            <FactorTag key={f.label} factor={f} />
          ))}
        </Space>
      )}
      <IndicatorTable indicators={risk.indicators} testId={`risk-indicators-${risk.subjectId}`} />
    </Space>
  )
}

/** The risk scores of one kind of subject, paged by the server. */
function RiskTable({ runId, subject }: { runId: string; subject: Tab }) {
  const t = useT()
  const { page, pageSize, pagination } = usePaging(20)
  const { data, loading } = useLoader(
    () => listScreeningRisks(runId, { subject, page, pageSize }),
    [runId, subject, page, pageSize]
  )
  const offset = (page - 1) * pageSize
  const columns: TableColumnsType<ScreeningRisk> = [
    {
      title: t('risk.rank'),
      key: 'rank',
      width: 70,
      render: (_: unknown, _row, index) => offset + index + 1,
    },
    {
      title: t(subject === 'INSTITUTION' ? 'risk.institution' : 'risk.doctor'),
      key: 'subject',
      width: 260,
      render: (_: unknown, row) => (
        <Space direction="vertical" size={0}>
          <span data-field="subjectId">{row.subjectId}</span>
          <Typography.Text type="secondary">
            {subject === 'INSTITUTION'
              ? orDash(row.institutionName)
              : `${row.institutionCode} ${row.institutionName ?? ''}`}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t('risk.score'),
      dataIndex: 'score',
      width: 100,
      align: 'right',
      render: (_: unknown, row) => <RiskScore score={row.score} />,
    },
    hitsColumn(t('screening.hits'), 80),
    fenColumn(t('screening.suspectedAmount'), 140),
    {
      title: t('risk.factors'),
      key: 'factors',
      render: (_: unknown, row) => (
        <Space wrap size={[4, 4]} data-field="factors">
          {row.factors.slice(0, TOP_FACTORS).map((f) => (
            <FactorTag key={f.label} factor={f} />
          ))}
          {row.factors.length > TOP_FACTORS && (
            <Typography.Text type="secondary">
              {t('risk.moreFactors', { count: row.factors.length - TOP_FACTORS })}
            </Typography.Text>
          )}
        </Space>
      ),
    },
  ]
  return (
    <Table<ScreeningRisk>
      rowKey="subjectId"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={data?.items ?? []}
      scroll={{ x: 1100 }}
      expandable={{
        rowExpandable: (row) => row.indicators.length > 0 || row.factors.length > 0,
        expandedRowRender: (row) => <RiskDetails risk={row} />,
      }}
      pagination={pagination(data?.total ?? 0, (total) => t('table.total', { total }))}
      locale={{ emptyText: t('risk.none') }}
      data-testid={`risk-table-${subject}`}
      data-total={data?.total ?? ''}
    />
  )
}

/** The run the scores come from. */
function RunLine({ run }: { run: ScreeningRun }) {
  const t = useT()
  return (
    <Typography.Text type="secondary" data-testid="risk-run" data-run-id={run.id}>
      {t('risk.basedOn', {
        id: run.id,
        from: orDash(run.periodFrom),
        to: orDash(run.periodTo),
        at: formatDateTime(run.finishedAt),
      })}
    </Typography.Text>
  )
}

/** The risk page. */
export function RisksPage() {
  const t = useT()
  const [tab, setTab] = useState<Tab>('INSTITUTION')
  const loaded = useLoader(() => getScreeningRun('latest'), [], { quiet: true })
  const run = loaded.data
  const none = loaded.error instanceof ApiError && loaded.error.status === 404
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('risk.title')}
      </Typography.Title>
      <Card loading={loaded.loading && !run}>
        {run ? (
          <Space direction="vertical" size="small" style={{ width: '100%' }}>
            <RunLine run={run} />
            <Typography.Text type="secondary">{t('risk.intro')}</Typography.Text>
            <Tabs
              activeKey={tab}
              onChange={(key) => setTab(key as Tab)}
              destroyOnHidden
              items={TABS.map((subject) => ({
                key: subject,
                label: <span data-testid={`risk-tab-${subject}`}>{t(`risk.tab.${subject}`)}</span>,
                children: <RiskTable runId={run.id} subject={subject} />,
              }))}
            />
          </Space>
        ) : none ? (
          <Empty
            description={
              <span>
                {t('screening.none')} <Link to="/screening">{t('risk.goScreening')}</Link>
              </span>
            }
            data-testid="risk-empty"
          />
        ) : (
          loaded.error !== undefined && (
            <Alert type="error" showIcon message={errorText(loaded.error)} />
          )
        )}
      </Card>
    </Space>
  )
}
