// SPDX-License-Identifier: Apache-2.0
// One finding (疑点): what was found and why, the fee lines, the rule's knowledge point and
// policy basis, the institution's answer, the decision and the history; plus the form the
// signed-in role may use on it now.
import { PaperClipOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Result,
  Row,
  Space,
  Spin,
  Table,
  Tag,
  Timeline,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { useNavigate, useParams } from 'react-router'
import {
  ApiError,
  FINDING_STATES,
  attachmentUrl,
  getFinding,
  type FindingDetail,
  type FindingLine,
  type FindingState,
} from '../api'
import { can } from '../access'
import { useUser } from '../auth'
import { AppealForm } from '../components/AppealForm'
import { BackTitle } from '../components/BackTitle'
import { DecisionForm, decisionsFor } from '../components/DecisionForm'
import { Deadline } from '../components/Deadline'
import { Structured } from '../components/Structured'
import { SeverityTag, StateTag } from '../components/Tags'
import { formatBytes, formatDateTime, formatFen, orDash, todayIso } from '../format'
import { useLoader } from '../hooks'
import { useT, type MessageKey, type Translate } from '../i18n'

const ACTIONS = [
  'generate',
  'dispatch',
  'accept',
  'appeal',
  'expire',
  'uphold',
  'dismiss',
  'approve',
  'reject',
  'deduct',
  'overturn',
] as const

function actionLabel(t: Translate, action: string): string {
  return (ACTIONS as readonly string[]).includes(action)
    ? t(`action.${action}` as MessageKey)
    : action
}

function stateLabel(t: Translate, state: string | null): string | null {
  if (state === null) return null
  return (FINDING_STATES as readonly string[]).includes(state)
    ? t(`state.${state as FindingState}`)
    : state
}

const DECISIONS = ['uphold', 'dismiss', 'approve', 'reject', 'overturn'] as const

function decisionLabel(t: Translate, decision: string): string {
  return (DECISIONS as readonly string[]).includes(decision)
    ? t(`decision.${decision}` as MessageKey)
    : decision
}

/** May the institution still answer: dispatched and the appeal deadline not passed. */
function appealOpen(finding: FindingDetail): boolean {
  if (finding.state !== 'DISPATCHED') return false
  return finding.appealDeadline === null || todayIso() <= finding.appealDeadline
}

function LinesTable({ lines }: { lines: FindingLine[] }) {
  const t = useT()
  const columns: TableColumnsType<FindingLine> = [
    { title: t('line.feedetlSn'), dataIndex: 'feedetlSn', width: 150, ellipsis: true },
    {
      title: t('line.role'),
      dataIndex: 'role',
      width: 110,
      render: (_: unknown, row) =>
        row.role === 'violating' ? (
          <Tag color="red">{t('line.violating')}</Tag>
        ) : (
          <Tag color="gold">{t('line.related')}</Tag>
        ),
    },
    { title: t('line.code'), dataIndex: 'code', width: 200, ellipsis: true },
    { title: t('line.name'), dataIndex: 'name', ellipsis: true },
    { title: t('line.quantity'), dataIndex: 'quantity', align: 'right', width: 80 },
    {
      title: t('line.price'),
      dataIndex: 'price',
      align: 'right',
      width: 110,
      render: (_: unknown, row) => formatFen(row.price),
    },
    {
      title: t('line.amount'),
      dataIndex: 'amount',
      align: 'right',
      width: 120,
      render: (_: unknown, row) => formatFen(row.amount),
    },
    {
      title: t('line.feeTime'),
      dataIndex: 'feeTime',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.feeTime),
    },
  ]
  return (
    <Table<FindingLine>
      rowKey={(row) => `${row.role}-${row.feedetlSn}`}
      size="small"
      columns={columns}
      dataSource={lines}
      pagination={lines.length > 20 ? { pageSize: 20 } : false}
      scroll={{ x: 1000 }}
      rowClassName={(row) => (row.role === 'violating' ? 'line-violating' : 'line-related')}
      locale={{ emptyText: t('line.none') }}
    />
  )
}

function AppealCard({ finding }: { finding: FindingDetail }) {
  const t = useT()
  const appeal = finding.appeal
  if (!appeal) return null
  return (
    <Card title={t('appeal.title')} size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'action',
            label: t('appeal.action'),
            children:
              appeal.action === 'appeal' ? (
                <Tag color="orange">{t('appeal.actionAppeal')}</Tag>
              ) : (
                <Tag color="blue">{t('appeal.actionAccept')}</Tag>
              ),
          },
          { key: 'by', label: t('common.by'), children: orDash(appeal.by) },
          { key: 'at', label: t('common.at'), children: formatDateTime(appeal.at) },
          {
            key: 'reason',
            label: t('appeal.reason'),
            span: 'filled',
            children: <pre className="pre-text">{orDash(appeal.reason)}</pre>,
          },
          {
            key: 'attachments',
            label: t('appeal.attachments'),
            span: 'filled',
            children:
              appeal.attachments.length === 0 ? (
                '—'
              ) : (
                <Space direction="vertical" size={2}>
                  {appeal.attachments.map((file) => (
                    <a
                      key={file.id}
                      href={attachmentUrl(file.id)}
                      download={file.name}
                      data-testid="appeal-attachment"
                    >
                      <PaperClipOutlined /> {file.name}（{formatBytes(file.size)}）
                    </a>
                  ))}
                </Space>
              ),
          },
        ]}
      />
    </Card>
  )
}

function DecisionCard({ finding }: { finding: FindingDetail }) {
  const t = useT()
  const decision = finding.decision
  if (!decision) return null
  return (
    <Card title={t('decision.title')} size="small">
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          {
            key: 'decision',
            label: t('decision.decision'),
            children: decisionLabel(t, decision.decision),
          },
          {
            key: 'amount',
            label: t('decision.decidedAmount'),
            children: formatFen(decision.amount),
          },
          { key: 'by', label: t('decision.by'), children: orDash(decision.by) },
          { key: 'at', label: t('common.at'), children: formatDateTime(decision.at) },
          {
            key: 'approvedBy',
            label: t('decision.approvedBy'),
            children: orDash(decision.approvedBy),
          },
          {
            key: 'approvedAt',
            label: t('decision.approvedAt'),
            children: formatDateTime(decision.approvedAt),
          },
          {
            key: 'basis',
            label: t('decision.basis'),
            span: 'filled',
            children: <pre className="pre-text">{orDash(decision.basis)}</pre>,
          },
        ]}
      />
    </Card>
  )
}

function HistoryCard({ finding }: { finding: FindingDetail }) {
  const t = useT()
  return (
    <Card title={t('history.title')} size="small">
      {finding.history.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={finding.history.map((entry, index) => ({
            key: `${entry.at}-${index}`,
            children: (
              <div>
                <Typography.Text strong>{actionLabel(t, entry.action)}</Typography.Text>
                {(entry.from || entry.to) && (
                  <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
                    {orDash(stateLabel(t, entry.from))} → {orDash(stateLabel(t, entry.to))}
                  </Typography.Text>
                )}
                <div>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {orDash(entry.actor)} · {formatDateTime(entry.at)}
                  </Typography.Text>
                </div>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  )
}

/** The detail page of one finding, with the appeal or decision form where the role may act. */
export function FindingDetailPage() {
  const t = useT()
  const user = useUser()
  const navigate = useNavigate()
  const { id = '' } = useParams()
  const {
    data: finding,
    loading,
    error,
    set,
  } = useLoader(() => getFinding(id), [id], {
    quiet: true,
  })

  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return (
      <Result
        status={error.status === 404 ? '404' : '403'}
        title={error.status}
        subTitle={error.message}
        extra={<Button onClick={() => navigate(-1)}>{t('common.back')}</Button>}
      />
    )
  }
  if (error) return <Result status="error" title={t('error.loadFailed')} subTitle={String(error)} />
  if (loading && !finding) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />
  if (!finding) return null

  const mayDecide = can(user, 'findings.decide') && decisionsFor(finding.state).length > 0
  const mayAnswer = can(user, 'findings.appeal') && appealOpen(finding)
  const appealClosed =
    user.role === 'institution' && finding.state === 'DISPATCHED' && !appealOpen(finding)

  const summary = [
    { key: 'id', label: t('finding.id'), children: finding.id },
    {
      key: 'rule',
      label: t('finding.rule'),
      children: `${finding.ruleName}（${finding.ruleId}）`,
    },
    { key: 'violation', label: t('finding.violation'), children: orDash(finding.violation) },
    {
      key: 'severity',
      label: t('finding.severity'),
      children: <SeverityTag severity={finding.severity} />,
    },
    {
      key: 'institution',
      label: t('finding.institution'),
      children: `${finding.institutionName}（${finding.institutionCode}）`,
    },
    { key: 'psnNo', label: t('finding.psnNo'), children: finding.psnNo },
    { key: 'mdtrtId', label: t('finding.mdtrtId'), children: finding.mdtrtId },
    { key: 'findingDate', label: t('finding.findingDate'), children: finding.findingDate },
    {
      key: 'amount',
      label: t('finding.amount'),
      children: <Typography.Text strong>{formatFen(finding.amount)}</Typography.Text>,
    },
    {
      key: 'decidedAmount',
      label: t('finding.decidedAmount'),
      children: formatFen(finding.decidedAmount),
    },
    { key: 'dispatchId', label: t('finding.dispatchId'), children: orDash(finding.dispatchId) },
    {
      key: 'appealDeadline',
      label: t('finding.appealDeadline'),
      children: <Deadline date={finding.appealDeadline} running={finding.state === 'DISPATCHED'} />,
    },
    {
      key: 'reviewDeadline',
      label: t('finding.reviewDeadline'),
      children: (
        <Deadline
          date={finding.reviewDeadline}
          running={['APPEALED', 'REVIEWING', 'PENDING_APPROVAL'].includes(finding.state)}
        />
      ),
    },
    {
      key: 'message',
      label: t('finding.message'),
      span: 'filled' as const,
      children: <pre className="pre-text">{orDash(finding.message)}</pre>,
    },
  ]

  const knowledge = [
    {
      key: 'knowledgePointId',
      label: t('finding.knowledgePoint'),
      children: orDash(finding.knowledgePointId),
    },
    { key: 'packVersion', label: t('finding.packVersion'), children: orDash(finding.packVersion) },
    {
      key: 'params',
      label: t('finding.params'),
      span: 'filled' as const,
      children: <Structured value={finding.params} />,
    },
    {
      key: 'policyBasis',
      label: t('finding.policyBasis'),
      span: 'filled' as const,
      children: <Structured value={finding.policyBasis} />,
    },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <BackTitle>
            <span>{t('finding.detailTitle')}</span>
            <Typography.Text type="secondary" copyable>
              {finding.id}
            </Typography.Text>
            <span data-testid="finding-state" data-state={finding.state}>
              <StateTag state={finding.state} />
            </span>
          </BackTitle>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} items={summary} />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={16}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            <Card title={t('finding.evidence')} size="small">
              <Structured value={finding.evidence} />
            </Card>
            <Card
              title={t('line.title')}
              size="small"
              extra={
                <Space size={4}>
                  <Tag color="red">{t('line.violating')}</Tag>
                  <Tag color="gold">{t('line.related')}</Tag>
                </Space>
              }
            >
              <LinesTable lines={finding.lines} />
            </Card>
            <Card title={t('finding.knowledgeTitle')} size="small">
              <Descriptions size="small" column={{ xs: 1, md: 2 }} items={knowledge} />
            </Card>
            <AppealCard finding={finding} />
            <DecisionCard finding={finding} />
          </Space>
        </Col>
        <Col xs={24} xl={8}>
          <Space direction="vertical" size="middle" style={{ width: '100%' }}>
            {mayDecide && (
              <Card title={t('decision.formTitle')} size="small">
                <DecisionForm finding={finding} onDone={set} />
              </Card>
            )}
            {mayAnswer && (
              <Card title={t('appeal.formTitle')} size="small">
                <AppealForm finding={finding} onDone={set} />
              </Card>
            )}
            {appealClosed && (
              <Card size="small">
                <Typography.Text type="secondary">{t('appeal.closed')}</Typography.Text>
              </Card>
            )}
            <HistoryCard finding={finding} />
          </Space>
        </Col>
      </Row>
    </Space>
  )
}
