// SPDX-License-Identifier: Apache-2.0
// 双随机抽查 (双随机、一公开): the plan editor prefilled from the default plan (ratios per
// institution type, team size, credit weights, risk factor, region), a seed (empty: random) and
// the inspector's draw with its result; the draws so far; the object register with credit and
// risk; the inspector register with certificates and declared conflicts.
import { useState } from 'react'
import { ReloadOutlined, ThunderboltOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Col,
  Divider,
  Form,
  Input,
  Row,
  Space,
  Spin,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import { Link, useSearchParams } from 'react-router'
import {
  CREDIT_LEVELS,
  drawInspection,
  getDefaultInspectionPlan,
  INSTITUTION_TYPES,
  listInspectionDraws,
  listInspectionObjects,
  type InspectionDraw,
  type InspectionDrawSummary,
  type InspectionObject,
  type InspectionPlanDocument,
  type Inspector,
  type InstitutionType,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { NumberField, type NumberFieldProps } from '../../components/NumberField'
import { RunForm } from '../../components/RunForm'
import { SeedField } from '../../components/SeedField'
import { showSuccess } from '../../feedback'
import { formatCount, formatPercent } from '../../format'
import { useAttempt, useLoader } from '../../hooks'
import { codeName, useT } from '../../i18n'
import { DrawView } from './DrawView'
import { CoverageTab } from './inspection-results'
import { createdColumns, CreditTag, InstitutionTypeTag, useInspectors } from './supervision-labels'

const TABS = ['draw', 'draws', 'results', 'objects', 'inspectors'] as const
type TabKey = (typeof TABS)[number]

/** The path of a recorded draw. */
function drawPath(id: string): string {
  return `/inspections/draws/${encodeURIComponent(id)}`
}

interface PlanValues {
  ratio: Partial<Record<InstitutionType, number>>
  minPerType: number
  teamSize: number
  creditWeights: Record<string, number>
  unrated: number
  riskFactor: number
  admdvs?: string
  seed?: string
}

function planValues(plan: InspectionPlanDocument): PlanValues {
  return {
    ratio: { ...plan.ratio },
    minPerType: plan.minPerType,
    teamSize: plan.teamSize,
    creditWeights: { ...plan.creditWeights },
    unrated: plan.unrated,
    riskFactor: plan.riskFactor,
    admdvs: plan.admdvs ?? '',
    seed: '',
  }
}

/** The plan document of the form: the default plan's id and name with the values edited. */
function planDocument(base: InspectionPlanDocument, values: PlanValues): InspectionPlanDocument {
  const admdvs = values.admdvs?.trim()
  return {
    id: base.id,
    name: base.name,
    ratio: values.ratio,
    minPerType: values.minPerType,
    creditWeights: values.creditWeights,
    unrated: values.unrated,
    riskFactor: values.riskFactor,
    teamSize: values.teamSize,
    ...(admdvs ? { admdvs } : {}),
  }
}

const PLAN_COL = { xs: 12, md: 6, xl: 4 }

/** A number of the plan; the server checks the ranges and names what it refuses. */
function PlanNumber(props: Omit<NumberFieldProps, 'col' | 'min' | 'testId'>) {
  const name = typeof props.name === 'string' ? props.name : props.name.join('-')
  return <NumberField {...props} min={0} col={PLAN_COL} testId={`plan-${name}`} />
}

/** The plan editor, the seed and the draw; the result below. */
function DrawTab({ names, onDrawn }: { names: ReadonlyMap<string, string>; onDrawn: () => void }) {
  const t = useT()
  const user = useUser()
  const manage = can(user, 'inspections.manage')
  const defaults = useLoader(getDefaultInspectionPlan, [])
  const [form] = Form.useForm<PlanValues>()
  const { busy, error, attempt } = useAttempt()
  const [draw, setDraw] = useState<InspectionDraw | undefined>(undefined)
  const base = defaults.data
  if (!base) return <Spin style={{ display: 'block', margin: '40px auto' }} />

  const run = (values: PlanValues) =>
    attempt(async () => {
      const seed = values.seed?.trim()
      const answer = await drawInspection({
        plan: planDocument(base, values),
        ...(seed ? { seed: Number(seed) } : {}),
      })
      setDraw(answer)
      onDrawn()
      showSuccess(t('inspection.drawnToast', { count: answer.objects.length, seed: answer.seed }))
    })

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={t('inspection.planTitle', { name: base.name })}
        extra={
          <Button
            icon={<ReloadOutlined />}
            onClick={() => form.setFieldsValue(planValues(base))}
            disabled={!manage}
          >
            {t('inspection.resetPlan')}
          </Button>
        }
      >
        {!manage && (
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            message={t('inspection.readOnly')}
          />
        )}
        <RunForm<PlanValues>
          form={form}
          layout="vertical"
          readOnly={!manage}
          initialValues={planValues(base)}
          onRun={(values) => void run(values)}
          label={t('inspection.draw')}
          icon={<ThunderboltOutlined />}
          busy={busy}
          error={error}
          testId="draw-run"
        >
          <Divider orientation="left" plain style={{ marginTop: 0 }}>
            {t('inspection.ratioTitle')}
          </Divider>
          <Row gutter={16}>
            {INSTITUTION_TYPES.map((type) => (
              <PlanNumber
                key={type}
                name={['ratio', type]}
                label={t(`institutionType.${type}`)}
                suffix="%"
                precision={2}
              />
            ))}
            <PlanNumber
              name="minPerType"
              label={t('inspection.minPerType')}
              tooltip={t('inspection.minPerTypeHint')}
              precision={0}
            />
            <PlanNumber
              name="teamSize"
              label={t('inspection.teamSize')}
              tooltip={t('inspection.teamSizeHint')}
              precision={0}
            />
          </Row>
          <Divider orientation="left" plain>
            {t('inspection.weightsTitle')}
          </Divider>
          <Row gutter={16}>
            {CREDIT_LEVELS.map((level) => (
              <PlanNumber
                key={level}
                name={['creditWeights', level]}
                label={t('inspection.creditWeight', { level })}
                precision={4}
              />
            ))}
            <PlanNumber name="unrated" label={t('inspection.unratedWeight')} precision={4} />
            <PlanNumber
              name="riskFactor"
              label={t('inspection.riskFactor')}
              tooltip={t('inspection.riskFactorHint')}
              precision={4}
            />
          </Row>
          <Row gutter={16}>
            <Col xs={12} md={6} xl={4}>
              <Form.Item
                name="admdvs"
                label={t('inspection.admdvs')}
                tooltip={t('inspection.admdvsHint')}
              >
                <Input allowClear placeholder={t('inspection.admdvsAll')} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <SeedField hint={t('inspection.seedHint')} testId="draw-seed-input" />
            </Col>
          </Row>
        </RunForm>
      </Card>
      {draw && <DrawView draw={draw} names={names} />}
    </Space>
  )
}

/** The draws so far; each opens its page. */
function DrawsTab({ reloadKey }: { reloadKey: number }) {
  const t = useT()
  const { data, loading } = useLoader(listInspectionDraws, [reloadKey])
  const columns: TableColumnsType<InspectionDrawSummary> = [
    {
      title: t('inspection.drawId'),
      dataIndex: 'id',
      render: (_: unknown, row) => (
        <Link to={drawPath(row.id)} data-testid={`draw-link-${row.id}`}>
          {row.id}
        </Link>
      ),
    },
    { title: t('inspection.planId'), dataIndex: 'planId' },
    { title: t('inspection.seed'), dataIndex: 'seed', align: 'right' },
    {
      title: t('inspection.objectCount'),
      dataIndex: 'objects',
      align: 'right',
      render: (_: unknown, row) => formatCount(row.objects),
    },
    ...createdColumns<InspectionDrawSummary>(t),
  ]
  return (
    <Table<InspectionDrawSummary>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={data?.items ?? []}
      pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
      locale={{ emptyText: t('inspection.noDraws') }}
      data-testid="draws-table"
    />
  )
}

/** The object register, filtered by type and credit, sortable by risk, searchable. */
function ObjectsTab() {
  const t = useT()
  const { data, loading } = useLoader(listInspectionObjects, [])
  const [keyword, setKeyword] = useState('')
  const word = keyword.trim()
  const items = (data?.items ?? []).filter(
    (o) => word === '' || o.code.includes(word) || o.name.includes(word)
  )
  const columns: TableColumnsType<InspectionObject> = [
    { title: t('inspection.code'), dataIndex: 'code', width: 140 },
    { title: t('inspection.name'), dataIndex: 'name' },
    {
      title: t('inspection.type'),
      dataIndex: 'type',
      width: 140,
      filters: INSTITUTION_TYPES.map((type) => ({
        text: t(`institutionType.${type}`),
        value: type,
      })),
      onFilter: (value, row) => row.type === value,
      render: (_: unknown, row) => <InstitutionTypeTag type={row.type} />,
    },
    {
      title: t('inspection.level'),
      dataIndex: 'level',
      width: 90,
      render: (_: unknown, row) => codeName(t, 'inspection.level', row.level),
    },
    { title: t('inspection.admdvs'), dataIndex: 'admdvs', width: 100 },
    {
      title: t('inspection.credit'),
      dataIndex: 'credit',
      width: 110,
      filters: [
        ...CREDIT_LEVELS.map((level) => ({ text: level, value: level })),
        { text: t('inspection.unrated'), value: '' },
      ],
      onFilter: (value, row) => (row.credit ?? '') === value,
      render: (_: unknown, row) => <CreditTag credit={row.credit} />,
    },
    {
      title: t('inspection.risk'),
      dataIndex: 'risk',
      align: 'right',
      width: 110,
      sorter: (a, b) => a.risk - b.risk,
      defaultSortOrder: 'descend',
      render: (_: unknown, row) => <span data-risk={row.risk}>{formatPercent(row.risk)}</span>,
    },
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Input.Search
        allowClear
        placeholder={t('inspection.searchObjects')}
        style={{ width: 320 }}
        onSearch={setKeyword}
        onChange={(e) => e.target.value === '' && setKeyword('')}
      />
      <Table<InspectionObject>
        rowKey="code"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        data-testid="objects-table"
      />
    </Space>
  )
}

/** The inspector register: certificates (those without are never drawn) and conflicts. */
function InspectorsTab({ items, loading }: { items: Inspector[]; loading: boolean }) {
  const t = useT()
  const columns: TableColumnsType<Inspector> = [
    { title: t('inspection.inspectorId'), dataIndex: 'id', width: 100 },
    { title: t('inspection.inspectorName'), dataIndex: 'name', width: 110 },
    {
      title: t('inspection.certificate'),
      dataIndex: 'certificate',
      width: 200,
      render: (_: unknown, row) =>
        row.certificate ?? (
          <Tooltip title={t('inspection.noCertificateHint')}>
            <Tag color="red">{t('inspection.noCertificate')}</Tag>
          </Tooltip>
        ),
    },
    { title: t('inspection.specialty'), dataIndex: 'specialty', width: 90 },
    { title: t('inspection.unit'), dataIndex: 'unit', width: 180 },
    {
      title: t('inspection.conflicts'),
      dataIndex: 'conflicts',
      render: (_: unknown, row) =>
        row.conflicts.length === 0
          ? '—'
          : row.conflicts.map((code) => (
              <Tag key={code} data-conflict={code}>
                {code}
              </Tag>
            )),
    },
  ]
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">{t('inspection.inspectorsIntro')}</Typography.Text>
      <Table<Inspector>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        data-testid="inspectors-table"
      />
    </Space>
  )
}

/** The random inspections page. */
export function InspectionsPage() {
  const t = useT()
  const [search, setSearch] = useSearchParams()
  const asked = search.get('tab')
  const tab: TabKey = TABS.find((key) => key === asked) ?? 'draw'
  const inspectors = useInspectors()
  const [drawCount, setDrawCount] = useState(0)
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('inspection.title')}
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(key) => setSearch({ tab: key }, { replace: true })}
        items={[
          {
            key: 'draw',
            label: t('inspection.tab.draw'),
            children: (
              <DrawTab names={inspectors.names} onDrawn={() => setDrawCount((n) => n + 1)} />
            ),
          },
          {
            key: 'draws',
            label: t('inspection.tab.draws'),
            children: <DrawsTab reloadKey={drawCount} />,
          },
          {
            key: 'results',
            label: <span data-testid="inspection-results-tab">{t('inspection.tab.results')}</span>,
            children: <CoverageTab />,
          },
          {
            key: 'objects',
            label: t('inspection.tab.objects'),
            children: <ObjectsTab />,
          },
          {
            key: 'inspectors',
            label: t('inspection.tab.inspectors'),
            children: <InspectorsTab items={inspectors.items} loading={inspectors.loading} />,
          },
        ]}
      />
    </Space>
  )
}
