// SPDX-License-Identifier: Apache-2.0
// The signed-in user changes their own password (修改密码). The server ends the session, so the
// console signs out and goes to the login page.
import { useState } from 'react'
import { Form, Input } from 'antd'
import { useNavigate } from 'react-router'
import { useAuth } from '../auth'
import { showFieldErrors, showSuccess } from '../feedback'
import { useT } from '../i18n'
import { FormModal } from './FormModal'

/** The shortest password the server takes. */
export const MIN_PASSWORD_LENGTH = 10

interface PasswordValues {
  current: string
  password: string
  confirm: string
}

/** The change-password dialog. */
export function ChangePasswordModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT()
  const navigate = useNavigate()
  const { changePassword } = useAuth()
  const [busy, setBusy] = useState(false)
  const [form] = Form.useForm<PasswordValues>()

  const submit = async (values: PasswordValues) => {
    setBusy(true)
    try {
      await changePassword(values.current, values.password)
      showSuccess(t('password.changed'))
      onClose()
      navigate('/login', { replace: true })
    } catch (error) {
      showFieldErrors(form, error, ['current', 'password'])
    } finally {
      setBusy(false)
    }
  }

  return (
    <FormModal<PasswordValues>
      open={open}
      title={t('password.title')}
      okText={t('password.submit')}
      busy={busy}
      form={form}
      onSubmit={(values) => void submit(values)}
      onClose={onClose}
      notice={{ type: 'info', message: t('password.signOutNote') }}
    >
      <Form.Item
        name="current"
        label={t('password.current')}
        rules={[{ required: true, message: t('password.currentRequired') }]}
      >
        <Input.Password autoComplete="current-password" data-testid="password-current" />
      </Form.Item>
      <NewPasswordFields different />
    </FormModal>
  )
}

/**
 * The new password and its confirmation, as fields `password` and `confirm` of the enclosing
 * form; `different` also refuses the value of its `current` field.
 */
export function NewPasswordFields({ different = false }: { different?: boolean }) {
  const t = useT()
  return (
    <>
      <Form.Item
        name="password"
        label={t('password.new')}
        dependencies={different ? ['current'] : []}
        extra={t('password.hint', { min: MIN_PASSWORD_LENGTH })}
        rules={[
          { required: true, message: t('password.newRequired') },
          { min: MIN_PASSWORD_LENGTH, message: t('password.length', { min: MIN_PASSWORD_LENGTH }) },
          ({ getFieldValue }) => ({
            validator: (_, value: unknown) =>
              different && value && value === getFieldValue('current')
                ? Promise.reject(new Error(t('password.sameAsCurrent')))
                : Promise.resolve(),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-new" />
      </Form.Item>
      <Form.Item
        name="confirm"
        label={t('password.confirm')}
        dependencies={['password']}
        rules={[
          { required: true, message: t('password.confirmRequired') },
          ({ getFieldValue }) => ({
            validator: (_, value: unknown) =>
              !value || value === getFieldValue('password')
                ? Promise.resolve()
                : Promise.reject(new Error(t('password.mismatch'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="password-confirm" />
      </Form.Item>
    </>
  )
}
