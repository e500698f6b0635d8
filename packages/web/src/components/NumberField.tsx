// SPDX-License-Identifier: Apache-2.0
// A number in a grid of form fields: a column holding a labelled InputNumber as wide as it.
import { Col, Form, InputNumber } from 'antd'
import type { ColProps } from 'antd'

export interface NumberFieldProps {
  name: string | readonly string[]
  label: string
  tooltip?: string
  min?: number
  max?: number
  precision?: number
  suffix?: string
  placeholder?: string
  testId?: string
  /** The column's spans; by default half a row on phones and a quarter from tablets up. */
  col?: ColProps
}

/** A labelled number field in its own grid column. */
export function NumberField({
  name,
  label,
  tooltip,
  testId,
  col = { xs: 12, md: 6 },
  ...input
}: NumberFieldProps) {
  return (
    <Col {...col}>
      <Form.Item name={name as string | string[]} label={label} tooltip={tooltip}>
        <InputNumber {...input} style={{ width: '100%' }} data-testid={testId} />
      </Form.Item>
    </Col>
  )
}
