// SPDX-License-Identifier: Apache-2.0
// A one-line form that starts something (a payment run, a clearing): its fields, the primary
// button, and below them the issues of a refused start, each with its path.
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
  children: ReactNode
}

/** An inline form with a primary submit button and the issues of a refused start. */
export function RunForm<T>({
  form,
  onRun,
  label,
  icon,
  busy,
  disabled = false,
  error,
  testId,
  children,
}: RunFormProps<T>) {
  return (
    <>
      <Form<T> form={form} layout="inline" onFinish={onRun}>
        {children}
        <Form.Item>
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
      </Form>
      {error !== undefined && (
        <div style={{ marginTop: 16 }}>
          <IssueList error={error} testId={`${testId}-issues`} />
        </div>
      )}
    </>
  )
}
