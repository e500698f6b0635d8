// SPDX-License-Identifier: Apache-2.0
// 线索核查: the batches handed down with how far each has got (the bureaus' sentence 共接收线索…),
// the import of a batch from a CSV file, and the clues with filters, paged by the server, with
// the registration of a clue by hand.
import { useEffect, useState, type ReactNode } from 'react'
import { DownloadOutlined, PlusOutlined, SearchOutlined, UploadOutlined } from '@ant-design/icons'
import {
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  Row,
  Select,
  Space,
  Table,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import type { Dayjs } from 'dayjs'
import { Link, useNavigate } from 'react-router'
import {
  CLUE_SOURCES,
  CLUE_STATES,
  clueBatchExportUrl,
  createClue,
  getClueFunnel,
  importClueBatch,
  listClueBatches,
  listClues,
  type Clue,
  type ClueBatch,
  type ClueFilter,
  type ClueFunnelRow,
  type ClueSource,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { CsvFilePicker, type ChosenFile } from '../../components/CsvFilePicker'
import { codeOptions, FilterSelect } from '../../components/FilterSelect'
import { requiredRule } from '../../components/FormItems'
import { FormModal } from '../../components/FormModal'
import { IssueList } from '../../components/IssueList'
import { RunForm } from '../../components/RunForm'
import { showSuccess } from '../../feedback'
import { formatCount, formatFen, ISO_DATE, optionalText, orDash, yuanToFen } from '../../format'
import { useAttempt, useLoader, usePaging, type Loaded, type Paging } from '../../hooks'
import { useT } from '../../i18n'
import { ClueStateTag, cluePath } from './clue-parts'

/** The 疑似金额 column, its fen in `data-fen`. */
function suspectedColumn<T extends { suspectedAmount: number }>(
  title: string
): TableColumnsType<T>[number] {
  return {
    title,
    dataIndex: 'suspectedAmount',
    width: 140,
    align: 'right',
    render: (_: unknown, row) => (
      <span data-field="suspectedAmount" data-fen={row.suspectedAmount}>
        {formatFen(row.suspectedAmount)}
      </span>
    ),
  }
}

interface ImportValues {
  source: ClueSource
  name: string
  receivedDate?: Dayjs | null
}

/** 导入线索: a CSV file read in the browser and sent as text with the batch's source and name. */
function ImportForm({ onImported }: { onImported: (batch: ClueBatch) => void }) {
  const t = useT()
  const [form] = Form.useForm<ImportValues>()
  const [file, setFile] = useState<ChosenFile | null>(null)
  const { busy, error, attempt } = useAttempt()
  const run = (v: ImportValues) =>
    attempt(async () => {
      if (file === null) return
      const answer = await importClueBatch({
        source: v.source,
        name: v.name.trim(),
        receivedDate: v.receivedDate?.format(ISO_DATE),
        file: file.name,
        text: file.text,
      })
      showSuccess(
        answer.status === 'imported'
          ? t('clue.imported', { count: answer.batch.clueCount })
          : t('clue.unchanged')
      )
      onImported(answer.batch)
    })
  return (
    <RunForm<ImportValues>
      form={form}
      onRun={(v) => void run(v)}
      label={t('clue.import')}
      icon={<UploadOutlined />}
      busy={busy}
      disabled={file === null}
      error={error}
      testId="clue-import-run"
      initialValues={{ source: 'NATIONAL' }}
    >
      <Form.Item name="source" label={t('clue.source')}>
        <Select
          style={{ width: 140 }}
          options={codeOptions(t, 'clue.source', CLUE_SOURCES)}
          data-testid="clue-import-source"
        />
      </Form.Item>
      <Form.Item name="name" label={t('clue.batchName')} rules={[requiredRule(t)]}>
        <Input style={{ width: 260 }} data-testid="clue-import-name" />
      </Form.Item>
      <Form.Item name="receivedDate" label={t('clue.receivedDate')}>
        <DatePicker format={ISO_DATE} />
      </Form.Item>
      <Form.Item label={t('clue.file')}>
        <CsvFilePicker
          file={file}
          label={t('clue.chooseFile')}
          testId="clue-import-file"
          onChange={setFile}
        />
      </Form.Item>
    </RunForm>
  )
}

/** The batches with their funnel sentence, and the sentence of every clue. */
function BatchesCard({
  tick,
  batches,
  manage,
  onImported,
  onShow,
}: {
  tick: number
  batches: Loaded<{ items: ClueBatch[] }>
  manage: boolean
  onImported: (batch: ClueBatch) => void
  onShow: (batchId: string) => void
}) {
  const t = useT()
  const funnel = useLoader(getClueFunnel, [tick])
  const rows = funnel.data?.rows ?? []
  const byBatch = new Map(rows.map((r) => [r.batchId, r]))
  const byHand = rows.filter((r) => r.batchId === null)
  const columns: TableColumnsType<ClueBatch> = [
    { title: t('clue.batchName'), dataIndex: 'name' },
    {
      title: t('clue.source'),
      dataIndex: 'source',
      width: 110,
      render: (_: unknown, row) => t(`clue.source.${row.source}`),
    },
    { title: t('clue.receivedDate'), dataIndex: 'receivedDate', width: 110 },
    { title: t('clue.file'), dataIndex: 'fileName', width: 160, ellipsis: true },
    {
      title: t('clue.clueCount'),
      dataIndex: 'clueCount',
      width: 80,
      align: 'right',
      render: (_: unknown, row) => (
        <span data-field="clueCount" data-count={row.clueCount}>
          {formatCount(row.clueCount)}
        </span>
      ),
    },
    suspectedColumn<ClueBatch>(t('clue.suspectedAmount')),
    {
      title: t('clue.funnel'),
      key: 'funnel',
      render: (_: unknown, row) => (
        <span data-field="sentence">{byBatch.get(row.id)?.sentence ?? '—'}</span>
      ),
    },
    {
      title: '',
      key: 'actions',
      width: 180,
      render: (_: unknown, row) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => onShow(row.id)}>
            {t('clue.showClues')}
          </Button>
          <Button
            type="link"
            size="small"
            icon={<DownloadOutlined />}
            href={clueBatchExportUrl(row.id)}
          >
            {t('clue.export')}
          </Button>
        </Space>
      ),
    },
  ]
  const sentence = (label: string, row: Pick<ClueFunnelRow, 'sentence'>, key: string) => (
    <Typography.Text key={key}>
      <Typography.Text strong>{label}：</Typography.Text>
      {row.sentence}
    </Typography.Text>
  )
  return (
    <Card title={t('clue.batchesTitle')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {manage && (
          <>
            <Typography.Text type="secondary">{t('clue.importHint')}</Typography.Text>
            <ImportForm onImported={onImported} />
          </>
        )}
        <Table<ClueBatch>
          rowKey="id"
          size="middle"
          loading={batches.loading}
          columns={columns}
          dataSource={batches.data?.items ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          locale={{ emptyText: t('clue.noBatches') }}
          data-testid="clue-batches"
        />
        {funnel.data && (
          <Space direction="vertical" data-testid="clue-funnel">
            {byHand.map((r) =>
              sentence(`${t('clue.byHand')} · ${t(`clue.source.${r.source}`)}`, r, r.source)
            )}
            <span data-testid="clue-funnel-total">
              {sentence(t('clue.totalSentence'), funnel.data.total, 'total')}
            </span>
          </Space>
        )}
      </Space>
    </Card>
  )
}

interface NewClueValues {
  source: ClueSource
  institutionCode: string
  psnNo?: string
  period: string
  description: string
  suspected: number
}

/** 登记线索: a clue registered by hand. */
function NewClueButton({ onCreated }: { onCreated: (id: string) => void }) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<NewClueValues>()
  const { busy, error, attempt } = useAttempt()
  const submit = (v: NewClueValues) =>
    attempt(async () => {
      const clue = await createClue({
        source: v.source,
        institutionCode: v.institutionCode.trim(),
        psnNo: optionalText(v.psnNo),
        period: v.period.trim(),
        description: v.description.trim(),
        suspectedAmount: yuanToFen(v.suspected) ?? 0,
      })
      showSuccess(t('clue.registered', { id: clue.id }))
      setOpen(false)
      onCreated(clue.id)
    })
  const required = [requiredRule(t)]
  return (
    <>
      <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid="clue-new">
        {t('clue.new')}
      </Button>
      <FormModal<NewClueValues>
        open={open}
        title={t('clue.new')}
        okText={t('clue.register')}
        busy={busy}
        form={form}
        onSubmit={(values) => void submit(values)}
        onClose={() => setOpen(false)}
      >
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="source" label={t('clue.source')} initialValue="SCREENING">
              <Select options={codeOptions(t, 'clue.source', CLUE_SOURCES)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="institutionCode" label={t('clue.institutionCode')} rules={required}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="psnNo" label={t('clue.psnNo')}>
              <Input />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="period"
              label={t('clue.period')}
              tooltip={t('clue.periodHint')}
              rules={required}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="description" label={t('clue.description')} rules={required}>
              <Input.TextArea rows={3} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="suspected"
              label={t('clue.suspectedYuan')}
              rules={[{ required: true, message: t('form.required') }]}
            >
              <Input inputMode="decimal" />
            </Form.Item>
          </Col>
        </Row>
        {open && error !== undefined && <IssueList error={error} testId="clue-new-issues" />}
      </FormModal>
    </>
  )
}

type FilterValues = Omit<ClueFilter, 'page' | 'pageSize'>

/** The clues with filters, paged by the server. */
function CluesCard({
  filter,
  paging,
  onFilter,
  batches,
  tick,
  extra,
}: {
  filter: FilterValues
  paging: Paging
  onFilter: (filter: FilterValues) => void
  batches: readonly ClueBatch[]
  tick: number
  extra: ReactNode
}) {
  const t = useT()
  const [form] = Form.useForm<FilterValues>()
  const { page, pageSize, pagination } = paging
  useEffect(() => {
    form.resetFields()
    form.setFieldsValue(filter)
  }, [filter, form])
  const { data, loading } = useLoader(
    () => listClues({ ...filter, page, pageSize }),
    [filter, page, pageSize, tick]
  )
  const columns: TableColumnsType<Clue> = [
    {
      title: t('clue.id'),
      dataIndex: 'id',
      width: 200,
      render: (_: unknown, row) => (
        <Link to={cluePath(row.id)} data-testid={`clue-link-${row.id}`}>
          {row.id}
        </Link>
      ),
    },
    {
      title: t('clue.batch'),
      key: 'batch',
      width: 200,
      ellipsis: true,
      render: (_: unknown, row) =>
        row.batchName === null ? t('clue.byHand') : `${row.batchName} #${row.line ?? ''}`,
    },
    {
      title: t('clue.institution'),
      key: 'institution',
      render: (_: unknown, row) => (
        <span>
          {row.institutionCode}
          {row.institutionName && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 6 }}>
              {row.institutionName}
            </Typography.Text>
          )}
        </span>
      ),
    },
    { title: t('clue.psnNo'), dataIndex: 'psnNo', width: 110, render: orDash },
    { title: t('clue.period'), dataIndex: 'period', width: 110 },
    { title: t('clue.description'), dataIndex: 'description', ellipsis: true },
    suspectedColumn<Clue>(t('clue.suspectedAmount')),
    {
      title: t('clue.stateLabel'),
      dataIndex: 'state',
      width: 100,
      render: (_: unknown, row) => <ClueStateTag state={row.state} outcome={row.outcome} />,
    },
    {
      title: t('clue.assignee'),
      key: 'assignee',
      width: 110,
      render: (_: unknown, row) => orDash(row.assigneeName ?? row.assignee),
    },
  ]
  return (
    <Card title={t('clue.listTitle')} extra={extra}>
      <Form<FilterValues>
        form={form}
        layout="inline"
        onFinish={(values) =>
          onFilter({
            ...values,
            institutionCode: optionalText(values.institutionCode),
            assignee: optionalText(values.assignee),
          })
        }
        style={{ marginBottom: 16, rowGap: 8 }}
      >
        <FilterSelect
          name="batch"
          label={t('clue.batch')}
          width={220}
          options={batches.map((b) => ({ value: b.id, label: b.name }))}
          testId="clue-filter-batch"
        />
        <FilterSelect
          name="state"
          label={t('clue.stateLabel')}
          width={110}
          options={codeOptions(t, 'clue.state', CLUE_STATES)}
        />
        <FilterSelect
          name="source"
          label={t('clue.source')}
          width={130}
          options={codeOptions(t, 'clue.source', CLUE_SOURCES)}
        />
        <Form.Item name="institutionCode" label={t('clue.institutionCode')}>
          <Input allowClear style={{ width: 150 }} />
        </Form.Item>
        <Form.Item name="assignee" label={t('clue.assignee')}>
          <Input allowClear style={{ width: 120 }} />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SearchOutlined />} data-testid="clue-filter-submit">
            {t('common.search')}
          </Button>
        </Form.Item>
      </Form>
      <Table<Clue>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 1300 }}
        pagination={pagination(data?.total ?? 0, (total) => t('table.total', { total }))}
        locale={{ emptyText: t('clue.none') }}
        data-testid="clue-table"
        data-total={data?.total ?? ''}
      />
    </Card>
  )
}

/** The clues page. */
export function CluesPage() {
  const t = useT()
  const user = useUser()
  const navigate = useNavigate()
  const manage = can(user, 'clues.manage')
  const [tick, setTick] = useState(0)
  const [filter, setFilter] = useState<FilterValues>({})
  const paging = usePaging()
  const batches = useLoader(listClueBatches, [tick])
  const show = (next: FilterValues) => {
    paging.setPage(1)
    setFilter(next)
  }
  const imported = (batch: ClueBatch) => {
    show({ batch: batch.id })
    setTick((n) => n + 1)
  }
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('clue.title')}
      </Typography.Title>
      <BatchesCard
        tick={tick}
        batches={batches}
        manage={manage}
        onImported={imported}
        onShow={(batch) => show({ batch })}
      />
      <CluesCard
        filter={filter}
        paging={paging}
        onFilter={show}
        batches={batches.data?.items ?? []}
        tick={tick}
        extra={manage && <NewClueButton onCreated={(id) => navigate(cluePath(id))} />}
      />
    </Space>
  )
}
