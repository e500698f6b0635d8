// SPDX-License-Identifier: Apache-2.0
// Versioned documents (待遇政策, 付费方案): every version of every 统筹区 and year, with its state.
// Anyone who may read them opens a version as YAML. Managers import a file, start a draft from
// any version (a copy under a new id), edit a draft as YAML with the server's issues listed by
// path, export YAML or JSON, and activate a draft, which retires the version in force for its
// region and year. One page serves every kind, given its API, permission and texts.
import { useState, type ReactNode } from 'react'
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
import type { Permission, VersionStatus, VersionSummary, VersionsClient } from '../api'
import { can } from '../access'
import { useUser } from '../auth'
import { showError, showFieldErrors, showSuccess } from '../feedback'
import { formatDateTime, orDash } from '../format'
import { useLoader } from '../hooks'
import { useT, type MessageKey } from '../i18n'
import { FormModal } from './FormModal'
import { IssueList } from './IssueList'

const STATUS_COLORS: Record<VersionStatus, string> = {
  DRAFT: 'orange',
  ACTIVE: 'green',
  RETIRED: 'default',
}

/** A monospace text area for document files. */
export const MONOSPACE = {
  fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  fontSize: 13,
}

/** The texts that differ from one kind of document to another. */
export interface VersionsLabels {
  title: MessageKey
  intro: MessageKey
  introReader: MessageKey
  viewTitle: MessageKey
  newTitle: MessageKey
  readOnlyNote: MessageKey
  editNote: MessageKey
  textPlaceholder: MessageKey
  activateNote: MessageKey
}

/** One kind of versioned document: its API, who manages it, its texts and test ids. */
export interface VersionsKind {
  client: VersionsClient
  manage: Permission
  labels: VersionsLabels
  /** The prefix of the test ids (`policy` → `policy-editor`, `policy-view-<id>`…). */
  testId: string
}

/** A version's state as a coloured tag. */
export function VersionStatusTag({ status }: { status: VersionStatus }) {
  const t = useT()
  return (
    <Tag color={STATUS_COLORS[status]} data-status={status}>
      {t(`versions.status.${status}`)}
    </Tag>
  )
}

/** What the drawer shows: a version read-only, a draft to edit, or a new text. */
type Editing =
  | { mode: 'view'; id: string }
  | { mode: 'edit'; id: string }
  | { mode: 'new'; text: string; error?: unknown }

/** The YAML of a version, read-only or editable; saving sends the text as a draft. */
function VersionDrawer({
  kind,
  editing,
  manager,
  onClose,
  onSaved,
}: {
  kind: VersionsKind
  editing: Editing
  manager: boolean
  onClose: () => void
  onSaved: (id: string) => void
}) {
  const t = useT()
  const id = editing.mode === 'new' ? null : editing.id
  const loaded = useLoader(() => kind.client.text(id ?? ''), [id], { skip: id === null })
  const [text, setText] = useState<string | null>(editing.mode === 'new' ? editing.text : null)
  const [error, setError] = useState<unknown>(editing.mode === 'new' ? editing.error : undefined)
  const [busy, setBusy] = useState(false)
  const readOnly = editing.mode === 'view'
  const value = text ?? loaded.data ?? ''

  const save = async () => {
    setBusy(true)
    try {
      const saved = await kind.client.importText(value)
      setError(undefined)
      showSuccess(t('versions.saved', { id: saved.id }))
      onSaved(saved.id)
    } catch (err) {
      setError(err)
    } finally {
      setBusy(false)
    }
  }

  const title =
    editing.mode === 'view'
      ? t(kind.labels.viewTitle, { id: editing.id })
      : editing.mode === 'edit'
        ? t('versions.editTitle', { id: editing.id })
        : t(kind.labels.newTitle)
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
              <Button icon={<DownloadOutlined />} href={kind.client.exportUrl(id, 'yaml')}>
                YAML
              </Button>
              <Button icon={<DownloadOutlined />} href={kind.client.exportUrl(id, 'json')}>
                JSON
              </Button>
            </>
          )}
          {!readOnly && manager && (
            <Button
              type="primary"
              loading={busy}
              onClick={() => void save()}
              data-testid={`${kind.testId}-editor-save`}
            >
              {t('versions.saveDraft')}
            </Button>
          )}
        </Space>
      }
    >
      <Alert
        type="info"
        showIcon
        message={t(readOnly ? kind.labels.readOnlyNote : kind.labels.editNote)}
      />
      {error !== undefined && <IssueList error={error} testId={`${kind.testId}-issues`} />}
      {loaded.loading ? (
        <Spin style={{ display: 'block', marginTop: 40 }} />
      ) : (
        // The text scrolls in its own box, so that the issues above stay in view.
        <Input.TextArea
          value={value}
          readOnly={readOnly}
          onChange={(e) => setText(e.target.value)}
          placeholder={t(kind.labels.textPlaceholder)}
          spellCheck={false}
          style={{ ...MONOSPACE, flex: 1, minHeight: 240, resize: 'none' }}
          data-testid={`${kind.testId}-editor`}
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
  kind,
  source,
  existing,
  onClose,
  onCopied,
}: {
  kind: VersionsKind
  source: VersionSummary
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
      const { document } = await kind.client.get(source.id)
      const saved = await kind.client.save({
        ...document,
        id: values.id.trim(),
        name: values.name.trim(),
      })
      showSuccess(t('versions.copied', { id: saved.id }))
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
      title={t('versions.copyTitle', { id: source.id })}
      okText={t('versions.copy')}
      busy={busy}
      form={form}
      onSubmit={(values) => void submit(values)}
      onClose={onClose}
      notice={{ type: 'info', message: t('versions.copyNote') }}
    >
      <Form.Item
        name="id"
        label={t('versions.id')}
        initialValue={`${source.id}-draft`}
        rules={[
          { required: true, message: t('versions.idRequired') },
          { pattern: /^[\w*.-]{1,64}$/, message: t('versions.idInvalid') },
          {
            validator: (_, value: string | undefined) =>
              value !== undefined && existing.includes(value.trim())
                ? Promise.reject(new Error(t('versions.idTaken')))
                : Promise.resolve(),
          },
        ]}
      >
        <Input data-testid={`${kind.testId}-copy-id`} />
      </Form.Item>
      <Form.Item
        name="name"
        label={t('versions.name')}
        initialValue={`${source.name}${t('versions.draftSuffix')}`}
        rules={[{ required: true, whitespace: true, message: t('versions.nameRequired') }]}
      >
        <Input data-testid={`${kind.testId}-copy-name`} />
      </Form.Item>
    </FormModal>
  )
}

/** What a kind's page may add to the managers' buttons: it sees the versions, can reload the
 * list and open a draft. */
export interface VersionsActions {
  items: readonly VersionSummary[]
  reload: () => void
  edit: (id: string) => void
}

/** The versions page of one kind of document; `extra` adds managers' buttons. */
export function VersionsPage({
  kind,
  extra,
}: {
  kind: VersionsKind
  extra?: (actions: VersionsActions) => ReactNode
}) {
  const t = useT()
  const user = useUser()
  const manager = can(user, kind.manage)
  const { client, labels } = kind
  const { data, loading, reload } = useLoader(() => client.list(), [client])
  const [editing, setEditing] = useState<Editing | null>(null)
  const [copying, setCopying] = useState<VersionSummary | null>(null)
  const [acting, setActing] = useState<string | null>(null)
  const [importing, setImporting] = useState(false)
  const items = data?.items ?? []

  const activate = async (row: VersionSummary) => {
    setActing(row.id)
    try {
      await client.activate(row.id)
      showSuccess(t('versions.activated', { id: row.id }))
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
      const saved = await client.importText(text)
      showSuccess(t('versions.imported', { id: saved.id, name: saved.name }))
      reload()
    } catch (error) {
      // Open the text in the editor with the issues, to be corrected there.
      setEditing({ mode: 'new', text, error })
    } finally {
      setImporting(false)
    }
  }

  const columns: TableColumnsType<VersionSummary> = [
    {
      title: t('versions.id'),
      dataIndex: 'id',
      width: 200,
      render: (_: unknown, row) => <Typography.Text code>{row.id}</Typography.Text>,
    },
    { title: t('versions.name'), dataIndex: 'name', width: 280, ellipsis: true },
    {
      title: t('versions.admdvs'),
      dataIndex: 'admdvs',
      width: 120,
      render: (_: unknown, row) => (row.admdvs === '*' ? t('versions.allRegions') : row.admdvs),
    },
    { title: t('versions.year'), dataIndex: 'year', width: 80 },
    {
      title: t('versions.statusTitle'),
      dataIndex: 'status',
      width: 90,
      render: (_: unknown, row) => <VersionStatusTag status={row.status} />,
    },
    {
      title: t('versions.period'),
      key: 'period',
      width: 210,
      render: (_: unknown, row) => `${row.effectiveFrom} ~ ${orDash(row.effectiveTo)}`,
    },
    {
      title: t('versions.activatedBy'),
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
      title: t('versions.updatedAt'),
      dataIndex: 'updatedAt',
      width: 170,
      render: (_: unknown, row) => formatDateTime(row.updatedAt),
    },
    {
      title: t('versions.actions'),
      key: 'actions',
      fixed: 'right',
      width: manager ? 230 : 150,
      render: (_: unknown, row) => (
        <Space size={4} wrap>
          <Tooltip title={t('versions.view')}>
            <Button
              size="small"
              icon={<EyeOutlined />}
              aria-label={t('versions.view')}
              onClick={() => setEditing({ mode: 'view', id: row.id })}
              data-testid={`${kind.testId}-view-${row.id}`}
            />
          </Tooltip>
          {manager && row.status === 'DRAFT' && (
            <Button
              size="small"
              icon={<EditOutlined />}
              onClick={() => setEditing({ mode: 'edit', id: row.id })}
              data-testid={`${kind.testId}-edit-${row.id}`}
            >
              {t('versions.edit')}
            </Button>
          )}
          {manager && (
            <Tooltip title={t('versions.newDraft')}>
              <Button
                size="small"
                icon={<CopyOutlined />}
                aria-label={t('versions.newDraft')}
                onClick={() => setCopying(row)}
                data-testid={`${kind.testId}-copy-${row.id}`}
              />
            </Tooltip>
          )}
          {manager && row.status === 'DRAFT' && (
            <Popconfirm
              title={t('versions.activateConfirm', { id: row.id })}
              description={t(labels.activateNote, {
                admdvs: row.admdvs === '*' ? t('versions.allRegions') : row.admdvs,
                year: row.year,
              })}
              okText={t('versions.activate')}
              cancelText={t('common.cancel')}
              okButtonProps={{ 'data-testid': `${kind.testId}-activate-confirm` }}
              onConfirm={() => activate(row)}
            >
              <Button
                size="small"
                type="primary"
                ghost
                icon={<CheckOutlined />}
                loading={acting === row.id}
                data-testid={`${kind.testId}-activate-${row.id}`}
              >
                {t('versions.activate')}
              </Button>
            </Popconfirm>
          )}
          {!manager && (
            <Button
              size="small"
              type="link"
              icon={<DownloadOutlined />}
              href={client.exportUrl(row.id, 'yaml')}
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
      title={t(labels.title)}
      extra={
        manager && (
          <Space>
            {extra?.({ items, reload, edit: (id) => setEditing({ mode: 'edit', id }) })}
            <Upload
              accept=".yaml,.yml,.json,.txt"
              showUploadList={false}
              beforeUpload={(file) => {
                void importFile(file)
                return false
              }}
            >
              <Button
                icon={<UploadOutlined />}
                loading={importing}
                data-testid={`${kind.testId}-import`}
              >
                {t('versions.import')}
              </Button>
            </Upload>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setEditing({ mode: 'new', text: '' })}
              data-testid={`${kind.testId}-new`}
            >
              {t('versions.paste')}
            </Button>
          </Space>
        )
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t(manager ? labels.intro : labels.introReader)}
        </Typography.Paragraph>
        <Table<VersionSummary>
          rowKey="id"
          size="middle"
          loading={loading && !data}
          columns={columns}
          dataSource={items}
          scroll={{ x: manager ? 1590 : 1510 }}
          pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
          data-testid={`${kind.testId}-versions`}
        />
      </Space>
      {editing && (
        <VersionDrawer
          kind={kind}
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
          kind={kind}
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
