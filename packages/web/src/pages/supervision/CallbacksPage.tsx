// SPDX-License-Identifier: Apache-2.0
// 随机抽查回访: the draw of persons to call back from a period's settlements (stratified by
// institution type, weighted by stay and flagged amount; the seed makes it reproducible) and the
// draws so far with how far the calls have got. A draw opens its call list.
import { DownloadOutlined, ThunderboltOutlined } from '@ant-design/icons'
import { Button, Card, Form, InputNumber, Space, Table, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link, useNavigate } from 'react-router'
import {
  callbackExportUrl,
  drawCallbacks,
  listCallbackDraws,
  type CallbackDrawSummary,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { DateItem } from '../../components/FormItems'
import { RunForm } from '../../components/RunForm'
import { SeedField } from '../../components/SeedField'
import { showSuccess } from '../../feedback'
import { formatCount } from '../../format'
import { useAttempt, useLoader } from '../../hooks'
import { useT } from '../../i18n'
import { createdColumns } from './supervision-labels'

/** The path of a call list. */
export function callbackPath(id: string): string {
  return `/callbacks/${encodeURIComponent(id)}`
}

interface DrawValues {
  from: string
  to: string
  size: number
  seed?: string
}

/** The draw form; a draw opens its call list. */
function DrawCard() {
  const t = useT()
  const navigate = useNavigate()
  const [form] = Form.useForm<DrawValues>()
  const { busy, error, attempt } = useAttempt()
  const run = (v: DrawValues) =>
    attempt(async () => {
      const seed = v.seed?.trim()
      const list = await drawCallbacks({
        from: v.from.trim(),
        to: v.to.trim(),
        size: v.size,
        ...(seed ? { seed: Number(seed) } : {}),
      })
      showSuccess(t('callback.drawnToast', { count: list.drawn, seed: list.seed }))
      navigate(callbackPath(list.id))
    })
  return (
    <Card title={t('callback.drawTitle')}>
      <Typography.Paragraph type="secondary">{t('callback.drawHint')}</Typography.Paragraph>
      <RunForm<DrawValues>
        form={form}
        onRun={(v) => void run(v)}
        label={t('callback.draw')}
        icon={<ThunderboltOutlined />}
        busy={busy}
        error={error}
        testId="callback-draw-run"
        initialValues={{ size: 20, seed: '' }}
      >
        <DateItem name="from" label={t('callback.from')} testId="callback-from" />
        <DateItem name="to" label={t('callback.to')} testId="callback-to" />
        <Form.Item
          name="size"
          label={t('callback.size')}
          rules={[{ required: true, message: t('form.required') }]}
        >
          <InputNumber min={1} precision={0} style={{ width: 100 }} data-testid="callback-size" />
        </Form.Item>
        <SeedField hint={t('callback.seedHint')} testId="callback-seed" width={140} />
      </RunForm>
    </Card>
  )
}

/** A count of a draw's row, its number in `data-count`. */
function countColumn(
  title: string,
  key: 'drawn' | 'answered' | 'reached' | 'mismatches'
): TableColumnsType<CallbackDrawSummary>[number] {
  return {
    title,
    dataIndex: key,
    width: 90,
    align: 'right',
    render: (_: unknown, row) => (
      <span data-field={key} data-count={row[key]}>
        {formatCount(row[key])}
      </span>
    ),
  }
}

/** The draws so far, newest first. */
function DrawsCard() {
  const t = useT()
  const { data, loading } = useLoader(listCallbackDraws, [])
  const columns: TableColumnsType<CallbackDrawSummary> = [
    {
      title: t('callback.drawId'),
      dataIndex: 'id',
      render: (_: unknown, row) => (
        <Link to={callbackPath(row.id)} data-testid={`callback-link-${row.id}`}>
          {row.id}
        </Link>
      ),
    },
    {
      title: t('callback.period'),
      key: 'period',
      width: 200,
      render: (_: unknown, row) => `${row.from} ～ ${row.to}`,
    },
    { title: t('inspection.seed'), dataIndex: 'seed', width: 120, align: 'right' },
    countColumn(t('callback.drawn'), 'drawn'),
    countColumn(t('callback.answered'), 'answered'),
    countColumn(t('callback.reached'), 'reached'),
    countColumn(t('callback.mismatches'), 'mismatches'),
    ...createdColumns<CallbackDrawSummary>(t),
    {
      title: '',
      key: 'export',
      width: 100,
      render: (_: unknown, row) => (
        <Button
          type="link"
          size="small"
          icon={<DownloadOutlined />}
          href={callbackExportUrl(row.id)}
        >
          {t('clue.export')}
        </Button>
      ),
    },
  ]
  return (
    <Card title={t('callback.drawsTitle')}>
      <Table<CallbackDrawSummary>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 1100 }}
        pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        locale={{ emptyText: t('callback.noDraws') }}
        data-testid="callback-draws"
      />
    </Card>
  )
}

/** The call-backs page. */
export function CallbacksPage() {
  const t = useT()
  const user = useUser()
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('callback.title')}
      </Typography.Title>
      {can(user, 'callbacks.manage') && <DrawCard />}
      <DrawsCard />
    </Space>
  )
}
