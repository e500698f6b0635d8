// SPDX-License-Identifier: Apache-2.0
// The payment method, group kind and cost type of statements and cases as coloured tags, and
// the ✓ / ✗ of a check.
import { Tag } from 'antd'
import type { CostType, GroupKind, PaymentMethod } from '../../api'
import { useT } from '../../i18n'

const METHOD_COLORS: Record<PaymentMethod, string> = {
  DIP: 'blue',
  DRG: 'purple',
  FFS: 'default',
  GLOBAL: 'cyan',
}

const KIND_COLORS: Record<GroupKind, string> = {
  CORE: 'green',
  COMPREHENSIVE: 'gold',
  NONE: 'default',
}

const COST_COLORS: Record<CostType, string> = {
  NORMAL: 'default',
  LOW: 'blue',
  HIGH: 'volcano',
  INCOMPLETE: 'orange',
  PER_DIEM: 'cyan',
  UNGROUPED: 'red',
}

/** A payment method (按病种分值付费（DIP）…) as a tag. */
export function MethodTag({ method }: { method: PaymentMethod }) {
  const t = useT()
  return (
    <Tag color={METHOD_COLORS[method] ?? 'default'} data-method={method}>
      {t(`payment.method.${method}`)}
    </Tag>
  )
}

/** A case's group kind (核心病种 / 综合病种 / 未入组) as a tag. */
export function GroupKindTag({ kind }: { kind: GroupKind }) {
  const t = useT()
  return <Tag color={KIND_COLORS[kind] ?? 'default'}>{t(`payment.groupKind.${kind}`)}</Tag>
}

/** A case's cost type (正常 / 低倍率 / 高倍率…) as a tag. */
export function CostTypeTag({ type }: { type: CostType }) {
  const t = useT()
  return <Tag color={COST_COLORS[type] ?? 'default'}>{t(`payment.costType.${type}`)}</Tag>
}

/** ✓ or ✗ for a check. */
export function CheckMark({ ok }: { ok: boolean }) {
  return (
    <span style={{ color: ok ? '#389e0d' : '#cf1322', fontWeight: 600 }} data-check={String(ok)}>
      {ok ? '✓' : '✗'}
    </span>
  )
}
