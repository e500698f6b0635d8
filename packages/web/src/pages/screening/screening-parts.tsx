// SPDX-License-Identifier: Apache-2.0
// The parts the screening pages share: a subject's name, an indicator's value in its unit, the
// table of indicators against the peers, a risk score, and the drill-down drawer of one
// encounter (header, diagnoses, operations, fee lines and settlements).
import { Alert, Descriptions, Drawer, Space, Spin, Table, Tag, Typography } from 'antd'
import type { TableColumnsType, TableColumnType } from 'antd'
import {
  getScreeningEncounter,
  type EncounterDiagnosis,
  type EncounterFeeLine,
  type EncounterOperation,
  type EncounterSettlement,
  type IndicatorReading,
  type ScreeningSubject,
} from '../../api'
import { errorText } from '../../feedback'
import {
  formatCount,
  formatDateTime,
  formatDecimal,
  formatFen,
  formatPercent,
  orDash,
} from '../../format'
import { useLoader } from '../../hooks'
import { codeName, useT } from '../../i18n'

/** A right-aligned column of an amount in fen, shown in yuan (`data-fen` keeps the fen). */
export function fenColumn<T extends { amount: number }>(
  title: string,
  width: number
): TableColumnType<T> {
  return {
    title,
    dataIndex: 'amount',
    width,
    align: 'right',
    render: (_: unknown, row: T) => (
      <span data-field="amount" data-fen={row.amount}>
        {formatFen(row.amount)}
      </span>
    ),
  }
}

/** A right-aligned column of a hit count. */
export function hitsColumn<T extends { hits: number }>(
  title: string,
  width: number
): TableColumnType<T> {
  return {
    title,
    dataIndex: 'hits',
    width,
    align: 'right',
    render: (_: unknown, row: T) => (
      <span data-field="hits" data-count={row.hits}>
        {formatCount(row.hits)}
      </span>
    ),
  }
}

/** A column of an indicator's value or its peers' median, in the indicator's unit. */
function readingColumn(
  title: string,
  field: 'value' | 'peerMedian'
): TableColumnType<IndicatorReading> {
  return {
    title,
    dataIndex: field,
    align: 'right',
    width: 130,
    render: (_: unknown, row: IndicatorReading) => (
      <span data-field={field} data-value={row[field]}>
        {indicatorValue(row.name, row[field])}
      </span>
    ),
  }
}

const SUBJECT_COLORS: Record<ScreeningSubject, string> = {
  ENCOUNTER: 'blue',
  PERSON: 'purple',
  INSTITUTION: 'volcano',
  DOCTOR: 'cyan',
}

/** What a pattern or hit is about (就诊, 参保人, 机构, 医生) as a tag. */
export function SubjectTag({ subject }: { subject: ScreeningSubject }) {
  const t = useT()
  return (
    <Tag color={SUBJECT_COLORS[subject] ?? 'default'} data-subject={subject}>
      {t(`screening.subject.${subject}`)}
    </Tag>
  )
}

/**
 * An indicator's value in its unit, as the models describe it: shares and rates (占比, 率) in
 * percent, costs (费用) in fen shown as yuan, the rest (days) as a number.
 */
export function indicatorValue(name: string, value: number): string {
  if (name.includes('占比') || name.includes('率')) return formatPercent(value, 1)
  if (name.includes('费用')) return formatFen(value)
  return formatDecimal(value, 1)
}

/** z above this is far from the peers (the risk score counts it). */
const FAR_Z = 2

/** The indicators of a subject against its peers: value, peers' median, z, percentile. */
export function IndicatorTable({
  indicators,
  testId,
}: {
  indicators: readonly IndicatorReading[]
  testId?: string
}) {
  const t = useT()
  const rows = [...indicators].sort((a, b) => b.z - a.z)
  const columns: TableColumnsType<IndicatorReading> = [
    { title: t('screening.indicator'), dataIndex: 'name' },
    readingColumn(t('screening.indicatorValue'), 'value'),
    readingColumn(t('screening.peerMedian'), 'peerMedian'),
    {
      title: t('screening.z'),
      dataIndex: 'z',
      align: 'right',
      width: 90,
      render: (_: unknown, row) => (
        <Typography.Text
          type={row.z > FAR_Z ? 'danger' : undefined}
          strong={row.z > FAR_Z}
          data-field="z"
          data-value={row.z}
        >
          {row.z.toFixed(2)}
        </Typography.Text>
      ),
    },
    {
      title: t('screening.percentile'),
      dataIndex: 'percentile',
      align: 'right',
      width: 100,
      render: (_: unknown, row) => formatPercent(row.percentile, 0),
    },
    {
      title: t('screening.peers'),
      dataIndex: 'peers',
      align: 'right',
      width: 90,
      render: (_: unknown, row) => formatCount(row.peers),
    },
  ]
  return (
    <Table<IndicatorReading>
      rowKey="name"
      size="small"
      columns={columns}
      dataSource={rows}
      pagination={false}
      locale={{ emptyText: t('screening.noIndicators') }}
      data-testid={testId}
    />
  )
}

/** A risk score 0–100, red from 60 and orange from 30. */
export function RiskScore({ score }: { score: number }) {
  const color = score >= 60 ? '#cf1322' : score >= 30 ? '#d46b08' : undefined
  return (
    <Typography.Text strong style={{ color }} data-field="score" data-score={score}>
      {formatDecimal(score, 1)}
    </Typography.Text>
  )
}

/** A day number (days since 1970-01-01) as `YYYY-MM-DD`. */
export function dayDate(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10)
}

const FEE_PAGE = 20

/** The encounter's header, diagnoses, operations, fee lines and settlements. */
function EncounterView({ mdtrtId }: { mdtrtId: string }) {
  const t = useT()
  const loaded = useLoader(() => getScreeningEncounter(mdtrtId), [mdtrtId], { quiet: true })
  const records = loaded.data?.encounter.mdtrtId === mdtrtId ? loaded.data : undefined
  if (!records) {
    if (loaded.loading) return <Spin style={{ display: 'block', marginTop: 60 }} />
    return (
      <Alert
        type="error"
        showIcon
        message={errorText(loaded.error)}
        data-testid="encounter-failed"
      />
    )
  }
  const e = records.encounter
  const diagnosisColumns: TableColumnsType<EncounterDiagnosis> = [
    { title: t('screening.enc.seq'), dataIndex: 'seq', width: 60 },
    { title: t('screening.enc.code'), dataIndex: 'code', width: 120 },
    {
      title: t('screening.enc.diagnosis'),
      dataIndex: 'name',
      render: (_: unknown, row) => (
        <Space size={4}>
          {row.name}
          {row.main && <Tag color="blue">{t('screening.enc.main')}</Tag>}
        </Space>
      ),
    },
    {
      title: t('screening.enc.diagType'),
      dataIndex: 'type',
      width: 90,
      render: (_: unknown, row) => codeName(t, 'screening.enc.diagType', row.type),
    },
  ]
  const operationColumns: TableColumnsType<EncounterOperation> = [
    { title: t('screening.enc.seq'), dataIndex: 'seq', width: 60 },
    { title: t('screening.enc.code'), dataIndex: 'code', width: 120 },
    {
      title: t('screening.enc.operation'),
      dataIndex: 'name',
      render: (_: unknown, row) => (
        <Space size={4}>
          {row.name}
          {row.main && <Tag color="blue">{t('screening.enc.main')}</Tag>}
        </Space>
      ),
    },
    { title: t('screening.enc.date'), dataIndex: 'date', width: 110, render: orDash },
  ]
  const feeColumns: TableColumnsType<EncounterFeeLine> = [
    {
      title: t('screening.enc.code'),
      dataIndex: 'code',
      width: 180,
      render: (_: unknown, row) => <span data-field="code">{row.code}</span>,
    },
    { title: t('screening.enc.itemName'), dataIndex: 'name' },
    {
      title: t('screening.enc.listType'),
      dataIndex: 'listType',
      width: 120,
      render: (_: unknown, row) => codeName(t, 'listType', row.listType),
    },
    {
      title: t('screening.enc.time'),
      dataIndex: 'time',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.time),
    },
    {
      title: t('screening.enc.quantity'),
      dataIndex: 'quantity',
      align: 'right',
      width: 80,
      render: (_: unknown, row) => formatDecimal(row.quantity, 4),
    },
    {
      title: t('screening.enc.price'),
      dataIndex: 'price',
      align: 'right',
      width: 110,
      render: (_: unknown, row) => `¥${formatDecimal(row.price / 10_000, 4)}`,
    },
    fenColumn(t('screening.enc.amount'), 120),
  ]
  const settlementColumns: TableColumnsType<EncounterSettlement> = [
    { title: t('screening.enc.setlId'), dataIndex: 'setlId', width: 150 },
    {
      title: t('screening.enc.time'),
      dataIndex: 'time',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.time),
    },
    ...(['medfeeSumamt', 'fulamtOwnpayAmt', 'fundPaySumamt', 'psnPartAmt'] as const).map((key) => ({
      title: t(`setl.${key}`),
      dataIndex: key,
      align: 'right' as const,
      render: (_: unknown, row: EncounterSettlement) => formatFen(row[key]),
    })),
  ]
  const feeTotal = records.feeLines.reduce((s, l) => s + l.amount, 0)
  const settlements = records.settlements ?? []
  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="encounter-view"
      data-mdtrt-id={e.mdtrtId}
    >
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }} data-testid="encounter-header">
        <Descriptions.Item label={t('screening.enc.mdtrtId')}>{e.mdtrtId}</Descriptions.Item>
        <Descriptions.Item label={t('screening.psnNo')}>{e.psnNo}</Descriptions.Item>
        <Descriptions.Item label={t('screening.institution')}>
          {e.institutionCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.enc.kind')}>
          {codeName(t, 'careKind', e.kind)}
          {' · '}
          {codeName(t, 'medType', e.medType)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.enc.begin')}>
          {formatDateTime(e.begin)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.enc.end')}>
          {formatDateTime(e.end)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.enc.dept')}>
          {orDash(e.admDept)}
          {e.dscgDept && e.dscgDept !== e.admDept ? ` → ${e.dscgDept}` : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.enc.chiefDoctor')}>
          {orDash(e.chiefDoctor)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.enc.insuType')}>
          {codeName(t, 'insuType', e.insuType)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.enc.admdvs')}>{e.admdvs}</Descriptions.Item>
        {e.deathDate && (
          <Descriptions.Item label={t('screening.enc.deathDate')}>
            <Typography.Text type="danger">{e.deathDate}</Typography.Text>
          </Descriptions.Item>
        )}
        {e.drgCode && (
          <Descriptions.Item label={t('screening.enc.drgCode')}>{e.drgCode}</Descriptions.Item>
        )}
      </Descriptions>
      <Table<EncounterDiagnosis>
        rowKey="id"
        size="small"
        title={() => t('screening.enc.diagnoses')}
        columns={diagnosisColumns}
        dataSource={records.diagnoses}
        pagination={false}
        locale={{ emptyText: t('screening.enc.none') }}
        data-testid="encounter-diagnoses"
      />
      {records.operations.length > 0 && (
        <Table<EncounterOperation>
          rowKey="id"
          size="small"
          title={() => t('screening.enc.operations')}
          columns={operationColumns}
          dataSource={records.operations}
          pagination={false}
          data-testid="encounter-operations"
        />
      )}
      <Table<EncounterFeeLine>
        rowKey="feedetlSn"
        size="small"
        title={() =>
          t('screening.enc.feeLines', {
            count: formatCount(records.feeLines.length),
            amount: formatFen(feeTotal),
          })
        }
        columns={feeColumns}
        dataSource={records.feeLines}
        scroll={{ x: 900 }}
        pagination={{
          pageSize: FEE_PAGE,
          hideOnSinglePage: true,
          showSizeChanger: false,
          showTotal: (total) => t('table.total', { total }),
        }}
        locale={{ emptyText: t('screening.enc.none') }}
        data-testid="encounter-fee-lines"
        data-count={records.feeLines.length}
        data-fen={feeTotal}
      />
      {settlements.length > 0 && (
        <Table<EncounterSettlement>
          rowKey="setlId"
          size="small"
          title={() => t('screening.enc.settlements')}
          columns={settlementColumns}
          dataSource={settlements}
          pagination={false}
          scroll={{ x: 800 }}
          data-testid="encounter-settlements"
        />
      )}
    </Space>
  )
}

/** The drill-down of one encounter in a drawer (above a cluster's modal); closed when null. */
export function EncounterDrawer({
  mdtrtId,
  onClose,
}: {
  mdtrtId: string | null
  onClose: () => void
}) {
  const t = useT()
  return (
    <Drawer
      open={mdtrtId !== null}
      width={1000}
      zIndex={1100}
      title={mdtrtId === null ? '' : t('screening.enc.title', { id: mdtrtId })}
      onClose={onClose}
      destroyOnHidden
    >
      <div data-testid="encounter-drawer">
        {mdtrtId !== null && <EncounterView mdtrtId={mdtrtId} />}
      </div>
    </Drawer>
  )
}
