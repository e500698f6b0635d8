// SPDX-License-Identifier: Apache-2.0
// The parts of the report pages: the state tags of a report and its reward, the names of
// channels, kinds and subject types, and a button that takes one step on a report through a
// form in a modal (its refusal shown in the modal).
import { Tag } from 'antd'
import {
  reportStep,
  type ReportState,
  type ReportStep,
  type ReportView,
  type RewardState,
} from '../../api'
import { StepModalButton, type StepModalButtonProps } from '../../components/StepModalButton'
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

type StepButtonProps<T> = Omit<StepModalButtonProps<T, ReportView>, 'send'> & {
  report: ReportView
  step: ReportStep
}

/** A button taking a step on a report, through a form in a modal when the step has fields. */
export function StepButton<T extends object>({ report, step, ...props }: StepButtonProps<T>) {
  return (
    <StepModalButton<T, ReportView> {...props} send={(body) => reportStep(report.id, step, body)} />
  )
}
