// SPDX-License-Identifier: Apache-2.0
// The form items most step forms need: a date typed as `YYYY-MM-DD` and a required text.
import { Form, Input } from 'antd'
import { useT, type Translate } from '../i18n'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** The rules of a required `YYYY-MM-DD` field. */
function dateRules(t: Translate, required = true) {
  return [
    ...(required ? [{ required: true, message: t('form.required') }] : []),
    { pattern: DATE, message: t('form.dateInvalid') },
  ]
}

/** The rule of a required text: blanks alone do not count. */
export function requiredRule(t: Translate) {
  return { required: true, whitespace: true, message: t('form.required') }
}

/** A date field of a form. */
export function DateItem({
  name,
  label,
  testId,
  required = true,
}: {
  name: string
  label: string
  testId: string
  required?: boolean
}) {
  const t = useT()
  return (
    <Form.Item name={name} label={label} rules={dateRules(t, required)}>
      <Input placeholder="YYYY-MM-DD" style={{ width: 130 }} data-testid={testId} />
    </Form.Item>
  )
}

/** A required text field of a form. */
export function TextItem({ name, label, testId }: { name: string; label: string; testId: string }) {
  const t = useT()
  return (
    <Form.Item name={name} label={label} rules={[requiredRule(t)]}>
      <Input style={{ minWidth: 200 }} data-testid={testId} />
    </Form.Item>
  )
}
