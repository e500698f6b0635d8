// SPDX-License-Identifier: Apache-2.0
// A button that takes one step on a record (a report, a clue): at once when the step has no
// fields, else through a form in a modal; the refusal shown under the button or in the modal.
import { useState, type ReactNode } from 'react'
import { Button, Form } from 'antd'
import { showSuccess } from '../feedback'
import { useAttempt } from '../hooks'
import { useT } from '../i18n'
import { FormModal } from './FormModal'
import { IssueList } from './IssueList'

export interface StepModalButtonProps<T, R> {
  label: string
  testId: string
  disabled?: boolean
  primary?: boolean
  danger?: boolean
  /** The modal's fields; none: the step is taken at once. */
  fields?: ReactNode
  /** The request body from the form's values. */
  body?: (values: T) => object
  /** Sends the step with its body, answering the record. */
  send: (body: object) => Promise<R>
  onDone: (answer: R) => void
}

/** A button taking a step, through a form in a modal when the step has fields. */
export function StepModalButton<T extends object, R>({
  label,
  testId,
  disabled = false,
  primary = false,
  danger = false,
  fields,
  body,
  send,
  onDone,
}: StepModalButtonProps<T, R>) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<T>()
  const { busy, error, attempt } = useAttempt()
  const run = (values: T) =>
    attempt(async () => {
      const answer = await send(body ? body(values) : {})
      showSuccess(t('report.stepDone', { step: label }))
      setOpen(false)
      onDone(answer)
    })
  return (
    <>
      <Button
        type={primary ? 'primary' : 'default'}
        danger={danger}
        disabled={disabled}
        loading={busy && fields === undefined}
        onClick={() => (fields === undefined ? void run({} as T) : setOpen(true))}
        data-testid={testId}
      >
        {label}
      </Button>
      {fields === undefined && error !== undefined && !busy && (
        <div style={{ marginTop: 8 }}>
          <IssueList error={error} testId={`${testId}-issues`} />
        </div>
      )}
      {fields !== undefined && (
        <FormModal<T>
          open={open}
          title={label}
          okText={label}
          busy={busy}
          form={form}
          onSubmit={(values) => void run(values)}
          onClose={() => setOpen(false)}
        >
          {fields}
          {open && error !== undefined && <IssueList error={error} testId={`${testId}-issues`} />}
        </FormModal>
      )}
    </>
  )
}
