// SPDX-License-Identifier: Apache-2.0
// 大数据筛查: the inspector's run of every screening model over the stored claims (a background
// job, followed until it is done), the summary of the latest run (or an earlier one), the hits and
// suspected amount per model — with precision and recall where the region carries injected truth
// — and a model's hits with their explanations, paged by the server: indicators against the
// peers for institutions and doctors, the graph of a companion cluster (结伴就医) and the
// drill-down of an encounter.
import { useEffect, useRef, useState } from 'react'
import { Link } from 'react-router'
import {
  ApartmentOutlined,
  CloseOutlined,
  FileSearchOutlined,
  PlayCircleOutlined,
} from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  Select,
  Space,
  Table,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import {
  ApiError,
  getScreeningEvaluation,
  getScreeningRun,
  listScreeningHits,
  listScreeningPatterns,
  listScreeningRuns,
  startScreeningRun,
  type Job,
  type PatternEvaluation,
  type ScreeningEvaluation,
  type ScreeningHit,
  type ScreeningPattern,
  type ScreeningRun,
  type ScreeningRunSummary,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { JobProgress } from '../../components/JobProgress'
import { RunForm } from '../../components/RunForm'
import { errorText } from '../../feedback'
import {
  formatCount,
  formatDateTime,
  formatDecimal,
  formatFen,
  formatPercent,
  ISO_DATE,
  orDash,
} from '../../format'
import { useAttempt, useJob, useLoader, usePaging } from '../../hooks'
import { useT } from '../../i18n'
import { ClusterModal } from './ClusterModal'
import {
  EncounterDrawer,
  fenColumn,
  hitsColumn,
  IndicatorTable,
  SubjectTag,
} from './screening-parts'

const POLL_MS = 2000

interface RunValues {
  period?: [Dayjs | null, Dayjs | null] | null
}

/** 运行筛查: an optional period, the run as a background job, its progress and its end. */
function RunCard({ onDone }: { onDone: (runId: string) => void }) {
  const t = useT()
  const [form] = Form.useForm<RunValues>()
  const { busy, error, attempt } = useAttempt()
  const [job, setJob] = useJob((done) => {
    const runId = (done.detail as Partial<ScreeningRunSummary> | undefined)?.runId
    if (done.status === 'DONE' && runId) onDone(runId)
  })
  const run = (values: RunValues) =>
    attempt(async () => {
      const [from, to] = values.period ?? []
      const started = await startScreeningRun({
        ...(from ? { from: from.format(ISO_DATE) } : {}),
        ...(to ? { to: to.format(ISO_DATE) } : {}),
      })
      setJob(started.job)
    })
  const running = job?.status === 'RUNNING'
  return (
    <Card title={t('screening.runTitle')}>
      <Typography.Paragraph type="secondary">{t('screening.runIntro')}</Typography.Paragraph>
      <RunForm<RunValues>
        form={form}
        onRun={(values) => void run(values)}
        label={t('screening.run')}
        icon={<PlayCircleOutlined />}
        busy={busy || running}
        error={error}
        testId="screening-run"
      >
        <Form.Item name="period" label={t('screening.period')} tooltip={t('screening.periodHint')}>
          <DatePicker.RangePicker
            format={ISO_DATE}
            allowClear
            allowEmpty={[true, true]}
            data-testid="screening-period"
          />
        </Form.Item>
      </RunForm>
      {job && <JobState job={job} />}
    </Card>
  )
}

/** A started run: its progress while it runs, then how it ended. */
function JobState({ job }: { job: Job }) {
  const t = useT()
  return (
    <div style={{ marginTop: 16 }} data-testid="screening-job" data-status={job.status}>
      {job.status === 'RUNNING' ? (
        <JobProgress job={job} testId="screening-progress" />
      ) : job.status === 'FAILED' ? (
        <Alert
          type="error"
          showIcon
          message={t('screening.runFailed')}
          description={job.message}
          data-testid="screening-run-failed"
        />
      ) : (
        <Alert
          type="success"
          showIcon
          message={job.message}
          description={t('screening.runFinishedAt', { at: formatDateTime(job.finishedAt) })}
          data-testid="screening-run-done"
        />
      )}
    </div>
  )
}

/** A run's label in the picker: when it started and its period. */
function runLabel(run: ScreeningRun): string {
  return `${formatDateTime(run.startedAt)} · ${orDash(run.periodFrom)} ~ ${orDash(run.periodTo)}`
}

/** The run shown: what it read, what it found, and a picker of the earlier runs. */
function SummaryCard({
  run,
  runs,
  onSelect,
}: {
  run: ScreeningRun
  runs: readonly ScreeningRun[]
  onSelect: (id: string) => void
}) {
  const t = useT()
  const s = run.summary
  const counts = Object.values(s.patterns ?? {})
  const hits = counts.reduce((n, p) => n + p.hits, 0)
  const amount = counts.reduce((n, p) => n + p.amount, 0)
  const done = runs.filter((r) => r.state === 'DONE')
  return (
    <Card
      title={t('screening.summaryTitle')}
      extra={
        <Space>
          {t('screening.pickRun')}
          <Select
            style={{ width: 360 }}
            value={run.id}
            onChange={onSelect}
            options={(done.some((r) => r.id === run.id) ? done : [run, ...done]).map((r) => ({
              value: r.id,
              label: runLabel(r),
            }))}
            data-testid="screening-run-picker"
          />
        </Space>
      }
    >
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, md: 2, xl: 3 }}
        data-testid="screening-summary"
        data-run-id={run.id}
      >
        <Descriptions.Item label={t('screening.runId')}>{run.id}</Descriptions.Item>
        <Descriptions.Item label={t('screening.period')}>
          {orDash(run.periodFrom)} ~ {orDash(run.periodTo)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.startedBy')}>{run.startedBy}</Descriptions.Item>
        <Descriptions.Item label={t('screening.finishedAt')}>
          {formatDateTime(run.finishedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.encounters')}>
          {formatCount(s.encounters)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.persons')}>
          {formatCount(s.persons)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.institutions')}>
          {formatCount(s.institutions)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.seconds')}>
          {s.seconds === undefined ? '—' : t('screening.secondsValue', { s: s.seconds })}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.hitsTotal')}>
          <span data-testid="screening-hits-total" data-count={hits}>
            {formatCount(hits)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.amountTotal')}>
          <span data-testid="screening-amount-total" data-fen={amount}>
            {formatFen(amount)}
          </span>
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.clusters')}>
          {formatCount(s.clusters)}
        </Descriptions.Item>
        <Descriptions.Item label={t('screening.clues')}>
          {formatCount(s.clues)}
          {run.clueBatchId && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
              {t('screening.clueBatch', { id: run.clueBatchId })}
            </Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
    </Card>
  )
}

/** A pattern's row: its counts in the run and, where there is truth, its evaluation. */
interface PatternRow {
  code: string
  name: string
  pattern: ScreeningPattern | undefined
  hits: number
  amount: number
  evaluation: PatternEvaluation | undefined
}

function patternRows(
  run: ScreeningRun,
  patterns: readonly ScreeningPattern[],
  evaluation: ScreeningEvaluation | undefined
): PatternRow[] {
  const counts = run.summary.patterns ?? {}
  const codes = [
    ...patterns.map((p) => p.code),
    ...Object.keys(counts).filter((c) => !patterns.some((p) => p.code === c)),
  ]
  return codes.map((code) => {
    const pattern = patterns.find((p) => p.code === code)
    return {
      code,
      name: pattern?.name ?? code,
      pattern,
      hits: counts[code]?.hits ?? 0,
      amount: counts[code]?.amount ?? 0,
      evaluation: evaluation?.patterns.find((e) => e.pattern === code),
    }
  })
}

/** The hits and suspected amount per model, precision and recall when the truth is known. */
function PatternsCard({
  rows,
  evaluation,
  selected,
  onSelect,
}: {
  rows: PatternRow[]
  evaluation: ScreeningEvaluation | undefined
  selected: string | undefined
  onSelect: (code: string) => void
}) {
  const t = useT()
  const truth = evaluation !== undefined && evaluation.patterns.some((p) => p.truth > 0)
  const ratio = (field: 'precision' | 'recall') => ({
    title: t(`screening.${field}`),
    key: field,
    width: 90,
    align: 'right' as const,
    render: (_: unknown, row: PatternRow) => (
      <span data-field={field} data-value={row.evaluation?.[field] ?? ''}>
        {formatPercent(row.evaluation?.[field], 1)}
      </span>
    ),
  })
  const columns: TableColumnsType<PatternRow> = [
    { title: t('screening.patternCode'), dataIndex: 'code', width: 80 },
    {
      title: t('screening.patternName'),
      dataIndex: 'name',
      render: (_: unknown, row) => <span data-field="name">{row.name}</span>,
    },
    {
      title: t('screening.subject'),
      key: 'subject',
      width: 90,
      render: (_: unknown, row) => row.pattern && <SubjectTag subject={row.pattern.subject} />,
    },
    hitsColumn(t('screening.hits'), 90),
    fenColumn(t('screening.suspectedAmount'), 150),
    ...(truth
      ? [
          {
            title: t('screening.truth'),
            key: 'truth',
            width: 80,
            align: 'right' as const,
            render: (_: unknown, row: PatternRow) =>
              row.evaluation && row.evaluation.truthTypes.length > 0
                ? formatCount(row.evaluation.truth)
                : '—',
          },
          ratio('precision'),
          ratio('recall'),
        ]
      : []),
    {
      title: '',
      key: 'actions',
      width: 110,
      render: (_: unknown, row) => (
        <Button
          type="link"
          size="small"
          icon={<FileSearchOutlined />}
          disabled={row.hits === 0}
          onClick={(event) => {
            event.stopPropagation()
            onSelect(row.code)
          }}
          data-testid={`pattern-open-${row.code}`}
        >
          {t('screening.showHits')}
        </Button>
      ),
    },
  ]
  const q = evaluation?.queue
  return (
    <Card title={t('screening.patternsTitle')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Table<PatternRow>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 900 }}
          rowClassName={(row) => (row.code === selected ? 'ant-table-row-selected' : '')}
          onRow={(row) => ({
            onClick: () => row.hits > 0 && onSelect(row.code),
            style: { cursor: row.hits > 0 ? 'pointer' : undefined },
          })}
          data-testid="screening-patterns"
          data-truth={String(truth)}
        />
        {truth && q && (
          <Typography.Text type="secondary" data-testid="screening-queue-share">
            {t('screening.queueShare', {
              percent: formatPercent(q.fraction, 0),
              top: formatCount(q.topItems),
              items: formatCount(q.items),
              share: formatPercent(q.share, 1),
              all: formatPercent(
                q.truthAmount === 0 ? null : q.queueTruthAmount / q.truthAmount,
                1
              ),
            })}
          </Typography.Text>
        )}
      </Space>
    </Card>
  )
}

/** The explanation's details: indicators against the peers, and the encounters, persons, days. */
function HitDetails({
  hit,
  onEncounter,
}: {
  hit: ScreeningHit
  onEncounter: (mdtrtId: string) => void
}) {
  const t = useT()
  const x = hit.explanation
  return (
    <Space direction="vertical" size="small" style={{ width: '100%' }}>
      {x.indicators && x.indicators.length > 0 && (
        <IndicatorTable indicators={x.indicators} testId={`hit-indicators-${hit.seq}`} />
      )}
      {x.encounters && x.encounters.length > 0 && (
        <Space wrap size={[12, 0]}>
          <Typography.Text strong>{t('screening.hitEncounters')}：</Typography.Text>
          {x.encounters.map((id) => (
            <Button
              key={id}
              type="link"
              size="small"
              style={{ padding: 0 }}
              onClick={() => onEncounter(id)}
            >
              {id}
            </Button>
          ))}
        </Space>
      )}
      {x.persons && x.persons.length > 0 && (
        <Typography.Text>
          <Typography.Text strong>{t('screening.hitPersons')}：</Typography.Text>
          {x.persons.join('、')}
        </Typography.Text>
      )}
      {x.days && x.days.length > 0 && (
        <Typography.Text>
          <Typography.Text strong>{t('screening.hitDays')}：</Typography.Text>
          {x.days.join('、')}
        </Typography.Text>
      )}
    </Space>
  )
}

const hasDetails = (hit: ScreeningHit): boolean => {
  const x = hit.explanation
  return (
    (x.indicators?.length ?? 0) > 0 ||
    (x.encounters?.length ?? 0) > 0 ||
    (x.persons?.length ?? 0) > 0 ||
    (x.days?.length ?? 0) > 0
  )
}

/**
 * One model's hits, largest amount first, paged by the server, filtered by institution; keyed by
 * run and model, so that another one starts on page 1.
 */
function HitsCard({
  runId,
  pattern,
  onClose,
  onEncounter,
  onCluster,
}: {
  runId: string
  pattern: PatternRow
  onClose: () => void
  onEncounter: (mdtrtId: string) => void
  onCluster: (clusterId: string) => void
}) {
  const t = useT()
  const canReadClues = can(useUser(), 'clues.read')
  const [institutionCode, setInstitutionCode] = useState<string | undefined>(undefined)
  const { page, pageSize, setPage, pagination } = usePaging(10)
  const { data, loading } = useLoader(
    () => listScreeningHits(runId, { pattern: pattern.code, institutionCode, page, pageSize }),
    [runId, pattern.code, institutionCode, page, pageSize]
  )
  const columns: TableColumnsType<ScreeningHit> = [
    { title: t('screening.seq'), dataIndex: 'seq', width: 70 },
    {
      title: t('screening.hitSubject'),
      key: 'subject',
      width: 190,
      render: (_: unknown, row) => (
        <Space direction="vertical" size={0}>
          <span data-field="subjectId">{row.subjectId}</span>
          {row.psnNo && row.psnNo !== row.subjectId && (
            <Typography.Text type="secondary">
              {t('screening.psnNo')} {row.psnNo}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: t('screening.institution'), dataIndex: 'institutionCode', width: 130 },
    {
      title: t('screening.explanation'),
      key: 'summary',
      render: (_: unknown, row) => <span data-field="summary">{row.explanation.summary}</span>,
    },
    fenColumn(t('screening.suspectedAmount'), 130),
    {
      title: t('screening.score'),
      dataIndex: 'score',
      width: 80,
      align: 'right',
      render: (_: unknown, row) => (
        <span data-field="score" data-value={row.score}>
          {formatDecimal(row.score, 2)}
        </span>
      ),
    },
    {
      title: '',
      key: 'actions',
      width: 130,
      render: (_: unknown, row) => (
        <Space direction="vertical" size={0}>
          {row.mdtrtId && (
            <Button
              type="link"
              size="small"
              icon={<FileSearchOutlined />}
              onClick={() => onEncounter(row.mdtrtId ?? '')}
              data-testid={`hit-encounter-${row.seq}`}
            >
              {t('screening.drill')}
            </Button>
          )}
          {row.clueId && canReadClues && (
            <Link to={`/clues/${row.clueId}`} data-testid={`hit-clue-${row.seq}`}>
              {t('screening.clue')}
            </Link>
          )}
          {row.subject === 'PERSON' && row.clusterId && (
            <Button
              type="link"
              size="small"
              icon={<ApartmentOutlined />}
              onClick={() => onCluster(row.clusterId ?? '')}
              data-testid={`hit-cluster-${row.seq}`}
            >
              {t('screening.clusterGraph')}
            </Button>
          )}
        </Space>
      ),
    },
  ]
  return (
    <Card
      title={
        <span data-testid="hits-title" data-pattern={pattern.code}>
          {t('screening.hitsTitle', { code: pattern.code, name: pattern.name })}
        </span>
      }
      extra={
        <Button icon={<CloseOutlined />} onClick={onClose} aria-label={t('common.back')}>
          {t('screening.closeHits')}
        </Button>
      }
    >
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Input.Search
          allowClear
          style={{ width: 280 }}
          placeholder={t('filter.institutionPlaceholder')}
          onSearch={(value) => {
            setInstitutionCode(value.trim() || undefined)
            setPage(1)
          }}
          data-testid="hits-institution"
        />
        <Table<ScreeningHit>
          rowKey="seq"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 1100 }}
          expandable={{
            rowExpandable: hasDetails,
            expandedRowRender: (row) => <HitDetails hit={row} onEncounter={onEncounter} />,
          }}
          pagination={pagination(data?.total ?? 0, (total) => t('table.total', { total }))}
          locale={{ emptyText: t('screening.noHits') }}
          data-testid="hits-table"
          data-total={data?.total ?? ''}
        />
      </Space>
    </Card>
  )
}

/** The screening page. */
export function ScreeningPage() {
  const t = useT()
  const user = useUser()
  const [selected, setSelected] = useState('latest')
  const [tick, setTick] = useState(0)
  const [pattern, setPattern] = useState<string | undefined>(undefined)
  const [drill, setDrill] = useState<string | null>(null)
  const [cluster, setCluster] = useState<string | null>(null)
  const patterns = useLoader(listScreeningPatterns, [])
  const runs = useLoader(listScreeningRuns, [tick])
  const loaded = useLoader(() => getScreeningRun(selected), [selected, tick], { quiet: true })
  const run = loaded.data
  const runId = run?.id
  const evaluation = useLoader(() => getScreeningEvaluation(runId ?? ''), [runId], {
    skip: runId === undefined,
    quiet: true,
  })

  // A run started elsewhere: the list is polled until it ends, then the latest run is shown.
  const elsewhere = (runs.data?.items ?? []).find((r) => r.state === 'RUNNING')
  const wasRunning = useRef(false)
  useEffect(() => {
    if (elsewhere === undefined) {
      if (wasRunning.current) setTick((n) => n + 1)
      wasRunning.current = false
      return undefined
    }
    wasRunning.current = true
    const timer = window.setInterval(runs.reload, POLL_MS)
    return () => window.clearInterval(timer)
  }, [elsewhere, runs.reload])

  const none = loaded.error instanceof ApiError && loaded.error.status === 404
  const rows = run ? patternRows(run, patterns.data?.patterns ?? [], evaluation.data) : []
  const open = rows.find((r) => r.code === pattern)
  const done = (id: string) => {
    setSelected(id)
    setPattern(undefined)
    setTick((n) => n + 1)
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('screening.title')}
      </Typography.Title>
      {can(user, 'screening.run') && <RunCard onDone={done} />}
      {elsewhere && (
        <Alert
          type="info"
          showIcon
          message={t('screening.runningElsewhere', {
            by: elsewhere.startedBy,
            at: formatDateTime(elsewhere.startedAt),
          })}
          data-testid="screening-running"
        />
      )}
      {run ? (
        <>
          <SummaryCard
            run={run}
            runs={runs.data?.items ?? []}
            onSelect={(id) => {
              setSelected(id)
              setPattern(undefined)
            }}
          />
          <PatternsCard
            rows={rows}
            evaluation={evaluation.data?.runId === run.id ? evaluation.data : undefined}
            selected={pattern}
            onSelect={setPattern}
          />
          {open && (
            <HitsCard
              key={`${run.id}:${open.code}`}
              runId={run.id}
              pattern={open}
              onClose={() => setPattern(undefined)}
              onEncounter={setDrill}
              onCluster={setCluster}
            />
          )}
          <ClusterModal
            runId={run.id}
            clusterId={cluster}
            onClose={() => setCluster(null)}
            onEncounter={setDrill}
          />
        </>
      ) : (
        <Card loading={loaded.loading}>
          {none ? (
            <Empty
              description={
                can(user, 'screening.run') ? t('screening.noneRun') : t('screening.none')
              }
              data-testid="screening-empty"
            />
          ) : (
            loaded.error !== undefined && (
              <Alert type="error" showIcon message={errorText(loaded.error)} />
            )
          )}
        </Card>
      )}
      <EncounterDrawer mdtrtId={drill} onClose={() => setDrill(null)} />
    </Space>
  )
}
