// SPDX-License-Identifier: Apache-2.0
// One 双随机 draw as it is published: the seed and the algorithm version (with the plan and the
// registers they reproduce the draw), the counts by institution type, and each drawn object with
// its team, the inspectors passed over for a declared conflict (回避) and its inspection result
// with rectification and publication; the publication list as xlsx.
import type { ReactNode } from 'react'
import { DownloadOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Descriptions, Space, Table, Tooltip, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import {
  INSTITUTION_TYPES,
  inspectionDrawExportUrl,
  type DrawnObject,
  type InspectionDraw,
  type InstitutionType,
} from '../../api'
import { formatCount, formatDateTime, formatDecimal, formatPercent } from '../../format'
import { useT } from '../../i18n'
import { useResultColumns } from './inspection-results'
import { CreditTag, InstitutionTypeTag } from './supervision-labels'

/** Inspectors by name (the id on hover), with their ids in `data-ids`. */
function People({
  ids,
  names,
  field,
}: {
  ids: readonly string[]
  names: ReadonlyMap<string, string>
  field: 'team' | 'avoided'
}) {
  if (ids.length === 0) return <>—</>
  return (
    <span data-field={field} data-ids={ids.join(',')}>
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 && '、'}
          <Tooltip title={id}>{names.get(id) ?? id}</Tooltip>
        </span>
      ))}
    </span>
  )
}

interface TypeCount {
  type: InstitutionType
  register: number
  drawn: number
}

/** The register and drawn counts of each institution type. */
function ByTypeTable({ draw }: { draw: InspectionDraw }) {
  const t = useT()
  const rows: TypeCount[] = INSTITUTION_TYPES.flatMap((type) => {
    const count = draw.byType[type]
    return count ? [{ type, ...count }] : []
  })
  const columns: TableColumnsType<TypeCount> = [
    {
      title: t('inspection.type'),
      dataIndex: 'type',
      render: (_: unknown, row) => <InstitutionTypeTag type={row.type} />,
    },
    {
      title: t('inspection.register'),
      dataIndex: 'register',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.register),
    },
    {
      title: t('inspection.drawn'),
      dataIndex: 'drawn',
      align: 'right',
      render: (_: unknown, row) => <span data-drawn={row.drawn}>{formatCount(row.drawn)}</span>,
    },
    {
      title: t('inspection.drawnShare'),
      key: 'share',
      align: 'right',
      render: (_: unknown, row) => formatPercent(row.register > 0 ? row.drawn / row.register : 0),
    },
  ]
  return (
    <Table<TypeCount>
      rowKey="type"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={rows}
      data-testid="draw-by-type"
    />
  )
}

/** A draw: the figures that make it reproducible, the counts by type and the objects drawn. */
export function DrawView({
  draw,
  names,
  title,
}: {
  draw: InspectionDraw
  names: ReadonlyMap<string, string>
  title?: ReactNode
}) {
  const t = useT()
  const resultColumns = useResultColumns(draw.id)
  const columns: TableColumnsType<DrawnObject> = [
    {
      title: t('inspection.code'),
      key: 'code',
      width: 140,
      fixed: 'left',
      render: (_: unknown, row) => <span data-code={row.object.code}>{row.object.code}</span>,
    },
    {
      title: t('inspection.name'),
      key: 'name',
      width: 220,
      render: (_: unknown, row) => row.object.name,
    },
    {
      title: t('inspection.type'),
      key: 'type',
      width: 130,
      render: (_: unknown, row) => <InstitutionTypeTag type={row.object.type} />,
    },
    {
      title: t('inspection.credit'),
      key: 'credit',
      width: 90,
      render: (_: unknown, row) => <CreditTag credit={row.object.credit} />,
    },
    {
      title: t('inspection.risk'),
      key: 'risk',
      align: 'right',
      width: 90,
      render: (_: unknown, row) => formatPercent(row.object.risk),
    },
    {
      title: t('inspection.weight'),
      dataIndex: 'weight',
      align: 'right',
      width: 90,
      render: (_: unknown, row) => formatDecimal(row.weight),
    },
    {
      title: t('inspection.team'),
      dataIndex: 'team',
      width: 200,
      render: (_: unknown, row) => <People ids={row.team} names={names} field="team" />,
    },
    {
      title: t('inspection.avoided'),
      dataIndex: 'avoided',
      width: 200,
      render: (_: unknown, row) => <People ids={row.avoided} names={names} field="avoided" />,
    },
    ...resultColumns,
  ]
  return (
    <Card
      title={title ?? t('inspection.resultTitle', { id: draw.id })}
      extra={
        <Button
          icon={<DownloadOutlined />}
          href={inspectionDrawExportUrl(draw.id)}
          data-testid="draw-export"
        >
          {t('inspection.export')}
        </Button>
      }
      data-testid="draw-result"
      data-draw-id={draw.id}
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Alert
          type="info"
          showIcon
          message={
            <Space size="large" wrap>
              <span>
                {t('inspection.seed')}：
                <Typography.Text strong copyable style={{ fontSize: 18 }} data-testid="draw-seed">
                  {String(draw.seed)}
                </Typography.Text>
              </span>
              <span>
                {t('inspection.algorithm')}：
                <Typography.Text code data-testid="draw-algorithm">
                  {draw.algorithm}
                </Typography.Text>
              </span>
            </Space>
          }
          description={t('inspection.reproduceNote')}
        />
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('inspection.drawId')}>{draw.id}</Descriptions.Item>
          <Descriptions.Item label={t('inspection.plan')}>
            {`${draw.plan.name}（${draw.planId}）`}
          </Descriptions.Item>
          <Descriptions.Item label={t('common.createdBy')}>{draw.createdBy}</Descriptions.Item>
          <Descriptions.Item label={t('common.createdAt')}>
            {formatDateTime(draw.createdAt)}
          </Descriptions.Item>
        </Descriptions>
        <ByTypeTable draw={draw} />
        <Table<DrawnObject>
          rowKey={(row) => row.object.code}
          size="small"
          columns={columns}
          dataSource={draw.objects}
          scroll={{ x: 1900 }}
          pagination={{
            pageSize: 100,
            hideOnSinglePage: true,
            showTotal: (total) => t('table.total', { total }),
          }}
          data-testid="draw-objects"
        />
      </Space>
    </Card>
  )
}
