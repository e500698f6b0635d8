// SPDX-License-Identifier: Apache-2.0
// The review policy (复审参数) of each 统筹区: appeal and review periods in working days, what
// silence leads to per severity, the four-eyes amount, the default sample rate and the working
// calendar. The `*` row is the bureau-wide default; a region keeps its own values and follows the
// `*` row in the rest. Admins edit a row in a drawer, field by field, and can give a field back
// (恢复默认, sent as null); the other bureau roles that may read it see the table only.
import { useState, type ReactNode } from 'react'
import { EditOutlined } from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Col,
  Drawer,
  Form,
  InputNumber,
  Popover,
  Row,
  Select,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd'
import type { TableColumnsType } from 'antd'
import {
  SEVERITIES,
  listReviewPolicies,
  saveReviewPolicy,
  type NoAppealTarget,
  type RegionReviewPolicy,
  type ReviewPolicy,
  type ReviewPolicyChanges,
  type ReviewPolicyField,
  type Severity,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { DateListInput } from '../../components/DateListInput'
import { showFieldErrors, showSuccess } from '../../feedback'
import { fenToYuanText, formatDateTime, formatFen, yuanToFen } from '../../format'
import { useLoader } from '../../hooks'
import { useT, type Translate } from '../../i18n'

const ALL_REGIONS = '*'

const FIELDS: readonly ReviewPolicyField[] = [
  'appealDays',
  'reviewDays',
  'noAppeal',
  'fourEyesAmount',
  'sampleRate',
  'holidays',
  'workdays',
]

const TARGETS: readonly NoAppealTarget[] = ['UPHELD', 'REVIEWING']

/** The policy as the drawer's form holds it: the amount as yuan text, the rate in percent. */
interface PolicyValues {
  appealDays: number | null
  reviewDays: number | null
  noAppeal: Record<Severity, NoAppealTarget>
  fourEyesAmount: string | null
  sampleRate: number | null
  holidays: string[]
  workdays: string[]
}

/** A 0–1 share as percent without float noise: 0.07 → 7. */
function toPercent(rate: number): number {
  return Number((rate * 100).toFixed(4))
}

function toValues(policy: ReviewPolicy): PolicyValues {
  return {
    appealDays: policy.appealDays,
    reviewDays: policy.reviewDays,
    noAppeal: { ...policy.noAppeal },
    fourEyesAmount: fenToYuanText(policy.fourEyesAmount),
    sampleRate: toPercent(policy.sampleRate),
    holidays: [...policy.holidays],
    workdays: [...policy.workdays],
  }
}

/** The policy the form's values stand for; the form's rules have checked them. */
function fromValues(values: PolicyValues): ReviewPolicy {
  return {
    appealDays: values.appealDays ?? 0,
    reviewDays: values.reviewDays ?? 0,
    noAppeal: values.noAppeal,
    fourEyesAmount: yuanToFen(values.fourEyesAmount) ?? -1,
    sampleRate: Number(((values.sampleRate ?? 0) / 100).toFixed(6)),
    holidays: values.holidays,
    workdays: values.workdays,
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * What to send: each changed field, only the severities of `noAppeal` that changed (the server
 * merges them), and null for each own field given back.
 */
function changesOf(
  next: ReviewPolicy,
  row: RegionReviewPolicy,
  reset: ReadonlySet<ReviewPolicyField>
): ReviewPolicyChanges {
  const changes: Record<string, unknown> = {}
  for (const field of FIELDS) {
    if (reset.has(field)) {
      if (row.own[field] !== undefined) changes[field] = null
    } else if (field === 'noAppeal') {
      const changed = SEVERITIES.filter((s) => next.noAppeal[s] !== row.effective.noAppeal[s])
      if (changed.length > 0) {
        changes.noAppeal = Object.fromEntries(changed.map((s) => [s, next.noAppeal[s]]))
      }
    } else if (!same(next[field], row.effective[field])) {
      changes[field] = next[field]
    }
  }
  return changes as ReviewPolicyChanges
}

function percentText(rate: number): string {
  return `${toPercent(rate)}%`
}

/** A field's value as text, for the table and the drawer's hints. */
function fieldText(field: ReviewPolicyField, policy: ReviewPolicy, t: Translate): string {
  switch (field) {
    case 'appealDays':
    case 'reviewDays':
      return t('reviewPolicy.workingDays', { days: policy[field] })
    case 'noAppeal':
      return SEVERITIES.map((s) =>
        t('reviewPolicy.severityTarget', {
          severity: t(`severity.${s}`),
          target: t(`reviewPolicy.target.${policy.noAppeal[s]}`),
        })
      ).join(t('reviewPolicy.listSeparator'))
    case 'fourEyesAmount':
      return formatFen(policy.fourEyesAmount)
    case 'sampleRate':
      return percentText(policy.sampleRate)
    case 'holidays':
    case 'workdays':
      return policy[field].length === 0
        ? t('reviewPolicy.noDates')
        : t('reviewPolicy.dates', { count: policy[field].length })
  }
}

/** A value in the table: the row's own (blue tag) or followed from the row above (grey). */
function Marked({
  own,
  inherit,
  children,
}: {
  own: boolean
  inherit: string
  children: ReactNode
}) {
  const t = useT()
  return own ? (
    <Tooltip title={t('reviewPolicy.ownHint')}>
      <Tag color="blue" bordered={false} style={{ marginInlineEnd: 0 }} data-own="true">
        {children}
      </Tag>
    </Tooltip>
  ) : (
    <Tooltip title={inherit}>
      <Typography.Text type="secondary" data-own="false">
        {children}
      </Typography.Text>
    </Tooltip>
  )
}

function DatesCell({ dates }: { dates: string[] }) {
  const t = useT()
  if (dates.length === 0) return <>{t('reviewPolicy.noDates')}</>
  return (
    <Popover
      content={
        <div style={{ maxWidth: 320, maxHeight: 240, overflow: 'auto' }}>
          {dates.map((d) => (
            <Tag key={d} style={{ marginBottom: 4 }}>
              {d}
            </Tag>
          ))}
        </div>
      }
    >
      <span style={{ cursor: 'default' }}>{t('reviewPolicy.dates', { count: dates.length })}</span>
    </Popover>
  )
}

/**
 * The hint under a field in the drawer: own, changed or followed, with the value above, and the
 * 恢复默认 / undo link.
 */
function FieldHint({
  field,
  own,
  dirty,
  reset,
  base,
  baseName,
  onReset,
  onUndo,
}: {
  field: ReviewPolicyField
  own: boolean
  dirty: boolean
  reset: boolean
  base: ReviewPolicy
  baseName: string
  onReset: () => void
  onUndo: () => void
}) {
  const t = useT()
  const value = fieldText(field, base, t)
  if (reset) {
    return (
      <span>
        {t('reviewPolicy.willReset', { base: baseName, value })}
        <Button type="link" size="small" onClick={onUndo} style={{ paddingInline: 4 }}>
          {t('reviewPolicy.undo')}
        </Button>
      </span>
    )
  }
  if (!own && !dirty) {
    return <span>{t('reviewPolicy.following', { base: baseName, value })}</span>
  }
  return (
    <span>
      <Tag color={dirty ? 'orange' : 'blue'} bordered={false}>
        {t(dirty ? 'reviewPolicy.changed' : 'reviewPolicy.own')}
      </Tag>
      {t('reviewPolicy.baseValue', { base: baseName, value })}
      <Button
        type="link"
        size="small"
        onClick={onReset}
        data-testid={`policy-reset-${field}`}
        style={{ paddingInline: 4 }}
      >
        {t('reviewPolicy.reset')}
      </Button>
    </span>
  )
}

/** The drawer editing one row; `base` is what the row follows (the `*` row or the defaults). */
function PolicyDrawer({
  row,
  base,
  onClose,
  onSaved,
}: {
  row: RegionReviewPolicy
  base: ReviewPolicy
  onClose: () => void
  onSaved: () => void
}) {
  const t = useT()
  const [form] = Form.useForm<PolicyValues>()
  const [reset, setReset] = useState<ReadonlySet<ReviewPolicyField>>(new Set())
  const [busy, setBusy] = useState(false)
  const watched = Form.useWatch((values: PolicyValues) => values, form)
  const current = watched?.noAppeal ? fromValues(watched) : undefined
  const initial = toValues(row.effective)
  const baseName = t(row.admdvs === ALL_REGIONS ? 'reviewPolicy.system' : 'reviewPolicy.bureau')

  const giveBack = (field: ReviewPolicyField) => {
    form.setFieldValue(field, toValues(base)[field])
    form.setFields([{ name: field, errors: [] }])
    setReset((prev) => new Set(prev).add(field))
  }
  const undo = (field: ReviewPolicyField) => {
    form.setFieldValue(field, toValues(row.effective)[field])
    setReset((prev) => {
      const next = new Set(prev)
      next.delete(field)
      return next
    })
  }

  const submit = async (values: PolicyValues) => {
    const changes = changesOf(fromValues(values), row, reset)
    if (Object.keys(changes).length === 0) {
      showSuccess(t('reviewPolicy.noChanges'))
      onClose()
      return
    }
    setBusy(true)
    try {
      await saveReviewPolicy(row.admdvs, changes)
      showSuccess(t('reviewPolicy.saved', { name: row.name }))
      onSaved()
    } catch (error) {
      showFieldErrors(form, error, FIELDS)
    } finally {
      setBusy(false)
    }
  }

  const hint = (field: ReviewPolicyField) => (
    <FieldHint
      field={field}
      own={row.own[field] !== undefined}
      dirty={current !== undefined && !same(current[field], row.effective[field])}
      reset={reset.has(field)}
      base={base}
      baseName={baseName}
      onReset={() => giveBack(field)}
      onUndo={() => undo(field)}
    />
  )

  return (
    <Drawer
      open
      width={640}
      title={t('reviewPolicy.editTitle', { name: row.name, code: row.admdvs })}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            onClick={() => form.submit()}
            data-testid="policy-save"
          >
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        message={t('reviewPolicy.appliesNote')}
        style={{ marginBottom: 16 }}
      />
      <Form<PolicyValues>
        form={form}
        layout="vertical"
        initialValues={initial}
        onValuesChange={(changed: Partial<PolicyValues>) => {
          const touched = Object.keys(changed) as ReviewPolicyField[]
          if (touched.some((field) => reset.has(field))) {
            setReset((prev) => new Set([...prev].filter((f) => !touched.includes(f))))
          }
        }}
        onFinish={(values) => void submit(values)}
      >
        <Row gutter={24}>
          {(['appealDays', 'reviewDays'] as const).map((field) => (
            <Col span={12} key={field}>
              <Form.Item
                name={field}
                label={t(`reviewPolicy.${field}`)}
                tooltip={t(`reviewPolicy.${field}Hint`)}
                extra={hint(field)}
                rules={[{ required: true, message: t('reviewPolicy.daysRequired') }]}
              >
                <InputNumber
                  min={1}
                  max={90}
                  precision={0}
                  suffix={t('reviewPolicy.workingDaysUnit')}
                  style={{ width: '100%' }}
                  data-testid={`policy-${field}`}
                />
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item
          label={t('reviewPolicy.noAppeal')}
          tooltip={t('reviewPolicy.noAppealHint')}
          extra={hint('noAppeal')}
          required
        >
          <Space wrap size={[16, 8]}>
            {SEVERITIES.map((severity) => (
              <Space key={severity} size={6}>
                <span>{t(`severity.${severity}`)}</span>
                <Form.Item name={['noAppeal', severity]} noStyle>
                  <Select
                    style={{ width: 110 }}
                    options={TARGETS.map((target) => ({
                      value: target,
                      label: t(`reviewPolicy.target.${target}`),
                    }))}
                    data-testid={`policy-noAppeal-${severity}`}
                  />
                </Form.Item>
              </Space>
            ))}
          </Space>
        </Form.Item>
        <Row gutter={24}>
          <Col span={12}>
            <Form.Item
              name="fourEyesAmount"
              label={t('reviewPolicy.fourEyesAmount')}
              tooltip={t('reviewPolicy.fourEyesAmountHint')}
              extra={hint('fourEyesAmount')}
              rules={[
                { required: true, message: t('reviewPolicy.amountRequired') },
                {
                  validator: (_, value: string | null) =>
                    value === null || value === undefined || yuanToFen(value) !== null
                      ? Promise.resolve()
                      : Promise.reject(new Error(t('reviewPolicy.amountInvalid'))),
                },
              ]}
            >
              <InputNumber<string>
                stringMode
                min="0"
                precision={2}
                prefix="¥"
                suffix={t('filter.yuan')}
                style={{ width: '100%' }}
                data-testid="policy-fourEyesAmount"
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="sampleRate"
              label={t('reviewPolicy.sampleRate')}
              tooltip={t('reviewPolicy.sampleRateHint')}
              extra={hint('sampleRate')}
              rules={[{ required: true, message: t('reviewPolicy.rateRequired') }]}
            >
              <InputNumber
                min={0.01}
                max={100}
                step={1}
                suffix="%"
                style={{ width: '100%' }}
                data-testid="policy-sampleRate"
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="holidays"
          label={t('reviewPolicy.holidays')}
          tooltip={t('reviewPolicy.holidaysHint')}
          extra={hint('holidays')}
        >
          <DateListInput expect="weekday" testId="policy-holidays" />
        </Form.Item>
        <Form.Item
          name="workdays"
          label={t('reviewPolicy.workdays')}
          tooltip={t('reviewPolicy.workdaysHint')}
          extra={hint('workdays')}
        >
          <DateListInput expect="weekend" testId="policy-workdays" />
        </Form.Item>
      </Form>
    </Drawer>
  )
}

/** The review policy page. */
export function ReviewPolicyPage() {
  const t = useT()
  const user = useUser()
  const mayEdit = can(user, 'reviewPolicy.manage')
  const { data, loading, reload } = useLoader(listReviewPolicies, [])
  const [editing, setEditing] = useState<RegionReviewPolicy | null>(null)

  const bureau = data?.items.find((item) => item.admdvs === ALL_REGIONS)
  const baseOf = (row: RegionReviewPolicy): ReviewPolicy | undefined =>
    row.admdvs === ALL_REGIONS ? data?.defaults : bureau?.effective

  const marked = (field: ReviewPolicyField, render: (row: RegionReviewPolicy) => ReactNode) =>
    function MarkedCell(_: unknown, row: RegionReviewPolicy) {
      return (
        <Marked
          own={row.own[field] !== undefined}
          inherit={t(
            row.admdvs === ALL_REGIONS ? 'reviewPolicy.systemHint' : 'reviewPolicy.bureauHint'
          )}
        >
          {render(row)}
        </Marked>
      )
    }

  const columns: TableColumnsType<RegionReviewPolicy> = [
    {
      title: t('reviewPolicy.region'),
      dataIndex: 'name',
      fixed: 'left',
      width: 200,
      render: (_: unknown, row) => (
        <span>
          {row.name}
          <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>
            {row.admdvs}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('reviewPolicy.appealDays'),
      key: 'appealDays',
      align: 'right',
      render: marked('appealDays', (row) => fieldText('appealDays', row.effective, t)),
    },
    {
      title: t('reviewPolicy.reviewDays'),
      key: 'reviewDays',
      align: 'right',
      render: marked('reviewDays', (row) => fieldText('reviewDays', row.effective, t)),
    },
    {
      title: t('reviewPolicy.noAppeal'),
      key: 'noAppeal',
      render: (_: unknown, row) => (
        <Space direction="vertical" size={2}>
          {SEVERITIES.map((s) => (
            <span key={s} style={{ whiteSpace: 'nowrap' }}>
              <Typography.Text style={{ fontSize: 12 }}>
                {t('reviewPolicy.severityLabel', { severity: t(`severity.${s}`) })}
              </Typography.Text>
              <Marked
                own={row.own.noAppeal?.[s] !== undefined}
                inherit={t(
                  row.admdvs === ALL_REGIONS ? 'reviewPolicy.systemHint' : 'reviewPolicy.bureauHint'
                )}
              >
                {t(`reviewPolicy.target.${row.effective.noAppeal[s]}`)}
              </Marked>
            </span>
          ))}
        </Space>
      ),
    },
    {
      title: t('reviewPolicy.fourEyesAmount'),
      key: 'fourEyesAmount',
      align: 'right',
      render: marked('fourEyesAmount', (row) => formatFen(row.effective.fourEyesAmount)),
    },
    {
      title: t('reviewPolicy.sampleRate'),
      key: 'sampleRate',
      align: 'right',
      render: marked('sampleRate', (row) => percentText(row.effective.sampleRate)),
    },
    {
      title: t('reviewPolicy.holidays'),
      key: 'holidays',
      render: marked('holidays', (row) => <DatesCell dates={row.effective.holidays} />),
    },
    {
      title: t('reviewPolicy.workdays'),
      key: 'workdays',
      render: marked('workdays', (row) => <DatesCell dates={row.effective.workdays} />),
    },
    {
      title: t('reviewPolicy.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.updatedAt),
    },
  ]
  if (mayEdit) {
    columns.push({
      title: '',
      key: 'edit',
      fixed: 'right',
      width: 90,
      render: (_: unknown, row) => (
        <Button
          size="small"
          icon={<EditOutlined />}
          data-testid={`policy-edit-${row.admdvs}`}
          onClick={() => setEditing(row)}
        >
          {t('reviewPolicy.edit')}
        </Button>
      ),
    })
  }

  const editingBase = editing ? baseOf(editing) : undefined
  return (
    <Card title={t('reviewPolicy.title')}>
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Text type="secondary">
          {t('reviewPolicy.legend')}
          <Tag color="blue" bordered={false} style={{ marginInline: 6 }}>
            {t('reviewPolicy.own')}
          </Tag>
          {t('reviewPolicy.legendInherited')}
          {!mayEdit && ` ${t('reviewPolicy.readOnly')}`}
        </Typography.Text>
        <Table<RegionReviewPolicy>
          rowKey="admdvs"
          size="middle"
          loading={loading}
          columns={columns}
          dataSource={data?.items ?? []}
          scroll={{ x: 'max-content' }}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
        />
      </Space>
      {editing && editingBase && (
        <PolicyDrawer
          key={editing.admdvs}
          row={editing}
          base={editingBase}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            reload()
          }}
        />
      )}
    </Card>
  )
}
