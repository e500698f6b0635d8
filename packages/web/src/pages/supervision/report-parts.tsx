// SPDX-License-Identifier: Apache-2.0
// The parts of the report pages: the state tags of a report and its reward, the names of
// channels, kinds and subject types, and a button that takes one step on a report through a
// form in a modal (its refusal shown in the modal).
import { useState, type ReactNode } from 'react'
import { Button, Form, Tag } from 'antd'
import {
  reportStep,
  type ReportState,
  type ReportStep,
  type ReportView,
  type RewardState,
} from '../../api'
import { FormModal } from '../../components/FormModal'
import { IssueList } from '../../components/IssueList'
import { showSuccess } from '../../feedback'
import { useAttempt } from '../../hooks'
import { useT } from '../../i18n'

const REPORT_COLORS: Record<ReportState, string> = {
  RECEIVED: 'processing',
  ACCEPTED: 'gold',
  REJECTED: 'default',
  FORWARDED: 'cyan',
  VERIFIED: 'red',
  UNFOUNDED: 'green',
  CLOSED: 'purple',
}

const REWARD_COLORS: Record<RewardState, string> = {
  NONE: 'default',
  PROPOSED: 'gold',
  APPROVED: 'blue',
  PAID: 'green',
  WAIVED: 'default',
}

/** A report's state as a coloured tag. */
export function ReportStateTag({ state, testId }: { state: ReportState; testId?: string }) {
  const t = useT()
  return (
    <Tag color={REPORT_COLORS[state] ?? 'default'} data-state={state} data-testid={testId}>
      {t(`report.state.${state}`)}
    </Tag>
  )
}

/** A reward's state as a coloured tag. */
export function RewardStateTag({ state, testId }: { state: RewardState; testId?: string }) {
  const t = useT()
  return (
    <Tag color={REWARD_COLORS[state] ?? 'default'} data-state={state} data-testid={testId}>
      {t(`report.reward.${state}`)}
    </Tag>
  )
}

interface StepButtonProps<T> {
  report: ReportView
  step: ReportStep
  label: string
  testId: string
  disabled?: boolean
  primary?: boolean
  danger?: boolean
  /** The modal's fields; none: the step is taken at once. */
  fields?: ReactNode
  /** The request body from the form's values. */
  body?: (values: T) => object
  onDone: (report: ReportView) => void
}

/** A button taking a step on a report, through a form in a modal when the step has fields. */
export function StepButton<T extends object>({
  report,
  step,
  label,
  testId,
  disabled = false,
  primary = false,
  danger = false,
  fields,
  body,
  onDone,
}: StepButtonProps<T>) {
  const t = useT()
  const [open, setOpen] = useState(false)
  const [form] = Form.useForm<T>()
  const { busy, error, attempt } = useAttempt()
  const run = (values: T) =>
    attempt(async () => {
      const answer = await reportStep(report.id, step, body ? body(values) : {})
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
