// SPDX-License-Identifier: Apache-2.0
// Console users (admin): the list, a form to add one, disabling (停用) and enabling (启用) them and
// giving one a new password. An institution user needs the code of its designated institution
// (定点医药机构). An admin cannot disable themselves; their own password is changed from the
// header (修改密码), not here.
import { useState } from 'react'
import { KeyOutlined, StopOutlined, UnlockOutlined, UserAddOutlined } from '@ant-design/icons'
import { Button, Card, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd'
import type { TableColumnsType } from 'antd'
import {
  ROLES,
  createUser,
  disableUser,
  enableUser,
  listUsers,
  resetUserPassword,
  type NewUser,
  type Role,
  type UserRecord,
} from '../../api'
import { useUser } from '../../auth'
import { MIN_PASSWORD_LENGTH, NewPasswordFields } from '../../components/ChangePasswordModal'
import { RoleTag } from '../../components/Tags'
import { showError, showFieldErrors, showSuccess } from '../../feedback'
import { formatDateTime, orDash } from '../../format'
import { useLoader } from '../../hooks'
import { useT } from '../../i18n'
import { FormModal } from '../../components/FormModal'

interface UserValues {
  username: string
  displayName: string
  role: Role
  institutionCode?: string
  password: string
}

interface ResetValues {
  password: string
  confirm: string
}

/** Whether a user may sign in: 启用, or 停用 with the time. */
function UserStatus({ user }: { user: UserRecord }) {
  const t = useT()
  if (!user.disabledAt) return <Tag color="green">{t('users.enabled')}</Tag>
  return (
    <Tooltip title={t('users.disabledAt', { at: formatDateTime(user.disabledAt) })}>
      <Tag color="red">{t('users.disabled')}</Tag>
    </Tooltip>
  )
}

/** The dialog giving a user a new password. */
function ResetPasswordModal({ user, onClose }: { user: UserRecord | null; onClose: () => void }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<ResetValues>()

  const submit = async (values: ResetValues) => {
    if (!user) return
    setBusy(true)
    try {
      await resetUserPassword(user.id, values.password)
      showSuccess(t('users.passwordReset', { username: user.username }))
      onClose()
    } catch (error) {
      showFieldErrors(form, error, ['password'])
    } finally {
      setBusy(false)
    }
  }

  return (
    <FormModal<ResetValues>
      open={user !== null}
      title={t('users.resetPasswordTitle', { username: user?.username ?? '' })}
      okText={t('common.save')}
      busy={busy}
      form={form}
      onSubmit={(values) => void submit(values)}
      onClose={onClose}
      notice={{ type: 'warning', message: t('users.resetPasswordNote') }}
    >
      <NewPasswordFields />
    </FormModal>
  )
}

/** The users page. */
export function UsersPage() {
  const t = useT()
  const me = useUser()
  const { data, loading, reload } = useLoader(listUsers, [])
  const [open, setOpen] = useState(false)
  const [busy, setBusy] = useState(false)
  const [acting, setActing] = useState<string | null>(null)
  const [resetting, setResetting] = useState<UserRecord | null>(null)
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
      showFieldErrors(form, error, [
        'username',
        'displayName',
        'role',
        'institutionCode',
        'password',
      ])
    } finally {
      setBusy(false)
    }
  }

  const setDisabled = async (user: UserRecord, disabled: boolean) => {
    setActing(user.id)
    try {
      await (disabled ? disableUser(user.id) : enableUser(user.id))
      showSuccess(
        t(disabled ? 'users.disabledDone' : 'users.enabledDone', { username: user.username })
      )
      reload()
    } catch (error) {
      showError(error)
    } finally {
      setActing(null)
    }
  }

  const actions = (row: UserRecord) => {
    const self = row.id === me.id
    return (
      <Space size="small">
        {row.disabledAt ? (
          <Button
            size="small"
            icon={<UnlockOutlined />}
            loading={acting === row.id}
            data-testid={`user-enable-${row.username}`}
            onClick={() => void setDisabled(row, false)}
          >
            {t('users.enable')}
          </Button>
        ) : self ? (
          <Tooltip title={t('users.cannotDisableSelf')}>
            <Button size="small" danger icon={<StopOutlined />} disabled>
              {t('users.disable')}
            </Button>
          </Tooltip>
        ) : (
          <Popconfirm
            title={t('users.disableConfirm', { username: row.username })}
            okText={t('users.disable')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => setDisabled(row, true)}
          >
            <Button
              size="small"
              danger
              icon={<StopOutlined />}
              loading={acting === row.id}
              data-testid={`user-disable-${row.username}`}
            >
              {t('users.disable')}
            </Button>
          </Popconfirm>
        )}
        <Tooltip title={self ? t('users.resetSelfHint') : undefined}>
          <Button
            size="small"
            icon={<KeyOutlined />}
            disabled={self}
            data-testid={`user-reset-${row.username}`}
            onClick={() => setResetting(row)}
          >
            {t('users.resetPassword')}
          </Button>
        </Tooltip>
      </Space>
    )
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
    {
      title: t('users.status'),
      key: 'status',
      width: 90,
      render: (_: unknown, row) => <UserStatus user={row} />,
    },
    { title: '', key: 'actions', width: 210, render: (_: unknown, row) => actions(row) },
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
      <FormModal<UserValues>
        open={open}
        title={t('users.add')}
        okText={t('common.create')}
        busy={busy}
        form={form}
        onSubmit={(values) => void submit(values)}
        onClose={() => setOpen(false)}
      >
        <Form.Item
          name="username"
          label={t('users.username')}
          rules={[
            { required: true, whitespace: true, message: t('users.usernameRequired') },
            { pattern: /^[A-Za-z0-9_.@-]{2,64}$/, message: t('users.usernamePattern') },
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
            rules={[{ required: true, whitespace: true, message: t('users.institutionRequired') }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="password"
          label={t('users.password')}
          rules={[
            { required: true, message: t('users.passwordRequired') },
            {
              min: MIN_PASSWORD_LENGTH,
              message: t('password.length', { min: MIN_PASSWORD_LENGTH }),
            },
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </FormModal>
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </Card>
  )
}
