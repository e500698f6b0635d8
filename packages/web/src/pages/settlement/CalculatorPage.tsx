// SPDX-License-Identifier: Apache-2.0
// The settlement calculator (结算计算器): one encounter settled from the start of its year under
// a benefit policy (by default the one in force on the date), as the one-stop settlement would:
// the setlinfo amounts, each fund layer with its explanation in Chinese, and each line's split
// into 全自费 / 超限价 / 先行自付 / 政策范围内. The bill is typed in a table, pasted as JSON, or
// the worked example of domain.md §7.4.
import { useMemo, useState } from 'react'
import {
  CalculatorOutlined,
  DeleteOutlined,
  FileTextOutlined,
  PlusOutlined,
  SnippetsOutlined,
} from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Modal,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import dayjs, { type Dayjs } from 'dayjs'
import {
  ApiError,
  IDENTITY_TYPES,
  calculateSettlement,
  listPolicies,
  type CalculateEncounter,
  type CalculateLine,
  type CalculateResult,
  type CareKind,
  type CatalogClass,
  type IdentityType,
  type InstitutionTier,
  type LineSplit,
  type ListType,
  type SettlementAmounts,
  type SettlementStep,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { IssueList } from '../../components/IssueList'
import { formatFen } from '../../format'
import { useLoader } from '../../hooks'
import { useT, type MessageKey, type Translate } from '../../i18n'
import { MONOSPACE } from '../../components/Versions'
import {
  CARE_KINDS,
  CATALOG_CLASSES,
  INSU_TYPES,
  LEVELS,
  LIST_TYPES,
  MED_TYPES,
  TIERS,
} from './settlement-labels'

/** The encounter fields as the form holds them. */
interface EncounterValues {
  policyId: string
  date: Dayjs
  admdvs?: string
  insuType: string
  identities: IdentityType[]
  level: number
  tier: InstitutionTier
  kind: CareKind
  medType: string
}

/** One line of the bill table; prices as typed (yuan). */
interface LineRow {
  key: number
  name: string
  listType: ListType
  catalogClass: CatalogClass
  quantity: number | null
  price: string | null
  capPrice: string | null
  restricted: boolean
}

/** The setlinfo amounts shown, in the order of the national settlement list. */
const AMOUNTS: readonly (keyof SettlementAmounts & string)[] = [
  'medfeeSumamt',
  'fulamtOwnpayAmt',
  'overlmtSelfpay',
  'preselfpayAmt',
  'inscpScpAmt',
  'actPayDedc',
  'hifpPay',
  'hifobPay',
  'hifmiPay',
  'mafPay',
  'othPay',
  'fundPaySumamt',
  'psnPartAmt',
  'acctPay',
  'psnCashPay',
]

const DEFAULTS: Omit<EncounterValues, 'date'> = {
  policyId: '',
  insuType: '390',
  identities: [],
  level: 2,
  tier: 'COUNTY',
  kind: 'INPATIENT',
  medType: '21',
}

let nextKey = 1

function row(line: Partial<Omit<LineRow, 'key'>> = {}): LineRow {
  return {
    key: nextKey++,
    name: '',
    listType: '101',
    catalogClass: '01',
    quantity: 1,
    price: null,
    capPrice: null,
    restricted: false,
    ...line,
  }
}

/** The bill of domain.md §7.4: a ¥50,000 stay of a 低保 and 脱贫 居民 at a 二级 county hospital. */
function exampleBill(t: Translate): { values: Omit<EncounterValues, 'policyId'>; rows: LineRow[] } {
  return {
    values: {
      date: dayjs('2020-06-10'),
      insuType: '390',
      identities: ['DIBAO', 'TUOPIN'],
      level: 2,
      tier: 'COUNTY',
      kind: 'INPATIENT',
      medType: '21',
    },
    rows: [
      row({ name: t('calculator.example.outside'), catalogClass: '03', price: '2000' }),
      row({ name: t('calculator.example.classB'), catalogClass: '02', price: '30000' }),
      row({ name: t('calculator.example.classA'), catalogClass: '01', price: '18000' }),
    ],
  }
}

const PRICE_RE = /^(\d+)(?:\.(\d{0,4}))?$/

/** quantity × price in fen (half-up), for display; null when either is not a number. */
function lineFen(quantity: number | null, price: string | null): number | null {
  const m = PRICE_RE.exec((price ?? '').trim())
  if (quantity === null || !m) return null
  const e4 = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'))
  return Math.floor((quantity * e4) / 100 + 0.5 + 1e-9)
}

/** A pasted bill: a list of lines, an encounter, or `{ policyId?, encounter }`. */
function readPasted(text: string): {
  encounter: Partial<CalculateEncounter>
  policyId?: string
} {
  const parsed: unknown = JSON.parse(text)
  if (Array.isArray(parsed)) return { encounter: { lines: parsed as CalculateLine[] } }
  if (parsed === null || typeof parsed !== 'object') throw new Error('not an object')
  const o = parsed as Record<string, unknown>
  if (o['encounter'] !== undefined) {
    return {
      encounter: o['encounter'] as Partial<CalculateEncounter>,
      policyId: typeof o['policyId'] === 'string' ? o['policyId'] : undefined,
    }
  }
  return { encounter: o as Partial<CalculateEncounter> }
}

/** The value of a pasted number or text as the table's text. */
function asText(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value)
}

/** The issues that name a cell of the bill table: `lines[1].price` → row 1, price. */
function cellIssues(error: unknown): Map<string, string> {
  const out = new Map<string, string>()
  if (!(error instanceof ApiError)) return out
  for (const issue of error.issues) {
    const m = /^encounter\.lines\[(\d+)\]\.(\w+)$/.exec(issue.path ?? '')
    if (m) out.set(`${m[1]}.${m[2]}`, issue.message.replace(`${issue.path}：`, ''))
  }
  return out
}

function PasteModal({
  open,
  onClose,
  onPaste,
}: {
  open: boolean
  onClose: () => void
  onPaste: (text: string) => string | null
}) {
  const t = useT()
  const [text, setText] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  return (
    <Modal
      open={open}
      title={t('calculator.pasteTitle')}
      okText={t('calculator.pasteApply')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => setProblem(onPaste(text))}
      okButtonProps={{ 'data-testid': 'calc-paste-apply' }}
      width={720}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('calculator.pasteHint')}</Typography.Text>
        {problem && <Alert type="error" showIcon message={problem} />}
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoSize={{ minRows: 12, maxRows: 30 }}
          spellCheck={false}
          style={MONOSPACE}
          data-testid="calc-paste-text"
        />
      </Space>
    </Modal>
  )
}

function ResultView({ result }: { result: CalculateResult }) {
  const t = useT()
  const s = result.settlement
  const stepColumns: TableColumnsType<SettlementStep> = [
    {
      title: t('calculator.layer'),
      dataIndex: 'layer',
      width: 170,
      render: (_: unknown, step) => t(`layer.${step.layer}`),
    },
    { title: t('calculator.fundPayType'), dataIndex: 'fundPayType', width: 100 },
    {
      title: t('calculator.base'),
      dataIndex: 'base',
      align: 'right',
      width: 140,
      render: (_: unknown, step) => formatFen(step.base),
    },
    {
      title: t('calculator.paid'),
      dataIndex: 'amount',
      align: 'right',
      width: 140,
      render: (_: unknown, step) => <strong>{formatFen(step.amount)}</strong>,
    },
    { title: t('calculator.explanation'), dataIndex: 'text' },
  ]
  const lineColumns: TableColumnsType<LineSplit> = [
    { title: '#', dataIndex: 'feedetlSn', width: 50 },
    {
      title: t('calculator.lineName'),
      dataIndex: 'name',
      render: (_: unknown, line) => line.name ?? '—',
    },
    ...(
      [
        ['amount', 'calculator.amount'],
        ['fullSelfPay', 'calculator.fullSelfPay'],
        ['overPrice', 'calculator.overPrice'],
        ['preselfpay', 'calculator.preselfpay'],
        ['inScope', 'calculator.inScope'],
      ] as const
    ).map(([key, label]) => ({
      title: t(label),
      dataIndex: key,
      align: 'right' as const,
      width: 150,
      render: (_: unknown, line: LineSplit) => formatFen(line[key]),
    })),
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} data-testid="calc-result">
      <Space wrap>
        <Typography.Text>{t('calculator.policyUsed')}</Typography.Text>
        <Tag color="blue" data-testid="calc-policy">
          {result.policy.name}（{result.policy.id}）
        </Tag>
        {result.tilt && <Tag color="gold">{t('calculator.tilt', { name: result.tilt })}</Tag>}
      </Space>
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2, lg: 3 }}
        items={AMOUNTS.map((field) => ({
          key: field,
          label: t(`setl.${field}` as MessageKey),
          children: (
            <span
              data-testid={`setl-${field}`}
              style={{
                fontWeight: ['fundPaySumamt', 'psnPartAmt'].includes(field) ? 600 : undefined,
              }}
            >
              {formatFen(s[field] as number)}
            </span>
          ),
        }))}
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('calculator.steps')}
      </Typography.Title>
      <Table<SettlementStep>
        rowKey="layer"
        size="small"
        pagination={false}
        columns={stepColumns}
        dataSource={result.steps}
        data-testid="calc-steps"
      />
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('calculator.lineSplits')}
      </Typography.Title>
      <Table<LineSplit>
        rowKey="feedetlSn"
        size="small"
        pagination={false}
        columns={lineColumns}
        dataSource={result.lines}
        scroll={{ x: 900 }}
        data-testid="calc-lines"
      />
    </Space>
  )
}

/** The calculator page. */
export function CalculatorPage() {
  const t = useT()
  const [form] = Form.useForm<EncounterValues>()
  // Roles that may calculate but not read the versions (举报受理员) use the policy in force.
  const mayPick = can(useUser(), 'policies.read')
  const policies = useLoader(listPolicies, [], { skip: !mayPick })
  const [rows, setRows] = useState<LineRow[]>(() => [row()])
  const [result, setResult] = useState<CalculateResult | null>(null)
  const [error, setError] = useState<unknown>(undefined)
  const [busy, setBusy] = useState(false)
  const [pasting, setPasting] = useState(false)
  const kind = Form.useWatch('kind', form) ?? DEFAULTS.kind
  const bad = useMemo(() => cellIssues(error), [error])

  const update = (key: number, change: Partial<LineRow>) =>
    setRows((prev) => prev.map((r) => (r.key === key ? { ...r, ...change } : r)))

  const loadExample = () => {
    const example = exampleBill(t)
    form.setFieldsValue(example.values)
    setRows(example.rows)
    setResult(null)
    setError(undefined)
  }

  const paste = (text: string): string | null => {
    let pasted
    try {
      pasted = readPasted(text)
    } catch {
      return t('calculator.pasteInvalid')
    }
    const e = pasted.encounter
    const values: Partial<EncounterValues> = {}
    if (pasted.policyId !== undefined) values.policyId = pasted.policyId
    if (typeof e.time === 'string' && dayjs(e.time.slice(0, 10)).isValid()) {
      values.date = dayjs(e.time.slice(0, 10))
    }
    if (e.insuType !== undefined) values.insuType = String(e.insuType)
    if (Array.isArray(e.identities)) values.identities = e.identities
    if (typeof e.level === 'number') values.level = e.level
    if (e.tier !== undefined) values.tier = e.tier
    if (e.kind !== undefined) values.kind = e.kind
    if (e.medType !== undefined) values.medType = String(e.medType)
    if (e.admdvs !== undefined) values.admdvs = e.admdvs
    form.setFieldsValue(values)
    if (Array.isArray(e.lines)) {
      setRows(
        e.lines.map((l) =>
          row({
            name: l.name ?? '',
            listType: l.listType,
            catalogClass: l.catalogClass,
            quantity: typeof l.quantity === 'number' ? l.quantity : null,
            price: asText(l.price),
            capPrice: asText(l.capPrice),
            restricted: l.restricted === true,
          })
        )
      )
    }
    setPasting(false)
    setResult(null)
    setError(undefined)
    return null
  }

  const calculate = async (values: EncounterValues) => {
    const encounter: CalculateEncounter = {
      time: values.date.format('YYYY-MM-DD'),
      insuType: values.insuType,
      medType: values.medType,
      kind: values.kind,
      level: values.level,
      tier: values.tier,
      identities: values.identities,
      ...(values.admdvs?.trim() ? { admdvs: values.admdvs.trim() } : {}),
      lines: rows.map((r) => ({
        ...(r.name.trim() ? { name: r.name.trim() } : {}),
        listType: r.listType,
        catalogClass: r.catalogClass,
        quantity: r.quantity as number,
        price: r.price ?? '',
        ...(r.capPrice ? { capPrice: r.capPrice } : {}),
        ...(r.restricted ? { restricted: true } : {}),
      })),
    }
    setBusy(true)
    try {
      setResult(
        await calculateSettlement({
          ...(values.policyId ? { policyId: values.policyId } : {}),
          encounter,
        })
      )
      setError(undefined)
    } catch (err) {
      setResult(null)
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const cellStatus = (index: number, field: string) => (bad.has(`${index}.${field}`) ? 'error' : '')
  const lineColumns: TableColumnsType<LineRow> = [
    {
      title: '#',
      key: 'n',
      width: 44,
      render: (_: unknown, _row, index) => index + 1,
    },
    {
      title: t('calculator.lineName'),
      dataIndex: 'name',
      width: 200,
      render: (_: unknown, r, index) => (
        <Input
          value={r.name}
          status={cellStatus(index, 'name')}
          onChange={(e) => update(r.key, { name: e.target.value })}
          data-testid={`calc-line-${index}-name`}
        />
      ),
    },
    {
      title: t('calculator.listType'),
      dataIndex: 'listType',
      width: 150,
      render: (_: unknown, r, index) => (
        <Select<ListType>
          value={r.listType}
          status={cellStatus(index, 'listType')}
          style={{ width: '100%' }}
          onChange={(listType) => update(r.key, { listType })}
          options={LIST_TYPES.map((v) => ({ value: v, label: t(`listType.${v}`) }))}
        />
      ),
    },
    {
      title: t('calculator.catalogClass'),
      dataIndex: 'catalogClass',
      width: 130,
      render: (_: unknown, r, index) => (
        <Select<CatalogClass>
          value={r.catalogClass}
          status={cellStatus(index, 'catalogClass')}
          style={{ width: '100%' }}
          onChange={(catalogClass) => update(r.key, { catalogClass })}
          options={CATALOG_CLASSES.map((v) => ({ value: v, label: t(`catalogClass.${v}`) }))}
          data-testid={`calc-line-${index}-class`}
        />
      ),
    },
    {
      title: t('calculator.quantity'),
      dataIndex: 'quantity',
      width: 100,
      render: (_: unknown, r, index) => (
        <InputNumber
          value={r.quantity}
          min={0}
          status={cellStatus(index, 'quantity')}
          style={{ width: '100%' }}
          onChange={(quantity) => update(r.key, { quantity })}
        />
      ),
    },
    {
      title: t('calculator.price'),
      dataIndex: 'price',
      width: 150,
      render: (_: unknown, r, index) => (
        <InputNumber<string>
          stringMode
          min="0"
          value={r.price}
          status={cellStatus(index, 'price')}
          style={{ width: '100%' }}
          onChange={(price) => update(r.key, { price })}
          data-testid={`calc-line-${index}-price`}
        />
      ),
    },
    {
      title: t('calculator.amount'),
      key: 'amount',
      width: 130,
      align: 'right',
      render: (_: unknown, r) => formatFen(lineFen(r.quantity, r.price)),
    },
    {
      title: t('calculator.capPrice'),
      dataIndex: 'capPrice',
      width: 140,
      render: (_: unknown, r, index) => (
        <InputNumber<string>
          stringMode
          min="0"
          value={r.capPrice}
          placeholder={t('calculator.optional')}
          status={cellStatus(index, 'capPrice')}
          style={{ width: '100%' }}
          onChange={(capPrice) => update(r.key, { capPrice })}
        />
      ),
    },
    {
      title: t('calculator.restricted'),
      dataIndex: 'restricted',
      width: 90,
      align: 'center',
      render: (_: unknown, r) => (
        <Checkbox
          checked={r.restricted}
          onChange={(e) => update(r.key, { restricted: e.target.checked })}
        />
      ),
    },
    {
      title: '',
      key: 'remove',
      width: 50,
      render: (_: unknown, r) => (
        <Button
          size="small"
          type="text"
          danger
          icon={<DeleteOutlined />}
          disabled={rows.length === 1}
          aria-label={t('calculator.removeLine')}
          onClick={() => setRows((prev) => prev.filter((x) => x.key !== r.key))}
        />
      ),
    },
  ]

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('calculator.title')}
        extra={
          <Space wrap>
            <Button icon={<FileTextOutlined />} onClick={loadExample} data-testid="calc-example">
              {t('calculator.loadExample')}
            </Button>
            <Button
              icon={<SnippetsOutlined />}
              onClick={() => setPasting(true)}
              data-testid="calc-paste"
            >
              {t('calculator.paste')}
            </Button>
          </Space>
        }
      >
        <Form<EncounterValues>
          form={form}
          layout="vertical"
          initialValues={{ ...DEFAULTS, date: dayjs() }}
          onFinish={(values) => void calculate(values)}
        >
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <Form.Item
                name="policyId"
                label={t('calculator.policy')}
                tooltip={t('calculator.policyHint')}
              >
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={policies.loading}
                  data-testid="calc-policy-select"
                  options={[
                    { value: '', label: t('calculator.policyAuto') },
                    ...(policies.data?.items ?? []).map((p) => ({
                      value: p.id,
                      label: `${p.name}（${p.id}）· ${t(`versions.status.${p.status}`)}`,
                    })),
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item
                name="date"
                label={t('calculator.date')}
                rules={[{ required: true, message: t('calculator.dateRequired') }]}
              >
                <DatePicker style={{ width: '100%' }} allowClear={false} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item
                name="admdvs"
                label={t('calculator.admdvs')}
                tooltip={t('calculator.admdvsHint')}
              >
                <Input placeholder="*" />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="insuType" label={t('calculator.insuType')}>
                <Select
                  options={INSU_TYPES.map((v) => ({ value: v, label: t(`insuType.${v}`) }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} lg={18}>
              <Form.Item name="identities" label={t('calculator.identities')}>
                <Select
                  mode="multiple"
                  allowClear
                  placeholder={t('calculator.identitiesNone')}
                  options={IDENTITY_TYPES.map((v) => ({ value: v, label: t(`identity.${v}`) }))}
                  data-testid="calc-identities"
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="level" label={t('calculator.level')}>
                <Select options={LEVELS.map((v) => ({ value: v, label: t(`level.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="tier" label={t('calculator.tier')}>
                <Select options={TIERS.map((v) => ({ value: v, label: t(`tier.${v}`) }))} />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="kind" label={t('calculator.kind')}>
                <Select
                  options={CARE_KINDS.map((v) => ({ value: v, label: t(`careKind.${v}`) }))}
                  onChange={(next: CareKind) => form.setFieldValue('medType', MED_TYPES[next][0])}
                />
              </Form.Item>
            </Col>
            <Col xs={12} lg={6}>
              <Form.Item name="medType" label={t('calculator.medType')}>
                <Select
                  options={MED_TYPES[kind].map((v) => ({
                    value: v,
                    label: `${v} ${t(`medType.${v}` as MessageKey)}`,
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </Form>
        <Table<LineRow>
          rowKey="key"
          size="small"
          pagination={false}
          columns={lineColumns}
          dataSource={rows}
          scroll={{ x: 1150 }}
          data-testid="calc-lines-input"
          footer={() => (
            <Space>
              <Button
                icon={<PlusOutlined />}
                onClick={() => setRows((prev) => [...prev, row()])}
                data-testid="calc-add-line"
              >
                {t('calculator.addLine')}
              </Button>
              <Typography.Text type="secondary">{t('calculator.linesHint')}</Typography.Text>
            </Space>
          )}
        />
        <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
          {error !== undefined && <IssueList error={error} testId="calc-issues" />}
          <Button
            type="primary"
            icon={<CalculatorOutlined />}
            loading={busy}
            onClick={() => form.submit()}
            data-testid="calc-submit"
          >
            {t('calculator.calculate')}
          </Button>
        </Space>
      </Card>
      {result && (
        <Card title={t('calculator.result')}>
          <ResultView result={result} />
        </Card>
      )}
      <PasteModal open={pasting} onClose={() => setPasting(false)} onPaste={paste} />
    </Space>
  )
}
