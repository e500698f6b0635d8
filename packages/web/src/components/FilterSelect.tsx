// SPDX-License-Identifier: Apache-2.0
// A clearable select in a line of list filters, and the options of a select over codes whose
// names are dictionary keys `<prefix>.<code>`.
import { Form, Select } from 'antd'
import type { MessageKey, Translate } from '../i18n'

/** The options of a select over codes named `<prefix>.<code>`. */
export function codeOptions<C extends string>(t: Translate, prefix: string, codes: readonly C[]) {
  return codes.map((value) => ({ value, label: t(`${prefix}.${value}` as MessageKey) }))
}

/** A labelled, clearable select of a filter form. */
export function FilterSelect({
  name,
  label,
  width,
  options,
  testId,
}: {
  name: string
  label: string
  width: number
  options: { value: string; label: string }[]
  testId?: string
}) {
  return (
    <Form.Item name={name} label={label}>
      <Select allowClear style={{ width }} options={options} data-testid={testId} />
    </Form.Item>
  )
}
