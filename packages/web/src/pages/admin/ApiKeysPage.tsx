// SPDX-License-Identifier: Apache-2.0
// API keys for the institutions' HIS systems (admin). A new key is shown once and never again.
import { useState } from 'react'
import { DeleteOutlined, KeyOutlined } from '@ant-design/icons'
import { Alert, Button, Card, Form, Input, Modal, Popconfirm, Table, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { createApiKey, deleteApiKey, listApiKeys, type ApiKeyRecord } from '../../api'
import { showError, showSuccess } from '../../feedback'
import { formatDateTime, orDash } from '../../format'
import { useLoader } from '../../hooks'
import { useT } from '../../i18n'
import { FormModal } from '../../components/FormModal'

interface KeyValues {
  name: string
  institutionCode?: string
}

function timeField(row: ApiKeyRecord, field: string): string {
  const value = row[field]
  return typeof value === 'string' ? formatDateTime(value) : '—'
}

/** The API keys page. */
export function ApiKeysPage() {
  const t = useT()
  const { data, loading, reload } = useLoader(listApiKeys, [])
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [issued, setIssued] = useState<string | null>(null)
  const [form] = Form.useForm<KeyValues>()

  const submit = async (values: KeyValues) => {
    setBusy(true)
    try {
      const code = values.institutionCode?.trim()
      const answer = await createApiKey({
        name: values.name.trim(),
        ...(code ? { institutionCode: code } : {}),
      })
      setOpen(false)
      form.resetFields()
      setIssued(answer.key)
      reload()
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  const revoke = async (id: string) => {
    try {
      await deleteApiKey(id)
      showSuccess(t('apiKeys.revoked'))
      reload()
    } catch (error) {
      showError(error)
    }
  }

  const columns: TableColumnsType<ApiKeyRecord> = [
    { title: t('apiKeys.name'), dataIndex: 'name' },
    { title: t('finding.institutionCode'), dataIndex: 'institutionCode', render: orDash },
    {
      title: t('apiKeys.prefix'),
      key: 'prefix',
      render: (_: unknown, row) => (typeof row.prefix === 'string' ? row.prefix : '—'),
    },
    {
      title: t('common.createdAt'),
      key: 'createdAt',
      render: (_: unknown, row) => timeField(row, 'createdAt'),
    },
    {
      title: t('apiKeys.lastUsedAt'),
      key: 'lastUsedAt',
      render: (_: unknown, row) => timeField(row, 'lastUsedAt'),
    },
    {
      title: '',
      key: 'actions',
      width: 100,
      render: (_: unknown, row) => (
        <Popconfirm
          title={t('apiKeys.revokeConfirm', { name: row.name })}
          okText={t('apiKeys.revoke')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => revoke(row.id)}
        >
          <Button danger size="small" icon={<DeleteOutlined />}>
            {t('apiKeys.revoke')}
          </Button>
        </Popconfirm>
      ),
    },
  ]

  return (
    <Card
      title={t('apiKeys.title')}
      extra={
        <Button type="primary" icon={<KeyOutlined />} onClick={() => setOpen(true)}>
          {t('apiKeys.add')}
        </Button>
      }
    >
      <Table<ApiKeyRecord>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20 }}
      />
      <FormModal<KeyValues>
        open={open}
        title={t('apiKeys.add')}
        okText={t('common.create')}
        busy={busy}
        form={form}
        onSubmit={(values) => void submit(values)}
        onClose={() => setOpen(false)}
      >
        <Form.Item
          name="name"
          label={t('apiKeys.name')}
          rules={[{ required: true, whitespace: true, message: t('apiKeys.nameRequired') }]}
        >
          <Input placeholder={t('apiKeys.namePlaceholder')} />
        </Form.Item>
        <Form.Item
          name="institutionCode"
          label={t('finding.institutionCode')}
          extra={t('apiKeys.institutionHint')}
        >
          <Input />
        </Form.Item>
      </FormModal>
      <Modal
        open={issued !== null}
        title={t('apiKeys.issuedTitle')}
        onCancel={() => setIssued(null)}
        footer={
          <Button type="primary" onClick={() => setIssued(null)}>
            {t('apiKeys.issuedDone')}
          </Button>
        }
        maskClosable={false}
      >
        <Alert
          type="warning"
          showIcon
          message={t('apiKeys.issuedWarning')}
          style={{ marginBottom: 12 }}
        />
        <Typography.Paragraph copyable code data-testid="api-key-value">
          {issued}
        </Typography.Paragraph>
      </Modal>
    </Card>
  )
}
