// SPDX-License-Identifier: Apache-2.0
// 协议与黑名单: the institutions' service agreements (履行中, 中止, 解除 with the date before which a
// new one may not be applied for), signed, suspended, resumed and terminated by the fund manager;
// the blacklists of institutions, staff and insured persons with the effect of each, added to by
// the inspector.
import { useState, type ReactNode } from 'react'
import { PlusOutlined, SearchOutlined } from '@ant-design/icons'
import {
  Card,
  Descriptions,
  Form,
  Input,
  Radio,
  Select,
  Space,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import {
  addBlacklistEntry,
  BLACKLIST_SUBJECTS,
  changeAgreement,
  listAgreements,
  listBlacklist,
  signAgreement,
  type Agreement,
  type AgreementStatus,
  type BlacklistEntry,
  type BlacklistSubject,
  type TerminationKind,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { DateItem, TextItem } from '../../components/FormItems'
import { RunForm } from '../../components/RunForm'
import { StepModalButton } from '../../components/StepModalButton'
import { showSuccess } from '../../feedback'
import { orDash } from '../../format'
import { useAttempt, useLoader, type Loaded } from '../../hooks'
import { useT } from '../../i18n'

const STATUS_COLORS: Record<AgreementStatus, string> = {
  ACTIVE: 'green',
  SUSPENDED: 'orange',
  TERMINATED: 'red',
}

const KINDS: readonly TerminationKind[] = ['VIOLATION', 'BREACH']

type Action = 'suspend' | 'resume' | 'terminate'

/** The actions an agreement's status allows. */
const ACTIONS: Record<AgreementStatus, readonly Action[]> = {
  ACTIVE: ['suspend', 'terminate'],
  SUSPENDED: ['resume', 'terminate'],
  TERMINATED: [],
}

/** A filter above a table of rows with an id, in a card. */
function ListCard<T extends { id: string }>({
  filter,
  loaded,
  columns,
  testId,
}: {
  filter: ReactNode
  loaded: Pick<Loaded<{ items: T[] }>, 'data' | 'loading'>
  columns: TableColumnsType<T>
  testId: string
}) {
  const t = useT()
  return (
    <Card>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {filter}
        <Table<T>
          rowKey="id"
          size="small"
          loading={loaded.loading}
          columns={columns}
          dataSource={loaded.data?.items ?? []}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
          data-testid={testId}
        />
      </Space>
    </Card>
  )
}

/** An agreement's status as a coloured tag. */
function AgreementStatusTag({ status }: { status: AgreementStatus }) {
  const t = useT()
  return (
    <Tag color={STATUS_COLORS[status]} data-field="status" data-status={status}>
      {t(`agreement.status.${status}`)}
    </Tag>
  )
}

interface ActionValues {
  date: string
  reason: string
  kind?: TerminationKind
}

/** The buttons suspending, resuming or terminating an agreement. */
function AgreementActions({ row, onDone }: { row: Agreement; onDone: () => void }) {
  const t = useT()
  return (
    <Space>
      {ACTIONS[row.status].map((action) => (
        <StepModalButton<ActionValues, Agreement>
          key={action}
          label={t(`agreement.action.${action}`)}
          testId={`agreement-${action}-${row.id}`}
          danger={action === 'terminate'}
          fields={
            <>
              <DateItem
                name="date"
                label={t('agreement.actionDate')}
                testId="agreement-action-date"
              />
              {action === 'terminate' && (
                <Form.Item
                  name="kind"
                  label={t('agreement.kind')}
                  rules={[{ required: true, message: t('form.required') }]}
                >
                  <Radio.Group
                    data-testid="agreement-action-kind"
                    options={KINDS.map((k) => ({ value: k, label: t(`agreement.kind.${k}`) }))}
                  />
                </Form.Item>
              )}
              <TextItem
                name="reason"
                label={t('agreement.reason')}
                testId="agreement-action-reason"
              />
            </>
          }
          body={(v) => ({ action, date: v.date, reason: v.reason, kind: v.kind })}
          send={(body) => changeAgreement(row.id, body as ActionValues & { action: Action })}
          onDone={onDone}
        />
      ))}
    </Space>
  )
}

/** The sign form of the fund manager. */
function SignCard({ onSigned }: { onSigned: () => void }) {
  const t = useT()
  const [form] = Form.useForm<{ institution: string; signedOn: string }>()
  const { busy, error, attempt } = useAttempt()
  const run = (v: { institution: string; signedOn: string }) =>
    attempt(async () => {
      const signed = await signAgreement({
        institution: v.institution.trim(),
        signedOn: v.signedOn,
      })
      showSuccess(t('agreement.signed', { id: signed.id }))
      onSigned()
    })
  return (
    <Card title={t('agreement.signTitle')}>
      <RunForm<{ institution: string; signedOn: string }>
        form={form}
        onRun={(v) => void run(v)}
        label={t('agreement.sign')}
        icon={<PlusOutlined />}
        busy={busy}
        error={error}
        testId="agreement-sign"
      >
        <TextItem
          name="institution"
          label={t('agreement.institution')}
          testId="agreement-institution"
        />
        <DateItem name="signedOn" label={t('agreement.signedOn')} testId="agreement-signed-on" />
      </RunForm>
    </Card>
  )
}

/** The agreements, filtered by institution. */
function AgreementsTab({ manage }: { manage: boolean }) {
  const t = useT()
  const [institution, setInstitution] = useState('')
  const agreements = useLoader(() => listAgreements(institution), [institution])
  const columns: TableColumnsType<Agreement> = [
    { title: t('agreement.id'), dataIndex: 'id', width: 200 },
    { title: t('agreement.institution'), dataIndex: 'institutionCode', width: 150 },
    { title: t('agreement.signedOn'), dataIndex: 'signedOn', width: 120 },
    {
      title: t('agreement.status'),
      dataIndex: 'status',
      width: 100,
      render: (_: unknown, row) => <AgreementStatusTag status={row.status} />,
    },
    { title: t('agreement.statusSince'), dataIndex: 'statusSince', width: 120 },
    {
      title: t('agreement.reason'),
      dataIndex: 'reason',
      render: (_: unknown, row) => orDash(row.reason),
    },
    {
      title: t('agreement.reapplyNotBefore'),
      dataIndex: 'reapplyNotBefore',
      width: 150,
      render: (_: unknown, row) => <span data-field="reapply">{orDash(row.reapplyNotBefore)}</span>,
    },
    ...(manage
      ? [
          {
            title: '',
            key: 'actions',
            width: 200,
            render: (_: unknown, row: Agreement) => (
              <AgreementActions row={row} onDone={agreements.reload} />
            ),
          },
        ]
      : []),
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {manage && <SignCard onSigned={agreements.reload} />}
      <ListCard<Agreement>
        filter={
          <Input.Search
            allowClear
            placeholder={t('agreement.institution')}
            enterButton={<SearchOutlined />}
            style={{ maxWidth: 320 }}
            onSearch={(value) => setInstitution(value.trim())}
            data-testid="agreement-filter"
          />
        }
        loaded={agreements}
        columns={columns}
        testId="agreement-table"
      />
    </Space>
  )
}

interface BlacklistValues {
  subjectType: BlacklistSubject
  subjectId: string
  from: string
  to?: string
  reason: string
}

/** The add form of the inspector. */
function BlacklistAddCard({ onAdded }: { onAdded: () => void }) {
  const t = useT()
  const [form] = Form.useForm<BlacklistValues>()
  const { busy, error, attempt } = useAttempt()
  const run = (v: BlacklistValues) =>
    attempt(async () => {
      await addBlacklistEntry({ ...v, subjectId: v.subjectId.trim(), to: v.to || undefined })
      showSuccess(t('blacklist.added'))
      form.resetFields()
      onAdded()
    })
  return (
    <Card title={t('blacklist.addTitle')}>
      <RunForm<BlacklistValues>
        form={form}
        onRun={(v) => void run(v)}
        label={t('blacklist.add')}
        icon={<PlusOutlined />}
        busy={busy}
        error={error}
        testId="blacklist-add"
        initialValues={{ subjectType: 'INSTITUTION' }}
      >
        <Form.Item name="subjectType" label={t('blacklist.subjectType')}>
          <Select
            style={{ width: 120 }}
            options={BLACKLIST_SUBJECTS.map((s) => ({ value: s, label: t(`blacklist.type.${s}`) }))}
            data-testid="blacklist-type"
          />
        </Form.Item>
        <TextItem name="subjectId" label={t('blacklist.subjectId')} testId="blacklist-subject" />
        <DateItem name="from" label={t('blacklist.from')} testId="blacklist-from" />
        <DateItem name="to" label={t('blacklist.to')} testId="blacklist-to" required={false} />
        <TextItem name="reason" label={t('agreement.reason')} testId="blacklist-reason" />
      </RunForm>
    </Card>
  )
}

/** The blacklists with the effect of each subject type. */
function BlacklistTab({ manage }: { manage: boolean }) {
  const t = useT()
  const [type, setType] = useState<BlacklistSubject | undefined>(undefined)
  const blacklist = useLoader(() => listBlacklist(type), [type])
  const effects = blacklist.data?.effects
  const columns: TableColumnsType<BlacklistEntry> = [
    {
      title: t('blacklist.subjectType'),
      dataIndex: 'subjectType',
      width: 110,
      render: (_: unknown, row) => <Tag>{t(`blacklist.type.${row.subjectType}`)}</Tag>,
    },
    { title: t('blacklist.subjectId'), dataIndex: 'subjectId', width: 200 },
    { title: t('blacklist.from'), dataIndex: 'from', width: 120 },
    {
      title: t('blacklist.to'),
      dataIndex: 'to',
      width: 120,
      render: (_: unknown, row) => row.to ?? t('blacklist.noEnd'),
    },
    { title: t('agreement.reason'), dataIndex: 'reason' },
    {
      title: t('blacklist.effect'),
      key: 'effect',
      render: (_: unknown, row) => orDash(effects?.[row.subjectType]),
    },
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {effects && (
        <Card title={t('blacklist.effectsTitle')}>
          <Descriptions size="small" column={1} data-testid="blacklist-effects">
            {BLACKLIST_SUBJECTS.map((s) => (
              <Descriptions.Item key={s} label={t(`blacklist.type.${s}`)}>
                {effects[s]}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      )}
      {manage && <BlacklistAddCard onAdded={blacklist.reload} />}
      <ListCard<BlacklistEntry>
        filter={
          <Select<BlacklistSubject>
            allowClear
            placeholder={t('blacklist.subjectType')}
            style={{ width: 160 }}
            value={type}
            onChange={(value) => setType(value)}
            options={BLACKLIST_SUBJECTS.map((s) => ({ value: s, label: t(`blacklist.type.${s}`) }))}
            data-testid="blacklist-filter"
          />
        }
        loaded={blacklist}
        columns={columns}
        testId="blacklist-table"
      />
    </Space>
  )
}

/** The agreements and blacklists page. */
export function AgreementsPage() {
  const t = useT()
  const user = useUser()
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('agreement.title')}
      </Typography.Title>
      <Tabs
        destroyOnHidden
        items={[
          {
            key: 'agreements',
            label: t('agreement.tab'),
            children: <AgreementsTab manage={can(user, 'agreements.manage')} />,
          },
          {
            key: 'blacklist',
            label: <span data-testid="blacklist-tab">{t('blacklist.tab')}</span>,
            children: <BlacklistTab manage={can(user, 'blacklist.manage')} />,
          },
        ]}
      />
    </Space>
  )
}
