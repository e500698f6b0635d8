// SPDX-License-Identifier: Apache-2.0
// Console users (admin): the list and a form to add one. An institution user needs the code of
// its designated institution (定点医药机构).
import { useState } from 'react'
import { UserAddOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Modal, Select, Table } from 'antd'
import type { TableColumnsType } from 'antd'
import { ROLES, createUser, listUsers, type NewUser, type Role, type UserRecord } from '../../api'
import { RoleTag } from '../../components/Tags'
import { showError, showSuccess } from '../../feedback'
import { formatDateTime, orDash } from '../../format'
import { useLoader } from '../../hooks'
import { useT } from '../../i18n'

interface UserValues {
  username: string
  displayName: string
  role: Role
  institutionCode?: string
  password: string
}

/** The users page. */
export function UsersPage() {
  const t = useT()
  const { data, loading, reload } = useLoader(listUsers, [])
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<UserValues>()
  const role = Form.useWatch('role', form)

  const submit = async (values: UserValues) => {
    setBusy(true)
    try {
      const input: NewUser = {
        username: values.username.trim(),
        displayName: values.displayName.trim(),
        role: values.role,
        password: values.password,
        ...(values.role === 'institution' && values.institutionCode
          ? { institutionCode: values.institutionCode.trim() }
          : {}),
      }
      await createUser(input)
      showSuccess(t('users.created', { username: input.username }))
      setOpen(false)
      form.resetFields()
      reload()
    } catch (error) {
      showError(error)
    } finally {
      setBusy(false)
    }
  }

  const columns: TableColumnsType<UserRecord> = [
    { title: t('users.username'), dataIndex: 'username' },
    { title: t('users.displayName'), dataIndex: 'displayName' },
    {
      title: t('users.role'),
      dataIndex: 'role',
      render: (_: unknown, row) => <RoleTag role={row.role} />,
    },
    { title: t('finding.institutionCode'), dataIndex: 'institutionCode', render: orDash },
    {
      title: t('common.createdAt'),
      key: 'createdAt',
      render: (_: unknown, row) =>
        typeof row.createdAt === 'string' ? formatDateTime(row.createdAt) : '—',
    },
  ]

  return (
    <Card
      title={t('users.title')}
      extra={
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setOpen(true)}>
          {t('users.add')}
        </Button>
      }
    >
      <Table<UserRecord>
        rowKey="id"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={{ pageSize: 20, showTotal: (total) => t('table.total', { total }) }}
      />
      <Modal
        open={open}
        title={t('users.add')}
        okText={t('common.create')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Form<UserValues>
          form={form}
          layout="vertical"
          preserve={false}
          onFinish={(values) => void submit(values)}
        >
          <Form.Item
            name="username"
            label={t('users.username')}
            rules={[
              { required: true, whitespace: true, message: t('users.usernameRequired') },
              { pattern: /^[A-Za-z0-9._-]{2,64}$/, message: t('users.usernamePattern') },
            ]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="displayName"
            label={t('users.displayName')}
            rules={[{ required: true, whitespace: true, message: t('users.displayNameRequired') }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="role"
            label={t('users.role')}
            rules={[{ required: true, message: t('users.roleRequired') }]}
          >
            <Select options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))} />
          </Form.Item>
          {role === 'institution' && (
            <Form.Item
              name="institutionCode"
              label={t('finding.institutionCode')}
              rules={[
                { required: true, whitespace: true, message: t('users.institutionRequired') },
              ]}
            >
              <Input />
            </Form.Item>
          )}
          <Form.Item
            name="password"
            label={t('users.password')}
            rules={[
              { required: true, message: t('users.passwordRequired') },
              { min: 8, message: t('users.passwordLength') },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  )
}
