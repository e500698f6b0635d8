// SPDX-License-Identifier: Apache-2.0
// A companion cluster (结伴就医) as a graph: the persons as nodes, an edge where two of them went
// to the same institution at the same time, labelled with the number of such days (force
// layout); below it the persons, the co-visits with their dates and the encounters involved,
// each opening the encounter's drill-down.
import { useMemo } from 'react'
import { Alert, Button, Descriptions, Modal, Space, Spin, Table, Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { getScreeningCluster, type ClusterEdge, type ScreeningCluster } from '../../api'
import { Chart, type ChartOption } from '../../components/Chart'
import { errorText } from '../../feedback'
import { formatCount, formatFen } from '../../format'
import { useLoader } from '../../hooks'
import { useT, type Translate } from '../../i18n'
import { dayDate } from './screening-parts'

const HIT_COLOR = '#cf1322'
const PERSON_COLOR = '#1f6fb2'

function graphOption(cluster: ScreeningCluster, t: Translate): ChartOption {
  const flagged = new Set(cluster.hits.map((h) => h.psnNo))
  const degree = new Map<string, number>()
  for (const e of cluster.edges) {
    degree.set(e.a, (degree.get(e.a) ?? 0) + 1)
    degree.set(e.b, (degree.get(e.b) ?? 0) + 1)
  }
  return {
    tooltip: {
      formatter: (params: unknown) => {
        const p = params as {
          dataType?: string
          name?: string
          value?: number
          data?: { source?: string; target?: string }
        }
        if (p.dataType === 'edge') {
          return t('screening.cluster.edgeTip', {
            a: p.data?.source ?? '',
            b: p.data?.target ?? '',
            days: p.value ?? 0,
          })
        }
        return p.name ?? ''
      },
    },
    series: [
      {
        type: 'graph',
        layout: 'force',
        roam: true,
        draggable: true,
        force: { repulsion: 420, edgeLength: [140, 220], gravity: 0.08 },
        label: { show: true, position: 'bottom', fontSize: 11 },
        edgeLabel: {
          show: true,
          fontSize: 12,
          formatter: (params: unknown) =>
            t('screening.cluster.daysLabel', { days: (params as { value?: number }).value ?? 0 }),
        },
        lineStyle: { color: '#8c8c8c', opacity: 0.8, curveness: 0.1 },
        emphasis: { focus: 'adjacency' },
        data: cluster.persons.map((psn) => ({
          name: psn,
          symbolSize: 28 + 6 * (degree.get(psn) ?? 0),
          itemStyle: { color: flagged.has(psn) ? HIT_COLOR : PERSON_COLOR },
        })),
        links: cluster.edges.map((e) => ({
          source: e.a,
          target: e.b,
          value: e.days.length,
          lineStyle: { width: 1 + e.days.length },
        })),
      },
    ],
  }
}

/** The cluster's graph, persons, co-visits and encounters. */
function ClusterView({
  cluster,
  onEncounter,
}: {
  cluster: ScreeningCluster
  onEncounter: (mdtrtId: string) => void
}) {
  const t = useT()
  const option = useMemo(() => graphOption(cluster, t), [cluster, t])
  const encounters = useMemo(
    () => [...new Set(cluster.edges.flatMap((e) => e.encounters))].sort(),
    [cluster]
  )
  const amount = cluster.hits.reduce((s, h) => s + h.amount, 0)
  const encounterLink = (id: string) => (
    <Button
      key={id}
      type="link"
      size="small"
      style={{ padding: 0 }}
      onClick={() => onEncounter(id)}
      data-testid={`cluster-encounter-${id}`}
      data-mdtrt-id={id}
    >
      {id}
    </Button>
  )
  const columns: TableColumnsType<ClusterEdge> = [
    {
      title: t('screening.cluster.pair'),
      key: 'pair',
      width: 300,
      render: (_: unknown, row) => `${row.a} — ${row.b}`,
    },
    {
      title: t('screening.cluster.dayCount'),
      key: 'dayCount',
      width: 90,
      align: 'right',
      render: (_: unknown, row) => formatCount(row.days.length),
    },
    {
      title: t('screening.cluster.days'),
      key: 'days',
      render: (_: unknown, row) => row.days.map(dayDate).join('、'),
    },
  ]
  return (
    <Space
      direction="vertical"
      size="middle"
      style={{ width: '100%' }}
      data-testid="cluster-view"
      data-cluster-id={cluster.id}
    >
      <Descriptions size="small" bordered column={{ xs: 1, md: 2 }}>
        <Descriptions.Item label={t('screening.cluster.id')}>{cluster.id}</Descriptions.Item>
        <Descriptions.Item label={t('screening.institution')}>
          {cluster.institutionCode}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.cluster.persons')}>
          {formatCount(cluster.persons.length)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.suspectedAmount')}>
          {formatFen(amount)}
        </Descriptions.Item>
      </Descriptions>
      <Chart option={option} height={380} testId="cluster-graph" />
      <Typography.Text type="secondary">{t('screening.cluster.legend')}</Typography.Text>
      <Space wrap data-testid="cluster-persons">
        <Typography.Text strong>{t('screening.cluster.personsList')}：</Typography.Text>
        {cluster.persons.map((psn) => (
          <Tag
            key={psn}
            data-psn={psn}
            color={cluster.hits.some((h) => h.psnNo === psn) ? 'red' : 'blue'}
          >
            {psn}
          </Tag>
        ))}
      </Space>
      <Table<ClusterEdge>
        rowKey={(row) => `${row.a}|${row.b}`}
        size="small"
        title={() => t('screening.cluster.edges')}
        columns={columns}
        dataSource={cluster.edges}
        pagination={false}
        data-testid="cluster-edges"
      />
      <div data-testid="cluster-encounters" data-count={encounters.length}>
        <Typography.Text strong>
          {t('screening.cluster.encounters', { count: encounters.length })}：
        </Typography.Text>
        <Space wrap size={[12, 4]}>
          {encounters.map(encounterLink)}
        </Space>
      </div>
    </Space>
  )
}

/** The cluster of a run in a modal; closed when `clusterId` is null. */
export function ClusterModal({
  runId,
  clusterId,
  onClose,
  onEncounter,
}: {
  runId: string
  clusterId: string | null
  onClose: () => void
  onEncounter: (mdtrtId: string) => void
}) {
  const t = useT()
  const loaded = useLoader(() => getScreeningCluster(runId, clusterId ?? ''), [runId, clusterId], {
    skip: clusterId === null,
    quiet: true,
  })
  const cluster = loaded.data?.id === clusterId ? loaded.data : undefined
  return (
    <Modal
      open={clusterId !== null}
      width={960}
      title={t('screening.cluster.title')}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      <div data-testid="cluster-modal">
        {cluster ? (
          <ClusterView cluster={cluster} onEncounter={onEncounter} />
        ) : loaded.loading ? (
          <Spin style={{ display: 'block', margin: '60px auto' }} />
        ) : (
          loaded.error !== undefined && (
            <Alert type="error" showIcon message={errorText(loaded.error)} />
          )
        )}
      </div>
    </Modal>
  )
}
