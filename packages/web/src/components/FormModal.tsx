// SPDX-License-Identifier: Apache-2.0
// The one modal with a form: OK submits the form, the form is rebuilt on every opening, and an
// optional notice sits above the fields.
import type { ReactNode } from 'react'
import { Alert, Form, Modal } from 'antd'
import type { FormInstance } from 'antd'
import { useT } from '../i18n'

interface FormModalProps<T> {
  open: boolean
  title: string
  okText: string
  busy: boolean
  form: FormInstance<T>
  onSubmit: (values: T) => void
  onClose: () => void
  /** A notice above the fields. */
  notice?: { type: 'info' | 'warning'; message: string }
  children: ReactNode
}

/** A modal holding one vertical form. */
export function FormModal<T>({
  open,
  title,
  okText,
  busy,
  form,
  onSubmit,
  onClose,
  notice,
  children,
}: FormModalProps<T>) {
  const t = useT()
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {notice && (
        <Alert type={notice.type} showIcon message={notice.message} style={{ marginBottom: 16 }} />
      )}
      <Form<T> form={form} layout="vertical" preserve={false} onFinish={onSubmit}>
        {children}
      </Form>
    </Modal>
  )
}
