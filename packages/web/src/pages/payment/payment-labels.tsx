// SPDX-License-Identifier: Apache-2.0
// The payment method, group kind and cost type of statements and cases as coloured tags, the
// ✓ / ✗ of a check, and the columns that name a paid institution, its method and its points.
import { Tag, Typography } from 'antd'
import type { TableColumnsType } from 'antd'
import { Link } from 'react-router'
import type { CostType, GroupKind, PaymentMethod } from '../../api'
import { formatDecimal } from '../../format'
import { useT, type Translate } from '../../i18n'

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

/** What the payee columns show of a row (a statement, a clearing row). */
interface Payee {
  institutionCode: string
  institutionName: string
  method: PaymentMethod
  points: number
}

/**
 * The institution (name over code, linked when `link` gives a path), its payment method and its
 * points, as table columns.
 */
export function payeeColumns<T extends Payee>(
  t: Translate,
  link?: (row: T) => { to: string; testId: string }
): TableColumnsType<T> {
  return [
    {
      title: t('payment.institution'),
      dataIndex: 'institutionName',
      width: 220,
      fixed: 'left',
      render: (_: unknown, row) => {
        const name = (
          <>
            {row.institutionName}
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {row.institutionCode}
            </Typography.Text>
          </>
        )
        const target = link?.(row)
        return target ? (
          <Link to={target.to} data-testid={target.testId}>
            {name}
          </Link>
        ) : (
          <span>{name}</span>
        )
      },
    },
    {
      title: t('payment.method'),
      dataIndex: 'method',
      width: 180,
      render: (_: unknown, row) => <MethodTag method={row.method} />,
    },
    {
      title: t('payment.points'),
      dataIndex: 'points',
      align: 'right',
      width: 115,
      render: (_: unknown, row) => formatDecimal(row.points),
    },
  ]
}
