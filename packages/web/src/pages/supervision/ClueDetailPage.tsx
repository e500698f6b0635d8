// SPDX-License-Identifier: Apache-2.0
// One clue: what it says, the steps its state allows (others disabled) — assign, start, close as
// confirmed with the amount recovered or as unfounded — the records it is linked to and the
// timeline of everything done.
import { Card, Descriptions, Form, Input, InputNumber, Radio, Space, Typography } from 'antd'
import { Link, useParams } from 'react-router'
import {
  CLUE_OUTCOMES,
  CLUE_STEP_FROM,
  clueStep,
  getClue,
  type ClueDetail,
  type ClueOutcome,
  type ClueStep,
} from '../../api'
import { can, mayOpen, type PageName } from '../../access'
import { useUser } from '../../auth'
import { BackTitle } from '../../components/BackTitle'
import { EventsTimeline } from '../../components/EventsTimeline'
import { requiredRule } from '../../components/FormItems'
import { LoadFailed } from '../../components/LoadFailed'
import { StepModalButton, type StepModalButtonProps } from '../../components/StepModalButton'
import { formatDateTime, formatFen, orDash, splitIds, yuanToFen } from '../../format'
import { useLoader } from '../../hooks'
import { useT, type MessageKey } from '../../i18n'
import { ClueStateTag } from './clue-parts'

type ClueButtonProps<T> = Omit<StepModalButtonProps<T, ClueDetail>, 'send'> & {
  clue: ClueDetail
  step: ClueStep
}

/** A button taking a step on a clue. */
function ClueButton<T extends object>({ clue, step, ...props }: ClueButtonProps<T>) {
  return (
    <StepModalButton<T, ClueDetail> {...props} send={(body) => clueStep(clue.id, step, body)} />
  )
}

/** The ids typed into a field; undefined when none. */
const ids = (value: string | undefined): string[] | undefined => {
  const list = splitIds(value)
  return list.length === 0 ? undefined : list
}

interface CloseValues {
  outcome: ClueOutcome
  recovered?: number | null
  note: string
}

interface LinkValues {
  findingIds?: string
  reportIds?: string
  drawIds?: string
}

/** Assign, start, close and link, each enabled when the clue's state allows it. */
function ActionsCard({ clue, onDone }: { clue: ClueDetail; onDone: (c: ClueDetail) => void }) {
  const t = useT()
  const user = useUser()
  const mine = clue.assignee === user.username
  const allowed = (step: keyof typeof CLUE_STEP_FROM) => CLUE_STEP_FROM[step].includes(clue.state)
  const required = [requiredRule(t)]
  return (
    <Card title={t('clue.actionsTitle')}>
      <Typography.Paragraph type="secondary">{t('clue.onlyAssignee')}</Typography.Paragraph>
      <Space wrap>
        <ClueButton<{ assignee: string }>
          clue={clue}
          step="assign"
          label={t('clue.assign')}
          testId="clue-assign"
          primary={clue.state === 'NEW'}
          disabled={!allowed('assign')}
          body={(v) => ({ assignee: v.assignee.trim() })}
          fields={
            <Form.Item
              name="assignee"
              label={t('clue.assigneeUsername')}
              initialValue={clue.assignee ?? user.username}
              rules={required}
            >
              <Input data-testid="clue-assign-assignee" />
            </Form.Item>
          }
          onDone={onDone}
        />
        <ClueButton
          clue={clue}
          step="start"
          label={t('clue.start')}
          testId="clue-start"
          primary
          disabled={!mine || !allowed('start')}
          onDone={onDone}
        />
        <ClueButton<CloseValues>
          clue={clue}
          step="close"
          label={t('clue.close')}
          testId="clue-close"
          primary
          disabled={!mine || !allowed('close')}
          body={(v) => ({
            outcome: v.outcome,
            recoveredAmount:
              v.outcome === 'CONFIRMED' ? (yuanToFen(v.recovered ?? 0) ?? undefined) : undefined,
            note: v.note.trim(),
          })}
          fields={
            <>
              <Form.Item name="outcome" label={t('clue.outcome')} initialValue="CONFIRMED">
                <Radio.Group data-testid="clue-close-outcome">
                  {CLUE_OUTCOMES.map((o) => (
                    <Radio key={o} value={o} data-testid={`clue-close-${o}`}>
                      {t(`clue.state.${o}`)}
                    </Radio>
                  ))}
                </Radio.Group>
              </Form.Item>
              <Form.Item name="recovered" label={t('clue.recoveredYuan')}>
                <InputNumber
                  min={0}
                  precision={2}
                  style={{ width: '100%' }}
                  data-testid="clue-close-recovered"
                />
              </Form.Item>
              <Form.Item name="note" label={t('clue.note')} rules={required}>
                <Input.TextArea rows={2} data-testid="clue-close-note" />
              </Form.Item>
            </>
          }
          onDone={onDone}
        />
        <ClueButton<LinkValues>
          clue={clue}
          step="links"
          label={t('clue.link')}
          testId="clue-link"
          body={(v) => ({
            findingIds: ids(v.findingIds),
            reportIds: ids(v.reportIds),
            drawIds: ids(v.drawIds),
          })}
          fields={
            <>
              <Form.Item name="findingIds" label={t('clue.findingIds')} tooltip={t('clue.idsHint')}>
                <Input />
              </Form.Item>
              <Form.Item name="reportIds" label={t('clue.reportIds')} tooltip={t('clue.idsHint')}>
                <Input />
              </Form.Item>
              <Form.Item name="drawIds" label={t('clue.drawIds')} tooltip={t('clue.idsHint')}>
                <Input />
              </Form.Item>
            </>
          }
          onDone={onDone}
        />
      </Space>
    </Card>
  )
}

const LINK_PAGES: {
  kind: keyof ClueDetail['links']
  page: PageName | null
  path: (id: string) => string
}[] = [
  { kind: 'findings', page: 'findingDetail', path: (id) => `/findings/${encodeURIComponent(id)}` },
  { kind: 'reports', page: 'reports', path: (id) => `/reports/${encodeURIComponent(id)}` },
  {
    kind: 'draws',
    page: 'inspections',
    path: (id) => `/inspections/draws/${encodeURIComponent(id)}`,
  },
  { kind: 'settlements', page: null, path: (id) => id },
]

/** The records a clue is linked to, as links where the user may open them. */
function LinksCard({ clue }: { clue: ClueDetail }) {
  const t = useT()
  const user = useUser()
  const shown = LINK_PAGES.filter((l) => clue.links[l.kind].length > 0)
  return (
    <Card title={t('clue.linksTitle')}>
      {shown.length === 0 ? (
        <Typography.Text type="secondary">{t('clue.noLinks')}</Typography.Text>
      ) : (
        <Descriptions size="small" column={1} data-testid="clue-links">
          {shown.map((l) => (
            <Descriptions.Item key={l.kind} label={t(`clue.links.${l.kind}` as MessageKey)}>
              <Space wrap>
                {clue.links[l.kind].map((id) =>
                  l.page !== null && mayOpen(user, l.page) ? (
                    <Link key={id} to={l.path(id)}>
                      {id}
                    </Link>
                  ) : (
                    <span key={id}>{id}</span>
                  )
                )}
              </Space>
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
    </Card>
  )
}

/** What the clue says and how it ended. */
function Summary({ clue }: { clue: ClueDetail }) {
  const t = useT()
  return (
    <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 3 }}>
      <Descriptions.Item label={t('clue.stateLabel')}>
        <ClueStateTag state={clue.state} outcome={clue.outcome} testId="clue-state" />
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.source')}>
        {t(`clue.source.${clue.source}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.batch')}>
        {clue.batchName === null ? t('clue.byHand') : `${clue.batchName} #${clue.line ?? ''}`}
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.institution')}>
        {clue.institutionCode} {orDash(clue.institutionName)}
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.psnNo')}>{orDash(clue.psnNo)}</Descriptions.Item>
      <Descriptions.Item label={t('clue.period')}>{clue.period}</Descriptions.Item>
      <Descriptions.Item label={t('clue.suspectedAmount')}>
        <span data-testid="clue-suspected" data-fen={clue.suspectedAmount}>
          {formatFen(clue.suspectedAmount)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.assignee')}>
        <span data-testid="clue-assignee">
          {clue.assignee ? `${clue.assigneeName ?? ''}（${clue.assignee}）` : '—'}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.recoveredAmount')}>
        <span data-testid="clue-recovered" data-fen={clue.recoveredAmount ?? ''}>
          {formatFen(clue.recoveredAmount)}
        </span>
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.closedAt')}>
        {formatDateTime(clue.closedAt)}
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.note')} span="filled">
        {orDash(clue.closingNote)}
      </Descriptions.Item>
      <Descriptions.Item label={t('clue.description')} span="filled">
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
          {clue.description}
        </Typography.Paragraph>
      </Descriptions.Item>
    </Descriptions>
  )
}

/** A clue's page. */
export function ClueDetailPage() {
  const t = useT()
  const user = useUser()
  const { id = '' } = useParams()
  const loaded = useLoader(() => getClue(id), [id], { quiet: true })
  const clue = loaded.data?.id === id ? loaded.data : undefined
  if (!clue) {
    return (
      <LoadFailed
        loading={loaded.loading}
        error={loaded.error}
        back="/clues"
        testId="clue-not-found"
      />
    )
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-clue-id={clue.id}>
      <Card
        title={
          <BackTitle to="/clues">
            <span data-testid="clue-title">{t('clue.detailTitle', { id: clue.id })}</span>
          </BackTitle>
        }
      >
        <Summary clue={clue} />
      </Card>
      {can(user, 'clues.manage') && <ActionsCard clue={clue} onDone={loaded.set} />}
      <LinksCard clue={clue} />
      <Card title={t('clue.eventsTitle')}>
        <EventsTimeline
          events={clue.events}
          prefix="clue.event"
          details={['assignee', 'note']}
          testId="clue-events"
        />
      </Card>
    </Space>
  )
}
