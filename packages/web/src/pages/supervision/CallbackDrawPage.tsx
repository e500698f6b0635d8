// SPDX-License-Identifier: Apache-2.0
// One call list: how it was drawn, and per person what the records say (institution, dates,
// days, top items, total, fund paid, own payment) with the answer form; an answered call shows
// whether it matched, the reasons it did not and the clue made of it.
import { DownloadOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { Link, useParams } from 'react-router'
import {
  answerCallback,
  callbackExportUrl,
  getCallbackDraw,
  type CallbackItem,
  type CallbackList,
} from '../../api'
import { can, mayOpen } from '../../access'
import { useUser } from '../../auth'
import { BackTitle } from '../../components/BackTitle'
import { LoadFailed } from '../../components/LoadFailed'
import { StepModalButton } from '../../components/StepModalButton'
import {
  formatCount,
  formatDateTime,
  formatFen,
  optionalText,
  orDash,
  yuanToFen,
} from '../../format'
import { useLoader } from '../../hooks'
import { useT } from '../../i18n'
import { cluePath } from './clue-parts'
import { InstitutionTypeTag } from './supervision-labels'

const LIST = '/callbacks'

interface AnswerValues {
  reached: boolean
  received?: boolean
  days?: number | null
  ownPay?: number | null
  note?: string
}

/** The request body of an answer: nothing about the care when nobody was reached. */
function answerBody(v: AnswerValues) {
  const note = optionalText(v.note)
  if (!v.reached) return { reached: false, note }
  return {
    reached: true,
    received: v.received,
    days: v.days ?? undefined,
    ownPay: v.ownPay === null || v.ownPay === undefined ? undefined : yuanToFen(v.ownPay),
    note,
  }
}

/** 登记回访: the answer form of one call. */
function AnswerButton({
  list,
  item,
  onDone,
}: {
  list: CallbackList
  item: CallbackItem
  onDone: () => void
}) {
  const t = useT()
  const yesNo = (testId: string) => (
    <Radio.Group data-testid={testId}>
      <Radio value={true} data-testid={`${testId}-true`}>
        {t('common.yes')}
      </Radio>
      <Radio value={false} data-testid={`${testId}-false`}>
        {t('common.no')}
      </Radio>
    </Radio.Group>
  )
  return (
    <StepModalButton<AnswerValues, CallbackItem>
      label={t('callback.answer')}
      testId={`callback-answer-${item.seq}`}
      primary
      send={(body) => answerCallback(list.id, item.seq, body)}
      body={answerBody}
      onDone={onDone}
      fields={
        <>
          <Form.Item name="reached" label={t('callback.reachedLabel')} initialValue={true}>
            {yesNo('callback-reached')}
          </Form.Item>
          <Form.Item
            name="received"
            label={t('callback.receivedLabel')}
            tooltip={t('callback.receivedHint')}
          >
            {yesNo('callback-received')}
          </Form.Item>
          <Form.Item name="days" label={t('callback.daysSaid')}>
            <InputNumber min={0} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="ownPay" label={t('callback.ownPaySaid')}>
            <InputNumber min={0} precision={2} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="note" label={t('callback.note')}>
            <Input.TextArea rows={2} data-testid="callback-note" />
          </Form.Item>
        </>
      }
    />
  )
}

/** An answered call: 未接通, 相符 or 不符 with the reasons and the clue made of it. */
function AnswerView({ item }: { item: CallbackItem }) {
  const t = useT()
  const user = useUser()
  const a = item.answer!
  const result = !a.reached ? 'unreached' : a.mismatch ? 'mismatch' : 'match'
  const color = { unreached: 'default', mismatch: 'red', match: 'green' }[result]
  return (
    <Space
      direction="vertical"
      size={2}
      data-testid={`callback-result-${item.seq}`}
      data-result={result}
    >
      <Tag color={color}>{t(`callback.result.${result}`)}</Tag>
      {a.reasons.map((r) => (
        <Typography.Text key={r} type="danger" data-field="reason">
          {r}
        </Typography.Text>
      ))}
      {a.clueId !== null &&
        (mayOpen(user, 'clues') ? (
          <Link
            to={cluePath(a.clueId)}
            data-testid={`callback-clue-${item.seq}`}
            data-clue={a.clueId}
          >
            {t('callback.clue', { id: a.clueId })}
          </Link>
        ) : (
          <span data-clue={a.clueId}>{t('callback.clue', { id: a.clueId })}</span>
        ))}
      {a.note && <Typography.Text type="secondary">{a.note}</Typography.Text>}
    </Space>
  )
}

/** The call list. */
function ItemsTable({ list, onAnswered }: { list: CallbackList; onAnswered: () => void }) {
  const t = useT()
  const user = useUser()
  const manage = can(user, 'callbacks.manage')
  const fen = (key: 'total' | 'fundPaid' | 'ownPay', title: string) => ({
    title,
    key,
    width: 110,
    align: 'right' as const,
    render: (_: unknown, row: CallbackItem) => (
      <span data-field={key} data-fen={row.records[key]}>
        {formatFen(row.records[key])}
      </span>
    ),
  })
  const columns: TableColumnsType<CallbackItem> = [
    { title: t('callback.seq'), dataIndex: 'seq', width: 60, fixed: 'left' },
    {
      title: t('callback.person'),
      key: 'person',
      width: 150,
      fixed: 'left',
      render: (_: unknown, row) => (
        <Space direction="vertical" size={0}>
          <span data-field="psnNo">{row.psnNo}</span>
          <Typography.Text type="secondary">{orDash(row.records.personName)}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('callback.institution'),
      key: 'institution',
      width: 220,
      render: (_: unknown, row) => (
        <Space direction="vertical" size={0}>
          <span>
            <InstitutionTypeTag type={row.institutionType} />
            {row.institutionCode}
          </span>
          <Typography.Text type="secondary">{row.records.institutionName}</Typography.Text>
        </Space>
      ),
    },
    {
      title: t('callback.dates'),
      key: 'dates',
      width: 190,
      render: (_: unknown, row) => {
        const r = row.records
        if (r.begin === null) return formatDateTime(r.settledAt)
        return r.end === null || r.end === r.begin ? r.begin : `${r.begin} ～ ${r.end}`
      },
    },
    {
      title: t('callback.days'),
      key: 'days',
      width: 60,
      align: 'right',
      render: (_: unknown, row) => formatCount(row.records.days),
    },
    {
      title: t('callback.items'),
      key: 'items',
      width: 260,
      render: (_: unknown, row) => (
        <Space direction="vertical" size={0}>
          {row.records.items.map((i) => (
            <span key={i.code}>
              {i.name} {formatFen(i.amount)}
            </span>
          ))}
        </Space>
      ),
    },
    fen('total', t('callback.total')),
    fen('fundPaid', t('callback.fundPaid')),
    fen('ownPay', t('callback.ownPay')),
    {
      title: t('callback.answerTitle'),
      key: 'answer',
      width: 240,
      render: (_: unknown, row) =>
        row.answer !== null ? (
          <AnswerView item={row} />
        ) : manage ? (
          <AnswerButton list={list} item={row} onDone={onAnswered} />
        ) : (
          <Tag>{t('callback.result.pending')}</Tag>
        ),
    },
  ]
  return (
    <Table<CallbackItem>
      rowKey="seq"
      size="middle"
      columns={columns}
      dataSource={list.items}
      scroll={{ x: 1600 }}
      pagination={false}
      data-testid="callback-items"
    />
  )
}

/** The page of one call list. */
export function CallbackDrawPage() {
  const t = useT()
  const { id = '' } = useParams()
  const loaded = useLoader(() => getCallbackDraw(id), [id], { quiet: true })
  const list = loaded.data?.id === id ? loaded.data : undefined
  if (!list) return <LoadFailed loading={loaded.loading} error={loaded.error} back={LIST} />
  return (
    <Card
      data-draw-id={list.id}
      title={
        <BackTitle to={LIST}>
          <span data-testid="callback-title">{t('callback.listTitle', { id: list.id })}</span>
        </BackTitle>
      }
      extra={
        <Button icon={<DownloadOutlined />} href={callbackExportUrl(list.id)}>
          {t('clue.export')}
        </Button>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }}>
          <Descriptions.Item label={t('callback.period')}>
            {list.from} ～ {list.to}
          </Descriptions.Item>
          <Descriptions.Item label={t('inspection.seed')}>{list.seed}</Descriptions.Item>
          <Descriptions.Item label={t('callback.algorithm')}>{list.algorithm}</Descriptions.Item>
          <Descriptions.Item label={t('callback.counts')}>
            <span data-testid="callback-counts">
              {t('callback.countsText', {
                drawn: list.drawn,
                answered: list.answered,
                reached: list.reached,
                mismatches: list.mismatches,
              })}
            </span>
          </Descriptions.Item>
        </Descriptions>
        <ItemsTable list={list} onAnswered={loaded.reload} />
      </Space>
    </Card>
  )
}
