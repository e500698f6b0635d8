// SPDX-License-Identifier: Apache-2.0
// 检查结果 of a draw's objects: the result (书面 or 实地, 无问题 or 发现问题 with the rectification
// deadline) recorded by the inspector, the rectification and the publication within 20 working
// days, each flagged 逾期 when late; and the year's written and on-site coverage by type with the
// result publication list.
import { useState } from 'react'
import { DownloadOutlined, SearchOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, InputNumber, Radio, Space, Table, Tag, Tooltip } from 'antd'
import type { TableColumnsType } from 'antd'
import {
  getInspectionCoverage,
  inspectionPublicationUrl,
  listInspectionResults,
  recordInspectionResult,
  updateInspectionResult,
  type DrawnObject,
  type InspectionCoverage,
  type InspectionResult,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { DateItem, TextItem } from '../../components/FormItems'
import { StepModalButton } from '../../components/StepModalButton'
import { formatCount, formatFen, formatPercent, yuanToFen } from '../../format'
import { useLoader } from '../../hooks'
import { useT, type Translate } from '../../i18n'
import { InstitutionTypeTag } from './supervision-labels'

interface ResultValues {
  kind: InspectionResult['kind']
  inspectedOn: string
  outcome: InspectionResult['outcome']
  summary: string
  amount?: number | null
  rectifyBy?: string
}

/** A radio group of a form item. */
function RadioItem<V extends string>({
  name,
  label,
  values,
  text,
  testId,
}: {
  name: string
  label: string
  values: readonly V[]
  text: (value: V) => string
  testId: string
}) {
  return (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <Radio.Group
        data-testid={testId}
        options={values.map((v) => ({ value: v, label: text(v) }))}
      />
    </Form.Item>
  )
}

/** The fields of a result. */
function ResultFields() {
  const t = useT()
  return (
    <>
      <RadioItem
        name="kind"
        label={t('inspectionResult.kind')}
        values={['WRITTEN', 'ONSITE'] as const}
        text={(v) => t(`inspectionResult.kind.${v}`)}
        testId="result-kind"
      />
      <DateItem
        name="inspectedOn"
        label={t('inspectionResult.inspectedOn')}
        testId="result-inspected-on"
      />
      <RadioItem
        name="outcome"
        label={t('inspectionResult.outcome')}
        values={['NO_ISSUE', 'ISSUES'] as const}
        text={(v) => t(`inspectionResult.outcome.${v}`)}
        testId="result-outcome"
      />
      <TextItem name="summary" label={t('inspectionResult.summary')} testId="result-summary" />
      <Form.Item name="amount" label={t('inspectionResult.amount')}>
        <InputNumber min={0} precision={2} style={{ width: 160 }} data-testid="result-amount" />
      </Form.Item>
      <DateItem
        name="rectifyBy"
        label={t('inspectionResult.rectifyBy')}
        testId="result-rectify-by"
        required={false}
      />
    </>
  )
}

/** A recorded result: its outcome, kind and summary. */
function ResultCell({ result }: { result: InspectionResult }) {
  const t = useT()
  return (
    <Tooltip title={result.summary}>
      <Space size={4} wrap data-field="outcome" data-outcome={result.outcome}>
        <Tag color={result.outcome === 'ISSUES' ? 'red' : 'green'}>
          {t(`inspectionResult.outcome.${result.outcome}`)}
        </Tag>
        <span>{`${t(`inspectionResult.kind.${result.kind}`)} ${result.inspectedOn}`}</span>
        {result.amount !== null && <span data-fen={result.amount}>{formatFen(result.amount)}</span>}
      </Space>
    </Tooltip>
  )
}

/** A deadline met on a date, or still open and flagged 逾期 when late. */
function DueCell({
  t,
  field,
  due,
  done,
  overdue,
}: {
  t: Translate
  field: string
  due: string
  done: string | null
  overdue: boolean
}) {
  return (
    <Space size={4} wrap>
      <span>
        {t('inspectionResult.due')}
        <span data-field={field}>{due}</span>
      </span>
      {done !== null ? (
        <Tag color="green">{t('inspectionResult.doneOn', { date: done })}</Tag>
      ) : (
        overdue && (
          <Tag color="red" data-field={`${field}-overdue`}>
            {t('inspectionResult.overdue')}
          </Tag>
        )
      )}
    </Space>
  )
}

/** The result, rectification and publication columns of a draw's objects. */
export function useResultColumns(drawId: string): TableColumnsType<DrawnObject> {
  const t = useT()
  const manage = can(useUser(), 'inspections.manage')
  const results = useLoader(() => listInspectionResults({ draw: drawId }), [drawId])
  const byCode = new Map((results.data?.items ?? []).map((r) => [r.institutionCode, r]))
  const progress = (
    code: string,
    step: 'rectify' | 'publish',
    fields: { date: string; text: string }
  ) => (
    <StepModalButton<Record<string, string>, InspectionResult>
      label={t(`inspectionResult.${step}`)}
      testId={`result-${step}-${code}`}
      fields={
        <>
          <DateItem
            name={fields.date}
            label={t('inspectionResult.doneDate')}
            testId={`result-${step}-date`}
          />
          <Form.Item name={fields.text} label={t(`inspectionResult.${step}Text`)}>
            <Input data-testid={`result-${step}-text`} />
          </Form.Item>
        </>
      }
      body={(v) => v}
      send={(body) => updateInspectionResult(drawId, code, body)}
      onDone={results.reload}
    />
  )
  /** A deadline of a result, met or not, with the button recording it. */
  const stepColumn = (
    key: 'rectification' | 'publication',
    step: 'rectify' | 'publish',
    due: (r: InspectionResult) => string | null,
    how: {
      field: string
      done: (r: InspectionResult) => string | null
      overdue: (r: InspectionResult) => boolean
      date: string
      text: string
    }
  ): TableColumnsType<DrawnObject>[number] => ({
    title: t(`inspectionResult.${key}`),
    key,
    width: 240,
    render: (_: unknown, row) => {
      const result = byCode.get(row.object.code)
      const date = result && due(result)
      if (!result || !date) return '—'
      return (
        <Space direction="vertical" size={4}>
          <DueCell
            t={t}
            field={how.field}
            due={date}
            done={how.done(result)}
            overdue={how.overdue(result)}
          />
          {manage && how.done(result) === null && progress(row.object.code, step, how)}
        </Space>
      )
    },
  })
  return [
    {
      title: t('inspectionResult.result'),
      key: 'result',
      width: 260,
      render: (_: unknown, row) => {
        const result = byCode.get(row.object.code)
        if (result) return <ResultCell result={result} />
        if (!manage) return '—'
        return (
          <StepModalButton<ResultValues, InspectionResult>
            label={t('inspectionResult.record')}
            testId={`result-record-${row.object.code}`}
            primary
            fields={<ResultFields />}
            body={(v) => ({
              ...v,
              amount: yuanToFen(v.amount) ?? undefined,
              rectifyBy: v.rectifyBy || undefined,
            })}
            send={(body) =>
              recordInspectionResult(
                drawId,
                row.object.code,
                body as Parameters<typeof recordInspectionResult>[2]
              )
            }
            onDone={results.reload}
          />
        )
      },
    },
    stepColumn('rectification', 'rectify', (r) => r.rectifyBy, {
      field: 'rectifyBy',
      done: (r) => r.rectifiedOn,
      overdue: (r) => r.rectificationOverdue,
      date: 'rectifiedOn',
      text: 'followUp',
    }),
    stepColumn('publication', 'publish', (r) => r.publishBy, {
      field: 'publishBy',
      done: (r) => r.publishedOn,
      overdue: (r) => r.publicationOverdue,
      date: 'publishedOn',
      text: 'publicationUrl',
    }),
  ]
}

/** A year's written and on-site coverage by institution type, with the publication list. */
export function CoverageTab() {
  const t = useT()
  const [year, setYear] = useState(new Date().getFullYear())
  const [asked, setAsked] = useState<number | null>(year)
  const coverage = useLoader(() => getInspectionCoverage(year), [year])
  /** The inspected count and share of one kind of inspection. */
  const kindColumns = (
    key: 'written' | 'onsite',
    kind: InspectionResult['kind']
  ): TableColumnsType<InspectionCoverage> => [
    { title: t(`inspectionResult.kind.${kind}`), dataIndex: key, align: 'right' },
    {
      title: t(`inspectionResult.${key}Share`),
      dataIndex: `${key}Share`,
      align: 'right',
      render: (_: unknown, row) => (
        <span data-field={`${key}Share`} data-share={row[`${key}Share`]}>
          {formatPercent(row[`${key}Share`])}
        </span>
      ),
    },
  ]
  const columns: TableColumnsType<InspectionCoverage> = [
    {
      title: t('inspection.type'),
      dataIndex: 'type',
      render: (_: unknown, row) => <InstitutionTypeTag type={row.type} />,
    },
    {
      title: t('inspectionResult.institutions'),
      dataIndex: 'institutions',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.institutions),
    },
    ...kindColumns('written', 'WRITTEN'),
    ...kindColumns('onsite', 'ONSITE'),
  ]
  return (
    <Card
      title={t('inspectionResult.coverageTitle', { year })}
      extra={
        <Button
          icon={<DownloadOutlined />}
          href={inspectionPublicationUrl(year)}
          data-testid="results-publication"
        >
          {t('inspectionResult.publicationList')}
        </Button>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Space>
          {t('inspectionResult.year')}
          <InputNumber
            min={2000}
            max={2100}
            precision={0}
            value={asked}
            onChange={setAsked}
            data-testid="coverage-year"
          />
          <Button
            icon={<SearchOutlined />}
            onClick={() => asked !== null && setYear(asked)}
            data-testid="coverage-search"
          >
            {t('common.search')}
          </Button>
        </Space>
        <Table<InspectionCoverage>
          rowKey="type"
          size="small"
          loading={coverage.loading}
          pagination={false}
          columns={columns}
          dataSource={coverage.data?.items ?? []}
          data-testid="coverage-table"
        />
      </Space>
    </Card>
  )
}
