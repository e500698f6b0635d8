// SPDX-License-Identifier: Apache-2.0
// Benefit policies (待遇政策): every version of every 统筹区 and year, with its state. Anyone who
// may read them opens a version as YAML (amounts in yuan, ratios in percent). Managers import a
// file, start a draft from any version (a copy under a new id), edit a draft as YAML with the
// server's issues listed by path, export YAML or JSON, and activate a draft, which retires the
// version in force for its region and year.
import { useState } from 'react'
import {
  CheckOutlined,
  CopyOutlined,
  DownloadOutlined,
  EditOutlined,
  EyeOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons'
import {
  Alert,
  Button,
  Card,
  Drawer,
  Form,
  Input,
  Popconfirm,
  Space,
  Spin,
  Table,
  Tag,
  Tooltip,
  Typography,
  Upload,
} from 'antd'
import type { TableColumnsType } from 'antd'
import {
  activatePolicy,
  getPolicy,
  getPolicyText,
  importPolicy,
  listPolicies,
  policyExportUrl,
  savePolicyDocument,
  type PolicyStatus,
  type PolicySummary,
} from '../../api'
import { can } from '../../access'
import { useUser } from '../../auth'
import { FormModal } from '../../components/FormModal'
import { IssueList } from '../../components/IssueList'
import { showError, showFieldErrors, showSuccess } from '../../feedback'
import { formatDateTime, orDash } from '../../format'
import { useLoader } from '../../hooks'
import { useT } from '../../i18n'

const STATUS_COLORS: Record<PolicyStatus, string> = {
  DRAFT: 'orange',
  ACTIVE: 'green',
  RETIRED: 'default',
}

/** A monospace text area for policy files. */
export const MONOSPACE = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
}

/** A version's state as a coloured tag. */
export function PolicyStatusTag({ status }: { status: PolicyStatus }) {
  const t = useT()
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`policies.status.${status}`)}
    </Tag>
  )
}

/** What the drawer shows: a version read-only, a draft to edit, or a new text. */
type Editing =
  | { mode: 'view'; id: string }
  | { mode: 'edit'; id: string }
  | { mode: 'new'; text: string; error?: unknown }

/** The YAML of a version, read-only or editable; saving sends the text as a draft. */
function PolicyDrawer({
  editing,
  manager,
  onClose,
  onSaved,
}: {
  editing: Editing
  manager: boolean
  onClose: () => void
  onSaved: (id: string) => void
}) {
  const t = useT()
  const id = editing.mode === 'new' ? null : editing.id
  const loaded = useLoader(() => getPolicyText(id ?? ''), [id], { skip: id === null })
  const [text, setText] = useState<string | null>(editing.mode === 'new' ? editing.text : null)
  const [error, setError] = useState<unknown>(editing.mode === 'new' ? editing.error : undefined)
  const [busy, setBusy] = useState(false)
  const readOnly = editing.mode === 'view'
  const value = text ?? loaded.data ?? ''

  const save = async () => {
    setBusy(true)
    try {
      const saved = await importPolicy(value)
      setError(undefined)
      showSuccess(t('policies.saved', { id: saved.id }))
      onSaved(saved.id)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const title =
    editing.mode === 'view'
      ? t('policies.viewTitle', { id: editing.id })
      : editing.mode === 'edit'
        ? t('policies.editTitle', { id: editing.id })
        : t('policies.newTitle')
  return (
    <Drawer
      open
      width={820}
      title={title}
      onClose={onClose}
      destroyOnHidden
      styles={{ body: { display: 'flex', flexDirection: 'column', gap: 12 } }}
      extra={
        <Space>
          {id !== null && (
            <>
              <Button icon={<DownloadOutlined />} href={policyExportUrl(id, 'yaml')}>
                YAML
              </Button>
              <Button icon={<DownloadOutlined />} href={policyExportUrl(id, 'json')}>
                JSON
              </Button>
            </>
          )}
          {!readOnly && manager && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => void save()}
              data-testid="policy-editor-save"
            >
              {t('policies.saveDraft')}
            </Button>
          )}
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        message={t(readOnly ? 'policies.readOnlyNote' : 'policies.editNote')}
      />
      {error !== undefined && <IssueList error={error} testId="policy-issues" />}
      {loaded.loading ? (
        <Spin style={{ display: 'block', marginTop: 40 }} />
      ) : (
        // The text scrolls in its own box, so that the issues above stay in view.
        <Input.TextArea
          value={value}
          readOnly={readOnly}
          onChange={(e) => setText(e.target.value)}
          placeholder={t('policies.textPlaceholder')}
          spellCheck={false}
          style={{ ...MONOSPACE, flex: 1, minHeight: 240, resize: 'none' }}
          data-testid="policy-editor"
        />
      )}
    </Drawer>
  )
}

interface CopyValues {
  id: string
  name: string
}

/** A new draft copied from a version under a new id. */
function CopyModal({
  source,
  existing,
  onClose,
  onCopied,
}: {
  source: PolicySummary
  existing: readonly string[]
  onClose: () => void
  onCopied: (id: string) => void
}) {
  const t = useT()
  const [form] = Form.useForm<CopyValues>()
  const [busy, setBusy] = useState(false)
  const submit = async (values: CopyValues) => {
    setBusy(true)
    try {
      const { document } = await getPolicy(source.id)
      const saved = await savePolicyDocument({
        ...document,
        id: values.id.trim(),
        name: values.name.trim(),
      })
      showSuccess(t('policies.copied', { id: saved.id }))
      onCopied(saved.id)
    } catch (error) {
      showFieldErrors(form, error, ['id', 'name'])
    } finally {
      setBusy(false)
    }
  }
  return (
    <FormModal<CopyValues>
      open
      title={t('policies.copyTitle', { id: source.id })}
      okText={t('policies.copy')}
      busy={busy}
      form={form}
      onSubmit={(values) => void submit(values)}
      onClose={onClose}
      notice={{ type: 'info', message: t('policies.copyNote') }}
    >
      <Form.Item
        name="id"
        label={t('policies.id')}
        initialValue={`${source.id}-draft`}
        rules={[
          { required: true, message: t('policies.idRequired') },
          { pattern: /^[\w*.-]{1,64}$/, message: t('policies.idInvalid') },
          {
            validator: (_, value: string | undefined) =>
              value !== undefined && existing.includes(value.trim())
                ? Promise.reject(new Error(t('policies.idTaken')))
                : Promise.resolve(),
          },
        ]}
      >
        <Input data-testid="policy-copy-id" />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('policies.name')}
        initialValue={`${source.name}${t('policies.draftSuffix')}`}
        rules={[{ required: true, whitespace: true, message: t('policies.nameRequired') }]}
      >
        <Input data-testid="policy-copy-name" />
      </Form.Item>
    </FormModal>
  )
}

/** The policies page. */
export function PoliciesPage() {
  const t = useT()
  const user = useUser()
  const manager = can(user, 'policies.manage')
  const { data, loading, reload } = useLoader(listPolicies, [])
  const [editing, setEditing] = useState<Editing | null>(null)
  const [copying, setCopying] = useState<PolicySummary | null>(null)
  const [acting, setActing] = useState<string | null>(null)
  const [importing, setImporting] = useState(false)
  const items = data?.items ?? []

  const activate = async (row: PolicySummary) => {
    setActing(row.id)
    try {
      await activatePolicy(row.id)
      showSuccess(t('policies.activated', { id: row.id }))
      reload()
    } catch (error) {
      showError(error)
    } finally {
      setActing(null)
    }
  }

  const importFile = async (file: File) => {
    setImporting(true)
    let text = ''
    try {
      text = await file.text()
      const saved = await importPolicy(text)
      showSuccess(t('policies.imported', { id: saved.id, name: saved.name }))
      reload()
    } catch (error) {
      // Open the text in the editor with the issues, to be corrected there.
      setEditing({ mode: 'new', text, error })
    } finally {
      setImporting(false)
    }
  }

  const columns: TableColumnsType<PolicySummary> = [
    {
      title: t('policies.id'),
      dataIndex: 'id',
      width: 200,
      render: (_: unknown, row) => <Typography.Text code>{row.id}</Typography.Text>,
    },
    { title: t('policies.name'), dataIndex: 'name', width: 280, ellipsis: true },
    {
      title: t('policies.admdvs'),
      dataIndex: 'admdvs',
      width: 120,
      render: (_: unknown, row) => (row.admdvs === '*' ? t('policies.allRegions') : row.admdvs),
    },
    { title: t('policies.year'), dataIndex: 'year', width: 80 },
    {
      title: t('policies.statusTitle'),
      dataIndex: 'status',
      width: 90,
      render: (_: unknown, row) => <PolicyStatusTag status={row.status} />,
    },
    {
      title: t('policies.period'),
      key: 'period',
      width: 210,
      render: (_: unknown, row) => `${row.effectiveFrom} ~ ${orDash(row.effectiveTo)}`,
    },
    {
      title: t('policies.activatedBy'),
      key: 'activated',
      width: 200,
      render: (_: unknown, row) =>
        row.activatedAt === null ? (
          '—'
        ) : (
          <span>
            {row.activatedBy}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {formatDateTime(row.activatedAt)}
            </Typography.Text>
          </span>
        ),
    },
    {
      title: t('policies.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.updatedAt),
    },
    {
      title: t('policies.actions'),
      key: 'actions',
      fixed: 'right',
      width: manager ? 230 : 150,
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          <Tooltip title={t('policies.view')}>
            <Button
              size="small"
              icon={<EyeOutlined />}
              aria-label={t('policies.view')}
              onClick={() => setEditing({ mode: 'view', id: row.id })}
              data-testid={`policy-view-${row.id}`}
            />
          </Tooltip>
          {manager && row.status === 'DRAFT' && (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing({ mode: 'edit', id: row.id })}
              data-testid={`policy-edit-${row.id}`}
            >
              {t('policies.edit')}
            </Button>
          )}
          {manager && (
            <Tooltip title={t('policies.newDraft')}>
              <Button
                size="small"
                icon={<CopyOutlined />}
                aria-label={t('policies.newDraft')}
                onClick={() => setCopying(row)}
                data-testid={`policy-copy-${row.id}`}
              />
            </Tooltip>
          )}
          {manager && row.status === 'DRAFT' && (
            <Popconfirm
              title={t('policies.activateConfirm', { id: row.id })}
              description={t('policies.activateNote', {
                admdvs: row.admdvs === '*' ? t('policies.allRegions') : row.admdvs,
                year: row.year,
              })}
              okText={t('policies.activate')}
              cancelText={t('common.cancel')}
              okButtonProps={{ 'data-testid': 'policy-activate-confirm' }}
              onConfirm={() => activate(row)}
            >
              <Button
                size="small"
                type="primary"
                ghost
                icon={<CheckOutlined />}
                loading={acting === row.id}
                data-testid={`policy-activate-${row.id}`}
              >
                {t('policies.activate')}
              </Button>
            </Popconfirm>
          )}
          {!manager && (
            <Button
              size="small"
              type="link"
              icon={<DownloadOutlined />}
              href={policyExportUrl(row.id, 'yaml')}
            >
              YAML
            </Button>
          )}
        </Space>
      ),
    },
  ]

  return (
    <Card
      title={t('policies.title')}
      extra={
        manager && (
          <Space>
            <Upload
              accept=".yaml,.yml,.json,.txt"
              showUploadList={false}
              beforeUpload={(file) => {
                void importFile(file)
                return false
              }}
            >
              <Button icon={<UploadOutlined />} loading={importing} data-testid="policy-import">
                {t('policies.import')}
              </Button>
            </Upload>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setEditing({ mode: 'new', text: '' })}
              data-testid="policy-new"
            >
              {t('policies.paste')}
            </Button>
          </Space>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t(manager ? 'policies.intro' : 'policies.introReader')}
        </Typography.Paragraph>
        <Table<PolicySummary>
          rowKey="id"
          size="middle"
          loading={loading && !data}
          columns={columns}
          dataSource={items}
          scroll={{ x: manager ? 1590 : 1510 }}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
          data-testid="policies-table"
        />
      </Space>
      {editing && (
        <PolicyDrawer
          key={editing.mode === 'new' ? 'new' : `${editing.mode}-${editing.id}`}
          editing={editing}
          manager={manager}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null)
            reload()
          }}
        />
      )}
      {copying && (
        <CopyModal
          source={copying}
          existing={items.map((p) => p.id)}
          onClose={() => setCopying(null)}
          onCopied={(id) => {
            setCopying(null)
            reload()
            setEditing({ mode: 'edit', id })
          }}
        />
      )}
    </Card>
  )
}
