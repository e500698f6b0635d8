// SPDX-License-Identifier: Apache-2.0
// 复审队列: the undecided findings and the open screening results in one queue, ranked by the
// expected recoverable amount (amount × probability of being upheld — learned per rule or model
// once enough decisions exist, else a heuristic), scheduled over working days at the reviewers'
// capacity; the totals of the whole queue, and its entries paged by the server. A finding opens
// its page, a screening result on an encounter the encounter's drill-down.
import { useState } from 'react'
import { CalendarOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  Descriptions,
  Form,
  InputNumber,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router'
import { getReviewQueue, type ReviewQueue, type ReviewQueueItem } from '../../api'
import { mayOpen } from '../../access'
import { useUser } from '../../auth'
import { formatCount, formatFen, formatPercent } from '../../format'
import { useLoader, usePaging } from '../../hooks'
import { useT } from '../../i18n'
import { EncounterDrawer, fenColumn } from './screening-parts'

const DEFAULT_CAPACITY = 40

/** What the whole queue adds up to at the capacity. */
function Totals({ queue }: { queue: ReviewQueue }) {
  const t = useT()
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }} data-testid="queue-totals">
      <Descriptions.Item label={t('queue.total')}>
        <span data-testid="queue-total" data-count={queue.total}>
          {formatCount(queue.total)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('queue.amountTotal')}>
        <span data-testid="queue-amount" data-fen={queue.amountTotal}>
          {formatFen(queue.amountTotal)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('queue.expectedTotal')}>
        <span data-testid="queue-expected" data-fen={queue.expectedTotal}>
          {formatFen(queue.expectedTotal)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('queue.days')}>
        <span data-testid="queue-days" data-count={queue.days}>
          {t('queue.daysValue', {
            days: formatCount(queue.days),
            capacity: formatCount(queue.options.capacityPerDay),
          })}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('queue.learned')} span={2}>
        <Space wrap size={[4, 4]} data-testid="queue-learned" data-count={queue.learnedKeys.length}>
          {queue.learnedKeys.length === 0 ? (
            <Typography.Text type="secondary">
              {t('queue.noLearned', { min: queue.options.minDecisions })}
            </Typography.Text>
          ) : (
            queue.learnedKeys.map((key) => (
              <Tag key={key} color="green">
                {key}
              </Tag>
            ))
          )}
        </Space>
      </Descriptions.Item>
    </Descriptions>
  )
}

/** The queue page. */
export function ReviewQueuePage() {
  const t = useT()
  const user = useUser()
  const [form] = Form.useForm<{ capacity: number | null }>()
  const [capacity, setCapacity] = useState(DEFAULT_CAPACITY)
  const [drill, setDrill] = useState<string | null>(null)
  const { page, pageSize, setPage, pagination } = usePaging(20)
  const { data, loading } = useLoader(
    () => getReviewQueue({ capacity, page, pageSize }),
    [capacity, page, pageSize]
  )
  const findingLinks = mayOpen(user, 'findingDetail')

  const label = (row: ReviewQueueItem) => {
    const text = <span data-field="label">{row.label}</span>
    if (row.kind === 'FINDING' && findingLinks) {
      return (
        <Link
          to={`/findings/${encodeURIComponent(row.id)}`}
          data-testid={`queue-finding-${row.id}`}
        >
          {text}
        </Link>
      )
    }
    if (row.kind === 'SCREENING' && row.mdtrtId) {
      const mdtrtId = row.mdtrtId
      return (
        <Typography.Link
          onClick={() => setDrill(mdtrtId)}
          data-testid={`queue-encounter-${row.rank}`}
        >
          {text}
        </Typography.Link>
      )
    }
    return text
  }

  const columns: TableColumnsType<ReviewQueueItem> = [
    {
      title: t('queue.rank'),
      dataIndex: 'rank',
      width: 60,
      render: (_: unknown, row) => <span data-field="rank">{row.rank}</span>,
    },
    {
      title: t('queue.day'),
      dataIndex: 'day',
      width: 80,
      render: (_: unknown, row) => (
        <span data-field="day" data-count={row.day}>
          {t('queue.dayValue', { day: row.day })}
        </span>
      ),
    },
    {
      title: t('queue.kind'),
      dataIndex: 'kind',
      width: 70,
      render: (_: unknown, row) => (
        <Tag color={row.kind === 'FINDING' ? 'blue' : 'purple'} data-kind={row.kind}>
          {t(`queue.kind.${row.kind}`)}
        </Tag>
      ),
    },
    {
      title: t('queue.key'),
      dataIndex: 'key',
      width: 150,
      ellipsis: true,
      render: (_: unknown, row) => <Tooltip title={row.key}>{row.key}</Tooltip>,
    },
    { title: t('queue.label'), key: 'label', render: (_: unknown, row) => label(row) },
    { title: t('screening.institution'), dataIndex: 'institutionCode', width: 120 },
    fenColumn(t('queue.amount'), 110),
    {
      title: t('queue.probability'),
      dataIndex: 'probability',
      width: 140,
      align: 'right',
      render: (_: unknown, row) => (
        <Space size={4}>
          <span data-field="probability" data-value={row.probability}>
            {formatPercent(row.probability, 1)}
          </span>
          <Tag
            color={row.method === 'LEARNED' ? 'green' : 'default'}
            data-method={row.method}
            style={{ marginInlineEnd: 0 }}
          >
            {t(`queue.method.${row.method}`)}
          </Tag>
        </Space>
      ),
    },
    {
      title: t('queue.expected'),
      dataIndex: 'expected',
      width: 120,
      align: 'right',
      render: (_: unknown, row) => (
        <Typography.Text strong data-field="expected" data-fen={row.expected}>
          {formatFen(row.expected)}
        </Typography.Text>
      ),
    },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('queue.title')}
      </Typography.Title>
      <Card>
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          <Typography.Text type="secondary">
            {t('queue.intro', {
              min: data?.options.minDecisions ?? '—',
              prior: data?.options.priorWeight ?? '—',
            })}
          </Typography.Text>
          <Form
            form={form}
            layout="inline"
            initialValues={{ capacity: DEFAULT_CAPACITY }}
            onFinish={(values) => {
              setCapacity(values.capacity ?? DEFAULT_CAPACITY)
              setPage(1)
            }}
          >
            <Form.Item
              name="capacity"
              label={t('queue.capacity')}
              rules={[{ required: true, message: t('queue.capacityRequired') }]}
            >
              <InputNumber
                min={1}
                max={100_000}
                precision={0}
                style={{ width: 120 }}
                data-testid="queue-capacity"
              />
            </Form.Item>
            <Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                icon={<CalendarOutlined />}
                data-testid="queue-apply"
              >
                {t('queue.apply')}
              </Button>
            </Form.Item>
          </Form>
          {data && <Totals queue={data} />}
          {data && data.runId === null && (
            <Typography.Text type="secondary">{t('queue.noRun')}</Typography.Text>
          )}
        </Space>
      </Card>
      <Card title={t('queue.listTitle')}>
        <Table<ReviewQueueItem>
          rowKey="id"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 1100 }}
          pagination={pagination(data?.total ?? 0, (total) => t('table.total', { total }))}
          locale={{ emptyText: t('queue.none') }}
          data-testid="queue-table"
          data-total={data?.total ?? ''}
          data-capacity={data?.options.capacityPerDay ?? ''}
        />
      </Card>
      <EncounterDrawer mdtrtId={drill} onClose={() => setDrill(null)} />
    </Space>
  )
}
