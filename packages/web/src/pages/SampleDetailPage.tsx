// SPDX-License-Identifier: Apache-2.0
// One sample: record the re-review result (PASS / ERROR with the wrong amount) of each drawn
// claim, see the per-institution extrapolation (外推), and — for the fund manager — apply the
// extrapolation as deductions.
import { useState } from 'react'
import { CheckOutlined } from '@ant-design/icons'
import {
  App,
  Button,
  Card,
  Descriptions,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { useParams } from 'react-router'
import {
  ApiError,
  applySample,
  checkSampleItem,
  getSample,
  type SampleItem,
  type SampleResult,
  type SampleStratum,
} from '../api'
import { can } from '../access'
import { useUser } from '../auth'
import { BackTitle } from '../components/BackTitle'
import { showError, showSuccess } from '../feedback'
import {
  fenToYuanText,
  formatCount,
  formatDateTime,
  formatFen,
  formatPercent,
  orDash,
  yuanToFen,
} from '../format'
import { useLoader } from '../hooks'
import { useT } from '../i18n'

function ResultTag({ result }: { result: SampleResult | null }) {
  const t = useT()
  if (result === 'PASS') return <Tag color="green">{t('sample.pass')}</Tag>
  if (result === 'ERROR') return <Tag color="red">{t('sample.error')}</Tag>
  return <Tag>{t('sample.unchecked')}</Tag>
}

/** The inline editor of one sampled claim's result. */
function ItemCheck({
  sampleId,
  item,
  onSaved,
}: {
  sampleId: string
  item: SampleItem
  onSaved: () => void
}) {
  const t = useT()
  const [result, setResult] = useState<SampleResult | null>(item.result)
  const [errorAmount, setErrorAmount] = useState<string | null>(
    item.errorAmount === null ? null : fenToYuanText(item.errorAmount)
  )
  const [note, setNote] = useState(item.note ?? '')
  const [busy, setBusy] = useState(false)

  const save = async () => {
    if (!result) return
    let fen: number | undefined
    if (result === 'ERROR') {
      const parsed = yuanToFen(errorAmount)
      if (parsed === null || parsed <= 0) {
        showError(new Error(t('sample.errorAmountRequired')))
        return
      }
      if (parsed > item.amount) {
        showError(new Error(t('sample.errorAmountTooLarge', { amount: formatFen(item.amount) })))
        return
      }
      fen = parsed
    }
    setBusy(true)
    try {
      await checkSampleItem(sampleId, item.mdtrtId, {
        result,
        ...(fen !== undefined ? { errorAmount: fen } : {}),
        ...(note.trim() !== '' ? { note: note.trim() } : {}),
      })
      showSuccess(t('sample.saved', { id: item.mdtrtId }))
      onSaved()
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Space wrap size={6}>
      <Radio.Group
        size="small"
        optionType="button"
        buttonStyle="solid"
        value={result}
        onChange={(e) => setResult(e.target.value as SampleResult)}
        options={[
          { value: 'PASS', label: t('sample.pass') },
          { value: 'ERROR', label: t('sample.error') },
        ]}
      />
      {result === 'ERROR' && (
        <InputNumber<string>
          size="small"
          stringMode
          min="0"
          precision={2}
          prefix="¥"
          placeholder={t('sample.errorAmount')}
          value={errorAmount}
          onChange={setErrorAmount}
          style={{ width: 130 }}
        />
      )}
      <Input
        size="small"
        placeholder={t('sample.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        style={{ width: 160 }}
      />
      <Button
        size="small"
        type="primary"
        icon={<CheckOutlined />}
        disabled={!result}
        loading={busy}
        onClick={() => void save()}
      >
        {t('common.save')}
      </Button>
    </Space>
  )
}

/** The page of one sample. */
export function SampleDetailPage() {
  const t = useT()
  const user = useUser()
  const { modal } = App.useApp()
  const { id = '' } = useParams()
  const { data, loading, error, reload } = useLoader(() => getSample(id), [id], { quiet: true })
  const [institution, setInstitution] = useState<string | undefined>(undefined)
  const [resultFilter, setResultFilter] = useState<'ALL' | 'NONE' | SampleResult>('ALL')

  if (error instanceof ApiError && error.status === 404) {
    return <Result status="404" title="404" subTitle={error.message} />
  }
  if (error) return <Result status="error" title={t('error.loadFailed')} subTitle={String(error)} />
  if (loading && !data) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />
  if (!data) return null

  const { sample, byInstitution, items } = data
  const mayCheck = can(user, 'samples.check') && !sample.appliedAt
  const mayApply = can(user, 'samples.apply')
  const checked = items.filter((item) => item.result !== null).length
  const projectedTotal = byInstitution.reduce((sum, row) => sum + row.projected, 0)
  const foundTotal = byInstitution.reduce((sum, row) => sum + row.errorAmount, 0)
  const unchecked = items.length - checked

  const confirmApply = () => {
    modal.confirm({
      title: t('sample.applyTitle'),
      content: t('sample.applyText', {
        amount: formatFen(foundTotal + projectedTotal),
        found: formatFen(foundTotal),
        projected: formatFen(projectedTotal),
        count: byInstitution.filter((row) => row.projected + row.errorAmount > 0).length,
      }),
      okText: t('sample.apply'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          await applySample(sample.id)
          showSuccess(t('sample.appliedDone'))
          reload()
        } catch (err) {
          showError(err)
        }
      },
    })
  }

  const strataColumns: TableColumnsType<SampleStratum> = [
    {
      title: t('finding.institution'),
      dataIndex: 'institutionName',
      fixed: 'left',
      width: 200,
      render: (_: unknown, row) => (
        <span>
          {row.institutionName}
          <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
            {row.institutionCode}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('sample.rate'),
      dataIndex: 'rate',
      align: 'right',
      width: 90,
      render: (_: unknown, row) => formatPercent(row.rate),
    },
    {
      title: t('sample.population'),
      dataIndex: 'population',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.population),
    },
    {
      title: t('sample.populationAmount'),
      dataIndex: 'populationAmount',
      align: 'right',
      render: (_: unknown, row) => formatFen(row.populationAmount),
    },
    {
      title: t('sample.sampled'),
      dataIndex: 'sampled',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.sampled),
    },
    {
      title: t('sample.sampledAmount'),
      dataIndex: 'sampledAmount',
      align: 'right',
      render: (_: unknown, row) => formatFen(row.sampledAmount),
    },
    {
      title: t('sample.checked'),
      dataIndex: 'checked',
      align: 'right',
      render: (_: unknown, row) => `${formatCount(row.checked)} / ${formatCount(row.sampled)}`,
    },
    {
      title: t('sample.errors'),
      dataIndex: 'errors',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.errors),
    },
    {
      title: t('sample.errorAmount'),
      dataIndex: 'errorAmount',
      align: 'right',
      render: (_: unknown, row) => formatFen(row.errorAmount),
    },
    {
      title: t('sample.errorRate'),
      dataIndex: 'errorRate',
      align: 'right',
      render: (_: unknown, row) => formatPercent(row.errorRate),
    },
    {
      title: t('sample.unsampledAmount'),
      dataIndex: 'unsampledAmount',
      align: 'right',
      render: (_: unknown, row) => formatFen(row.unsampledAmount),
    },
    {
      title: t('sample.projected'),
      dataIndex: 'projected',
      align: 'right',
      render: (_: unknown, row) => (
        <Typography.Text strong>{formatFen(row.projected)}</Typography.Text>
      ),
    },
  ]

  const itemColumns: TableColumnsType<SampleItem> = [
    { title: t('finding.mdtrtId'), dataIndex: 'mdtrtId', width: 170, ellipsis: true },
    { title: t('finding.psnNo'), dataIndex: 'psnNo', width: 130 },
    { title: t('finding.institutionCode'), dataIndex: 'institutionCode', width: 140 },
    {
      title: t('sample.claimAmount'),
      dataIndex: 'amount',
      align: 'right',
      width: 120,
      render: (_: unknown, row) => formatFen(row.amount),
    },
    {
      title: t('sample.result'),
      dataIndex: 'result',
      width: 100,
      render: (_: unknown, row) => <ResultTag result={row.result} />,
    },
    {
      title: t('sample.errorAmount'),
      dataIndex: 'errorAmount',
      align: 'right',
      width: 120,
      render: (_: unknown, row) => formatFen(row.errorAmount),
    },
    { title: t('sample.note'), dataIndex: 'note', ellipsis: true, render: orDash },
  ]
  if (mayCheck) {
    itemColumns.push({
      title: t('sample.record'),
      key: 'record',
      width: 480,
      render: (_: unknown, row) => (
        <ItemCheck
          key={`${row.mdtrtId}-${row.result ?? ''}-${row.errorAmount ?? ''}`}
          sampleId={sample.id}
          item={row}
          onSaved={reload}
        />
      ),
    })
  }

  const shownItems = items.filter(
    (item) =>
      (institution === undefined || item.institutionCode === institution) &&
      (resultFilter === 'ALL' ||
        (resultFilter === 'NONE' ? item.result === null : item.result === resultFilter))
  )

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <BackTitle to="/samples">
            {t('sample.detailTitle')}
            <Typography.Text type="secondary">{sample.id}</Typography.Text>
          </BackTitle>
        }
        extra={
          mayApply && (
            <Tooltip
              title={
                !sample.appliedAt && unchecked > 0 ? t('sample.applyUnchecked', { unchecked }) : ''
              }
            >
              <Button
                type="primary"
                danger
                disabled={sample.appliedAt !== null || unchecked > 0}
                onClick={confirmApply}
                data-testid="sample-apply"
              >
                {sample.appliedAt ? t('sample.alreadyApplied') : t('sample.apply')}
              </Button>
            </Tooltip>
          )
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'period', label: t('sample.period'), children: `${sample.from} ~ ${sample.to}` },
            { key: 'rate', label: t('sample.rate'), children: formatPercent(sample.rate) },
            { key: 'seed', label: t('sample.seed'), children: orDash(sample.seed) },
            {
              key: 'population',
              label: t('sample.population'),
              children: formatCount(sample.population),
            },
            { key: 'sampled', label: t('sample.sampled'), children: formatCount(sample.sampled) },
            {
              key: 'checked',
              label: t('sample.checked'),
              children: `${formatCount(checked)} / ${formatCount(items.length)}`,
            },
            { key: 'createdBy', label: t('common.createdBy'), children: orDash(sample.createdBy) },
            {
              key: 'createdAt',
              label: t('common.createdAt'),
              children: formatDateTime(sample.createdAt),
            },
            {
              key: 'appliedAt',
              label: t('sample.applied'),
              children: sample.appliedAt
                ? formatDateTime(sample.appliedAt)
                : t('sample.notApplied'),
            },
          ]}
        />
      </Card>
      <Card
        title={t('sample.extrapolation')}
        extra={t('sample.projectedTotal', { amount: formatFen(projectedTotal) })}
      >
        <Table<SampleStratum>
          rowKey="institutionCode"
          size="small"
          columns={strataColumns}
          dataSource={byInstitution}
          pagination={false}
          scroll={{ x: 1400 }}
        />
      </Card>
      <Card
        title={t('sample.items')}
        extra={
          <Space wrap>
            <Select
              allowClear
              placeholder={t('finding.institution')}
              style={{ width: 220 }}
              value={institution}
              onChange={setInstitution}
              options={byInstitution.map((row) => ({
                value: row.institutionCode,
                label: `${row.institutionName}（${row.institutionCode}）`,
              }))}
            />
            <Select<'ALL' | 'NONE' | SampleResult>
              style={{ width: 130 }}
              value={resultFilter}
              onChange={setResultFilter}
              options={[
                { value: 'ALL', label: t('filter.any') },
                { value: 'NONE', label: t('sample.unchecked') },
                { value: 'PASS', label: t('sample.pass') },
                { value: 'ERROR', label: t('sample.error') },
              ]}
            />
          </Space>
        }
      >
        <Table<SampleItem>
          rowKey="mdtrtId"
          size="small"
          loading={loading}
          columns={itemColumns}
          dataSource={shownItems}
          scroll={{ x: mayCheck ? 1500 : 1000 }}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        />
      </Card>
    </Space>
  )
}
