// SPDX-License-Identifier: Apache-2.0
// One report: what was reported, the working-day deadlines, who reported (for report handlers
// only, marked 秘密), the steps its state allows (others disabled), the reward from the grade
// to the payment or the waiver, the linked findings, the disclosure as a typical case and the
// timeline of everything done.
import {
  Card,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { Dayjs } from 'dayjs'
import { Link, useParams } from 'react-router'
import {
  getReport,
  REPORT_ACTION_FROM,
  type HandlingDecision,
  type ReportAction,
  type ReportState,
  type ReportView,
} from '../../api'
import { can, mayOpen } from '../../access'
import { useUser } from '../../auth'
import { BackTitle } from '../../components/BackTitle'
import { Deadline } from '../../components/Deadline'
import { EventsTimeline } from '../../components/EventsTimeline'
import { requiredRule } from '../../components/FormItems'
import { LoadFailed } from '../../components/LoadFailed'
import {
  formatDateTime,
  formatFen,
  ISO_DATE,
  optionalText,
  orDash,
  splitIds,
  yuanToFen,
} from '../../format'
import { useLoader } from '../../hooks'
import { useT, type MessageKey } from '../../i18n'
import { ReportStateTag, RewardStateTag, StepButton } from './report-parts'

const ACTIONS = Object.keys(REPORT_ACTION_FROM) as ReportAction[]
const DECISIONS: readonly HandlingDecision[] = ['PENALTY', 'AGREEMENT', 'NONE']
const FINISHED: readonly ReportState[] = ['REJECTED', 'FORWARDED', 'CLOSED']

interface StepValues {
  date?: Dayjs | null
  reason?: string
  forwardedTo?: string
  caseValue?: number | null
  matter?: string
  handlingDecision?: HandlingDecision
}

/** The body of a transition from its form. */
function transitionBody(action: ReportAction, v: StepValues): object {
  return {
    action,
    date: v.date?.format(ISO_DATE),
    reason: optionalText(v.reason),
    forwardedTo: optionalText(v.forwardedTo),
    caseValue:
      v.caseValue === null || v.caseValue === undefined
        ? undefined
        : (yuanToFen(v.caseValue) ?? undefined),
    matter: optionalText(v.matter),
    handlingDecision: v.handlingDecision,
  }
}

function DateField({ name = 'date', label }: { name?: string; label: string }) {
  return (
    <Form.Item name={name} label={label}>
      <DatePicker format={ISO_DATE} style={{ width: '100%' }} />
    </Form.Item>
  )
}

/** The fields a transition takes. */
function TransitionFields({ action, report }: { action: ReportAction; report: ReportView }) {
  const t = useT()
  const reasonRequired = action === 'reject'
  return (
    <>
      <DateField label={t('report.actionDate')} />
      {action === 'forward' && (
        <Form.Item name="forwardedTo" label={t('report.forwardedTo')} rules={[requiredRule(t)]}>
          <Input data-testid="step-forwarded-to" />
        </Form.Item>
      )}
      {action === 'verify' && (
        <>
          <Form.Item name="caseValue" label={t('report.caseValueYuan')}>
            <InputNumber
              min={0}
              precision={2}
              style={{ width: '100%' }}
              data-testid="step-case-value"
            />
          </Form.Item>
          <Form.Item
            name="matter"
            label={t('report.matter')}
            initialValue={report.matter ?? undefined}
            rules={[requiredRule(t)]}
          >
            <Input data-testid="step-matter" />
          </Form.Item>
          <Form.Item
            name="handlingDecision"
            label={t('report.handlingDecision')}
            initialValue="PENALTY"
            rules={[{ required: true, message: t('form.required') }]}
          >
            <Select
              options={DECISIONS.map((d) => ({ value: d, label: t(`report.decision.${d}`) }))}
              data-testid="step-decision"
            />
          </Form.Item>
        </>
      )}
      {action !== 'forward' && (
        <Form.Item
          name="reason"
          label={t('report.reason')}
          rules={reasonRequired ? [requiredRule(t)] : undefined}
        >
          <Input.TextArea rows={2} data-testid="step-reason" />
        </Form.Item>
      )}
    </>
  )
}

/** What was reported and how it was decided. */
function Summary({ report }: { report: ReportView }) {
  const t = useT()
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
      <Descriptions.Item label={t('report.stateLabel')}>
        <ReportStateTag state={report.state} testId="report-state" />
      </Descriptions.Item>
      <Descriptions.Item label={t('report.channel')}>
        {t(`report.channel.${report.channel}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.kind')}>
        {t(`report.kind.${report.kind}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.subject')}>
        {t(`report.subjectType.${report.subjectType}`)} {report.subjectId}{' '}
        {orDash(report.subjectName)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.matter')}>{orDash(report.matter)}</Descriptions.Item>
      <Descriptions.Item label={t('report.handler')}>
        <span data-testid="report-handler">
          {report.handler ? `${report.handler.displayName}（${report.handler.username}）` : '—'}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('report.receivedDate')}>{report.receivedDate}</Descriptions.Item>
      <Descriptions.Item label={t('report.decisionDate')}>
        {orDash(report.decisionDate)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.reason')}>
        {orDash(report.decisionReason)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.forwardedTo')}>
        {orDash(report.forwardedTo)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.verifiedDate')}>
        {orDash(report.verifiedDate)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.caseValue')}>
        <span data-testid="report-case-value" data-fen={report.caseValue ?? ''}>
          {formatFen(report.caseValue)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('report.handlingDecision')}>
        {report.handlingDecision
          ? t(`report.decision.${report.handlingDecision}` as MessageKey)
          : '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.closedDate')}>
        {orDash(report.closedDate)}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.clues')} span="filled">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {report.clues}
        </Typography.Paragraph>
      </Descriptions.Item>
    </Descriptions>
  )
}

/** The working-day deadlines of 立案, the reporter's notice and the close. */
function Deadlines({ report }: { report: ReportView }) {
  const t = useT()
  const open = !FINISHED.includes(report.state)
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 3 }} data-testid="report-deadlines">
      <Descriptions.Item label={t('report.acceptDeadline')}>
        <Deadline date={report.acceptDeadline} running={report.state === 'RECEIVED'} />
      </Descriptions.Item>
      <Descriptions.Item label={t('report.notifyDeadline')}>
        <Deadline date={report.notifyDeadline} running={report.notifiedDate === null} />
        {report.notifiedDate && (
          <Tag color="green" style={{ marginInlineStart: 8 }}>
            {t('report.notifiedOn', { date: report.notifiedDate })}
          </Tag>
        )}
      </Descriptions.Item>
      <Descriptions.Item label={t('report.closeDeadline')}>
        <Deadline date={report.closeDeadline} running={open && report.state !== 'RECEIVED'} />
      </Descriptions.Item>
    </Descriptions>
  )
}

/** Who reported: for report handlers only, marked secret. */
function IdentityCard({ identity }: { identity: NonNullable<ReportView['identity']> }) {
  const t = useT()
  return (
    <Card
      title={
        <Space>
          {t('report.identityTitle')}
          <Tag color="red">{t('report.secret')}</Tag>
        </Space>
      }
      style={{ borderColor: '#ff4d4f' }}
      data-testid="report-identity"
    >
      <Typography.Paragraph type="secondary">{t('report.identityNotice')}</Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('report.insider')}>
          {identity.insider ? t('common.yes') : t('common.no')}
        </Descriptions.Item>
      </Descriptions>
      <Table
        rowKey={(_, i) => String(i)}
        size="small"
        pagination={false}
        dataSource={identity.reporters}
        locale={{ emptyText: t('report.noReporters') }}
        columns={[
          { title: t('report.reporterName'), dataIndex: 'name' },
          { title: t('report.reporterPhone'), dataIndex: 'phone', render: orDash },
          { title: t('report.reporterIdNumber'), dataIndex: 'idNumber', render: orDash },
        ]}
      />
    </Card>
  )
}

/** The handling steps: assign, the transitions the state allows, the notice, findings, disclosure. */
function ActionsCard({ report, onDone }: { report: ReportView; onDone: (r: ReportView) => void }) {
  const t = useT()
  const user = useUser()
  const mine = report.handler?.username === user.username
  const finished = FINISHED.includes(report.state)
  return (
    <Card title={t('report.actionsTitle')}>
      {!mine && !finished && (
        <Typography.Paragraph type="secondary">{t('report.onlyHandler')}</Typography.Paragraph>
      )}
      <Space wrap>
        <StepButton<{ handler: string }>
          report={report}
          step="assign"
          label={t('report.assign')}
          testId="report-assign"
          disabled={finished}
          body={(v) => ({ handler: v.handler.trim() })}
          fields={
            <Form.Item
              name="handler"
              label={t('report.handlerUsername')}
              initialValue={user.username}
              rules={[requiredRule(t)]}
            >
              <Input data-testid="report-assign-handler" />
            </Form.Item>
          }
          onDone={onDone}
        />
        {ACTIONS.map((action) => (
          <StepButton<StepValues>
            key={action}
            report={report}
            step="transitions"
            label={t(`report.action.${action}`)}
            testId={`report-action-${action}`}
            primary={action === 'accept' || action === 'verify'}
            danger={action === 'reject'}
            disabled={!mine || !REPORT_ACTION_FROM[action].includes(report.state)}
            body={(v) => transitionBody(action, v)}
            fields={<TransitionFields action={action} report={report} />}
            onDone={onDone}
          />
        ))}
        <StepButton<{ date?: Dayjs | null }>
          report={report}
          step="notification"
          label={t('report.notify')}
          testId="report-notify"
          disabled={!mine || report.decisionDate === null || report.notifiedDate !== null}
          body={(v) => ({ date: v.date?.format(ISO_DATE) })}
          fields={<DateField label={t('report.notifiedDate')} />}
          onDone={onDone}
        />
        <StepButton<{ findingIds: string }>
          report={report}
          step="findings"
          label={t('report.linkFindings')}
          testId="report-link-findings"
          disabled={!mine}
          body={(v) => ({
            findingIds: splitIds(v.findingIds),
          })}
          fields={
            <Form.Item
              name="findingIds"
              label={t('report.findingIds')}
              tooltip={t('report.findingIdsHint')}
              initialValue={report.findingIds.join(', ')}
            >
              <Input.TextArea rows={2} />
            </Form.Item>
          }
          onDone={onDone}
        />
      </Space>
    </Card>
  )
}

/** Whether the report is disclosed as a typical case, with the text. */
function DisclosureCard({
  report,
  onDone,
}: {
  report: ReportView
  onDone: (r: ReportView) => void
}) {
  const t = useT()
  const user = useUser()
  const mine = report.handler?.username === user.username && can(user, 'reports.handle')
  return (
    <Card
      title={t('report.disclosureTitle')}
      extra={
        mine && (
          <StepButton<{ text?: string }>
            report={report}
            step="disclosure"
            label={report.disclose ? t('report.withdrawDisclosure') : t('report.disclose')}
            testId="report-disclosure"
            disabled={report.verifiedDate === null}
            body={(v) => ({
              disclose: !report.disclose,
              text: report.disclose ? undefined : optionalText(v.text),
            })}
            fields={
              report.disclose ? undefined : (
                <Form.Item name="text" label={t('report.disclosureText')} rules={[requiredRule(t)]}>
                  <Input.TextArea rows={4} />
                </Form.Item>
              )
            }
            onDone={onDone}
          />
        )
      }
    >
      <Space direction="vertical">
        <Space>
          <Switch checked={report.disclose} disabled data-testid="report-disclosed" />
          {report.disclose ? t('report.disclosed') : t('report.notDisclosed')}
        </Space>
        {report.disclosureText && (
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
            {report.disclosureText}
          </Typography.Paragraph>
        )}
      </Space>
    </Card>
  )
}

/** The reward: grade → proposed amount → approval → payment, or a waiver. */
function RewardCard({ report, onDone }: { report: ReportView; onDone: (r: ReportView) => void }) {
  const t = useT()
  const user = useUser()
  const handle = can(user, 'reports.handle')
  const mine = handle && report.handler?.username === user.username
  const reward = report.reward
  const state = reward?.state ?? 'NONE'
  const verified = report.verifiedDate !== null
  const waivable = state === 'PROPOSED' || state === 'APPROVED'
  return (
    <Card title={t('report.rewardTitle')} data-testid="report-reward">
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
        <Descriptions.Item label={t('report.rewardState')}>
          <RewardStateTag state={state} testId="report-reward-state" />
        </Descriptions.Item>
        <Descriptions.Item label={t('report.grade')}>
          {reward ? t('report.gradeN', { grade: reward.grade }) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('report.rewardAmount')}>
          <Typography.Text
            strong
            data-testid="report-reward-amount"
            data-fen={reward?.amount ?? ''}
          >
            {formatFen(reward?.amount)}
          </Typography.Text>
        </Descriptions.Item>
        {reward && (
          <>
            <Descriptions.Item label={t('report.basis')} span="filled">
              {orDash(reward.computation.basis)}
            </Descriptions.Item>
            {reward.shares.length > 1 && (
              <Descriptions.Item label={t('report.shares')} span="filled">
                {reward.shares.map((s) => formatFen(s)).join(' / ')}
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('report.proposedBy')}>
              {reward.proposedBy} {formatDateTime(reward.proposedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.approvedBy')}>
              {reward.approvedBy
                ? `${reward.approvedBy} ${formatDateTime(reward.approvedAt)}`
                : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('report.paid')}>
              {reward.paidDate ? `${reward.paidDate} ${orDash(reward.paymentRef)}` : '—'}
            </Descriptions.Item>
            {reward.waiveReason && (
              <Descriptions.Item label={t('report.waiveReason')} span="filled">
                {reward.waiveReason}
              </Descriptions.Item>
            )}
            {reward.note && (
              <Descriptions.Item label={t('report.note')} span="filled">
                {reward.note}
              </Descriptions.Item>
            )}
          </>
        )}
      </Descriptions>
      <Space wrap style={{ marginTop: 16 }}>
        {handle && (
          <StepButton<{ grade: number; note?: string }>
            report={report}
            step="reward"
            label={t('report.propose')}
            testId="report-reward-propose"
            primary
            disabled={!mine || !verified || reward !== null}
            body={(v) => ({ grade: v.grade, note: optionalText(v.note) })}
            fields={
              <>
                <Form.Item
                  name="grade"
                  label={t('report.grade')}
                  initialValue={1}
                  tooltip={t('report.gradeHint')}
                >
                  <Select
                    options={[1, 2, 3].map((g) => ({
                      value: g,
                      label: t('report.gradeN', { grade: g }),
                    }))}
                    data-testid="report-reward-grade"
                  />
                </Form.Item>
                <Form.Item name="note" label={t('report.note')}>
                  <Input.TextArea rows={2} />
                </Form.Item>
              </>
            }
            onDone={onDone}
          />
        )}
        {can(user, 'rewards.approve') && (
          <StepButton
            report={report}
            step="reward/approval"
            label={t('report.approve')}
            testId="report-reward-approve"
            primary
            disabled={state !== 'PROPOSED'}
            onDone={onDone}
          />
        )}
        {handle && (
          <StepButton<{ paymentRef: string; paidDate?: Dayjs | null }>
            report={report}
            step="reward/payment"
            label={t('report.pay')}
            testId="report-reward-pay"
            disabled={!mine || state !== 'APPROVED'}
            body={(v) => ({
              paymentRef: v.paymentRef.trim(),
              paidDate: v.paidDate?.format(ISO_DATE),
            })}
            fields={
              <>
                <Form.Item
                  name="paymentRef"
                  label={t('report.paymentRef')}
                  rules={[requiredRule(t)]}
                >
                  <Input data-testid="report-reward-payment-ref" />
                </Form.Item>
                <DateField name="paidDate" label={t('report.paidDate')} />
              </>
            }
            onDone={onDone}
          />
        )}
        {handle && (
          <StepButton<{ reason: string }>
            report={report}
            step="reward/waiver"
            label={t('report.waive')}
            testId="report-reward-waive"
            danger
            disabled={!mine || !waivable}
            body={(v) => ({ reason: v.reason.trim() })}
            fields={
              <Form.Item name="reason" label={t('report.waiveReason')} rules={[requiredRule(t)]}>
                <Input.TextArea rows={2} />
              </Form.Item>
            }
            onDone={onDone}
          />
        )}
      </Space>
    </Card>
  )
}

/** A report's page. */
export function ReportDetailPage() {
  const t = useT()
  const user = useUser()
  const { id = '' } = useParams()
  const loaded = useLoader(() => getReport(id), [id], { quiet: true })
  const report = loaded.data?.id === id ? loaded.data : undefined
  if (!report) {
    return (
      <LoadFailed
        loading={loaded.loading}
        error={loaded.error}
        back="/reports"
        testId="report-not-found"
      />
    )
  }
  const done = (next: ReportView) => loaded.set(next)
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-report-id={report.id}>
      <Card
        title={
          <BackTitle to="/reports">
            <span data-testid="report-title">{t('report.detailTitle', { id: report.id })}</span>
          </BackTitle>
        }
      >
        <Summary report={report} />
      </Card>
      <Card title={t('report.deadlinesTitle')} extra={t('report.workingDays')}>
        <Deadlines report={report} />
      </Card>
      {report.identity && <IdentityCard identity={report.identity} />}
      {can(user, 'reports.handle') && <ActionsCard report={report} onDone={done} />}
      <RewardCard report={report} onDone={done} />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card title={t('report.findingsTitle')} style={{ height: '100%' }}>
            {report.findingIds.length === 0 ? (
              <Typography.Text type="secondary">{t('report.noFindings')}</Typography.Text>
            ) : (
              <Space wrap data-testid="report-findings">
                {report.findingIds.map((f) =>
                  mayOpen(user, 'findingDetail') ? (
                    <Link key={f} to={`/findings/${encodeURIComponent(f)}`}>
                      {f}
                    </Link>
                  ) : (
                    <span key={f}>{f}</span>
                  )
                )}
              </Space>
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <DisclosureCard report={report} onDone={done} />
        </Col>
      </Row>
      <Card title={t('report.eventsTitle')}>
        <EventsTimeline events={report.events ?? []} prefix="report.event" testId="report-events" />
      </Card>
    </Space>
  )
}
