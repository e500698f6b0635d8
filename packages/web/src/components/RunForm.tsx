// SPDX-License-Identifier: Apache-2.0
// A form that starts something (a payment run, a clearing, a draw): its fields on one line (or
// labelled above, in rows), the primary button, and below them the issues of a refused start,
// each with its path.
import type { ReactNode } from 'react'
import { Button, Form } from 'antd'
import type { FormInstance } from 'antd'
import { IssueList } from './IssueList'

interface RunFormProps<T> {
  form: FormInstance<T>
  onRun: (values: T) => void
  /** The button's text and icon. */
  label: string
  icon?: ReactNode
  busy: boolean
  disabled?: boolean
  /** The refusal of the last start, if any. */
  error: unknown
  /** The button's test id; the issues' is `<testId>-issues`. */
  testId: string
  /** `inline` (default): fields and button on one line; `vertical`: labels above, button below. */
  layout?: 'inline' | 'vertical'
  /** The fields shown but not editable, and no button (for a user who may not start it). */
  readOnly?: boolean
  initialValues?: Partial<T>
  children: ReactNode
}

/** A form with a primary submit button and the issues of a refused start. */
export function RunForm<T>({
  form,
  onRun,
  label,
  icon,
  busy,
  disabled = false,
  error,
  testId,
  layout = 'inline',
  readOnly = false,
  initialValues,
  children,
}: RunFormProps<T>) {
  return (
    <>
      <Form<T>
        form={form}
        layout={layout}
        onFinish={onRun}
        disabled={readOnly}
        initialValues={initialValues}
      >
        {children}
        {!readOnly && (
          <Form.Item style={layout === 'vertical' ? { marginBottom: 0 } : undefined}>
            <Button
              type="primary"
              htmlType="submit"
              icon={icon}
              loading={busy}
              disabled={disabled}
              data-testid={testId}
            >
              {label}
            </Button>
          </Form.Item>
        )}
      </Form>
      {error !== undefined && (
        <div style={{ marginTop: 16 }}>
          <IssueList error={error} testId={`${testId}-issues`} />
        </div>
      )}
    </>
  )
}
