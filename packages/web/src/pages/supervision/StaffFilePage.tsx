// SPDX-License-Identifier: Apache-2.0
// One person's file (一医一档): who they are and where they practise, their status on a chosen
// date, the yearly totals, the periods of suspension and termination with the re-registration
// bar, and the point events. An inspector records points (by trigger and responsibility, or
// explicit points and suspension months) and re-registers a terminated person after the bar.
import { useState } from 'react'
import { FormOutlined, UndoOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import { Link, useParams } from 'react-router'
import {
  getStaff,
  listPointTriggers,
  recordStaffPoints,
  reregisterStaff,
  RESPONSIBILITIES,
  type PointTrigger,
  type Responsibility,
  type StaffFile,
  type StaffPeriod,
  type StaffPointEvent,
} from '../../api'
import { can, mayOpen } from '../../access'
import { useUser } from '../../auth'
import { BackTitle } from '../../components/BackTitle'
import { FormModal } from '../../components/FormModal'
import { IssueList } from '../../components/IssueList'
import { LoadFailed } from '../../components/LoadFailed'
import { NumberField } from '../../components/NumberField'
import { RunForm } from '../../components/RunForm'
import { showSuccess } from '../../feedback'
import { ISO_DATE, optionalText, orDash, todayIso } from '../../format'
import { useAttempt, useLoader } from '../../hooks'
import { codeName, useT } from '../../i18n'
import { createdColumns, StaffStatusTag, StatusDatePicker } from './supervision-labels'

/** The termination still in force (no re-registration yet), if any. */
function openTermination(file: StaffFile): StaffPeriod | undefined {
  return file.periods.find((p) => p.status === 'TERMINATED' && p.to === null)
}

/** Who the person is, the status on the date, yearly totals and the re-registration bar. */
function FileSummary({ file }: { file: StaffFile }) {
  const t = useT()
  const open = openTermination(file)
  const years = Object.entries(file.yearTotals).sort(([a], [b]) => b.localeCompare(a))
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, md: 2, xl: 3 }}
      styles={{ label: { whiteSpace: 'nowrap' } }}
    >
      <Descriptions.Item label={t('staff.code')}>{file.staffCode}</Descriptions.Item>
      <Descriptions.Item label={t('staff.name')}>{file.name}</Descriptions.Item>
      <Descriptions.Item label={t('staff.kind')}>
        {codeName(t, 'staff.kind', file.kind, '')}
        {file.title && (
          <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
            {file.title}
          </Typography.Text>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('staff.statusOn', { date: file.statusDate })}>
        <StaffStatusTag status={file.status} testId="staff-status" />
      </Descriptions.Item>
      <Descriptions.Item label={t('staff.barUntil')}>
        <span data-testid="staff-bar-until">{orDash(open?.barUntil)}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('staff.reregistrations')}>
        {orDash(file.reregistrations.join('、'))}
      </Descriptions.Item>
      <Descriptions.Item label={t('staff.yearTotals')} span="filled">
        {years.length === 0
          ? t('staff.noPoints')
          : years.map(([year, points]) => (
              <Tag key={year} color={points >= 12 ? 'red' : points >= 9 ? 'orange' : 'default'}>
                {t('staff.yearPoints', { year, points })}
              </Tag>
            ))}
      </Descriptions.Item>
    </Descriptions>
  )
}

interface PointsValues {
  decisionDate: Dayjs | null
  trigger: string
  responsibility: Responsibility
  points?: number | null
  suspensionMonths?: number | null
  institutionCode?: string
  findingId?: string
  note?: string
}

/** The text of a trigger's points: 主要 12 / 重要 11 / 一般 10. */
function TriggerPoints({ trigger }: { trigger: PointTrigger }) {
  const t = useT()
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      {RESPONSIBILITIES.map((r) =>
        t('staff.respPoints', { resp: t(`staff.resp.${r}`), points: trigger.points[r] })
      ).join(' / ')}
    </Typography.Text>
  )
}

/** 记分: an inspector records points given to the person by a decision. */
function PointsCard({
  file,
  triggers,
  onRecorded,
}: {
  file: StaffFile
  triggers: readonly PointTrigger[]
  onRecorded: (file: StaffFile) => void
}) {
  const t = useT()
  const [form] = Form.useForm<PointsValues>()
  const { busy, error, attempt } = useAttempt()
  const triggerCode = Form.useWatch('trigger', form)
  const chosen = triggers.find((x) => x.code === triggerCode)

  const submit = (values: PointsValues) =>
    attempt(async () => {
      if (!values.decisionDate) return
      const answer = await recordStaffPoints(file.staffCode, {
        decisionDate: values.decisionDate.format(ISO_DATE),
        trigger: values.trigger,
        responsibility: values.responsibility,
        points: values.points ?? undefined,
        suspensionMonths: values.suspensionMonths ?? undefined,
        institutionCode: optionalText(values.institutionCode),
        findingId: optionalText(values.findingId),
        note: optionalText(values.note),
      })
      showSuccess(t('staff.recorded'))
      form.resetFields()
      onRecorded(answer)
    })

  return (
    <Card title={t('staff.pointsTitle')} data-testid="points-form">
      <RunForm<PointsValues>
        form={form}
        layout="vertical"
        onRun={(values) => void submit(values)}
        label={t('staff.record')}
        icon={<FormOutlined />}
        busy={busy}
        error={error}
        testId="points-submit"
      >
        <Row gutter={16}>
          <Col xs={24} md={6}>
            <Form.Item
              name="decisionDate"
              label={t('staff.decisionDate')}
              tooltip={t('staff.decisionDateHint')}
              rules={[{ required: true, message: t('staff.decisionDateRequired') }]}
            >
              <DatePicker format={ISO_DATE} style={{ width: '100%' }} data-testid="points-date" />
            </Form.Item>
          </Col>
          <Col xs={24} md={18}>
            <Form.Item
              name="trigger"
              label={t('staff.trigger')}
              rules={[{ required: true, message: t('staff.triggerRequired') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                placeholder={t('staff.triggerPlaceholder')}
                options={triggers.map((x) => ({ value: x.code, label: `${x.code} ${x.name}` }))}
                optionRender={(option) => {
                  const trigger = triggers.find((x) => x.code === option.value)
                  return (
                    <div data-trigger={option.value} style={{ whiteSpace: 'normal' }}>
                      <div>{option.label}</div>
                      {trigger && <TriggerPoints trigger={trigger} />}
                    </div>
                  )
                }}
                data-testid="points-trigger"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="responsibility"
              label={t('staff.responsibility')}
              rules={[{ required: true, message: t('staff.responsibilityRequired') }]}
            >
              <Radio.Group data-testid="points-responsibility">
                {RESPONSIBILITIES.map((r) => (
                  <Radio key={r} value={r}>
                    {chosen
                      ? t('staff.respWithPoints', {
                          resp: t(`staff.resp.${r}`),
                          points: chosen.points[r],
                        })
                      : t(`staff.resp.${r}`)}
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
          </Col>
          <NumberField
            name="points"
            label={t('staff.points')}
            tooltip={t('staff.pointsHint')}
            min={1}
            max={12}
            precision={0}
            placeholder={t('staff.pointsByTable')}
            testId="points-points"
          />
          <NumberField
            name="suspensionMonths"
            label={t('staff.suspensionMonths')}
            tooltip={t('staff.suspensionMonthsHint')}
            min={1}
            max={6}
            precision={0}
            placeholder={t('staff.suspensionByTotal')}
          />
          <Col xs={24} md={6}>
            <Form.Item name="institutionCode" label={t('staff.institutionCode')}>
              <Select
                allowClear
                options={file.institutions.map((i) => ({
                  value: i.institutionCode,
                  label: i.institutionCode,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="findingId" label={t('staff.findingId')}>
              <Input allowClear />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="note" label={t('staff.note')}>
              <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </RunForm>
    </Card>
  )
}

/** 重新登记: after a termination's bar, on a date the inspector gives. */
function ReregisterButton({
  file,
  period,
  onDone,
}: {
  file: StaffFile
  period: StaffPeriod
  onDone: (file: StaffFile) => void
}) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<{ date: Dayjs | null }>()
  const { busy, error, attempt } = useAttempt()
  const submit = ({ date }: { date: Dayjs | null }) =>
    attempt(async () => {
      if (!date) return
      const answer = await reregisterStaff(file.staffCode, date.format(ISO_DATE))
      showSuccess(t('staff.reregistered'))
      setOpen(false)
      onDone(answer)
    })
  return (
    <>
      <Button icon={<UndoOutlined />} onClick={() => setOpen(true)} data-testid="staff-reregister">
        {t('staff.reregister')}
      </Button>
      <FormModal<{ date: Dayjs | null }>
        open={open}
        title={t('staff.reregisterTitle', { name: file.name, code: file.staffCode })}
        okText={t('staff.reregister')}
        busy={busy}
        form={form}
        onSubmit={(values) => void submit(values)}
        onClose={() => setOpen(false)}
        notice={{
          type: 'info',
          message: t('staff.reregisterNotice', { from: period.from, bar: period.barUntil ?? '—' }),
        }}
      >
        <Form.Item
          name="date"
          label={t('staff.reregisterDate')}
          initialValue={period.barUntil ? dayjs(period.barUntil) : null}
          rules={[{ required: true, message: t('staff.decisionDateRequired') }]}
        >
          <DatePicker format={ISO_DATE} />
        </Form.Item>
        {open && error !== undefined && <IssueList error={error} />}
      </FormModal>
    </>
  )
}

/** The periods of suspension and termination, with the bar of each termination. */
function PeriodsTable({ file }: { file: StaffFile }) {
  const t = useT()
  const columns: TableColumnsType<StaffPeriod> = [
    {
      title: t('staff.status'),
      dataIndex: 'status',
      width: 100,
      render: (_: unknown, row) => <StaffStatusTag status={row.status} />,
    },
    { title: t('staff.from'), dataIndex: 'from', width: 120 },
    {
      title: t('staff.to'),
      dataIndex: 'to',
      width: 140,
      render: (_: unknown, row) => row.to ?? <Tag color="red">{t('staff.openEnded')}</Tag>,
    },
    {
      title: t('staff.barUntil'),
      dataIndex: 'barUntil',
      width: 150,
      render: (_: unknown, row) => (
        <span data-bar-until={row.barUntil}>{orDash(row.barUntil)}</span>
      ),
    },
    {
      title: t('staff.cause'),
      dataIndex: 'eventId',
      render: (_: unknown, row) => {
        const event = file.events.find((e) => e.id === row.eventId)
        return event
          ? t('staff.causeText', {
              date: event.decisionDate,
              trigger: event.trigger,
              points: event.points,
            })
          : row.eventId
      },
    },
  ]
  return (
    <Table<StaffPeriod>
      rowKey={(row) => `${row.status}-${row.from}`}
      size="small"
      pagination={false}
      columns={columns}
      dataSource={file.periods}
      locale={{ emptyText: t('staff.noPeriods') }}
      data-testid="staff-periods"
    />
  )
}

/** The point events, oldest first. */
function EventsTable({ file, triggers }: { file: StaffFile; triggers: readonly PointTrigger[] }) {
  const t = useT()
  const user = useUser()
  const columns: TableColumnsType<StaffPointEvent> = [
    { title: t('staff.decisionDate'), dataIndex: 'decisionDate', width: 110 },
    {
      title: t('staff.trigger'),
      dataIndex: 'trigger',
      width: 260,
      render: (_: unknown, row) => (
        <span>
          {row.trigger}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {triggers.find((x) => x.code === row.trigger)?.name}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('staff.responsibility'),
      dataIndex: 'responsibility',
      width: 100,
      render: (_: unknown, row) => t(`staff.resp.${row.responsibility}`),
    },
    { title: t('staff.points'), dataIndex: 'points', align: 'right', width: 70 },
    {
      title: t('staff.suspensionMonths'),
      dataIndex: 'suspensionMonths',
      align: 'right',
      width: 100,
      render: (_: unknown, row) => orDash(row.suspensionMonths),
    },
    {
      title: t('staff.institutionCode'),
      dataIndex: 'institutionCode',
      width: 130,
      render: (_: unknown, row) => orDash(row.institutionCode),
    },
    {
      title: t('staff.findingId'),
      dataIndex: 'findingId',
      width: 150,
      render: (_: unknown, row) =>
        row.findingId && mayOpen(user, 'findingDetail') ? (
          <Link to={`/findings/${encodeURIComponent(row.findingId)}`}>{row.findingId}</Link>
        ) : (
          orDash(row.findingId)
        ),
    },
    { title: t('staff.note'), dataIndex: 'note', ellipsis: true, render: orDash },
    ...createdColumns<StaffPointEvent>(t),
  ]
  return (
    <Table<StaffPointEvent>
      rowKey="id"
      size="small"
      pagination={false}
      columns={columns}
      dataSource={file.events}
      scroll={{ x: 1300 }}
      locale={{ emptyText: t('staff.noPoints') }}
      data-testid="staff-events"
    />
  )
}

/** The institutions the person practises or practised at. */
function InstitutionsTable({ file }: { file: StaffFile }) {
  const t = useT()
  return (
    <Table
      rowKey={(row) => `${row.institutionCode}-${row.begin}`}
      size="small"
      pagination={false}
      dataSource={file.institutions}
      columns={[
        { title: t('staff.institutionCode'), dataIndex: 'institutionCode' },
        { title: t('staff.begin'), dataIndex: 'begin' },
        {
          title: t('staff.end'),
          dataIndex: 'end',
          render: (_: unknown, row: StaffFile['institutions'][number]) =>
            row.end ?? t('staff.current'),
        },
      ]}
    />
  )
}

/** A person's file. */
export function StaffFilePage() {
  const t = useT()
  const user = useUser()
  const { code = '' } = useParams()
  const [date, setDate] = useState(todayIso)
  const loaded = useLoader(() => getStaff(code, date), [code, date], { quiet: true })
  const triggers = useLoader(listPointTriggers, []).data?.items ?? []
  const file = loaded.data?.staffCode === code ? loaded.data : undefined
  const manage = can(user, 'staff.manage')

  if (!file) {
    return (
      <LoadFailed
        loading={loaded.loading}
        error={loaded.error}
        back="/staff"
        testId="staff-not-found"
      />
    )
  }

  const changed = (next: StaffFile) => {
    setDate(next.statusDate)
    loaded.set(next)
  }
  const open = openTermination(file)

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <BackTitle to="/staff">
            <span data-testid="staff-title">
              {t('staff.fileTitle', { name: file.name, code: file.staffCode })}
            </span>
          </BackTitle>
        }
        extra={<StatusDatePicker date={date} onChange={setDate} testId="staff-date" />}
      >
        <FileSummary file={file} />
      </Card>
      {manage && <PointsCard file={file} triggers={triggers} onRecorded={changed} />}
      <Card
        title={t('staff.periodsTitle')}
        extra={manage && open && <ReregisterButton file={file} period={open} onDone={changed} />}
      >
        <PeriodsTable file={file} />
      </Card>
      <Card title={t('staff.eventsTitle')}>
        <EventsTable file={file} triggers={triggers} />
      </Card>
      <Card title={t('staff.institutionsTitle')}>
        <InstitutionsTable file={file} />
      </Card>
    </Space>
  )
}
