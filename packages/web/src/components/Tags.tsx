// SPDX-License-Identifier: Apache-2.0
import { Tag } from 'antd'
import type { FindingState, Role, Severity } from '../api'
import { useT } from '../i18n'

const STATE_COLORS: Record<FindingState, string> = {
  GENERATED: 'default',
  DISPATCHED: 'processing',
  APPEALED: 'orange',
  REVIEWING: 'gold',
  PENDING_APPROVAL: 'purple',
  UPHELD: 'red',
  DISMISSED: 'green',
  DEDUCTED: 'magenta',
}

const SEVERITY_COLORS: Record<Severity, string> = {
  CLEAR: 'red',
  HIGH_SUSPECT: 'volcano',
  SUSPECT: 'gold',
  INFO: 'blue',
}

/** The state of a finding as a coloured tag. */
export function StateTag({ state }: { state: FindingState }) {
  const t = useT()
  return <Tag color={STATE_COLORS[state] ?? 'default'}>{t(`state.${state}`)}</Tag>
}

/** The severity of a finding as a coloured tag. */
export function SeverityTag({ severity }: { severity: Severity }) {
  const t = useT()
  return <Tag color={SEVERITY_COLORS[severity] ?? 'default'}>{t(`severity.${severity}`)}</Tag>
}

/** A role's name. */
export function RoleTag({ role }: { role: Role }) {
  const t = useT()
  return <Tag color={role === 'institution' ? 'cyan' : 'geekblue'}>{t(`role.${role}`)}</Tag>
}
